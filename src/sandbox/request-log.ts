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

/**
 * Keeps the newest entries; beyond `cap` the older half is dropped. Held in columns, not one object per
 * call (issue 12: reads at 100 000 members): a log of 100 000 live objects made every collection copy them;
 * the strings are the endpoints' own and the principals' keys, shared between entries.
 */
export class RequestLog {
  private length = 0;
  private readonly time: Float64Array;
  /** NaN for null. */
  private readonly errcode: Float64Array;
  private readonly write: Uint8Array;
  private readonly method: string[];
  private readonly path: string[];
  private readonly principal: (string | null)[];

  constructor(private readonly cap = 100_000) {
    this.time = new Float64Array(cap + 1);
    this.errcode = new Float64Array(cap + 1);
    this.write = new Uint8Array(cap + 1);
    this.method = new Array<string>(cap + 1).fill("");
    this.path = new Array<string>(cap + 1).fill("");
    this.principal = new Array<string | null>(cap + 1).fill(null);
  }

  add(
    time: number,
    method: string,
    path: string,
    principal: string | null,
    write: boolean,
    errcode: number | null,
  ): void {
    const i = this.length++;
    this.time[i] = time;
    this.errcode[i] = errcode ?? NaN;
    this.write[i] = write ? 1 : 0;
    this.method[i] = method;
    this.path[i] = path;
    this.principal[i] = principal;
    if (this.length > this.cap) this.keepNewest(this.cap / 2);
  }

  list(): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let i = 0; i < this.length; i++) {
      const errcode = this.errcode[i] as number;
      out.push({
        time: this.time[i] as number,
        method: this.method[i] as string,
        path: this.path[i] as string,
        principal: this.principal[i] ?? null,
        write: this.write[i] === 1,
        errcode: Number.isNaN(errcode) ? null : errcode,
      });
    }
    return out;
  }

  reset(): void {
    this.length = 0;
  }

  private keepNewest(n: number): void {
    const from = this.length - n;
    this.time.copyWithin(0, from, this.length);
    this.errcode.copyWithin(0, from, this.length);
    this.write.copyWithin(0, from, this.length);
    this.method.copyWithin(0, from, this.length);
    this.path.copyWithin(0, from, this.length);
    this.principal.copyWithin(0, from, this.length);
    this.length = n;
  }
}
