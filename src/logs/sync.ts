/**
 * `logs sync`: pull the admin and member operation logs (security/admin_oper_log/list, path/100179;
 * security/member_oper_log/list, path/100178) into the local archive, window by window, as far back as
 * WeCom reaches (180 days) on the first run and from the last fetched window on every later one.
 *
 * Each window (≤ 7 days, src/wecom/log-windows.ts) is written with its records in one append, so an
 * interrupted run resumes at the first window it had not finished and never stores a record twice.
 */
import { NO_PROGRESS, type ProgressSink } from "../progress";
import type { Bilingual } from "../text";
import type { AdminOperLog, MemberOperLog, OperLogQuery } from "../wecom/types";
import { logWindows, oldestLogStart } from "../wecom/log-windows";
import { ArchiveError, LogArchive, LOG_KINDS, type ArchiveEntry, type LogKind } from "./archive";

/** What `logs sync` reads from (the WeCom client). */
export interface LogSource {
  listAdminOperLogs(q: OperLogQuery): Promise<AdminOperLog[]>;
  listMemberOperLogs(q: OperLogQuery): Promise<MemberOperLog[]>;
}

export interface SyncOptions {
  corpId: string;
  /** Now (epoch ms): the clock WeCom's window limits are measured against. */
  now: number;
  signal?: AbortSignal;
  progress?: ProgressSink;
  /**
   * Seconds kept clear of WeCom's 180-day limit, so a window that starts at the limit is not refused
   * because a second passed between computing it and WeCom checking it.
   */
  marginSeconds?: number;
}

export interface SyncResult {
  /** Windows fetched now, per log. */
  windows: Record<LogKind, number>;
  /** Records added now, per log. */
  added: Record<LogKind, number>;
  /** Where each log's new windows started (Unix seconds); a gap means the archive had fallen behind. */
  startedAt: Record<LogKind, number>;
  /** Logs whose previous sync was more than 180 days ago: the entries in between are lost. */
  gaps: LogKind[];
  until: number;
  head: { seq: number; hash: string };
}

const LABEL: Record<LogKind, Bilingual> = {
  admin: { zh: "日志同步：管理端操作日志（时间窗）", en: "logs sync: admin operation log (windows)" },
  member: { zh: "日志同步：成员操作记录（时间窗）", en: "logs sync: member operation records (windows)" },
};

/** Pull every window not yet in the archive at `dir`. Throws on an abort (what was written stays). */
export async function syncLogs(dir: string, source: LogSource, opts: SyncOptions): Promise<SyncResult> {
  const archive = LogArchive.open(dir, { forWrite: true });
  const before = archive.summary();
  if (before.corpId !== null && before.corpId !== opts.corpId)
    throw new ArchiveError(
      `${archive.file} holds the logs of corp ${before.corpId}, not ${opts.corpId}: choose another --archive directory / 该归档属于另一个企业`,
    );
  archive.anchor(); // a sync interrupted between its two writes left head.json one window behind
  if (before.corpId === null)
    archive.append([{ type: "archive", corpId: opts.corpId, createdAt: new Date(opts.now).toISOString() }]);

  const progress = opts.progress ?? NO_PROGRESS;
  const nowSec = Math.floor(opts.now / 1000);
  const until = nowSec - 1; // WeCom wants end_time before now
  const oldest = oldestLogStart(nowSec, opts.marginSeconds);
  const result: SyncResult = {
    windows: { admin: 0, member: 0 },
    added: { admin: 0, member: 0 },
    startedAt: { admin: oldest, member: oldest },
    gaps: [],
    until,
    head: archive.head,
  };

  for (const kind of LOG_KINDS) {
    const lastEnd = lastWindowEnd(archive.entries(), kind);
    let start = lastEnd === undefined ? oldest : lastEnd + 1;
    if (start < oldest) {
      result.gaps.push(kind);
      start = oldest;
    }
    result.startedAt[kind] = start;
    const windows = start <= until ? logWindows(start, until) : [];
    progress.phase(LABEL[kind], windows.length);
    for (const w of windows) {
      opts.signal?.throwIfAborted();
      const q = { start: w.from, end: w.endTime };
      const records: ArchiveEntry[] =
        kind === "admin"
          ? (await source.listAdminOperLogs(q)).map((r) => ({ type: "admin" as const, ...r }))
          : (await source.listMemberOperLogs(q)).map((r) => ({ type: "member" as const, ...r }));
      opts.signal?.throwIfAborted();
      archive.append([
        ...records.sort((a, b) => time(a) - time(b)),
        {
          type: "window",
          log: kind,
          start: w.from,
          end: w.endTime,
          records: records.length,
          fetchedAt: new Date(opts.now).toISOString(),
        },
      ]);
      result.windows[kind] += 1;
      result.added[kind] += records.length;
      progress.tick();
    }
  }
  archive.append([{ type: "sync", at: new Date(opts.now).toISOString(), until }]);
  result.head = archive.head;
  return result;
}

function time(e: ArchiveEntry): number {
  return e.type === "admin" || e.type === "member" ? e.time : 0;
}

function lastWindowEnd(entries: readonly ArchiveEntry[], kind: LogKind): number | undefined {
  let end: number | undefined;
  for (const e of entries) if (e.type === "window" && e.log === kind) end = Math.max(end ?? e.end, e.end);
  return end;
}
