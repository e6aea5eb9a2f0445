/**
 * WC.LOG.1 reads the archive `logs sync` writes: its coverage is the start of the first fetched window
 * (not the oldest record) and its last sync time. WeCom's API alone reaches 180 days, less than the 184 the
 * law needs; an archive kept for a few more days meets it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { archiveSnapshot, openArchive } from "../../../src/logs/archive";
import { syncLogs, type LogSource } from "../../../src/logs/sync";
import { baseModel, baseSnapshot } from "../rules/builders";
import { live, only } from "../rules/helpers";

const DAY = 86_400;

/** One admin record 170 days before `now`; nothing else. */
const quietTenant = (nowSec: number): LogSource => ({
  listAdminOperLogs: async (q) =>
    [{ time: nowSec - 170 * DAY, userId: "sunhao", operType: 3, detailInfo: "x", ip: "1.1.1.1" }].filter(
      (r) => r.time >= q.start && r.time <= q.end,
    ),
  listMemberOperLogs: async () => [],
});

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("WC.LOG.1 on a real archive", () => {
  it("uses the first fetched window as coverage and the last sync time; passes once the archive outlives the API's 180 days", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-log1-"));
    const snap = baseSnapshot();
    const now = Date.parse(snap.now);
    const nowSec = now / 1000;
    expect(archiveSnapshot(openArchive(dir))).toEqual({
      lastSyncAt: null,
      coveredFrom: null,
      tenantStartedAt: null,
    });

    await syncLogs(dir, quietTenant(nowSec), { corpId: "ww1", now });
    const first = archiveSnapshot(openArchive(dir));
    // Coverage starts 180 days back (the first window), not 170 (the oldest record).
    expect(first).toEqual({
      lastSyncAt: new Date(now).toISOString(),
      coveredFrom: new Date((nowSec - 180 * DAY + 60) * 1000).toISOString(),
      tenantStartedAt: null,
    });
    snap.logArchive = first;
    const f = only(live(baseModel(), snap, "WC.LOG.1v1"), "log-archive");
    expect(f.status).toBe("fail");
    expect(f.message.en).toMatch(
      /covers only from .* \(the start of its first fetched window\); it must reach 184 days back/,
    );

    // Five days later, a weekly sync: the archive now reaches 185 days back, which the API alone cannot.
    const later = now + 5 * DAY * 1000;
    await syncLogs(dir, quietTenant(nowSec), { corpId: "ww1", now: later });
    snap.now = new Date(later).toISOString();
    snap.logArchive = archiveSnapshot(openArchive(dir));
    expect(snap.logArchive.lastSyncAt).toBe(new Date(later).toISOString());
    expect(only(live(baseModel(), snap, "WC.LOG.1v1"), "log-archive").status).toBe("pass");
  });
});
