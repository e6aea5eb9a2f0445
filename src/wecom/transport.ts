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
  WecomNotAppliedError,
  WecomReadOnlyError,
  WecomShapeError,
  WecomStoppedError,
  WecomTransportError,
  type TransportFailure,
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
import { displayUrl } from "./reachability";
import { budgetsFor, resolvePacePolicy, type Budgets, type PacePolicy, type PaceWaitEvent } from "./pacing";
import { budgetLinkFor, FALLBACK_SHARE, type BudgetLink } from "./budget-share";
import { backoffDelayMs, resolveRetryPolicy, type RetryPolicy } from "./retry";
import { RESPONSE_SHAPES, shapeProblems } from "./shapes";
import { Semaphore } from "./semaphore";
import { TokenCache } from "./token-cache";

export type QueryValue = string | number | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * What a read-back found after a write: either the write took effect (and the response to return in its
 * place when the write's own answer was lost), or it did not, what differs (for the error), and what to
 * send instead (e.g. only the missing members). Without `body`/`query` the original request is re-sent;
 * `resend: false` when re-sending cannot help (the tag exists under another id).
 */
export type ReadBackOutcome<R> =
  | { readonly applied: true; readonly response: R }
  | {
      readonly applied: false;
      readonly differs?: string;
      readonly body?: unknown;
      readonly query?: Query;
      readonly resend?: false;
    };

export interface CallSpec<R> {
  readonly endpoint: EndpointName;
  readonly principal: PrincipalRef;
  /** GET endpoints only. */
  readonly query?: Query;
  /** POST endpoints only. */
  readonly body?: unknown;
  /**
   * Write endpoints: how to find out whether the write was applied. Called without an answer after a
   * request that got no clear one (a write without a read-back is then never retried), and with WeCom's
   * errcode-0 answer after every success, so a write WeCom acknowledged but did not apply is re-sent and
   * then reported (issue 8: "inconsistent result after apply").
   */
  readonly readBack?: (answer?: R) => Promise<ReadBackOutcome<R>>;
  /**
   * `false`: no read-back after an errcode-0 answer, because the caller reads a whole set of writes back at
   * once after all were sent (member-bulk.ts: one user/list per department for thousands of user/update,
   * issue 12). `readBack` still decides a write whose outcome is unknown (timeout, errcode -1) before any
   * re-send.
   */
  readonly readBackOnSuccess?: false;
}

const TOKEN_REJECTED: readonly number[] = [ERRCODE.invalidToken, ERRCODE.tokenExpired];

type Outcome =
  /** Not sent: the API was blocked (45009) while this call waited for a slot in flight. */
  | { readonly kind: "held" }
  | { readonly kind: "response"; readonly errcode: number; readonly data: WireEnvelope }
  | { readonly kind: "shape"; readonly problems: readonly string[] }
  | {
      readonly kind: "transport";
      readonly cause: unknown;
      readonly detail: string;
      readonly reason: TransportFailure;
    };

/** Per-HTTP-exchange timeout, per-operation deadline and body cap when the options leave them out. */
export const DEFAULT_HTTP_LIMITS = Object.freeze({
  timeoutMs: 30_000,
  deadlineMs: 60_000,
  maxResponseBytes: 32 * 1024 * 1024,
});

/** Failures that are answers, not a missing answer: re-sending would get the same, so never retried. */
const FINAL: readonly TransportFailure[] = ["redirect", "too-large"];

/** The wall-clock budget of one logical call (issue 8: a slow-drip server took 131 s per call). */
class Deadline {
  private at: number;
  constructor(
    private readonly now: () => number,
    readonly ms: number,
  ) {
    this.at = now() + ms;
  }
  remaining(): number {
    return this.at - this.now();
  }
  /** Time spent waiting for a turn (the per-minute budget, a 45009 block, the in-flight cap) is not the server's. */
  extend(ms: number): void {
    if (ms > 0) this.at += ms;
  }
}

export class Transport {
  readonly policy: RetryPolicy;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly maxResponseBytes: number;
  private readonly gate: Semaphore;
  private readonly tokens: TokenCache;
  /** Undefined when pacing is off (`pacing: false`): 45009 is then retried like -1. */
  private readonly pace: PacePolicy | undefined;
  private readonly budgets: Budgets;
  /** The run's budget coordinator (budget-share.ts), when one was given and pacing is on. */
  private readonly link: BudgetLink | undefined;

  constructor(private readonly opts: WecomClientOptions) {
    this.policy = resolveRetryPolicy(opts.retry);
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.fetchFn = opts.fetch ?? globalThis.fetch;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
    this.timeoutMs = positive("timeoutMs", opts.timeoutMs ?? DEFAULT_HTTP_LIMITS.timeoutMs);
    this.deadlineMs = positive("deadlineMs", opts.deadlineMs ?? DEFAULT_HTTP_LIMITS.deadlineMs);
    this.maxResponseBytes = positive(
      "maxResponseBytes",
      opts.maxResponseBytes ?? DEFAULT_HTTP_LIMITS.maxResponseBytes,
    );
    this.gate = new Semaphore(opts.maxInFlight ?? 16);
    this.tokens = new TokenCache(this.now);
    this.pace = opts.pacing === false ? undefined : resolvePacePolicy(opts.pacing);
    this.budgets = budgetsFor(this.now);
    this.link = this.pace && opts.budgetSocket ? budgetLinkFor(opts.budgetSocket, this.now) : undefined;
  }

  get readOnly(): boolean {
    return this.opts.readOnly === true;
  }

  /** Whether writes are read back after an errcode-0 answer (`verifyWrites`, default true). */
  get verifiesWrites(): boolean {
    return this.opts.verifyWrites !== false;
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
          : principal.kind === "checkin"
            ? s.checkin
            : s.apps?.[String(principal.agentId)];
    if (!secret) throw this.missing(endpoint, label, credentialOf(principal));
    return secret;
  }

  /**
   * Executes one logical call: its turn in the per-minute budget, token, HTTP, token replay, retries,
   * read-back — all within one deadline (`deadlineMs`, not counting the time spent waiting for a turn),
   * whatever attempts the retry policy would still allow.
   */
  async call<R extends WireEnvelope>(spec: CallSpec<R>): Promise<R> {
    this.assertWritable(spec.endpoint);
    return this.run(spec, this.secretFor(spec.endpoint, spec.principal), true);
  }

  /**
   * The one attempt loop, for business calls (`withToken`) and for gettoken itself: pacing, 45009 waited
   * out, retries with backoff, token replay, read-back of writes.
   */
  private async run<R extends WireEnvelope>(
    spec: CallSpec<R>,
    secret: string,
    withToken: boolean,
  ): Promise<R> {
    const { endpoint, principal } = spec;
    const write = ENDPOINTS[endpoint].write;
    const label = principalLabel(principal);
    const deadline = new Deadline(this.now, this.deadlineMs);
    let query = spec.query;
    let body = spec.body;
    let attempt = 0;
    let failures = 0;
    let blocks = 0;
    let replayed = false;
    let last = "";
    let unclear = false;
    const overdue = (): WecomTransportError =>
      this.pastDeadline(endpoint, deadline, attempt, last, write && unclear);
    /** Sleeps before the next attempt, or fails now when the deadline would pass first. */
    const pause = async (): Promise<void> => {
      const ms = backoffDelayMs(this.policy, failures, this.random);
      if (deadline.remaining() <= ms) throw overdue();
      const event = this.waitEvent(endpoint, label, "backoff", this.now() + ms);
      if (event) this.budgets.notify("waiting", event);
      await this.sleep(ms);
      if (event) this.budgets.notify("resumed", event);
    };
    for (;;) {
      const token = withToken
        ? await this.tokens.get(label, () => this.issueToken(principal, secret))
        : undefined;
      await this.turn(endpoint, label, deadline);
      if (deadline.remaining() <= 0) throw overdue();
      attempt++;
      // A re-send is a new write: none starts once the run is stopping (issue 8).
      if (write && attempt > 1) this.assertWritable(endpoint);
      const out = await this.exchange(
        endpoint,
        label,
        attempt,
        token === undefined ? { ...query } : { ...query, access_token: token },
        body,
        token === undefined ? [secret] : [secret, token],
        deadline,
      );
      if (out.kind === "held") {
        attempt--;
        continue;
      }
      if (out.kind === "shape") throw new WecomShapeError({ endpoint, problems: out.problems });
      let ambiguous: { cause: unknown; detail: string; error: Error };
      if (out.kind === "response") {
        if (out.errcode === 0) {
          if (!write || !spec.readBack || !this.verifiesWrites || spec.readBackOnSuccess === false)
            return out.data as R;
          const check = await this.confirm(endpoint, spec.readBack, out.data as R);
          if (check.applied) return out.data as R;
          last = check.differs ?? "";
          failures++;
          if (check.resend === false || failures >= this.policy.maxAttempts)
            throw new WecomNotAppliedError({ endpoint, attempts: attempt, differs: check.differs });
          await pause();
          if (check.body !== undefined) body = check.body;
          if (check.query !== undefined) query = check.query;
          continue;
        }
        // The token was refused, so the request was not processed: safe to replay once, writes included.
        if (token !== undefined && TOKEN_REJECTED.includes(out.errcode) && !replayed) {
          replayed = true;
          this.tokens.invalidate(label, token);
          continue;
        }
        const error = this.apiError(endpoint, principal, out.errcode);
        last = error.message;
        // 45009: WeCom blocks this API for a minute (wecom-api.md §7.2). Retrying after 1, 2 and 4 s gave up
        // long before the block ended (issue 12); the budget now holds every call of this API until it ends.
        // A refusal at the gate, so a write is re-sent without a read-back.
        // (The exchange recorded the block in the budget before it let the next call through.)
        if (out.errcode === ERRCODE.freqLimit && this.pace) {
          if (++blocks > this.pace.maxBlocks) throw error;
          continue;
        }
        if (!this.policy.retryableErrcodes.includes(out.errcode)) throw error;
        failures++;
        if (failures >= this.policy.maxAttempts) throw error;
        // GUESS: -1 ("system busy") on a write may come after the change was made; 45009/45033 are
        // refusals at the gate, so those writes are re-sent without a read-back.
        if (!(write && out.errcode === ERRCODE.busy)) {
          await pause();
          continue;
        }
        ambiguous = { cause: error, detail: error.message, error };
      } else {
        last = out.detail;
        if (FINAL.includes(out.reason)) {
          throw new WecomTransportError({
            endpoint,
            cause: out.cause,
            detail: out.detail,
            reason: out.reason,
          });
        }
        if (write) unclear = true;
        if (out.reason === "deadline") throw overdue();
        const detail = write ? `${out.detail}; the write may have been applied` : out.detail;
        const error = new WecomTransportError({ endpoint, cause: out.cause, detail, reason: out.reason });
        failures++;
        if (!this.policy.retryTransportErrors || failures >= this.policy.maxAttempts) throw error;
        if (!write) {
          await pause();
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
          reason: out.kind === "transport" ? out.reason : "read-back",
        });
      }
      await pause();
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
          reason: "read-back",
        });
      }
      if (found.applied) return found.response;
      if (found.body !== undefined) body = found.body;
      if (found.query !== undefined) query = found.query;
    }
  }

  /** The budget `endpoint` is paced under for `principal` (shared by every client with this clock). */
  private budget(endpoint: EndpointName, principal: string) {
    const limits = this.limits(endpoint);
    // The coordinator is gone: the other processes of the run still draw on the same limits.
    const share = this.link?.down ? FALLBACK_SHARE : 1;
    return this.budgets.get(
      this.baseUrl,
      this.opts.corpId,
      principal,
      endpoint,
      {
        perMinute: Math.max(1, Math.floor(limits.perMinute * share)),
        perHour: Math.max(1, Math.floor(limits.perHour * share)),
      },
      this.pace!,
    );
  }

  private limits(endpoint: EndpointName): { perMinute: number; perHour: number } {
    const spec = ENDPOINTS[endpoint];
    return { perMinute: this.opts.perMinute?.[endpoint] ?? spec.perMinute, perHour: spec.perHour };
  }

  /** Until when WeCom blocks `endpoint` for `principal`: as this process saw it, or the coordinator said. */
  private blockedUntil(endpoint: EndpointName, principal: string): number {
    const own = this.budget(endpoint, principal).blockedUntil;
    if (!this.link) return own;
    return Math.max(own, this.link.blockedUntil(this.budgetKey(endpoint, principal)));
  }

  private budgetKey(endpoint: EndpointName, principal: string) {
    return { baseUrl: this.baseUrl, corpId: this.opts.corpId, principal, endpoint };
  }

  /**
   * The call's turn from the run's coordinator (budget-share.ts): true once it may start, false when the
   * coordinator is gone and the process's own budget decides instead.
   */
  private async sharedTurn(
    link: BudgetLink,
    endpoint: EndpointName,
    principal: string,
    deadline: Deadline,
  ): Promise<boolean> {
    const key = this.budgetKey(endpoint, principal);
    for (;;) {
      const asked = this.now();
      const wait = await link.reserve(key, this.limits(endpoint));
      if (wait === undefined) return false;
      const now = this.now();
      deadline.extend(now - asked);
      if (wait <= 0) return true;
      const cause = now < this.blockedUntil(endpoint, principal) ? "blocked" : "pace";
      const event = this.waitEvent(endpoint, principal, cause, now + wait);
      if (event) this.budgets.notify("waiting", event);
      await this.sleep(wait);
      deadline.extend(wait);
      if (event) this.budgets.notify("resumed", event);
      // A block another process met while this call waited: ask again, for a turn after it.
      if (this.now() >= this.blockedUntil(endpoint, principal)) return true;
    }
  }

  /**
   * Waits for this call's turn in its budget: the steady pace once the burst is spent, or the end of a
   * 45009 block. The time waited does not count against the deadline.
   */
  private async turn(endpoint: EndpointName, principal: string, deadline: Deadline): Promise<void> {
    if (!this.pace) return;
    if (this.link && !this.link.down && (await this.sharedTurn(this.link, endpoint, principal, deadline)))
      return;
    const budget = this.budget(endpoint, principal);
    for (;;) {
      const now = this.now();
      const wait = budget.reserve(now) - now;
      if (wait <= 0) return;
      const cause = now < budget.blockedUntil ? "blocked" : "pace";
      const event = this.waitEvent(endpoint, principal, cause, now + wait);
      if (event) this.budgets.notify("waiting", event);
      await this.sleep(wait);
      deadline.extend(wait);
      if (event) this.budgets.notify("resumed", event);
      // A block learnt while this call waited (another call's 45009) moves its turn past the block.
      if (this.now() >= budget.blockedUntil) return;
    }
  }

  /** The event for a wait worth showing (blocks and back-offs always; paced waits from `reportWaitMs`). */
  private waitEvent(
    endpoint: EndpointName,
    principal: string,
    cause: PaceWaitEvent["cause"],
    untilMs: number,
  ): PaceWaitEvent | undefined {
    const reportFrom = this.pace?.reportWaitMs ?? 1_000;
    if (cause === "pace" && untilMs - this.now() < reportFrom) return undefined;
    const perMinute = this.opts.perMinute?.[endpoint] ?? ENDPOINTS[endpoint].perMinute;
    return { endpoint, principal, cause, untilMs, perMinute };
  }

  /** The read-back after an errcode-0 answer to a write; its own failure is reported as such. */
  private async confirm<R>(
    endpoint: EndpointName,
    readBack: (answer?: R) => Promise<ReadBackOutcome<R>>,
    answer: R,
  ): Promise<ReadBackOutcome<R>> {
    try {
      return await readBack(answer);
    } catch (cause) {
      throw readBackFailed(endpoint, cause);
    }
  }

  private pastDeadline(
    endpoint: EndpointName,
    deadline: Deadline,
    attempts: number,
    last: string,
    unclearWrite: boolean,
  ): WecomTransportError {
    const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
    return new WecomTransportError({
      endpoint,
      cause: undefined,
      reason: "deadline",
      detail:
        `no complete answer within the operation deadline of ${deadline.ms} ms (wecom:operationDeadlineMs) after ${tries}` +
        (last ? `; the last: ${last}` : "") +
        (unclearWrite
          ? "; the write may have been applied — `pulumi preview --refresh` shows what WeCom holds"
          : ""),
    });
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

  /** gettoken through the same attempt loop, budget and deadline as any read; credential errors are fatal. */
  private async issueToken(
    principal: PrincipalRef,
    secret: string,
  ): Promise<{ token: string; expiresInS: number }> {
    const data = await this.run<GetTokenResponse>(
      { endpoint: "gettoken", principal, query: { corpid: this.opts.corpId, corpsecret: secret } },
      secret,
      false,
    );
    if (!data.access_token)
      throw new WecomShapeError({ endpoint: "gettoken", problems: ["access_token is empty"] });
    return { token: data.access_token, expiresInS: data.expires_in };
  }

  /** One HTTP exchange under the in-flight cap, reported to `onCall`. */
  private async exchange(
    endpoint: EndpointName,
    principal: string,
    attempt: number,
    query: Query,
    body: unknown,
    sensitive: readonly string[],
    deadline: Deadline,
  ): Promise<Outcome> {
    const spec = ENDPOINTS[endpoint];
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const url = `${this.baseUrl}${spec.path}?${params.toString()}`;
    // Redirects are never followed (issue 8): a 302 on gettoken would carry the secret, a 307 on a write
    // the token and the body, to whatever host the Location names.
    const init: RequestInit =
      spec.method === "POST"
        ? {
            method: "POST",
            redirect: "manual",
            headers: { "content-type": "application/json; charset=utf-8" },
            body: JSON.stringify(body ?? {}),
          }
        : { method: "GET", redirect: "manual" };
    const queued = this.now();
    const budget = this.pace ? this.budget(endpoint, principal) : undefined;
    const out = await this.gate.run(async (): Promise<Outcome> => {
      const started = this.now();
      deadline.extend(started - queued);
      // A 45009 answered to another call while this one queued here: not sent into the block.
      if (budget && started < this.blockedUntil(endpoint, principal)) return { kind: "held" };
      const result = await this.send(endpoint, url, init, sensitive, deadline);
      // 45009: every call of this API waits for the block to end, starting with those queued here — and,
      // through the run's coordinator, every call of the other processes.
      if (budget && result.kind === "response" && result.errcode === ERRCODE.freqLimit) {
        budget.block(started, this.now(), this.pace!.blockMs);
        if (this.link && !this.link.down)
          this.link.report(this.budgetKey(endpoint, principal), this.limits(endpoint), this.now() - started);
      }
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

  private async send(
    endpoint: EndpointName,
    url: string,
    init: RequestInit,
    sensitive: readonly string[],
    deadline: Deadline,
  ): Promise<Outcome> {
    const left = deadline.remaining();
    if (left <= 0) return { kind: "transport", cause: undefined, detail: "no time left", reason: "deadline" };
    const limitMs = Math.min(this.timeoutMs, left);
    const byDeadline = limitMs < this.timeoutMs;
    let text: string;
    let status: number;
    // A cleared timer rather than AbortSignal.timeout(): the latter leaves one live 30 s timer per call,
    // which measurably slows tight loops (scripts/bench/client-overhead.ts). The timer covers the whole
    // exchange, body included, so a server that drips its answer cannot hold the call open.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new TimeoutError(limitMs)), limitMs);
    try {
      const res = await this.fetchFn(url, { ...init, signal: abort.signal });
      status = res.status;
      if (status >= 300 && status < 400) {
        await res.body?.cancel().catch(() => undefined);
        return {
          kind: "transport",
          cause: undefined,
          reason: "redirect",
          detail: this.redirectDetail(status, res.headers.get("location")),
        };
      }
      const read = await readCapped(res, this.maxResponseBytes);
      if (read === undefined) {
        abort.abort(new Error("response body over the size cap"));
        return {
          kind: "transport",
          cause: undefined,
          reason: "too-large",
          detail: `the response body is larger than ${this.maxResponseBytes} bytes (wecom:maxResponseBytes); reading stopped there`,
        };
      }
      text = read;
    } catch (cause) {
      const timedOut = isTimeout(cause);
      return {
        kind: "transport",
        cause,
        reason: timedOut ? (byDeadline ? "deadline" : "timeout") : "network",
        detail: describeFetchFailure(cause, limitMs, sensitive, this.baseUrl),
      };
    } finally {
      clearTimeout(timer);
    }
    // GUESS: WeCom reports business errors with HTTP 200 (all SDKs assume it; no doc says so), so any
    // other status is treated as "no WeCom answer".
    if (status !== 200)
      return { kind: "transport", cause: undefined, reason: "status", detail: `HTTP status ${status}` };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (cause) {
      return { kind: "transport", cause, reason: "not-json", detail: "response body is not JSON" };
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return {
        kind: "transport",
        cause: undefined,
        reason: "not-json",
        detail: "response body is not a JSON object",
      };
    }
    const envelope = data as Record<string, unknown>;
    const raw = envelope["errcode"];
    // Success is errcode absent or 0 (path/90664); anything but a whole number is not WeCom's envelope —
    // `"errcode":"60011"` must never read as success.
    if (raw !== undefined && !(typeof raw === "number" && Number.isInteger(raw))) {
      return { kind: "shape", problems: shapeProblems(raw, { kind: "number" }, "errcode") };
    }
    const errcode = raw ?? 0;
    if (errcode === 0) {
      const problems = shapeProblems(envelope, RESPONSE_SHAPES[endpoint]);
      if (problems.length > 0) return { kind: "shape", problems };
    }
    return { kind: "response", errcode, data: envelope as WireEnvelope };
  }

  /** "127.0.0.1:8080 answered HTTP 302, a redirect to evil.example" — hosts only, never a query string. */
  private redirectDetail(status: number, location: string | null): string {
    const from = new URL(this.baseUrl).host;
    let to = "an unnamed location";
    if (location) {
      try {
        to = new URL(location, this.baseUrl).host;
      } catch {
        to = "an unparsable location";
      }
    }
    return (
      `${from} answered HTTP ${status}, a redirect to ${to}; redirects are never followed (the request carries ` +
      `a secret or token) — check that wecom:baseUrl (WECOM_BASE_URL) is WeCom's API address, https://qyapi.weixin.qq.com`
    );
  }
}

function positive(name: string, n: number): number {
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number, got ${n}`);
  return n;
}

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
}

/**
 * A write WeCom answered with errcode 0 whose read-back failed: whether it was applied is unknown, never
 * assumed (the transport's read-back, and member-bulk.ts's read-back of many writes).
 */
export function readBackFailed(endpoint: EndpointName, cause: unknown): WecomTransportError {
  return new WecomTransportError({
    endpoint,
    cause,
    reason: "read-back",
    detail: `WeCom answered errcode 0 but the read-back that confirms the write failed: ${
      cause instanceof Error ? cause.message : String(cause)
    }; \`pulumi preview --refresh\` shows whether it was applied`,
  });
}

/**
 * The body as text; undefined when it is larger than `cap` (issue 8: a 450 MB body was buffered whole). A
 * declared content-length above the cap is refused before reading; without one (chunked), bytes are counted
 * as they stream in and reading stops as soon as they pass the cap.
 */
async function readCapped(res: Response, cap: number): Promise<string | undefined> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!res.body) return "";
  // A declared length within the cap: read whole, on fetch's own fast path (about a third of the client's
  // time reading 100,000 members went to streaming chunk by chunk). The HTTP parser reads exactly the
  // declared length, so the cap still holds.
  if (Number.isFinite(declared)) return res.text();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    parts.push(value);
  }
  return Buffer.concat(parts, size).toString("utf8");
}

/** The abort reason of a call that outlived `timeoutMs`. */
class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no response within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Why a fetch failed. A network error names the base URL it could not reach (scheme, host, port and path:
 * the token and secrets travel in the query, which is never shown) and the key that sets it.
 */
function describeFetchFailure(
  cause: unknown,
  timeoutMs: number,
  sensitive: readonly string[],
  baseUrl: string,
): string {
  if (isTimeout(cause)) return `no response within ${timeoutMs} ms`;
  const message = cause instanceof Error ? cause.message : String(cause);
  const inner = cause instanceof Error ? (cause.cause as { code?: unknown } | undefined) : undefined;
  const code = inner && typeof inner.code === "string" ? ` (${inner.code})` : "";
  return `network error at ${displayUrl(baseUrl)} (wecom:baseUrl): ${redact(message, sensitive)}${code}`;
}

/** Removes secrets and tokens from text that came from outside (e.g. a fetch error message). */
export function redact(text: string, sensitive: readonly string[]): string {
  let out = text;
  for (const s of sensitive) if (s) out = out.split(s).join("[redacted]");
  return out.replace(/(access_token|corpsecret)=[^&\s]*/g, "$1=[redacted]");
}
