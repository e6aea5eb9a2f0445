/**
 * The operation-log archive (issue 9 item 6): windows up to WeCom's 180-day reach, no duplicates on
 * re-runs, resume after an interruption, coverage from the first fetched window, and `verify` naming every
 * edited, deleted, reordered or inserted record.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ARCHIVE_FILE,
  HEAD_FILE,
  LogArchive,
  recordHash,
  type ArchiveRecord,
} from "../../../src/logs/archive";
import { syncLogs, type LogSource } from "../../../src/logs/sync";
import { verifyArchive } from "../../../src/logs/verify";
import type { AdminOperLog, MemberOperLog, OperLogQuery } from "../../../src/wecom/types";

const DAY = 86_400;
const NOW_MS = 1_800_000_000_000;
const NOW = NOW_MS / 1000;

/** WeCom's two logs as a list of events; counts calls. */
class FakeLogs implements LogSource {
  calls: OperLogQuery[] = [];
  onCall: ((n: number) => void) | undefined;
  constructor(
    public admin: AdminOperLog[],
    public member: MemberOperLog[],
  ) {}
  private pick<T extends { time: number }>(list: T[], q: OperLogQuery): T[] {
    this.calls.push(q);
    this.onCall?.(this.calls.length);
    if (q.end - q.start >= 7 * DAY) throw new Error(`window too long: ${q.start}..${q.end}`);
    return list.filter((r) => r.time >= q.start && r.time <= q.end);
  }
  async listAdminOperLogs(q: OperLogQuery) {
    return this.pick(this.admin, q);
  }
  async listMemberOperLogs(q: OperLogQuery) {
    return this.pick(this.member, q);
  }
}

