/**
 * The one place where WeCom's snake_case wire shapes become the camelCase model and back (STYLE.md).
 * Optional fields are copied only when present (exactOptionalPropertyTypes).
 */
import type * as W from "./wire";
import type * as T from "./types";

// ---------------------------------------------------------------------------------------------
// Tags

export function tagFromWire(t: W.TagListResponse["taglist"][number]): T.Tag {
  return { tagId: t.tagid, name: t.tagname };
}

export function tagDetailFromWire(tagId: number, r: W.TagGetResponse): T.TagDetail {
  return {
    tagId,
    name: r.tagname,
    userIds: (r.userlist ?? []).map((u) => u.userid),
    partyIds: [...(r.partylist ?? [])],
  };
}

/** WeCom joins rejected userids with "|" in `invalidlist` (path/90214). */
export function invalidUsersFromWire(r: W.TagUsersResponse): string[] {
  return r.invalidlist ? r.invalidlist.split("|").filter((s) => s.length > 0) : [];
}

export function invalidPartiesFromWire(r: W.TagUsersResponse): number[] {
  return [...(r.invalidparty ?? [])];
}

// ---------------------------------------------------------------------------------------------
// Departments

export function departmentFromWire(d: W.WireDepartment): T.Department {
  return {
    id: d.id,
    name: d.name,
    ...(d.name_en !== undefined && { nameEn: d.name_en }),
    leaderUserIds: [...(d.department_leader ?? [])],
    parentId: d.parentid,
    ...(d.order !== undefined && { order: d.order }),
  };
}

export function departmentRefFromWire(
  d: W.DepartmentSimplelistResponse["department_id"][number],
): T.DepartmentRef {
  return { id: d.id, parentId: d.parentid, order: d.order };
}

export function newDepartmentToWire(d: T.NewDepartment): W.DepartmentCreateRequest {
  return {
    name: d.name,
    ...(d.nameEn !== undefined && { name_en: d.nameEn }),
    parentid: d.parentId,
    ...(d.order !== undefined && { order: d.order }),
    ...(d.id !== undefined && { id: d.id }),
  };
}

export function departmentPatchToWire(id: number, p: T.DepartmentPatch): W.DepartmentUpdateRequest {
  return {
    id,
    ...(p.name !== undefined && { name: p.name }),
    ...(p.nameEn !== undefined && { name_en: p.nameEn }),
    ...(p.parentId !== undefined && { parentid: p.parentId }),
    ...(p.order !== undefined && { order: p.order }),
  };
}

// ---------------------------------------------------------------------------------------------
// Members

const STATUS: Readonly<Record<number, T.MemberStatus>> = {
  1: "active",
  2: "disabled",
  4: "inactive",
  5: "exited",
};

export function memberStatusFromWire(status: number): T.MemberStatus {
  // GUESS: WeCom documents only 1/2/4/5; anything else is reported as not activated rather than failing.
  return STATUS[status] ?? "inactive";
}

export function memberFromWire(u: W.WireUser): T.Member {
  return {
    userId: u.userid,
    name: u.name,
    departmentIds: [...(u.department ?? [])],
    status: memberStatusFromWire(u.status),
    ...(u.enable !== undefined && { enabled: u.enable === 1 }),
    ...(u.main_department !== undefined && { mainDepartment: u.main_department }),
    ...(u.position !== undefined && { position: u.position }),
    ...(u.mobile !== undefined && { mobile: u.mobile }),
    ...(u.email !== undefined && { email: u.email }),
    ...(u.alias !== undefined && { alias: u.alias }),
    ...(u.direct_leader !== undefined && { directLeaders: [...u.direct_leader] }),
  };
}

export function memberRefFromWire(u: W.UserSimplelistResponse["userlist"][number]): T.MemberRef {
  return { userId: u.userid, name: u.name, departmentIds: [...(u.department ?? [])] };
}

export function newMemberToWire(m: T.NewMember): W.UserCreateRequest {
  return {
    userid: m.userId,
    name: m.name,
    department: [...m.departmentIds],
    ...(m.mobile !== undefined && { mobile: m.mobile }),
    ...(m.email !== undefined && { email: m.email }),
    ...(m.position !== undefined && { position: m.position }),
    ...(m.enabled !== undefined && { enable: m.enabled ? 1 : 0 }),
    ...(m.mainDepartment !== undefined && { main_department: m.mainDepartment }),
    ...(m.toInvite !== undefined && { to_invite: m.toInvite }),
  };
}

