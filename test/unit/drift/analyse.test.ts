import { describe, expect, it } from "vitest";
import { cite, controlsFor, driftItems, resolvePath, type PreviewJson } from "../../../src/drift/analyse";
import type { DriftReport } from "../../../src/drift/run";
import { driftMarkdown } from "../../../src/report/drift";
import { validateAgainst } from "../../../src/schema";

const URN = (type: string, name: string) => `urn:pulumi:sandbox::wecom-policy::wecom:index:${type}::${name}`;

const preview: PreviewJson = {
  steps: [
    { op: "same", urn: URN("Role", "hr-data") },
    { op: "refresh", urn: URN("Role", "finance-approvers") },
    {
      op: "update",
      urn: URN("Role", "finance-approvers"),
      detailedDiff: { "members[1]": { kind: "delete" } },
      oldState: { outputs: { name: "财务审批", members: ["chenjing", "liuyang", "zhaolei"], tagId: 104 } },
      newState: { inputs: { name: "财务审批", members: ["chenjing", "zhaolei"] } },
    },
    {
      op: "update",
      urn: URN("AppSettings", "sales-crm"),
      detailedDiff: { homeUrl: { kind: "update" } },
      oldState: { outputs: { name: "销售助手", agentId: 1000003, homeUrl: "https://crm.example.com" } },
      newState: { inputs: { agentId: 1000003, homeUrl: "https://crm.xinghe-demo.cn" } },
    },
    { op: "create", urn: URN("ArchiveScope", "archive"), newState: { inputs: { members: [] } } },
    { op: "update", urn: "urn:pulumi:sandbox::wecom-policy::pulumi:pulumi:Stack::wecom-policy-sandbox" },
  ],
};

const item = (type: string) => driftItems(preview).find((i) => i.type === type)!;

describe("drift items", () => {
  it("resolves property paths into nested values", () => {
    expect(resolvePath({ a: { b: [1, { c: "x" }] } }, "a.b[1].c")).toBe("x");
    expect(resolvePath({ a: [] }, "a[3]")).toBeUndefined();
  });

  it("has one item per drifted member or field, with the live and declared values, skipping same and refresh steps, sorted by resource", () => {
    expect(driftItems(preview)).toEqual([
      {
        type: "AppSettings",
        name: "sales-crm",
        urn: URN("AppSettings", "sales-crm"),
        op: "update",
        path: "homeUrl",
        kind: "update",
        live: "https://crm.example.com",
        declared: "https://crm.xinghe-demo.cn",
      },
      {
        type: "ArchiveScope",
        name: "archive",
        urn: URN("ArchiveScope", "archive"),
        op: "create",
        path: "",
        kind: "create",
      },
      {
        type: "Role",
        name: "finance-approvers",
        urn: URN("Role", "finance-approvers"),
        op: "update",
        path: "members[1]",
        kind: "delete",
        live: "liuyang",
      },
    ]);
  });

  it("maps each drifted field to the controls it touches", () => {
    const role = item("Role");
    const home = item("AppSettings");
    // A member added to a role by hand is a leaver finding only when the roster says they left.
    expect(controlsFor(role)).toEqual([]);
    expect(controlsFor(role, undefined, { hasLeft: (u) => u === role.live })).toEqual(["WC.ACC.1v1"]);
    expect(controlsFor(home)).toEqual(["WC.XB.2v1"]);
    const range = { ...role, type: "AppAccess", path: "visibleRange.users[0]" };
    expect(controlsFor(range, { locationMode: "on-enter" })).toEqual(["WC.LOC.3v1"]);
    expect(controlsFor(range, { locationMode: "off" })).toEqual([]);
    expect(cite(["WC.XB.2v1"])).toEqual([
      {
        id: "WC.XB.2v1",
        severity: "mandatory",
        title: expect.objectContaining({ en: "App domains are approved" }),
        law: { zh: "《个人信息保护法》第三十八条", en: "PIPL Art. 38" },
      },
    ]);
  });
});

describe("drift report", () => {
  const report: DriftReport = {
    version: 2,
    stack: "sandbox",
    checkedAt: "2026-11-28T23:38:57.854Z",
    status: "drift",
    items: [item("AppSettings")].map((i) => ({
      ...i,
      controls: cite(["WC.XB.2v1"]),
      changedBy: {
        operator: "sunhao",
        time: "2026-11-28T23:38:39.000Z",
        operType: 8,
        detail: "修改应用「销售助手」设置：home_url",
      },
    })) as DriftReport["items"],
    law: [],
    notes: [],
  };

  it("follows its versioned JSON schema", () => {
    expect(validateAgainst("drift-report", report)).toEqual([]);
    expect(validateAgainst("drift-report", { ...report, status: "unknown" })).not.toEqual([]);
  });

  it("reads in English and in Chinese, citing the law in both", () => {
    expect(driftMarkdown(report, "en")).toContain(
      "- **AppSettings `sales-crm`** `homeUrl`: changed — live `https://crm.example.com`, declared `https://crm.xinghe-demo.cn`\n" +
        "  - changed by `sunhao` at 2026-11-28T23:38:39.000Z — 修改应用「销售助手」设置：home_url\n" +
        "  - WC.XB.2v1 (mandatory) App domains are approved — 《个人信息保护法》第三十八条 / PIPL Art. 38",
    );
    const zh = driftMarkdown(report, "zh");
    expect(zh).toContain("# 漂移检查：堆栈 `sandbox`");
    expect(zh).toContain("发现 1 处与策略不一致");
    expect(zh).toContain("变更人：`sunhao`");
    expect(driftMarkdown({ ...report, status: "in-sync", items: [] }, "en")).toContain(
      "WeCom matches the policy.",
    );
  });
});
