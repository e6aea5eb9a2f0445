/**
 * Benchmark: MemberStatus for L leavers of M members against the in-process sandbox (WeCom's per-minute
 * limits on), through the provider module and the real client — the issue 12 "no cliff" case. Two runs:
 *
 * - the read alone (`memberStatus.read`: what `pulumi preview --refresh` and the drift check do), then
 * - `up` (`memberStatus.update`: read, L × user/update, every write read back).
 *
 * Each prints the wall time, the calls per endpoint, the 45009 answers seen, and WeCom's floor for the calls
 * it made: each endpoint's calls divided by its documented per-minute limit (wire.ts; 10,000 for these),
 * endpoints paced in parallel, so the floor is the busiest endpoint's share — for `up`, L user/update / 10,000
 * minutes; the bulk reads (a user/list per department, department/list, user/list_id pages) are far below
 * their own limits. The machine's load average is printed too (the sandbox runs in this process).
 *
 * Before issue 12 12,000 leavers failed after 29 s with 6,001 answers 45009; with pacing but a user/get per
 * leaver and per write, `up` took 176.4 s for 12,000 leavers (24,000 user/get + 12,000 user/update: 1.22×).
 *
 *   npm run bench -- leavers-up [leavers=12000] [members=13000]
 */
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import type { PropertyMap } from "../../src/provider/props";
import { memberStatus } from "../../src/provider/resources/member-status";
import type { ProviderContext } from "../../src/provider/types";
import { startSandbox } from "../../src/sandbox/server";
import { WecomClient } from "../../src/wecom";
import { ENDPOINTS, type ConsoleCredentials, type EndpointName } from "../../src/wecom/wire";

const LEAVERS = Number(process.argv[2] ?? 12_000);
const MEMBERS = Number(process.argv[3] ?? 13_000);

const load = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

/** The busiest endpoint's calls over its per-minute limit, in seconds (endpoints are paced in parallel). */
function floorOf(calls: ReadonlyMap<string, number>): { s: number; endpoint: string } {
  let best = { s: 0, endpoint: "none" };
  for (const [e, n] of calls) {
    const s = (n / ENDPOINTS[e as EndpointName].perMinute) * 60;
    if (s > best.s)
      best = { s, endpoint: `${e} (${n} calls / ${ENDPOINTS[e as EndpointName].perMinute} a minute)` };
  }
  return best;
}

async function main(): Promise<void> {
  const sb = await startSandbox({ quiet: true, members: MEMBERS });
  try {
    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const calls = new Map<string, number>();
    let freq = 0;
    const client = new WecomClient({
      baseUrl: sb.url,
      corpId: creds.corpid,
      secrets: { contacts: creds.contacts_secret },
      onCall: (e) => {
        calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1);
        if (e.errcode === 45009) freq++;
      },
    });
    const ids = (await client.listUserIds()).map((m) => m.userId);
    const departments = (await client.listDepartments()).length;
    const ctx: ProviderContext = {
      client: () => client,
      configured: () => ({ contacts: true, archive: false, apps: [] }),
      now: () => new Date("2026-12-03T04:00:00Z"),
    };
    // The last L members leave (the demo's own people stay first in the directory).
    const leavers = ids.slice(-LEAVERS).map((userId) => ({ userId, leaveDate: "2026-11-01" }));
    const news = memberStatus.check({ roster: ids, leavers, disableWithinHours: 24 }, {}, ctx)
      .inputs as PropertyMap;
    const lines = [
      `node ${process.version}, ${os.cpus().length} CPUs, MemberStatus: ${LEAVERS} leavers of ${ids.length} members ` +
        `in ${departments} departments, sandbox limits on; load average ${load()} at the start`,
    ];
    const run = async (what: string, f: () => Promise<PropertyMap>, done: (out: PropertyMap) => string) => {
      calls.clear();
      freq = 0;
      const t0 = performance.now();
      const out = await f();
      const s = (performance.now() - t0) / 1000;
      const floor = floorOf(calls);
      lines.push(
        `${what}: ${done(out)} in ${s.toFixed(1)} s, ${freq} answers 45009`,
        `  calls: ${[...calls]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([e, n]) => `${e} ${n}`)
          .join(", ")}`,
        `  WeCom's floor (busiest endpoint: ${floor.endpoint}): ${floor.s.toFixed(1)} s — ${(s / floor.s).toFixed(2)}×`,
      );
    };
    await run(
      "read (preview --refresh, drift)",
      async () => (await memberStatus.read(ctx, "members", {}, news))!.props as PropertyMap,
      (out) => `${(out["overdue"] as string[]).length} overdue`,
    );
    await run(
      "up",
      async () => (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap,
      (out) => `${(out["disabled"] as string[]).length} disabled`,
    );
    lines.push(`load average ${load()} at the end`);
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await sb.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
