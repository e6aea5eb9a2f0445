/**
 * Benchmark: MemberStatus's `up` for L leavers against the in-process sandbox (WeCom's per-minute limits
 * on), through the provider module and the real client — the issue 12 cliff case. Prints the wall time,
 * the calls per endpoint, the 45009 answers seen, and WeCom's floor for those calls (N / 10,000 minutes
 * for the busiest endpoint). Before issue 12, 12,000 leavers failed here after 29 s with 6,001 answers
 * 45009 (16,001 user/get: every leaver read unpaced, twice).
 *
 *   npm run bench -- leavers-up [leavers=12000] [members=13000]
 */
import { performance } from "node:perf_hooks";
import type { PropertyMap } from "../../src/provider/props";
import { memberStatus } from "../../src/provider/resources/member-status";
import type { ProviderContext } from "../../src/provider/types";
import { startSandbox } from "../../src/sandbox/server";
import { WecomClient } from "../../src/wecom";
import type { ConsoleCredentials } from "../../src/wecom/wire";

const LEAVERS = Number(process.argv[2] ?? 12_000);
const MEMBERS = Number(process.argv[3] ?? 13_000);

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
    calls.clear();
    const ctx: ProviderContext = {
      client: () => client,
      configured: () => ({ contacts: true, archive: false, apps: [] }),
      now: () => new Date("2026-12-03T04:00:00Z"),
    };
    // The last L members leave (the demo's own people stay first in the directory).
    const leavers = ids.slice(-LEAVERS).map((userId) => ({ userId, leaveDate: "2026-11-01" }));
    const news = memberStatus.check({ roster: ids, leavers, disableWithinHours: 24 }, {}, ctx)
      .inputs as PropertyMap;
    const t0 = performance.now();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    const s = (performance.now() - t0) / 1000;
    const busiest = Math.max(...calls.values());
    const floor = (busiest / 10_000) * 60;
    const lines = [
      `node ${process.version}, MemberStatus up: ${LEAVERS} leavers of ${MEMBERS} members, sandbox limits on`,
      `${(out["disabled"] as string[]).length} disabled in ${s.toFixed(1)} s, ${freq} answers 45009`,
      `calls: ${[...calls].map(([e, n]) => `${e} ${n}`).join(", ")}`,
      `WeCom's floor for the busiest endpoint (${busiest} calls): ${floor.toFixed(0)} s — ${(s / floor).toFixed(2)}×`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await sb.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
