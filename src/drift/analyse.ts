/**
 * Turn `pulumi preview --refresh --expect-no-changes --json` into drift items — one per changed member or
 * field — and say which legal controls each touches and who most likely made the change (the admin
 * operation log). Pure functions over data; running pulumi and reading the log is ./run.ts.
 */
import { CONTROLS, control, type ControlId, type WatchCondition } from "../rules/catalogue";
import { citeAll } from "../rules/law";
import type { Bilingual, Severity } from "../text";
import { ADMIN_OPER_TYPE } from "../wecom/wire";
import type { AdminOperLog } from "../wecom/types";

/** The parts of Pulumi's preview JSON we read (pkg/display/json.go). */
export interface PreviewStep {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string }> | null;
  diffReasons?: string[] | null;
  oldState?: { outputs?: Record<string, unknown>; inputs?: Record<string, unknown> } | null;
  newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null;
}
export interface PreviewJson {
  steps?: PreviewStep[];
}

export interface DriftItem {
  /** Short type, e.g. "Role". */
  type: string;
  /** The policy key (Pulumi logical name). */
  name: string;
  urn: string;
  /** Pulumi's step: update, create (the object is gone), delete (no longer declared), replace… */
  op: string;
  /** Property path, e.g. "members[1]" or "homeUrl"; "" for a whole-resource change. */
  path: string;
  /** From the live tenant's point of view: "delete" = live has it, the policy does not. */
  kind: string;
  /** The live value at the path (what someone set by hand), when there is one. */
  live?: unknown;
  /** The declared value at the path, when there is one. */
  declared?: unknown;
}

export interface CitedControl {
  id: ControlId;
  severity: Severity;
  title: Bilingual;
  law: Bilingual;
}

export interface Attribution {
  operator: string;
  /** ISO 8601. */
  time: string;
  operType: number;
  detail: string;
  /** matched: the log entry names this object or member; candidate: only its kind of change matches. */
  confidence: "matched" | "candidate";
}

const IGNORED_OPS = new Set(["same", "refresh", "read"]);

