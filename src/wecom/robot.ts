/**
 * The group robot (群机器人) webhook (official doc path/91770, wecom-api.md §13): POST
 * `<WeCom>/cgi-bin/webhook/send?key=KEY` with `{"msgtype":"markdown","markdown":{"content":"…"}}`. Markdown
 * content is at most 4096 bytes of UTF-8 (WeCom answers 40058 "markdown.content exceed max length 4096"
 * beyond it); a robot takes 20 messages a minute (45009 beyond). The key is a secret: it is never logged,
 * and errors name the errcode only.
 */
import { ERRCODE } from "./errcodes";

/** WeCom's limit on a markdown message's content, in bytes of UTF-8 (path/91770). */
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
/** Messages one robot may send per minute (path/91770). */
export const ROBOT_MESSAGES_PER_MINUTE = 20;
export const ROBOT_SEND_PATH = "/cgi-bin/webhook/send";

/** A failed send. `retryable` when waiting may help (network, HTTP 5xx, busy, the per-minute limit). */
export class RobotSendError extends Error {
  override readonly name = "RobotSendError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

export interface RobotSendOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Send one markdown message; resolves when WeCom answered errcode 0. */
export async function sendRobotMarkdown(
  baseUrl: string,
  key: string,
  content: string,
  opts: RobotSendOptions = {},
): Promise<void> {
  if (Buffer.byteLength(content, "utf8") > ROBOT_MARKDOWN_MAX_BYTES)
    throw new RobotSendError(`markdown content over ${ROBOT_MARKDOWN_MAX_BYTES} bytes`, false);
  const url = new URL(ROBOT_SEND_PATH, baseUrl);
  url.searchParams.set("key", key);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "markdown", markdown: { content } }),
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    // The cause never holds the URL with the key: fetch errors name the host at most.
    const why = err instanceof Error ? err.name : "error";
    throw new RobotSendError(`the robot webhook could not be reached (${why})`, true);
  }
  const text = await res.text();
  if (res.status >= 300)
    throw new RobotSendError(`the robot webhook answered HTTP ${res.status}`, res.status >= 500);
  let body: { errcode?: unknown };
  try {
    body = JSON.parse(text) as { errcode?: unknown };
  } catch {
    throw new RobotSendError("the robot webhook did not answer JSON", true);
  }
  const code = typeof body.errcode === "number" ? body.errcode : NaN;
  if (code === ERRCODE.ok) return;
  const retryable = code === ERRCODE.busy || code === ERRCODE.freqLimit;
  throw new RobotSendError(`the robot webhook answered errcode ${String(body.errcode)}`, retryable, code);
}
