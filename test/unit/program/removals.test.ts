import { describe, expect, it } from "vitest";
import type { PolicyModel, Role } from "../../../src/policy/model";
import { DEFAULT_CHANGE_LIMITS } from "../../../src/policy/model";
import {
  describeRemovals,
  overLimitMessage,
  planRemovals,
  priorRoles,
  type PriorRole,
} from "../../../src/program/removals";
import type { StackResource } from "../../../src/pulumi/stack-export";

const urn = (key: string) => `urn:pulumi:prod::wecom-policy::wecom:index:Role::${key}`;
const resource = (key: string, id: string, outputs: Record<string, unknown>): StackResource => ({
  urn: urn(key),
  type: "wecom:index:Role",
  id,
  inputs: {},
  outputs,
});

function model(roles: Partial<Role>[], deleteRoles: number = DEFAULT_CHANGE_LIMITS.deleteRoles): PolicyModel {
  return {
    roles: roles.map((r) => ({ key: "x", tagName: "x", members: [], ...r }) as Role),
    tenant: { changeLimits: { ...DEFAULT_CHANGE_LIMITS, deleteRoles, source: "tenant.yaml#" } },
  } as unknown as PolicyModel;
}

describe("priorRoles: what deleting each Role of the stack would do (the provider's rule)", () => {
  it("releases an adopted tag, deletes a created one, and follows an explicit on_removal either way", () => {
    const roles = priorRoles([
      resource("adopted", "102", { name: "外包人员", members: Array(12).fill("u"), adopted: true }),
      resource("created", "104", { name: "外勤定位", members: ["a", "b"], adopted: false }),
      resource("forced", "105", { name: "临时", members: [], adopted: true, onRemoval: "delete" }),
      resource("kept", "106", { name: "保留", members: [], adopted: false, onRemoval: "release" }),
      { ...resource("app", "1000002", {}), type: "wecom:index:AppSettings" },
    ]);
    expect(roles.map((r) => [r.key, r.action, r.members])).toEqual([
      ["adopted", "release", 12],
      ["created", "delete", 2],
      ["forced", "delete", 0],
      ["kept", "release", 0],
    ]);
  });
});

describe("planRemovals", () => {
  const prior: PriorRole[] = [
    { key: "finance", tagId: "102", tagName: "财务审批", members: 3, departments: 0, action: "delete" },
    { key: "field", tagId: "104", tagName: "外勤定位", members: 2, departments: 1, action: "delete" },
    { key: "contractors", tagId: "110", tagName: "外包人员", members: 12, departments: 0, action: "release" },
  ];

  it("a new key with the old tag_id continues the old resource (alias), whatever its tag name", () => {
    const plan = planRemovals(
      model([
        { key: "payments", tagName: "付款审批", tagId: 102 },
        { key: "field", tagName: "外勤定位" },
        { key: "contractors", tagName: "外包人员" },
      ]),
      prior,
    );
    expect([...plan.aliases]).toEqual([["payments", "finance"]]);
    expect(plan.removals).toEqual([]);
  });

  it("a new key without tag_id continues an orphaned role with the same tag name", () => {
    const plan = planRemovals(model([{ key: "field-staff", tagName: "外勤定位" }]), prior);
    expect([...plan.aliases]).toEqual([["field-staff", "field"]]);
    expect(plan.removals.map((r) => r.key)).toEqual(["contractors", "finance"]);
  });

  it("says in words which tags are deleted and which only released, with their members, in both languages", () => {
    const plan = planRemovals(model([{ key: "finance", tagName: "财务审批" }], 1), prior);
    const words = describeRemovals(plan);
    expect(words.releases).toEqual([
      "role contractors was removed from roles.yaml: WeCom tag 外包人员 (tagid 110, 12 member(s)) is only RELEASED — it stays in WeCom with its members, no longer managed by this stack.\n" +
        "  角色 contractors 已从 roles.yaml 移除：企业微信标签「外包人员」（tagid 110，12 名成员）仅被释放——标签及其成员保留在企业微信中，不再由本 stack 管理。",
    ]);
    expect(words.deletes).toHaveLength(1);
    expect(words.deletes[0]).toContain(
      "WeCom tag 外勤定位 (tagid 104, 2 member(s), 1 department(s)) will be DELETED (tag/delete)",
    );
    expect(words.deletes[0]).toContain("企业微信标签「外勤定位」（tagid 104，2 名成员、1 个部门）将被删除");
    expect(plan.overLimit).toBe(false);
  });

  it("counts only deletions against change_limits.delete_roles and lists them when over", () => {
    const plan = planRemovals(model([], 1), prior);
    expect(plan.overLimit).toBe(true);
    const text = overLimitMessage(plan);
    expect(text).toContain(
      "blast-radius limit: 2 role tag(s) would be deleted in this run, more than tenant.yaml change_limits.delete_roles (1):",
    );
    expect(text).toContain("  - field: tag 外勤定位 (tagid 104, 2 member(s), 1 department(s))");
    expect(text).toContain("  - finance: tag 财务审批 (tagid 102, 3 member(s))");
    expect(text).not.toContain("contractors");
    expect(planRemovals(model([], 2), prior).overLimit).toBe(false);
  });
});
