/**
 * Self-validating access tokens: the principal and issue time, signed with the tenant's token key. They
 * survive a sandbox restart (WeCom's do too) without ever being written to disk or to the request log.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ERRCODE } from "../wecom/errcodes";
import { WeComError } from "./errors";
import type { Principal } from "./tenant";

export const TOKEN_TTL_SECONDS = 7200;

function sign(key: string, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url").slice(0, 32);
}

function encodePrincipal(p: Principal): string {
  return p.kind === "app" ? `a${p.agentid}` : p.kind === "contacts" ? "c" : p.kind === "checkin" ? "k" : "r";
}

function decodePrincipal(s: string): Principal | undefined {
  if (s === "c") return { kind: "contacts" };
  if (s === "r") return { kind: "archive" };
  if (s === "k") return { kind: "checkin" };
  if (/^a\d+$/.test(s)) return { kind: "app", agentid: Number(s.slice(1)) };
  return undefined;
}

/**
 * A fresh token per gettoken call.
 * GUESS: WeCom may hand back the same token while the previous one is valid (wecom-api.md §1, unconfirmed);
 * the sandbox issues a new one each time, which a client that caches per secret handles either way.
 */
export function issueToken(key: string, p: Principal, issuedMs: number): string {
  const payload = `${encodePrincipal(p)}.${issuedMs.toString(36)}.${randomBytes(9).toString("base64url")}`;
  return `${Buffer.from(payload).toString("base64url")}.${sign(key, payload)}`;
}

/**
 * The principal behind a token, or the WeCom error: 40014 unknown/forged/revoked, 42001 expired
 * (sandbox clock). `revokedBeforeMs` invalidates every token issued at or before it (fault injection).
 */
export function verifyToken(
  key: string,
  token: string,
  nowMs: number,
  revokedBeforeMs: number | undefined,
): { principal: Principal; issuedMs: number } {
  const known = VERIFIED.get(token);
  const { principal, issuedMs } = known?.key === key ? known : checkSignature(key, token);
  if (revokedBeforeMs !== undefined && issuedMs <= revokedBeforeMs)
    throw new WeComError(ERRCODE.invalidToken);
  if (nowMs >= issuedMs + TOKEN_TTL_SECONDS * 1000) throw new WeComError(ERRCODE.tokenExpired);
  return { principal, issuedMs };
}

/**
 * Tokens whose signature checked out, so a busy client does not pay an HMAC per call (issue 12: the
 * sandbox's read throughput). Revocation and expiry are still checked on every call. Bounded: emptied
 * when full (tokens are re-verified, never wrongly accepted).
 */
const VERIFIED = new Map<string, { key: string; principal: Principal; issuedMs: number }>();
const VERIFIED_MAX = 10_000;

function checkSignature(key: string, token: string): { key: string; principal: Principal; issuedMs: number } {
  const [encoded, mac] = token.split(".");
  if (!encoded || !mac) throw new WeComError(ERRCODE.invalidToken);
  const payload = Buffer.from(encoded, "base64url").toString("utf8");
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new WeComError(ERRCODE.invalidToken);
  }
  const [who, issued] = payload.split(".");
  const principal = who === undefined ? undefined : decodePrincipal(who);
  const issuedMs = issued === undefined ? NaN : parseInt(issued, 36);
  if (!principal || !Number.isFinite(issuedMs)) throw new WeComError(ERRCODE.invalidToken);
  if (VERIFIED.size >= VERIFIED_MAX) VERIFIED.clear();
  const verified = { key, principal, issuedMs };
  VERIFIED.set(token, verified);
  return verified;
}
