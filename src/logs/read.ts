/**
 * The admin log for a time span, from the local archive where it covers the span and from WeCom's API for
 * the rest (what happened since the last `logs sync`). Drift attribution reads it this way, so a drift
 * check after a sync makes one API call instead of one per 7-day window, and can search as far back as
 * the archive reaches.
 */
import type { AdminOperLog } from "../wecom/types";
import type { LogArchive } from "./archive";

export interface AdminLogRead {
  logs: AdminOperLog[];
  /** The span read from the archive (Unix seconds), if any. */
  archived?: { from: number; to: number };
  /** The span read from the API, if any. */
  fetched?: { from: number; to: number };
}

/**
 * Entries of [start, end] (Unix seconds, inclusive). The archive ({@link openArchive}) is used when its unbroken coverage
 * starts at or before `start` and reaches into the span; `readApi` is called for whatever is left after
 * it (nothing when the archive reaches `end`).
 */
export async function readAdminLogs(
  start: number,
  end: number,
  readApi: (start: number, end: number) => Promise<AdminOperLog[]>,
  archive?: LogArchive,
): Promise<AdminLogRead> {
  if (archive) {
    const cov = archive.summary().coverage.admin;
    if (cov && cov.from <= start && cov.until >= start) {
      const to = Math.min(cov.until, end);
      const out: AdminLogRead = { logs: archive.logs("admin", start, to), archived: { from: start, to } };
      if (to < end) {
        out.logs.push(...(await readApi(to + 1, end)));
        out.fetched = { from: to + 1, to: end };
      }
      return out;
    }
  }
  return { logs: await readApi(start, end), fetched: { from: start, to: end } };
}
