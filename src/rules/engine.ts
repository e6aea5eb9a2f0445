/**
 * The rules engine: runs the catalogue's checks over the policy model (declared) or the model plus a
 * live snapshot (live), applies waivers, summarises and formats. Every check is a pure function of its
 * inputs; the clock is injected.
 */
import type { PolicyModel, SourceLocation, SourceRef, Waiver } from "../policy/model";
import { CONTROL_IDS, control, type ControlId } from "./catalogue";
import { declaredContext, type DeclaredCheck, type LiveCheck, type LiveContext } from "./context";
import { cstDay, instant } from "./dates";
import { targetNames, type Finding, type FindingStatus } from "./finding";
import { citeAll } from "./law";
import { FIELD_WORDS, labelled, SEVERITY_WORDS, STATUS_WORDS, withSeverity, zh, type Lang } from "../text";
import type { LiveSnapshot } from "./live-snapshot";
import { checkAcc1, checkAcc2, checkAcc3 } from "./controls/acc";
import {
  checkChk1,
  checkChk1Live,
  checkChk2,
  checkChk2Live,
  checkChk3Declared,
  checkChk3Live,
} from "./controls/chk";
import { checkArc1, checkArc2, checkArc2Declared, checkArc3, checkArc4, checkArc5 } from "./controls/arc";
import { checkGov1, checkGov2, checkGov3, checkGov4 } from "./controls/gov";
import { checkLoc1, checkLoc2, checkLoc3 } from "./controls/loc";
import { checkLog1 } from "./controls/log";
import { checkLvr1, checkLvr2, checkLvr3 } from "./controls/lvr";
import { checkSec1, checkSec1Live, checkSec2 } from "./controls/sec";
import { waiverProblems, checkWvr1 } from "./controls/wvr";
import { checkXb1, checkXb2Declared, checkXb2Live, checkXb3 } from "./controls/xb";

/** Checks over the policy files alone (`validate`, every preview). */
export const DECLARED_CHECKS: ReadonlyArray<readonly [ControlId, DeclaredCheck]> = [
  ["WC.LOC.1v1", checkLoc1],
  ["WC.LOC.2v1", checkLoc2],
  ["WC.ARC.1v1", checkArc1],
  ["WC.ARC.2v1", checkArc2Declared],
  ["WC.ARC.3v1", checkArc3],
  ["WC.ARC.4v1", checkArc4],
  ["WC.ACC.1v1", checkAcc1],
  ["WC.XB.1v1", checkXb1],
  ["WC.XB.2v1", checkXb2Declared],
  ["WC.XB.3v1", checkXb3],
  ["WC.GOV.1v1", checkGov1],
  ["WC.GOV.2v1", checkGov2],
  ["WC.GOV.3v1", checkGov3],
  ["WC.SEC.1v1", checkSec1],
  ["WC.SEC.2v1", checkSec2],
  ["WC.CHK.1v1", checkChk1],
  ["WC.CHK.2v1", checkChk2],
  ["WC.CHK.3v1", checkChk3Declared],
  ["WC.WVR.1v1", checkWvr1],
];

/** Checks that need the tenant (drift, report). WC.XB.2 and WC.SEC.1 have both a declared and a live part. */
export const LIVE_CHECKS: ReadonlyArray<readonly [ControlId, LiveCheck]> = [
  ["WC.LOC.3v1", checkLoc3],
  ["WC.ARC.2v1", checkArc2],
  ["WC.ARC.5v1", checkArc5],
  ["WC.LOG.1v1", checkLog1],
  ["WC.ACC.2v1", checkAcc2],
  ["WC.ACC.3v1", checkAcc3],
  ["WC.LVR.1v1", checkLvr1],
  ["WC.LVR.2v1", checkLvr2],
  ["WC.LVR.3v1", checkLvr3],
  ["WC.XB.2v1", checkXb2Live],
  ["WC.GOV.4v1", checkGov4],
  ["WC.SEC.1v1", checkSec1Live],

  ["WC.CHK.1v1", checkChk1Live],
  ["WC.CHK.2v1", checkChk2Live],
  ["WC.CHK.3v1", checkChk3Live],
];

/**
 * Live controls that `wecom-policy drift` evaluates: those about the tenant's state. WC.LOG.1 (has `logs
 * sync` run, how far back the archive reaches) and WC.GOV.4 (was a compliance audit produced) are about the
 * operator's routine, not the tenant, and are evaluated by `audit` only.
 */
