/**
 * One budget per endpoint and principal for every process of a run (issue 12): WeCom's limits are per corp,
 * so the CLI reading the tenant and the provider plugin that `pulumi preview --refresh` starts beside it
 * must not each draw 95 % of a limit. The CLI starts a {@link BudgetCoordinator} — a small server on a
 * Unix domain socket in a fresh 0700 directory, holding the CLI's own budgets (pacing.ts) — and hands its
 * path to the processes it starts in {@link BUDGET_SOCKET_ENV}; their transports ask it for a turn per call
 * ({@link BudgetLink}) and report every 45009, which it passes on to all of them. A process whose
 * coordinator is missing or gone paces on its own budget at {@link FALLBACK_SHARE} of each limit and says
 * so once on stderr: a run never fails because the coordinator is gone. docs/decisions.md.
 *
 * The protocol is newline-delimited JSON over the socket, one request per call and nothing else:
 *
 *   → {"id":1,"op":"reserve","key":[baseUrl,corpId,principal,endpoint],"perMinute":10000,"perHour":150000}
 *   ← {"id":1,"waitMs":0}                       the call's turn starts in waitMs (≤ 0: now)
 *   ← {"id":1,"waitMs":41000,"blockedForMs":41000}   …and the API is blocked for that long (a 45009)
 *   → {"op":"blocked","key":[…],"perMinute":…,"perHour":…,"sentAgoMs":120}   WeCom answered 45009
 *   ← {"op":"blocked","key":[…],"forMs":60000}  pushed to every process when a block starts
 *
 * Times are durations, never instants, so each side reads them on its own clock. The key names where the
 * calls go and who makes them (a principal label such as `contacts`), never a secret or a token. The
 * coordinator keeps no queue: a reservation is answered at once with the instant the call may start (GCRA,
 * pacing.ts), so what it holds is one budget per key and one line buffer per connection.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { budgetsFor, DEFAULT_PACE_POLICY, type BudgetKey, type PacePolicy } from "./pacing";
import { ENDPOINTS, type EndpointName } from "./wire";

/** The environment variable that carries the coordinator's socket path to the processes of a run. */
export const BUDGET_SOCKET_ENV = "WECOM_POLICY_BUDGET_SOCKET";

/** The share of each limit a process paces under on its own when its coordinator is missing or gone. */
export const FALLBACK_SHARE = 0.5;

/** A request line longer than this is not ours: the connection is closed. */
const MAX_LINE = 4_096;
/** A coordinator that answers nothing for this long is treated as gone (wall time, not the client's clock). */
const ANSWER_TIMEOUT_MS = 10_000;

type WireKey = [baseUrl: string, corpId: string, principal: string, endpoint: EndpointName];

interface Limits {
  readonly perMinute: number;
  readonly perHour: number;
}

/** The budget coordinator of a run: the CLI starts it and closes it when the run ends. */
export interface BudgetCoordinator {
  /** The socket's path, for {@link BUDGET_SOCKET_ENV}. */
  readonly socketPath: string;
  /** What it served so far: reservations answered, 45009 reports received, connections, lines refused. */
  readonly stats: { permits: number; blocks: number; connections: number; refused: number };
  /** Stops serving and removes the socket's directory; the processes still linked fall back. */
  close(): Promise<void>;
}

export interface BudgetCoordinatorOptions {
  /** The clock whose budgets it serves (pacing.ts `budgetsFor`): the process's own unless a test injects one. */
  now?: () => number;
  /** The shares and the 45009 block every linked process paces under (default DEFAULT_PACE_POLICY). */
  policy?: PacePolicy;
}

/**
 * Starts a coordinator serving the budgets of `now` (by default this process's own, which its clients keep
 * using directly) on a Unix domain socket in a fresh directory only this user may enter. It never keeps
 * the process alive.
 */
