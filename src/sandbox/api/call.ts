/**
 * What an endpoint handler receives, and the parameter readers they share. Handlers return the success
 * fields (the server adds errcode 0 and the endpoint's success errmsg) or throw WeComError.
 */
import { ERRCODE } from "../../wecom/errcodes";
import { WeComError } from "../errors";
import type { Principal, Tenant } from "../tenant";

export interface Call {
  readonly principal: Principal;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  /** Sandbox clock, Unix seconds. */
  readonly now: number;
  readonly tenant: Tenant;
}

export type Handler = (call: Call) => Record<string, unknown> | EncodedFields;

/** An integer from the body or a query string ("12"); undefined when absent. Anything else → `errcode`. */
export function optInt(v: unknown, errcode: number): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw new WeComError(errcode);
  return n;
}

export function reqInt(v: unknown, errcode: number): number {
  const n = optInt(v, errcode);
  if (n === undefined) throw new WeComError(errcode);
  return n;
}

export function optStr(v: unknown, errcode: number): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new WeComError(errcode);
  return v;
}

export function optStrList(v: unknown, errcode: number): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new WeComError(errcode);
  return v as string[];
}

export function optIntList(v: unknown, errcode: number): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isSafeInteger(x))) {
    throw new WeComError(errcode);
  }
  return v as number[];
}

export function optFlag(v: unknown): 0 | 1 | undefined {
  if (v === undefined || v === null) return undefined;
  if (v === 0 || v === 1) return v;
  // GUESS: a flag outside 0/1 is rejected as an invalid parameter (40058); WeCom's exact code is not documented.
  throw new WeComError(ERRCODE.invalidParameter58);
}

/**
 * A read's success fields already encoded (issue 12: reads at 100 000 members): the handler keeps one per
 * answer in the tenant ({@link Tenant.memo}) and the server sends its text without serialising again. Text,
 * not a Buffer: node:http sends a string body in one write with its headers, a Buffer as a second chunk
 * (measured slower for the 39 KB list_id page).
 */
export class EncodedFields {
  private full: { okMessage: string; text: string; bytes: number } | undefined;

  /** `members`: JSON object members without the braces, e.g. `"tagname":"x","userlist":[]`. */
  constructor(private readonly members: string) {}

  static of(fields: Record<string, unknown>): EncodedFields {
    return new EncodedFields(JSON.stringify(fields).slice(1, -1));
  }

  /** The whole answer, `{"errcode":0,"errmsg":…,<fields>}` and its UTF-8 length, built once per message. */
  answer(okMessage: string): { text: string; bytes: number } {
    if (this.full?.okMessage !== okMessage) {
      const sep = this.members === "" ? "" : ",";
      const text = `{"errcode":0,"errmsg":${JSON.stringify(okMessage)}${sep}${this.members}}`;
      this.full = { okMessage, text, bytes: Buffer.byteLength(text) };
    }
    return this.full;
  }

  /** The fields as values again, for an answer the server must edit (a fault that omits a field). */
  decode(): Record<string, unknown> {
    return JSON.parse(`{${this.members}}`) as Record<string, unknown>;
  }
}

/** Opaque cursors: base64url of an offset, so clients cannot lean on their shape. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

export function decodeCursor(cursor: unknown): number {
  if (cursor === undefined || cursor === null || cursor === "") return 0;
  if (typeof cursor !== "string") throw new WeComError(ERRCODE.invalidParameter58);
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  // GUESS: an unreadable cursor is an invalid parameter (40058).
  if (!m) throw new WeComError(ERRCODE.invalidParameter58, "invalid cursor");
  return Number(m[1]);
}

export { ERRCODE };