export const DRIFT_LIVE_CONTROLS: ReadonlySet<ControlId> = new Set<ControlId>(
  LIVE_CHECKS.map(([id]) => id).filter((id) => id !== "WC.LOG.1v1" && id !== "WC.GOV.4v1"),
);

/** The commands that evaluate controls. `preview` is the program's gate before `pulumi preview` / `up`. */
export const EVALUATED_IN = ["validate", "preview", "audit", "drift"] as const;
export type EvaluatedIn = (typeof EVALUATED_IN)[number];

/** Where a control is evaluated: derived from the check tables above, so docs/controls.md cannot lie. */
export function whereEvaluated(id: ControlId): EvaluatedIn[] {
  const declared = DECLARED_CHECKS.some(([c]) => c === id);
  const live = LIVE_CHECKS.some(([c]) => c === id);
  return EVALUATED_IN.filter((place) => {
    if (place === "validate" || place === "preview") return declared;
    if (place === "audit") return declared || live;
    return live && DRIFT_LIVE_CONTROLS.has(id);
  });
}

const ORDER = new Map<ControlId, number>(CONTROL_IDS.map((id, i) => [id, i]));

/** Catalogue order, then each check's own (deterministic) order. */
function byControl(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => (ORDER.get(a.controlId) ?? 0) - (ORDER.get(b.controlId) ?? 0) || i - j)
    .map(([f]) => f);
}

export interface EvaluateOptions {
  /** The injected clock; dates in policies are compared with its China Standard Time day. */
  readonly now: Date;
}

/** Runs every declared check. Waivers are not applied: call {@link applyWaivers}. */
export function evaluateDeclared(model: PolicyModel, opts: EvaluateOptions): Finding[] {
  const ctx = declaredContext(model, opts.now);
  return byControl(DECLARED_CHECKS.flatMap(([, check]) => check(ctx)));
}

/** Runs every live check against `snapshot`, measuring time from `snapshot.now`. Waivers are not applied. */
export function evaluateLive(model: PolicyModel, snapshot: LiveSnapshot): Finding[] {
  const now = instant(snapshot.now);
  const ctx: LiveContext = { ...declaredContext(model, now), snapshot };
  return byControl(LIVE_CHECKS.flatMap(([, check]) => check(ctx)));
}

/**
 * Turns each failed finding that a valid waiver names (same control id, same target — or one of the
 * target's other names, see {@link Finding.aliases}) into `waived`.
 * A waiver that is expired (its `expires` day is before today, CST), lacks a reason or owner, or names
 * an unknown control silences nothing — WC.WVR.1 reports it. WC.WVR.1 findings are never waived.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], now: Date): Finding[] {
  const today = cstDay(now);
  const valid = new Map<string, Waiver>();
  for (const w of waivers) {
    if (waiverProblems(w, today).length > 0) continue;
    const key = `${w.control}\u0000${w.target}`;
    // Two waivers for one target: keep the one that lasts longest, so the report shows the real horizon.
    const cur = valid.get(key);
    if (!cur || cur.expires < w.expires) valid.set(key, w);
  }
  return findings.map((f) => {
    if (f.status !== "fail" || f.controlId === "WC.WVR.1v1") return f;
    const w = targetNames(f)
      .map((name) => valid.get(`${f.controlId}\u0000${name}`))
      .find((x) => x !== undefined);
    if (!w) return f;
    return {
      ...f,
      status: "waived",
      waiver: { id: w.id, owner: w.owner, reason: w.reason, expires: w.expires, source: w.source },
    };
  });
}

export interface FindingsSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly waived: number;
  readonly notApplicable: number;
  /** Live facts that could not be read: neither pass nor fail. */
  readonly cannotCheck: number;
  /** Failed mandatory findings: any of these stops `pulumi preview`. */
  readonly mandatoryFailures: number;
  readonly advisoryFailures: number;
  /** Per control, the worst status seen: fail > waived > cannot-check > pass > not-applicable. */
  readonly byControl: Readonly<Partial<Record<ControlId, FindingStatus>>>;
  readonly blocked: boolean;
}

const WORST: Readonly<Record<FindingStatus, number>> = {
  "not-applicable": 0,
  pass: 1,
  "cannot-check": 2,
  waived: 3,
  fail: 4,
};