export function memberPatchToWire(userId: string, p: T.MemberPatch): W.UserUpdateRequest {
  return {
    userid: userId,
    ...(p.name !== undefined && { name: p.name }),
    ...(p.departmentIds !== undefined && { department: [...p.departmentIds] }),
    ...(p.mobile !== undefined && { mobile: p.mobile }),
    ...(p.email !== undefined && { email: p.email }),
    ...(p.position !== undefined && { position: p.position }),
    ...(p.enabled !== undefined && { enable: p.enabled ? 1 : 0 }),
    ...(p.mainDepartment !== undefined && { main_department: p.mainDepartment }),
  };
}

/** Merges user/list_id's one-row-per-(member, department) rows; members keep first-seen order. */
export function memberDepartmentsFromRows(
  rows: readonly W.UserListIdResponse["dept_user"][number][],
): T.MemberDepartments[] {
  const byUser = new Map<string, Set<number>>();
  for (const row of rows) {
    let depts = byUser.get(row.userid);
    if (!depts) {
      depts = new Set();
      byUser.set(row.userid, depts);
    }
    depts.add(row.department);
  }
  return [...byUser].map(([userId, depts]) => ({ userId, departmentIds: [...depts].sort((a, b) => a - b) }));
}

// ---------------------------------------------------------------------------------------------
// Agents

export function agentFromWire(a: W.AgentGetResponse): T.Agent {
  return {
    agentId: a.agentid,
    name: a.name,
    ...(a.square_logo_url !== undefined && { squareLogoUrl: a.square_logo_url }),
    description: a.description ?? "",
    allowUserIds: (a.allow_userinfos?.user ?? []).map((u) => u.userid),
    allowPartyIds: [...(a.allow_partys?.partyid ?? [])],
    allowTagIds: [...(a.allow_tags?.tagid ?? [])],
    closed: a.close === 1,
    redirectDomain: a.redirect_domain ?? "",
    reportLocation: a.report_location_flag === 1,
    reportEnter: a.isreportenter === 1,
    homeUrl: a.home_url ?? "",
  };
}

export function agentSummaryFromWire(a: W.AgentListResponse["agentlist"][number]): T.AgentSummary {
  return {
    agentId: a.agentid,
    name: a.name,
    ...(a.square_logo_url !== undefined && { squareLogoUrl: a.square_logo_url }),
  };
}

export function agentPatchToWire(agentId: number, p: T.AgentPatch): W.AgentSetRequest {
  return {
    agentid: agentId,
    ...(p.name !== undefined && { name: p.name }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.redirectDomain !== undefined && { redirect_domain: p.redirectDomain }),
    ...(p.reportLocation !== undefined && { report_location_flag: p.reportLocation ? 1 : 0 }),
    ...(p.reportEnter !== undefined && { isreportenter: p.reportEnter ? 1 : 0 }),
    ...(p.homeUrl !== undefined && { home_url: p.homeUrl }),
    ...(p.logoMediaId !== undefined && { logo_mediaid: p.logoMediaId }),
  };
}

/**
 * The fields of `patch` that `live` does not yet have. `logoMediaId` cannot be read back (agent/get
 * returns a URL, not the media id), so it is always reported as pending.
 */
export function agentPatchPending(live: T.Agent, patch: T.AgentPatch): T.AgentPatch {
  return {
    ...(patch.name !== undefined && patch.name !== live.name && { name: patch.name }),
    ...(patch.description !== undefined &&
      patch.description !== live.description && { description: patch.description }),
    ...(patch.redirectDomain !== undefined &&
      patch.redirectDomain !== live.redirectDomain && { redirectDomain: patch.redirectDomain }),
    ...(patch.reportLocation !== undefined &&
      patch.reportLocation !== live.reportLocation && { reportLocation: patch.reportLocation }),
    ...(patch.reportEnter !== undefined &&
      patch.reportEnter !== live.reportEnter && { reportEnter: patch.reportEnter }),
    ...(patch.homeUrl !== undefined && patch.homeUrl !== live.homeUrl && { homeUrl: patch.homeUrl }),
    ...(patch.logoMediaId !== undefined && { logoMediaId: patch.logoMediaId }),
  };
}

export function agentAdminFromWire(a: W.AgentGetAdminListResponse["admin"][number]): T.AgentAdmin {
  return { userId: a.userid, authType: a.auth_type === 1 ? "manage" : "message" };
}

