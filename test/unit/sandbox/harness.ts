/**
 * Starts the sandbox in-process on port 0 and talks to it over real loopback HTTP, as the client would.
 */
import { startSandbox, type SandboxHandle, type SandboxOptions } from "../../../src/sandbox/server";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

export type Who = "contacts" | "archive" | "checkin" | number;

export interface Harness {
  sb: SandboxHandle;
  url: string;
  creds: ConsoleCredentials;
  /** Current host clock in ms, settable by tests. */
  clock: { ms: number };
  token(who: Who): Promise<string>;
  /** Forget cached tokens (after moving the clock past their expiry). */
  dropTokens(): void;
  /** A WeCom API call; `who` picks the token (cached per principal). */
  api(
    who: Who | null,
    path: string,
    opts?: { body?: unknown; query?: Record<string, string | number>; method?: "GET" | "POST" },
  ): Promise<Record<string, any>>;
  raw(path: string, init?: RequestInit): Promise<{ status: number; json: any }>;
  console(action: string, body?: unknown, method?: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** 2026-11-28T12:00:00Z, the demo's "today". */
export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

export async function boot(opts: SandboxOptions = {}): Promise<Harness> {
  const clock = { ms: T0 };
  const sb = await startSandbox({ now: () => clock.ms, quiet: true, ...opts });
  const raw = async (path: string, init?: RequestInit) => {
    const res = await fetch(sb.url + path, init);
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const creds = (await raw("/__console/credentials")).json as ConsoleCredentials;
  const tokens = new Map<Who, string>();
  const secretOf = (who: Who) =>
    who === "contacts"
      ? creds.contacts_secret
      : who === "archive"
        ? creds.archive_secret
        : who === "checkin"
          ? creds.checkin_secret
          : creds.app_secrets[String(who)];
  const token = async (who: Who) => {
    const cached = tokens.get(who);
    if (cached) return cached;
    const r = await raw(
      `/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${encodeURIComponent(secretOf(who) ?? "")}`,
    );
    if (r.json.errcode !== 0) throw new Error(`gettoken for ${who}: ${JSON.stringify(r.json)}`);
    tokens.set(who, r.json.access_token);
    return r.json.access_token as string;
  };
  const api: Harness["api"] = async (who, path, opts = {}) => {
    const q = new URLSearchParams();
    if (who !== null) q.set("access_token", await token(who));
    for (const [k, v] of Object.entries(opts.query ?? {})) q.set(k, String(v));
    const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
    const init: RequestInit = { method };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    const r = await raw(`/cgi-bin/${path}?${q.toString()}`, init);
    if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${path}`);
    return r.json;
  };
  const consoleCall = (action: string, body?: unknown, method = "POST") =>
    raw(`/__console/${action}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const dropTokens = () => tokens.clear();
  return {
    sb,
    url: sb.url,
    creds,
    clock,
    token,
    dropTokens,
    api,
    raw,
    console: consoleCall,
    close: () => sb.close(),
  };
}
