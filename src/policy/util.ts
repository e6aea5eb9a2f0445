/** Small helpers shared by the per-file normalisers. */

/** `{ [key]: value }` when value is defined, else `{}` — for optional fields under exactOptionalPropertyTypes. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Sorted copy without duplicates (sets are order-insensitive; sorting keeps output deterministic). */
export function sortedUnique<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Entries of a keyed mapping in the order the file lists them. */
export function entries<V>(record: { [k: string]: V | undefined }): [string, V][] {
  const out: [string, V][] = [];
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out.push([k, v]);
  return out;
}
