/**
 * Diff helpers shared by resources. Member lists are sets: order never causes a diff, and each element
 * added or removed is reported as its own detailedDiff entry so a reviewer sees exactly who changes.
 */
import type { CheckFailure, DiffKind } from "./types";

export interface SetDelta<T> {
  added: T[];
  removed: T[];
}

/**
 * Set difference of `desired` against `live`, comparing by `key` (e.g. lower-cased userid). Each element's
 * key is computed once; first occurrences win, in the arrays' order.
 */
export function setDelta<T>(
  live: readonly T[],
  desired: readonly T[],
  key: (v: T) => string = String,
): SetDelta<T> {
  const liveKeys = live.map(key);
  const desiredKeys = desired.map(key);
  return {
    added: missingFrom(desired, desiredKeys, new Set(liveKeys)),
    removed: missingFrom(live, liveKeys, new Set(desiredKeys)),
  };
}

/** The elements of `values` whose key is not in `other`, each key once. */
function missingFrom<T>(values: readonly T[], keys: readonly string[], other: ReadonlySet<string>): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  keys.forEach((k, i) => {
    if (other.has(k) || seen.has(k)) return;
    seen.add(k);
    out.push(values[i]!);
  });
  return out;
}

/** Indexes of the first occurrence of each key of `keys` that is not in `other`. */
function missingIndexes(keys: readonly string[], other: ReadonlySet<string>): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    if (other.has(k) || seen.has(k)) return;
    seen.add(k);
    out.push(i);
  });
  return out;
}

/**
 * detailedDiff entries for a set-valued array property. Paths index into the array that holds the
 * element — the desired array for additions, the live array for removals — so Pulumi's display shows
 * the element's value next to its path. Linear: each key computed once, one Set per side.
 */
export function setDetailedDiff<T>(
  prop: string,
  live: readonly T[],
  desired: readonly T[],
  key: (v: T) => string = String,
): Record<string, DiffKind> {
  const out: Record<string, DiffKind> = {};
  const liveKeys = live.map(key);
  const desiredKeys = desired.map(key);
  for (const i of missingIndexes(desiredKeys, new Set(liveKeys))) out[`${prop}[${i}]`] = "add";
  for (const i of missingIndexes(liveKeys, new Set(desiredKeys))) {
    const path = `${prop}[${i}]`;
    out[path] = out[path] ? "update" : "delete";
  }
  return out;
}

export const lowerKey = (s: string): string => s.toLowerCase();

/**
 * Userids listed twice in `list` (WeCom userids are unique case-insensitively, so `Lina` and `lina` are the
 * same member): one failure per repeat, naming where it was first listed.
 */
export function duplicateUserIds(list: readonly unknown[], property = "members"): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Map<string, number>();
  list.forEach((u, i) => {
    if (typeof u !== "string") return;
    const first = seen.get(lowerKey(u));
    if (first !== undefined)
      failures.push({
        property: `${property}[${i}]`,
        reason: `userid ${u} is listed twice (also at ${property}[${first}]; userids are case-insensitive) / userid ${u} 重复（另见 ${property}[${first}]，userid 不区分大小写）`,
      });
    else seen.set(lowerKey(u), i);
  });
  return failures;
}
