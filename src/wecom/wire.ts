/**
 * WeCom server API wire contract: paths, principals, request/response shapes (snake_case, as WeCom
 * sends them), error codes and success strings. Shared by the client (src/wecom) and the sandbox
 * (src/sandbox) — data only, no logic. Source of truth: shared/reference/wecom-api.md; each endpoint
 * names its official doc page (https://developer.work.weixin.qq.com/document/path/NNNNN).
 */

/** Which WeCom secret ("principal") a token belongs to. See wecom-api.md §0. */
export type PrincipalKind =
  /** 通讯录同步 (contacts-sync assistant) secret: reads and writes the whole directory. */
  | "contacts"
  /** A self-built app's secret: its own app settings, contacts inside its visible range. */
  | "app"
  /** 会话内容存档 secret: msgaudit endpoints only. */
  | "archive"
  /**
   * The check-in app's secret: the app in 打卡 →「可调用接口的应用」 (since 2023-12-01 a self-built app there;
   * corps older than that may still use the 打卡 system app's own secret — path/93384). checkin/* only.
   */
  | "checkin";

export type HttpMethod = "GET" | "POST";

/** One endpoint of the WeCom server API. */
export interface EndpointSpec {
  readonly path: string;
  readonly method: HttpMethod;
  /** true when the call changes tenant state. Read-only clients refuse these. */
  readonly write: boolean;
  /** Principals allowed to call it (the sandbox enforces this; 48002/60011 otherwise). */
  readonly principals: readonly PrincipalKind[];
  /** The success errmsg WeCom returns (wecom-api.md §0: ok / created / updated / deleted). */
  readonly okMessage: "ok" | "created" | "updated" | "deleted";
  /** Documented per-corp calls per minute (wecom-api.md §7.2); 10 000 when only the base limit applies. */
  readonly perMinute: number;
  /** Documented per-corp calls per hour (wecom-api.md §7.2: 150 000 per API; no endpoint documents less). */
  readonly perHour: number;
  /** Official doc page number. */
  readonly doc: string;
}

const BASE_PER_MINUTE = 10_000;
const BASE_PER_HOUR = 150_000;

function ep(
  path: string,
  method: HttpMethod,
  write: boolean,
  principals: readonly PrincipalKind[],
  okMessage: EndpointSpec["okMessage"],
  doc: string,
  perMinute = BASE_PER_MINUTE,
): EndpointSpec {
  return { path, method, write, principals, okMessage, perMinute, perHour: BASE_PER_HOUR, doc };
}

/**
 * Every endpoint the project uses, keyed by a stable name. The security-log endpoints are called with
 * an app token (an app placed in the feature's "可调用接口的应用" list); the customer-contact endpoints
 * with an app token too (the app in 客户联系 "可调用应用") — wecom-api.md §5, §6.
 */
