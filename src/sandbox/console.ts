/**
 * The admin console under /__console/: what an administrator does by hand in WeCom's 管理后台 (and so
 * what the API cannot do), plus test controls (credentials, request log, faults, clock). Every tenant
 * change made here appends an admin operation log entry, which security/admin_oper_log/list returns —
 * that is how drift attribution is tested. Changes through the API never log (wecom-api.md §5).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ADMIN_OPER_TYPE, type ConsoleCredentials } from "../wecom/wire";
import { applyAgentSettings } from "./api/agents";
import { createInterceptRule, editInterceptRule, removeInterceptRule } from "./api/intercept-rules";
import { CHECKIN_CONSOLE_ACTIONS, CHECKIN_OPER_TYPE } from "./console-checkin";
import { addToTag, removeFromTag } from "./api/tags";
import { WeComError } from "./errors";
import { FaultError, type Faults, type FaultSpec } from "./faults";
import type { RequestLog } from "./request-log";
import type { RecordedChange } from "./recorded-change";
import type { StoredAgent, StoredUser } from "./state";
import type { Tenant } from "./tenant";

/** What a tenant change by hand needs: the tenant and the sandbox clock (fixed for a replayed change). */
export interface ChangeContext {
  tenant: Tenant;
  nowSeconds(): number;
}

export interface ConsoleContext extends ChangeContext {
  faults: Faults;
  /** Makes a change durable before it is answered (the journal: changes.ts). */
  persist(change: RecordedChange): void;
  requestLog: RequestLog;
}

/** A console change's answer: HTTP status and JSON body. */
export interface ConsoleAnswer {
  status: number;
  json: unknown;
}

/** A console request the sandbox refuses: HTTP 400 with {"error": message}. */
class ConsoleError extends Error {}

type Body = Record<string, unknown>;

interface ActionResult {
  result?: Record<string, unknown>;
  /** The admin log entry to append; absent when nothing changed. */
  log?: { oper_type: number; detail_info: string };
}

type Action = (ctx: ChangeContext, body: Body, operator: StoredUser) => ActionResult;

function need<T>(v: T | undefined, message: string): T {
  if (v === undefined) throw new ConsoleError(message);
  return v;
}

function intField(body: Body, key: string): number {
  const v = body[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v))
    throw new ConsoleError(`"${key}" must be an integer`);
  return v;
}

function optStrings(body: Body, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw new ConsoleError(`"${key}" must be a list of strings`);
  }
  return v as string[];
}

function optInts(body: Body, key: string): number[] | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isSafeInteger(x))) {
    throw new ConsoleError(`"${key}" must be a list of integers`);
  }
  return v as number[];
}

/** Canonical userids; the console's member picker cannot select someone who does not exist. */
function members(ctx: ChangeContext, ids: readonly string[]): string[] {
  const unknown = ids.filter((id) => !ctx.tenant.user(id));
  if (unknown.length > 0) throw new ConsoleError(`unknown userid(s): ${unknown.join(", ")}`);
  return ids.map((id) => (ctx.tenant.user(id) as StoredUser).userid);
}

function app(ctx: ChangeContext, body: Body): StoredAgent {
  const agentid = intField(body, "agentid");
  return need(ctx.tenant.agent(agentid), `unknown agentid ${agentid}`);
}

function who(u: StoredUser): string {
  return `${u.name}（${u.userid}）`;
}

