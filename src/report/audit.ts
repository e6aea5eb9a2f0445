/**
 * The audit report for people: every control with its verdict, then one line per target, in the reader's
 * language (`--lang`); the law is cited in that language, remediation shown for failures.
 */
import type { AuditReport } from "../generated/audit-report";
import { control, type ControlId } from "../rules";
import { STATUS_WORDS, severityTag, type CheckStatus, type Lang } from "../text";

/** The mark of each verdict, the same in the terminal and the HTML report. */
export const MARK: Readonly<Record<CheckStatus, string>> = {
  fail: "✗",
  waived: "⊘",
  pass: "✓",
  "not-applicable": "–",
  "cannot-check": "?",
};

const L = {
  zh: {
    title: (r: AuditReport) => `合规审计：堆栈 ${r.stack}，企业 ${r.corpId}，${r.auditedAt}`,
    policy: (r: AuditReport) =>
      `策略文件：${r.policy.commit ? `提交 ${r.policy.commit.slice(0, 12)}${r.policy.dirty ? "（有未提交的修改）" : ""}` : "不在 git 中"}，内容哈希 ${r.policy.contentHash}`,
    law: "法律依据：",
    fix: "整改：",
    at: (loc: string) => `（${loc}）`,
    waived: (w: NonNullable<AuditReport["controls"][number]["results"][number]["waiver"]>) =>
      `已豁免：${w.id}（负责人 ${w.owner}，有效至 ${w.expires}）：${w.reason}`,
    summary: (s: AuditReport["summary"]) =>
      `强制项失败 ${s.mandatoryFailures} 个，建议项失败 ${s.advisoryFailures} 个，已豁免 ${s.waived} 个，通过 ${s.passed} 个，不适用 ${s.notApplicable} 个，无法检查 ${s.cannotCheck} 个。`,
    evidence: (dir: string, sha: string) => `证据目录：${dir}（manifest.json SHA-256 ${sha}）`,
  },
  en: {
    title: (r: AuditReport) => `Compliance audit: stack ${r.stack}, corp ${r.corpId}, ${r.auditedAt}`,
    policy: (r: AuditReport) =>
      `Policy files: ${r.policy.commit ? `commit ${r.policy.commit.slice(0, 12)}${r.policy.dirty ? " (with uncommitted changes)" : ""}` : "not in git"}, content ${r.policy.contentHash}`,
    law: "Law: ",
    fix: "Fix: ",
    at: (loc: string) => ` (${loc})`,
    waived: (w: NonNullable<AuditReport["controls"][number]["results"][number]["waiver"]>) =>
      `Waived: ${w.id} (owner ${w.owner}, until ${w.expires}): ${w.reason}`,
    summary: (s: AuditReport["summary"]) =>
      `${s.mandatoryFailures} mandatory failed, ${s.advisoryFailures} advisory failed, ${s.waived} waived, ${s.passed} passed, ${s.notApplicable} not applicable, ${s.cannotCheck} cannot be checked.`,
    evidence: (dir: string, sha: string) => `Evidence: ${dir} (manifest.json SHA-256 ${sha})`,
  },
} as const;

/** Plain text for a terminal or CI log. */
export function auditText(
  r: AuditReport,
  lang: Lang,
  evidence?: { dir: string; manifestSha256: string },
): string {
  const t = L[lang];
  const out = [t.title(r), t.policy(r), ""];
  for (const c of r.controls) {
    const word = STATUS_WORDS[c.status][lang];
    const sep = lang === "zh" ? "" : " ";
    out.push(
      `${MARK[c.status]} ${c.id}${sep}${severityTag(c.severity, lang)}${sep}${c.title[lang]} — ${word}`,
    );
    if (c.law[lang]) out.push(`    ${t.law}${c.law[lang]}`);
    for (const res of c.results) {
      const at = res.location ? t.at(res.location) : "";
      out.push(
        `    ${MARK[res.status]} ${res.target}${lang === "zh" ? "：" : ": "}${res.message[lang]}${at}`,
      );
      if (res.waiver) out.push(`      ${t.waived(res.waiver)}`);
    }
    if (c.status === "fail") out.push(`    ${t.fix}${control(c.id as ControlId).remediation[lang]}`);
  }
  out.push("", t.summary(r.summary));
  if (evidence) out.push(t.evidence(evidence.dir, evidence.manifestSha256));
  return `${out.join("\n")}\n`;
}
