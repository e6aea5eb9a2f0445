/**
 * One budget per endpoint and principal, shared by every client in the process that uses the same clock:
 * calls are paced under WeCom's documented limits instead of bursting into 45009, and a 45009 block is
 * waited out rather than failed (issue 12, "no cliff").
 *
 * WeCom allows each API a number of calls per corp per minute (10,000 unless the endpoint's page says
 * less) and per hour (150,000), and blocks the API for 60 s when the minute limit is passed
 * (wecom-api.md §7.2). Each budget is two token buckets (GCRA, virtual scheduling): a burst of
 * `burstShare` of the limit may start at once, then calls start `steadyShare` of the limit per period, so
 * no 60 s window (or hour) ever sees more than `burstShare + steadyShare` of the limit — with room left
 * for network jitter and for other processes — and a large job runs at `steadyShare` of WeCom's floor.
 *
 * Policy as data (like retry.ts), so tests shrink it.
 */
import type { EndpointName } from "./wire";

export interface PacePolicy {
  /** Share of the minute's limit that may start at once (the minute bucket's capacity). */
  readonly burstShare: number;
  /** Share of the minute's limit that starts per minute once the burst is spent. */
  readonly steadyShare: number;
  /**
   * The same for the hour (150,000 calls per API): a large share at once, so a run of up to that many
   * calls is paced by the minute alone, and a small steady share for runs beyond it in the same hour.
   */
  readonly hourBurstShare: number;
  readonly hourSteadyShare: number;
  /** How long WeCom blocks an API after its minute limit was passed (wecom-api.md §7.2: 60 s). */
  readonly blockMs: number;
  /** 45009 blocks one call waits out before it fails (an hour or day block would outlast any run). */
  readonly maxBlocks: number;
  /** Paced waits at least this long are reported to {@link PaceListener}s (progress lines). */
  readonly reportWaitMs: number;
}

/**
 * 1 % at once, 94 % a minute: at most 95 % of the limit in any 60 s, and a large job at 0.94 of the limit's
 * rate (20,000 user/update: 2.12 min against WeCom's floor of 2 min). The split was 5 % / 90 % (2.17 min):
 * the steady share is what a large job pays on every call, the burst only what a small one saves once, and
 * the 95 % ceiling is the same (issue 12: `up` of 20,000 leavers within 1.1× the floor). The hour: 80 % at
 * once, 15 % an hour (at most 95 % in any hour; 120,000 calls in a row are paced by the minute alone).
 */
export const DEFAULT_PACE_POLICY: PacePolicy = Object.freeze({
  burstShare: 0.01,
  steadyShare: 0.94,
  hourBurstShare: 0.8,
  hourSteadyShare: 0.15,
  blockMs: 60_000,
  maxBlocks: 3,
  reportWaitMs: 1_000,
});

export function resolvePacePolicy(overrides: Partial<PacePolicy> | undefined): PacePolicy {
  const p: PacePolicy = { ...DEFAULT_PACE_POLICY, ...overrides };
  for (const [burst, steady] of [
    [p.burstShare, p.steadyShare],
    [p.hourBurstShare, p.hourSteadyShare],
  ] as const)
    if (!(burst > 0) || !(steady > 0) || burst + steady > 1)
      throw new RangeError(
        `pacing shares must be positive and add up to at most 1, got burst ${burst} + steady ${steady}`,
      );
  if (!Number.isInteger(p.maxBlocks) || p.maxBlocks < 0)
    throw new RangeError(`pacing.maxBlocks must be a whole number ≥ 0, got ${p.maxBlocks}`);
  return p;
}

/** One token bucket as GCRA: the theoretical arrival time of the next call and the tolerance for a burst. */
class Bucket {
  private readonly interval: number;
  private readonly tolerance: number;
  private tat = -Infinity;

  constructor(limit: number, periodMs: number, shares: { burst: number; steady: number }) {
    const steady = Math.max(1, Math.floor(limit * shares.steady));
    const burst = Math.max(1, Math.floor(limit * shares.burst));
    this.interval = periodMs / steady;
    this.tolerance = (burst - 1) * this.interval;
  }

  /** The earliest instant at or after `t` a call may start. */
  earliest(t: number): number {
    return Math.max(t, this.tat - this.tolerance);
  }

  /** Takes the slot at `start` (an instant {@link earliest} allowed). */
  take(start: number): void {
    this.tat = Math.max(this.tat, start) + this.interval;
  }

  /** Nothing starts before `until`, and then only at the steady pace: the burst is spent. */
  drain(until: number): void {
    this.tat = Math.max(this.tat, until + this.tolerance);
  }
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The budget of one endpoint for one principal. */
export class EndpointBudget {
  private readonly minute: Bucket;
  private readonly hour: Bucket;
  /** WeCom refuses this API until then (a 45009 was answered). */
  blockedUntil = -Infinity;
  /** Told when a 45009 starts or extends a block (the budget coordinator passes it on to every process). */
  onBlock: ((untilMs: number) => void) | undefined;

