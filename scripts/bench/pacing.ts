/**
 * Benchmark: the rate-limit cliff (issue 12). N user/get calls fired at once — what MemberStatus does for
 * N leavers — against the sandbox, which enforces WeCom's 10,000 calls a minute per API and blocks the API
 * for 60 s beyond that (src/sandbox/rate-limit.ts). Twice, each against a fresh sandbox:
 *
 * - unpaced: the client as it was (no budget; 45009 retried after 1, 2, 4 s) — the cliff;
 * - paced: the client's per-minute budget (src/wecom/pacing.ts) — calls a minute achieved against the
 *   budget and WeCom's floor of N / 10,000 minutes, and the 45009 answers seen (0 expected).
 *
 *
 * Then two processes (issue 12, "shared by everything"): P user/get each, both at once, against one sandbox —
 * on their own budgets (what `pulumi up` beside a CLI read did before the coordinator), then sharing the
 * budget coordinator (src/wecom/budget-share.ts) as the processes of one `drift` run do: wall time, 45009
 * answers and calls a minute. And the coordinator's cost per call: a turn's round trip over the socket, and
 * calls against an unlimited sandbox with and without it.
 *
 *   npm run bench -- pacing [calls=20000] [perProcess=10000] [cases=one,two]
 */
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../../src/sandbox/server";
import { DEFAULT_PACE_POLICY, WecomApiError, WecomClient, type WecomClientOptions } from "../../src/wecom";
import { BUDGET_SOCKET_ENV, BudgetLink, startBudgetCoordinator } from "../../src/wecom/budget-share";
import type { ConsoleCredentials } from "../../src/wecom/wire";

const CHILD = process.argv[2] === "--child";
const N = Number((!CHILD && process.argv[2]) || 20_000);
const PER_PROCESS = Number(process.argv[3] ?? 10_000);
const CASES = new Set((process.argv[4] ?? "one,two").split(","));
const LIMIT = 10_000;

/**
 * `n` user/get at once (member i mod the list), WeCom's errors counted as failures: how many succeeded and
 * failed, and the ms from the start to the last success and to the end.
 */
async function fireGets(
  client: WecomClient,
  members: readonly string[],
  n: number,
): Promise<{ ok: number; failed: number; lastOkMs: number; endMs: number }> {
  const t0 = performance.now();
  let ok = 0;
  let failed = 0;
  let lastOk = t0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
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
  return { ok, failed, lastOkMs: lastOk - t0, endMs: performance.now() - t0 };
}

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
    const { ok, failed, lastOkMs, endMs } = await fireGets(client, members, N);
    const s = endMs / 1000;
    const floor = (N / LIMIT) * 60;
    const perMinute = ok / (lastOkMs / 60_000);
    return paced
      ? `paced   : ${ok}/${N} succeeded, ${failed} failed, ${freq} answers 45009, ${s.toFixed(1)} s ` +
          `(WeCom's floor ${floor.toFixed(0)} s: ${(s / floor).toFixed(2)}×), ${perMinute.toFixed(0)} calls a minute ` +
          `against a budget of ${Math.floor(LIMIT * (DEFAULT_PACE_POLICY.burstShare + DEFAULT_PACE_POLICY.steadyShare))} in any minute (steady ${Math.floor(LIMIT * DEFAULT_PACE_POLICY.steadyShare)})`
      : `unpaced : ${ok}/${N} succeeded, ${failed} failed (45009 after 4 attempts), ${freq} answers 45009, ${s.toFixed(1)} s`;
  } finally {
    await sb.close();
  }
}

interface ChildReport {
  ok: number;
  failed: number;
  freq: number;
  /** ms from "go" to the last success and to the end. */
  lastOkMs: number;
  endMs: number;
}

/**
 * One of the two processes: lists the members, says it is ready, and on "go" fires its calls at once; the
 * coordinator's socket (when given) comes in the environment, as the provider plugin's does.
 */
async function child(): Promise<void> {
  const env = process.env;
  let freq = 0;
  const client = new WecomClient({
    baseUrl: env["BENCH_URL"]!,
    corpId: env["BENCH_CORP"]!,
    secrets: { contacts: env["BENCH_SECRET"]! },
    readOnly: true,
    ...(env[BUDGET_SOCKET_ENV] ? { budgetSocket: env[BUDGET_SOCKET_ENV] } : {}),
    onCall: (e) => {
      if (e.errcode === 45009) freq++;
    },
  });
  const members = (await client.listUserIds()).map((m) => m.userId);
  await new Promise<void>((resolve) => {
    process.once("message", () => resolve());
    process.send!("ready");
  });
  const report: ChildReport = { ...(await fireGets(client, members, PER_PROCESS)), freq };
  process.send!(report, () => process.exit(0));
}