const ACTIONS: Record<string, Action> = {
  "tag/addusers": (ctx, body) => {
    const tagid = intField(body, "tagid");
    const tag = need(ctx.tenant.tag(tagid), `unknown tagid ${tagid}`);
    const users = members(ctx, optStrings(body, "userlist") ?? []);
    const parties = optInts(body, "partylist") ?? [];
    for (const d of parties) need(ctx.tenant.department(d), `unknown department ${d}`);
    if (users.length === 0 && parties.length === 0)
      throw new ConsoleError("userlist or partylist is required");
    addToTag(tag, users, parties);
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.contacts,
        detail_info: `标签「${tag.tagname}」添加成员：${[...users, ...parties.map((d) => `部门${d}`)].join("、")}`,
      },
    };
  },

  "tag/delusers": (ctx, body) => {
    const tagid = intField(body, "tagid");
    const tag = need(ctx.tenant.tag(tagid), `unknown tagid ${tagid}`);
    const users = members(ctx, optStrings(body, "userlist") ?? []);
    const parties = optInts(body, "partylist") ?? [];
    if (users.length === 0 && parties.length === 0)
      throw new ConsoleError("userlist or partylist is required");
    removeFromTag(tag, users, parties);
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.contacts,
        detail_info: `标签「${tag.tagname}」移除成员：${[...users, ...parties.map((d) => `部门${d}`)].join("、")}`,
      },
    };
  },

  "agent/set": (ctx, body) => {
    const a = app(ctx, body);
    const fields = { ...body };
    delete fields["operator"];
    delete fields["ip"];
    try {
      applyAgentSettings(a, fields);
    } catch (err) {
      if (err instanceof WeComError)
        throw new ConsoleError(`rejected like agent/set: errcode ${err.errcode}`);
      throw err;
    }
    const changed = Object.keys(fields).filter((k) => k !== "agentid");
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.app,
        detail_info: `修改应用「${a.name}」设置：${changed.join("、")}`,
      },
    };
  },

  "agent/visible_range": (ctx, body) => {
    const a = app(ctx, body);
    const users = optStrings(body, "users");
    const parties = optInts(body, "parties");
    const tags = optInts(body, "tags");
    if (users === undefined && parties === undefined && tags === undefined) {
      throw new ConsoleError("give at least one of users, parties, tags");
    }
    if (users !== undefined) a.allow_users = members(ctx, users);
    if (parties !== undefined) {
      for (const d of parties) need(ctx.tenant.department(d), `unknown department ${d}`);
      a.allow_partys = [...parties];
    }
    if (tags !== undefined) {
      for (const t of tags) need(ctx.tenant.tag(t), `unknown tagid ${t}`);
      a.allow_tags = [...tags];
    }
    // GUESS: visible-range edits are logged as app changes (oper_type 8); WeCom's detail table is unseen.
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.app,
        detail_info: `修改应用「${a.name}」可见范围：成员[${a.allow_users.join(",")}] 部门[${a.allow_partys.join(",")}] 标签[${a.allow_tags.join(",")}]`,
      },
    };
  },

  "agent/admins": (ctx, body) => {
    const a = app(ctx, body);
    const raw = body["admins"];
    if (!Array.isArray(raw)) throw new ConsoleError('"admins" must be a list of {userid, auth_type}');
    const admins = raw.map((x: unknown) => {
      const o = x as Record<string, unknown>;
      if (typeof o?.["userid"] !== "string" || (o["auth_type"] !== 0 && o["auth_type"] !== 1)) {
        throw new ConsoleError('each admin needs "userid" and "auth_type" 0 or 1');
      }
      const authType: 0 | 1 = o["auth_type"];
      return { userid: members(ctx, [o["userid"]])[0] as string, auth_type: authType };
    });
    a.admins = admins;
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.permission,
        detail_info: `修改应用「${a.name}」管理员：${admins.map((x) => `${x.userid}:${x.auth_type}`).join("、") || "（无）"}`,
      },
    };
  },

  "agent/close": (ctx, body) => {
    const a = app(ctx, body);
    const close = body["close"];
    if (close !== 0 && close !== 1) throw new ConsoleError('"close" must be 0 (enabled) or 1 (disabled)');
    a.close = close;
    return {
      log: { oper_type: ADMIN_OPER_TYPE.app, detail_info: `${close ? "停用" : "启用"}应用「${a.name}」` },
    };
  },

  "agent/verify_domain": (ctx, body) => {
    const a = app(ctx, body);
    const domain = body["domain"];
    if (typeof domain !== "string" || !/^[a-z0-9.-]+$/i.test(domain))
      throw new ConsoleError('"domain" must be a host name');
    if (!a.verified_domains.includes(domain)) a.verified_domains.push(domain);
    return {
      log: { oper_type: ADMIN_OPER_TYPE.app, detail_info: `应用「${a.name}」校验可信域名：${domain}` },
    };
  },

  "msgaudit/permit": (ctx, body) => {
    const add = members(ctx, optStrings(body, "add") ?? []);
    const remove = members(ctx, optStrings(body, "remove") ?? []);
    if (add.length === 0 && remove.length === 0) throw new ConsoleError("give add and/or remove");
    const type = body["type"] ?? 3;
    if (type !== 1 && type !== 2 && type !== 3) throw new ConsoleError('"type" must be 1, 2 or 3');
    const permit = ctx.tenant.state.archive;
    const drop = new Set(remove.map((u) => u.toLowerCase()));
    permit.permit = permit.permit.filter((p) => !drop.has(p.userid.toLowerCase()));
    for (const u of add) {
      if (!permit.permit.some((p) => p.userid.toLowerCase() === u.toLowerCase()))
        permit.permit.push({ userid: u, type });
    }
    // GUESS: archive-range edits are logged as "contacts & chat management" (oper_type 11).
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.contactsAndChat,
        detail_info: `修改会话内容存档开启范围：添加[${add.join(",")}] 移除[${remove.join(",")}]`,
      },
    };
  },

  "user/leave": (ctx, body) => {
    const userid = body["userid"];
    if (typeof userid !== "string") throw new ConsoleError('"userid" is required');
    const u = need(ctx.tenant.user(userid), `unknown userid ${userid}`);
    const time = body["time"] ?? ctx.nowSeconds();
    if (typeof time !== "number" || !Number.isSafeInteger(time))
      throw new ConsoleError('"time" must be Unix seconds');
    // GUESS: WeCom removes a departed member from the directory; the sandbox keeps them with status 5
    // (exited) so tests can see both the member and their unassigned customers.
    u.left_at = time;
    return { log: { oper_type: ADMIN_OPER_TYPE.contacts, detail_info: `成员离职：${who(u)}` } };
  },

  "user/enable": (ctx, body) => {
    const userid = body["userid"];
    if (typeof userid !== "string") throw new ConsoleError('"userid" is required');
    const u = need(ctx.tenant.user(userid), `unknown userid ${userid}`);
    const enable = body["enable"];
    if (enable !== 0 && enable !== 1) throw new ConsoleError('"enable" must be 0 or 1');
    u.enable = enable;
    return {
      log: { oper_type: ADMIN_OPER_TYPE.contacts, detail_info: `${enable ? "启用" : "禁用"}成员：${who(u)}` },
    };
  },

  trusted_ips: (ctx, body) => {
    const ips = optStrings(body, "ips");
    if (ips === undefined) throw new ConsoleError('"ips" must be a list (empty = unrestricted)');
    const principal = body["principal"];
    let label: string;
    if (principal === "contacts" || principal === "archive" || principal === "checkin") {
      ctx.tenant.state.trusted_ips[principal] = [...ips];
      label = principal === "contacts" ? "通讯录同步" : principal === "archive" ? "会话内容存档" : "打卡";
    } else if (typeof principal === "number") {
      const a = need(ctx.tenant.agent(principal), `unknown agentid ${principal}`);
      a.trusted_ips = [...ips];
      label = `应用「${a.name}」`;
    } else {
      throw new ConsoleError('"principal" must be "contacts", "archive", "checkin" or an agentid');
    }
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.app,
        detail_info: `${label}企业可信IP：${ips.join(";") || "（不限）"}`,
      },
    };
  },
};

