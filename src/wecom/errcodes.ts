/**
 * Every WeCom errcode the project names, in one table (wecom-api.md §7.1, path/90313): its name, what it
 * means, and — for the sandbox — the errmsg WeCom sends. The client branches on {@link ERRCODE}, never on
 * errmsg or a bare number; the sandbox answers with the same codes (DESIGN §2: it shares the wire types and
 * errcodes with the client, never its logic). Data only.
 *
 * errmsg: only the strings in wecom-api.md §7.1's "errmsg seen" column are WeCom's; the others are
 * plausible English stand-ins (GUESS) — clients must not read errmsg anyway.
 */

import { CONSOLE, inline } from "./console-paths";

export interface ErrcodeSpec {
  readonly code: number;
  /** What it means, for people (error messages name it next to the number). */
  readonly meaning: string;
  /** The errmsg the sandbox sends (before WeCom's hint trailer); absent when the sandbox never sends it. */
  readonly errmsg?: string;
}

export const ERRCODES = {
  busy: { code: -1, meaning: "system busy", errmsg: "system busy" },
  ok: { code: 0, meaning: "ok" },
  invalidSecret: { code: 40001, meaning: "invalid secret", errmsg: "invalid credential" },
  invalidUserId: { code: 40003, meaning: "invalid UserID", errmsg: "invalid userid" },
  invalidCorpId: { code: 40013, meaning: "invalid CorpID", errmsg: "invalid corpid" },
  invalidToken: { code: 40014, meaning: "invalid access_token", errmsg: "invalid access_token" },
  invalidUserList: { code: 40031, meaning: "invalid UserID list", errmsg: "invalid userid list" },
  invalidUserListLength: {
    code: 40032,
    meaning: "invalid UserID list length",
    errmsg: "invalid userid list size",
  },
  invalidParameter: { code: 40035, meaning: "invalid parameter", errmsg: "invalid parameter" },
  invalidAgentId: { code: 40056, meaning: "invalid agentid", errmsg: "invalid agentid" },
  invalidParameter58: { code: 40058, meaning: "invalid parameter", errmsg: "invalid parameter" },
  invalidDepartmentList: {
    code: 40066,
    meaning: "invalid department list",
    errmsg: "invalid department list",
  },
  invalidTagId: { code: 40068, meaning: "invalid tagid", errmsg: "invalid tagid" },
  allTagMembersInvalid: {
    code: 40070,
    meaning: "all specified tag members invalid",
    errmsg: "all list invalid",
  },
  tagNameExists: { code: 40071, meaning: "tag name already exists", errmsg: "tagname exist" },
  invalidUrl: { code: 40094, meaning: "invalid URL", errmsg: "invalid url" },
  tokenMissing: { code: 41001, meaning: "access_token missing", errmsg: "access_token missing" },
  corpIdMissing: { code: 41002, meaning: "corpid missing", errmsg: "corpid missing" },
  secretMissing: { code: 41004, meaning: "secret missing", errmsg: "corpsecret missing" },
  userIdMissing: { code: 41009, meaning: "userid missing", errmsg: "userid missing" },
  tokenExpired: { code: 42001, meaning: "access_token expired", errmsg: "access_token expired" },
  requireGet: { code: 43001, meaning: "GET required", errmsg: "require GET method" },
  requirePost: { code: 43002, meaning: "POST required", errmsg: "require POST method" },
  descriptionLength: {
    code: 45004,
    meaning: "invalid description length",
    errmsg: "invalid description length",
  },
  freqLimit: { code: 45009, meaning: "API call frequency exceeded", errmsg: "api freq out of limit" },
  nameLength: { code: 45022, meaning: "invalid name length", errmsg: "invalid name length" },
  accountLimit: { code: 45024, meaning: "account count limit reached", errmsg: "reach max tag count" },
  deletionProtection: { code: 45026, meaning: "deletion protection triggered" },
  concurrencyLimit: {
    code: 45033,
    meaning: "concurrent-call limit exceeded",
    errmsg: "api concurrent out of limit",
  },
  userNotExist: { code: 46004, meaning: "user does not exist" },
  dataFormat: { code: 47001, meaning: "data format error", errmsg: "data format error" },
  apiForbidden: { code: 48002, meaning: "API not permitted for this credential", errmsg: "api forbidden" },
  apiDeprecated: { code: 48005, meaning: "API deprecated" },
  /**
   * Since 2022-08-15 the contacts-sync secret may not read contact details (user/list, department/list)
   * from IPs added to 通讯录同步 after that date (path/90201; devtool e=48009).
   */
  contactAssistantForbidden: {
    code: 48009,
    meaning: "API forbidden for the contacts-sync assistant from this IP",
    errmsg: "api forbidden for contact assistant",
  },
  outsideScope: { code: 50002, meaning: "member outside permission scope" },
  appDisabled: { code: 50003, meaning: "app disabled", errmsg: "app is disabled" },
  departmentNameLength: {
    code: 60001,
    meaning: "invalid department name length",
    errmsg: "invalid department name length",
  },
  departmentNotFound: { code: 60003, meaning: "department not found", errmsg: "department not found" },
  parentNotFound: {
    code: 60004,
    meaning: "parent department not found",
    errmsg: "parent department not found",
  },
  departmentHasMembers: {
    code: 60005,
    meaning: "department has members",
    errmsg: "department contains members",
  },
  departmentHasChildren: {
    code: 60006,
    meaning: "department has sub-departments",
    errmsg: "department contains sub-department",
  },
  departmentIsRoot: {
    code: 60007,
    meaning: "root department cannot be deleted",
    errmsg: "not allow to delete root department",
  },
  departmentExists: { code: 60008, meaning: "department already exists", errmsg: "department existed" },
  departmentCycle: { code: 60010, meaning: "department cycle", errmsg: "department cycle" },
  noPrivilege: {
    code: 60011,
    meaning: "no privilege on the member/department/tag",
    errmsg: "no privilege to access/modify contact/party/agent",
  },
  defaultAppUndeletable: { code: 60012, meaning: "default app cannot be deleted" },
  ipNotAllowed: {
    code: 60020,
    meaning: "caller IP not in the trusted-IP list",
    errmsg: "not allow to access from your ip",
  },
  userIdExists: { code: 60102, meaning: "userid already exists", errmsg: "userid existed" },
  invalidMobile: { code: 60103, meaning: "invalid mobile", errmsg: "invalid mobile" },
  mobileExists: { code: 60104, meaning: "mobile already exists", errmsg: "mobile existed" },
  invalidEmail: { code: 60105, meaning: "invalid email", errmsg: "invalid email" },
  emailExists: { code: 60106, meaning: "email already exists", errmsg: "email existed" },
  tooManyDepartments: {
    code: 60110,
    meaning: "too many departments for one member",
    errmsg: "user in too many departments",
  },
  userNotFound: { code: 60111, meaning: "userid not found", errmsg: "userid not found" },
  invalidName: { code: 60112, meaning: "invalid member name", errmsg: "invalid name" },
  invalidDepartmentId: { code: 60123, meaning: "invalid department id", errmsg: "invalid department id" },
  invalidParentId: { code: 60124, meaning: "invalid parent department id" },
  invalidDepartmentName: {
    code: 60125,
    meaning: "invalid department name",
    errmsg: "invalid department name",
  },
  departmentMissing: { code: 60127, meaning: "department parameter missing", errmsg: "department missing" },
  mobileAndEmailEmpty: {
    code: 60129,
    meaning: "mobile and email both empty",
    errmsg: "mobile and email can not be both empty",
  },
  // Group robot webhook (path/91770): an unknown or removed robot key.
  invalidWebhookKey: { code: 93000, meaning: "invalid webhook key", errmsg: "invalid webhook url" },
  allTargetsInvalid: { code: 81013, meaning: "all userids/departments/tags invalid or unauthorised" },
  noExternalContactRelation: {
    code: 84061,
    meaning: "no external-contact relation",
    errmsg: "no external contact relation",
  },
  noExternalContactPermission: { code: 84074, meaning: "no external-contact permission" },
  domainNotVerified: {
    code: 85005,
    meaning: "trusted domain not verified",
    errmsg: "redirect_domain not verified",
  },
  noAppPermission: {
    code: 301002,
    meaning: "no permission on the specified app",
    errmsg: "no permission of this app",
  },
  creatorUndeletable: {
    code: 301005,
    meaning: "the corp creator cannot be deleted",
    errmsg: "can not delete the creator of corp",
  },
  userIdUnchangeable: {
    code: 301036,
    meaning: "userid of this member may not be updated",
    errmsg: "userid can not be changed",
  },
  archiveExpired: { code: 301052, meaning: "message-archive service expired" },
  // GUESS: path/98041's 错误信息列表 could not be read. 301075 is the check-in family's "输入参数错误" (path/93380);
  // the sandbox answers it for a malformed rule, an unknown groupid and for wifimac_infos and loc_infos both empty.
  checkinInvalidParameter: {
    code: 301075,
    meaning: "invalid check-in rule parameter",
    errmsg: "invalid checkin option param",
  },
} as const satisfies Record<string, ErrcodeSpec>;

