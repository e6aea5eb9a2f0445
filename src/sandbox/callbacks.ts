/**
 * The sandbox's change callbacks and group robot, as WeCom does them (wecom-api.md §8 and §13):
 *
 * - **Callbacks.** With a callback URL, Token and EncodingAESKey (environment `WECOM_SANDBOX_CALLBACK_URL`,
 *   `WECOM_SANDBOX_CALLBACK_TOKEN`, `WECOM_SANDBOX_CALLBACK_ENCODING_AES_KEY`, or `POST /__console/callback`,
 *   which first verifies the URL with an `echostr` GET as WeCom's console does on 保存), every change to
 *   members, departments and tags' members is POSTed as `change_contact` (create/update/delete_user,
 *   create/update/delete_party, update_tag with Add/Del items), encrypted and signed. A delivery not answered
 *   with HTTP 200 within 5 s (`WECOM_SANDBOX_CALLBACK_TIMEOUT_MS`) is retried three times. Member events carry
 *   only UserID and Department, as for sync callbacks configured after 2022-08-15. Changes made with the
 *   contacts-sync secret are not called back (WeCom does not call the sync assistant back for its own
 *   changes, path/96304); console changes and other principals' API changes are.
 * - **Group robot.** `POST /cgi-bin/webhook/send?key=KEY` (path/91770) with the key from
 *   `WECOM_SANDBOX_ROBOT_KEY` or `POST /__console/robot`: errcode 93000 for another key, 40058 for markdown
 *   over 4096 bytes, 45009 beyond 20 messages a minute. `GET /__console/robot/messages` lists what it
 *   received; `POST /__console/robot {"failNext": N}` answers the next N sends with HTTP 500.
 *
 * Changes are found by comparing a picture of the directory before and after each write request, so no
 * handler needs to know about callbacks.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { callbackKeys, encrypt, signature, type CallbackKeys } from "../wecom/callback-crypto";
import { callbackXml } from "../wecom/callback-events";
import { ERRCODE } from "../wecom/errcodes";
import { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_MESSAGES_PER_MINUTE, ROBOT_SEND_PATH } from "../wecom/robot";
import { ENDPOINTS } from "../wecom/wire";
import type { SandboxState } from "./state";
import { verifyToken } from "./tokens";

/** WeCom waits 5 s for an answer and then retries, three times (wecom-api.md §13). */
const TIMEOUT_MS = 5_000;
const RETRIES = 3;

interface CallbackConfig {
  url: string;
  keys: CallbackKeys;
}

export interface Delivery {
  event: string;
  attempt: number;
  /** HTTP status, or null when the receiver did not answer in time or the connection failed. */
  status: number | null;
  /** When the attempt started (ms). */
  at: number;
  ms: number;
}

export interface RobotMessage {
  /** When the sandbox received it (host clock, ms). */
  receivedAt: number;
  msgtype: string;
  content: string;
}

interface Picture {
  users: Map<string, { left: boolean; enable: number; dept: string; name: string }>;
  tags: Map<number, { users: Set<string>; parties: Set<number> }>;
  parties: Map<number, { name: string; parentid: number; order: number }>;
}

function picture(s: SandboxState): Picture {
  const users = new Map<string, { left: boolean; enable: number; dept: string; name: string }>();
  for (const u of s.users)
    users.set(u.userid, {
      left: u.left_at !== undefined,
      enable: u.enable,
      dept: u.department.join(","),
      name: u.name,
    });
  const tags = new Map<number, { users: Set<string>; parties: Set<number> }>();
  for (const t of s.tags) tags.set(t.tagid, { users: new Set(t.userlist), parties: new Set(t.partylist) });
  const parties = new Map<number, { name: string; parentid: number; order: number }>();
  for (const d of s.departments) parties.set(d.id, { name: d.name, parentid: d.parentid, order: d.order });
  return { users, tags, parties };
}

type EventFields = Record<string, string | number | undefined>;

