/**
 * The law in the drift check: the controls evaluated on the policy files and one read-only snapshot of the
 * tenant (drift runs the live controls about the tenant's state, src/rules DRIFT_LIVE_CONTROLS), waivers
 * applied; and for each drifted item, the control that really applies with the specific reason — a leaver
 * put back into a role is a WC.ACC.1 finding naming the leave date and roster line, anyone else added to a
 * role is a membership change against the declared role. Pure functions over data; ./run.ts reads.
 */
import type { PolicyModel, PolicySources } from "../policy";
import {
  applyWaivers,
  citeAll,
  control,
  DRIFT_LIVE_CONTROLS,
  evaluateDeclared,
  evaluateLive,
  finding,
  type ControlId,
  type Finding,
} from "../rules";
import { hasLeft } from "../rules/context";
import { cstDay } from "../rules/dates";
import type { LiveSnapshot } from "../rules/live-snapshot";
import type { Control as ItemControl, LawFinding } from "../generated/drift-report";
import type { Bilingual } from "../text";
import { controlsFor, memberOf, type DriftItem } from "./analyse";

/** A control finding the drift check reports (failed, or failed and waived), and a control cited on an
 * item: the types generated from schemas/drift-report.schema.json. */
export type { LawFinding, Control as ItemControl } from "../generated/drift-report";

type Locate = Pick<PolicySources, "locate">;

function at(sources: Locate, pointer: string | undefined): string | undefined {
  if (pointer === undefined) return undefined;
  const l = sources.locate(pointer);
  return `${l.file}:${l.line}:${l.column}`;
}

function lawFinding(f: Finding, sources: Locate): LawFinding {
  const c = control(f.controlId);
  const out: LawFinding = {
    id: f.controlId,
    severity: f.severity,
    status: f.status === "waived" ? "waived" : "fail",
    target: f.target,
    title: { zh: c.title.zh, en: c.title.en },
    law: { zh: citeAll(c.articles, "zh"), en: citeAll(c.articles, "en") },
    message: { zh: f.message.zh, en: f.message.en },
  };
  const loc = at(sources, f.pointer);
  if (loc !== undefined) out.location = loc;
  if (f.waiver)
    out.waiver = {
      id: f.waiver.id,
      owner: f.waiver.owner,
      reason: f.waiver.reason,
      expires: f.waiver.expires,
    };
  return out;
}

/** Every failed (or waived) finding of the declared controls and the drift-relevant live ones. */
export function driftFindings(model: PolicyModel, snapshot: LiveSnapshot): Finding[] {
  const now = new Date(snapshot.now);
  const live = evaluateLive(model, snapshot).filter((f) => DRIFT_LIVE_CONTROLS.has(f.controlId));
  return applyWaivers([...evaluateDeclared(model, { now }), ...live], model.waivers, now).filter(
    (f) => f.status === "fail" || f.status === "waived",
  );
}

export function driftLaw(model: PolicyModel, sources: Locate, snapshot: LiveSnapshot): LawFinding[] {
  return driftFindings(model, snapshot).map((f) => lawFinding(f, sources));
}

/** The finding target an item's control is about (the names the controls and waivers use). */
function targetOf(id: ControlId, item: DriftItem, state: Record<string, unknown> | undefined): string {
  const agentId = state?.["agentId"];
  switch (item.type) {
    case "Role":
      return `role:${item.name}`;
    case "AppSettings":
    case "AppAccess":
      return typeof agentId === "number" ? `app:${agentId}` : `app:${item.name}`;
    case "ArchiveScope":
    case "MemberStatus": {
      const who = memberOf(item);
      return who !== undefined ? `member:${who}` : id === "WC.ARC.2v1" ? "archive" : "members";
    }
    case "CustomerHandover": {
      const v = item.live ?? item.declared;
      const who =
        v && typeof v === "object" && typeof (v as { handoverUserId?: unknown }).handoverUserId === "string"
          ? (v as { handoverUserId: string }).handoverUserId
          : undefined;
      return who !== undefined ? `member:${who}` : "customers";
    }
    case "CheckinRule":
      return `checkin:${item.name}`;
    default:
      return item.name;
  }
}

export interface ItemLaw {
  controls: ItemControl[];
  /** What the item is when no control applies to it (a role membership change by someone who has not left). */
  reason?: Bilingual;
}

