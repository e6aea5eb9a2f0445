/**
 * WC.SEC.1, live: the demo policies against a tenant whose chat intercept rules match them, then with the
 * rule switched to warn-only by hand, a member outside every rule, a word dropped, and the rules unread.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicies, type PolicyModel } from "../../../src/policy";
import { checkSec1Live } from "../../../src/rules/controls/sec";
import { declaredContext } from "../../../src/rules/context";
import type { LiveInterceptRule, LiveSnapshot } from "../../../src/rules/live-snapshot";
import { whereEvaluated } from "../../../src/rules";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
const NOW = new Date("2026-11-28T12:00:00+08:00");
let model: PolicyModel;

beforeAll(async () => {
  const result = await loadPolicies(POLICIES);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  model = result.model;
});

const RULE: LiveInterceptRule = {
  ruleId: "rule-1",
  name: "客户与供应商敏感信息",
  words: ["开户行", "身份证号", "银行卡号", "银行账号"],
  semantics: ["phone", "email"],
  action: "block",
  userIds: ["chenjing", "zhangwei", "zhaolei"],
  departmentIds: [],
};

function snapshot(rules: LiveInterceptRule[] | null, extra: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    now: NOW.toISOString(),
    previousCheckAt: null,
    members: [
      { userId: "chenjing", departmentIds: [4] },
      { userId: "zhaolei", departmentIds: [4] },
      { userId: "zhangwei", departmentIds: [2] },
      { userId: "xuli", departmentIds: [5] },
    ],
    departments: [1, 2, 3, 4, 5].map((id) => ({ id, parentId: id === 1 ? 0 : 1 })),
    tags: [],
    apps: [],
    archive: { permitUserIds: null },
    singleAgree: null,
    unassignedCustomers: null,
    adminLog: null,
    logArchive: { lastSyncAt: null, coveredFrom: null, tenantStartedAt: null },
    lastComplianceReportAt: null,
    interceptRules: rules,
    ...extra,
  };
}

const run = (s: LiveSnapshot) => checkSec1Live({ ...declaredContext(model, NOW), snapshot: s });

describe("WC.SEC.1 live", () => {
  it("is evaluated in audit and drift as well as validate and preview", () => {
    expect(whereEvaluated("WC.SEC.1v1")).toEqual(["validate", "preview", "audit", "drift"]);
  });

  it("passes when the live rule blocks phone and e-mail for every member and matches the policy", () => {
    const [f] = run(snapshot([RULE]));
    expect(f).toMatchObject({ status: "pass", target: "role:finance-approvers", aliases: ["customer-data"] });
  });

  it("fails when the rule was switched to warn-only by hand, naming the rule and what the policy says", () => {
    const [f] = run(snapshot([{ ...RULE, action: "warn" }]));
    expect(f!.status).toBe("fail");
    expect(f!.message.en).toBe(
      "Role finance-approvers (live): members chenjing, zhangwei, zhaolei are in no rule that blocks phone numbers and e-mail addresses; rule customer-data (客户与供应商敏感信息) is warn-only in WeCom, the policy says block.",
    );
    expect(f!.message.zh).toContain("在企业微信中为「仅警告」，策略要求拦截");
  });

  it("counts a member covered through a live department (and its sub-departments)", () => {
    const rule = { ...RULE, userIds: ["chenjing", "zhaolei"], departmentIds: [1] };
    expect(run(snapshot([rule]))[0]!.status).toBe("pass");
    const [f] = run(snapshot([{ ...RULE, userIds: ["chenjing", "zhaolei"] }]));
    expect(f!.status).toBe("fail");
    expect(f!.evidence).toMatchObject({ uncovered: ["zhangwei"] });
  });

  it("covers the live tag's members too: someone added to the role by hand and left out of the rule", () => {
    const tags = [
      { tagId: 1, name: "财务审批", userIds: ["chenjing", "zhaolei", "zhangwei", "xuli"], departmentIds: [] },
    ];
    const [f] = run(snapshot([RULE], { tags }));
    expect(f!.status).toBe("fail");
    expect(f!.evidence).toMatchObject({ uncovered: ["xuli"] });
  });

  it("fails when a declared word is missing in WeCom, or the rule is gone", () => {
    expect(run(snapshot([{ ...RULE, words: ["身份证号"] }]))[0]!.message.en).toContain(
      "rule customer-data lacks the words 开户行, 银行卡号, 银行账号 in WeCom",
    );
    expect(run(snapshot([]))[0]!.message.en).toContain(
      "rule customer-data (客户与供应商敏感信息) does not exist in WeCom",
    );
  });

  it("cannot check without the rules, saying why", () => {
    const [f] = run(
      snapshot(null, {
        gaps: {
          interceptRules: {
            zh: "未配置客户联系可调用应用",
            en: "the customer-contact app is not configured",
          },
        },
      }),
    );
    expect(f!.status).toBe("cannot-check");
    expect(f!.message.en).toContain("(the customer-contact app is not configured)");
  });
});
