/**
 * A small autocannon-like load loop over node:http keep-alive agents (no dependency), and a constant
 * server to measure against: the same loop, the same bytes, no work behind them.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export interface Target {
  port: number;
  method: "GET" | "POST";
  /** Path for request i (list_id walks its cursors). */
  path: (i: number) => string;
  body: (i: number) => string | undefined;
}

export function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  body?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Runs `n` requests with `concurrency` in flight, each expected to answer errcode 0; requests per second.
 * `keepAlive: false` for slow writes: a server blocked for seconds may close an idle kept-alive socket
 * just as the next request is sent on it (ECONNRESET).
 */
export async function run(t: Target, n: number, concurrency: number, keepAlive = true): Promise<number> {
  const agent = new Agent({ keepAlive, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const text = await send(agent, t.port, t.method, t.path(i), t.body(i));
        if (!text.startsWith('{"errcode":0')) throw new Error(`request ${i} failed: ${text.slice(0, 200)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return n / seconds;
}

/** A server that answers every request with `body`, as fast as node:http can. */
export async function constantServer(body: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, {
        "content-type": "application/json; charset=UTF-8",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
