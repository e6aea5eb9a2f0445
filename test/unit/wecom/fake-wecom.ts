/**
 * A scripted fake of WeCom for unit tests: records every request exactly, answers from per-path queues,
 * issues numbered tokens, and drives a fake clock and a fake sleep. Fixture secrets are obviously fake.
 */
import { WecomClient, type WecomCallEvent, type WecomClientOptions } from "../../../src/wecom";

export const CORP_ID = "wwFAKECORP0000";
export const CONTACTS_SECRET = "FAKE-contacts-secret-xyz";
export const ARCHIVE_SECRET = "FAKE-archive-secret-xyz";
export const APP_SECRET = "FAKE-app-1000002-secret-xyz";
export const SEC_APP_SECRET = "FAKE-app-1000003-secret-xyz";
export const ALL_SECRETS = [CONTACTS_SECRET, ARCHIVE_SECRET, APP_SECRET, SEC_APP_SECRET];
export const START_MS = Date.UTC(2026, 10, 1, 0, 0, 0);

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** A scripted answer: a JSON body, a thrown fetch error, a raw HTTP reply, or computed from the request. */
export type Answer =
  | Record<string, unknown>
  | { throw: Error }
  | { status: number; text: string }
  /** Never answers; rejects with the abort reason when the client's signal fires. */
  | { hang: true }
  | ((req: Recorded) => Record<string, unknown> | Promise<Record<string, unknown>>);

export class FakeWecom {
  readonly requests: Recorded[] = [];
  readonly tokensIssued: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly queues = new Map<string, Answer[]>();
  private readonly fallbacks = new Map<string, Answer>();
  private tokenSeq = 0;
  /** Seconds each issued token lives. */
  tokenLifetimeS = 7200;
  /** Delay (ms of real time) each answer waits, to let concurrent callers overlap. */
  latencyMs = 0;

  /** Queue one-shot answers for `path` (served in order, before the fallback). */
  on(path: string, ...answers: Answer[]): this {
    this.queues.set(path, [...(this.queues.get(path) ?? []), ...answers]);
    return this;
  }

  /** Answer served when the queue for `path` is empty. */
  always(path: string, answer: Answer): this {
    this.fallbacks.set(path, answer);
    return this;
  }

  /** "GET /cgi-bin/tag/get" style lines, tokens shown as `token=` so sequences are easy to assert. */
  get log(): string[] {
    return this.requests.map((r) => {
      const tok = r.query["access_token"];
      return `${r.method} ${r.path}` + (tok ? ` token=${tok}` : "");
    });
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const req: Recorded = {
      method: init?.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(req);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      const answer =
        this.queues.get(req.path)?.shift() ?? this.fallbacks.get(req.path) ?? this.defaultAnswer(req);
      if (typeof answer === "function") return json(await answer(req));
      if ("throw" in answer && answer.throw instanceof Error) throw answer.throw;
      if ("hang" in answer && answer.hang === true) {
        const signal = init?.signal;
        return await new Promise<Response>((_, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
        });
      }
      if ("status" in answer && typeof answer.status === "number" && typeof answer.text === "string") {
        return new Response(answer.text, { status: answer.status });
      }
      return json(answer as Record<string, unknown>);
    } finally {
      this.inFlight--;
    }
  }) as typeof fetch;

  private defaultAnswer(req: Recorded): Answer {
    if (req.path === "/cgi-bin/gettoken") {
      const token = `TOKEN-${++this.tokenSeq}`;
      this.tokensIssued.push(token);
      return { errcode: 0, errmsg: "ok", access_token: token, expires_in: this.tokenLifetimeS };
    }
    throw new Error(`fake WeCom: no answer scripted for ${req.method} ${req.path}`);
  }
}

function json(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

export interface Harness {
  client: WecomClient;
  fake: FakeWecom;
  clock: { now: number };
  sleeps: number[];
  events: WecomCallEvent[];
}

/** Options to override; `undefined` removes a default (e.g. `{ securityAgentId: undefined }`). */
export type Overrides = { [K in keyof WecomClientOptions]?: WecomClientOptions[K] | undefined };

export function harness(overrides: Overrides = {}, fake = new FakeWecom()): Harness {
  const clock = { now: START_MS };
  const sleeps: number[] = [];
  const events: WecomCallEvent[] = [];
  const defaults: WecomClientOptions = {
    baseUrl: "http://wecom.test",
    corpId: CORP_ID,
    secrets: {
      contacts: CONTACTS_SECRET,
      archive: ARCHIVE_SECRET,
      apps: { "1000002": APP_SECRET, "1000003": SEC_APP_SECRET },
    },
    securityAgentId: 1000003,
    customerAgentId: 1000002,
    retry: { baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5, maxAttempts: 3 },
    fetch: fake.fetch,
    now: () => clock.now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    random: () => 0.5,
    // Request-shape tests script only the writes; read-back-after-success has its own tests (read-back.test.ts).
    verifyWrites: false,
    onCall: (e: WecomCallEvent) => events.push(e),
  };
  const opts: WecomClientOptions = { ...defaults };
  // An override replaces the default; `undefined` removes it (the real options type has no undefined).
  const set = <K extends keyof WecomClientOptions>(k: K, v: WecomClientOptions[K] | undefined): void => {
    if (v === undefined) delete opts[k];
    else opts[k] = v;
  };
  for (const k of Object.keys(overrides) as (keyof WecomClientOptions)[]) set(k, overrides[k]);
  const client = new WecomClient(opts);
  return { client, fake, clock, sleeps, events };
}

/** Awaits `p` and returns what it threw (fails the test if it resolved). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`threw a non-Error: ${String(e)}`);
  }
  throw new Error("expected a rejection, but the promise resolved");
}