export type ErrcodeName = keyof typeof ERRCODES;

/** errcode by name: `ERRCODE.invalidTagId === 40068`. */
export const ERRCODE = Object.fromEntries(Object.entries(ERRCODES).map(([k, v]) => [k, v.code])) as {
  readonly [K in ErrcodeName]: (typeof ERRCODES)[K]["code"];
};

const BY_CODE: ReadonlyMap<number, ErrcodeSpec> = new Map(Object.values(ERRCODES).map((s) => [s.code, s]));

/** `errcode` reported in `onCall` events for a call that got no WeCom response (not a WeCom code). */
export const ERRCODE_TRANSPORT = -2;

/** What an errcode means, or where WeCom explains an unknown one. */
export function errcodeMeaning(errcode: number): string {
  return (
    BY_CODE.get(errcode)?.meaning ?? "see https://developer.work.weixin.qq.com/devtool/query?e=" + errcode
  );
}

/**
 * What to do about an errcode (issue 8: every error names the endpoint, the errcode and what to do). Only
 * commands and console paths that exist (wecom-console.md). Errors with their own detail (credentials,
 * trusted IPs, partial success) say it there instead.
 */
export const ERRCODE_ADVICE: Readonly<Partial<Record<ErrcodeName, string>>> = {
  busy: "WeCom was busy after every retry; run the command again",
  invalidUserId: "check the userid against people.csv and WeCom's directory",
  invalidUserList: "check the userids against people.csv and WeCom's directory",
  invalidUserListLength: "send fewer userids at once; report it, the client batches within WeCom's limits",
  invalidAgentId: "check the agentid in apps.yaml against the app's AgentId in WeCom's admin console",
  invalidTagId:
    "the tag no longer exists in WeCom: `pulumi refresh` records that, then `pulumi up` creates it again",
  allTagMembersInvalid: "none of these members exists in WeCom or in the principal's range: check people.csv",
  tagNameExists:
    "WeCom already has a tag of this name: adopt it with `tag_id:` in roles.yaml (or `pulumi import`), or rename the role",
  tokenMissing: "run the command again; if it persists, check the machine's clock",
  invalidToken: "run the command again; if it persists, check the machine's clock",
  tokenExpired: "run the command again; if it persists, check the machine's clock",
  freqLimit: "WeCom's per-minute limit: wait a minute and run the command again",
  concurrencyLimit: "too many calls at once: run again with `pulumi up --parallel 4`",
  apiForbidden:
    "this secret may not call the API: check which secret the wecom:* config gives this principal",
  contactAssistantForbidden:
    "WeCom does not let the contacts-sync secret read contact details from an IP added to 通讯录同步 after " +
    "2022-08-15: call from an IP listed there before that date (docs/import.md)",
  appDisabled: "the app is disabled in WeCom's admin console: enable it there, or remove it from apps.yaml",
  departmentNotFound: "the department does not exist: check the departments in tenant.yaml",
  invalidDepartmentId: "the department does not exist: check the departments in tenant.yaml",
  noPrivilege:
    "the principal has no right on this object: a tag can be changed only by the secret that created it, and an " +
    `app sees only members in its visible range (${inline(CONSOLE.appVisibleRange)})`,
  userNotFound: "the userid does not exist in WeCom: check people.csv",
  userNotExist: "the userid does not exist in WeCom: check people.csv",
  allTargetsInvalid: "check that the userids, departments and tags exist and are in the principal's range",
  domainNotVerified: `verify the domain first: ${inline(CONSOLE.appTrustedDomain)}`,
  noAppPermission: "the app secret does not belong to this agentid: check wecom:appSecrets",
  checkinInvalidParameter:
    "WeCom refused the check-in rule (unknown groupid, a missing field, or no Wi-Fi and no location): compare the rule with checkin.yaml",
  creatorUndeletable: `the corp creator cannot be deleted: transfer the creator role first (${inline(CONSOLE.permissionManagement)})`,
};

const ADVICE_BY_CODE: ReadonlyMap<number, string> = new Map(
  Object.entries(ERRCODE_ADVICE).map(([name, advice]) => [ERRCODES[name as ErrcodeName].code, advice]),
);

/** What to do about an errcode, when the table says. */
export function errcodeAdvice(errcode: number): string | undefined {
  return ADVICE_BY_CODE.get(errcode);
}

/** The errmsg the sandbox sends for an errcode (before the hint trailer). */
export function errcodeMessage(errcode: number): string {
  const s = BY_CODE.get(errcode);
  return (s && "errmsg" in s ? s.errmsg : undefined) ?? "unknown error";
}