  constructor(
    readonly perMinute: number,
    readonly perHour: number,
    policy: PacePolicy,
  ) {
    this.minute = new Bucket(perMinute, MINUTE_MS, { burst: policy.burstShare, steady: policy.steadyShare });
    this.hour = new Bucket(perHour, HOUR_MS, {
      burst: policy.hourBurstShare,
      steady: policy.hourSteadyShare,
    });
  }

  /**
   * Reserves the next slot at or after `now`: the instant this call may start. Callers are served in the
   * order they ask, without a queue: each reservation moves the next one on.
   */
  reserve(now: number): number {
    const start = Math.max(this.minute.earliest(now), this.hour.earliest(now), this.blockedUntil);
    this.minute.take(start);
    this.hour.take(start);
    return start;
  }

  /**
   * WeCom answered 45009 to a call sent at `sentAt` (received at `now`): the API is blocked for `blockMs`
   * from now, unless the call was sent before a block this budget already knows of ends — answers to calls
   * that were in flight when the block began do not extend it.
   */
  block(sentAt: number, now: number, blockMs: number): number {
    if (sentAt >= this.blockedUntil) {
      this.blockedUntil = now + blockMs;
      // The minute's burst is spent; the hour's is not (the block is a minute block).
      this.minute.drain(this.blockedUntil);
      this.onBlock?.(this.blockedUntil);
    }
    return this.blockedUntil;
  }
}

/** A wait a call makes before it is sent: blocks and back-offs always, paced waits from `reportWaitMs`. */
export interface PaceWaitEvent {
  endpoint: EndpointName;
  /** `contacts`, `archive` or `app:<agentid>`. */
  principal: string;
  /**
   * `pace`: the budget's turn; `blocked`: WeCom answered 45009 and blocks the API for a minute; `backoff`:
   * the pause before a retry (system busy, a lost connection).
   */
  cause: "pace" | "blocked" | "backoff";
  /** Epoch ms (of the client's clock) the wait ends. */
  untilMs: number;
  /** The per-minute limit the budget paces under. */
  perMinute: number;
}

export interface PaceListener {
  waiting(e: PaceWaitEvent): void;
  resumed(e: PaceWaitEvent): void;
}

/** Which budget: where the calls go and who makes them — never a secret or a token. */
export interface BudgetKey {
  readonly baseUrl: string;
  readonly corpId: string;
  /** `contacts`, `archive`, `checkin` or `app:<agentid>`. */
  readonly principal: string;
  readonly endpoint: EndpointName;
}

/** The budgets of one clock: every client built with that clock shares them, keyed by where they call. */
export class Budgets {
  private readonly byKey = new Map<string, EndpointBudget>();
  private readonly listeners = new Set<PaceListener>();
  private readonly blockListeners = new Set<(key: BudgetKey, untilMs: number) => void>();

  /** The budget of `endpoint` for `principal` on the tenant `corpId` at `baseUrl`. */
  get(
    baseUrl: string,
    corpId: string,
    principal: string,
    endpoint: EndpointName,
    limits: { perMinute: number; perHour: number },
    policy: PacePolicy,
  ): EndpointBudget {
    const key = `${baseUrl}\u0000${corpId}\u0000${principal}\u0000${endpoint}`;
    let b = this.byKey.get(key);
    if (!b || b.perMinute !== limits.perMinute || b.perHour !== limits.perHour) {
      const blockedUntil = b?.blockedUntil ?? -Infinity;
      b = new EndpointBudget(limits.perMinute, limits.perHour, policy);
      // Other limits (a fallback's reduced share) keep WeCom's block: it is the API's, not the budget's.
      b.blockedUntil = blockedUntil;
      const at: BudgetKey = { baseUrl, corpId, principal, endpoint };
      b.onBlock = (until) => {
        for (const l of this.blockListeners) l(at, until);
      };
      this.byKey.set(key, b);
    }
    return b;
  }

  /** Tells `listener` of every 45009 block a budget records; returns the function that stops it. */
  listenToBlocks(listener: (key: BudgetKey, untilMs: number) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /** Tells `listener` about long waits (a progress line); returns the function that stops it. */
  listen(listener: PaceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(kind: "waiting" | "resumed", e: PaceWaitEvent): void {
    for (const l of this.listeners) l[kind](e);
  }
}

const BY_CLOCK = new WeakMap<() => number, Budgets>();

/**
 * The process's budgets for `now` (the real clock unless a test injects its own): every client with the
 * same clock shares them, so two clients of one tenant cannot together exceed WeCom's limit.
 */
export function budgetsFor(now: () => number): Budgets {
  let b = BY_CLOCK.get(now);
  if (!b) BY_CLOCK.set(now, (b = new Budgets()));
  return b;
}

/**
 * Reports the process's long pacing waits (real clock) to `listener` — e.g. a progress line — until the
 * returned function is called.
 */
export function listenToPacing(listener: PaceListener, now: () => number = Date.now): () => void {
  return budgetsFor(now).listen(listener);
}
