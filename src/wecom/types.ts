/**
 * The client's camelCase domain model. WeCom's snake_case wire shapes (wire.ts) are converted to these in
 * mapper.ts only. Times are Unix seconds, as WeCom sends them.
 */

export interface Tag {
  tagId: number;
  name: string;
}

export interface TagDetail extends Tag {
  userIds: string[];
  partyIds: number[];
}

export interface TagMembers {
  userIds?: string[];
  partyIds?: number[];
}

export interface Department {
  id: number;
  name: string;
  nameEn?: string;
  leaderUserIds: string[];
  parentId: number;
  order?: number;
}

/** department/simplelist row. */
export interface DepartmentRef {
  id: number;
  parentId: number;
  order: number;
}

export interface NewDepartment {
  name: string;
  nameEn?: string;
  parentId: number;
  order?: number;
  /** Must be > 1; WeCom assigns one when absent. */
  id?: number;
}

export interface DepartmentPatch {
  name?: string;
  nameEn?: string;
  parentId?: number;
  order?: number;
}

/** user/get `status` 1 / 2 / 4 / 5. */
export type MemberStatus = "active" | "disabled" | "inactive" | "exited";

export interface Member {
  userId: string;
  name: string;
  departmentIds: number[];
  status: MemberStatus;
  /** Present only when WeCom echoes `enable` (user/list does; user/get is unconfirmed). */
  enabled?: boolean;
  mainDepartment?: number;
  position?: string;
  mobile?: string;
  email?: string;
  alias?: string;
  directLeaders?: string[];
}

export interface NewMember {
  userId: string;
  name: string;
  departmentIds: number[];
  mobile?: string;
  email?: string;
  position?: string;
  enabled?: boolean;
  mainDepartment?: number;
  toInvite?: boolean;
}

export interface MemberPatch {
  name?: string;
  departmentIds?: number[];
  mobile?: string;
  email?: string;
  position?: string;
  enabled?: boolean;
  mainDepartment?: number;
}

/** user/simplelist row. */
export interface MemberRef {
  userId: string;
  name: string;
  departmentIds: number[];
}

/** One member from user/list_id, its one-row-per-department rows merged. */
export interface MemberDepartments {
  userId: string;
  /** Ascending, no duplicates. */
  departmentIds: number[];
}

export interface Agent {
  agentId: number;
  name: string;
  squareLogoUrl?: string;
  description: string;
  /** The visible range (可见范围). */
  allowUserIds: string[];
  allowPartyIds: number[];
  allowTagIds: number[];
  /** `close` = 1: the app is disabled (停用). */
  closed: boolean;
  redirectDomain: string;
  /** `report_location_flag` = 1: location reported when a member enters the app session. */
  reportLocation: boolean;
  /** `isreportenter` = 1: "member entered the app" events are pushed. */
  reportEnter: boolean;
  homeUrl: string;
}

export interface AgentSummary {
  agentId: number;
  name: string;
  squareLogoUrl?: string;
}

/** The complete settable set of agent/set (path/90228). */
export interface AgentPatch {
  name?: string;
  description?: string;
  redirectDomain?: string;
  reportLocation?: boolean;
  reportEnter?: boolean;
  homeUrl?: string;
  logoMediaId?: string;
}

export interface AgentAdmin {
  userId: string;
  /** auth_type 1 = may manage the app, 0 = may only send messages. */
  authType: "manage" | "message";
}

/** get_permit_user_list `type`: 1 办公版 office, 2 服务版 service, 3 企业版 enterprise. */
export type ArchiveEdition = "office" | "service" | "enterprise";

export interface SingleAgreeQuery {
  userId: string;
  externalOpenId: string;
}

export type AgreeStatus = "Agree" | "Disagree";

export interface SingleAgree {
  userId: string;
  externalOpenId: string;
  agreeStatus: AgreeStatus;
  statusChangeTime: number;
}

export interface RoomAgree {
  externalOpenId: string;
  agreeStatus: AgreeStatus;
  statusChangeTime: number;
}

export interface OperLogQuery {
  /** Unix seconds, inclusive; not older than 180 days. */
  start: number;
  /** Unix seconds, inclusive; clamped to now. */
  end: number;
  operType?: number;
  /** The operator (admin log) or member (member log). */
  userId?: string;
}

export interface AdminOperLog {
  time: number;
  userId: string;
  operType: number;
  detailType?: number;
  detailInfo: string;
  ip: string;
}

export interface MemberOperLog {
  time: number;
  userId: string;
  operType: number;
  detailInfo: string;
  ip: string;
}

export interface UnassignedCustomer {
  handoverUserId: string;
  externalUserId: string;
  dimissionTime: number;
}

export interface CustomerTransfer {
  externalUserId: string;
  /** 0: the hand-over started (it completes after 24 h); otherwise WeCom's per-customer errcode. */
  errcode: number;
}

/** transfer_result status 1..5. */
export type TransferStatus = "done" | "waiting" | "refused" | "limit-reached" | "no-record";

export interface CustomerTransferResult {
  externalUserId: string;
  status: TransferStatus;
  takeoverTime: number;
}

// ---------------------------------------------------------------------------------------------
// Chat intercept rules (管理聊天敏感词, path/95130)

/** semantics_list 1, 2, 3 — the same names as the policy (protection.yaml). */
export type InterceptSemantic = "phone" | "email" | "red_packet";

/** intercept_type 1 = block (warn and stop sending), 2 = warn (warn only). */
export type InterceptAction = "block" | "warn";

/** Who a rule applies to: userids and department ids (sub-departments included by WeCom). */
export interface InterceptRange {
  userIds: string[];
  departmentIds: number[];
}

/** A row of get_intercept_rule_list. */
export interface InterceptRuleSummary {
  ruleId: string;
  name: string;
  /** Unix seconds. */
  createTime: number;
}

/** A rule as get_intercept_rule returns it; lists sorted and without duplicates (they are sets). */
export interface InterceptRule {
  ruleId: string;
  name: string;
  words: string[];
  semantics: InterceptSemantic[];
  action: InterceptAction;
  /** Only the part inside the calling app's visible range (path/95130). */
  range: InterceptRange;
  /** Unix seconds; absent when WeCom leaves it out. */
  createTime?: number;
}

export interface NewInterceptRule {
  name: string;
  words: string[];
  semantics: InterceptSemantic[];
  action: InterceptAction;
  range: InterceptRange;
}

/**
 * update_intercept_rule: only the fields given change. `words` and `semantics` replace the whole list
 * (semantics [] clears them; words cannot be cleared); the range changes by adding and removing nodes.
 */
export interface InterceptRulePatch {
  name?: string;
  words?: string[];
  semantics?: InterceptSemantic[];
  action?: InterceptAction;
  addRange?: Partial<InterceptRange>;
  removeRange?: Partial<InterceptRange>;
}
