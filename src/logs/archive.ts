/**
 * The operation-log archive: an append-only, hash-chained local store of WeCom's admin and member
 * operation logs, so they are kept beyond the API's 180-day reach (CSL Art. 23(3): at least six months;
 * WC.LOG.1). One directory per tenant:
 *
 * - `archive.jsonl` — one record a line: `{"seq":N,"prev":"<hash of N-1>","hash":"<sha256>","entry":{…}}`.
 *   The hash covers seq, prev and the entry (canonical JSON, sorted keys), so editing, deleting, reordering
 *   or inserting a line breaks the chain at that line. Entries: `archive` (the tenant, first line), `admin`
 *   and `member` log records, `window` (a fetched time window, written after its records: the archive's
 *   coverage and the resume point) and `sync` (a completed `logs sync`).
 * - `head.json` — `{seq, hash}` of the last record written. It anchors the chain's end, so records deleted
 *   from the end are noticed too; `logs sync` prints it, and a CI job can keep it in its log.
 *
 * A window's records and its `window` entry are appended in one write, then head.json is replaced
 * atomically: an interrupted sync leaves either the whole window or none of it (a torn last line is
 * dropped on the next sync), so a re-run fetches that window again and never duplicates a record.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LiveLogArchive } from "../rules/live-snapshot";
import type { AdminOperLog, MemberOperLog } from "../wecom/types";

export const ARCHIVE_FILE = "archive.jsonl";
export const HEAD_FILE = "head.json";
export const GENESIS = "0".repeat(64);

export type LogKind = "admin" | "member";
export const LOG_KINDS: readonly LogKind[] = ["admin", "member"];

export type ArchiveEntry =
  | { type: "archive"; corpId: string; createdAt: string }
  | ({ type: "admin" } & AdminOperLog)
  | ({ type: "member" } & MemberOperLog)
  /** A fetched window [start, end] (Unix seconds, inclusive) of one log, and how many records it held. */
  | { type: "window"; log: LogKind; start: number; end: number; records: number; fetchedAt: string }
  /** A completed sync: every window up to `until` (Unix seconds) is in the archive. */
  | { type: "sync"; at: string; until: number };

export interface ArchiveRecord {
  seq: number;
  prev: string;
  hash: string;
  entry: ArchiveEntry;
}

export interface Head {
  seq: number;
  hash: string;
}

/** JSON with object keys sorted at every level, so a hash does not depend on key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function recordHash(seq: number, prev: string, entry: ArchiveEntry): string {
  return createHash("sha256")
    .update(`${seq}\n${prev}\n${canonical(entry)}`)
    .digest("hex");
}

/** An archive that cannot be used: it belongs to another tenant, or its files are not an archive. */
export class ArchiveError extends Error {
  override readonly name = "ArchiveError";
}

/** A parsed line; `record` undefined when the line is not a record (the verify step says why). */
export interface ArchiveLine {
  line: number;
  text: string;
  record?: ArchiveRecord;
}

export function parseLines(text: string): { lines: ArchiveLine[]; torn: boolean } {
  const torn = text.length > 0 && !text.endsWith("\n");
  const raw = text.split("\n");
  if (raw[raw.length - 1] === "") raw.pop();
  const lines = raw.map((t, i): ArchiveLine => {
    try {
      const r = JSON.parse(t) as ArchiveRecord;
      if (
        typeof r.seq === "number" &&
        typeof r.prev === "string" &&
        typeof r.hash === "string" &&
        r.entry &&
        typeof r.entry === "object"
      )
        return { line: i + 1, text: t, record: r };
    } catch {
      // not JSON: reported by verify
    }
    return { line: i + 1, text: t };
  });
  return { lines, torn };
}

/** What WC.LOG.1 and drift need to know about an archive. */
export interface ArchiveSummary {
  corpId: string | null;
  /** When the last `logs sync` completed (ISO 8601); null if none did. */
  lastSyncAt: string | null;
  /**
   * Per log: the start of the first fetched window of the unbroken run of windows that ends at the newest
   * one (Unix seconds), and that run's end; null when nothing was fetched.
   */
  coverage: Record<LogKind, { from: number; until: number } | null>;
  /** Number of log records (admin + member). */
  records: number;
  head: Head;
}

/**
 * The local archive in one directory. Reading is cheap (one file); writing appends and replaces head.json.
 * Only `logs sync` writes; `logs verify`, WC.LOG.1 and drift read.
 */
export class LogArchive {
  readonly file: string;
  readonly headFile: string;
  private records: ArchiveRecord[] = [];

  private constructor(readonly dir: string) {
    this.file = path.join(dir, ARCHIVE_FILE);
    this.headFile = path.join(dir, HEAD_FILE);
  }

  static exists(dir: string): boolean {
    return fs.existsSync(path.join(dir, ARCHIVE_FILE));
  }

