/**
 * The shape every successful WeCom answer must have before the client takes anything from it
 * (issue 8: an answer with a string errcode, or a tag/create without `tagid`, was taken as success and a
 * role reached Pulumi's state with the id "undefined"). A `Record` over the endpoint names, so a new
 * endpoint without a shape does not compile. Only fields the client reads are listed; a field the mapper
 * defaults when absent (`?? []`) is optional here too. Types follow wire.ts.
 */
import type { EndpointName } from "./wire";

export type Shape =
  | { readonly kind: "number" | "string" | "boolean" }
  | { readonly kind: "array"; readonly of: Shape }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, Field>> };

export interface Field {
  readonly shape: Shape;
  readonly optional: boolean;
}

const num: Shape = { kind: "number" };
const str: Shape = { kind: "string" };
const bool: Shape = { kind: "boolean" };
const arr = (of: Shape): Shape => ({ kind: "array", of });
/** Fields are required unless wrapped in `opt`. */
const obj = (fields: Record<string, Shape | Field>): Shape => ({
  kind: "object",
  fields: Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, "optional" in v ? v : { shape: v, optional: false }]),
  ),
});
const opt = (shape: Shape): Field => ({ shape, optional: true });

const department = obj({
  id: num,
  name: str,
  name_en: opt(str),
  department_leader: opt(arr(str)),
  parentid: num,
  order: opt(num),
});
const user = obj({
  userid: str,
  name: str,
  department: opt(arr(num)),
  status: num,
  enable: opt(num),
  main_department: opt(num),
  position: opt(str),
  mobile: opt(str),
  email: opt(str),
  alias: opt(str),
  direct_leader: opt(arr(str)),
});
const operLog = obj({ time: num, userid: str, oper_type: num, detail_info: str, ip: str });
const logPage = obj({ has_more: opt(bool), next_cursor: opt(str), record_list: opt(arr(operLog)) });
const envelopeOnly = obj({});
// rule_id is not listed: the doc's example sends it as a number, the client keeps the id it asked for.
const interceptRule = obj({
  rule_name: str,
  word_list: opt(arr(str)),
  extra_rule: opt(obj({ semantics_list: opt(arr(num)) })),
  semantics_list: opt(arr(num)),
  intercept_type: num,
  applicable_range: opt(obj({ user_list: opt(arr(str)), department_list: opt(arr(num)) })),
  create_time: opt(num),
});
// Check-in rules (path/93384): only what the client maps; the rest of a rule passes through unchecked.
const checkinTime = obj({ work_sec: num, off_work_sec: num });
const checkinGroup = obj({
  groupid: num,
  grouptype: num,
  groupname: str,
  checkindate: opt(arr(obj({ workdays: opt(arr(num)), checkintime: opt(arr(checkinTime)) }))),
  wifimac_infos: opt(arr(obj({ wifiname: opt(str), wifimac: str }))),
  loc_infos: opt(arr(obj({ lat: num, lng: num, loc_title: opt(str), loc_detail: opt(str), distance: num }))),
  range: opt(obj({ userid: opt(arr(str)), partyid: opt(arr(num)), tagid: opt(arr(num)) })),
  white_users: opt(arr(str)),
  need_photo: opt(bool),
  use_face_detect: opt(bool),
  open_face_live_detect: opt(bool),
  allow_checkin_offworkday: opt(bool),
});

export const RESPONSE_SHAPES: Readonly<Record<EndpointName, Shape>> = {
  gettoken: obj({ access_token: str, expires_in: num }),

  departmentCreate: obj({ id: num }),
  departmentUpdate: envelopeOnly,
  departmentDelete: envelopeOnly,
  departmentList: obj({ department: opt(arr(department)) }),
  departmentSimplelist: obj({ department_id: opt(arr(obj({ id: num, parentid: num, order: num }))) }),
  departmentGet: obj({ department }),

  userCreate: envelopeOnly,
  userGet: user,
  userUpdate: envelopeOnly,
  userDelete: envelopeOnly,
  userBatchDelete: envelopeOnly,
  userSimplelist: obj({ userlist: opt(arr(obj({ userid: str, name: str, department: opt(arr(num)) }))) }),
  userList: obj({ userlist: opt(arr(user)) }),
  userListId: obj({ next_cursor: opt(str), dept_user: opt(arr(obj({ userid: str, department: num }))) }),

  tagCreate: obj({ tagid: num }),
  tagUpdate: envelopeOnly,
  tagDelete: envelopeOnly,
  tagGet: obj({
    tagname: str,
    userlist: opt(arr(obj({ userid: str }))),
    partylist: opt(arr(num)),
  }),
  tagAddUsers: obj({ invalidlist: opt(str), invalidparty: opt(arr(num)) }),
  tagDelUsers: obj({ invalidlist: opt(str), invalidparty: opt(arr(num)) }),
  tagList: obj({ taglist: opt(arr(obj({ tagid: num, tagname: str }))) }),

  agentGet: obj({
    agentid: num,
    name: str,
    square_logo_url: opt(str),
    description: opt(str),
    allow_userinfos: opt(obj({ user: opt(arr(obj({ userid: str }))) })),
    allow_partys: opt(obj({ partyid: opt(arr(num)) })),
    allow_tags: opt(obj({ tagid: opt(arr(num)) })),
    close: opt(num),
    redirect_domain: opt(str),
    report_location_flag: opt(num),
    isreportenter: opt(num),
    home_url: opt(str),
  }),
  agentList: obj({ agentlist: opt(arr(obj({ agentid: num, name: str, square_logo_url: opt(str) }))) }),
  agentSet: envelopeOnly,
  agentGetAdminList: obj({ admin: opt(arr(obj({ userid: str, auth_type: num }))) }),

  msgauditGetPermitUserList: obj({ ids: opt(arr(str)) }),
  msgauditCheckSingleAgree: obj({
    agreeinfo: opt(
      arr(obj({ status_change_time: num, userid: str, exteranalopenid: str, agree_status: str })),
    ),
  }),
  msgauditCheckRoomAgree: obj({
    agreeinfo: opt(arr(obj({ status_change_time: num, exteranalopenid: str, agree_status: str }))),
  }),

  checkinAddOption: envelopeOnly,
  checkinGetCorpOption: obj({ group: opt(arr(checkinGroup)) }),
  checkinUpdateOption: envelopeOnly,
  checkinClearOptionArrayField: envelopeOnly,
  checkinDelOption: envelopeOnly,

  adminOperLogList: logPage,
  memberOperLogList: logPage,

  externalGetUnassignedList: obj({
    info: opt(arr(obj({ handover_userid: str, external_userid: str, dimission_time: num }))),
    is_last: opt(bool),
    next_cursor: opt(str),
  }),
  externalTransferCustomer: obj({ customer: opt(arr(obj({ external_userid: str, errcode: num }))) }),
  externalTransferResult: obj({
    customer: opt(arr(obj({ external_userid: str, status: num, takeover_time: opt(num) }))),
    next_cursor: opt(str),
  }),
  externalAddInterceptRule: obj({ rule_id: str }),
  externalGetInterceptRuleList: obj({
    rule_list: opt(arr(obj({ rule_id: str, rule_name: str, create_time: opt(num) }))),
  }),
  externalGetInterceptRule: obj({ rule: interceptRule }),
  externalUpdateInterceptRule: envelopeOnly,
  externalDelInterceptRule: envelopeOnly,
};

