/**
 * What `wecom-policy validate` prints: the problems or the declared findings as text in the reader's
 * language, or the JSON of schemas/validate-output.schema.json (version 1).
 */
import type { ValidateOutput } from "../generated/validate-output";
import { formatProblems, type PolicySources } from "../policy";
import { formatFindings, type Finding } from "../rules";
import type { Lang } from "../text";
import type { ValidateResult } from "../validate/run";

const HEADINGS = {
  problems: {
    zh: "策略文件有问题，未运行合规检查：",
    en: "The policy files have problems; controls were not run:",
  },
  clean: {
    zh: "策略文件格式正确，引用均可解析。声明类合规检查：",
    en: "The policy files are well-formed and every reference resolves. Declared controls:",
  },
} as const;

export function validateText(r: ValidateResult, lang: Lang): string {
  if (!r.ok) return `${HEADINGS.problems[lang]}\n${formatProblems(r.problems, lang)}\n`;
  return (
    `${HEADINGS.clean[lang]}\n` + formatFindings(r.findings, lang, { locate: (ref) => r.sources.locate(ref) })
  );
}

export function validateJson(r: ValidateResult): ValidateOutput {
  if (!r.ok) return { version: 1, ok: false, problems: r.problems, findings: [] };
  const s = r.summary;
  return {
    version: 1,
    ok: !s.blocked,
    problems: [],
    findings: r.findings.map((f) => withLocation(f, r.sources)),
    summary: {
      mandatoryFailures: s.mandatoryFailures,
      advisoryFailures: s.advisoryFailures,
      waived: s.waived,
      passed: s.passed,
      notApplicable: s.notApplicable,
    },
  };
}

function withLocation(f: Finding, sources: PolicySources): ValidateOutput["findings"][number] {
  const out: ValidateOutput["findings"][number] = {
    controlId: f.controlId,
    severity: f.severity,
    status: f.status,
    target: f.target,
    message: { zh: f.message.zh, en: f.message.en },
  };
  if (f.evidence !== undefined) out.evidence = { ...f.evidence };
  if (f.pointer !== undefined) {
    out.pointer = f.pointer;
    out.location = sources.locate(f.pointer);
  }
  if (f.waiver !== undefined) out.waiver = { ...f.waiver };
  return out;
}
