/**
 * Benchmark: `audit` on a 10,000-member sandbox tenant — the one reader of the tenant (src/tenant) and
 * every control of the catalogue — with the WeCom calls per endpoint next to the minimum a correct reader
 * needs, wall time and peak memory. Not a test: one run, numbers on stdout.
 *
 *   npm run bench -- audit-large [members=10000]
 *
 * The sandbox runs in this process on loopback with WeCom's per-minute limits on. The policies are the
 * demo company's with a roster that names every member of the tenant (one in fifty generated members a
 * leaver, so user/get reaches them and nobody else). `wecom-policy audit` also runs `pulumi config` once
 * to read the stack (about a second, not measured here) — the rest is this.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { evaluateAudit } from "../../src/audit/evaluate";
import { loadPolicies, formatProblems } from "../../src/policy";
import { sandboxProviderConfig } from "../../src/pulumi/sandbox-stack";
import { hasLeft } from "../../src/rules/context";
import { cstDay } from "../../src/rules/dates";
import { startSandbox } from "../../src/sandbox/server";
import { clientFromConfig, reachOf, readTenant } from "../../src/tenant";
import type { ConsoleCredentials } from "../../src/wecom/wire";
import { LOG_MAX_AGE_SECONDS, LOG_WINDOW_SECONDS, USER_LIST_ID_LIMIT } from "../../src/wecom/wire";

const POLICIES = path.resolve(process.cwd(), "policies");
const NOW = new Date("2026-11-28T04:00:00Z");

function policiesFor(dir: string, members: readonly string[]): number {
  fs.cpSync(POLICIES, dir, { recursive: true }); // evidence/ (protection.yaml attestations) included
  const lines = fs.readFileSync(path.join(POLICIES, "people.csv"), "utf8").trimEnd().split("\n");
  const named = new Set(lines.slice(1).map((l) => l.split(",")[0]));
  const header = lines[0]!.split(",");
  let leavers = 0;
  let i = 0;
  for (const u of members) {
    if (named.has(u)) continue;
    const left = ++i % 50 === 0;
    if (left) leavers++;
    const cells: Record<string, string> = {
      userid: u,
      department: String(3 + (i % 7)),
      status: left ? "left" : "active",
      ...(left ? { leave_date: "2026-10-01" } : {}),
    };
    lines.push(header.map((h) => cells[h] ?? "").join(","));
  }
  fs.writeFileSync(path.join(dir, "people.csv"), `${lines.join("\n")}\n`);
  return leavers;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 10_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-bench-"));
  const sb = await startSandbox({ quiet: true, members: size, now: () => NOW.getTime() });
  try {
    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const cfg = sandboxProviderConfig(sb.url, creds);
    // The tenant's members, for the roster (read outside the measured run).
    const ids = (await clientFromConfig(cfg, { readOnly: true }).listUserIds()).map((m) => m.userId);
    policiesFor(dir, ids);

    const calls = new Map<string, number>();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const loaded = await loadPolicies(dir);
    if (!loaded.ok) throw new Error(formatProblems(loaded.problems, "en"));
    const tLoad = performance.now();
    const day = cstDay(NOW);
    const leavers = loaded.model.people.members.filter((p) => hasLeft(p, day)).map((p) => p.userId);
    const reach = reachOf(cfg);
    const client = clientFromConfig(cfg, {
      readOnly: true,
      onCall: (e) => calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1),
    });
    const snapshot = await readTenant(client, {
      corpId: cfg.corpId,
      reach,
      now: NOW,
      memberDetails: leavers,
    });
    const tRead = performance.now();
    const report = evaluateAudit({
      model: loaded.model,
      sources: loaded.sources,
      snapshot,
      stack: "bench",
      reach,
      policy: {
        commit: null,
        dirty: false,
        contentHash: "sha256:" + "0".repeat(64),
        files: [...loaded.sources.files],
      },
    });
    const tEval = performance.now();
    const peak = process.resourceUsage().maxRSS / 1024;

    // The minimum a correct reader needs: one page per 10 000 list_id rows; user/get only for the roster's
    // leavers present in the tenant (status for WC.LVR.1); one tag/get per tag; two calls per app; one
    // admin-log call per 7-day window over WeCom's 180 days (first audit: no previous check); one token per
    // principal.
    const rows = snapshot.members.reduce((n, m) => n + Math.max(1, m.departmentIds.length), 0);
    const present = new Set(ids);
    const windows = Math.ceil((LOG_MAX_AGE_SECONDS - 60) / LOG_WINDOW_SECONDS);
    const minimum: Record<string, number> = {
      // Tokens: contacts, archive and one per app secret (the security and customer apps are among them).
      gettoken: 2 + reach.apps.length,
      departmentList: 1,
      tagList: 1,
      tagGet: snapshot.tags.length,
      userListId: Math.ceil(rows / USER_LIST_ID_LIMIT),
      userGet: leavers.filter((u) => present.has(u)).length,
      agentGet: reach.apps.length,
      agentGetAdminList: reach.apps.length,
      msgauditGetPermitUserList: 1,
      externalGetUnassignedList: 1,
      adminOperLogList: windows,
    };
    const endpoints = [...new Set([...Object.keys(minimum), ...calls.keys()])].sort();
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    const minTotal = Object.values(minimum).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `audit on a ${snapshot.members.length}-member sandbox tenant (${rows} user/list_id rows, ${snapshot.tags.length} tags, ${snapshot.apps.length} apps, ${leavers.length} roster leavers)\n\n` +
        `| endpoint | calls | minimum |\n|---|---:|---:|\n` +
        endpoints.map((e) => `| ${e} | ${calls.get(e) ?? 0} | ${minimum[e] ?? 0} |`).join("\n") +
        `\n| total | ${total} | ${minTotal} |\n\n` +
        `wall: load + schemas ${((tLoad - t0) / 1000).toFixed(2)} s, read ${((tRead - tLoad) / 1000).toFixed(2)} s, ` +
        `evaluate ${((tEval - tRead) / 1000).toFixed(2)} s, total ${((tEval - t0) / 1000).toFixed(2)} s; ` +
        `peak RSS ${peak.toFixed(0)} MiB (${(rss0 / 1024 / 1024) | 0} MiB before, sandbox in-process); ` +
        `${report.controls.length} controls, ${report.summary.mandatoryFailures} mandatory failures\n` +
        `(reading every member in detail, as import does, would add ${snapshot.members.length - leavers.length} user/get calls)\n`,
    );
  } finally {
    await sb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
