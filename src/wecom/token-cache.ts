/**
 * Access tokens, one per secret principal, held in memory only (never persisted or logged). WeCom asks
 * callers to cache tokens and not to call gettoken often (path/91039), so concurrent callers share one
 * in-flight gettoken.
 */

/** Refresh this long before WeCom's stated expiry so a token does not expire between check and use. */
export const TOKEN_SAFETY_MARGIN_S = 300;

export interface IssuedToken {
  readonly token: string;
  readonly expiresInS: number;
}

interface Entry {
  readonly token: string;
  readonly expiresAtMs: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number) {}

  /** The cached token for `key`, or the result of `issue()` shared with every concurrent caller. */
  get(key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const entry = this.entries.get(key);
    if (entry && this.now() < entry.expiresAtMs) return Promise.resolve(entry.token);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const started = issue()
      .then((issued) => {
        // Short-lived tokens (tests, emulators) keep at least half their life rather than none.
        const margin = Math.min(TOKEN_SAFETY_MARGIN_S, issued.expiresInS / 2);
        this.entries.set(key, {
          token: issued.token,
          expiresAtMs: this.now() + (issued.expiresInS - margin) * 1000,
        });
        return issued.token;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  /**
   * Forget `token` after WeCom called it invalid or expired. Only that exact token is dropped, so a
   * caller holding a stale token cannot evict the fresh one another caller just fetched.
   */
  invalidate(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}