// ---------------------------------------------------------------------------------------------
// Message archive

const EDITION: Readonly<Record<T.ArchiveEdition, 1 | 2 | 3>> = { office: 1, service: 2, enterprise: 3 };

export function archiveEditionToWire(e: T.ArchiveEdition): 1 | 2 | 3 {
  return EDITION[e];
}

export function singleAgreeQueryToWire(q: T.SingleAgreeQuery): W.CheckSingleAgreeRequest["info"][number] {
  return { userid: q.userId, exteranalopenid: q.externalOpenId };
}

export function singleAgreeFromWire(a: W.CheckSingleAgreeResponse["agreeinfo"][number]): T.SingleAgree {
  return {
    userId: a.userid,
    externalOpenId: a.exteranalopenid,
    agreeStatus: a.agree_status,
    statusChangeTime: a.status_change_time,
  };
}

export function roomAgreeFromWire(a: W.CheckRoomAgreeResponse["agreeinfo"][number]): T.RoomAgree {
  return {
    externalOpenId: a.exteranalopenid,
    agreeStatus: a.agree_status,
    statusChangeTime: a.status_change_time,
  };
}

// ---------------------------------------------------------------------------------------------
// Security logs

export function adminOperLogFromWire(r: W.AdminOperLogRecord): T.AdminOperLog {
  return {
    time: r.time,
    userId: r.userid,
    operType: r.oper_type,
    ...(r.detail_type !== undefined && { detailType: r.detail_type }),
    detailInfo: r.detail_info,
    ip: r.ip,
  };
}

export function memberOperLogFromWire(r: W.MemberOperLogRecord): T.MemberOperLog {
  return { time: r.time, userId: r.userid, operType: r.oper_type, detailInfo: r.detail_info, ip: r.ip };
}

// ---------------------------------------------------------------------------------------------
// Departed members' customers

export function unassignedFromWire(i: W.GetUnassignedListResponse["info"][number]): T.UnassignedCustomer {
  return {
    handoverUserId: i.handover_userid,
    externalUserId: i.external_userid,
    dimissionTime: i.dimission_time,
  };
}

export function customerTransferFromWire(
  c: W.TransferCustomerResponse["customer"][number],
): T.CustomerTransfer {
  return { externalUserId: c.external_userid, errcode: c.errcode };
}

const TRANSFER_STATUS: Readonly<Record<number, T.TransferStatus>> = {
  1: "done",
  2: "waiting",
  3: "refused",
  4: "limit-reached",
  5: "no-record",
};

export function transferResultFromWire(
  c: W.TransferResultResponse["customer"][number],
): T.CustomerTransferResult {
  return {
    externalUserId: c.external_userid,
    // GUESS: an undocumented status value is reported as "no-record" rather than failing the read.
    status: TRANSFER_STATUS[c.status] ?? "no-record",
    takeoverTime: c.takeover_time,
  };
}

// ---------------------------------------------------------------------------------------------
// Chat intercept rules (path/95130)

const SEMANTIC_FROM_WIRE: Readonly<Record<number, T.InterceptSemantic>> = {
  1: "phone",
  2: "email",
  3: "red_packet",
};
const SEMANTIC_TO_WIRE: Readonly<Record<T.InterceptSemantic, W.WireInterceptSemantic>> = {
  phone: 1,
  email: 2,
  red_packet: 3,
};