export async function startBudgetCoordinator(
  opts: BudgetCoordinatorOptions = {},
): Promise<BudgetCoordinator> {
  const now = opts.now ?? Date.now;
  const policy = opts.policy ?? DEFAULT_PACE_POLICY;
  const budgets = budgetsFor(now);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-policy-budget-"));
  fs.chmodSync(dir, 0o700);
  const socketPath = path.join(dir, "budget.sock");
  const stats = { permits: 0, blocks: 0, connections: 0, refused: 0 };
  const clients = new Set<net.Socket>();

  // A block recorded by any process (or by this one's own clients) reaches every linked process at once.
  const stopBlocks = budgets.listenToBlocks((key, untilMs) => {
    const line = `${JSON.stringify({ op: "blocked", key: wireKey(key), forMs: Math.max(0, untilMs - now()) })}\n`;
    for (const c of clients) c.write(line);
  });

  /** The answer to one line, "" for a report, undefined for a line that is not ours. */
  const handle = (line: string): string | undefined => {
    const msg = parse(line);
    if (!msg) return undefined;
    const budget = budgets.get(...msg.key, { perMinute: msg.perMinute, perHour: msg.perHour }, policy);
    const t = now();
    if (msg.op === "blocked") {
      stats.blocks++;
      budget.block(t - msg.sentAgoMs, t, policy.blockMs);
      return "";
    }
    stats.permits++;
    const waitMs = budget.reserve(t) - t;
    const blockedForMs = budget.blockedUntil - t;
    return `${JSON.stringify(blockedForMs > 0 ? { id: msg.id, waitMs, blockedForMs } : { id: msg.id, waitMs })}\n`;
  };

  const server = net.createServer((socket) => {
    stats.connections++;
    clients.add(socket);
    // The run's children hold their own end; this end never keeps the CLI alive.
    socket.unref();
    socket.setEncoding("utf8");
    let buffered = "";
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      let out = "";
      for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
        const answer = handle(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (answer === undefined) {
          stats.refused++;
          socket.destroy();
          return;
        }
        out += answer;
      }
      if (buffered.length > MAX_LINE) {
        stats.refused++;
        socket.destroy();
        return;
      }
      if (out) socket.write(out);
    });
    // A client that went away mid-write: its calls are its own to fall back on; nothing to do here.
    socket.on("error", () => socket.destroy());
    socket.on("close", () => clients.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.unref();
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);

  return {
    socketPath,
    stats,
    close: async () => {
      stopBlocks();
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      process.off("exit", removeDir);
      removeDir();
    },
  };
}

let shared: Promise<BudgetCoordinator> | undefined;

/**
 * The socket path to hand to a process this one starts against a tenant (`pulumi preview`/`up`): the
 * coordinator this process was given, or the one it starts now for itself (once; it lives until exit).
 * Undefined when none could be started — the children then pace on their own, as before.
 */
export async function budgetSocketForChildren(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const given = env[BUDGET_SOCKET_ENV];
  if (given) return given;
  shared ??= startBudgetCoordinator();
  try {
    return (await shared).socketPath;
  } catch (err) {
    warnOnce(
      `the shared WeCom call budget could not be started (${err instanceof Error ? err.message : String(err)}); ` +
        `each process paces on its own budget / 无法启动共享的企业微信调用预算，各进程按自己的预算调用`,
    );
    return undefined;
  }
}

let warned = false;

/** One line on stderr, once per process (the provider plugin's stderr reaches pulumi's output). */
function warnOnce(text: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`wecom-policy: ${text}\n`);
}

/**
 * This process's side of the coordinator: a turn per call and every 45009 reported, over one connection
 * opened on first use. Once the coordinator is missing or gone the link is down for good and every caller
 * paces on its own budget at {@link FALLBACK_SHARE} (transport.ts); what is waiting gets `undefined`.
 */
