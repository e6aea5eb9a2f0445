/**
 * Diff helpers shared by resources. Member lists are sets: order never causes a diff, and each element
 * added or removed is reported as its own detailedDiff entry so a reviewer sees exactly who changes.
 */
import type { DiffKind } from "./types";

export interface SetDelta<T> {
  added: T[];
  removed: T[];
}

/** Set difference of `desired` against `live`, comparing by `key` (e.g. lower-cased userid). */
export function setDelta<T>(
  live: readonly T[],
  desired: readonly T[],
  key: (v: T) => string = String,
): SetDelta<T> {
  const liveKeys = new Set(live.map(key));
  const desiredKeys = new Set(desired.map(key));
  return {
    added: unique(
      desired.filter((v) => !liveKeys.has(key(v))),
      key,
    ),
    removed: unique(
      live.filter((v) => !desiredKeys.has(key(v))),
      key,
    ),
  };
}

function unique<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * detailedDiff entries for a set-valued array property. Paths index into the array that holds the
 * element — the desired array for additions, the live array for removals — so Pulumi's display shows
 * the element's value next to its path.
 */
export function setDetailedDiff<T>(
  prop: string,
  live: readonly T[],
  desired: readonly T[],
  key: (v: T) => string = String,
): Record<string, DiffKind> {
  const out: Record<string, DiffKind> = {};
  const { added, removed } = setDelta(live, desired, key);
  const addedKeys = new Set(added.map(key));
  const removedKeys = new Set(removed.map(key));
  desired.forEach((v, i) => {
    if (addedKeys.delete(key(v))) out[`${prop}[${i}]`] = "add";
  });
  live.forEach((v, i) => {
    if (removedKeys.delete(key(v))) out[`${prop}[${i}]`] = out[`${prop}[${i}]`] ? "update" : "delete";
  });
  return out;
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

export const lowerKey = (s: string): string => s.toLowerCase();
