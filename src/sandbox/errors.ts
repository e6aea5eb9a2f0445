/**
 * WeCom error bodies as the sandbox sends them: errcode + errmsg (with WeCom's hint trailer), HTTP 200.
 * Messages follow wecom-api.md §7.1 ("errmsg seen"); clients must branch on errcode only.
 */
import { ERRCODE } from "../wecom/wire";

/** Error codes the sandbox returns that the client does not branch on (so wire.ts does not name them). */
export const SANDBOX_ERRCODE = {
  requireGet: 43001,
  requirePost: 43002,
  dataFormat: 47001,
  invalidParameter58: 40058,
  accountLimit: 45024,
  departmentNameLength: 60001,
  parentNotFound: 60004,
  departmentHasMembers: 60005,
  departmentHasChildren: 60006,
  departmentIsRoot: 60007,
  departmentExists: 60008,
  departmentCycle: 60010,
  invalidMobile: 60103,
  mobileExists: 60104,
  invalidEmail: 60105,
  emailExists: 60106,
  tooManyDepartments: 60110,
  invalidName: 60112,
  invalidDepartmentName: 60125,
  departmentMissing: 60127,
  mobileAndEmailEmpty: 60129,
  noExternalContactRelation: 84061,
  userIdUnchangeable: 301036,
} as const;

const MESSAGES: Record<number, string> = {
  [ERRCODE.busy]: "system busy",
  [ERRCODE.invalidSecret]: "invalid credential",
  [ERRCODE.invalidUserId]: "invalid userid",
  [ERRCODE.invalidCorpId]: "invalid corpid",
  [ERRCODE.invalidToken]: "invalid access_token",
  [ERRCODE.invalidUserList]: "invalid userid list",
  [ERRCODE.invalidUserListLength]: "invalid userid list size",
  [ERRCODE.invalidParameter]: "invalid parameter",
  [ERRCODE.invalidAgentId]: "invalid agentid",
  [ERRCODE.invalidDepartmentList]: "invalid department list",
  [ERRCODE.invalidTagId]: "invalid tagid",
  [ERRCODE.allTagMembersInvalid]: "all list invalid",
  [ERRCODE.tagNameExists]: "tagname exist",
  [ERRCODE.invalidUrl]: "invalid url",
  [ERRCODE.tokenMissing]: "access_token missing",
  [ERRCODE.corpIdMissing]: "corpid missing",
  [ERRCODE.secretMissing]: "corpsecret missing",
  [ERRCODE.userIdMissing]: "userid missing",
  [ERRCODE.tokenExpired]: "access_token expired",
  [ERRCODE.descriptionLength]: "invalid description length",
  [ERRCODE.freqLimit]: "api freq out of limit",
  [ERRCODE.nameLength]: "invalid name length",
  [ERRCODE.concurrencyLimit]: "api concurrent out of limit",
  [ERRCODE.apiForbidden]: "api forbidden",
  [ERRCODE.appDisabled]: "app is disabled",
  [ERRCODE.departmentNotFound]: "department not found",
  [ERRCODE.noPrivilege]: "no privilege to access/modify contact/party/agent",
  [ERRCODE.ipNotAllowed]: "not allow to access from your ip",
  [ERRCODE.userIdExists]: "userid existed",
  [ERRCODE.userNotFound]: "userid not found",
  [ERRCODE.invalidDepartmentId]: "invalid department id",
  [ERRCODE.domainNotVerified]: "redirect_domain not verified",
  [ERRCODE.noAppPermission]: "no permission of this app",
  [ERRCODE.creatorUndeletable]: "can not delete the creator of corp",
  [SANDBOX_ERRCODE.requireGet]: "require GET method",
  [SANDBOX_ERRCODE.requirePost]: "require POST method",
  [SANDBOX_ERRCODE.dataFormat]: "data format error",
  [SANDBOX_ERRCODE.invalidParameter58]: "invalid parameter",
  [SANDBOX_ERRCODE.accountLimit]: "reach max tag count",
  [SANDBOX_ERRCODE.departmentNameLength]: "invalid department name length",
  [SANDBOX_ERRCODE.parentNotFound]: "parent department not found",
  [SANDBOX_ERRCODE.departmentHasMembers]: "department contains members",
  [SANDBOX_ERRCODE.departmentHasChildren]: "department contains sub-department",
  [SANDBOX_ERRCODE.departmentIsRoot]: "not allow to delete root department",
  [SANDBOX_ERRCODE.departmentExists]: "department existed",
  [SANDBOX_ERRCODE.departmentCycle]: "department cycle",
  [SANDBOX_ERRCODE.invalidMobile]: "invalid mobile",
  [SANDBOX_ERRCODE.mobileExists]: "mobile existed",
  [SANDBOX_ERRCODE.invalidEmail]: "invalid email",
  [SANDBOX_ERRCODE.emailExists]: "email existed",
  [SANDBOX_ERRCODE.tooManyDepartments]: "user in too many departments",
  [SANDBOX_ERRCODE.invalidName]: "invalid name",
  [SANDBOX_ERRCODE.invalidDepartmentName]: "invalid department name",
  [SANDBOX_ERRCODE.departmentMissing]: "department missing",
  [SANDBOX_ERRCODE.mobileAndEmailEmpty]: "mobile and email can not be both empty",
  [SANDBOX_ERRCODE.noExternalContactRelation]: "no external contact relation",
  [SANDBOX_ERRCODE.userIdUnchangeable]: "userid can not be changed",
};

// GUESS: only the strings in wecom-api.md §7.1's "errmsg seen" column are WeCom's; the others are
// plausible English stand-ins (clients must not read errmsg anyway).

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
  const base = MESSAGES[errcode] ?? "unknown error";
  hintCounter = (hintCounter + 1) % 1_000_000;
  const hint = `${Date.now()}${String(hintCounter).padStart(6, "0")}`;
  const head = detail ? `${base}: ${detail}` : base;
  return `${head}, hint: [${hint}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}