export const ENDPOINTS = {
  gettoken: ep("/cgi-bin/gettoken", "GET", false, ["contacts", "app", "archive", "checkin"], "ok", "91039"),

  departmentCreate: ep("/cgi-bin/department/create", "POST", true, ["contacts"], "created", "90205"),
  departmentUpdate: ep("/cgi-bin/department/update", "POST", true, ["contacts"], "updated", "90206"),
  departmentDelete: ep("/cgi-bin/department/delete", "GET", true, ["contacts"], "deleted", "90207"),
  departmentList: ep("/cgi-bin/department/list", "GET", false, ["contacts", "app"], "ok", "90208"),
  departmentSimplelist: ep(
    "/cgi-bin/department/simplelist",
    "GET",
    false,
    ["contacts", "app"],
    "ok",
    "95350",
  ),
  departmentGet: ep("/cgi-bin/department/get", "GET", false, ["contacts", "app"], "ok", "95351"),

  userCreate: ep("/cgi-bin/user/create", "POST", true, ["contacts"], "created", "90195"),
  userGet: ep("/cgi-bin/user/get", "GET", false, ["contacts", "app"], "ok", "90196"),
  userUpdate: ep("/cgi-bin/user/update", "POST", true, ["contacts"], "updated", "90197"),
  userDelete: ep("/cgi-bin/user/delete", "GET", true, ["contacts"], "deleted", "90198"),
  userBatchDelete: ep("/cgi-bin/user/batchdelete", "POST", true, ["contacts"], "deleted", "90199"),
  userSimplelist: ep("/cgi-bin/user/simplelist", "GET", false, ["contacts", "app"], "ok", "90200"),
  userList: ep("/cgi-bin/user/list", "GET", false, ["contacts", "app"], "ok", "90201"),
  userListId: ep("/cgi-bin/user/list_id", "POST", false, ["contacts"], "ok", "96067"),

  tagCreate: ep("/cgi-bin/tag/create", "POST", true, ["contacts", "app"], "created", "90210"),
  tagUpdate: ep("/cgi-bin/tag/update", "POST", true, ["contacts", "app"], "updated", "90211"),
  tagDelete: ep("/cgi-bin/tag/delete", "GET", true, ["contacts", "app"], "deleted", "90212"),
  tagGet: ep("/cgi-bin/tag/get", "GET", false, ["contacts", "app"], "ok", "90213"),
  tagAddUsers: ep("/cgi-bin/tag/addtagusers", "POST", true, ["contacts", "app"], "ok", "90214"),
  tagDelUsers: ep("/cgi-bin/tag/deltagusers", "POST", true, ["contacts", "app"], "deleted", "90215"),
  tagList: ep("/cgi-bin/tag/list", "GET", false, ["contacts", "app"], "ok", "90216"),

  agentGet: ep("/cgi-bin/agent/get", "GET", false, ["app"], "ok", "90227"),
  agentList: ep("/cgi-bin/agent/list", "GET", false, ["app"], "ok", "90227"),
  agentSet: ep("/cgi-bin/agent/set", "POST", true, ["app"], "ok", "90228"),
  /** Documented for 代开发/third-party tokens only; the sandbox accepts the app's own token (unconfirmed). */
  agentGetAdminList: ep("/cgi-bin/agent/get_admin_list", "POST", false, ["app"], "ok", "100072"),

  msgauditGetPermitUserList: ep(
    "/cgi-bin/msgaudit/get_permit_user_list",
    "POST",
    false,
    ["archive"],
    "ok",
    "91614",
    1_000,
  ),
  msgauditCheckSingleAgree: ep(
    "/cgi-bin/msgaudit/check_single_agree",
    "POST",
    false,
    ["archive"],
    "ok",
    "91782",
    2_500,
  ),
  msgauditCheckRoomAgree: ep(
    "/cgi-bin/msgaudit/check_room_agree",
    "POST",
    false,
    ["archive"],
    "ok",
    "91782",
    1_500,
  ),

  // Check-in rules (管理打卡规则, path/98041, 2025-08-29; the read is path/93384): 60 calls a minute each.
  checkinAddOption: ep("/cgi-bin/checkin/add_checkin_option", "POST", true, ["checkin"], "ok", "98041", 60),
  checkinGetCorpOption: ep(
    "/cgi-bin/checkin/getcorpcheckinoption",
    "POST",
    false,
    ["checkin"],
    "ok",
    "93384",
    60,
  ),
  checkinUpdateOption: ep(
    "/cgi-bin/checkin/update_checkin_option",
    "POST",
    true,
    ["checkin"],
    "ok",
    "98041",
    60,
  ),
  checkinClearOptionArrayField: ep(
    "/cgi-bin/checkin/clear_checkin_option_array_field",
    "POST",
    true,
    ["checkin"],
    "ok",
    "98041",
    60,
  ),
  checkinDelOption: ep("/cgi-bin/checkin/del_checkin_option", "POST", true, ["checkin"], "ok", "98041", 60),

  adminOperLogList: ep("/cgi-bin/security/admin_oper_log/list", "POST", false, ["app"], "ok", "100179", 600),
  memberOperLogList: ep(
    "/cgi-bin/security/member_oper_log/list",
    "POST",
    false,
    ["app"],
    "ok",
    "100178",
    600,
  ),

  externalGetUnassignedList: ep(
    "/cgi-bin/externalcontact/get_unassigned_list",
    "POST",
    false,
    ["app"],
    "ok",
    "92124",
  ),
  externalTransferCustomer: ep(
    "/cgi-bin/externalcontact/resigned/transfer_customer",
    "POST",
    true,
    ["app"],
    "ok",
    "94081",
  ),
  externalTransferResult: ep(
    "/cgi-bin/externalcontact/resigned/transfer_result",
    "POST",
    false,
    ["app"],
    "ok",
    "94082",
  ),
  // Chat intercept rules (管理聊天敏感词, path/95130; the internal-development copy is path/95097).
  externalAddInterceptRule: ep(
    "/cgi-bin/externalcontact/add_intercept_rule",
    "POST",
    true,
    ["app"],
    "ok",
    "95130",
  ),
  externalGetInterceptRuleList: ep(
    "/cgi-bin/externalcontact/get_intercept_rule_list",
    "GET",
    false,
    ["app"],
    "ok",
    "95130",
  ),
  externalGetInterceptRule: ep(
    "/cgi-bin/externalcontact/get_intercept_rule",
    "POST",
    false,
    ["app"],
    "ok",
    "95130",
  ),
  externalUpdateInterceptRule: ep(
    "/cgi-bin/externalcontact/update_intercept_rule",
    "POST",
    true,
    ["app"],
    "ok",
    "95130",
  ),
  externalDelInterceptRule: ep(
    "/cgi-bin/externalcontact/del_intercept_rule",
    "POST",
    true,
    ["app"],
    "ok",
    "95130",
  ),
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The envelope every response carries (errcode may be absent on success — path/90664). */
export interface WireEnvelope {
  errcode?: number;
  errmsg?: string;
}

// ---------------------------------------------------------------------------------------------
// Token

export interface GetTokenResponse extends WireEnvelope {
  access_token: string;
  expires_in: number;
}

// ---------------------------------------------------------------------------------------------
// Departments

export interface WireDepartment {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  parentid: number;
  order?: number;
}
export interface DepartmentCreateRequest {
  name: string;
  name_en?: string;
  parentid: number;
  order?: number;
  id?: number;
}
export interface DepartmentCreateResponse extends WireEnvelope {
  id: number;
}
export interface DepartmentUpdateRequest {
  id: number;
  name?: string;
  name_en?: string;
  parentid?: number;
  order?: number;
}
export interface DepartmentListResponse extends WireEnvelope {
  department: WireDepartment[];
}
export interface DepartmentSimplelistResponse extends WireEnvelope {
  department_id: { id: number; parentid: number; order: number }[];
}
export interface DepartmentGetResponse extends WireEnvelope {
  department: WireDepartment;
}

// ---------------------------------------------------------------------------------------------
// Members

/** user/get `status`: 1 activated, 2 disabled, 4 not activated, 5 exited. */
export type WireUserStatus = 1 | 2 | 4 | 5;

export interface WireUser {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  position?: string;
  mobile?: string;
  gender?: "0" | "1" | "2";
  email?: string;
  biz_mail?: string;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
  telephone?: string;
  alias?: string;
  main_department?: number;
  status: WireUserStatus;
  /** 1 enabled, 0 disabled. Echoed by user/list; by user/get is unconfirmed (the sandbox echoes it). */
  enable?: 0 | 1;
  // The rest of path/90196's fields: withheld from self-built apps created after 2022-06-20 where marked
  // sensitive (wecom-api.md §0), open_userid from every app.
  avatar?: string;
  thumb_avatar?: string;
  address?: string;
  open_userid?: string;
  extattr?: WireExtAttr;
  qr_code?: string;
  external_position?: string;
  external_profile?: WireExternalProfile;
}
/** Custom member attributes: type 0 text, 1 web page, 2 mini program (path/90195). */
export interface WireExtAttr {
  attrs: {
    type: 0 | 1 | 2;
    name: string;
    text?: { value: string };
    web?: { url: string; title: string };
    miniprogram?: { appid: string; pagepath: string; title: string };
  }[];
}
/** What external contacts see of a member (对外资料). */
export interface WireExternalProfile {
  external_corp_name?: string;
  wechat_channels?: { nickname: string; status?: number };
  external_attr?: WireExtAttr["attrs"];
}
export interface UserCreateRequest {
  userid: string;
  name: string;
  department: number[];
  mobile?: string;
  email?: string;
  position?: string;
  enable?: 0 | 1;
  main_department?: number;
  to_invite?: boolean;
}
export interface UserUpdateRequest {
  userid: string;
  name?: string;
  department?: number[];
  mobile?: string;
  email?: string;
  position?: string;
  enable?: 0 | 1;
  main_department?: number;
}
export type UserGetResponse = WireEnvelope & WireUser;
export interface UserBatchDeleteRequest {
  useridlist: string[];
}
export interface UserSimplelistResponse extends WireEnvelope {
  userlist: { userid: string; name: string; department: number[] }[];
}
export interface UserListResponse extends WireEnvelope {
  userlist: WireUser[];
}
export interface UserListIdRequest {
  cursor?: string;
  limit?: number;
}
export interface UserListIdResponse extends WireEnvelope {
  next_cursor: string;
  dept_user: { userid: string; department: number }[];
}

// ---------------------------------------------------------------------------------------------
// Tags (roles)

export interface TagCreateRequest {
  tagname: string;
  tagid?: number;
}
export interface TagCreateResponse extends WireEnvelope {
  tagid: number;
}
export interface TagUpdateRequest {
  tagid: number;
  tagname: string;
}
export interface TagGetResponse extends WireEnvelope {
  tagname: string;
  userlist: { userid: string; name: string }[];
  partylist: number[];
}
export interface TagUsersRequest {
  tagid: number;
  /** ≤ 1000 per call. */
  userlist?: string[];
  /** ≤ 100 per call. */
  partylist?: number[];
}
/** Partial success: errcode 0 with `invalidlist` as a "|"-joined string and `invalidparty` ints. */
export interface TagUsersResponse extends WireEnvelope {
  invalidlist?: string;
  invalidparty?: number[];
}
export interface TagListResponse extends WireEnvelope {
  taglist: { tagid: number; tagname: string }[];
}
export const TAG_USERS_BATCH = 1000;
export const TAG_PARTIES_BATCH = 100;

// ---------------------------------------------------------------------------------------------
// Apps (agents)

export interface AgentGetResponse extends WireEnvelope {
  agentid: number;
  name: string;
  square_logo_url?: string;
  description: string;
  allow_userinfos: { user: { userid: string }[] };
  allow_partys: { partyid: number[] };
  allow_tags: { tagid: number[] };
  /** 0 active, 1 disabled. */
  close: 0 | 1;
  redirect_domain: string;
  /** 0 off, 1 report on entering the session. */
  report_location_flag: 0 | 1;
  isreportenter: 0 | 1;
  home_url: string;
}
/** The complete settable set of agent/set (path/90228). */
export interface AgentSetRequest {
  agentid: number;
  report_location_flag?: 0 | 1;
  logo_mediaid?: string;
  name?: string;
  description?: string;
  redirect_domain?: string;
  isreportenter?: 0 | 1;
  home_url?: string;
}
export interface AgentListResponse extends WireEnvelope {
  agentlist: { agentid: number; name: string; square_logo_url?: string }[];
}
export interface AgentGetAdminListRequest {
  agentid: number;
}
export interface AgentGetAdminListResponse extends WireEnvelope {
  /** auth_type 0 = may send messages, 1 = may manage. */
  admin: { userid: string; auth_type: 0 | 1 }[];
}

// ---------------------------------------------------------------------------------------------
// Message archive

export interface GetPermitUserListRequest {
  type?: 1 | 2 | 3;
}
export interface GetPermitUserListResponse extends WireEnvelope {
  ids: string[];
}
/** Note WeCom's misspelled key `exteranalopenid` (sic), in request and response. */
export interface CheckSingleAgreeRequest {
  info: { userid: string; exteranalopenid: string }[];
}
export interface CheckSingleAgreeResponse extends WireEnvelope {
  agreeinfo: {
    status_change_time: number;
    userid: string;
    exteranalopenid: string;
    agree_status: "Agree" | "Disagree";
  }[];
}
export interface CheckRoomAgreeRequest {
  roomid: string;
}
export interface CheckRoomAgreeResponse extends WireEnvelope {
  agreeinfo: { status_change_time: number; exteranalopenid: string; agree_status: "Agree" | "Disagree" }[];
}

// ---------------------------------------------------------------------------------------------
// Security logs

export interface OperLogListRequest {
  start_time: number;
  end_time: number;
  oper_type?: number;
  userid?: string;
  cursor?: string;
  limit?: number;
}
export interface AdminOperLogRecord {
  time: number;
  userid: string;
  oper_type: number;
  detail_type?: number;
  detail_info: string;
  ip: string;
}
export interface AdminOperLogListResponse extends WireEnvelope {
  has_more: boolean;
  next_cursor: string;
  record_list: AdminOperLogRecord[];
}
export interface MemberOperLogRecord {
  time: number;
  userid: string;
  oper_type: number;
  detail_info: string;
  ip: string;
}
export interface MemberOperLogListResponse extends WireEnvelope {
  has_more: boolean;
  next_cursor: string;
  record_list: MemberOperLogRecord[];
}
/** Admin log oper_type values (path/100179). */
export const ADMIN_OPER_TYPE = {
  permission: 2,
  contacts: 3,
  other: 7,
  app: 8,
  contactsAndChat: 11,
  corpInfo: 12,
  externalContact: 13,
} as const;
/** Log queries: window ≤ 7 days, start ≥ now − 180 days, limit 1–400. */
export const LOG_WINDOW_SECONDS = 7 * 24 * 3600;
export const LOG_MAX_AGE_SECONDS = 180 * 24 * 3600;
export const LOG_PAGE_LIMIT = 400;

// ---------------------------------------------------------------------------------------------
// Departed members' customers

export interface GetUnassignedListRequest {
  page_size?: number;
  cursor?: string;
}
export interface GetUnassignedListResponse extends WireEnvelope {
  info: { handover_userid: string; external_userid: string; dimission_time: number }[];
  is_last: boolean;
  next_cursor: string;
}
export interface TransferCustomerRequest {
  handover_userid: string;
  takeover_userid: string;
  /** ≤ 100 per call. */
  external_userid: string[];
}
export interface TransferCustomerResponse extends WireEnvelope {
  customer: { external_userid: string; errcode: number }[];
}
export interface TransferResultRequest {
  handover_userid: string;
  takeover_userid: string;
  cursor?: string;
}
/** status: 1 done, 2 waiting, 3 refused, 4 takeover limit reached, 5 no takeover record. */
export interface TransferResultResponse extends WireEnvelope {
  customer: { external_userid: string; status: 1 | 2 | 3 | 4 | 5; takeover_time: number }[];
  next_cursor: string;
}
export const TRANSFER_CUSTOMER_BATCH = 100;

// ---------------------------------------------------------------------------------------------
// Chat intercept rules (管理聊天敏感词) — path/95130 (third-party copy, seen from its beginning) and
// path/95097 (internal development, seen through SDK doc copies: Perl QQ::weixin::work::externalcontact,
// SKIT, WxJava, go-laoji/wecom-go-sdk). Every field below is from those pages unless marked GUESS.

/** semantics_list: 1 phone number, 2 e-mail address, 3 red packet. */
export type WireInterceptSemantic = 1 | 2 | 3;
/** intercept_type: 1 warn and block sending (警告并拦截发送), 2 warn only (仅发警告). */
export type WireInterceptType = 1 | 2;
/** applicable_range: userids and department ids, each inside the calling app's visible range. */
export interface WireInterceptRange {
  user_list?: string[];
  department_list?: number[];
}
export interface AddInterceptRuleRequest {
  /** 1–20 UTF-8 characters. */
  rule_name: string;
  /** ≤ 300 words of 1–32 UTF-8 characters. */
  word_list: string[];
  /** On add the list is top-level; on update and in get_intercept_rule it sits in `extra_rule`. */
  semantics_list?: WireInterceptSemantic[];
  intercept_type: WireInterceptType;
  /** user_list and department_list may not both be empty; ≤ 1000 nodes each. */
  applicable_range: WireInterceptRange;
}
export interface AddInterceptRuleResponse extends WireEnvelope {
  rule_id: string;
}
/** Lists every rule of the corp (not only the calling app's). */
export interface GetInterceptRuleListResponse extends WireEnvelope {
  rule_list: { rule_id: string; rule_name: string; create_time: number }[];
}
export interface InterceptRuleIdRequest {
  rule_id: string;
}
export interface WireInterceptRule {
  /** The doc's example shows a number (`"rule_id":1`), the list and add show strings: not read. */
  rule_id?: string | number;
  rule_name: string;
  word_list?: string[];
  extra_rule?: { semantics_list?: WireInterceptSemantic[] };
  /** GUESS: WxJava models the detail's semantics flat on the rule; read when extra_rule is absent. */
  semantics_list?: WireInterceptSemantic[];
  intercept_type: WireInterceptType;
  /** Only the part inside the calling app's visible range is returned. */
  applicable_range?: WireInterceptRange;
  create_time?: number;
}
export interface GetInterceptRuleResponse extends WireEnvelope {
  rule: WireInterceptRule;
}
/** Only rule_id is required; fields left out are unchanged. */
export interface UpdateInterceptRuleRequest {
  rule_id: string;
  rule_name?: string;
  /** Replaces the words; an empty list is ignored (the words cannot be cleared). */
  word_list?: string[];
  /** Replaces the semantics; an empty list clears them. */
  extra_rule?: { semantics_list: WireInterceptSemantic[] };
  intercept_type?: WireInterceptType;
  /** ≤ 1000 userids and ≤ 1000 departments per call; a rule holds at most 10 000 userids. */
  add_applicable_range?: WireInterceptRange;
  remove_applicable_range?: WireInterceptRange;
}
/** WeCom's limits on intercept rules (path/95130). */
export const INTERCEPT_RULE_LIMITS = {
  /** 企业敏感词规则条数上限为100个. */
  rulesPerCorp: 100,
  /** rule_name 1–20 UTF-8 characters. */
  nameMaxChars: 20,
  /** word_list ≤ 300 words. */
  wordsPerRule: 300,
  /** Each word 1–32 UTF-8 characters (the detail's table says 30; add and update say 32). */
  wordMaxChars: 32,
  /** user_list / department_list ≤ 1000 nodes per call (add, and each of add/remove on update). */
  rangeNodesPerCall: 1000,
  /** A rule holds at most 10 000 userids (update's add_applicable_range). */
  usersPerRule: 10_000,
} as const;

// ---------------------------------------------------------------------------------------------
// Sandbox console (what an admin does by hand; not part of WeCom's API)

/** GET /__console/credentials */
export interface ConsoleCredentials {
  corpid: string;
  contacts_secret: string;
  archive_secret: string;
  /** The check-in app's secret (打卡 →「可调用接口的应用」). */
  checkin_secret: string;
  app_secrets: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Batch and page sizes the client uses (added by the client; limits from wecom-api.md)

/** user/batchdelete `useridlist` ≤ 200 (path/90199). */
export const USER_BATCH_DELETE = 200;
/** user/list_id `limit` 1–10 000 (path/96067). */
export const USER_LIST_ID_LIMIT = 10_000;
/** get_unassigned_list `page_size` default/max 1000 (path/92124). */
export const UNASSIGNED_PAGE_SIZE = 1000;
/** check_single_agree `info` ≤ 100 items (path/91782). */
export const CHECK_SINGLE_AGREE_BATCH = 100;
