/**
 * docs/controls.md carries a table generated from the catalogue, between markers, so the README
 * (which folds it in) cannot drift from the code. `UPDATE_DOCS=1 npx vitest run test/unit/rules` rewrites it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTROLS, citeAll, type Control } from "../../../src/rules";

const DOC = path.resolve(__dirname, "../../../docs/controls.md");
const START = "<!-- controls-table:start (generated from src/rules/catalogue.ts) -->";
const END = "<!-- controls-table:end -->";

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

const KIND_ZH: Readonly<Record<Control["kind"], string>> = {
  declared: "声明",
  live: "实时",
  "declared+live": "声明+实时",
};

export function renderTables(): string {
  const en = [
    "| Id | Severity | Kind | Law | What it checks | How the policy satisfies it | Remediation |",
    "|---|---|---|---|---|---|---|",
    ...CONTROLS.map(
      (c) =>
        `| ${c.id} | ${c.severity} | ${c.kind} | ${cell(citeAll(c.articles, "en"))}<br>${cell(citeAll(c.articles, "zh"))} | **${cell(c.title.en)}.** ${cell(c.description.en)} | ${cell(c.satisfiedBy.en)} | ${cell(c.remediation.en)} |`,
    ),
  ];
  const zh = [
    "| 编号 | 级别 | 类型 | 法律依据 | 检查内容 | 策略如何满足 | 整改 |",
    "|---|---|---|---|---|---|---|",
    ...CONTROLS.map(
      (c) =>
        `| ${c.id} | ${c.severity === "mandatory" ? "强制" : "建议"} | ${KIND_ZH[c.kind]} | ${cell(citeAll(c.articles, "zh"))} | **${cell(c.title.zh)}。** ${cell(c.description.zh)} | ${cell(c.satisfiedBy.zh)} | ${cell(c.remediation.zh)} |`,
    ),
  ];
  return [START, "", "### English", "", ...en, "", "### 中文", "", ...zh, "", END].join("\n");
}

describe("docs/controls.md", () => {
  it("holds the table generated from the catalogue", () => {
    const doc = readFileSync(DOC, "utf8");
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    expect(a, "start marker").toBeGreaterThanOrEqual(0);
    expect(b, "end marker").toBeGreaterThan(a);
    const fresh = `${doc.slice(0, a)}${renderTables()}${doc.slice(b + END.length)}`;
    if (process.env["UPDATE_DOCS"] === "1" && fresh !== doc) writeFileSync(DOC, fresh);
    else expect(doc, "docs/controls.md is stale: UPDATE_DOCS=1 npx vitest run test/unit/rules").toBe(fresh);
  });
});