  /**
   * Open for reading (and, with `forWrite`, for appending). A torn last line — a write that an interrupted
   * sync left half done — is dropped when opening for write. Lines that do not chain are not repaired:
   * that is `logs verify`'s to report, and a sync refuses to append to a broken chain.
   */
  static open(dir: string, opts: { forWrite?: boolean } = {}): LogArchive {
    const a = new LogArchive(dir);
    if (!fs.existsSync(a.file)) return a;
    let text = fs.readFileSync(a.file, "utf8");
    const parsed = parseLines(text);
    if (parsed.torn && opts.forWrite) {
      text = text.slice(0, text.lastIndexOf("\n") + 1);
      fs.truncateSync(a.file, Buffer.byteLength(text));
      parsed.lines.pop();
    }
    let prev = GENESIS;
    for (const l of parsed.lines) {
      const r = l.record;
      const ok =
        r !== undefined &&
        r.seq === a.records.length + 1 &&
        r.prev === prev &&
        r.hash === recordHash(r.seq, r.prev, r.entry);
      if (!ok) {
        if (!opts.forWrite) break;
        throw new ArchiveError(
          `${a.file}:${l.line} does not continue the hash chain; run \`wecom-policy logs verify\` to see what was changed. ` +
            `Sync refuses to append to a broken archive. / 日志归档第 ${l.line} 行的哈希链已断开，请运行 \`wecom-policy logs verify\` 查看；同步不会追加到损坏的归档。`,
        );
      }
      a.records.push(r);
      prev = r.hash;
    }
    return a;
  }

  get head(): Head {
    const last = this.records[this.records.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS };
  }

  entries(): readonly ArchiveEntry[] {
    return this.records.map((r) => r.entry);
  }

  /** Append entries as one write, then anchor the new head. */
  append(entries: readonly ArchiveEntry[]): void {
    if (entries.length === 0) return;
    fs.mkdirSync(this.dir, { recursive: true });
    let { seq, hash: prev } = this.head;
    const added: ArchiveRecord[] = [];
    for (const entry of entries) {
      seq += 1;
      const hash = recordHash(seq, prev, entry);
      added.push({ seq, prev, hash, entry });
      prev = hash;
    }
    fs.appendFileSync(this.file, added.map((r) => JSON.stringify(r) + "\n").join(""));
    this.records.push(...added);
    writeAtomic(this.headFile, JSON.stringify(this.head) + "\n");
  }

  /** Re-anchor head.json to the chain's end (after a sync that was interrupted between the two writes). */
  anchor(): void {
    if (this.records.length) writeAtomic(this.headFile, JSON.stringify(this.head) + "\n");
  }

  readHead(): Head | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.headFile, "utf8")) as Head;
    } catch {
      return undefined;
    }
  }

  summary(): ArchiveSummary {
    let corpId: string | null = null;
    let lastSyncAt: string | null = null;
    let records = 0;
    const windows: Record<LogKind, { start: number; end: number }[]> = { admin: [], member: [] };
    for (const e of this.entries()) {
      if (e.type === "archive") corpId = e.corpId;
      else if (e.type === "sync") lastSyncAt = e.at;
      else if (e.type === "window") windows[e.log].push({ start: e.start, end: e.end });
      else records += 1;
    }
    const coverage = { admin: contiguous(windows.admin), member: contiguous(windows.member) };
    return { corpId, lastSyncAt, coverage, records, head: this.head };
  }

  /** The log records of one kind with `from <= time <= to` (Unix seconds). */
  logs(kind: "admin", from: number, to: number): AdminOperLog[];
  logs(kind: "member", from: number, to: number): MemberOperLog[];
  logs(kind: LogKind, from: number, to: number): (AdminOperLog | MemberOperLog)[] {
    const out: (AdminOperLog | MemberOperLog)[] = [];
    for (const e of this.entries()) {
      if (e.type !== kind) continue;
      const { type: _type, ...log } = e;
      if (log.time >= from && log.time <= to) out.push(log);
    }
    return out;
  }
}

/** The unbroken run of windows that ends at the newest one: its first start and its end. */
function contiguous(windows: { start: number; end: number }[]): { from: number; until: number } | null {
  if (windows.length === 0) return null;
  const sorted = [...windows].sort((a, b) => b.end - a.end);
  const until = sorted[0]!.end;
  let from = sorted[0]!.start;
  for (const w of sorted.slice(1)) {
    if (w.end + 1 < from) break; // a gap: older windows do not count towards coverage
    from = Math.min(from, w.start);
  }
  return { from, until };
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The archive in `dir` opened for reading (read and parsed once), or undefined when there is none yet. */
export function openArchive(dir: string): LogArchive | undefined {
  return LogArchive.exists(dir) ? LogArchive.open(dir) : undefined;
}

/**
 * What WC.LOG.1 reads (the live snapshot's `logArchive`): the last completed sync, and how far back both
 * logs are covered without a gap — the start of the first fetched window, the later of the two logs'.
 * No archive ({@link openArchive} found none) reads as never synced.
 */
export function archiveSnapshot(
  archive: LogArchive | undefined,
  tenantStartedAt: string | null = null,
): LiveLogArchive {
  if (!archive) return { lastSyncAt: null, coveredFrom: null, tenantStartedAt };
  const s = archive.summary();
  const { admin, member } = s.coverage;
  const coveredFrom =
    admin && member ? new Date(Math.max(admin.from, member.from) * 1000).toISOString() : null;
  return { lastSyncAt: s.lastSyncAt, coveredFrom, tenantStartedAt };
}
