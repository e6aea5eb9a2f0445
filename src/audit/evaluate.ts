/**
 * Every control of the catalogue evaluated once: declared ones on the policy files, live ones on a tenant
 * snapshot, waivers applied — the results of `wecom-policy audit`. A pure function of its inputs, so the
 * same policy files and snapshot give the same report (`audit --from-evidence` re-evaluates with it).
 */
import { EXIT } from "../cli/exit-codes";
import type { AuditReport, Control as ReportControl, Result } from "../generated/audit-report";
import type { PolicyModel, PolicySources } from "../policy";
import {
  CONTROLS,
  applyWaivers,
  citeAll,
  evaluateDeclared,
  evaluateLive,
  summarise,
  whereEvaluated,
  type Finding,
  type FindingStatus,
} from "../rules";
import type { Reach, TenantSnapshot } from "../tenant";

export type { AuditReport } from "../generated/audit-report";

/** The audit's verdict as `wecom-policy audit` exits with it (src/cli/exit-codes.ts): no mandatory control fails, one does. */
export const AUDIT_EXIT = { pass: EXIT.ok, mandatoryFailure: EXIT.failed } as const;

export interface AuditInputs {
  model: PolicyModel;
  sources: Pick<PolicySources, "locate">;
  snapshot: TenantSnapshot;
  stack: string;
  policy: AuditReport["policy"];
  reach: Reach;
}

const WORST: Readonly<Record<FindingStatus, number>> = {
  "not-applicable": 0,
  pass: 1,
  "cannot-check": 2,
  waived: 3,
  fail: 4,
};

function result(f: Finding, sources: AuditInputs["sources"]): Result {
  const r: Result = { target: f.target, status: f.status, message: { zh: f.message.zh, en: f.message.en } };
  if (f.pointer !== undefined) {
    const loc = sources.locate(f.pointer);
    r.location = `${loc.file}:${loc.line}:${loc.column}`;
    r.pointer = f.pointer;
  }
  if (f.waiver) {
    const w = f.waiver;
    r.waiver = { id: w.id, owner: w.owner, reason: w.reason, expires: w.expires };
  }
  // Through JSON so a report and its re-evaluation from evidence compare equal.
  if (f.evidence !== undefined)
    r.evidence = JSON.parse(JSON.stringify(f.evidence)) as Record<string, unknown>;
  return r;
}

/** Every finding of every control at the snapshot's instant, waivers applied. */
export function auditFindings(model: PolicyModel, snapshot: TenantSnapshot): Finding[] {
  const now = new Date(snapshot.now);
  const all = [...evaluateDeclared(model, { now }), ...evaluateLive(model, snapshot)];
  return applyWaivers(all, model.waivers, now);
}

export function evaluateAudit(inp: AuditInputs): AuditReport {
  const findings = auditFindings(inp.model, inp.snapshot);
  const controls: ReportControl[] = CONTROLS.map((c) => {
    const mine = findings.filter((f) => f.controlId === c.id);
    const status = mine.reduce<FindingStatus>(
      (worst, f) => (WORST[f.status] > WORST[worst] ? f.status : worst),
      "not-applicable",
    );
    return {
      id: c.id,
      severity: c.severity,
      kind: c.kind,
      evaluatedIn: whereEvaluated(c.id),
      status,
      title: { zh: c.title.zh, en: c.title.en },
      law: { zh: citeAll(c.articles, "zh"), en: citeAll(c.articles, "en") },
      results: mine.map((f) => result(f, inp.sources)),
    };
  });
  const s = summarise(findings);
  return {
    version: 2,
    stack: inp.stack,
    auditedAt: inp.snapshot.now,
    corpId: inp.snapshot.corpId,
    exitCode: s.mandatoryFailures > 0 ? AUDIT_EXIT.mandatoryFailure : AUDIT_EXIT.pass,
    policy: inp.policy,
    reach: { ...inp.reach, apps: [...inp.reach.apps] },
    summary: {
      mandatoryFailures: s.mandatoryFailures,
      advisoryFailures: s.advisoryFailures,
      waived: s.waived,
      passed: s.passed,
      notApplicable: s.notApplicable,
      cannotCheck: s.cannotCheck,
    },
    controls,
  };
}
