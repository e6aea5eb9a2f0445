/**
 * Check-in rules (打卡规则): getcorpcheckinoption (path/93384) and 管理打卡规则 (path/98041, 2025-08-29) —
 * add_checkin_option, update_checkin_option, clear_checkin_option_array_field, del_checkin_option. Only the
 * check-in app's token may call them (the server checks wire.ts `principals`; 60 calls a minute each).
 *
 * WeCom's semantics kept here (path/98041): add ignores `groupid` and answers without one; update needs
 * `group.groupid`, replaces a non-empty array and leaves an absent or empty one unchanged, replaces any other
 * field present (`range` whole); only clear_checkin_option_array_field empties spe_workdays (1), spe_offdays
 * (2), wifimac_infos (3) and loc_infos (4), and wifimac_infos and loc_infos may not both be empty; a rule is
 * changed or deleted only by the app that created it. `effective_now` is accepted; GUESS: reads show the
 * saved rule at once whatever its value (the doc says only that false means "from tomorrow").
 */
import type {
  WireCheckinDate,
  WireCheckinGroup,
  WireCheckinLocation,
  WireCheckinTime,
  WireCheckinWifi,
} from "../../wecom/checkin-wire";
import { WeComError } from "../errors";
import type { StoredCheckinRule } from "../state";
import type { Tenant } from "../tenant";
import { type Call, type Handler, ERRCODE, reqInt } from "./call";

/** GUESS: path/98041's error table could not be read; malformed rules get 301075 (输入参数错误, path/93380). */
const BAD = ERRCODE.checkinInvalidParameter;
/** GUESS: longest rule name; the doc gives none. */
const MAX_NAME = 64;
/** GUESS: largest geofence radius in metres; the doc gives none. */
export const MAX_RADIUS_M = 10_000;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(detail: string): WeComError {
  return new WeComError(BAD, detail);
}

function list(v: unknown, what: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw bad(`${what} must be a list`);
  return v;
}

function int(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max)
    throw bad(`${what} must be an integer in ${min}..${max}`);
  return v;
}

function time(v: unknown, i: number): WireCheckinTime {
  if (!isObj(v)) throw bad(`checkintime[${i}] must be an object`);
  const day = 2 * 86_400;
  const out: WireCheckinTime = {
    work_sec: int(v["work_sec"], "work_sec", 0, day),
    off_work_sec: int(v["off_work_sec"], "off_work_sec", 0, day),
  };
  if (v["time_id"] !== undefined) out.time_id = int(v["time_id"], "time_id", 0, 1_000_000);
  if (v["remind_work_sec"] !== undefined)
    out.remind_work_sec = int(v["remind_work_sec"], "remind_work_sec", 0, day);
  if (v["remind_off_work_sec"] !== undefined)
    out.remind_off_work_sec = int(v["remind_off_work_sec"], "remind_off_work_sec", 0, day);
  return out;
}

function date(v: unknown, i: number): WireCheckinDate {
  if (!isObj(v)) throw bad(`checkindate[${i}] must be an object`);
  const workdays = (list(v["workdays"], "workdays") ?? []).map((d) => int(d, "workdays[]", 0, 6));
  const out: WireCheckinDate = {
    workdays: [...new Set(workdays)].sort((a, b) => a - b),
    checkintime: (list(v["checkintime"], "checkintime") ?? []).map(time),
  };
  if (v["flex_on_duty_time"] !== undefined)
    out.flex_on_duty_time = int(v["flex_on_duty_time"], "flex_on_duty_time", 0, 86_400_000);
  if (v["flex_off_duty_time"] !== undefined)
    out.flex_off_duty_time = int(v["flex_off_duty_time"], "flex_off_duty_time", 0, 86_400_000);
  if (v["noneed_offwork"] !== undefined) out.noneed_offwork = bool(v["noneed_offwork"], "noneed_offwork");
  if (v["limit_aheadtime"] !== undefined)
    out.limit_aheadtime = int(v["limit_aheadtime"], "limit_aheadtime", 0, 86_400_000);
  return out;
}

