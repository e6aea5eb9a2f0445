/**
 * The preview gate: the Pulumi program calls {@link previewGate} before declaring any resource. A
 * mandatory failure stops `pulumi preview` with this report (no stack trace); advisory failures print
 * as warnings and the preview goes on.
 */
import type { PolicyModel, SourceLocation, SourceRef } from "../policy/model";
import { control } from "./catalogue";
import { applyWaivers, evaluateDeclared, summarise, summaryLine, where } from "./engine";
import type { Finding } from "./finding";
import { citeAll } from "./law";
import { both, FIELD_WORDS, labelled, type Bilingual } from "../text";

export interface PreviewGateResult {
  /** True when any mandatory declared control fails (after waivers). */
  readonly blocked: boolean;
  /** Chinese and English text listing each mandatory failure: id, target, article, message, fix. */
  readonly report: string;
  /** One bilingual line per advisory failure. */
  readonly warnings: string[];
  /** Every declared finding after waivers, for reports. */
  readonly findings: Finding[];
}

export interface PreviewGateOptions {
  /** PolicySources.locate, to show file:line instead of a bare pointer. */
  readonly locate?: (ref: SourceRef) => SourceLocation;
}

export function previewGate(model: PolicyModel, now: Date, opts: PreviewGateOptions = {}): PreviewGateResult {
  const findings = applyWaivers(evaluateDeclared(model, { now }), model.waivers, now);
  const s = summarise(findings);
  const failed = findings.filter((f) => f.status === "fail");
  const mandatory = failed.filter((f) => f.severity === "mandatory");
  const warnings = failed
    .filter((f) => f.severity === "advisory")
    .map((f) => `[${f.controlId}] ${f.target}: ${both(f.message)}`);

  if (mandatory.length === 0) {
    return {
      blocked: false,
      report: `策略法律检查通过。${summaryLine(s, "zh")}\nLegal checks passed. ${summaryLine(s, "en")}\n`,
      warnings,
      findings,
    };
  }
  const lines = [
    `策略法律检查未通过：${mandatory.length} 项强制性控制失败，未声明任何资源。`,
    `Legal checks failed: ${mandatory.length} mandatory control finding${mandatory.length === 1 ? "" : "s"}; no resources were declared.`,
    "",
  ];
  for (const f of mandatory) {
    const c = control(f.controlId);
    lines.push(`✗ ${f.controlId} ${f.target} — ${both(c.title)}`);
    // Each line in Chinese, then in English: the preview log is read in either language.
    const pair = (label: Bilingual, value: Bilingual) =>
      lines.push(`    ${labelled(label, value.zh, "zh")}`, `    ${labelled(label, value.en, "en")}`);
    pair(FIELD_WORDS.law, { zh: citeAll(c.articles, "zh"), en: citeAll(c.articles, "en") });
    pair(FIELD_WORDS.problem, f.message);
    pair(FIELD_WORDS.fix, c.remediation);
    if (f.pointer !== undefined) lines.push(`    ${both(FIELD_WORDS.at)}: ${where(f.pointer, opts.locate)}`);
  }
  lines.push("", summaryLine(s, "zh"), summaryLine(s, "en"));
  return { blocked: true, report: `${lines.join("\n")}\n`, warnings, findings };
}