const sortedStrings = (xs: readonly string[]): string[] =>
  [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const sortedNumbers = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

export function interceptSemanticsToWire(s: readonly T.InterceptSemantic[]): W.WireInterceptSemantic[] {
  return sortedNumbers(s.map((x) => SEMANTIC_TO_WIRE[x])) as W.WireInterceptSemantic[];
}

export function interceptSemanticsFromWire(codes: readonly number[]): T.InterceptSemantic[] {
  // GUESS: a semantics code WeCom adds later (beyond 1–3) is left out rather than failing the read.
  return sortedStrings(codes.flatMap((c) => SEMANTIC_FROM_WIRE[c] ?? [])) as T.InterceptSemantic[];
}

export function interceptActionToWire(a: T.InterceptAction): W.WireInterceptType {
  return a === "block" ? 1 : 2;
}

export function interceptActionFromWire(t: number): T.InterceptAction {
  // GUESS: an undocumented intercept_type is read as "warn", the weaker action, so a check fails safe.
  return t === 1 ? "block" : "warn";
}

export function interceptRangeToWire(r: Partial<T.InterceptRange>): W.WireInterceptRange {
  return {
    ...(r.userIds && r.userIds.length > 0 && { user_list: sortedStrings(r.userIds) }),
    ...(r.departmentIds && r.departmentIds.length > 0 && { department_list: sortedNumbers(r.departmentIds) }),
  };
}

export function interceptRangeFromWire(r: W.WireInterceptRange | undefined): T.InterceptRange {
  return {
    userIds: sortedStrings(r?.user_list ?? []),
    departmentIds: sortedNumbers(r?.department_list ?? []),
  };
}

export function interceptRuleSummaryFromWire(
  r: W.GetInterceptRuleListResponse["rule_list"][number],
): T.InterceptRuleSummary {
  return { ruleId: String(r.rule_id), name: r.rule_name, createTime: r.create_time };
}

/** `ruleId` is the id asked for: the detail's own rule_id is a number in the doc's example. */
export function interceptRuleFromWire(ruleId: string, r: W.WireInterceptRule): T.InterceptRule {
  return {
    ruleId,
    name: r.rule_name,
    words: sortedStrings(r.word_list ?? []),
    semantics: interceptSemanticsFromWire(r.extra_rule?.semantics_list ?? r.semantics_list ?? []),
    action: interceptActionFromWire(r.intercept_type),
    range: interceptRangeFromWire(r.applicable_range),
    ...(r.create_time !== undefined && { createTime: r.create_time }),
  };
}

export function newInterceptRuleToWire(r: T.NewInterceptRule): W.AddInterceptRuleRequest {
  const semantics = interceptSemanticsToWire(r.semantics);
  return {
    rule_name: r.name,
    word_list: sortedStrings(r.words),
    ...(semantics.length > 0 && { semantics_list: semantics }),
    intercept_type: interceptActionToWire(r.action),
    applicable_range: interceptRangeToWire(r.range),
  };
}

export function interceptRulePatchToWire(
  ruleId: string,
  p: T.InterceptRulePatch,
): W.UpdateInterceptRuleRequest {
  const add = p.addRange ? interceptRangeToWire(p.addRange) : {};
  const remove = p.removeRange ? interceptRangeToWire(p.removeRange) : {};
  return {
    rule_id: ruleId,
    ...(p.name !== undefined && { rule_name: p.name }),
    ...(p.words !== undefined && { word_list: sortedStrings(p.words) }),
    ...(p.semantics !== undefined && {
      extra_rule: { semantics_list: interceptSemanticsToWire(p.semantics) },
    }),
    ...(p.action !== undefined && { intercept_type: interceptActionToWire(p.action) }),
    ...(Object.keys(add).length > 0 && { add_applicable_range: add }),
    ...(Object.keys(remove).length > 0 && { remove_applicable_range: remove }),
  };
}

const sameSet = <X>(a: readonly X[], b: readonly X[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * What of a patch the live rule does not show yet (for the read-back): the fields still different, the
 * range nodes still missing or still present. WeCom userids compare case-insensitively.
 */
export function interceptRulePatchPending(
  live: T.InterceptRule,
  p: T.InterceptRulePatch,
): T.InterceptRulePatch {
  const hasUser = (u: string): boolean => live.range.userIds.some((x) => x.toLowerCase() === u.toLowerCase());
  const out: T.InterceptRulePatch = {};
  if (p.name !== undefined && p.name !== live.name) out.name = p.name;
  if (p.words !== undefined && !sameSet(sortedStrings(p.words), live.words)) out.words = p.words;
  if (p.semantics !== undefined && !sameSet(sortedStrings(p.semantics), live.semantics))
    out.semantics = p.semantics;
  if (p.action !== undefined && p.action !== live.action) out.action = p.action;
  const addUsers = (p.addRange?.userIds ?? []).filter((u) => !hasUser(u));
  const addDepts = (p.addRange?.departmentIds ?? []).filter((d) => !live.range.departmentIds.includes(d));
  if (addUsers.length + addDepts.length > 0) out.addRange = { userIds: addUsers, departmentIds: addDepts };
  const removeUsers = (p.removeRange?.userIds ?? []).filter(hasUser);
  const removeDepts = (p.removeRange?.departmentIds ?? []).filter((d) =>
    live.range.departmentIds.includes(d),
  );
  if (removeUsers.length + removeDepts.length > 0)
    out.removeRange = { userIds: removeUsers, departmentIds: removeDepts };
  return out;
}
