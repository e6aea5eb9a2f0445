/**
 * A hostile WeCom for the fault matrix: a loopback proxy in front of the sandbox process that, for the
 * paths it is told to, answers with a redirect to a trap server, an endless body, a slow drip or a
 * malformed answer — what the sandbox (an emulator of WeCom's behaviour) has no business doing itself.
 * The trap server records every request that reaches it: for the redirect rows it must stay empty.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type HostileMode =
  | { kind: "pass" }
  /** 302 (gettoken) or 307 (writes) with a Location on the trap server. */
  | { kind: "redirect"; status: 302 | 307; paths: (path: string, method: string) => boolean }
  /** 200 with a JSON prefix and then `bytes` of spaces, streamed. */
  | { kind: "huge"; path: string; bytes: number }
  /** 200, a JSON prefix, then one byte every `everyMs`, never ending. */
  | { kind: "drip"; path: string; everyMs: number }
  /** Answer `body` instead of forwarding (`forward`: forward first, then rewrite WeCom's answer). */
  | { kind: "shape"; path: string; forward: boolean; rewrite: (answer: Record<string, unknown>) => unknown };

export interface Hostile {
  url: string;
  mode: HostileMode;
  /** Requests the trap server received (method, path, whether it carried a secret-looking query). */
  trapped: { method: string; url: string; body: string }[];
  /** Bytes of oversized bodies written before the client went away. */
  hugeBytesSent: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function forward(
  target: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const up = request(
      `${target}${req.url ?? "/"}`,
      { method: req.method, headers: { "content-type": req.headers["content-type"] ?? "application/json" } },
      (res) => {
        readAll(res).then((b) => resolve({ status: res.statusCode ?? 502, body: b }), reject);
      },
    );
    up.on("error", reject);
    up.end(body);
  });
}

export async function startHostile(target: string): Promise<Hostile> {
  const trapped: Hostile["trapped"] = [];
  const trap = createServer((req, res) => {
    void readAll(req).then((b) => {
      trapped.push({ method: req.method ?? "", url: req.url ?? "", body: b.toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"errcode":0,"errmsg":"ok","access_token":"trap","expires_in":7200,"tagid":1}');
    });
  });
  const trapUrl = await listen(trap);
  const sockets = new Set<import("node:net").Socket>();
  const state: Hostile = {
    url: "",
    mode: { kind: "pass" },
    trapped,
    hugeBytesSent: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((r) => proxy.close(() => r())),
        new Promise<void>((r) => {
          trap.closeAllConnections();
          trap.close(() => r());
        }),
      ]);
    },
  };
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readAll(req);
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const method = req.method ?? "GET";
      const m = state.mode;
      if (m.kind === "redirect" && m.paths(path, method)) {
        res.writeHead(m.status, { location: `${trapUrl}${req.url ?? "/"}` });
        res.end();
        return;
      }
      if (m.kind === "huge" && path === m.path) {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"errcode":0,"errmsg":"ok","pad":"');
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < m.bytes && !res.destroyed) {
            sent += chunk.length;
            state.hugeBytesSent += chunk.length;
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          if (!res.destroyed) res.end('"}');
        };
        pump();
        return;
      }
      if (m.kind === "drip" && path === m.path) {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"errcode":0,');
        const t = setInterval(() => res.write(" "), m.everyMs);
        res.on("close", () => clearInterval(t));
        return;
      }
      if (m.kind === "shape" && path === m.path) {
        const answer = m.forward
          ? (JSON.parse((await forward(target, req, body)).body.toString("utf8")) as Record<string, unknown>)
          : { errcode: 0, errmsg: "ok" };
        const text = JSON.stringify(m.rewrite(answer));
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      const up = await forward(target, req, body);
      res.writeHead(up.status, { "content-type": "application/json", "content-length": up.body.length });
      res.end(up.body);
    })().catch(() => res.destroy());
  });
  proxy.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  state.url = await listen(proxy);
  return state;
}
