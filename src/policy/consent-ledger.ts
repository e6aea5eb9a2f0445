/** The consent ledger with indexes built once, so checks over 100k rows stay linear. */
import type { ConsentEntry, ConsentLedger, IsoDate } from "./model";

export function buildConsentLedger(entries: readonly ConsentEntry[]): ConsentLedger {
  const byPurpose = new Map<string, Map<string, ConsentEntry[]>>();
  for (const e of entries) {
    let users = byPurpose.get(e.purpose);
    if (!users) byPurpose.set(e.purpose, (users = new Map()));
    const rows = users.get(e.userId);
    if (rows) rows.push(e);
    else users.set(e.userId, [e]);
  }
  return {
    entries,
    byPurpose,
    validOn(userId: string, purpose: string, date: IsoDate): ConsentEntry | undefined {
      const rows = byPurpose.get(purpose)?.get(userId);
      if (!rows) return undefined;
      // The latest consent given on or before `date` that was not withdrawn by then.
      let best: ConsentEntry | undefined;
      for (const r of rows) {
        if (r.given > date) continue;
        if (r.withdrawn !== undefined && r.withdrawn <= date) continue;
        if (!best || r.given > best.given) best = r;
      }
      return best;
    },
  };
}
