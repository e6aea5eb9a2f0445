/**
 * The sandbox's log of API calls, as GET /__console/requests lists it (docs/sandbox.md). Its own module so
 * the server records and the console reads without importing each other.
 */

/** One API call. Never holds tokens or secrets. */
export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  principal: string | null;
  write: boolean;
  /** null when no answer was sent: the connection was reset, or the answer was lost after the write. */
  errcode: number | null;
}

/** Keeps the newest entries; beyond `cap` the older half is dropped. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly cap = 100_000) {}

  add(e: RequestLogEntry): void {
    this.entries.push(e);
    if (this.entries.length > this.cap) this.entries = this.entries.slice(-this.cap / 2);
  }

  list(): readonly RequestLogEntry[] {
    return this.entries;
  }

  reset(): void {
    this.entries = [];
  }
}