function wifi(v: unknown, i: number): WireCheckinWifi {
  if (!isObj(v) || typeof v["wifimac"] !== "string" || !MAC.test(v["wifimac"]))
    throw bad(`wifimac_infos[${i}].wifimac must be a MAC address`);
  const name = v["wifiname"] ?? "";
  if (typeof name !== "string") throw bad(`wifimac_infos[${i}].wifiname must be a string`);
  return { wifiname: name, wifimac: v["wifimac"].toLowerCase() };
}

function location(v: unknown, i: number): WireCheckinLocation {
  if (!isObj(v)) throw bad(`loc_infos[${i}] must be an object`);
  const title = v["loc_title"] ?? "";
  const detail = v["loc_detail"] ?? "";
  if (typeof title !== "string" || typeof detail !== "string")
    throw bad(`loc_infos[${i}] loc_title and loc_detail must be strings`);
  return {
    // Degrees × 1 000 000 (path/93384, GCJ-02).
    lat: int(v["lat"], "lat", -90_000_000, 90_000_000),
    lng: int(v["lng"], "lng", -180_000_000, 180_000_000),
    loc_title: title,
    loc_detail: detail,
    distance: int(v["distance"], "distance", 1, MAX_RADIUS_M),
  };
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== "boolean") throw bad(`${what} must be true or false`);
  return v;
}

function users(tenant: Tenant, v: unknown, what: string): string[] {
  const out: string[] = [];
  for (const u of list(v, what) ?? []) {
    if (typeof u !== "string") throw bad(`${what} must list userids`);
    const found = tenant.user(u);
    // GUESS: an unknown member answers 40003 (invalid UserID), as elsewhere in WeCom.
    if (!found) throw new WeComError(ERRCODE.invalidUserId, `unknown userid ${u}`);
    out.push(found.userid);
  }
  return [...new Set(out)];
}

function range(tenant: Tenant, v: unknown): NonNullable<WireCheckinGroup["range"]> {
  if (!isObj(v)) throw bad("range must be an object");
  // The write example spells the departments `party_id` (path/98041); the read spells them `partyid`.
  const parties = (list(v["party_id"] ?? v["partyid"], "range.party_id") ?? []).map((d) => {
    const id = int(d, "range.party_id[]", 1, 2 ** 32);
    // GUESS: an unknown department answers 60003 (department not found).
    if (!tenant.department(id)) throw new WeComError(ERRCODE.departmentNotFound, `unknown department ${id}`);
    return id;
  });
  const tags = (list(v["tagid"], "range.tagid") ?? []).map((t) => {
    const id = int(t, "range.tagid[]", 0, 2 ** 32);
    if (!tenant.tag(id)) throw new WeComError(ERRCODE.invalidTagId, `unknown tag ${id}`);
    return id;
  });
  return {
    userid: users(tenant, v["userid"], "range.userid"),
    partyid: [...new Set(parties)].sort((a, b) => a - b),
    tagid: [...new Set(tags)].sort((a, b) => a - b),
  };
}

/**
 * The fields of a `group` object, checked and normalised (MACs lower case, range in the read spelling).
 * Arrays that are absent stay absent; `groupid` and unknown fields are dropped.
 */