/** Resolve "a.b[2].c" against a value. */
export function resolvePath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const seg of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = /^\d+$/.test(seg) && Array.isArray(cur) ? cur[Number(seg)] : (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/**
 * One item per drifted member or field, sorted by resource and path: Pulumi lists steps in the order they
 * ran, which varies between runs, and a report must read the same for the same drift.
 */
export function driftItems(preview: PreviewJson): DriftItem[] {
  const items: DriftItem[] = [];
  for (const step of preview.steps ?? []) {
    if (IGNORED_OPS.has(step.op)) continue;
    const parts = step.urn.split("::");
    const token = parts[2] ?? "";
    if (!token.startsWith("wecom:")) continue;
    const base = { type: token.split(":").pop()!, name: parts[3] ?? "", urn: step.urn, op: step.op };
    const live = step.oldState?.outputs;
    const declared = step.newState?.inputs;
    const paths = Object.entries(step.detailedDiff ?? {});
    if (paths.length === 0) {
      items.push({ ...base, path: "", kind: step.op });
      continue;
    }
    for (const [path, d] of paths) {
      const item: DriftItem = { ...base, path, kind: d.kind };
      const l = resolvePath(live, path);
      const w = resolvePath(declared, path);
      if (d.kind !== "add" && l !== undefined) item.live = l;
      if (d.kind !== "delete" && w !== undefined) item.declared = w;
      items.push(item);
    }
  }
  return items.sort((a, b) => (a.urn === b.urn ? comparePaths(a.path, b.path) : a.urn < b.urn ? -1 : 1));
}

/** "members[2]" before "members[10]": indexes compare as numbers. */
function comparePaths(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** What a watch condition needs to know beyond the item: the roster (has this member left?). */
export interface WatchFacts {
  /** True when the roster says the member has left by today. */
  hasLeft?: (userId: string) => boolean;
}

/** The userid a member item names (live value when someone added it by hand, else the declared one). */
export function memberOf(item: DriftItem): string | undefined {
  for (const v of [item.live, item.declared]) if (typeof v === "string") return v;
  return undefined;
}

/**
 * Which controls a drifted field touches: the catalogue entries whose `watches` name its resource type and
 * top-level property (src/rules/catalogue.ts), when their condition holds.
 */
export function controlsFor(
  item: DriftItem,
  state?: Record<string, unknown>,
  facts: WatchFacts = {},
): ControlId[] {
  const prop = item.path.split(/[.[]/)[0] ?? "";
  const holds = (when: WatchCondition | undefined): boolean => {
    switch (when ?? "always") {
      case "always":
        return true;
      case "member-has-left": {
        const who = memberOf(item);
        return who !== undefined && facts.hasLeft?.(who) === true;
      }
      case "app-reports-location":
        return state?.["locationMode"] === "on-enter";
    }
  };
  return CONTROLS.filter((c) =>
    c.watches.some(
      (w) => w.resource === item.type && (w.property === undefined || w.property === prop) && holds(w.when),
    ),
  ).map((c) => c.id);
}

export function cite(ids: readonly ControlId[]): CitedControl[] {
  return ids.map((id) => {
    const c = control(id);
    return {
      id,
      severity: c.severity,
      title: c.title,
      law: { zh: citeAll(c.articles, "zh"), en: citeAll(c.articles, "en") },
    };
  });
}

/**
 * Admin-log oper_types that can explain a change to each resource type (path/100179): tags and members
 * are contacts changes (3); app settings and visible ranges app changes (8); admins permission changes
 * (2); the archive range contacts-and-chat management (11).
 */
const OPER_TYPES: Record<string, readonly number[]> = {
  Role: [ADMIN_OPER_TYPE.contacts, ADMIN_OPER_TYPE.contactsAndChat],
  AppSettings: [ADMIN_OPER_TYPE.app],
  AppAccess: [ADMIN_OPER_TYPE.app, ADMIN_OPER_TYPE.permission],
  ArchiveScope: [ADMIN_OPER_TYPE.contactsAndChat, ADMIN_OPER_TYPE.other],
  MemberStatus: [ADMIN_OPER_TYPE.contacts],
  CustomerHandover: [ADMIN_OPER_TYPE.contacts, ADMIN_OPER_TYPE.externalContact],
};

/** Identifiers a log entry's free text may name for this item: userids, the tag or app name, the agentid. */
function tokens(item: DriftItem, state?: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const v of [item.live, item.declared]) {
    if (typeof v === "string") out.add(v.includes("/") ? v.split("/")[0]! : v);
    else if (v && typeof v === "object" && typeof (v as { userId?: unknown }).userId === "string")
      out.add((v as { userId: string }).userId);
  }
  for (const k of ["name", "agentId"]) {
    const v = state?.[k];
    if (typeof v === "string" || typeof v === "number") out.add(String(v));
  }
  return [...out].filter((t) => t.length >= 2);
}

/**
 * The most likely admin-log entry behind a drift item: the newest entry of a fitting oper_type whose text
 * names the object or member ("matched"); else the newest entry of a fitting oper_type made after the
 * stack's last update, `since` (Unix seconds) — before it, `up` would have converged a writable setting
 * ("candidate"). WeCom logs console changes only — a change made through the API has no entry.
 */
export function attribute(
  item: DriftItem,
  logs: readonly AdminOperLog[],
  state?: Record<string, unknown>,
  since = 0,
): Attribution | undefined {
  const types = OPER_TYPES[item.type] ?? [];
  const fitting = logs.filter((l) => types.includes(l.operType)).sort((a, b) => b.time - a.time);
  const want = tokens(item, state);
  const named = fitting.find((l) => want.some((t) => l.detailInfo.includes(t)));
  const pick = named ?? fitting.find((l) => l.time >= since);
  if (!pick) return undefined;
  return {
    operator: pick.userId,
    time: new Date(pick.time * 1000).toISOString(),
    operType: pick.operType,
    detail: pick.detailInfo,
    confidence: named ? "matched" : "candidate",
  };
}
