/**
 * The one concurrency limiter: a counting semaphore. The transport caps the HTTP calls in flight with it
 * (WeCom answers 45033 above its concurrency cap); {@link mapLimit} caps a workflow's outstanding tasks.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`maxInFlight must be an integer ≥ 1, got ${capacity}`);
    }
    this.available = capacity;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    // Hand the slot straight to the next waiter so a late arrival cannot overtake the queue.
    if (next) next();
    else this.available++;
  }
}

/** `fn` over `items` with at most `limit` running at once; results in the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const gate = new Semaphore(Math.max(1, limit));
  return Promise.all(items.map((t) => gate.run(() => fn(t))));
}