export function parseGroupFields(tenant: Tenant, g: Obj): Partial<WireCheckinGroup> {
  const out: Partial<WireCheckinGroup> = {};
  if (g["groupname"] !== undefined) {
    const n = g["groupname"];
    if (typeof n !== "string" || n.trim() === "" || [...n].length > MAX_NAME)
      throw bad(`groupname must be 1..${MAX_NAME} characters`);
    out.groupname = n;
  }
  if (g["grouptype"] !== undefined) {
    const t = g["grouptype"];
    if (t !== 1 && t !== 2 && t !== 3) throw bad("grouptype must be 1, 2 or 3");
    out.grouptype = t;
  }
  const arrays = {
    checkindate: list(g["checkindate"], "checkindate")?.map(date),
    wifimac_infos: list(g["wifimac_infos"], "wifimac_infos")?.map(wifi),
    loc_infos: list(g["loc_infos"], "loc_infos")?.map(location),
    white_users: g["white_users"] === undefined ? undefined : users(tenant, g["white_users"], "white_users"),
  };
  for (const [k, v] of Object.entries(arrays)) if (v !== undefined) Object.assign(out, { [k]: v });
  for (const k of ["spe_workdays", "spe_offdays"] as const) {
    const days = list(g[k], k);
    if (days !== undefined)
      out[k] = days.map((d, i) => {
        if (!isObj(d)) throw bad(`${k}[${i}] must be an object`);
        return {
          timestamp: int(d["timestamp"], `${k}[${i}].timestamp`, 0, 2 ** 32),
          ...(typeof d["notes"] === "string" && { notes: d["notes"] }),
          checkintime: (list(d["checkintime"], "checkintime") ?? []).map(time),
        };
      });
  }
  if (g["range"] !== undefined) out.range = range(tenant, g["range"]);
  for (const k of [
    "sync_holidays",
    "need_photo",
    "note_can_use_local_pic",
    "allow_checkin_offworkday",
    "allow_apply_offworkday",
    "use_face_detect",
    "open_face_live_detect",
  ] as const) {
    if (g[k] !== undefined) out[k] = bool(g[k], k);
  }
  for (const k of ["type", "option_out_range"] as const) {
    if (g[k] !== undefined) out[k] = int(g[k], k, 0, 100);
  }
  return out;
}

/** wifimac_infos and loc_infos may not both be empty (path/98041). */
export function assertWhereToCheckIn(g: Partial<WireCheckinGroup>): void {
  if ((g.wifimac_infos?.length ?? 0) === 0 && (g.loc_infos?.length ?? 0) === 0)
    throw bad("wifimac_infos and loc_infos cannot both be empty");
}

/**
 * Applies parsed fields the way update_checkin_option does: an array replaces only when non-empty, any
 * other field present replaces. Returns the names of the fields that changed.
 */
export function mergeGroup(target: WireCheckinGroup, fields: Partial<WireCheckinGroup>): string[] {
  const changed: string[] = [];
  for (const [k, v] of Object.entries(fields) as [keyof WireCheckinGroup, unknown][]) {
    if (v === undefined || k === "groupid") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (JSON.stringify(target[k]) !== JSON.stringify(v)) changed.push(k);
    Object.assign(target, { [k]: structuredClone(v) });
  }
  return changed;
}

export function findRule(tenant: Tenant, groupid: number): StoredCheckinRule {
  const rule = tenant.state.checkin_rules.find((r) => r.group.groupid === groupid);
  // GUESS: an unknown groupid answers 301075 like any bad parameter.
  if (!rule) throw bad(`no check-in rule ${groupid}`);
  return rule;
}

/** Only the app that created a rule may change or delete it through the API (path/98041). */
function ownRule(call: Call, groupid: number): StoredCheckinRule {
  const rule = findRule(call.tenant, groupid);
  // GUESS: another creator's rule answers 60011 (no privilege); the doc states the rule, not the code.
  if (rule.creator !== call.principal.kind)
    throw new WeComError(ERRCODE.noPrivilege, "check-in rule created by another app or in the admin console");
  return rule;
}

/** effective_now: optional boolean, default false (path/98041). */
function effectiveNow(body: Obj): boolean {
  const v = body["effective_now"];
  return v === undefined ? false : bool(v, "effective_now");
}

function groupOf(body: Obj): Obj {
  effectiveNow(body);
  const g = body["group"];
  if (!isObj(g)) throw bad("group is required");
  return g;
}

