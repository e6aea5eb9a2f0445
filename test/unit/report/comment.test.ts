/**
 * The pull-request comment (src/report/comment.ts): summary first in both languages, details collapsed,
 * the hidden marker, names from the tenant shown as text (never markup), and the 65,536-character bound
 * with a pointer to the full report when a huge preview is cut.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../../src/policy";
import { previewGate } from "../../../src/rules";
import { previewPlan, type Review } from "../../../src/review/run";
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, reviewComment } from "../../../src/report/comment";
import { mdCode, mdText } from "../../../src/report/markdown";
import type { HistoryReport } from "../../../src/history/run";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
const NOW = new Date("2026-11-28T12:00:00+08:00");
const urn = (type: string, name: string) => `urn:pulumi:sandbox::wecom-policy::wecom:index:${type}::${name}`;
const EVIL = "<img src=x onerror=alert(1)>";

const diff: HistoryReport = {
  version: 1,
  kind: "diff",
  dir: "policies",
  range: "main..working tree",
  entries: [
    {
      commit: null,
      base: "5a1f0e3d2c4b6a798877665544332211ffeeddcc",
      renames: [],
      changes: [
        {
          area: "role",
          subject: "finance-approvers",
          field: "members",
          op: "changed",
          path: "roles#/roles/finance-approvers/members",
          text: { zh: "finance-approvers：+liuyang −zhangwei", en: "finance-approvers: +liuyang −zhangwei" },
          added: ["liuyang"],
          removed: ["zhangwei"],
          controls: ["WC.ACC.1v1"],
        },
        {
          area: "role",
          subject: EVIL,
          op: "added",
          path: `roles#/roles/${EVIL}`,
          text: { zh: `新增角色 ${EVIL}`, en: `role ${EVIL} added | a \`tick\`` },
          controls: [],
        },
      ],
      controls: [],
    },
  ],
};

function preview(members: number, name = "finance-approvers"): unknown {
  const many = Array.from({ length: members }, (_, i) => `member${String(i).padStart(6, "0")}`);
  return {
    steps: [
      {
        op: "update",
        urn: urn("Role", name),
        oldState: { outputs: { tagName: "财务审批", members: ["chenjing", "zhangwei"] } },
        newState: { inputs: { tagName: "财务审批", members: ["chenjing", "liuyang", ...many] } },
        detailedDiff: {
          "members[1]": { kind: "update" },
          ...Object.fromEntries(many.map((_, i) => [`members[${i + 2}]`, { kind: "add" }])),
        },
      },
      {
        op: "update",
        urn: urn("AppAccess", "sales-crm"),
        oldState: { outputs: { agentId: 1000003, admins: [{ userId: "sunhao" }] } },
        newState: { inputs: { agentId: 1000003, admins: [{ userId: "sunhao" }, { userId: "a|b`c" }] } },
        detailedDiff: { "admins[1]": { kind: "add" } },
      },
      { op: "same", urn: urn("Role", "hr-data") },
    ],
    changeSummary: { update: 2, same: 14 },
    diagnostics: [],
  };
}

async function review(p?: unknown): Promise<Review> {
  const loaded = await loadPolicies(POLICIES);
  if (!loaded.ok) throw new Error("demo policies do not load");
  return {
    diff,
    gate: {
      ok: true,
      findings: previewGate(loaded.model, NOW, { locate: (r) => loaded.sources.locate(r) }).findings,
      sources: loaded.sources,
    },
    ...(p !== undefined ? { preview: previewPlan(p) } : {}),
  };
}

describe("the pull-request comment", () => {
  it("starts with the marker and a bilingual summary, details collapsed", async () => {
    const c = reviewComment(await review(preview(0)), { lang: "en" });
    expect(c.markdown.startsWith(`${COMMENT_MARKER}\n### wecom-policy — 策略评审 / policy review\n`)).toBe(
      true,
    );
    expect(c.markdown).toContain(
      "| 策略变更 / Policy changes | 2 项变更；涉及 WC.ACC.1v1 | 2 changes; touching WC.ACC.1v1 |",
    );
    expect(c.markdown).toContain("| 法律检查 / Legal gate | ✓ 通过；");
    expect(c.markdown).toContain(
      "| pulumi preview | 更新 2；1 项需管理员在后台操作 | 2 to update; 1 needs an admin in the console |",
    );
    expect(c.markdown.indexOf("<details")).toBeGreaterThan(c.markdown.indexOf("| pulumi preview"));
    expect(c.markdown.split("<details>").length).toBe(4);
    expect(c.cut).toBe(0);
    // per member: what up will write; what needs the console, with the console path for the app.
    expect(c.markdown).toContain("- **Role** `finance-approvers` — update");
    expect(c.markdown).toContain("  - `members[1]`: `zhangwei` → `liuyang`");
    expect(c.markdown).toContain(
      "🔧 needs an admin in the console: My Company → Permission Management → Tiered admin → App permissions \\(Manage / Send messages\\)",
    );
    expect(c.markdown).toContain("| pulumi preview | 更新 2；");
    expect(c.markdown).toMatch(/- ✓ \d+ declared control finding\(s\) pass; none fails or is waived\./);
  });

  it("shows names from the tenant as text: no HTML, no broken table cell or code span", async () => {
    const c = reviewComment(await review(preview(0)), { lang: "en" });
    expect(c.markdown).not.toContain("<img");
    expect(c.markdown).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
    expect(c.markdown).toContain("added \\| a \\`tick\\`");
    expect(c.markdown).toContain("``a\\|b`c``");
    expect(mdText("a|b")).toBe("a\\|b");
    expect(mdCode("x`y")).toBe("``x`y``");
    expect(mdCode("`")).toBe("`` ` ``");
  });

  it("stays within GitHub's limit on a huge preview and points to the full report", async () => {
    const huge = await review(preview(20_000));
    const c = reviewComment(huge, { lang: "zh", reportUrl: "https://ci.example/run/1" });
    expect(c.full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(c.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(c.cut).toBeGreaterThan(15_000);
    expect(c.markdown).toContain(`省略了 ${c.cut} 行。完整报告：https://ci.example/run/1`);
    expect(c.markdown).toContain(`${c.cut} line(s) left out. Full report: https://ci.example/run/1`);
    // the summary and the legal gate survive the cut; every <details> is closed.
    expect(c.markdown).toContain("| 法律检查 / Legal gate |");
    expect(c.markdown).toContain("无未通过或已豁免项");
    expect(c.markdown.split("<details").length).toBe(c.markdown.split("</details>").length);
    const small = reviewComment(huge, { lang: "en", limit: 5_000 });
    expect(small.markdown.length).toBeLessThanOrEqual(5_000);
  });
});

describe("wecom-policy comment (command)", () => {
  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const { main } = await import("../../../src/cli/main");
    let out = "";
    let err = "";
    const code = await main(["node", "wecom-policy", "comment", ...args], {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
    });
    return { code, out, err };
  }

  it("writes the comment from a preview file, and refuses a file that is not preview JSON", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-comment-"));
    const file = path.join(dir, "preview.json");
    fs.writeFileSync(file, JSON.stringify(preview(3)));
    const ok = await run("--preview-json", file, "--dir", POLICIES, "--base", "HEAD", "--lang", "en");
    expect(ok.code).toBe(0);
    expect(ok.out.startsWith(COMMENT_MARKER)).toBe(true);
    expect(ok.out).toContain("- **Role** `finance-approvers` — update");
    fs.writeFileSync(file, "not json");
    const bad = await run("--preview-json", file, "--dir", POLICIES);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("cannot read");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
