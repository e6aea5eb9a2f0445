/**
 * The controls table in docs/controls.md, generated from the catalogue (src/rules/catalogue.ts) between
 * markers, so the README (which folds it in) cannot drift from the code. test/unit/rules/controls-doc.test.ts
 * fails while the document is stale; `npm run docs:controls` rewrites it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CONTROLS, citeAll, whereEvaluated, type Control, type EvaluatedIn } from "../rules";

export const CONTROLS_DOC = path.resolve(__dirname, "..", "..", "docs", "controls.md");
export const START = "<!-- controls-table:start (generated from src/rules/catalogue.ts) -->";
export const END = "<!-- controls-table:end -->";

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

const KIND_ZH: Readonly<Record<Control["kind"], string>> = {
  declared: "声明",
  live: "实时",
  "declared+live": "声明+实时",
};

const PLACE_ZH: Readonly<Record<EvaluatedIn, string>> = {
  validate: "validate",
  preview: "preview（程序门禁）",
  audit: "audit",
  drift: "drift",
};

/** Where a control is evaluated, from the engine's check tables (src/rules/engine.ts). */
const places = (c: Control, lang: "zh" | "en"): string =>
  whereEvaluated(c.id)
    .map((p) => (lang === "zh" ? PLACE_ZH[p] : p === "preview" ? "preview (the program's gate)" : p))
    .join(", ");

/** The tables, markers included, in English and Chinese. */
export function renderTables(): string {
  const en = [
    "| Id | Severity | Kind | Evaluated in | Law | What it checks | How the policy satisfies it | Remediation |",
    "|---|---|---|---|---|---|---|---|",
    ...CONTROLS.map(
      (c) =>
        `| ${c.id} | ${c.severity} | ${c.kind} | ${places(c, "en")} | ${cell(citeAll(c.articles, "en"))}<br>${cell(citeAll(c.articles, "zh"))} | **${cell(c.title.en)}.** ${cell(c.description.en)} | ${cell(c.satisfiedBy.en)} | ${cell(c.remediation.en)} |`,
    ),
  ];
  const zh = [
    "| 编号 | 级别 | 类型 | 评估于 | 法律依据 | 检查内容 | 策略如何满足 | 整改 |",
    "|---|---|---|---|---|---|---|---|",
    ...CONTROLS.map(
      (c) =>
        `| ${c.id} | ${c.severity === "mandatory" ? "强制" : "建议"} | ${KIND_ZH[c.kind]} | ${places(c, "zh")} | ${cell(citeAll(c.articles, "zh"))} | **${cell(c.title.zh)}。** ${cell(c.description.zh)} | ${cell(c.satisfiedBy.zh)} | ${cell(c.remediation.zh)} |`,
    ),
  ];
  return [START, "", "### English", "", ...en, "", "### 中文", "", ...zh, "", END].join("\n");
}

/** `doc` with its generated section replaced by today's tables; throws when the markers are missing. */
export function refreshControlsDoc(doc: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/controls.md lacks the markers ${START} … ${END}`);
  return `${doc.slice(0, a)}${renderTables()}${doc.slice(b + END.length)}`;
}

if (require.main === module) {
  const doc = readFileSync(CONTROLS_DOC, "utf8");
  const fresh = refreshControlsDoc(doc);
  if (fresh !== doc) writeFileSync(CONTROLS_DOC, fresh);
  process.stdout.write(fresh !== doc ? "docs/controls.md updated\n" : "docs/controls.md is up to date\n");
}