/** WeCom errors of the shared intercept-rule checks become console refusals (HTTP 400). */
function asConsole<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof WeComError)
      throw new ConsoleError(`rejected like ${what}: errcode ${err.errcode}: ${err.detail ?? ""}`);
    throw err;
  }
}

const INTERCEPT_TYPE_ZH: Readonly<Record<1 | 2, string>> = { 1: "警告并拦截发送", 2: "仅发警告" };
const SEMANTIC_ZH: Readonly<Record<1 | 2 | 3, string>> = { 1: "手机号", 2: "邮箱地址", 3: "红包" };

// Chat intercept rules by hand (客户联系 → 聊天管理 → 敏感词). GUESS: logged as customer-contact changes
// (oper_type 13); WeCom's detail text for them is unseen.
const INTERCEPT_ACTIONS: Record<string, Action> = {
  "intercept_rule/add": (ctx, body) => {
    const rule = asConsole("add_intercept_rule", () =>
      createInterceptRule(ctx.tenant, body, undefined, ctx.nowSeconds()),
    );
    return {
      result: { rule_id: rule.rule_id },
      log: {
        oper_type: ADMIN_OPER_TYPE.externalContact,
        detail_info: `新建聊天敏感词规则「${rule.rule_name}」：拦截方式 = ${INTERCEPT_TYPE_ZH[rule.intercept_type]}`,
      },
    };
  },

  "intercept_rule/edit": (ctx, body) => {
    const { rule, changed } = asConsole("update_intercept_rule", () => editInterceptRule(ctx.tenant, body));
    if (changed.length === 0) return { result: { rule_id: rule.rule_id, changed } };
    const what: Record<string, string> = {
      rule_name: `规则名称 = ${rule.rule_name}`,
      word_list: `敏感词 = ${rule.word_list.join("、")}`,
      semantics_list: `额外拦截语义 = ${rule.semantics_list.map((x) => SEMANTIC_ZH[x]).join("、") || "（无）"}`,
      intercept_type: `拦截方式 = ${INTERCEPT_TYPE_ZH[rule.intercept_type]}`,
      applicable_range: `适用范围 = 成员[${rule.user_list.join(",")}] 部门[${rule.department_list.join(",")}]`,
    };
    return {
      result: { rule_id: rule.rule_id, changed },
      log: {
        oper_type: ADMIN_OPER_TYPE.externalContact,
        detail_info: `修改聊天敏感词规则「${rule.rule_name}」：${changed.map((c) => what[c]).join("；")}`,
      },
    };
  },

  "intercept_rule/delete": (ctx, body) => {
    const rule = asConsole("del_intercept_rule", () => removeInterceptRule(ctx.tenant, body["rule_id"]));
    return {
      log: {
        oper_type: ADMIN_OPER_TYPE.externalContact,
        detail_info: `删除聊天敏感词规则「${rule.rule_name}」`,
      },
    };
  },
};
Object.assign(ACTIONS, INTERCEPT_ACTIONS);

