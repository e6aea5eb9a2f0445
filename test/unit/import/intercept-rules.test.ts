import { describe, expect, it } from "vitest";
import {
  mergeInterceptRules,
  ruleKeyOf,
  todoRulePurpose,
  type LiveInterceptRule,
} from "../../../src/import/intercept-rules";
import type { RoleOut } from "../../../src/import/merge";

const finance: RoleOut = {
  tag_name: "财务审批",
  tag_id: 5,
  purpose: "Approve payments",
  owner: "chenjing",
  members: ["chenjing", "zhangwei", "zhaolei"],
};

const liveRule = (over: Partial<LiveInterceptRule> = {}): LiveInterceptRule => ({
  ruleId: "ir000002",
  name: "客户与供应商敏感信息",
  words: ["银行账号", "身份证号"],
  semantics: ["email", "phone"],
  action: "block",
  userIds: ["chenjing", "zhangwei", "zhaolei", "xuli"],
  departmentIds: [],
  ...over,
});

describe("import: live chat intercept rules into protection.yaml", () => {
  it("keeps the base's key, purpose, on_removal and roles for a rule of the same name, adopting its rule_id", () => {
    const { rules, notes } = mergeInterceptRules(
      [liveRule()],
      {
        "customer-data": {
          name: "客户与供应商敏感信息",
          purpose: "Keep supplier bank accounts in",
          on_removal: "release",
          applies_to: { roles: ["finance-approvers"] },
        },
      },
      { "finance-approvers": finance },
    );
    expect(rules).toEqual({
      "customer-data": {
        name: "客户与供应商敏感信息",
        rule_id: "ir000002",
        on_removal: "release",
        words: ["身份证号", "银行账号"],
        semantics: ["phone", "email"],
        action: "block",
        applies_to: { roles: ["finance-approvers"], members: ["xuli"] },
        purpose: "Keep supplier bank accounts in",
      },
    });
    expect(notes).toEqual([]);
  });

  it("drops a role the live range no longer holds whole, writing its members instead", () => {
    const { rules } = mergeInterceptRules(
      [liveRule({ userIds: ["chenjing", "zhaolei"] })],
      {
        "customer-data": { rule_id: "ir000002", purpose: "p", applies_to: { roles: ["finance-approvers"] } },
      },
      { "finance-approvers": finance },
    );
    expect(rules["customer-data"]!.applies_to).toEqual({ members: ["chenjing", "zhaolei"] });
  });

  it("keys a rule the base does not know by its rule_id, with a TODO purpose and a note; base rules not live are named", () => {
    const { rules, notes } = mergeInterceptRules(
      [
        liveRule({
          ruleId: "ir000001",
          name: "销售私下交易提醒",
          words: ["返点"],
          semantics: ["red_packet"],
          action: "warn",
          userIds: [],
          departmentIds: [5],
        }),
      ],
      { "customer-data": { name: "客户与供应商敏感信息", purpose: "p" } },
      {},
    );
    expect(rules).toEqual({
      "rule-ir000001": {
        name: "销售私下交易提醒",
        rule_id: "ir000001",
        words: ["返点"],
        semantics: ["red_packet"],
        action: "warn",
        applies_to: { departments: [5] },
        purpose: todoRulePurpose("销售私下交易提醒"),
      },
    });
    expect(notes.map((n) => n.en)).toEqual([
      'intercept_rules.rule-ir000001: the purpose of rule "销售私下交易提醒" (rule_id ir000001) is to be completed',
      "the base's rules customer-data do not exist in WeCom and were not written; add them back and run pulumi up to create them",
    ]);
  });

  it("makes keys the policy schema accepts from any rule_id, unique", () => {
    expect(ruleKeyOf("RULE_8F3a!x", new Set())).toBe("rule-rule-8f3a-x");
    expect(ruleKeyOf("ir1", new Set(["rule-ir1"]))).toBe("rule-ir1-2");
    expect(ruleKeyOf("x".repeat(80), new Set())).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
  });
});
