/**
 * The drift report's exact text in both languages: Chinese punctuation and spacing, severities in the
 * reader's language, the law cited in both, the changer (named from a log entry about the object, or why nobody is named), notes.
 */
import { describe, expect, it } from "vitest";
import { cite } from "../../../src/drift/analyse";
import type { DriftReport } from "../../../src/drift/run";
import { driftMarkdown } from "../../../src/report/drift";

const URN = (type: string, name: string) => `urn:pulumi:sandbox::wecom-policy::wecom:index:${type}::${name}`;

const report: DriftReport = {
  version: 2,
  stack: "sandbox",
  checkedAt: "2026-11-28T23:38:57.854Z",
  status: "drift",
  items: [
    {
      type: "Role",
      name: "finance-approvers",
      urn: URN("Role", "finance-approvers"),
      op: "update",
      path: "members[1]",
      kind: "delete",
      live: "liuyang",
      controls: cite(["WC.ACC.1v1"]),
      changedBy: {
        operator: "sunhao",
        time: "2026-11-28T23:38:39.000Z",
        operType: 3,
        detail: "标签「财务审批」添加成员：liuyang",
      },
    },
    {
      type: "AppAccess",
      name: "field-assistant",
      urn: URN("AppAccess", "field-assistant"),
      op: "update",
      path: "admins[2]",
      kind: "delete",
      live: { userId: "zhoumin", authType: "manage" },
      controls: cite(["WC.ACC.2v1"]),
      unattributed: {
        reason: "no-entry",
        note: {
          zh: "自堆栈上次更新以来，操作日志中没有涉及该对象的记录。企业微信不记录通过 API 所做的修改。",
          en: "No operation-log entry concerns this object since the stack's last update. WeCom does not log changes made through the API.",
        },
      },
    },
    {
      type: "ArchiveScope",
      name: "archive",
      urn: URN("ArchiveScope", "archive"),
      op: "create",
      path: "",
      kind: "create",
      controls: [],
    },
  ],
  law: [],
  notes: [
    {
      zh: "未配置安全日志应用（wecom:securityAgentId）：无法判断变更人。",
      en: "No security-log app (wecom:securityAgentId): who made the changes is unknown.",
    },
  ],
};

describe("drift report text", () => {
  it("in English", () => {
    expect(driftMarkdown(report, "en")).toBe(
      [
        "# Drift check: stack `sandbox`",
        "",
        "2026-11-28T23:38:57.854Z: 3 differences from the policy (changed by hand, or policy not yet applied).",
        "",
        "- **Role `finance-approvers`** `members[1]`: present in WeCom, not in the policy — live `liuyang`, declared —",
        "  - changed by `sunhao` at 2026-11-28T23:38:39.000Z — 标签「财务审批」添加成员：liuyang",
        "  - WC.ACC.1v1 (mandatory) Roles have an owner and a purpose and hold no leavers — 《个人信息保护法》第五十一条第（四）项 / PIPL Art. 51(4)",
        '- **AppAccess `field-assistant`** `admins[2]`: present in WeCom, not in the policy — live `{"userId":"zhoumin","authType":"manage"}`, declared —',
        "  - changed by: unknown. No operation-log entry concerns this object since the stack's last update. WeCom does not log changes made through the API.",
        "  - WC.ACC.2v1 (advisory) App admins stay within the declared list — 《个人信息保护法》第五十一条第（四）项 / PIPL Art. 51(4)",
        "- **ArchiveScope `archive`** (whole resource): missing in WeCom — live —, declared —",
        "  - changed by: unknown",
        "",
        "> No security-log app (wecom:securityAgentId): who made the changes is unknown.",
        "",
      ].join("\n"),
    );
  });

  it("in Chinese: full-width punctuation, spaced Latin words, severities translated", () => {
    expect(driftMarkdown(report, "zh")).toBe(
      [
        "# 漂移检查：堆栈 `sandbox`",
        "",
        "2026-11-28T23:38:57.854Z：发现 3 处与策略不一致（手工修改或尚未应用的策略）。",
        "",
        "- **Role `finance-approvers`** `members[1]`：企业微信中存在、策略未声明 — 实际 `liuyang`，声明 —",
        "  - 变更人：`sunhao`，2026-11-28T23:38:39.000Z — 标签「财务审批」添加成员：liuyang",
        "  - WC.ACC.1v1（强制）角色须有负责人和目的，且不含离职人员 — 《个人信息保护法》第五十一条第（四）项 / PIPL Art. 51(4)",
        '- **AppAccess `field-assistant`** `admins[2]`：企业微信中存在、策略未声明 — 实际 `{"userId":"zhoumin","authType":"manage"}`，声明 —',
        "  - 变更人：未知。自堆栈上次更新以来，操作日志中没有涉及该对象的记录。企业微信不记录通过 API 所做的修改。",
        "  - WC.ACC.2v1（建议）应用管理员不超出声明 — 《个人信息保护法》第五十一条第（四）项 / PIPL Art. 51(4)",
        "- **ArchiveScope `archive`**（整个资源）：企业微信中缺失 — 实际 —，声明 —",
        "  - 变更人：未知",
        "",
        "> 未配置安全日志应用（wecom:securityAgentId）：无法判断变更人。",
        "",
      ].join("\n"),
    );
  });

  it("in sync", () => {
    const ok: DriftReport = { ...report, status: "in-sync", items: [], notes: [] };
    expect(driftMarkdown(ok, "zh")).toBe(
      "# 漂移检查：堆栈 `sandbox`\n\n2026-11-28T23:38:57.854Z：企业微信与策略一致。\n",
    );
    expect(driftMarkdown(ok, "en")).toBe(
      "# Drift check: stack `sandbox`\n\n2026-11-28T23:38:57.854Z: WeCom matches the policy.\n",
    );
  });
});