const admin = (time: number, userId: string, detailInfo: string): AdminOperLog => ({
  time,
  userId,
  operType: 3,
  detailInfo,
  ip: "10.0.0.1",
});
const member = (time: number, userId: string): MemberOperLog => ({
  time,
  userId,
  operType: 1,
  detailInfo: "添加外部联系人：wmABC",
  ip: "10.0.0.2",
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-logs-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function events(): FakeLogs {
  return new FakeLogs(
    [
      admin(NOW - 170 * DAY, "sunhao", "标签「财务审批」添加成员：liuyang"),
      admin(NOW - 90 * DAY, "zhoumin", "修改应用「外勤助手」可见范围：成员[gaoyan] 部门[] 标签[]"),
      admin(NOW - 3 * DAY, "sunhao", "成员离职：zhengkai"),
    ],
    [member(NOW - 100 * DAY, "wuqiang"), member(NOW - 2 * DAY, "lina")],
  );
}

const logRecords = () =>
  LogArchive.open(dir)
    .entries()
    .filter((e) => e.type === "admin" || e.type === "member");

describe("logs sync", () => {
  it("pulls both logs in ≤ 7-day windows back to WeCom's 180-day reach; coverage is the first window's start", async () => {
    const src = events();
    const r = await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS });
    // 180 days in 7-day windows: 26 per log.
    expect(r.windows).toEqual({ admin: 26, member: 26 });
    expect(src.calls).toHaveLength(52);
    expect(r.added).toEqual({ admin: 3, member: 2 });
    const s = LogArchive.open(dir).summary();
    expect(s.corpId).toBe("ww1");
    expect(s.records).toBe(5);
    expect(s.lastSyncAt).toBe(new Date(NOW_MS).toISOString());
    // Coverage starts at the first window (180 days back, less the safety margin), not at the oldest record.
    expect(s.coverage.admin).toEqual({ from: NOW - 180 * DAY + 60, until: NOW - 1 });
    expect(s.coverage.member).toEqual({ from: NOW - 180 * DAY + 60, until: NOW - 1 });
    expect(verifyArchive(dir).ok).toBe(true);
  });

  it("adds no duplicates when run again, and fetches only the time since the last run", async () => {
    const src = events();
    await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS });
    src.calls = [];
    src.admin.push(admin(NOW + 3600, "wangfang", "禁用成员：fanbing"));
    const r = await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS + 2 * 3600_000 });
    expect(r.windows).toEqual({ admin: 1, member: 1 });
    expect(src.calls).toEqual([
      { start: NOW, end: NOW + 7199 },
      { start: NOW, end: NOW + 7199 },
    ]);
    expect(logRecords()).toHaveLength(6);
    await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS + 2 * 3600_000 + 1000 });
    expect(logRecords()).toHaveLength(6);
    expect(LogArchive.open(dir).summary().coverage.admin?.from).toBe(NOW - 180 * DAY + 60);
    expect(verifyArchive(dir).ok).toBe(true);
  });

  it("resumes after an interruption without a duplicate or a hole", async () => {
    const src = events();
    const abort = new AbortController();
    // Interrupted during the 30th call (the 4th member window): its records are never written.
    src.onCall = (n) => {
      if (n === 30) abort.abort();
    };
    await expect(syncLogs(dir, src, { corpId: "ww1", now: NOW_MS, signal: abort.signal })).rejects.toThrow();
    const half = LogArchive.open(dir).summary();
    expect(half.lastSyncAt).toBeNull();
    expect(half.coverage.member).toEqual({
      from: NOW - 180 * DAY + 60,
      until: NOW - 180 * DAY + 60 + 21 * DAY - 1,
    });
    expect(verifyArchive(dir).ok).toBe(true);

    src.onCall = undefined;
    src.calls = [];
    const r = await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS });
    expect(r.windows).toEqual({ admin: 0, member: 23 });
    const recs = logRecords();
    expect(recs).toHaveLength(5);
    expect(new Set(recs.map((e) => JSON.stringify(e))).size).toBe(5);
    expect(LogArchive.open(dir).summary().coverage.member?.from).toBe(NOW - 180 * DAY + 60);
    expect(verifyArchive(dir).ok).toBe(true);
  });

  it("recovers a sync killed between writing a window and re-anchoring head.json, and drops a torn line", async () => {
    const src = events();
    await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS });
    const headText = fs.readFileSync(path.join(dir, HEAD_FILE), "utf8");
    src.admin.push(admin(NOW + 60, "sunhao", "x"));
    await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS + 3600_000 });
    fs.writeFileSync(path.join(dir, HEAD_FILE), headText); // the head write never happened
    fs.appendFileSync(path.join(dir, ARCHIVE_FILE), '{"seq":99,"prev":"ab'); // nor did the last line end
    const before = verifyArchive(dir);
    expect(before.problems.map((p) => p.kind).sort()).toEqual([
      "inserted",
      "inserted",
      "inserted",
      "inserted",
      "torn",
    ]);
    await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS + 3600_000 + 1000 });
    expect(verifyArchive(dir)).toEqual(expect.objectContaining({ ok: true, problems: [] }));
    expect(logRecords()).toHaveLength(6);
  });

  it("says when the archive fell more than 180 days behind (the entries in between are lost)", async () => {
    const src = events();
    await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS });
    const r = await syncLogs(dir, src, { corpId: "ww1", now: NOW_MS + 200 * DAY * 1000 });
    expect(r.gaps).toEqual(["admin", "member"]);
    // Coverage restarts after the gap.
    expect(LogArchive.open(dir).summary().coverage.admin?.from).toBe(NOW + 20 * DAY + 60);
  });

  it("refuses another tenant's archive and a broken chain", async () => {
    await syncLogs(dir, events(), { corpId: "ww1", now: NOW_MS });
    await expect(syncLogs(dir, events(), { corpId: "ww2", now: NOW_MS })).rejects.toThrow(
      /corp ww1, not ww2/,
    );
    tamper((lines) => lines.splice(3, 1));
    await expect(syncLogs(dir, events(), { corpId: "ww1", now: NOW_MS })).rejects.toThrow(/logs verify/);
  });
});

/** Rewrite archive.jsonl's lines. */
function tamper(edit: (lines: string[]) => void): void {
  const file = path.join(dir, ARCHIVE_FILE);
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  edit(lines);
  fs.writeFileSync(file, lines.join("\n") + "\n");
}

/** The line number (1-based) of the n-th log record (admin or member) in the archive. */
function lineOfRecord(n: number): number {
  const lines = fs.readFileSync(path.join(dir, ARCHIVE_FILE), "utf8").trimEnd().split("\n");
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const r = JSON.parse(lines[i]!) as ArchiveRecord;
    if (r.entry.type === "admin" || r.entry.type === "member") if (++seen === n) return i + 1;
  }
  throw new Error("no such record");
}

