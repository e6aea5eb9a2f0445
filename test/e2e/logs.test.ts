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
import { ARCHIVE_FILE, LogArchive, type ArchiveRecord } from "../../src/logs/archive";
import { PROJECT_DIR } from "../../src/pulumi/workspace";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E, type LoggedRequest } from "./harness";

const BIN = path.join(PROJECT_DIR, "bin", "wecom-policy");
const ADMIN_LOG = "/cgi-bin/security/admin_oper_log/list";

/** bin/wecom-policy as its own process; `onStart` gets the child (to kill it). */
function bin(
  args: readonly string[],
  onStart?: (child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, [...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, WECOM_POLICY_LANG: "en" },
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
      await e.resetLog();
      const before = await drift();
      expect(before.code, before.stderr).toBe(2);
      const withoutArchive = await calls(ADMIN_LOG);

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
      // 180 days are 26 seven-day windows; after a sync attribution asks WeCom only for the minutes since it.
      // Drift's law check (WC.ACC.3, through the tenant reader) still reads its own 26 windows from the API:
      // 26 + 26 without the archive, 26 + 1 with it (serving that read from the archive too is follow-up work).
      expect(withoutArchive).toBe(52);
      expect(withArchive).toBe(27);
      const report = JSON.parse(fs.readFileSync(path.join(e.dir, "d.json"), "utf8")) as DriftReport;
      expect(report.items.find((i) => i.path === "homeUrl")?.changedBy?.operator).toBe("sunhao");
      expect(report.notes.map((n) => n.en).join("\n")).toContain("(the local archive to ");
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