// Check-in rule edits (console-checkin.ts, issue 13), adapted to the console's action shape.
for (const [route, act] of Object.entries(CHECKIN_CONSOLE_ACTIONS)) {
  ACTIONS[route] = (ctx, body, operator) => {
    const r = act(ctx.tenant, body, operator, ctx.nowSeconds());
    if (!r.ok) throw new ConsoleError(r.error);
    return {
      ...(r.result && { result: r.result }),
      log: { oper_type: CHECKIN_OPER_TYPE, detail_info: r.detail },
    };
  };
}

/** The console actions, for docs and tests. */
export const CONSOLE_ACTIONS = Object.keys(ACTIONS);

export async function handleConsole(
  ctx: ConsoleContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  readBody: (req: IncomingMessage) => Promise<string>,
  sendJson: (res: ServerResponse, status: number, body: unknown) => void,
  ip: string,
): Promise<void> {
  const route = url.pathname.slice("/__console/".length);
  const method = req.method ?? "GET";
  const raw = method === "POST" ? await readBody(req) : "";
  const bad = (status: number, error: string) => sendJson(res, status, { error });
  let body: Body = {};
  if (raw.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed as Body;
    } catch {
      bad(400, "body must be a JSON object");
      return;
    }
  }
  const st = ctx.tenant.state;

  if (route === "credentials" && method === "GET") {
    const creds: ConsoleCredentials = {
      corpid: st.corpid,
      contacts_secret: st.contacts_secret,
      archive_secret: st.archive_secret,
      checkin_secret: st.checkin_secret,
      app_secrets: Object.fromEntries(st.agents.map((a) => [String(a.agentid), a.secret])),
    };
    sendJson(res, 200, creds);
    return;
  }
  if (route === "requests" && method === "GET") {
    sendJson(res, 200, ctx.requestLog.list());
    return;
  }
  if (route === "requests/reset" && method === "POST") {
    ctx.requestLog.reset();
    sendJson(res, 200, { ok: true });
    return;
  }
  if (route === "faults") {
    if (method === "GET") {
      sendJson(res, 200, ctx.faults.view());
    } else if (method === "POST") {
      try {
        ctx.faults.apply(body as FaultSpec);
      } catch (err) {
        if (err instanceof FaultError) return bad(400, err.message);
        throw err;
      }
      sendJson(res, 200, ctx.faults.view());
    } else if (method === "DELETE") {
      ctx.faults.clear();
      sendJson(res, 200, ctx.faults.view());
    } else {
      bad(405, "use GET, POST or DELETE");
    }
    return;
  }
  if (route === "clock" && method !== "POST") {
    if (method !== "GET") return bad(405, "use GET or POST");
    sendJson(res, 200, { now: ctx.nowSeconds(), offsetSeconds: st.clock_offset_seconds });
    return;
  }
  if (route === "member/add_customer" && method !== "POST") return bad(405, "use POST");
  if (route !== "clock" && route !== "member/add_customer") {
    if (!ACTIONS[route])
      return bad(404, `unknown console action "${route}"; actions: ${CONSOLE_ACTIONS.join(", ")}`);
    if (method !== "POST") return bad(405, "console actions are POST");
  }
  // One clock reading for the whole change, recorded with it, so a replay after a crash sees the same time.
  const now = ctx.nowSeconds();
  const answer = applyConsoleChange({ tenant: ctx.tenant, nowSeconds: () => now }, route, body, ip);
  if (ctx.tenant.dirty) ctx.persist({ kind: "console", route, body, ip, now });
  sendJson(res, answer.status, answer.json);
}