/** Two processes × PER_PROCESS user/get at once against a fresh sandbox, on their own budgets or shared. */
async function twoProcesses(shared: boolean): Promise<string> {
  const sb = await startSandbox({ quiet: true });
  const coordinator = shared ? await startBudgetCoordinator() : undefined;
  try {
    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const env = {
      ...process.env,
      BENCH_URL: sb.url,
      BENCH_CORP: creds.corpid,
      BENCH_SECRET: creds.contacts_secret,
      ...(coordinator ? { [BUDGET_SOCKET_ENV]: coordinator.socketPath } : {}),
    };
    const children = [0, 1].map(() =>
      fork(__filename, ["--child", String(PER_PROCESS)], {
        env,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    const ready = children.map((c) => new Promise<void>((resolve) => c.once("message", () => resolve())));
    const reports = children.map(
      (c) =>
        new Promise<ChildReport>((resolve, reject) => {
          c.on("message", (m) => {
            if (typeof m === "object") resolve(m as ChildReport);
          });
          c.once("exit", (code) => reject(new Error(`a bench process exited ${code}`)));
        }),
    );
    await Promise.all(ready);
    const t0 = performance.now();
    for (const c of children) c.send("go");
    const got = await Promise.all(reports);
    const s = (performance.now() - t0) / 1000;
    const ok = got.reduce((n, r) => n + r.ok, 0);
    const failed = got.reduce((n, r) => n + r.failed, 0);
    const freq = got.reduce((n, r) => n + r.freq, 0);
    const lastOk = Math.max(...got.map((r) => r.lastOkMs));
    const floor = ((2 * PER_PROCESS) / LIMIT) * 60;
    return (
      `${shared ? "shared  " : "separate"}: ${ok}/${2 * PER_PROCESS} succeeded, ${failed} failed, ${freq} answers 45009, ` +
      `${s.toFixed(1)} s (WeCom's floor ${floor.toFixed(0)} s: ${(s / floor).toFixed(2)}×), ` +
      `${(ok / (lastOk / 60_000)).toFixed(0)} calls a minute together` +
      (coordinator
        ? `; coordinator: ${coordinator.stats.permits} turns, ${coordinator.stats.blocks} blocks reported`
        : "")
    );
  } finally {
    await coordinator?.close();
    await sb.close();
  }
}

/**
 * The coordinator's cost per call: a turn's round trip on one link (one at a time, then 16 in flight), and
 * calls through the client against a sandbox without limits, with the coordinator and without.
 */
async function overhead(): Promise<string[]> {
  const coordinator = await startBudgetCoordinator();
  const sb = await startSandbox({ quiet: true, rateLimit: { enabled: false } });
  try {
    const key = {
      baseUrl: "http://bench",
      corpId: "bench",
      principal: "contacts",
      endpoint: "userGet",
    } as const;
    const limits = { perMinute: 100_000_000, perHour: 100_000_000 };
    const link = new BudgetLink(coordinator.socketPath, Date.now);
    const M = 20_000;
    for (let i = 0; i < 1_000; i++) await link.reserve(key, limits);
    let t = performance.now();
    for (let i = 0; i < M; i++) await link.reserve(key, limits);
    const oneAtATime = ((performance.now() - t) * 1000) / M;
    t = performance.now();
    for (let i = 0; i < M / 16; i++)
      await Promise.all(Array.from({ length: 16 }, () => link.reserve(key, limits)));
    const sixteen = ((performance.now() - t) * 1000) / M;

    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const base = { baseUrl: sb.url, corpId: creds.corpid, secrets: { contacts: creds.contacts_secret } };
    const members = (await new WecomClient(base).listUserIds()).map((m) => m.userId);
    const K = 5_000;
    const perCall = async (budgetSocket: string | undefined): Promise<number> => {
      // A clock of its own each: budgets (and the in-process one) are not shared between the two runs.
      const now = () => Date.now();
      const client = new WecomClient({
        ...base,
        readOnly: true,
        now,
        perMinute: { userGet: 100_000_000, gettoken: 100_000_000 },
        ...(budgetSocket ? { budgetSocket } : {}),
      });
      await client.getMember(members[0]!);
      const t0 = performance.now();
      await Promise.all(Array.from({ length: K }, (_, i) => client.getMember(members[i % members.length]!)));
      return ((performance.now() - t0) * 1000) / K;
    };
    const rounds: [number, number][] = [];
    for (let r = 0; r < 3; r++)
      rounds.push([await perCall(undefined), await perCall(coordinator.socketPath)]);
    const own = Math.min(...rounds.map((x) => x[0]));
    const linked = Math.min(...rounds.map((x) => x[1]));
    return [
      `coordinator: a turn's round trip ${oneAtATime.toFixed(1)} µs one at a time, ${sixteen.toFixed(1)} µs a turn with 16 in flight (${M} turns)`,
      `coordinator: ${K} user/get against an unlimited sandbox (16 in flight, best of 3): ${own.toFixed(0)} µs a call on the process's own budget, ` +
        `${linked.toFixed(0)} µs with the coordinator (+${(linked - own).toFixed(0)} µs, ${(((linked - own) / own) * 100).toFixed(1)} %)`,
    ];
  } finally {
    await coordinator.close();
    await sb.close();
  }
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    process.stderr.write(`${line}\n`);
  };
  if (CASES.has("one")) {
    say(`node ${process.version}, ${N} user/get at once against the sandbox (limit ${LIMIT} a minute)`);
    for (const paced of [false, true]) say(await run(paced));
  }
  if (CASES.has("two")) {
    say(`two processes × ${PER_PROCESS} user/get at once against one sandbox (limit ${LIMIT} a minute)`);
    for (const shared of [false, true]) say(await twoProcesses(shared));
    for (const line of await overhead()) say(line);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

(CHILD ? child() : main()).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