export function summarise(findings: readonly Finding[]): FindingsSummary {
  const count = (s: FindingStatus): number => findings.filter((f) => f.status === s).length;
  const failed = findings.filter((f) => f.status === "fail");
  const byControl: Partial<Record<ControlId, FindingStatus>> = {};
  for (const f of findings) {
    const cur = byControl[f.controlId];
    if (cur === undefined || WORST[f.status] > WORST[cur]) byControl[f.controlId] = f.status;
  }
  const mandatoryFailures = failed.filter((f) => f.severity === "mandatory").length;
  return {
    total: findings.length,
    passed: count("pass"),
    failed: failed.length,
    waived: count("waived"),
    notApplicable: count("not-applicable"),
    cannotCheck: count("cannot-check"),
    mandatoryFailures,
    advisoryFailures: failed.length - mandatoryFailures,
    byControl,
    blocked: mandatoryFailures > 0,
  };
}

export interface FormatOptions {
  /** Which statuses to list; default fail and waived. */
  readonly statuses?: readonly FindingStatus[];
  /** Resolves a finding's pointer to file:line (PolicySources.locate). */
  readonly locate?: (ref: SourceRef) => SourceLocation;
}

const MARK: Readonly<Record<FindingStatus, string>> = {
  fail: "✗",
  waived: "⊘",
  pass: "✓",
  "not-applicable": "–",
  "cannot-check": "?",
};

export function where(pointer: SourceRef, locate?: (ref: SourceRef) => SourceLocation): string {
  if (!locate) return pointer;
  const loc = locate(pointer);
  const at = `${loc.file}:${loc.line}:${loc.column}`;
  return loc.pointer === "" ? at : `${at} ${loc.pointer}`;
}

/** One block per finding, then a one-line summary; plain text for terminals and CI logs. */
export function formatFindings(findings: readonly Finding[], lang: Lang, opts: FormatOptions = {}): string {
  const statuses = opts.statuses ?? ["fail", "waived"];
  const L = FIELD_WORDS;
  const lines: string[] = [];
  for (const f of findings) {
    if (!statuses.includes(f.status)) continue;
    const c = control(f.controlId);
    lines.push(`${MARK[f.status]} ${withSeverity(f.controlId, f.severity, lang, f.target)}`);
    lines.push(`    ${f.message[lang]}`);
    lines.push(`    ${labelled(L.law, citeAll(c.articles, lang), lang)}`);
    if (f.status === "fail") lines.push(`    ${labelled(L.fix, c.remediation[lang], lang)}`);
    if (f.waiver) {
      const w = f.waiver;
      const detail =
        lang === "zh"
          ? zh`${w.id}（负责人 ${w.owner}，有效至 ${w.expires}）：${w.reason}`
          : `${w.id} (owner ${w.owner}, until ${w.expires}): ${w.reason}`;
      lines.push(`    ${labelled(L.waived, detail, lang)}`);
    }
    if (f.pointer !== undefined) lines.push(`    ${labelled(L.at, where(f.pointer, opts.locate), lang)}`);
  }
  lines.push(summaryLine(summarise(findings), lang));
  return `${lines.join("\n")}\n`;
}

export function summaryLine(s: FindingsSummary, lang: Lang): string {
  if (lang === "zh") {
    const w = (k: keyof typeof STATUS_WORDS) => STATUS_WORDS[k].zh;
    return `${SEVERITY_WORDS.mandatory.zh}项失败 ${s.mandatoryFailures} 个，${SEVERITY_WORDS.advisory.zh}项失败 ${s.advisoryFailures} 个，${w("waived")} ${s.waived} 个，${w("pass")} ${s.passed} 个，${w("not-applicable")} ${s.notApplicable} 个${s.cannotCheck ? `，${w("cannot-check")} ${s.cannotCheck} 个` : ""}。`;
  }
  const n = (k: number, one: string, many = `${one}s`): string => `${k} ${k === 1 ? one : many}`;
  return `${n(s.mandatoryFailures, "mandatory failure")}, ${n(s.advisoryFailures, "advisory failure")}, ${s.waived} waived, ${s.passed} passed, ${s.notApplicable} not applicable${s.cannotCheck ? `, ${s.cannotCheck} cannot be checked` : ""}.`;
}
