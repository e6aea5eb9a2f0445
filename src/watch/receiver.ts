/**
 * The HTTP endpoint WeCom calls back (wecom-api.md §13, path/91144): URL verification (GET with `echostr`),
 * change events (POST, encrypted XML), health and readiness. Every request is checked before anything
 * happens — `msg_signature`, the timestamp window and the nonce (replay), the body's size and XML, the
 * decryption and the receive id (the corp id) — and a refused one costs one log line and nothing else.
 * An accepted event is acknowledged at once (WeCom waits 5 s, then retries) and handed on afterwards;
 * WeCom's retries of an event already received are acknowledged and dropped.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CallbackCryptoError, decrypt, signatureMatches, type CallbackKeys } from "../wecom/callback-crypto";
import { CallbackXmlError, parseEnvelope, parseEvent, type CallbackEvent } from "../wecom/callback-events";

export interface ReceiverOptions {
  keys: CallbackKeys;
  /** The receive id every message must carry: the corp id (self-built apps and the contacts sync). */
  corpId: string;
  /** Called after the acknowledgement, once per event (retries dropped). */
  onEvent: (event: CallbackEvent) => void;
  /** One line per request that is refused or noteworthy (no secret, no ciphertext). */
  log: (line: string) => void;
  /** `/readyz` answers 200 only while this is true. */
  ready: () => boolean;
  /** Clock in ms (tests). */
  now?: () => number;
  /** Largest body read (default 64 KiB: a contact event is well under 4 KiB). */
  maxBodyBytes?: number;
  /** How far a request's timestamp may be from our clock, in seconds (default 300). */
  windowSeconds?: number;
}

export interface Receiver {
  url: string;
  port: number;
  /** Stop accepting connections; resolves when open requests are answered. */
  close(): Promise<void>;
}

/** Why a request was refused, with the HTTP status it gets. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    if (declared > max) {
      reject(new Refusal(413, `body of ${declared} bytes exceeds ${max}`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Refusal(413, `body exceeds ${max} bytes`));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Start listening on host:port (port 0 = any free port). */