/** The change_contact events between two pictures, in WeCom's field names. */
export function changes(before: Picture, after: Picture): EventFields[] {
  const out: EventFields[] = [];
  for (const [id, d] of after.parties) {
    const b = before.parties.get(id);
    if (!b)
      out.push({ ChangeType: "create_party", Id: id, Name: d.name, ParentId: d.parentid, Order: d.order });
    else if (b.name !== d.name || b.parentid !== d.parentid || b.order !== d.order)
      out.push({ ChangeType: "update_party", Id: id, Name: d.name, ParentId: d.parentid, Order: d.order });
  }
  for (const id of before.parties.keys())
    if (!after.parties.has(id)) out.push({ ChangeType: "delete_party", Id: id });
  for (const [id, u] of after.users) {
    const b = before.users.get(id);
    if (!b) out.push({ ChangeType: "create_user", UserID: id, Department: u.dept });
    else if (u.left && !b.left) out.push({ ChangeType: "delete_user", UserID: id });
    else if (b.enable !== u.enable || b.dept !== u.dept || b.name !== u.name)
      out.push({ ChangeType: "update_user", UserID: id, Department: u.dept });
  }
  for (const [id, b] of before.users)
    if (!after.users.has(id) && !b.left) out.push({ ChangeType: "delete_user", UserID: id });
  for (const [id, t] of after.tags) {
    const b = before.tags.get(id) ?? { users: new Set<string>(), parties: new Set<number>() };
    const diff = <T>(x: Set<T>, y: Set<T>) => [...x].filter((v) => !y.has(v));
    const fields = {
      AddUserItems: diff(t.users, b.users),
      DelUserItems: diff(b.users, t.users),
      AddPartyItems: diff(t.parties, b.parties),
      DelPartyItems: diff(b.parties, t.parties),
    };
    if (Object.values(fields).every((v) => v.length === 0)) continue;
    out.push({
      ChangeType: "update_tag",
      TagId: id,
      ...Object.fromEntries(
        Object.entries(fields)
          .filter(([, v]) => v.length > 0)
          .map(([k, v]) => [k, v.join(",")]),
      ),
    });
  }
  return out;
}

export interface SandboxCallbacksOptions {
  state: SandboxState;
  nowMs: () => number;
  /** The sandbox's own loopback rule for callback URLs (unless it was started with allowRemote). */
  allowUrl: (url: URL) => boolean;
  warn: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
}

const WRITE_PATHS = new Set(
  Object.values(ENDPOINTS)
    .filter((e) => e.write)
    .map((e) => e.path),
);
/** Console routes that are test controls, not admin changes. */
const NOT_ADMIN = new Set(["faults", "clock", "requests/reset", "credentials", "requests"]);

export class SandboxCallbacks {
  private config: CallbackConfig | undefined;
  private robotKey: string | undefined;
  private robotFailNext = 0;
  private readonly robotTimes: number[] = [];
  readonly messages: RobotMessage[] = [];
  readonly deliveries: Delivery[] = [];
  private last: Picture;
  private readonly queue: string[] = [];
  private pumping = false;
  private readonly timeoutMs: number;

  constructor(private readonly opts: SandboxCallbacksOptions) {
    const env = opts.env ?? process.env;
    this.last = picture(opts.state);
    this.timeoutMs = Number(env["WECOM_SANDBOX_CALLBACK_TIMEOUT_MS"] ?? TIMEOUT_MS);
    const url = env["WECOM_SANDBOX_CALLBACK_URL"];
    const token = env["WECOM_SANDBOX_CALLBACK_TOKEN"];
    const aes = env["WECOM_SANDBOX_CALLBACK_ENCODING_AES_KEY"];
    if (url && token && aes) this.config = { url: this.checkUrl(url), keys: callbackKeys(token, aes) };
    this.robotKey = env["WECOM_SANDBOX_ROBOT_KEY"] || undefined;
  }

  private checkUrl(raw: string): string {
    const u = new URL(raw);
    if (u.protocol !== "http:" && u.protocol !== "https:")
      throw new Error(`callback URL must be http(s): ${raw}`);
    if (!this.opts.allowUrl(u))
      throw new Error(`callback URL must be on loopback (or start with --allow-remote): ${raw}`);
    return u.toString();
  }