const getCorpOption: Handler = (call) => ({
  group: call.tenant.state.checkin_rules
    .map((r) => structuredClone(r.group))
    .sort((a, b) => a.groupid - b.groupid),
});

/** Creates a rule for `creator`; shared with the console's checkin/create. */
export function createRule(
  tenant: Tenant,
  g: Obj,
  creator: StoredCheckinRule["creator"],
  now: number,
  operator?: string,
): WireCheckinGroup {
  const fields = parseGroupFields(tenant, g);
  if (fields.groupname === undefined) throw bad("groupname is required");
  if (fields.grouptype === undefined) throw bad("grouptype is required");
  // GUESS: a rule without `range` would cover nobody; WeCom's doc marks `group` fields "视情况而定".
  if (fields.range === undefined) throw bad("range is required");
  if (fields.grouptype === 1 && (fields.checkindate?.length ?? 0) === 0)
    throw bad("checkindate is required for fixed hours (grouptype 1)");
  assertWhereToCheckIn(fields);
  const st = tenant.state;
  const group: WireCheckinGroup = {
    groupid: st.next_checkin_groupid++,
    grouptype: fields.grouptype,
    groupname: fields.groupname,
    checkindate: [],
    spe_workdays: [],
    spe_offdays: [],
    sync_holidays: false,
    need_photo: false,
    note_can_use_local_pic: false,
    allow_checkin_offworkday: false,
    allow_apply_offworkday: false,
    wifimac_infos: [],
    loc_infos: [],
    white_users: [],
    type: 0,
    option_out_range: 0,
    use_face_detect: false,
    open_face_live_detect: false,
    ...structuredClone(fields),
    create_time: now,
    // GUESS: a rule made through the API has no creating member; WeCom's value for it is not documented.
    ...(operator !== undefined && { create_userid: operator, update_userid: operator }),
  };
  st.checkin_rules.push({ group, creator });
  tenant.touch();
  return group;
}

const addOption: Handler = (call) => {
  // path/98041 注意 1: groupid is ignored on create. The answer carries no groupid.
  createRule(call.tenant, groupOf(call.body), "checkin", call.now);
  return {};
};

const updateOption: Handler = (call) => {
  const g = groupOf(call.body);
  // path/98041 注意 1: update without group.groupid is an error.
  const groupid = reqInt(g["groupid"], BAD);
  const rule = ownRule(call, groupid);
  const fields = parseGroupFields(call.tenant, g);
  const next = structuredClone(rule.group);
  mergeGroup(next, fields);
  assertWhereToCheckIn(next);
  rule.group = next;
  call.tenant.touch();
  return {};
};

const clearArrayField: Handler = (call) => {
  const groupid = reqInt(call.body["groupid"], BAD);
  effectiveNow(call.body);
  const raw = list(call.body["clear_field"], "clear_field") ?? [];
  if (raw.length === 0) throw bad("clear_field is required");
  const fields = raw.map((f) => int(f, "clear_field[]", 1, 4));
  const rule = ownRule(call, groupid);
  const next = structuredClone(rule.group);
  for (const f of fields) {
    if (f === 1) next.spe_workdays = [];
    if (f === 2) next.spe_offdays = [];
    if (f === 3) next.wifimac_infos = [];
    if (f === 4) next.loc_infos = [];
  }
  assertWhereToCheckIn(next);
  rule.group = next;
  call.tenant.touch();
  return {};
};

const delOption: Handler = (call) => {
  const groupid = reqInt(call.body["groupid"], BAD);
  effectiveNow(call.body);
  ownRule(call, groupid);
  const st = call.tenant.state;
  st.checkin_rules = st.checkin_rules.filter((r) => r.group.groupid !== groupid);
  call.tenant.touch();
  return {};
};

export const checkinHandlers = {
  checkinAddOption: addOption,
  checkinGetCorpOption: getCorpOption,
  checkinUpdateOption: updateOption,
  checkinClearOptionArrayField: clearArrayField,
  checkinDelOption: delOption,
} as const;
