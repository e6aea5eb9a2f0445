/**
 * What a run says about check-in rules that left checkin.yaml: a renamed key continues its rule (alias),
 * an adopted rule is only released, a rule the stack created is deleted — in words, before the engine acts.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicies, type PolicyModel } from "../../../src/policy";
import type { CheckinRulePolicy } from "../../../src/policy/model";
import { declareCheckinRules } from "../../../src/program/checkin";
import {
  describeCheckinRulePlan,
  planCheckinRules,
  priorCheckinRules,
} from "../../../src/program/checkin-rule-removals";
import type { StackResource } from "../../../src/pulumi/stack-export";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
let model: PolicyModel;

interface Declared {
  type: string;
  name: string;
  importId?: string;
}
const declared: Declared[] = [];

beforeAll(async () => {
  const result = await loadPolicies(POLICIES);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  model = result.model;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        declared.push({ type: args.type, name: args.name, ...(args.id ? { importId: args.id } : {}) });
        return { id: `${args.name}-id`, state: { ...args.inputs, groupId: 1, adopted: false } };
      },
      call: () => ({}),
    },
    "wecom-policy",
    "test",
    false,
  );
});

const withRules = (rules: Partial<CheckinRulePolicy>[]): PolicyModel => ({
  ...model,
  checkin: { ...model.checkin, rules: rules.map((r) => ({ ...model.checkin.rules[0]!, ...r })) },
});

const resource = (key: string, id: string, outputs: Record<string, unknown>): StackResource => ({
  urn: `urn:pulumi:prod::wecom-policy::wecom:index:CheckinRule::${key}`,
  type: "wecom:index:CheckinRule",
  id,
  inputs: {},
  outputs,
});

describe("check-in rules that leave checkin.yaml", () => {
  const prior = priorCheckinRules([
    resource("old-created", "7", {
      name: "门店打卡",
      members: ["a", "b", "c"],
      departments: [2],
      geofences: [{ title: "店" }],
      wifi: [],
      faceRecognition: true,
      adopted: false,
    }),
    resource("old-adopted", "8", { name: "总部打卡", members: ["a"], wifi: [{ name: "hq" }], adopted: true }),
    resource("kept", "9", { name: "保留", adopted: false, onRemoval: "release" }),
    { ...resource("role", "104", {}), type: "wecom:index:Role" },
  ]);

  it("reads what deleting each would do, as the provider decides it", () => {
    expect(prior.map((p) => [p.key, p.groupId, p.removal])).toEqual([
      ["old-created", "7", "delete"],
      ["old-adopted", "8", "release"],
      ["kept", "9", "release"],
    ]);
  });

  it("says a created rule is DELETED and an adopted one only RELEASED", () => {
    const plan = planCheckinRules(model, prior);
    expect(plan.aliases.size).toBe(0);
    expect(plan.removals.map((r) => r.key)).toEqual(["kept", "old-adopted", "old-created"]);
    const lines = describeCheckinRulePlan(plan);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      "check-in rule old-created was removed from checkin.yaml: WeCom check-in rule 门店打卡 (group_id 7, 3 member(s), 1 department(s), 1 place(s), 0 Wi-Fi, face recognition) will be DELETED (del_checkin_option), and its members then no longer check in under it. To keep the rule, restore it with on_removal: release and run pulumi up before removing it.\n" +
        "  打卡规则 old-created 已从 checkin.yaml 移除：企业微信打卡规则「门店打卡」（group_id 7，3 名成员，1 个部门，1 个打卡地点，0 个 Wi-Fi，人脸识别）将被删除，其成员此后不再按该规则打卡。如需保留，请先恢复该规则并设置 on_removal: release，运行 pulumi up 后再移除。",
    );
    expect(lines[1]).toContain(
      "WeCom check-in rule 总部打卡 (group_id 8, 1 member(s), 0 department(s), 0 place(s), 1 Wi-Fi) is only RELEASED — it stays in WeCom and keeps working, no longer managed by this stack.",
    );
    expect(lines[1]).toContain("仅被释放——规则保留在企业微信中并继续生效");
    expect(lines[1]).not.toContain("DELETED");
  });

  it("continues a rule whose key changed (same group_id, else same name) as a Pulumi alias", async () => {
    const one = prior.filter((p) => p.key === "old-created");
    const renamed = withRules([{ key: "renamed", groupId: 7, name: "新名" }]);
    const byId = planCheckinRules(renamed, one);
    expect([...byId.aliases]).toEqual([["renamed", "old-created"]]);
    expect(byId.removals).toEqual([]);
    expect(describeCheckinRulePlan(byId)).toEqual([
      "check-in rule old-created is now renamed: the same WeCom rule stays managed (Pulumi alias); nothing is deleted or re-created.\n" +
        "  打卡规则 old-created 更名为 renamed：继续管理同一条企业微信打卡规则（Pulumi alias），不删除也不重建。",
    ]);
    const otherId = planCheckinRules(withRules([{ key: "renamed", groupId: 70, name: "门店打卡" }]), one);
    expect(otherId.aliases.size).toBe(0);
    expect(otherId.removals.map((r) => r.key)).toEqual(["old-created"]);
    const { groupId: _id, ...noId } = model.checkin.rules[0]!;
    const byName = planCheckinRules(
      { ...model, checkin: { ...model.checkin, rules: [{ ...noId, key: "renamed", name: "门店打卡" }] } },
      one,
    );
    expect([...byName.aliases]).toEqual([["renamed", "old-created"]]);

    // The alias reaches the resource: declared under the new key, continuing the old one, not imported.
    declared.length = 0;
    const out = declareCheckinRules(renamed, byId.aliases);
    await new Promise((r) => setTimeout(r, 50));
    expect(Object.keys(out)).toEqual(["renamed"]);
    const [d] = declared.filter((x) => x.type === "wecom:index:CheckinRule");
    expect(d).toMatchObject({ name: "renamed" });
    expect(d!.importId).toBeUndefined();
  });
});