export class BudgetLink {
  private socket: net.Socket | undefined;
  private why: string | undefined;
  private nextId = 1;
  /** The calls waiting for an answer (bounded by the calls in flight): id → resolve, sent at (wall ms). */
  private readonly pending = new Map<
    number,
    { resolve: (waitMs: number | undefined) => void; at: number; key: string }
  >();
  /** Blocks the coordinator reported, by key: until (this process's clock). */
  private readonly blocks = new Map<string, number>();
  private buffered = "";
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    readonly socketPath: string,
    private readonly now: () => number,
    private readonly warn: (text: string) => void = warnOnce,
  ) {}

  /** The coordinator is missing or gone: pace on the process's own budget. */
  get down(): boolean {
    return this.why !== undefined;
  }

  /** Until when WeCom blocks `key`'s API, as far as the coordinator said (this process's clock). */
  blockedUntil(key: BudgetKey): number {
    return this.blocks.get(keyString(key)) ?? -Infinity;
  }

  /** The wait before a call of `key` may start (≤ 0: now), or undefined when the link is down. */
  reserve(key: BudgetKey, limits: Limits): Promise<number | undefined> {
    const socket = this.connected();
    if (!socket) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, at: performance.now(), key: keyString(key) });
      if (this.pending.size === 1) {
        socket.ref();
        this.watchdog ??= setInterval(() => this.checkAnswers(), 1_000).unref();
      }
      socket.write(`${JSON.stringify({ id, op: "reserve", key: wireKey(key), ...limits })}\n`);
    });
  }

  /** WeCom answered 45009 to a call of `key` sent `sentAgoMs` ago: every process waits the block out. */
  report(key: BudgetKey, limits: Limits, sentAgoMs: number): void {
    this.connected()?.write(
      `${JSON.stringify({ op: "blocked", key: wireKey(key), ...limits, sentAgoMs: Math.max(0, sentAgoMs) })}\n`,
    );
  }

  private connected(): net.Socket | undefined {
    if (this.why !== undefined) return undefined;
    if (this.socket) return this.socket;
    const socket = net.createConnection(this.socketPath);
    this.socket = socket;
    socket.unref();
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.received(chunk));
    socket.on("error", (err: NodeJS.ErrnoException) => this.fail(err.code ?? err.message));
    socket.on("close", () => this.fail("closed"));
    return socket;
  }

  private received(chunk: string): void {
    this.buffered += chunk;
    for (let nl = this.buffered.indexOf("\n"); nl >= 0; nl = this.buffered.indexOf("\n")) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      let msg: {
        id?: unknown;
        waitMs?: unknown;
        blockedForMs?: unknown;
        op?: unknown;
        key?: unknown;
        forMs?: unknown;
      };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        this.fail("an answer that is not JSON");
        return;
      }
      if (msg.op === "blocked" && Array.isArray(msg.key) && typeof msg.forMs === "number") {
        this.blocked(JSON.stringify(msg.key), msg.forMs);
        continue;
      }
      const waiting = typeof msg.id === "number" ? this.pending.get(msg.id) : undefined;
      if (!waiting || typeof msg.waitMs !== "number") {
        this.fail("an answer to no request");
        return;
      }
      this.pending.delete(msg.id as number);
      // A block this process had not heard of (it linked after the block began).
      if (typeof msg.blockedForMs === "number") this.blocked(waiting.key, msg.blockedForMs);
      waiting.resolve(msg.waitMs);
    }
    if (this.pending.size === 0) this.socket?.unref();
  }

  private blocked(key: string, forMs: number): void {
    const until = this.now() + forMs;
    if (until > (this.blocks.get(key) ?? -Infinity)) this.blocks.set(key, until);
  }

  private checkAnswers(): void {
    const oldest = this.pending.values().next().value;
    if (oldest && performance.now() - oldest.at > ANSWER_TIMEOUT_MS)
      this.fail(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    if (this.pending.size === 0 && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private fail(why: string): void {
    if (this.why !== undefined) return;
    this.why = why;
    this.socket?.destroy();
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
    this.warn(
      `the shared WeCom call budget (${BUDGET_SOCKET_ENV}) is unavailable (${why}); this process now paces ` +
        `its calls on its own budget at ${FALLBACK_SHARE * 100} % of WeCom's limits / 共享的企业微信调用预算不可用（${why}），` +
        `本进程改用自己的预算，按企业微信限额的 ${FALLBACK_SHARE * 100}% 调用`,
    );
  }
}

const LINKS = new WeakMap<() => number, Map<string, BudgetLink>>();

/** The process's one link to the coordinator at `socketPath` for the clock `now` (every client shares it). */
export function budgetLinkFor(socketPath: string, now: () => number): BudgetLink {
  let byPath = LINKS.get(now);
  if (!byPath) LINKS.set(now, (byPath = new Map()));
  let link = byPath.get(socketPath);
  if (!link) byPath.set(socketPath, (link = new BudgetLink(socketPath, now)));
  return link;
}

function wireKey(k: BudgetKey): WireKey {
  return [k.baseUrl, k.corpId, k.principal, k.endpoint];
}

function keyString(k: BudgetKey): string {
  return JSON.stringify(wireKey(k));
}

type Request =
  | ({ op: "reserve"; id: number; key: WireKey } & Limits)
  | ({ op: "blocked"; key: WireKey; sentAgoMs: number } & Limits);

/** A request line, or undefined when it is not one of ours (the connection is then closed). */
function parse(line: string): Request | undefined {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const key = v["key"];
  const perMinute = v["perMinute"];
  const perHour = v["perHour"];
  if (
    !Array.isArray(key) ||
    key.length !== 4 ||
    !key.every((s) => typeof s === "string" && s.length <= 512) ||
    !Object.hasOwn(ENDPOINTS, key[3] as string) ||
    !isCount(perMinute) ||
    !isCount(perHour)
  )
    return undefined;
  const k = key as WireKey;
  if (v["op"] === "reserve" && Number.isSafeInteger(v["id"]))
    return { op: "reserve", id: v["id"] as number, key: k, perMinute, perHour };
  if (v["op"] === "blocked" && typeof v["sentAgoMs"] === "number" && v["sentAgoMs"] >= 0)
    return { op: "blocked", key: k, perMinute, perHour, sentAgoMs: v["sentAgoMs"] };
  return undefined;
}

function isCount(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n > 0;
}
