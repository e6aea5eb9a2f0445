/**
 * Console actions on check-in rules (issue 13): what an admin does by hand under 应用管理 → 打卡 → 打卡规则.
 * An admin may edit any rule, whoever created it; each change is logged in the admin operation log with
 * its operator and the fields it changed, so drift can name both.
 *
 *   checkin/create  {group}                      a rule made in the console (the API may read, never change it)
 *   checkin/edit    {groupid, group}             any fields, with update_checkin_option's semantics
 *   checkin/face    {groupid, use_face_detect, open_face_live_detect?}
 *   checkin/radius  {groupid, distance, index?}  one geofence's radius in metres (all when index is absent)
 *   checkin/range   {groupid, users?, parties?, tags?}   who must check in (lists given are replaced)
 *   checkin/delete  {groupid}
 */
import type { WireCheckinGroup } from "../wecom/checkin-wire";
import { ADMIN_OPER_TYPE } from "../wecom/wire";
import {
  MAX_RADIUS_M,
  assertWhereToCheckIn,
  createRule,
  findRule,
  mergeGroup,
  parseGroupFields,
} from "./api/checkin";
import { WeComError } from "./errors";
import type { StoredCheckinRule } from "./state";
import type { StoredUser } from "./state";
import type { Tenant } from "./tenant";

type Body = Record<string, unknown>;

/** What a check-in console action changed: the admin log line, or a refusal (HTTP 400). */
export type CheckinActionResult =
  | { readonly ok: true; readonly result?: Record<string, unknown>; readonly detail: string }
  | { readonly ok: false; readonly error: string };

export type CheckinAction = (
  tenant: Tenant,
  body: Body,
  operator: StoredUser,
  now: number,
) => CheckinActionResult;

/**
 * GUESS: WeCom's admin log detail table is unseen; check-in rule edits are logged as app changes (oper_type 8,
 * 应用变更), as 打卡 is an app.
 */
export const CHECKIN_OPER_TYPE = ADMIN_OPER_TYPE.app;

function refuse(error: string): CheckinActionResult {
  return { ok: false, error };
}

function ruleOf(tenant: Tenant, body: Body): StoredCheckinRule | string {
  const id = body["groupid"];
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return '"groupid" must be an integer';
  try {
    return findRule(tenant, id);
  } catch {
    return `unknown check-in rule ${id}`;
  }
}

/** Applies fields to a copy of the rule; the admin becomes its last editor. Refusals mirror the API's. */
function edit(
  rule: StoredCheckinRule,
  fields: Partial<WireCheckinGroup>,
  operator: StoredUser,
  what: (changed: string[]) => string,
): CheckinActionResult {
  const next = structuredClone(rule.group);
  const changed = mergeGroup(next, fields);
  try {
    assertWhereToCheckIn(next);
  } catch (err) {
    if (err instanceof WeComError) return refuse(err.detail ?? `errcode ${err.errcode}`);
    throw err;
  }
  next.update_userid = operator.userid;
  rule.group = next;
  return {
    ok: true,
    result: { groupid: next.groupid, changed },
    detail: `修改打卡规则「${next.groupname}」：${what(changed)}`,
  };
}

/** Parses like the API, turning its errors into console refusals. */
function parsed(tenant: Tenant, g: unknown): Partial<WireCheckinGroup> | string {
  if (typeof g !== "object" || g === null || Array.isArray(g)) return '"group" must be an object';
  try {
    return parseGroupFields(tenant, g as Body);
  } catch (err) {
    if (err instanceof WeComError)
      return `rejected like the API: errcode ${err.errcode}${err.detail ? ` (${err.detail})` : ""}`;
    throw err;
  }
}

const fieldList = (changed: string[]): string => changed.join("、") || "（无变化）";

