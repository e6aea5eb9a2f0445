/**
 * Benchmark: what WecomClient adds per call (token cache, in-flight gate, envelope check, mapping)
 * compared with a raw `fetch` of the same URL, against a tiny loopback node:http server answering
 * gettoken and tag/get. Not a test: it prints timings and their ratio from one run.
 *
 * Node 20 cannot run TypeScript directly and the project build (tsconfig rootDir src/) does not include
 * scripts/, so compile this file with its imports into a temporary directory, then run it:
 *
 *   npx tsc --outDir /tmp/wecom-bench --rootDir . --module commonjs --target es2022 \
 *     --moduleResolution node --types node --skipLibCheck --strict scripts/bench/client-overhead.ts
 *   node /tmp/wecom-bench/scripts/bench/client-overhead.js [calls=2000] [rounds=5]
 *
 * Each round runs `calls` sequential raw fetches, then `calls` sequential client.getTag() calls; the
 * figures are the medians over the rounds (after one warm-up round that is not counted).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { WecomClient } from "../../src/wecom";

const TAG_GET = JSON.stringify({
  errcode: 0,
  errmsg: "ok",
  tagname: "bench",
  userlist: Array.from({ length: 20 }, (_, i) => ({ userid: `user${i}`, name: `User ${i}` })),
  partylist: [2, 3],
});
const TOKEN = JSON.stringify({ errcode: 0, errmsg: "ok", access_token: "BENCH-TOKEN", expires_in: 7200 });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 2000);
  const rounds = Number(process.argv[3] ?? 5);
  const server = createServer((req, res) => {
    const body = (req.url ?? "").startsWith("/cgi-bin/gettoken") ? TOKEN : TAG_GET;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new WecomClient({
    baseUrl: base,
    corpId: "wwBENCH",
    secrets: { contacts: "FAKE-bench-secret" },
    // The client's own cost, not WeCom's per-minute limit: 12,000 tag/get would otherwise be paced.
    pacing: false,
  });
  const rawUrl = `${base}/cgi-bin/tag/get?tagid=1&access_token=BENCH-TOKEN`;

  const raw = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const res = await fetch(rawUrl);
      const data = (await res.json()) as { errcode?: number };
      if (data.errcode !== 0) throw new Error("unexpected errcode");
    }
    return (performance.now() - t0) / calls;
  };
  const viaClient = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await client.getTag(1);
    return (performance.now() - t0) / calls;
  };

  await raw();
  await viaClient();
  const rawMs: number[] = [];
  const clientMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    rawMs.push(await raw());
    clientMs.push(await viaClient());
  }
  server.close();
  const rawMedian = median(rawMs);
  const clientMedian = median(clientMs);
  const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
  process.stdout.write(
    [
      `node ${process.version}, ${calls} sequential tag/get calls × ${rounds} rounds (median per call)`,
      `raw fetch + JSON.parse : ${us(rawMedian)}`,
      `WecomClient.getTag     : ${us(clientMedian)}`,
      `client overhead        : ${us(clientMedian - rawMedian)} per call (ratio ${(clientMedian / rawMedian).toFixed(2)}×)`,
      "",
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