describe("logs verify", () => {
  beforeEach(async () => {
    await syncLogs(dir, events(), { corpId: "ww1", now: NOW_MS });
  });

  it("passes an untouched archive", () => {
    expect(verifyArchive(dir)).toEqual(expect.objectContaining({ ok: true, problems: [] }));
  });

  it("names an edited record", () => {
    const line = lineOfRecord(1);
    tamper((l) => (l[line - 1] = l[line - 1]!.replace("liuyang", "lisi")));
    const r = verifyArchive(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: "edited",
        line,
        message: expect.objectContaining({
          en: expect.stringMatching(
            /^line \d+: record \d+ was edited — its content does not match its hash \(admin log, .*sunhao: 标签「财务审批」添加成员：lisi\)$/,
          ),
        }),
      }),
    ]);
  });

  it("names a record edited and re-hashed (its successor no longer links)", () => {
    const line = lineOfRecord(1);
    tamper((l) => {
      const r = JSON.parse(l[line - 1]!) as ArchiveRecord;
      if (r.entry.type === "admin") r.entry.detailInfo = "nothing happened";
      r.hash = recordHash(r.seq, r.prev, r.entry);
      l[line - 1] = JSON.stringify(r);
    });
    expect(verifyArchive(dir).problems).toEqual([
      expect.objectContaining({
        kind: "edited",
        line,
        message: expect.objectContaining({ en: expect.stringContaining("re-hashed") }),
      }),
    ]);
  });

  it("names a deleted record", () => {
    const line = lineOfRecord(2);
    const seq = (
      JSON.parse(
        fs.readFileSync(path.join(dir, ARCHIVE_FILE), "utf8").split("\n")[line - 1]!,
      ) as ArchiveRecord
    ).seq;
    tamper((l) => l.splice(line - 1, 1));
    expect(verifyArchive(dir).problems).toEqual([
      expect.objectContaining({
        kind: "deleted",
        line,
        seq: [seq],
        message: expect.objectContaining({ en: `record ${seq} deleted (expected at line ${line})` }),
      }),
    ]);
  });

  it("names records deleted from the end (head.json anchors it)", () => {
    tamper((l) => l.splice(-2, 2));
    const r = verifyArchive(dir);
    expect(r.problems).toEqual([
      expect.objectContaining({ kind: "deleted", seq: [r.head!.seq - 1, r.head!.seq] }),
    ]);
  });

  it("names reordered records", () => {
    const line = lineOfRecord(1);
    tamper((l) => {
      const [a] = l.splice(line - 1, 1);
      l.splice(line, 0, a!);
    });
    expect(verifyArchive(dir).problems).toEqual([expect.objectContaining({ kind: "reordered", line })]);
  });

  it("names an inserted record, in the middle and at the end", () => {
    const line = lineOfRecord(2);
    tamper((l) => {
      const r = JSON.parse(l[line - 1]!) as ArchiveRecord;
      const fake: ArchiveRecord = {
        ...r,
        entry: {
          type: "admin",
          time: NOW - 95 * DAY,
          userId: "eve",
          operType: 3,
          detailInfo: "forged",
          ip: "1.2.3.4",
        },
      };
      fake.hash = recordHash(fake.seq, fake.prev, fake.entry);
      l.splice(line - 1, 0, JSON.stringify(fake));
    });
    expect(verifyArchive(dir).problems).toEqual([
      expect.objectContaining({
        kind: "inserted",
        line,
        message: expect.objectContaining({
          en: expect.stringMatching(/^line \d+: a record was inserted .*eve: forged\)$/),
        }),
      }),
    ]);
  });

  it("names a record appended after the head", () => {
    const a = LogArchive.open(dir);
    const { seq, hash } = a.head;
    const entry = {
      type: "admin" as const,
      time: NOW,
      userId: "eve",
      operType: 3,
      detailInfo: "forged",
      ip: "1.2.3.4",
    };
    fs.appendFileSync(
      path.join(dir, ARCHIVE_FILE),
      JSON.stringify({ seq: seq + 1, prev: hash, hash: recordHash(seq + 1, hash, entry), entry }) + "\n",
    );
    expect(verifyArchive(dir).problems).toEqual([
      expect.objectContaining({ kind: "inserted", seq: [seq + 1] }),
    ]);
  });
});
