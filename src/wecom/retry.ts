/**
 * Retry policy as data (Octokit plugin-retry style) so tests can shrink it, plus the backoff formula.
 */
import { ERRCODE } from "./errcodes";

export interface RetryPolicy {
  /** WeCom errcodes that mean "try again later": -1 busy, 45009 frequency, 45033 concurrency. */
  readonly retryableErrcodes: readonly number[];
  /** Retry when no WeCom response arrived (network failure, timeout, non-200, non-JSON). */
  readonly retryTransportErrors: boolean;
  /** Total HTTP attempts per logical call, the first included. Token replays are not counted. */
  readonly maxAttempts: number;
  /** Delay before the 2nd attempt; doubled for each further attempt. */
  readonly baseDelayMs: number;
  /** Cap on a single delay. */
  readonly maxDelayMs: number;
  /** 0..1: a delay d becomes d × (1 − jitter × random()), spreading concurrent retries. */
  readonly jitter: number;
}

/**
 * WeCom advises retrying -1 up to 3 times (wecom-api.md §7.1), hence 4 attempts. Delays of 1, 2 and
 * 4 s (less jitter) ride out short bursts of 45009/45033; a corp blocked for the full 60 s of the
 * minute limit (§7.2) fails fast instead of stalling a preview — long batch jobs can raise
 * `maxAttempts`/`baseDelayMs`.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retryableErrcodes: Object.freeze([ERRCODE.busy, ERRCODE.freqLimit, ERRCODE.concurrencyLimit]),
  retryTransportErrors: true,
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  jitter: 0.3,
});

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer ≥ 1, got ${p.maxAttempts}`);
  }
  if (p.jitter < 0 || p.jitter > 1) throw new RangeError(`retry.jitter must be within 0..1, got ${p.jitter}`);
  return p;
}

/** Delay after the `failedAttempt`-th attempt failed (1-based). */
export function backoffDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}
