/**
 * The sandbox tenant: a node:http server that answers like WeCom for every endpoint in wire.ts ENDPOINTS
 * (paths under /cgi-bin/, access_token in the query, errcode/errmsg bodies, HTTP 200 for business
 * errors), plus the admin console under /__console/ (console.ts). DESIGN.md §7; docs/sandbox.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ERRCODE } from "../wecom/errcodes";
import { ENDPOINTS, type EndpointName, type EndpointSpec } from "../wecom/wire";
import { handlers } from "./api";
import { EncodedFields } from "./api/call";
import { SandboxCallbacks } from "./callbacks";
import { handleConsole, type ConsoleContext } from "./console";
import { WeComError, errorMessage } from "./errors";
import { Faults, type FaultSpec } from "./faults";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { RequestLog } from "./request-log";

export type { RequestLogEntry } from "./request-log";
import { buildSeed, seedAnchorSeconds, type SeedName } from "./seed";
import { recover } from "./changes";
import type { RecordedChange } from "./recorded-change";
import type { StateStore } from "./journal";
import { readState, removeStaleTemps, writeStateAtomic, type SandboxState } from "./state";
import { Tenant, principalKey, type Principal } from "./tenant";
import { TOKEN_TTL_SECONDS, issueToken, verifyToken } from "./tokens";

export interface SandboxOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * JSON state file: loaded when present (the seed is then not applied). Every change is appended to the
   * journal `<stateFile>.journal` and fsync'd before it is answered; the journal is compacted into the
   * state file when it outgrows it and at close (journal.ts).
   */
  stateFile?: string;
  /**
   * "journal" (default), or "rewrite": the whole state file rewritten and fsync'd on every change, as before
   * issue 12 — kept for the benchmark's before/after figure.
   */
  durability?: "journal" | "rewrite";
  /** Compact once the journal is past this many bytes (and past the snapshot's size); default 4 MiB. */
  compactMinBytes?: number;
  /** Default "demo" (docs/demo-company.md). */
  seed?: SeedName;
  /** Grow the seeded directory to this many members (≤ 100 000), for benchmarks. */
  members?: number;
  /** Host clock in ms (default Date.now); the sandbox clock is this plus the console's offset. */
  now?: () => number;
  faults?: FaultSpec;
  rateLimit?: RateLimitOptions;
  /** No diagnostics on stderr. */
  quiet?: boolean;
  /** Bind a non-loopback `host` (the console hands out every secret to whoever asks). */
  allowRemote?: boolean;
}

export interface SandboxHandle {
  /** e.g. http://127.0.0.1:43121 — use as the WeCom base URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const BY_PATH = new Map<string, [EndpointName, EndpointSpec]>(
  (Object.entries(ENDPOINTS) as [EndpointName, EndpointSpec][]).map(([name, spec]) => [
    spec.path,
    [name, spec],
  ]),
);

/** A path the WHATWG URL parser leaves as it is (no dots, escapes or odd characters) and a plain query. */
const PLAIN_PATH = /^\/cgi-bin\/[A-Za-z0-9_/]+$/;
const PLAIN_QUERY = /^[A-Za-z0-9\-._~%&=+*!$(),;:@/?]*$/;

/**
 * A read endpoint's path and query, split without a URL object when the request line is plain (issue 12:
 * reads at 100 000 members); undefined sends the request down the general route. Only reads: writes pass
 * the callbacks' observer first.
 */
function plainRead(
  raw: string,
): { pathname: string; searchParams: URLSearchParams; found: [EndpointName, EndpointSpec] } | undefined {
  const q = raw.indexOf("?");
  const pathname = q < 0 ? raw : raw.slice(0, q);
  const found = BY_PATH.get(pathname);
  if (!found || found[1].write || !PLAIN_PATH.test(pathname)) return undefined;
  const search = q < 0 ? "" : raw.slice(q + 1);
  if (!PLAIN_QUERY.test(search)) return undefined;
  return { pathname, searchParams: new URLSearchParams(search), found };
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1"
  );
}

function clientIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? "";
  return a.startsWith("::ffff:") ? a.slice(7) : a;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  sendText(res, status, text, Buffer.byteLength(text));
}