export interface ItemLawContext {
  model: PolicyModel;
  sources: Locate;
  now: Date;
  /** The drift check's findings (driftFindings): an item citing a control with a finding on the same target
   * carries that finding's message as its reason. */
  findings: readonly Finding[];
}

/** The controls a drifted item touches, each with its specific reason and any waiver that covers it. */
const findingIndexes = new WeakMap<readonly Finding[], ReadonlyMap<string, Finding>>();

/**
 * The findings by control and target, built once per drift run rather than searched per item (issue 12:
 * no step quadratic in the items); the first finding for a pair wins, as `find` would pick it.
 */
function findingsByTarget(findings: readonly Finding[]): ReadonlyMap<string, Finding> {
  let index = findingIndexes.get(findings);
  if (!index) {
    const m = new Map<string, Finding>();
    for (const f of findings) {
      const key = `${f.controlId}\u0000${f.target}`;
      if (!m.has(key)) m.set(key, f);
    }
    findingIndexes.set(findings, (index = m));
  }
  return index;
}

export function itemLaw(
  item: DriftItem,
  state: Record<string, unknown> | undefined,
  ctx: ItemLawContext,
): ItemLaw {
  const today = cstDay(ctx.now);
  const people = ctx.model.people.byId;
  const ids = controlsFor(item, state, { hasLeft: (u) => hasLeft(people.get(u), today) });
  const controls = ids.map((id): ItemControl => {
    const c = control(id);
    const target = targetOf(id, item, state);
    const out: ItemControl = {
      id,
      severity: c.severity,
      title: { zh: c.title.zh, en: c.title.en },
      law: { zh: citeAll(c.articles, "zh"), en: citeAll(c.articles, "en") },
    };
    const who = memberOf(item);
    const person = who === undefined ? undefined : people.get(who);
    if (id === "WC.ACC.1v1" && person?.leaveDate !== undefined) {
      const role = ctx.model.roles.find((r) => r.key === item.name);
      const tag = role?.tagName ?? item.name;
      const line = at(ctx.sources, person.source);
      out.reason = {
        zh: `${person.userId} 已于 ${person.leaveDate} 离职（${line}），仍在 ${tag} 中`,
        en: `${person.userId} left on ${person.leaveDate} (${line}) and is in ${tag}`,
      };
    } else {
      // A drifted intercept rule finds WC.SEC.1's finding on the role that relies on it (the rule key is an alias).
      const f =
        findingsByTarget(ctx.findings).get(`${id}\u0000${target}`) ??
        (item.type === "InterceptRule"
          ? ctx.findings.find((x) => x.controlId === id && x.aliases?.includes(item.name) === true)
          : undefined);
      if (f) out.reason = { zh: f.message.zh, en: f.message.en };
    }
    // A waiver covers the item as it covers the finding in `audit`: same control, same target.
    const [w] = applyWaivers(
      [finding(id, "fail", target, out.reason ?? c.title, { aliases: [item.name] })],
      ctx.model.waivers,
      ctx.now,
    );
    if (w?.waiver)
      out.waiver = {
        id: w.waiver.id,
        owner: w.waiver.owner,
        reason: w.waiver.reason,
        expires: w.waiver.expires,
      };
    return out;
  });
  const result: ItemLaw = { controls };
  if (item.type === "Role" && item.path.startsWith("members") && controls.length === 0) {
    const who = memberOf(item);
    const role = ctx.model.roles.find((r) => r.key === item.name);
    const person = who === undefined ? undefined : people.get(who);
    const roleAt = at(ctx.sources, role?.source);
    const tag = role?.tagName ?? item.name;
    if (who !== undefined) {
      const status = person
        ? {
            zh: `${who} 未离职（${at(ctx.sources, person.source)}）`,
            en: `${who} has not left (${at(ctx.sources, person.source)})`,
          }
        : { zh: `${who} 不在花名册中`, en: `${who} is not in the roster` };
      result.reason =
        item.kind === "delete"
          ? {
              zh: `${status.zh}：这是对已声明角色 ${tag}（${roleAt}）成员的改动，不涉及离职人员控制项`,
              en: `${status.en}: a membership change against the declared role ${tag} (${roleAt}), not a leaver finding`,
            }
          : {
              zh: `${who} 被移出角色 ${tag}，与 ${roleAt} 的声明不符`,
              en: `${who} was removed from ${tag}, against the declared role (${roleAt})`,
            };
    }
  }
  return result;
}