export const CHECKIN_CONSOLE_ACTIONS: Readonly<Record<string, CheckinAction>> = {
  "checkin/create": (tenant, body, operator, now) => {
    const g = body["group"];
    if (typeof g !== "object" || g === null || Array.isArray(g)) return refuse('"group" must be an object');
    let group: WireCheckinGroup;
    try {
      group = createRule(tenant, g as Body, "console", now, operator.userid);
    } catch (err) {
      if (err instanceof WeComError)
        return refuse(`rejected like the API: errcode ${err.errcode}${err.detail ? ` (${err.detail})` : ""}`);
      throw err;
    }
    return {
      ok: true,
      result: { groupid: group.groupid },
      detail: `新建打卡规则「${group.groupname}」`,
    };
  },

  "checkin/edit": (tenant, body, operator) => {
    const rule = ruleOf(tenant, body);
    if (typeof rule === "string") return refuse(rule);
    const fields = parsed(tenant, body["group"]);
    if (typeof fields === "string") return refuse(fields);
    return edit(rule, fields, operator, fieldList);
  },

  "checkin/face": (tenant, body, operator) => {
    const rule = ruleOf(tenant, body);
    if (typeof rule === "string") return refuse(rule);
    const on = body["use_face_detect"];
    const live = body["open_face_live_detect"];
    if (typeof on !== "boolean") return refuse('"use_face_detect" must be true or false');
    if (live !== undefined && typeof live !== "boolean")
      return refuse('"open_face_live_detect" must be true or false');
    const fields: Partial<WireCheckinGroup> = {
      use_face_detect: on,
      ...(live !== undefined && { open_face_live_detect: live }),
    };
    return edit(rule, fields, operator, (changed) =>
      changed.length === 0 ? "人脸识别未变" : `${on ? "开启" : "关闭"}人脸识别（${changed.join("、")}）`,
    );
  },

  "checkin/radius": (tenant, body, operator) => {
    const rule = ruleOf(tenant, body);
    if (typeof rule === "string") return refuse(rule);
    const distance = body["distance"];
    if (
      typeof distance !== "number" ||
      !Number.isSafeInteger(distance) ||
      distance < 1 ||
      distance > MAX_RADIUS_M
    )
      return refuse(`"distance" must be whole metres in 1..${MAX_RADIUS_M}`);
    const locations = rule.group.loc_infos ?? [];
    if (locations.length === 0) return refuse(`check-in rule ${rule.group.groupid} has no location`);
    const index = body["index"];
    if (index !== undefined && (typeof index !== "number" || !Number.isInteger(index) || !locations[index]))
      return refuse(`"index" must name one of the rule's ${locations.length} locations (0-based)`);
    const loc_infos = locations.map((l, i) => (index === undefined || i === index ? { ...l, distance } : l));
    return edit(rule, { loc_infos }, operator, () => {
      const which =
        index === undefined ? "全部打卡地点" : `打卡地点「${locations[index as number]?.loc_title ?? ""}」`;
      return `${which}范围改为 ${distance} 米（loc_infos.distance）`;
    });
  },

  "checkin/range": (tenant, body, operator) => {
    const rule = ruleOf(tenant, body);
    if (typeof rule === "string") return refuse(rule);
    const users = body["users"];
    const parties = body["parties"];
    const tags = body["tags"];
    if (users === undefined && parties === undefined && tags === undefined)
      return refuse("give at least one of users, parties, tags");
    const current = rule.group.range ?? {};
    const fields = parsed(tenant, {
      range: {
        userid: users ?? current.userid ?? [],
        partyid: parties ?? current.partyid ?? [],
        tagid: tags ?? current.tagid ?? [],
      },
    });
    if (typeof fields === "string") return refuse(fields);
    return edit(rule, fields, operator, () => {
      const r = fields.range ?? {};
      return `打卡人员：成员[${(r.userid ?? []).join(",")}] 部门[${(r.partyid ?? []).join(",")}] 标签[${(r.tagid ?? []).join(",")}]`;
    });
  },

  "checkin/delete": (tenant, body) => {
    const rule = ruleOf(tenant, body);
    if (typeof rule === "string") return refuse(rule);
    tenant.state.checkin_rules = tenant.state.checkin_rules.filter((r) => r !== rule);
    return {
      ok: true,
      result: { groupid: rule.group.groupid },
      detail: `删除打卡规则「${rule.group.groupname}」`,
    };
  },
};
