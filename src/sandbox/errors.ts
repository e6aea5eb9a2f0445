/**
 * WeCom error bodies as the sandbox sends them: errcode + errmsg (with WeCom's hint trailer), HTTP 200.
 * Messages follow wecom-api.md §7.1 ("errmsg seen"); clients must branch on errcode only.
 */
import { errcodeMessage } from "../wecom/errcodes";

/** A business error raised by a handler; the server turns it into an errcode/errmsg body. */
export class WeComError extends Error {
  readonly errcode: number;
  readonly detail: string | undefined;
  constructor(errcode: number, detail?: string) {
    super(`errcode ${errcode}${detail ? `: ${detail}` : ""}`);
    this.name = "WeComError";
    this.errcode = errcode;
    this.detail = detail;
  }
}

let hintCounter = 0;

/**
 * errmsg for an error, with the trailer real responses carry (wecom-api.md §0):
 * `<message>, hint: [<opaque id>], from ip: <ip>, more info at https://open.work.weixin.qq.com/devtool/query?e=<code>`.
 */
export function errorMessage(errcode: number, ip: string, detail?: string): string {
  const base = errcodeMessage(errcode);
  hintCounter = (hintCounter + 1) % 1_000_000;
  const hint = `${Date.now()}${String(hintCounter).padStart(6, "0")}`;
  const head = detail ? `${base}: ${detail}` : base;
  return `${head}, hint: [${hint}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}