/**
 * Applies one console change (clock, member/add_customer or an action) to the tenant and says what to
 * answer; refusals change nothing. The live console and the journal's replay (changes.ts) both call it.
 */
export function applyConsoleChange(ctx: ChangeContext, route: string, body: Body, ip: string): ConsoleAnswer {
  const st = ctx.tenant.state;
  const bad = (status: number, error: string): ConsoleAnswer => ({ status, json: { error } });
  if (route === "clock") {
    const s = body["advanceSeconds"];
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0)
      return bad(400, '"advanceSeconds" must be a number ≥ 0');
    st.clock_offset_seconds += Math.floor(s);
    ctx.tenant.touch();
    return {
      status: 200,
      json: { now: ctx.nowSeconds() + Math.floor(s), offsetSeconds: st.clock_offset_seconds },
    };
  }

  // What a member (not an admin) does in their own client: adding a customer (external contact). Logged
  // in the member operation log as oper_type 1, 添加外部联系人 (path/100178), never in the admin log.
  if (route === "member/add_customer") {
    const userid = body["userid"];
    if (typeof userid !== "string")
      return bad(400, '"userid" (the member who adds the customer) is required');
    const member = ctx.tenant.user(userid);
    if (!member) return bad(400, `unknown userid ${userid}`);
    const given = body["external_userid"];
    if (given !== undefined && (typeof given !== "string" || !/^w[mo][A-Za-z0-9_-]{10,62}$/.test(given)))
      return bad(400, '"external_userid" must look like a WeCom external userid (wm…/wo…)');
    const external =
      typeof given === "string"
        ? given
        : `wm${(st.customers.length + 1).toString(36).padStart(6, "0")}SandboxCustomer`;
    if (st.customers.some((c) => c.external_userid === external))
      return bad(400, `customer ${external} exists already`);
    st.customers.push({ external_userid: external, owner: member.userid });
    st.member_log.push({
      time: ctx.nowSeconds(),
      userid: member.userid,
      oper_type: 1,
      detail_info: `添加外部联系人：${external}`,
      ip: typeof body["ip"] === "string" ? body["ip"] : ip,
    });
    ctx.tenant.touch();
    return { status: 200, json: { ok: true, external_userid: external } };
  }

  const action = ACTIONS[route];
  if (!action) return bad(404, `unknown console action "${route}"; actions: ${CONSOLE_ACTIONS.join(", ")}`);
  const operatorId = body["operator"];
  if (typeof operatorId !== "string" || operatorId === "") {
    return bad(
      400,
      '"operator" (the admin\'s userid) is required: every console change is logged with its operator',
    );
  }
  const operator = ctx.tenant.user(operatorId);
  if (!operator) return bad(400, `operator "${operatorId}" is not a member of the corp`);
  let outcome: ActionResult;
  try {
    outcome = action(ctx, body, operator);
  } catch (err) {
    if (err instanceof ConsoleError) return bad(400, err.message);
    throw err;
  }
  const logIp = typeof body["ip"] === "string" ? body["ip"] : ip;
  let entry: Record<string, unknown> | undefined;
  if (outcome.log) {
    const rec = { time: ctx.nowSeconds(), userid: operator.userid, ...outcome.log, ip: logIp };
    st.admin_log.push(rec);
    entry = rec;
  }
  ctx.tenant.touch();
  return { status: 200, json: { ok: true, ...(outcome.result ?? {}), ...(entry ? { log: entry } : {}) } };
}
