/**
 * Benchmark: sandbox requests per second on loopback at 100k members, for tag/get and user/list_id,
 * side by side with a raw node:http server that answers the same bytes as a constant — so the ratio is
 * what the sandbox's own work (token check, faults, rate limiter, range rules, JSON) costs. Not a test:
 * a bounded number of requests per scenario, then it prints a table and exits.
 *
 * Node 20 cannot run TypeScript directly and the project build (rootDir src/) excludes scripts/, so
 * compile this file with its imports into a temporary directory, then run it:
 *
 *   npx tsc --outDir /tmp/sandbox-bench --rootDir . --module commonjs --target es2022 \
 *     --moduleResolution node --types node --skipLibCheck --strict scripts/bench/sandbox-throughput.ts
 *   node /tmp/sandbox-bench/scripts/bench/sandbox-throughput.js [requests=4000] [concurrency=32] [members=100000]
 *
 * Rate limits are off (WeCom's 10 000/min would otherwise cap the run); faults are off.
 */
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../../src/sandbox/server";
import type { ConsoleCredentials } from "../../src/wecom/wire";
import { constantServer, run, send, type Target } from "./http-load";

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 4000);
  const concurrency = Number(process.argv[3] ?? 32);
  const members = Number(process.argv[4] ?? 100_000);
  const seedStart = performance.now();
  const sb = await startSandbox({ members, quiet: true, rateLimit: { enabled: false } });
  const seedMs = performance.now() - seedStart;
  const port = sb.port;
  const agent = new Agent({ keepAlive: true });
  const creds = JSON.parse(await send(agent, port, "GET", "/__console/credentials")) as ConsoleCredentials;
  const tok = JSON.parse(
    await send(
      agent,
      port,
      "GET",
      `/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${creds.contacts_secret}`,
    ),
  ) as { access_token: string };
  const q = `access_token=${encodeURIComponent(tok.access_token)}`;

  // Walk list_id once to collect its cursors, so the benchmark requests real pages all over the directory.
  const limit = 1000;
  const cursors: string[] = [""];
  for (;;) {
    const body = JSON.stringify({ cursor: cursors[cursors.length - 1], limit });
    const page = JSON.parse(await send(agent, port, "POST", `/cgi-bin/user/list_id?${q}`, body)) as {
      next_cursor: string;
    };
    if (!page.next_cursor) break;
    cursors.push(page.next_cursor);
  }
  const listBody = (i: number) => JSON.stringify({ cursor: cursors[i % cursors.length], limit });
  const tagGetSample = await send(agent, port, "GET", `/cgi-bin/tag/get?${q}&tagid=100`);
  const listSample = await send(agent, port, "POST", `/cgi-bin/user/list_id?${q}`, listBody(1));
  agent.destroy();

  const scenarios: { name: string; sandbox: Target; constant: string }[] = [
    {
      name: "tag/get (tag 100)",
      sandbox: { port, method: "GET", path: () => `/cgi-bin/tag/get?${q}&tagid=100`, body: () => undefined },
      constant: tagGetSample,
    },
    {
      name: `user/list_id (limit ${limit})`,
      sandbox: { port, method: "POST", path: () => `/cgi-bin/user/list_id?${q}`, body: listBody },
      constant: listSample,
    },
  ];

  const rows: string[] = [];
  for (const s of scenarios) {
    const base = await constantServer(s.constant);
    const baseTarget: Target = { ...s.sandbox, port: base.port };
    await run(baseTarget, Math.min(500, requests), concurrency);
    await run(s.sandbox, Math.min(500, requests), concurrency);
    const baseline = await run(baseTarget, requests, concurrency);
    const sandbox = await run(s.sandbox, requests, concurrency);
    await base.close();
    rows.push(
      `${s.name.padEnd(26)} ${sandbox.toFixed(0).padStart(9)} ${baseline.toFixed(0).padStart(11)} ${(sandbox / baseline).toFixed(2).padStart(7)}` +
        `   (${Buffer.byteLength(s.constant)} B/response)`,
    );
  }
  await sb.close();
  process.stdout.write(
    [
      `node ${process.version}, ${members} members (seeded in ${seedMs.toFixed(0)} ms), ${requests} requests per scenario, concurrency ${concurrency}, loopback`,
      `${"scenario".padEnd(26)} ${"sandbox/s".padStart(9)} ${"constant/s".padStart(11)} ${"ratio".padStart(7)}`,
      ...rows,
      "",
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
