/**
 * Benchmark: the rate-limit cliff (issue 12). N user/get calls fired at once — what MemberStatus does for
 * N leavers — against the sandbox, which enforces WeCom's 10,000 calls a minute per API and blocks the API
 * for 60 s beyond that (src/sandbox/rate-limit.ts). Twice, each against a fresh sandbox:
 *
 * - unpaced: the client as it was (no budget; 45009 retried after 1, 2, 4 s) — the cliff;
 * - paced: the client's per-minute budget (src/wecom/pacing.ts) — calls a minute achieved against the
 *   budget and WeCom's floor of N / 10,000 minutes, and the 45009 answers seen (0 expected).
 *
 *   npm run bench -- pacing [calls=20000]
 */
import { performance } from "node:perf_hooks";
import { startSandbox } from "../../src/sandbox/server";
import { DEFAULT_PACE_POLICY, WecomApiError, WecomClient, type WecomClientOptions } from "../../src/wecom";
import type { ConsoleCredentials } from "../../src/wecom/wire";

const N = Number(process.argv[2] ?? 20_000);
const LIMIT = 10_000;

async function run(paced: boolean): Promise<string> {
  const sb = await startSandbox({ quiet: true });
  try {
    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const base = { baseUrl: sb.url, corpId: creds.corpid, secrets: { contacts: creds.contacts_secret } };
    const members = (await new WecomClient(base).listUserIds()).map((m) => m.userId);
    let freq = 0;
    const opts: WecomClientOptions = {
      ...base,
      readOnly: true,
      onCall: (e) => {
        if (e.errcode === 45009) freq++;
      },
      ...(paced ? {} : { pacing: false as const }),
    };
    const client = new WecomClient(opts);
    const t0 = performance.now();
    let ok = 0;
    let failed = 0;
    let lastOk = t0;
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        try {
          await client.getMember(members[i % members.length]!);
          ok++;
          lastOk = performance.now();
        } catch (err) {
          if (!(err instanceof WecomApiError)) throw err;
          failed++;
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const floor = (N / LIMIT) * 60;
    const perMinute = ok / ((lastOk - t0) / 60_000);
    return paced
      ? `paced   : ${ok}/${N} succeeded, ${failed} failed, ${freq} answers 45009, ${s.toFixed(1)} s ` +
          `(WeCom's floor ${floor.toFixed(0)} s: ${(s / floor).toFixed(2)}×), ${perMinute.toFixed(0)} calls a minute ` +
          `against a budget of ${Math.floor(LIMIT * (DEFAULT_PACE_POLICY.burstShare + DEFAULT_PACE_POLICY.steadyShare))} in any minute (steady ${Math.floor(LIMIT * DEFAULT_PACE_POLICY.steadyShare)})`
      : `unpaced : ${ok}/${N} succeeded, ${failed} failed (45009 after 4 attempts), ${freq} answers 45009, ${s.toFixed(1)} s`;
  } finally {
    await sb.close();
  }
}

async function main(): Promise<void> {
  const lines = [
    `node ${process.version}, ${N} user/get at once against the sandbox (limit ${LIMIT} a minute)`,
  ];
  for (const paced of [false, true]) {
    lines.push(await run(paced));
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
