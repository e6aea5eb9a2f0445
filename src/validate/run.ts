/**
 * `wecom-policy validate` without the command line: load the policy files (schemas, references), then run
 * the declared legal controls with waivers applied. No network. The command parses flags and prints
 * (src/report/validate.ts words the result).
 */
import { loadPolicies, type PolicySources, type Problem } from "../policy";
import { applyWaivers, evaluateDeclared, summarise, type Finding } from "../rules";

export type ValidateResult =
  | { ok: false; problems: Problem[] }
  | {
      ok: true;
      findings: Finding[];
      summary: ReturnType<typeof summarise>;
      sources: PolicySources;
    };

export async function validatePolicies(dir: string, now: Date): Promise<ValidateResult> {
  const loaded = await loadPolicies(dir);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  const findings = applyWaivers(evaluateDeclared(loaded.model, { now }), loaded.model.waivers, now);
  return { ok: true, findings, summary: summarise(findings), sources: loaded.sources };
}
