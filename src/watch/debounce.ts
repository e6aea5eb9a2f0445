/**
 * A burst of events is one check: items collect until no new one has come for `quietMs` (or `maxWaitMs`
 * after the first), then `run` gets them all. One run at a time: what arrives during a run waits for the
 * next one.
 */
export interface DebounceOptions<T> {
  quietMs: number;
  maxWaitMs: number;
  run: (batch: T[]) => Promise<void>;
  /** Injected timers (tests). */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export class Debouncer<T> {
  private pending: T[] = [];
  private firstAt = 0;
  private timer: { cancel(): void } | undefined;
  private running: Promise<void> | undefined;
  private readonly setTimer: NonNullable<DebounceOptions<T>["setTimer"]>;

  constructor(
    private readonly opts: DebounceOptions<T>,
    private readonly now: () => number = Date.now,
  ) {
    this.setTimer =
      opts.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(t) };
      });
  }

  add(item: T): void {
    if (this.pending.length === 0) this.firstAt = this.now();
    this.pending.push(item);
    this.schedule();
  }

  private schedule(): void {
    this.timer?.cancel();
    if (this.running || this.pending.length === 0) return;
    const wait = Math.max(0, Math.min(this.opts.quietMs, this.firstAt + this.opts.maxWaitMs - this.now()));
    this.timer = this.setTimer(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.running = this.opts.run(batch).finally(() => {
      this.running = undefined;
      if (this.pending.length) {
        // Events that came during the run: their quiet period counts from now.
        this.firstAt = this.now();
        this.schedule();
      }
    });
  }

  /** Run what is pending now and wait for every run to finish (graceful shutdown). */
  async drain(): Promise<void> {
    for (;;) {
      this.timer?.cancel();
      this.timer = undefined;
      if (this.running) await this.running;
      else if (this.pending.length) this.fire();
      else return;
    }
  }
}