/** At most this many problems are named; the rest are counted. */
const MAX_PROBLEMS = 5;

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} (a string)`;
  if (typeof v === "object") return "an object";
  return `${String(v)} (a ${typeof v})`;
}

const expected = (s: Shape): string =>
  s.kind === "array" ? "a list" : s.kind === "object" ? "an object" : `a ${s.kind}`;

/**
 * Every way `value` differs from `shape`, as "tagid is missing, expected a number" phrases with the
 * field's path. Numbers must be finite. Extra fields are allowed (WeCom adds fields over time).
 */
export function shapeProblems(value: unknown, shape: Shape, path = ""): string[] {
  // Nearly every answer is well-formed: a compiled check says so without building anything; only an answer
  // that fails it is walked again to name its problems.
  if (conforms(shape)(value)) return [];
  const out: string[] = [];
  // The path is kept as segments and spelled out only for a problem: building "userlist[41234].email" for
  // every field of every member was most of the client's own time reading 100,000 members (issue 12).
  const segments: (string | number)[] = [];
  const at = (): string =>
    segments.reduce<string>(
      (p, seg) => (typeof seg === "number" ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg),
      path,
    );
  const walk = (v: unknown, s: Shape): void => {
    const ok =
      s.kind === "number"
        ? typeof v === "number" && Number.isFinite(v)
        : s.kind === "array"
          ? Array.isArray(v)
          : s.kind === "object"
            ? typeof v === "object" && v !== null && !Array.isArray(v)
            : typeof v === s.kind;
    if (!ok) {
      out.push(`${at() || "the answer"} is ${describe(v)}, expected ${expected(s)}`);
      return;
    }
    if (s.kind === "array") {
      const items = v as unknown[];
      for (let i = 0; i < items.length && out.length <= MAX_PROBLEMS; i++) {
        segments.push(i);
        walk(items[i], s.of);
        segments.pop();
      }
    } else if (s.kind === "object") {
      const o = v as Record<string, unknown>;
      for (const [k, f] of fieldsOf(s)) {
        if (out.length > MAX_PROBLEMS) return;
        segments.push(k);
        if (o[k] === undefined) {
          if (!f.optional) out.push(`${at()} is missing, expected ${expected(f.shape)}`);
        } else walk(o[k], f.shape);
        segments.pop();
      }
    }
  };
  walk(value, shape);
  if (out.length > MAX_PROBLEMS) return [...out.slice(0, MAX_PROBLEMS), "and more"];
  return out;
}

/** An object shape's fields as entries, listed once per shape rather than once per object checked. */
const entriesCache = new WeakMap<Shape, readonly (readonly [string, Field])[]>();
function fieldsOf(s: Extract<Shape, { kind: "object" }>): readonly (readonly [string, Field])[] {
  let e = entriesCache.get(s);
  if (!e) entriesCache.set(s, (e = Object.entries(s.fields)));
  return e;
}

/**
 * A shape compiled to nested closures that only answer "does it conform": no paths, no messages, one
 * monomorphic check per field (issue 12: the generic walk was a tenth of the client's time reading 100,000
 * members). Compiled once per shape.
 */
const compiled = new WeakMap<Shape, (v: unknown) => boolean>();
function conforms(s: Shape): (v: unknown) => boolean {
  let c = compiled.get(s);
  if (c) return c;
  switch (s.kind) {
    case "number":
      c = (v) => typeof v === "number" && Number.isFinite(v);
      break;
    case "string":
      c = (v) => typeof v === "string";
      break;
    case "boolean":
      c = (v) => typeof v === "boolean";
      break;
    case "array": {
      const item = conforms(s.of);
      c = (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      };
      break;
    }
    case "object": {
      const fields = fieldsOf(s).map(([k, f]) => ({ k, check: conforms(f.shape), optional: f.optional }));
      c = (v) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        for (const f of fields) {
          const x = o[f.k];
          if (x === undefined ? !f.optional : !f.check(x)) return false;
        }
        return true;
      };
      break;
    }
  }
  compiled.set(s, c);
  return c;
}
