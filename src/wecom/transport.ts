/**
 * The only place that speaks HTTP to WeCom: tokens, envelopes, retries, the in-flight cap, read-back of
 * writes whose outcome is unknown. Methods in client.ts describe a call; this module executes it.
 *
 * Conventions (wecom-api.md §0): access_token always in the query string; GET parameters in the query,
 * POST parameters as a JSON body; success is errcode absent or 0, never decided by errmsg.
 */
import { ERRCODE, ERRCODE_TRANSPORT } from "./errcodes";
import { ENDPOINTS, type EndpointName, type GetTokenResponse, type WireEnvelope } from "./wire";
import {
  WecomApiError,
  WecomCredentialError,
  WecomReadOnlyError,
  WecomStoppedError,
  WecomTransportError,
} from "./errors";
import type { WecomClientOptions } from "./options";
import {
  CORP_ID_CREDENTIAL,
  credentialOf,
  delegatedCredential,
  delegatedRoleOf,
  principalLabel,
  trustedIpPath,
  type CredentialRef,
  type PrincipalRef,
} from "./principals";
import { backoffDelayMs, resolveRetryPolicy, type RetryPolicy } from "./retry";
import { Semaphore } from "./semaphore";
import { TokenCache } from "./token-cache";

export type QueryValue = string | number | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * What a read-back found after a write whose outcome is unknown: either the write took effect (and the
 * response to return in its place), or it did not and what to send instead (e.g. only the missing
 * members). Without `body`/`query` the original request is re-sent.
 */
export type ReadBackOutcome<R> =
  | { readonly applied: true; readonly response: R }
  | { readonly applied: false; readonly body?: unknown; readonly query?: Query };

export interface CallSpec<R> {
  readonly endpoint: EndpointName;
  readonly principal: PrincipalRef;
  /** GET endpoints only. */
  readonly query?: Query;
  /** POST endpoints only. */
  readonly body?: unknown;
  /**
   * Write endpoints: how to find out whether a request that got no clear answer was applied. A write
   * without one is never retried after an ambiguous failure.
   */
  readonly readBack?: () => Promise<ReadBackOutcome<R>>;
}

const TOKEN_REJECTED: readonly number[] = [ERRCODE.invalidToken, ERRCODE.tokenExpired];

type Outcome =
  | { readonly kind: "response"; readonly errcode: number; readonly data: WireEnvelope }
  | { readonly kind: "transport"; readonly cause: unknown; readonly detail: string };

export class Transport {
  readonly policy: RetryPolicy;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly gate: Semaphore;
  private readonly tokens: TokenCache;

  constructor(private readonly opts: WecomClientOptions) {
    this.policy = resolveRetryPolicy(opts.retry);
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.fetchFn = opts.fetch ?? globalThis.fetch;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.gate = new Semaphore(opts.maxInFlight ?? 16);
    this.tokens = new TokenCache(this.now);
  }

  get readOnly(): boolean {
    return this.opts.readOnly === true;
  }

  /** Throws before any I/O when `endpoint` writes and the client is read-only or the run is stopping. */
  assertWritable(endpoint: EndpointName): void {
    if (ENDPOINTS[endpoint].write && this.readOnly) throw new WecomReadOnlyError(endpoint);
    const stopping = ENDPOINTS[endpoint].write ? this.opts.stopping?.() : undefined;
    if (stopping !== undefined) throw new WecomStoppedError(endpoint, stopping);
  }

  /** A credential error for a principal or role that is not configured (no I/O happened). */
  missing(
    endpoint: EndpointName,
    principal: string,
    credential: CredentialRef,
    why?: string,
  ): WecomCredentialError {
    return new WecomCredentialError({
      errcode: credential.kind === "corpId" ? ERRCODE.corpIdMissing : ERRCODE.secretMissing,
      endpoint,
      principal,
      credential,
      missing: true,
      ...(why === undefined ? {} : { why }),
    });
  }

  /** Throws the "not configured" credential error for `principal` when its secret is absent. */
  secretFor(endpoint: EndpointName, principal: PrincipalRef): string {
    const label = principalLabel(principal);
    if (!this.opts.corpId) throw this.missing(endpoint, label, CORP_ID_CREDENTIAL);
    const s = this.opts.secrets;
    const secret =
      principal.kind === "contacts"
        ? s.contacts
        : principal.kind === "archive"
          ? s.archive
          : s.apps?.[String(principal.agentId)];
    if (!secret) throw this.missing(endpoint, label, credentialOf(principal));
    return secret;
  }

