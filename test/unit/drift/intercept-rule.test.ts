/**
 * A chat intercept rule switched to warn-only by hand, as `wecom-policy drift` sees it: the field, the
 * admin from the operation log (oper_type 13, naming the rule), WC.SEC.1 cited, and the live finding's
 * reason attached through the rule's key.
 */
import { describe, expect, it } from "vitest";
import { controlsFor, driftItems, type PreviewJson } from "../../../src/drift/analyse";
import { attribute } from "../../../src/drift/attribution";
import { itemLaw } from "../../../src/drift/law";
import { finding } from "../../../src/rules";
import type { AdminOperLog } from "../../../src/wecom/types";
import { baseModel, NOW } from "../rules/builders";

const DAY = 86_400;
const T = 1_800_000_000;
const URN = "urn:pulumi:sandbox::wecom-policy::wecom:index:InterceptRule::customer-data";
const state = {
  name: "客户与供应商敏感信息",
  ruleId: "ir000002",
  action: "warn",
  semantics: ["phone", "email"],
  adopted: false,
};
const preview: PreviewJson = {
  steps: [
    {
      op: "update",
      urn: URN,
      detailedDiff: { action: { kind: "update" } },
      oldState: { outputs: state },
      newState: { inputs: { ...state, action: "block" } },
    },
  ],
};
const log = (time: number, userId: string, operType: number, detailInfo: string): AdminOperLog => ({
  time,
  userId,
  operType,
  detailInfo,
  ip: "10.8.7.21",
});

describe("drift of an InterceptRule", () => {
  const [item] = driftItems(preview);

  it("names the field with its live and declared values, and cites WC.SEC.1", () => {
    expect(item).toMatchObject({
      type: "InterceptRule",
      name: "customer-data",
      path: "action",
      live: "warn",
    });
    expect(item!.declared).toBe("block");
    expect(controlsFor(item!, state)).toEqual(["WC.SEC.1v1"]);
  });

  it("names the admin whose console entry names the rule, not one who edited another rule", () => {
    const logs = [
      log(T - DAY, "zhoumin", 13, "修改聊天敏感词规则「客户与供应商敏感信息」：拦截方式 = 仅发警告"),
      log(T - DAY + 60, "sunhao", 13, "修改聊天敏感词规则「销售私下交易提醒」：敏感词 = 返点"),
    ];
    const r = attribute(item!, { logs, from: T - 7 * DAY, to: T, lastUpdate: T - 2 * DAY }, state);
    expect(r).toMatchObject({ changedBy: { operator: "zhoumin", operType: 13 } });
  });

  it("carries the live WC.SEC.1 finding's reason, found through the rule key (an alias of the role's finding)", () => {
    const f = finding(
      "WC.SEC.1v1",
      "fail",
      "role:finance-approvers",
      { zh: "规则为仅警告", en: "rule customer-data is warn-only in WeCom, the policy says block" },
      { aliases: ["customer-data"] },
    );
    const law = itemLaw(item!, state, {
      model: baseModel(),
      sources: { locate: () => ({ file: "protection.yaml", line: 1, column: 1, pointer: "" }) },
      now: NOW,
      findings: [f],
    });
    expect(law.controls.map((c) => [c.id, c.reason?.en])).toEqual([
      ["WC.SEC.1v1", "rule customer-data is warn-only in WeCom, the policy says block"],
    ]);
    expect(law.controls[0]!.law.en).toContain("PIPL Art. 51(3)");
  });
});
