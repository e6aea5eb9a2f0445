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

export type Handler = (call: Call) => Record<string, unknown>;

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
 * JSON text a handler answers as is, as a top-level field's value (the server splices it in): for pages
 * assembled from cached fragments (issue 12). Only top-level fields are spliced.
 */
export class RawJson {
  constructor(readonly text: string) {}
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
