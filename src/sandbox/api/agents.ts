/**
 * Apps: agent/get, agent/list, agent/set (path/90227, 90228) and agent/get_admin_list (path/100072).
 * A self-built app's token reaches only its own app.
 */
import { WeComError } from "../errors";
import type { StoredAgent } from "../state";
import { type Call, type Handler, ERRCODE, optFlag, reqInt } from "./call";

/** The app behind the call's token, after checking the requested agentid is that app. */
function ownApp(call: Call, agentidRaw: unknown): StoredAgent {
  const agentid = reqInt(agentidRaw, ERRCODE.invalidAgentId);
  const app = call.tenant.agent(agentid);
  if (!app) throw new WeComError(ERRCODE.invalidAgentId);
  // GUESS: another app's agentid gets 301002 (no permission on the specified app); the doc only says an
  // app "may only read itself" (path/90227).
  if (call.principal.kind !== "app" || call.principal.agentid !== agentid)
    throw new WeComError(ERRCODE.noAppPermission);
  return app;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * Validates every field first, then applies them, so a rejected call changes nothing. The complete
 * settable set of agent/set (path/90228); other keys are ignored. Shared with the console's agent/set.
 */
export function applyAgentSettings(app: StoredAgent, fields: Record<string, unknown>): void {
  const next: Partial<StoredAgent> = {};
  const name = fields["name"];
  if (name !== undefined) {
    if (typeof name !== "string" || [...name].length < 1 || [...name].length > 32)
      throw new WeComError(ERRCODE.nameLength);
    next.name = name;
  }
  const description = fields["description"];
  if (description !== undefined) {
    const n = typeof description === "string" ? [...description].length : -1;
    if (n < 4 || n > 120) throw new WeComError(ERRCODE.descriptionLength);
    next.description = description as string;
  }
  const homeUrl = fields["home_url"];
  if (homeUrl !== undefined) {
    if (typeof homeUrl !== "string" || !isHttpUrl(homeUrl)) throw new WeComError(ERRCODE.invalidUrl);
    next.home_url = homeUrl;
  }
  const domain = fields["redirect_domain"];
  if (domain !== undefined) {
    if (typeof domain !== "string") throw new WeComError(ERRCODE.invalidParameter58);
    // path/90228: the domain must have passed ownership verification (WW_verify file), else 85005.
    if (!app.verified_domains.includes(domain)) throw new WeComError(ERRCODE.domainNotVerified);
    next.redirect_domain = domain;
  }
  const loc = optFlag(fields["report_location_flag"]);
  if (loc !== undefined) next.report_location_flag = loc;
  const enter = optFlag(fields["isreportenter"]);
  if (enter !== undefined) next.isreportenter = enter;
  const logo = fields["logo_mediaid"];
  if (logo !== undefined) {
    if (typeof logo !== "string" || logo === "") throw new WeComError(ERRCODE.invalidParameter58);
    next.square_logo_url = `https://p.qlogo.cn/sandbox/${app.agentid}/${encodeURIComponent(logo)}`;
  }
  Object.assign(app, next);
}

const get: Handler = (call) => {
  const a = ownApp(call, call.query.get("agentid"));
  return {
    agentid: a.agentid,
    name: a.name,
    square_logo_url: a.square_logo_url,
    description: a.description,
    allow_userinfos: { user: a.allow_users.map((userid) => ({ userid })) },
    allow_partys: { partyid: [...a.allow_partys] },
    allow_tags: { tagid: [...a.allow_tags] },
    close: a.close,
    redirect_domain: a.redirect_domain,
    report_location_flag: a.report_location_flag,
    isreportenter: a.isreportenter,
    home_url: a.home_url,
  };
};

const list: Handler = (call) => {
  const a = call.principal.kind === "app" ? call.tenant.agent(call.principal.agentid) : undefined;
  return { agentlist: a ? [{ agentid: a.agentid, name: a.name, square_logo_url: a.square_logo_url }] : [] };
};

const set: Handler = (call) => {
  const a = ownApp(call, call.body["agentid"]);
  applyAgentSettings(a, call.body);
  call.tenant.touch();
  return {};
};

// wecom-api.md §3: documented for 代开发/third-party tokens; the sandbox answers the app's own token
// (wire.ts agentGetAdminList note) — unconfirmed for self-built apps.
const adminList: Handler = (call) => {
  const a = ownApp(call, call.body["agentid"]);
  return { admin: a.admins.map((x) => ({ userid: x.userid, auth_type: x.auth_type })) };
};

export const agentHandlers = {
  agentGet: get,
  agentList: list,
  agentSet: set,
  agentGetAdminList: adminList,
} as const;
