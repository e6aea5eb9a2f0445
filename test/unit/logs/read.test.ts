/** Drift reads the admin log from the archive where it covers the span, and asks WeCom only for the rest. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openArchive } from "../../../src/logs/archive";
import { readAdminLogs } from "../../../src/logs/read";
import { syncLogs } from "../../../src/logs/sync";
import type { AdminOperLog } from "../../../src/wecom/types";
import { logWindows } from "../../../src/wecom/log-windows";

const DAY = 86_400;
const NOW = 1_800_000_000;
const entries: AdminOperLog[] = [
  {
    time: NOW - 100 * DAY,
    userId: "zhoumin",
    operType: 8,
    detailInfo: "修改应用「外勤助手」可见范围",
    ip: "1.1.1.1",
  },
  {
    time: NOW - DAY,
    userId: "sunhao",
    operType: 3,
    detailInfo: "标签「财务审批」添加成员：liuyang",
    ip: "1.1.1.1",
  },
];
/** WeCom's API as the client calls it: one call per ≤ 7-day window. */
function api() {
  const calls: [number, number][] = [];
  const read = async (start: number, end: number) => {
    for (const w of logWindows(start, end)) calls.push([w.from, w.endTime]);
    return entries.filter((e) => e.time >= start && e.time <= end);
  };
  return { calls, read };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the admin log for drift attribution", () => {
  it("without an archive: every window from WeCom", async () => {
    const a = api();
    const r = await readAdminLogs(NOW - 180 * DAY + 60, NOW, a.read, openArchive("/nonexistent/archive"));
    expect(r.logs.map((l) => l.userId)).toEqual(["zhoumin", "sunhao"]);
    expect(a.calls).toHaveLength(26);
    expect(r.archived).toBeUndefined();
  });

  it("with an archive synced an hour ago: the archive, and one call for the last hour", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-read-"));
    await syncLogs(
      dir,
      {
        listAdminOperLogs: async (q) => entries.filter((e) => e.time >= q.start && e.time <= q.end),
        listMemberOperLogs: async () => [],
      },
      { corpId: "ww1", now: (NOW - 3600) * 1000 },
    );
    const a = api();
    const r = await readAdminLogs(NOW - 170 * DAY, NOW, a.read, openArchive(dir));
    expect(r.logs.map((l) => l.userId)).toEqual(["zhoumin", "sunhao"]);
    expect(a.calls).toEqual([[NOW - 3600, NOW]]);
    expect(r.archived).toEqual({ from: NOW - 170 * DAY, to: NOW - 3601 });
    expect(r.fetched).toEqual({ from: NOW - 3600, to: NOW });
  });

  it("an archive that ends before the span starts is not used", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-read-"));
    await syncLogs(
      dir,
      { listAdminOperLogs: async () => [], listMemberOperLogs: async () => [] },
      { corpId: "ww1", now: (NOW - 10 * DAY) * 1000 },
    );
    const a = api();
    const r = await readAdminLogs(NOW - 7 * DAY, NOW, a.read, openArchive(dir));
    expect(r.archived).toBeUndefined();
    expect(r.logs.map((l) => l.userId)).toEqual(["sunhao"]);
    expect(a.calls).toHaveLength(2);
  });
});
