/**
 * The program's side of wecom:index:InterceptRule: one resource per protection.yaml rule with roles expanded
 * to what holds them (WeCom's range takes no tags), and what a run says about rules that left the policy.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { formatProblems, loadPolicies, type PolicyModel } from "../../../src/policy";
import type { InterceptRulePolicy } from "../../../src/policy/model";
import {
  describeInterceptRulePlan,
  planInterceptRules,
  priorInterceptRules,
  type PriorInterceptRule,
} from "../../../src/program/intercept-rule-removals";
import { declareInterceptRules, ruleDepartments } from "../../../src/program/intercept-rules";
import type { StackResource } from "../../../src/pulumi/stack-export";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
let model: PolicyModel;

interface Declared {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  importId?: string;
  aliases?: unknown;
}
const declared: Declared[] = [];

beforeAll(async () => {
  const result = await loadPolicies(POLICIES);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  model = result.model;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        declared.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          ...(args.id ? { importId: args.id } : {}),
        });
        return { id: `${args.name}-id`, state: { ...args.inputs, ruleId: "rule-x", adopted: false } };
      },
      call: () => ({}),
    },
    "wecom-policy",
    "test",
    false,
  );
});

const withRules = (rules: Partial<InterceptRulePolicy>[]): PolicyModel => ({
  ...model,
  protection: {
    ...model.protection,
    interceptRules: rules.map((r) => ({ ...model.protection.interceptRules[0]!, ...r })),
  },
});

describe("declareInterceptRules", () => {
  it("declares the demo rule under its policy key, its role expanded to the role's members", async () => {
    declared.length = 0;
    const out = declareInterceptRules(model);
    await new Promise((r) => setTimeout(r, 50));
    expect(out.map(([k]) => k)).toEqual(["customer-data"]);
    const rules = declared.filter((d) => d.type === "wecom:index:InterceptRule");
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      name: "customer-data",
      inputs: {
        name: "客户与供应商敏感信息",
        words: ["开户行", "身份证号", "银行卡号", "银行账号"],
        semantics: ["email", "phone"],
        action: "block",
        members: ["chenjing", "zhangwei", "zhaolei"],
        departments: [],
      },
    });
    expect(rules[0]!.inputs["onRemoval"]).toBeUndefined();
  });

  it("adopts a rule_id from the policy with the import option, and passes on_removal", async () => {
    declared.length = 0;
    declareInterceptRules(withRules([{ key: "adopted", ruleId: "rule-8f3a", onRemoval: "release" }]));
    await new Promise((r) => setTimeout(r, 50));
    const [d] = declared.filter((x) => x.type === "wecom:index:InterceptRule");
    expect(d).toMatchObject({ name: "adopted", importId: "rule-8f3a", inputs: { onRemoval: "release" } });
  });

  it("adds a role's departments to the range (the API takes no tags)", () => {
    const m: PolicyModel = {
      ...model,
      roles: model.roles.map((r) => (r.key === "finance-approvers" ? { ...r, departments: [4, 2] } : r)),
    };
    expect(ruleDepartments(m, { ...model.protection.interceptRules[0]!, departments: [7, 2] })).toEqual([
      2, 4, 7,
    ]);
  });
});

const urn = (key: string) => `urn:pulumi:prod::wecom-policy::wecom:index:InterceptRule::${key}`;
const resource = (key: string, id: string, outputs: Record<string, unknown>): StackResource => ({
  urn: urn(key),
  type: "wecom:index:InterceptRule",
  id,
  inputs: {},
  outputs,
});

describe("rules that leave protection.yaml", () => {
  const prior = priorInterceptRules([
    resource("customer-data", "rule-1", { name: "客户与供应商敏感信息", adopted: false }),
    resource("old-created", "rule-2", {
      name: "旧规则",
      words: ["a", "b"],
      semantics: ["phone", "email"],
      action: "block",
      members: ["x", "y", "z"],
      departments: [],
      adopted: false,
    }),
    resource("old-adopted", "rule-3", { name: "外部规则", action: "warn", members: ["x"], adopted: true }),
    resource("kept", "rule-4", { name: "保留", adopted: false, onRemoval: "release" }),
    { ...resource("role", "104", {}), type: "wecom:index:Role" },
  ]);

  it("reads what deleting each would do, as the provider decides it", () => {
    expect(prior.map((p) => [p.key, p.removal])).toEqual([
      ["customer-data", "delete"],
      ["old-created", "delete"],
      ["old-adopted", "release"],
      ["kept", "release"],
    ]);
  });

  it("says in words which WeCom rule is deleted and which only released", () => {
    const plan = planInterceptRules(model, prior);
    expect(plan.removals.map((r) => r.key)).toEqual(["kept", "old-adopted", "old-created"]);
    const lines = describeInterceptRulePlan(plan);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      "intercept rule old-created was removed from protection.yaml: WeCom chat intercept rule 旧规则 (rule_id rule-2, block, 2 word(s), phone+email, 3 member(s), 0 department(s)) will be DELETED (del_intercept_rule), and its members can then send what it stopped. To keep the rule, restore it with on_removal: release and run pulumi up before removing it.\n" +
        "  敏感词规则 old-created 已从 protection.yaml 移除：企业微信聊天敏感词规则「旧规则」（rule_id rule-2，拦截，2 个敏感词，phone+email，3 名成员，0 个部门）将被删除，其成员此后可发送原被拦截的内容。如需保留，请先恢复该规则并设置 on_removal: release，运行 pulumi up 后再移除。",
    );
    expect(lines[1]).toContain(
      "WeCom chat intercept rule 外部规则 (rule_id rule-3, warn only, 0 word(s), 1 member(s), 0 department(s)) is only RELEASED",
    );
  });

  it("continues a rule whose key changed (same rule_id, else same name) instead of deleting it", () => {
    const one: PriorInterceptRule[] = prior.filter((p) => p.key === "old-created");
    const byId = planInterceptRules(withRules([{ key: "renamed", ruleId: "rule-2", name: "新名" }]), one);
    expect([...byId.aliases]).toEqual([["renamed", "old-created"]]);
    expect(byId.removals).toEqual([]);
    const byName = planInterceptRules(withRules([{ key: "renamed", name: "旧规则" }]), one);
    expect([...byName.aliases]).toEqual([["renamed", "old-created"]]);
    expect(describeInterceptRulePlan(byName)[0]).toContain("intercept rule old-created is now renamed");
  });
});

describe("WeCom's 100 rules per company", () => {
  it("a protection.yaml with 101 rules fails validate (and so every preview) with the count, in both languages", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-101-"));
    try {
      fs.cpSync(POLICIES, dir, { recursive: true });
      const file = path.join(dir, "protection.yaml");
      const extra = Array.from(
        { length: 100 },
        (_, i) =>
          `  r${i}:\n    name: 规则${i}\n    words: [w${i}]\n    action: warn\n    applies_to:\n      members: [chenjing]\n    purpose: test\n`,
      ).join("");
      fs.writeFileSync(
        file,
        fs.readFileSync(file, "utf8").replace("intercept_rules:\n", `intercept_rules:\n${extra}`),
      );
      const r = await loadPolicies(dir);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(formatProblems(r.problems, "en")).toContain(
        "protection.yaml:20:1 /intercept_rules — has 101 entries; must have ≤ 100 entries",
      );
      expect(formatProblems(r.problems, "zh")).toContain("有 101 个条目，长度应 ≤ 100 个条目");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