  /**
   * Before a request is handled: answers the robot and callback routes itself (true), or arranges to
   * compare the directory when a write request has been answered.
   */
  intercept(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    readBody: (r: IncomingMessage) => Promise<string>,
  ): boolean {
    const p = url.pathname;
    if (p === ROBOT_SEND_PATH) {
      this.robot(req, res, url, readBody).catch((err: unknown) => this.failed(res, err));
      return true;
    }
    if (
      p === "/__console/callback" ||
      p === "/__console/callback/deliveries" ||
      p.startsWith("/__console/robot")
    ) {
      this.console(req, res, p, readBody).catch((err: unknown) => this.failed(res, err));
      return true;
    }
    const method = req.method ?? "GET";
    const consoleWrite = method === "POST" && p.startsWith("/__console/") && !NOT_ADMIN.has(p.slice(11));
    const apiWrite = method === "POST" && WRITE_PATHS.has(p);
    if (this.config && (consoleWrite || apiWrite)) {
      res.on("finish", () => this.observe(apiWrite ? url.searchParams.get("access_token") : null, apiWrite));
    }
    return false;
  }

  private failed(res: ServerResponse, err: unknown): void {
    this.opts.warn(`request failed: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) {
      res.writeHead(500);
      res.end();
    } else res.destroy();
  }

  /** Compare the directory with the last picture; deliver what changed unless the sync assistant made it. */
  private observe(token: string | null, api: boolean): void {
    const now = picture(this.opts.state);
    const found = changes(this.last, now);
    this.last = now;
    if (found.length === 0 || !this.config) return;
    if (api && token) {
      try {
        const { principal } = verifyToken(this.opts.state.token_key, token, this.opts.nowMs(), undefined);
        if (principal.kind === "contacts") return;
      } catch {
        return;
      }
    }
    const createTime = Math.floor(this.opts.nowMs() / 1000);
    for (const f of found)
      this.queue.push(
        callbackXml({
          ToUserName: this.opts.state.corpid,
          FromUserName: "sys",
          CreateTime: createTime,
          MsgType: "event",
          Event: "change_contact",
          ...f,
        }),
      );
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && this.config) await this.deliver(this.config, this.queue.shift()!);
    } finally {
      this.pumping = false;
    }
  }

  private signedUrl(config: CallbackConfig, encrypted: string, extra: Record<string, string> = {}): URL {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const u = new URL(config.url);
    u.searchParams.set("msg_signature", signature(config.keys.token, ts, nonce, encrypted));
    u.searchParams.set("timestamp", ts);
    u.searchParams.set("nonce", nonce);
    for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
    return u;
  }

  private async deliver(config: CallbackConfig, message: string): Promise<void> {
    const corp = this.opts.state.corpid;
    const label = /<ChangeType><!\[CDATA\[([^\]]+)/.exec(message)?.[1] ?? "event";
    // A retry re-sends the same request (same ciphertext, timestamp and nonce).
    const encrypted = encrypt(config.keys, message, corp);
    const body = callbackXml({ ToUserName: corp, AgentID: "", Encrypt: encrypted });
    const url = this.signedUrl(config, encrypted);
    for (let attempt = 1; attempt <= 1 + RETRIES; attempt++) {
      const at = Date.now();
      let status: number | null = null;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "text/xml" },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        status = res.status;
        await res.text();
      } catch {
        status = null;
      }
      this.deliveries.push({ event: label, attempt, status, at, ms: Date.now() - at });
      if (status === 200) return;
    }
    this.opts.warn(`callback ${label} not acknowledged after ${1 + RETRIES} attempts; dropped`);
  }

  /** WeCom's URL verification on saving the callback settings: GET with an encrypted echostr. */
  private async verify(config: CallbackConfig): Promise<string | undefined> {
    const echo = String(randomBytes(8).readBigUInt64BE(0));
    const encrypted = encrypt(config.keys, echo, this.opts.state.corpid);
    try {
      const res = await fetch(this.signedUrl(config, encrypted, { echostr: encrypted }), {
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      if (res.status !== 200) return `the URL answered HTTP ${res.status}`;
      if (text.trim() !== echo) return "the URL did not answer the decrypted echostr";
      return undefined;
    } catch (err) {
      return `the URL could not be reached (${err instanceof Error ? err.name : "error"})`;
    }
  }

  private async console(
    req: IncomingMessage,
    res: ServerResponse,
    p: string,
    readBody: (r: IncomingMessage) => Promise<string>,
  ): Promise<void> {
    const json = (status: number, body: unknown) => {
      const data = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
      res.end(data);
    };
    const method = req.method ?? "GET";
    if (p === "/__console/callback/deliveries" && method === "GET") return json(200, this.deliveries);
    if (p === "/__console/robot/messages" && method === "GET") return json(200, this.messages);
    if (method !== "POST") return json(405, { error: "use POST" });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
    } catch {
      return json(400, { error: "body must be a JSON object" });
    }
    if (p === "/__console/robot") {
      if (typeof body["key"] === "string") this.robotKey = body["key"];
      if (typeof body["failNext"] === "number") this.robotFailNext = body["failNext"];
      if (body["reset"] === true) this.messages.length = 0;
      return json(200, { ok: true, messages: this.messages.length });
    }
    if (p === "/__console/callback") {
      const { url, token, encoding_aes_key: aes } = body;
      if (typeof url !== "string" || typeof token !== "string" || typeof aes !== "string")
        return json(400, { error: '"url", "token" and "encoding_aes_key" are required' });
      let config: CallbackConfig;
      try {
        config = { url: this.checkUrl(url), keys: callbackKeys(token, aes) };
      } catch (err) {
        return json(400, { error: err instanceof Error ? err.message : String(err) });
      }
      const problem = await this.verify(config);
      // As in WeCom's console: settings that fail the verification are not saved.
      if (problem) return json(400, { error: `URL verification failed: ${problem}` });
      this.config = config;
      this.last = picture(this.opts.state);
      return json(200, { ok: true, verified: true });
    }
    return json(404, { error: `unknown route ${p}` });
  }

  private async robot(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    readBody: (r: IncomingMessage) => Promise<string>,
  ): Promise<void> {
    const answer = (errcode: number, errmsg: string) => {
      const data = JSON.stringify({ errcode, errmsg });
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      res.end(data);
    };
    const raw = await readBody(req);
    if (this.robotFailNext > 0) {
      this.robotFailNext--;
      res.writeHead(500);
      res.end();
      return;
    }
    if (!this.robotKey || url.searchParams.get("key") !== this.robotKey)
      return answer(ERRCODE.invalidWebhookKey, "invalid webhook url");
    let msg: { msgtype?: unknown; markdown?: { content?: unknown }; text?: { content?: unknown } };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      return answer(ERRCODE.dataFormat, "data format error");
    }
    const type = msg.msgtype;
    const content =
      type === "markdown" ? msg.markdown?.content : type === "text" ? msg.text?.content : undefined;
    if (typeof content !== "string") return answer(ERRCODE.invalidParameter58, "invalid parameter");
    if (type === "markdown" && Buffer.byteLength(content, "utf8") > ROBOT_MARKDOWN_MAX_BYTES)
      return answer(
        ERRCODE.invalidParameter58,
        `markdown.content exceed max length ${ROBOT_MARKDOWN_MAX_BYTES}`,
      );
    const now = Date.now();
    while (this.robotTimes.length && this.robotTimes[0]! <= now - 60_000) this.robotTimes.shift();
    if (this.robotTimes.length >= ROBOT_MESSAGES_PER_MINUTE)
      return answer(ERRCODE.freqLimit, "api freq out of limit");
    this.robotTimes.push(now);
    this.messages.push({ receivedAt: now, msgtype: type as string, content });
    answer(ERRCODE.ok, "ok");
  }
}