  /** Executes one logical call: token, HTTP, token replay, retries, read-back. */
  async call<R extends WireEnvelope>(spec: CallSpec<R>): Promise<R> {
    const { endpoint, principal } = spec;
    const write = ENDPOINTS[endpoint].write;
    this.assertWritable(endpoint);
    const secret = this.secretFor(endpoint, principal);
    const label = principalLabel(principal);
    let query = spec.query;
    let body = spec.body;
    let attempt = 0;
    let failures = 0;
    let replayed = false;
    for (;;) {
      const token = await this.tokens.get(label, () => this.issueToken(principal, secret));
      attempt++;
      // A re-send is a new write: none starts once the run is stopping (issue 8).
      if (write && attempt > 1) this.assertWritable(endpoint);
      const out = await this.exchange(endpoint, label, attempt, { ...query, access_token: token }, body, [
        secret,
        token,
      ]);
      let ambiguous: { cause: unknown; detail: string; error: Error };
      if (out.kind === "response") {
        if (out.errcode === 0) return out.data as R;
        // The token was refused, so the request was not processed: safe to replay once, writes included.
        if (TOKEN_REJECTED.includes(out.errcode) && !replayed) {
          replayed = true;
          this.tokens.invalidate(label, token);
          continue;
        }
        const error = this.apiError(endpoint, principal, out.errcode);
        if (!this.policy.retryableErrcodes.includes(out.errcode)) throw error;
        failures++;
        if (failures >= this.policy.maxAttempts) throw error;
        // GUESS: -1 ("system busy") on a write may come after the change was made; 45009/45033 are
        // refusals at the gate, so those writes are re-sent without a read-back.
        if (!(write && out.errcode === ERRCODE.busy)) {
          await this.sleep(backoffDelayMs(this.policy, failures, this.random));
          continue;
        }
        ambiguous = { cause: error, detail: error.message, error };
      } else {
        const detail = write ? `${out.detail}; the write may have been applied` : out.detail;
        const error = new WecomTransportError({ endpoint, cause: out.cause, detail });
        failures++;
        if (!this.policy.retryTransportErrors || failures >= this.policy.maxAttempts) throw error;
        if (!write) {
          await this.sleep(backoffDelayMs(this.policy, failures, this.random));
          continue;
        }
        ambiguous = { cause: out.cause, detail, error };
      }
      // A write that may have happened: never re-send blindly.
      if (!spec.readBack) {
        throw new WecomTransportError({
          endpoint,
          cause: ambiguous.cause,
          detail: `${ambiguous.detail}; not retried because this write has no read-back`,
        });
      }
      await this.sleep(backoffDelayMs(this.policy, failures, this.random));
      let found: ReadBackOutcome<R>;
      try {
        found = await spec.readBack();
      } catch (readBackError) {
        throw new WecomTransportError({
          endpoint,
          cause: readBackError,
          detail: `outcome unknown (${ambiguous.error.message}) and the read-back failed: ${
            readBackError instanceof Error ? readBackError.message : String(readBackError)
          }`,
        });
      }
      if (found.applied) return found.response;
      if (found.body !== undefined) body = found.body;
      if (found.query !== undefined) query = found.query;
    }
  }

  private apiError(endpoint: EndpointName, principal: PrincipalRef, errcode: number): WecomApiError {
    const label = principalLabel(principal);
    switch (errcode) {
      case ERRCODE.invalidCorpId:
      case ERRCODE.corpIdMissing:
        return new WecomCredentialError({
          errcode,
          endpoint,
          principal: label,
          credential: CORP_ID_CREDENTIAL,
          missing: false,
        });
      // GUESS: 40001 on a business call (not gettoken) also means the secret behind the token is bad
      // (WeCom's table only says "invalid secret"); it is not treated as a stale token.
      case ERRCODE.invalidSecret:
      case ERRCODE.secretMissing:
        return new WecomCredentialError({
          errcode,
          endpoint,
          principal: label,
          credential: credentialOf(principal),
          missing: false,
        });
      case ERRCODE.ipNotAllowed:
        return new WecomApiError({
          errcode,
          endpoint,
          principal: label,
          detail: `add this machine's IP to the trusted IPs of the ${credentialOf(principal).name}: ${trustedIpPath(principal)}`,
        });
      case ERRCODE.apiForbidden: {
        const role = delegatedRoleOf(endpoint);
        if (!role) return new WecomApiError({ errcode, endpoint, principal: label });
        return new WecomApiError({
          errcode,
          endpoint,
          principal: label,
          detail: `${label} may not call it; put the app in ${delegatedCredential(role).consolePath}`,
        });
      }
      default:
        return new WecomApiError({ errcode, endpoint, principal: label });
    }
  }