export async function startReceiver(host: string, port: number, opts: ReceiverOptions): Promise<Receiver> {
  const now = opts.now ?? Date.now;
  const windowSec = opts.windowSeconds ?? 300;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  /** `timestamp:nonce` → the signature it came with, and when (ms): a nonce is used once per window. */
  const nonces = new Map<string, { sig: string; at: number }>();
  /** sha256 of each event's ciphertext → when it arrived (ms): WeCom's retries re-send the same one. */
  const seen = new Map<string, number>();

  const prune = () => {
    const cut = now() - 2 * windowSec * 1000;
    for (const [k, v] of nonces) if (v.at < cut) nonces.delete(k);
    for (const [k, at] of seen) if (at < cut) seen.delete(k);
  };

  /** Signature, timestamp window and nonce; returns "duplicate" for a byte-identical repeat. */
  function check(q: URLSearchParams, encrypted: string): "new" | "duplicate" {
    const sig = q.get("msg_signature") ?? "";
    const ts = q.get("timestamp") ?? "";
    const nonce = q.get("nonce") ?? "";
    if (!sig || !ts || !nonce) throw new Refusal(400, "msg_signature, timestamp or nonce missing");
    if (!signatureMatches(opts.keys, sig, ts, nonce, encrypted))
      throw new Refusal(403, "bad msg_signature (wrong Token, or not from WeCom)");
    const skew = Math.abs(Math.floor(now() / 1000) - Number(ts));
    if (!/^\d{1,12}$/.test(ts) || skew > windowSec)
      throw new Refusal(
        403,
        `replay or clock skew: timestamp ${ts} is ${skew} s from now (window ${windowSec} s)`,
      );
    const key = `${ts}:${nonce}`;
    const prior = nonces.get(key);
    if (prior && prior.sig !== sig.toLowerCase())
      throw new Refusal(403, `replay: nonce ${nonce} at ${ts} was already used for another message`);
    if (prior) return "duplicate";
    nonces.set(key, { sig: sig.toLowerCase(), at: now() });
    return "new";
  }

  function open(encrypted: string): string {
    let out;
    try {
      out = decrypt(opts.keys, encrypted);
    } catch (err) {
      if (err instanceof CallbackCryptoError) throw new Refusal(400, `cannot decrypt: ${err.message}`);
      throw err;
    }
    if (out.receiveId !== opts.corpId)
      throw new Refusal(403, `wrong receive id "${out.receiveId}" (expected the corp id ${opts.corpId})`);
    return out.message;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://watch.invalid");
    const from = req.socket.remoteAddress ?? "?";
    const reply = (status: number, body: string) => {
      res.writeHead(status, {
        "content-type": "text/plain; charset=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    };
    if (url.pathname === "/healthz") return reply(200, "ok\n");
    if (url.pathname === "/readyz") return opts.ready() ? reply(200, "ready\n") : reply(503, "not ready\n");
    try {
      prune();
      if (req.method === "GET") {
        const echostr = url.searchParams.get("echostr");
        if (echostr === null) throw new Refusal(400, "GET without echostr (not a URL verification)");
        check(url.searchParams, echostr);
        const plain = open(echostr);
        opts.log(`URL verification from ${from} answered`);
        return reply(200, plain);
      }
      if (req.method !== "POST") throw new Refusal(405, `method ${req.method ?? "?"} not allowed`);
      const body = await readBody(req, maxBody);
      let envelope;
      try {
        envelope = parseEnvelope(body);
      } catch (err) {
        if (err instanceof CallbackXmlError) throw new Refusal(400, `malformed body: ${err.message}`);
        throw err;
      }
      if (check(url.searchParams, envelope.encrypt) === "duplicate") {
        opts.log(`duplicate delivery from ${from} acknowledged, not processed`);
        return reply(200, "success");
      }
      const message = open(envelope.encrypt);
      let event: CallbackEvent;
      try {
        event = parseEvent(message);
      } catch (err) {
        if (err instanceof CallbackXmlError) throw new Refusal(400, `malformed event: ${err.message}`);
        throw err;
      }
      if (event.corpId !== opts.corpId)
        throw new Refusal(403, `event addressed to "${event.corpId}", not the corp id ${opts.corpId}`);
      // A retry re-sends the same ciphertext; two events with the same text (the same member added twice
      // in one second) differ in their random prefix, so they are two events.
      const digest = createHash("sha256").update(envelope.encrypt).digest("hex");
      // Acknowledge first: WeCom gives 5 s and retries after that; the check runs afterwards.
      reply(200, "success");
      if (seen.has(digest)) {
        opts.log(`retry of an event already received (${describe(event)}) acknowledged, not processed`);
        return;
      }
      seen.set(digest, now());
      setImmediate(() => opts.onEvent(event));
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      opts.log(`refused ${req.method ?? "?"} from ${from}: ${err.message}`);
      if (!res.headersSent) reply(err.status, "refused\n");
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      } else res.destroy();
    });
  });
  // A slow client must not hold a connection open for ever (WeCom's own requests take milliseconds).
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open; busy ones finish their answer first.
        server.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 5_000).unref();
      });
      return closing;
    },
  };
}

/** A short, secret-free description of an event for log lines and alerts. */
export function describe(e: CallbackEvent): string {
  switch (e.kind) {
    case "user":
      return `${e.change} ${e.userId}${e.newUserId ? ` → ${e.newUserId}` : ""}`;
    case "party":
      return `${e.change} department ${e.partyId}`;
    case "tag": {
      const parts = [
        ...e.addUsers.map((u) => `+${u}`),
        ...e.delUsers.map((u) => `-${u}`),
        ...e.addParties.map((d) => `+department ${d}`),
        ...e.delParties.map((d) => `-department ${d}`),
      ];
      return `update_tag ${e.tagId}${parts.length ? ` (${parts.join(", ")})` : ""}`;
    }
    case "external-contact":
      return `change_external_contact ${e.changeType ?? "?"}${e.userId ? ` ${e.userId}` : ""}`;
    case "other":
      return `${e.event || "?"}${e.changeType ? ` ${e.changeType}` : ""}`;
  }
}
