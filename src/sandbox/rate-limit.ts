/**
 * Per-corp, per-API minute limits (wecom-api.md §7.2): over the limit → 45009, and the API stays blocked
 * for 60 s of sandbox time. Limits come from wire.ts `perMinute` unless overridden.
 */
export interface RateLimitOptions {
  /** false turns limits off (benchmarks). Default true. */
  enabled?: boolean;
  /** Per-path overrides of the per-minute limit, e.g. {"/cgi-bin/tag/get": 5}. */
  perMinute?: Record<string, number>;
}

export class RateLimiter {
  private windows = new Map<string, { minute: number; count: number; blockedUntil: number }>();

  constructor(private readonly opts: RateLimitOptions) {}

  /** Counts one call; false when the call must be refused with 45009. */
  allow(path: string, documentedPerMinute: number, nowSeconds: number): boolean {
    if (this.opts.enabled === false) return true;
    const limit = this.opts.perMinute?.[path] ?? documentedPerMinute;
    const minute = Math.floor(nowSeconds / 60);
    let w = this.windows.get(path);
    if (!w) {
      w = { minute, count: 0, blockedUntil: 0 };
      this.windows.set(path, w);
    }
    if (nowSeconds < w.blockedUntil) return false;
    if (w.minute !== minute) {
      w.minute = minute;
      w.count = 0;
    }
    w.count++;
    if (w.count > limit) {
      w.blockedUntil = nowSeconds + 60;
      return false;
    }
    return true;
  }
}
