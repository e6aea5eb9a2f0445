/**
 * `wecom-policy logs sync` and `logs verify` end to end, through the real CLI binary (bin/wecom-policy)
 * against the sandbox process: a sync killed mid-run resumes without duplicates, verify names a tampered
 * record, and drift attribution reads the archive — fewer calls to WeCom's log API, counted in the
 * sandbox's request log.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../src/drift/run";
import type { AuditReport } from "../../src/audit/evaluate";
import { ARCHIVE_FILE, LogArchive, type ArchiveRecord } from "../../src/logs/archive";
import { syncLogs } from "../../src/logs/sync";
import { PROJECT_DIR } from "../../src/pulumi/workspace";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E, type LoggedRequest } from "./harness";

const BIN = path.join(PROJECT_DIR, "bin", "wecom-policy");
const ADMIN_LOG = "/cgi-bin/security/admin_oper_log/list";

/** bin/wecom-policy as its own process; `onStart` gets the child (to kill it). */
function bin(
  args: readonly string[],
  onStart?: (child: ReturnType<typeof spawn>) => void,
  env: Record<string, string> = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, [...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, WECOM_POLICY_LANG: "en", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(child);
  });
}

describe("wecom-policy logs (real CLI binary, plugin and sandbox processes)", () => {
  let e: E2E;
  const stackFlags = () => ["--state-dir", e.dir, "--stack", e.ws.stack];
  const archive = () => path.join(e.dir, "logs", e.ws.stack);
  const calls = async (p: string) =>
    ((await e.sandbox.get("/__console/requests")) as LoggedRequest[]).filter((r) => r.path === p).length;
  const logRecords = (dir: string) =>
    LogArchive.open(dir)
      .entries()
      .filter((x) => x.type === "admin" || x.type === "member")
      .map((x) => JSON.stringify(x))
      .sort();

  beforeAll(async () => {
    e = await startE2E("logs", { policies: DEMO_POLICIES });
    const up = await e.pulumi("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    // A console change for drift to attribute, and a member action for the member log.
    await e.sandbox.console("agent/set", {
      operator: "sunhao",
      agentid: 1000003,
      home_url: "https://crm.example.com",
    });
    // A permission change (oper_type 2), which the law check reports as WC.ACC.3 from the same log read.
    await e.sandbox.console("agent/admins", {
      operator: "wangfang",
      agentid: 1000003,
      admins: [{ userid: "wangfang", auth_type: 1 }],
    });
    await e.sandbox.console("member/add_customer", {
      operator: "wuqiang",
      userid: "wuqiang",
      external_userid: "wmE2Ecustomer01",
    });
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "drift attribution reads the archive after a sync: fewer calls to WeCom's admin log",
    async () => {
      const drift = () =>
        bin(["drift", ...stackFlags(), "--since", "180", "--json", path.join(e.dir, "d.json")]);
      const report = () => JSON.parse(fs.readFileSync(path.join(e.dir, "d.json"), "utf8")) as DriftReport;
      // The law check got its WC.ACC.3 facts from the one read (after a sync: from the archive).
      const acc3 = (r: DriftReport) =>
        r.law.filter((f) => f.id === "WC.ACC.3v1" && f.status === "fail").map((f) => f.message.en);
      await e.resetLog();
      const before = await drift();
      expect(before.code, before.stderr).toBe(2);
      const withoutArchive = await calls(ADMIN_LOG);
      const lawFromApi = acc3(report());
      expect(lawFromApi).toContainEqual(expect.stringContaining("Admin permissions changed by wangfang at "));

      const sync = await bin(["logs", "sync", ...stackFlags()]);
      expect(sync.code, sync.stderr).toBe(0);
      expect(sync.stdout).toMatch(
        /admin log: 26 window\(s\) fetched, \d+ record\(s\) added; the archive covers/,
      );
      expect(sync.stdout).toMatch(/head \d+ [0-9a-f]{64}/);

      await e.resetLog();
      const after = await drift();
      expect(after.code, after.stderr).toBe(2);
      const withArchive = await calls(ADMIN_LOG);
      // One read of the admin log per drift run, shared by attribution and the law check (WC.ACC.3): 180
      // days are 26 seven-day windows without the archive; after a sync only the minutes since its head,
      // one window. A second read (attribution and the law each reading) would make these 52 and 2 (or 27).
      const windows = Math.ceil((180 * 86_400 - 60) / (7 * 86_400));
      expect(windows).toBe(26);
      expect(withoutArchive).toBe(windows);
      expect(withArchive).toBe(1);
      const fromArchive = report();
      // The law check judged the same permission changes, served from the archive this time.
      expect(acc3(fromArchive)).toEqual(lawFromApi);
      expect(fromArchive.items.find((i) => i.path === "homeUrl")?.changedBy?.operator).toBe("sunhao");
      expect(fromArchive.notes.map((n) => n.en).join("\n")).toContain("(the local archive to ");
      process.stdout.write(
        `drift --since 180 admin-log calls: ${withoutArchive} without the archive, ${withArchive} with it\n`,
      );
    },
    TIMEOUT,
  );

  it(
    "a re-run adds no duplicates; a sync killed mid-run resumes and ends with the same records",
    async () => {
      const again = await bin(["logs", "sync", ...stackFlags()]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/admin log: 1 window\(s\) fetched, 0 record\(s\) added/);
      const complete = logRecords(archive());

      // A second archive, synced slowly (each WeCom call takes 300 ms) and killed after its third window.
      const dir2 = path.join(e.dir, "killed");
      await e.sandbox.console("faults", { latency: { fixedMs: 300 } });
      const killed = await bin(["logs", "sync", ...stackFlags(), "--archive", dir2], (child) => {
        const timer = setInterval(() => {
          const file = path.join(dir2, ARCHIVE_FILE);
          const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
          if ((text.match(/"type":"window"/g) ?? []).length >= 3) {
            clearInterval(timer);
            child.kill("SIGKILL");
          }
        }, 20);
        child.on("close", () => clearInterval(timer));
      });
      await e.sandbox.console("faults", { latency: { fixedMs: 0 } });
      expect(killed.signal).toBe("SIGKILL");
      const partial = LogArchive.open(dir2).summary();
      expect(partial.lastSyncAt).toBeNull();

      const resumed = await bin(["logs", "sync", ...stackFlags(), "--archive", dir2]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/admin log: (2[0-3]|1\d|\d) window\(s\) fetched/);
      expect(logRecords(dir2)).toEqual(complete);
      const verify = await bin(["logs", "verify", "--archive", dir2]);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toContain("the log archive is intact");
    },
    TIMEOUT,
  );

  it(
    "WC.LOG.1: an archive that WeCom's 180 days alone fill fails; one kept since an earlier sync reaches 184 days and passes",
    async () => {
      // WC.LOG.1 measures from the legal "today"; the archive's windows are on the real clock.
      const now = { WECOM_POLICY_NOW: new Date().toISOString() };
      const log1 = async (dir: string) => {
        const json = path.join(e.dir, `audit-${path.basename(dir)}.json`);
        const r = await bin(["audit", ...stackFlags(), "--archive", dir, "--json", json], undefined, now);
        expect(fs.existsSync(json), r.stdout + r.stderr).toBe(true);
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as AuditReport;
        return report.controls
          .find((c) => c.id === "WC.LOG.1v1")!
          .results.find((x) => x.target === "log-archive")!;
      };
      // Violated: a first sync holds only what WeCom still has, 180 days.
      const first = path.join(e.dir, "first");
      const firstSync = await bin(["logs", "sync", ...stackFlags(), "--archive", first]);
      expect(firstSync.code, firstSync.stderr).toBe(0);
      const short = await log1(first);
      expect(short.status).toBe("fail");
      expect(short.message.en).toMatch(/covers only from .* it must reach 184 days back/);

      // Fixed: an archive whose first sync ran five days ago (written by src/logs' own writer, so it is a
      // real hash chain: WeCom's answers of then are not reproducible today), continued by the real
      // `logs sync`, reaches 185 days back without a gap.
      const kept = path.join(e.dir, "kept");
      const fiveDaysAgo = Date.now() - 5 * 86_400_000;
      await syncLogs(
        kept,
        { listAdminOperLogs: async () => [], listMemberOperLogs: async () => [] },
        { corpId: e.creds.corpid, now: fiveDaysAgo },
      );
      const sync = await bin(["logs", "sync", ...stackFlags(), "--archive", kept]);
      expect(sync.code, sync.stderr).toBe(0);
      const verify = await bin(["logs", "verify", "--archive", kept]);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      await e.resetLog();
      const pass = await log1(kept);
      expect(pass.status, pass.message.en).toBe("pass");
      expect(pass.message.en).toMatch(/^The local log archive was synced at .* and covers 184 days back/);
      // The same archive serves audit's WC.ACC.3 window: WeCom is asked only for the time since the sync.
      expect(await calls(ADMIN_LOG)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "verify exits 3 naming an edited record",
    async () => {
      const ok = await bin(["logs", "verify", ...stackFlags()]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      const file = path.join(archive(), ARCHIVE_FILE);
      const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
      const i = lines.findIndex((l) => (JSON.parse(l) as ArchiveRecord).entry.type === "member");
      expect(i).toBeGreaterThan(0);
      const rec = JSON.parse(lines[i]!) as ArchiveRecord;
      if (rec.entry.type === "member") rec.entry.userId = "someone";
      lines[i] = JSON.stringify(rec);
      fs.writeFileSync(file, lines.join("\n") + "\n");
      const bad = await bin(["logs", "verify", ...stackFlags()]);
      expect(bad.code).toBe(3);
      expect(bad.stdout).toContain(
        `- edited: line ${i + 1}: record ${i + 1} was edited — its content does not match its hash (member log, `,
      );
    },
    TIMEOUT,
  );
});