function sendText(res: ServerResponse, status: number, text: string, bytes: number): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": bytes });
  res.end(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const hostNow = opts.now ?? Date.now;
  const host = opts.host ?? "127.0.0.1";
  const warn = (msg: string) => {
    if (!opts.quiet) process.stderr.write(`sandbox: ${msg}\n`);
  };

  if (!opts.allowRemote && !isLoopback(host)) {
    throw new Error(
      `the sandbox listens on loopback only (127.0.0.1, ::1, localhost): it hands out its secrets at ` +
        `/__console/credentials; pass --allow-remote to bind ${host}`,
    );
  }
  // A sandbox killed between writing its temp file and renaming it leaves the temp file behind.
  if (opts.stateFile) removeStaleTemps(opts.stateFile);
  const rewrite = opts.durability === "rewrite";
  let store: StateStore | undefined;
  let loaded: SandboxState | undefined;
  let tenant: Tenant;
  if (opts.stateFile && !rewrite) {
    const started = Date.now();
    const r = recover(opts.stateFile, {
      ...(opts.compactMinBytes !== undefined ? { compactMinBytes: opts.compactMinBytes } : {}),
    });
    store = r.store;
    loaded = r.tenant?.state;
    if (r.tornBytes > 0) warn(`dropped a torn last journal line (${r.tornBytes} bytes, never acknowledged)`);
    if (r.replayed > 0) warn(`replayed ${r.replayed} journaled changes in ${Date.now() - started} ms`);
    tenant =
      r.tenant ?? new Tenant(buildSeed(opts.seed ?? "demo", seedAnchorSeconds(hostNow()), opts.members));
  } else {
    loaded = opts.stateFile ? readState(opts.stateFile) : undefined;
    tenant = new Tenant(loaded ?? buildSeed(opts.seed ?? "demo", seedAnchorSeconds(hostNow()), opts.members));
  }
  const state = tenant.state;
  if (loaded && opts.members !== undefined)
    warn(`--members ignored: ${opts.stateFile} already holds a tenant`);
  /** Makes a change durable; called before the change is answered. */
  const persist = (change: RecordedChange) => {
    if (store) {
      store.append(change);
      if (store.wantsCompaction) store.compact(state);
    } else if (opts.stateFile) writeStateAtomic(opts.stateFile, state);
    tenant.dirty = false;
  };
  if (!loaded && opts.stateFile) {
    if (store) store.compact(state);
    else writeStateAtomic(opts.stateFile, state);
  }

  const nowMs = () => hostNow() + state.clock_offset_seconds * 1000;
  const nowSeconds = () => Math.floor(nowMs() / 1000);
  const faults = new Faults(nowMs);
  if (opts.faults) faults.apply(opts.faults);
  const limiter = new RateLimiter(opts.rateLimit ?? {});
  const requestLog = new RequestLog();
  /** API calls being answered right now (for the 45033 concurrency fault). */
  let inFlight = 0;

  /** Answers one /cgi-bin/ call and records it in the request log (errcode null when the socket was reset). */
  async function api(
    req: IncomingMessage,
    res: ServerResponse,
    url: { pathname: string; searchParams: URLSearchParams },
    found = BY_PATH.get(url.pathname),
  ): Promise<void> {
    const method = req.method ?? "GET";
    const raw = method === "POST" ? await readBody(req) : "";
    const ip = clientIp(req);
    let principal: Principal | undefined;
    const logRequest = (errcode: number | null) =>
      requestLog.add(
        nowSeconds(),
        method,
        found?.[1].path ?? url.pathname,
        principal ? principalKey(principal) : null,
        found?.[1].write ?? false,
        errcode,
      );
    if (!found) {
      // GUESS: unknown /cgi-bin/ paths get HTTP 404 with an errcode body; WeCom's exact answer is not documented.
      logRequest(404);
      sendJson(res, 404, { errcode: 404, errmsg: `unknown api ${url.pathname}` });
      return;
    }
    const [name, spec] = found;

    const fault = faults.decide(url.pathname);
    inFlight++;
    try {
      const overCap = faults.maxConcurrent > 0 && inFlight > faults.maxConcurrent;
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.reset) {
        logRequest(null);
        req.socket.destroy();
        return;
      }

      // What the journal records for this call once its handler ran (a write changes nothing before that).
      let recorded = (): RecordedChange => {
        throw new Error(`sandbox: ${url.pathname} changed the tenant before its handler ran`);
      };
      const reply = (result: Record<string, unknown> | EncodedFields) => {
        if (tenant.dirty) persist(recorded());
        // "Write applied, answer lost": the change is made and persisted, the caller never hears of it.
        if (spec.write && faults.loseAnswer(url.pathname)) {
          logRequest(null);
          req.socket.destroy();
          return;
        }
        logRequest(0);
        // "Applied, answered without a field" (tag/create without its tagid): a hostile or broken answer.
        const omitted = faults.omitField(url.pathname);
        if (result instanceof EncodedFields && omitted === undefined) {
          const { text, bytes } = result.answer(spec.okMessage);
          sendText(res, 200, text, bytes);
          return;
        }
        const fields = result instanceof EncodedFields ? result.decode() : result;
        const answer: Record<string, unknown> = { errcode: 0, errmsg: spec.okMessage, ...fields };
        if (omitted !== undefined) delete answer[omitted];
        sendJson(res, 200, answer);
      };
      const fail = (err: WeComError) => {
        if (tenant.dirty) persist(recorded());
        logRequest(err.errcode);
        // GUESS: HTTP 200 for business errors (every SDK parses errcode from 200s; no doc says so — §0).
        sendJson(res, 200, { errcode: err.errcode, errmsg: errorMessage(err.errcode, ip, err.detail) });
      };

      try {
        if (name === "gettoken") {
          principal = authenticate(url.searchParams);
          if (fault.errcode !== undefined) throw new WeComError(fault.errcode);
          reply({
            access_token: issueToken(state.token_key, principal, nowMs()),
            expires_in: TOKEN_TTL_SECONDS,
          });
          return;
        }
        const token = url.searchParams.get("access_token");
        if (!token) throw new WeComError(ERRCODE.tokenMissing);
        principal = verifyToken(state.token_key, token, nowMs(), faults.revokedBeforeMs).principal;
        const allowed = trustedIps(principal);
        // wecom-api.md §7.3: gettoken works from anywhere; business calls from other IPs get 60020.
        if (allowed.length > 0 && !allowed.includes(ip)) throw new WeComError(ERRCODE.ipNotAllowed);
        if (fault.errcode !== undefined) throw new WeComError(fault.errcode);
        if (overCap) throw new WeComError(ERRCODE.concurrencyLimit);
        if (spec.method !== method) {
          // GUESS: a wrong HTTP method gets WeCom's global 43001/43002 ("require GET/POST").
          throw new WeComError(spec.method === "GET" ? ERRCODE.requireGet : ERRCODE.requirePost);
        }
        // gettoken has no documented per-minute limit (§1), so only business calls are counted.
        if (!limiter.allow(spec.path, spec.perMinute, nowSeconds())) throw new WeComError(ERRCODE.freqLimit);
        if (!spec.principals.includes(principal.kind)) {
          // GUESS: an app token on a contacts write gets 60011 (no privilege on the directory, as with
          // members outside its range); every other wrong principal gets 48002 "api forbidden".
          const contactsWrite =
            spec.write && spec.principals.length === 1 && spec.principals[0] === "contacts";
          throw new WeComError(
            principal.kind === "app" && contactsWrite ? ERRCODE.noPrivilege : ERRCODE.apiForbidden,
          );
        }
        const app = principal.kind === "app" ? tenant.agent(principal.agentid) : undefined;
        // GUESS: a disabled (停用) app's token still issues but business calls get 50003 (app disabled).
        if (principal.kind === "app" && app?.close === 1) throw new WeComError(ERRCODE.appDisabled);
        let body: Record<string, unknown> = {};
        if (method === "POST" && raw.trim() !== "") {
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            throw new WeComError(ERRCODE.dataFormat);
          }
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            throw new WeComError(ERRCODE.dataFormat);
          }
          body = parsed as Record<string, unknown>;
        }
        const handler = handlers[name];
        const now = nowSeconds();
        const query = url.searchParams;
        const who = principal;
        const input = body;
        recorded = () => {
          const q = new URLSearchParams(query);
          q.delete("access_token");
          return {
            kind: "api",
            endpoint: name,
            principal: principalKey(who),
            query: q.toString(),
            body: input,
            now,
          };
        };
        reply(handler({ principal, query, body, now, tenant }));
      } catch (err) {
        if (err instanceof WeComError) {
          fail(err);
          return;
        }
        warn(
          `internal error on ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        fail(new WeComError(ERRCODE.busy));
      }
    } finally {
      inFlight--;
    }
  }

  function authenticate(q: URLSearchParams): Principal {
    const corpid = q.get("corpid");
    const secret = q.get("corpsecret");
    if (!corpid) throw new WeComError(ERRCODE.corpIdMissing);
    if (corpid !== state.corpid) throw new WeComError(ERRCODE.invalidCorpId);
    if (!secret) throw new WeComError(ERRCODE.secretMissing);
    if (secret === state.contacts_secret) return { kind: "contacts" };
    if (secret === state.archive_secret) return { kind: "archive" };
    if (secret === state.checkin_secret) return { kind: "checkin" };
    const app = state.agents.find((a) => a.secret === secret);
    if (app) return { kind: "app", agentid: app.agentid };
    throw new WeComError(ERRCODE.invalidSecret);
  }

  function trustedIps(p: Principal): string[] {
    if (p.kind === "app") return tenant.agent(p.agentid)?.trusted_ips ?? [];
    return state.trusted_ips[p.kind] ?? [];
  }

  const consoleCtx: ConsoleContext = {
    tenant,
    faults,
    nowSeconds,
    persist,
    requestLog,
  };

  // Change callbacks and the group robot (./callbacks.ts): its routes first, then it watches writes.
  const callbacks = new SandboxCallbacks({
    state,
    nowMs,
    allowUrl: (u) => opts.allowRemote === true || isLoopback(u.hostname),
    warn,
  });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const read = plainRead(req.url ?? "/");
    if (read) {
      api(req, res, read, read.found).catch((err: unknown) => failed(res, err));
      return;
    }
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (callbacks.intercept(req, res, url, readBody)) return;
    const done = url.pathname.startsWith("/cgi-bin/")
      ? api(req, res, url)
      : url.pathname.startsWith("/__console/")
        ? handleConsole(consoleCtx, req, res, url, readBody, sendJson, clientIp(req))
        : Promise.resolve(sendJson(res, 404, { error: `not found: ${url.pathname}` }));
    done.catch((err: unknown) => failed(res, err));
  });
  function failed(res: ServerResponse, err: unknown): void {
    warn(`request failed: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) sendJson(res, 500, { error: "internal sandbox error" });
    else res.destroy();
  }
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => {
          try {
            store?.close(state);
          } catch (closeErr) {
            reject(closeErr as Error);
            return;
          }
          if (err) reject(err);
          else resolve();
        });
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