  /** gettoken with the same retry policy as any read; credential errors are fatal. */
  private async issueToken(
    principal: PrincipalRef,
    secret: string,
  ): Promise<{ token: string; expiresInS: number }> {
    const label = principalLabel(principal);
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      const out = await this.exchange(
        "gettoken",
        label,
        attempt,
        { corpid: this.opts.corpId, corpsecret: secret },
        undefined,
        [secret],
      );
      let error: Error;
      if (out.kind === "response") {
        if (out.errcode === 0) {
          const data = out.data as Partial<GetTokenResponse>;
          if (
            typeof data.access_token === "string" &&
            data.access_token &&
            typeof data.expires_in === "number"
          ) {
            return { token: data.access_token, expiresInS: data.expires_in };
          }
          throw new WecomTransportError({
            endpoint: "gettoken",
            cause: undefined,
            detail: "response has no access_token/expires_in",
          });
        }
        error = this.apiError("gettoken", principal, out.errcode);
        if (!this.policy.retryableErrcodes.includes(out.errcode)) throw error;
      } else {
        error = new WecomTransportError({ endpoint: "gettoken", cause: out.cause, detail: out.detail });
        if (!this.policy.retryTransportErrors) throw error;
      }
      failures++;
      if (failures >= this.policy.maxAttempts) throw error;
      await this.sleep(backoffDelayMs(this.policy, failures, this.random));
    }
  }

  /** One HTTP exchange under the in-flight cap, reported to `onCall`. */
  private async exchange(
    endpoint: EndpointName,
    principal: string,
    attempt: number,
    query: Query,
    body: unknown,
    sensitive: readonly string[],
  ): Promise<Outcome> {
    const spec = ENDPOINTS[endpoint];
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const url = `${this.baseUrl}${spec.path}?${params.toString()}`;
    const init: RequestInit =
      spec.method === "POST"
        ? {
            method: "POST",
            headers: { "content-type": "application/json; charset=utf-8" },
            body: JSON.stringify(body ?? {}),
          }
        : { method: "GET" };
    const out = await this.gate.run(async (): Promise<Outcome> => {
      const started = this.now();
      const result = await this.send(url, init, sensitive);
      this.opts.onCall?.({
        endpoint,
        principal,
        attempt,
        errcode: result.kind === "response" ? result.errcode : ERRCODE_TRANSPORT,
        ms: this.now() - started,
      });
      return result;
    });
    return out;
  }

  private async send(url: string, init: RequestInit, sensitive: readonly string[]): Promise<Outcome> {
    let text: string;
    let status: number;
    // A cleared timer rather than AbortSignal.timeout(): the latter leaves one live 30 s timer per call,
    // which measurably slows tight loops (scripts/bench/client-overhead.ts).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new TimeoutError(this.timeoutMs)), this.timeoutMs);
    try {
      const res = await this.fetchFn(url, { ...init, signal: abort.signal });
      status = res.status;
      text = await res.text();
    } catch (cause) {
      return { kind: "transport", cause, detail: describeFetchFailure(cause, this.timeoutMs, sensitive) };
    } finally {
      clearTimeout(timer);
    }
    // GUESS: WeCom reports business errors with HTTP 200 (all SDKs assume it; no doc says so), so any
    // other status is treated as "no WeCom answer".
    if (status !== 200) return { kind: "transport", cause: undefined, detail: `HTTP status ${status}` };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (cause) {
      return { kind: "transport", cause, detail: "response body is not JSON" };
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return { kind: "transport", cause: undefined, detail: "response body is not a JSON object" };
    }
    const envelope = data as WireEnvelope;
    const errcode = typeof envelope.errcode === "number" ? envelope.errcode : 0;
    return { kind: "response", errcode, data: envelope };
  }
}

/** The abort reason of a call that outlived `timeoutMs`. */
class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no response within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

function describeFetchFailure(cause: unknown, timeoutMs: number, sensitive: readonly string[]): string {
  if (cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError")) {
    return `no response within ${timeoutMs} ms`;
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const inner = cause instanceof Error ? (cause.cause as { code?: unknown } | undefined) : undefined;
  const code = inner && typeof inner.code === "string" ? ` (${inner.code})` : "";
  return `network error: ${redact(message, sensitive)}${code}`;
}

/** Removes secrets and tokens from text that came from outside (e.g. a fetch error message). */
export function redact(text: string, sensitive: readonly string[]): string {
  let out = text;
  for (const s of sensitive) if (s) out = out.split(s).join("[redacted]");
  return out.replace(/(access_token|corpsecret)=[^&\s]*/g, "$1=[redacted]");
}
