/**
 * Turn `pulumi preview --refresh --expect-no-changes --json` into drift items — one per changed member or
 * field — and say which legal controls each touches. Who made a change is ./attribution.ts. Pure functions
 * over data; running pulumi and reading the log is ./run.ts.
 */
import { CONTROLS, control, type ControlId, type WatchCondition } from "../rules/catalogue";
import { citeAll } from "../rules/law";
import type { Bilingual, Severity } from "../text";

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
      const item: DriftItem = {
        type: base.type,
        name: base.name,
        urn: base.urn,
        op: base.op,
        path,
        kind: d.kind,
      };
      const l = resolvePath(live, path);
      const w = resolvePath(declared, path);
      if (d.kind !== "add" && l !== undefined) item.live = l;
      if (d.kind !== "delete" && w !== undefined) item.declared = w;
      items.push(item);
    }
  }
  // Each path parsed once; "members[2]" against "members[10]" compares numbers without the collator.
  const keyed = items.map((item) => ({ item, key: pathKey(item.path) }));
  keyed.sort((a, b) =>
    a.item.urn === b.item.urn ? compareKeys(a.key, b.key) : a.item.urn < b.item.urn ? -1 : 1,
  );
  return keyed.map((k) => k.item);
}

/** A path as the collator orders it, with `prefix[index]` split out so most comparisons are numeric. */
interface PathKey {
  path: string;
  prefix?: string;
  index?: number;
}

function pathKey(path: string): PathKey {
  const m = /^([^\d]*)\[(\d{1,15})\]$/.exec(path);
  return m ? { path, prefix: m[1]!, index: Number(m[2]) } : { path };
}

/** The same order as {@link comparePaths}: for one prefix, the collator's numeric order is the index's. */
function compareKeys(a: PathKey, b: PathKey): number {
  if (a.prefix !== undefined && a.prefix === b.prefix) return a.index! - b.index!;
  return comparePaths(a.path, b.path);
}

/**
 * One collator for every comparison: `localeCompare` with options builds a collator per call (issue 12:
 * sorting 100,000 items took 13.3 s with it, 1.2 s with one shared collator).
 */
const PATH_ORDER = new Intl.Collator("en", { numeric: true });

/** "members[2]" before "members[10]": indexes compare as numbers. */
export function comparePaths(a: string, b: string): number {
  return PATH_ORDER.compare(a, b);
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
