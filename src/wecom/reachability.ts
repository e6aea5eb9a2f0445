/**
 * Can this machine reach the configured WeCom endpoint at all? One TCP connection to `wecom:baseUrl`'s
 * host and port, closed at once: no HTTP request, no token, nothing logged by WeCom. Commands ask before
 * they start pulumi or read the tenant, so a wrong or unreachable base URL is one message naming the URL
 * instead of one failure per resource (issue 10).
 */
import * as net from "node:net";
import { zh, type Bilingual } from "../text";

/** Why the endpoint could not be reached, in both languages; undefined when it answered. */
export async function unreachableReason(baseUrl: string, timeoutMs = 10_000): Promise<Bilingual | undefined> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { en: "not a URL", zh: "不是有效的 URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { en: `${url.protocol} is not http: or https:`, zh: zh`${url.protocol}不是http:或https:` };
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (why: Bilingual | undefined) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(why);
    };
    const timer = setTimeout(
      () =>
        done({
          en: `no connection within ${timeoutMs / 1000} s`,
          zh: zh`${timeoutMs / 1000}秒内未能建立连接`,
        }),
      timeoutMs,
    );
    socket.once("connect", () => done(undefined));
    socket.once("error", (err: NodeJS.ErrnoException) => done(describe(err.code)));
  });
}

function describe(code: string | undefined): Bilingual {
  switch (code) {
    case "ECONNREFUSED":
      return { en: "connection refused (ECONNREFUSED)", zh: "连接被拒绝（ECONNREFUSED）" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { en: `the host name does not resolve (${code})`, zh: zh`无法解析主机名（${code}）` };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { en: `no route to the host (${code})`, zh: zh`无法路由到该主机（${code}）` };
    case "ETIMEDOUT":
      return { en: "the connection timed out (ETIMEDOUT)", zh: "连接超时（ETIMEDOUT）" };
    default:
      return { en: `the connection failed (${code ?? "unknown"})`, zh: zh`连接失败（${code ?? "unknown"}）` };
  }
}

/** A base URL fit for a message: scheme, host, port and path; never a user, password or query. */
export function displayUrl(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}
