/**
 * Benchmark (issue 12, "the sandbox scales"): `npm run bench -- sandbox [members=100000] [requests=1000]
 * [concurrency=32]`. In one run, side by side:
 *
 * 1. Reads: tag/get and user/list_id requests per second against the sandbox at `members` members and
 *    against a constant node:http server answering the same bytes (http-load.ts, keep-alive agents, the
 *    same process for both), three alternating rounds, the median ratio. Target: ≥ 0.8.
 * 2. Writes per second with a state file: `durability: "rewrite"` (before issue 12: the whole file
 *    rewritten and fsync'd per write) against the journal (one fsync'd line per write), user/update on
 *    generated members, at 200 members and at `members`.
 * 3. Recovery: the time to load the snapshot and to replay the journal the writes left (copied aside while
 *    the sandbox runs, as a kill -9 would leave it), and the clean-shutdown compaction.
 *
 * Rate limits and faults are off. State files go to the OS temp directory (its filesystem decides what an
 * fsync costs; it is printed).
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { recover } from "../../src/sandbox/changes";
import { journalPath } from "../../src/sandbox/journal";
import { startSandbox, type SandboxHandle } from "../../src/sandbox/server";
import type { ConsoleCredentials } from "../../src/wecom/wire";
import { constantServer, median, run, send, type Target } from "./http-load";

// A full collection before each scenario, so neither side pays for the seed's garbage.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ROUNDS = 20;

async function contactsToken(sb: SandboxHandle): Promise<string> {
  const agent = new Agent({ keepAlive: false });
  const creds = JSON.parse(await send(agent, sb.port, "GET", "/__console/credentials")) as ConsoleCredentials;
  const tok = JSON.parse(
    await send(
      agent,
      sb.port,
      "GET",
      `/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${creds.contacts_secret}`,
    ),
  ) as { access_token: string };
  agent.destroy();
  return `access_token=${encodeURIComponent(tok.access_token)}`;
}

async function reads(members: number, requests: number, concurrency: number): Promise<string[]> {
  const t0 = performance.now();
  const sb = await startSandbox({ members, quiet: true, rateLimit: { enabled: false } });
  const seedMs = performance.now() - t0;
  const q = await contactsToken(sb);
  const agent = new Agent({ keepAlive: true });
  const limit = 1000;
  const cursors: string[] = [""];
  for (;;) {
    const body = JSON.stringify({ cursor: cursors[cursors.length - 1], limit });
    const page = JSON.parse(await send(agent, sb.port, "POST", `/cgi-bin/user/list_id?${q}`, body)) as {
      next_cursor: string;
    };
    if (!page.next_cursor) break;
    cursors.push(page.next_cursor);
  }
  const listBody = (i: number) => JSON.stringify({ cursor: cursors[i % cursors.length], limit });
  const tagSample = await send(agent, sb.port, "GET", `/cgi-bin/tag/get?${q}&tagid=100`);
  const listSample = await send(agent, sb.port, "POST", `/cgi-bin/user/list_id?${q}`, listBody(1));
  agent.destroy();
  const scenarios: { name: string; target: Target; constant: string }[] = [
    {
      name: "tag/get (tag 100)",
      target: {
        port: sb.port,
        method: "GET",
        path: () => `/cgi-bin/tag/get?${q}&tagid=100`,
        body: () => undefined,
      },
      constant: tagSample,
    },
    {
      name: `user/list_id (limit ${limit})`,
      target: { port: sb.port, method: "POST", path: () => `/cgi-bin/user/list_id?${q}`, body: listBody },
      constant: listSample,
    },
  ];
  const out = [
    `reads: ${members} members (seeded in ${seedMs.toFixed(0)} ms), ${requests} requests × ${ROUNDS} rounds per side, concurrency ${concurrency}, one process`,
    `${"scenario".padEnd(26)} ${"sandbox/s".padStart(9)} ${"constant/s".padStart(11)} ${"ratio".padStart(6)} ${"cpu ratio".padStart(9)}  (all ${ROUNDS} alternating rounds pooled)`,
  ];
  for (const s of scenarios) {
    process.stderr.write(`sandbox bench: ${s.name}\n`);
    const base = await constantServer(s.constant);
    const baseTarget: Target = { ...s.target, port: base.port };
    await run(baseTarget, Math.min(500, requests), concurrency);
    await run(s.target, Math.min(500, requests), concurrency);
    // Many short alternating rounds: the machine's load drifts over seconds, and both sides share it.
    gc();
    let baseSeconds = 0;
    let sandboxSeconds = 0;
    let baseCpu = 0;
    let sandboxCpu = 0;
    const ratios: number[] = [];
    const cpu = () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    };
    for (let r = 0; r < ROUNDS; r++) {
      let c = cpu();
      const b = await run(baseTarget, requests, concurrency);
      baseCpu += cpu() - c;
      c = cpu();
      const x = await run(s.target, requests, concurrency);
      sandboxCpu += cpu() - c;
      baseSeconds += requests / b;
      sandboxSeconds += requests / x;
      ratios.push(x / b);
    }
    const total = requests * ROUNDS;
    await base.close();
    out.push(
      `${s.name.padEnd(26)} ${(total / sandboxSeconds).toFixed(0).padStart(9)} ${(total / baseSeconds).toFixed(0).padStart(11)} ${(baseSeconds / sandboxSeconds).toFixed(2).padStart(6)} ${(baseCpu / sandboxCpu).toFixed(2).padStart(9)}` +
        `  (${Buffer.byteLength(s.constant)} B/response; per-round ratios: median ${median(ratios).toFixed(2)}, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
  }
  await sb.close();
  return out;
}

interface WriteResult {
  perSecond: number;
  writes: number;
  startMs: number;
  closeMs: number;
  recovery?: {
    snapshotMs: number;
    replayMs: number;
    lines: number;
    snapshotBytes: number;
    journalBytes: number;
  };
}

async function writes(
  members: number,
  durability: "rewrite" | "journal",
  n: number,
  concurrency: number,
): Promise<WriteResult> {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-bench-"));
  try {
    const file = join(dir, "tenant.json");
    const t0 = performance.now();
    const sb = await startSandbox({
      members,
      quiet: true,
      rateLimit: { enabled: false },
      stateFile: file,
      durability,
    });
    const startMs = performance.now() - t0;
    const q = await contactsToken(sb);
    const target: Target = {
      port: sb.port,
      method: "POST",
      path: () => `/cgi-bin/user/update?${q}`,
      body: (i) =>
        JSON.stringify({
          userid:
            members > 200
              ? `gen${String(1 + (i % (members - 200))).padStart(6, "0")}`
              : `staff${String(1 + (i % 181)).padStart(3, "0")}`,
          position: `p${i}`,
        }),
    };
    const perSecond = await run(target, n, concurrency, false);
    let recovery: WriteResult["recovery"];
    if (durability === "journal") {
      // What a kill -9 now would leave: the snapshot and the fsync'd journal, copied aside.
      const copy = join(dir, "copy.json");
      copyFileSync(file, copy);
      copyFileSync(journalPath(file), journalPath(copy));
      const r0 = performance.now();
      const r = recover(copy, { readOnly: true });
      const totalMs = performance.now() - r0;
      recovery = {
        snapshotMs: totalMs - r.replayMs,
        replayMs: r.replayMs,
        lines: r.replayed,
        snapshotBytes: statSync(copy).size,
        journalBytes: statSync(journalPath(copy)).size,
      };
    }
    const c0 = performance.now();
    await sb.close();
    const closeMs = performance.now() - c0;
    return { perSecond, writes: n, startMs, closeMs, ...(recovery ? { recovery } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const members = Number(process.argv[2] ?? 100_000);
  const requests = Number(process.argv[3] ?? 1000);
  const concurrency = Number(process.argv[4] ?? 32);
  const out: string[] = [`node ${process.version}, state files in ${tmpdir()}`, ""];
  out.push(...(await reads(members, requests, concurrency)));
  out.push(
    "",
    `writes with a state file: user/update, concurrency 8, each answered only once durable`,
    `${"members".padStart(8)} ${"durability".padEnd(10)} ${"writes".padStart(6)} ${"writes/s".padStart(9)} ${"start ms".padStart(9)} ${"close ms".padStart(9)}`,
  );
  const recoveries: string[] = [];
  for (const m of [...new Set([200, members])]) {
    process.stderr.write(`sandbox bench: writes at ${m} members\n`);
    const before = await writes(m, "rewrite", m > 10_000 ? 20 : 400, 8);
    const after = await writes(m, "journal", 3000, 8);
    for (const [name, r] of [
      ["rewrite", before],
      ["journal", after],
    ] as const)
      out.push(
        `${String(m).padStart(8)} ${name.padEnd(10)} ${String(r.writes).padStart(6)} ${r.perSecond.toFixed(1).padStart(9)} ${r.startMs.toFixed(0).padStart(9)} ${r.closeMs.toFixed(0).padStart(9)}`,
      );
    out.push(
      `${"".padStart(8)} ${"speed-up".padEnd(10)} ${"".padStart(6)} ${(after.perSecond / before.perSecond).toFixed(1).padStart(8)}×`,
    );
    const rec = after.recovery;
    if (rec)
      recoveries.push(
        `${String(m).padStart(8)} members: snapshot ${(rec.snapshotBytes / 1e6).toFixed(1)} MB loaded and indexed in ${rec.snapshotMs.toFixed(0)} ms; ` +
          `journal ${rec.lines} lines (${(rec.journalBytes / 1e6).toFixed(2)} MB) replayed in ${rec.replayMs.toFixed(0)} ms`,
      );
  }
  out.push("", "recovery after kill -9 (snapshot + journal replay):", ...recoveries, "");
  process.stdout.write(out.join("\n"));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
