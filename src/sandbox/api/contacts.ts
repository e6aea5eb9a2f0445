/**
 * Departments and members: path/90195–90208, 95350, 95351, 96067. Only the contacts-sync principal
 * writes (the server enforces that); app tokens read inside their visible range only (60011 outside).
 */
import { createHash } from "node:crypto";
import { USER_BATCH_DELETE, USER_LIST_ID_LIMIT } from "../../wecom/wire";
import { WeComError } from "../errors";
import type { StoredUser } from "../state";
import type { Principal, Tenant } from "../tenant";
import {
  type Call,
  type Handler,
  ERRCODE,
  decodeCursor,
  encodeCursor,
  EncodedFields,
  optFlag,
  optInt,
  optIntList,
  optStr,
  optStrList,
  reqInt,
} from "./call";

const E = ERRCODE;
const USERID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
const MOBILE = /^(\+\d{1,4}[- ]?)?\d{5,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const BAD_DEPT_CHARS = /[\\:*?"<>|]/;

// ---------------------------------------------------------------------------------------------
// Departments

function departmentName(v: unknown): string {
  if (typeof v !== "string") throw new WeComError(E.departmentNameLength);
  const n = [...v].length;
  if (n < 1 || n > 32) throw new WeComError(E.departmentNameLength);
  if (BAD_DEPT_CHARS.test(v)) throw new WeComError(E.invalidDepartmentName);
  return v;
}

function siblingNamed(tenant: Tenant, parentid: number, name: string, except?: number): boolean {
  return tenant
    .childDepartments(parentid)
    .some((id) => id !== except && tenant.department(id)?.name === name);
}

function renderDepartment(tenant: Tenant, id: number) {
  const d = tenant.department(id);
  if (!d) throw new WeComError(ERRCODE.departmentNotFound);
  return {
    id: d.id,
    name: d.name,
    name_en: d.name_en,
    department_leader: [...d.department_leader],
    parentid: d.parentid,
    order: d.order,
  };
}

/** The department a read asks for, checked against the caller's range. */
function visibleDepartment(call: Call, raw: unknown): number {
  const id = reqInt(raw, ERRCODE.invalidDepartmentId);
  if (!call.tenant.department(id)) throw new WeComError(ERRCODE.departmentNotFound);
  if (!call.tenant.canSeeDepartment(call.principal, id)) throw new WeComError(ERRCODE.noPrivilege);
  return id;
}

/** Departments a list returns: the subtree of `id` (whole tree when absent) inside the caller's range. */
function listedDepartments(call: Call): number[] {
  const raw = call.query.get("id");
  const { tenant, principal } = call;
  if (raw !== null && raw !== "")
    return tenant.subtree(visibleDepartment(call, raw)).filter((d) => tenant.canSeeDepartment(principal, d));
  return tenant.state.departments.map((d) => d.id).filter((d) => tenant.canSeeDepartment(principal, d));
}

const departmentCreate: Handler = (call) => {
  const { tenant, body } = call;
  const name = departmentName(body["name"]);
  const parentid = reqInt(body["parentid"], E.parentNotFound);
  if (!tenant.department(parentid)) throw new WeComError(E.parentNotFound);
  const order = optInt(body["order"], E.invalidParameter58) ?? 0;
  const nameEn = optStr(body["name_en"], E.invalidParameter58) ?? "";
  const wanted = optInt(body["id"], ERRCODE.invalidDepartmentId);
  if (wanted !== undefined && wanted <= 1) throw new WeComError(ERRCODE.invalidDepartmentId);
  if (wanted !== undefined && tenant.department(wanted)) throw new WeComError(E.departmentExists);
  if (siblingNamed(tenant, parentid, name)) throw new WeComError(E.departmentExists);
  const id = wanted ?? tenant.state.departments.reduce((m, d) => Math.max(m, d.id), 1) + 1;
  tenant.state.departments.push({ id, name, name_en: nameEn, parentid, order, department_leader: [] });
  tenant.touch({ departments: true });
  return { id };
};

const departmentUpdate: Handler = (call) => {
  const { tenant, body } = call;
  const id = reqInt(body["id"], ERRCODE.departmentNotFound);
  const d = tenant.department(id);
  if (!d) throw new WeComError(ERRCODE.departmentNotFound);
  const name = body["name"] === undefined ? d.name : departmentName(body["name"]);
  const parentid = optInt(body["parentid"], E.parentNotFound) ?? d.parentid;
  if (parentid !== d.parentid) {
    if (!tenant.department(parentid)) throw new WeComError(E.parentNotFound);
    if (d.parentid === 0 || tenant.subtree(id).includes(parentid)) throw new WeComError(E.departmentCycle);
  }
  if ((name !== d.name || parentid !== d.parentid) && siblingNamed(tenant, parentid, name, id)) {
    throw new WeComError(E.departmentExists);
  }
  const order = optInt(body["order"], E.invalidParameter58);
  const nameEn = optStr(body["name_en"], E.invalidParameter58);
  d.name = name;
  d.parentid = parentid;
  if (order !== undefined) d.order = order;
  if (nameEn !== undefined) d.name_en = nameEn;
  tenant.touch({ departments: true });
  return {};
};

const departmentDelete: Handler = (call) => {
  const { tenant } = call;
  const id = reqInt(call.query.get("id"), ERRCODE.departmentNotFound);
  const d = tenant.department(id);
  if (!d) throw new WeComError(ERRCODE.departmentNotFound);
  if (d.parentid === 0) throw new WeComError(E.departmentIsRoot);
  if (tenant.childDepartments(id).length > 0) throw new WeComError(E.departmentHasChildren);
  if (tenant.membersOf(id).size > 0) throw new WeComError(E.departmentHasMembers);
  tenant.state.departments = tenant.state.departments.filter((x) => x.id !== id);
  for (const a of tenant.state.agents) a.allow_partys = a.allow_partys.filter((x) => x !== id);
  for (const t of tenant.state.tags) t.partylist = t.partylist.filter((x) => x !== id);
  tenant.touch({ departments: true });
  return {};
};

const departmentList: Handler = (call) => ({
  department: listedDepartments(call).map((id) => renderDepartment(call.tenant, id)),
});

const departmentSimplelist: Handler = (call) => ({
  department_id: listedDepartments(call).map((id) => {
    const d = renderDepartment(call.tenant, id);
    return { id: d.id, parentid: d.parentid, order: d.order };
  }),
});

const departmentGet: Handler = (call) => ({
  department: renderDepartment(call.tenant, visibleDepartment(call, call.query.get("id"))),
});

// ---------------------------------------------------------------------------------------------
// Members

function renderUser(tenant: Tenant, u: StoredUser, p: Principal): Record<string, unknown> {
  // path/90196: `department` holds only departments the caller may see.
  const idx = u.department.map((d, i) => [d, i] as const).filter(([d]) => tenant.canSeeDepartment(p, d));
  const out: Record<string, unknown> = {
    userid: u.userid,
    name: u.name,
    department: idx.map(([d]) => d),
    order: idx.map(([, i]) => u.order[i] ?? 0),
    position: u.position,
    is_leader_in_dept: idx.map(([, i]) => u.is_leader_in_dept[i] ?? 0),
    direct_leader: [...u.direct_leader],
    alias: u.alias,
    status: tenant.status(u),
    // wecom-api.md §2.2: `enable` in user/get is unconfirmed; the sandbox echoes it (wire.ts WireUser).
    enable: u.enable,
    main_department: u.main_department,
  };
  out["extattr"] = u.extattr ?? { attrs: [] };
  out["external_position"] = u.external_position ?? "";
  out["external_profile"] = u.external_profile ?? {
    external_corp_name: tenant.department(1)?.name ?? "",
    wechat_channels: { nickname: "", status: 0 },
    external_attr: [],
  };
  // GUESS: apps created after 2022-06-20 do not receive sensitive fields without member authorisation
  // (wecom-api.md §0: avatar, gender, mobile, email, biz_mail, qr_code, address; the sandbox withholds
  // telephone too); the sandbox treats every app as such and withholds them from app tokens.
  // open_userid is documented for third-party callers; only the contacts principal gets it here.
  if (p.kind !== "app") {
    const ref = opaque(`${tenant.state.corpid}/${u.userid}`);
    out["mobile"] = u.mobile;
    out["gender"] = u.gender;
    out["email"] = u.email;
    out["biz_mail"] = u.biz_mail ?? "";
    out["telephone"] = u.telephone;
    out["avatar"] = `https://wework.qpic.cn/wwpic/sandbox/${ref}/0`;
    out["thumb_avatar"] = `https://wework.qpic.cn/wwpic/sandbox/${ref}/100`;
    out["address"] = u.address ?? "";
    out["open_userid"] = `wo${ref}`;
    out["qr_code"] = `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=${ref}`;
  }
  return out;
}

/** A stable opaque id (avatars, QR codes, open_userid are opaque in WeCom too). */
function opaque(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

/** An object field of user/create or update: a JSON object, else 40058. */
function optObject<T>(raw: unknown): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new WeComError(E.invalidParameter58);
  return JSON.parse(JSON.stringify(raw)) as T;
}

function userParam(raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") throw new WeComError(ERRCODE.userIdMissing);
  if (typeof raw !== "string") throw new WeComError(ERRCODE.invalidUserId);
  return raw;
}

/** A member the caller may see: 60111 when unknown, 60011 outside an app's range. */
function visibleUser(call: Call, raw: unknown): StoredUser {
  const u = call.tenant.user(userParam(raw));
  if (!u) throw new WeComError(ERRCODE.userNotFound);
  if (!call.tenant.canSeeUser(call.principal, u.userid)) throw new WeComError(ERRCODE.noPrivilege);
  return u;
}

/** Validated member fields shared by create and update; only keys present in the body are returned. */
function memberFields(tenant: Tenant, body: Record<string, unknown>, self: StoredUser | undefined) {
  const out: Partial<StoredUser> = {};
  if (body["name"] !== undefined) {
    const name = body["name"];
    if (typeof name !== "string" || [...name].length < 1 || [...name].length > 64)
      throw new WeComError(E.invalidName);
    out.name = name;
  }
  if (body["department"] !== undefined) {
    const depts = optIntList(body["department"], ERRCODE.invalidDepartmentId) ?? [];
    if (depts.length === 0) throw new WeComError(E.departmentMissing);
    if (depts.length > 100) throw new WeComError(E.tooManyDepartments);
    for (const d of depts) if (!tenant.department(d)) throw new WeComError(ERRCODE.invalidDepartmentId);
    out.department = [...new Set(depts)];
    const order = optIntList(body["order"], E.invalidParameter58);
    // GUESS: an `order` list whose length differs from `department` is an invalid parameter (40058).
    if (order !== undefined && order.length !== depts.length) throw new WeComError(E.invalidParameter58);
    out.order = out.department.map((_, i) => order?.[i] ?? 0);
    const leader = optIntList(body["is_leader_in_dept"], E.invalidParameter58);
    out.is_leader_in_dept = out.department.map((_, i) => leader?.[i] ?? 0);
  }
  const mobile = optStr(body["mobile"], E.invalidMobile);
  if (mobile !== undefined && mobile !== "") {
    if (!MOBILE.test(mobile)) throw new WeComError(E.invalidMobile);
    if (tenant.otherWithMobile(mobile, self)) throw new WeComError(E.mobileExists);
    // path/90197: a new mobile is ignored, without error, once the member has activated.
    if (!self?.activated) out.mobile = mobile;
  }
  const email = optStr(body["email"], E.invalidEmail);
  if (email !== undefined && email !== "") {
    if (email.length < 6 || email.length > 64 || !EMAIL.test(email)) throw new WeComError(E.invalidEmail);
    if (tenant.otherWithEmail(email, self)) throw new WeComError(E.emailExists);
    out.email = email;
  }
  const position = optStr(body["position"], E.invalidParameter58);
  if (position !== undefined) {
    // GUESS: over-long position (> 128 chars) is an invalid parameter (40058).
    if ([...position].length > 128) throw new WeComError(E.invalidParameter58);
    out.position = position;
  }
  const gender = body["gender"];
  if (gender !== undefined) {
    if (gender !== "0" && gender !== "1" && gender !== "2" && gender !== 0 && gender !== 1 && gender !== 2) {
      throw new WeComError(E.invalidParameter58);
    }
    out.gender = String(gender) as "0" | "1" | "2";
  }
  const alias = optStr(body["alias"], E.invalidParameter58);
  if (alias !== undefined) out.alias = alias;
  const telephone = optStr(body["telephone"], E.invalidParameter58);
  if (telephone !== undefined) out.telephone = telephone;
  const leaders = optStrList(body["direct_leader"], E.invalidParameter58);
  if (leaders !== undefined) {
    if (leaders.length > 5 || leaders.some((l) => !tenant.user(l)))
      throw new WeComError(ERRCODE.invalidUserId);
    out.direct_leader = leaders.map((l) => (tenant.user(l) as StoredUser).userid);
  }
  const address = optStr(body["address"], E.invalidParameter58);
  if (address !== undefined) {
    // path/90195: address ≤ 128 characters.
    if ([...address].length > 128) throw new WeComError(E.invalidParameter58);
    out.address = address;
  }
  const externalPosition = optStr(body["external_position"], E.invalidParameter58);
  if (externalPosition !== undefined) out.external_position = externalPosition;
  const extattr = optObject<StoredUser["extattr"]>(body["extattr"]);
  if (extattr !== undefined) {
    if (!Array.isArray(extattr?.attrs)) throw new WeComError(E.invalidParameter58);
    out.extattr = extattr;
  }
  const externalProfile = optObject<StoredUser["external_profile"]>(body["external_profile"]);
  if (externalProfile !== undefined) out.external_profile = externalProfile;
  const enable = optFlag(body["enable"]);
  if (enable !== undefined) out.enable = enable;
  const main = optInt(body["main_department"], ERRCODE.invalidDepartmentId);
  if (main !== undefined) {
    const depts = out.department ?? self?.department ?? [];
    if (!depts.includes(main)) throw new WeComError(ERRCODE.invalidDepartmentId);
    out.main_department = main;
  } else if (out.department && self && !out.department.includes(self.main_department)) {
    out.main_department = out.department[0] as number;
  }
  return out;
}

const userCreate: Handler = (call) => {
  const { tenant, body } = call;
  const userid = userParam(body["userid"]);
  if (!USERID.test(userid)) throw new WeComError(ERRCODE.invalidUserId);
  if (tenant.user(userid)) throw new WeComError(ERRCODE.userIdExists);
  if (body["name"] === undefined) throw new WeComError(E.invalidName);
  if (body["department"] === undefined) throw new WeComError(E.departmentMissing);
  const f = memberFields(tenant, body, undefined);
  if (!f.mobile && !f.email) throw new WeComError(E.mobileAndEmailEmpty);
  const department = f.department as number[];
  const created: StoredUser = {
    userid,
    name: f.name as string,
    department,
    order: f.order ?? department.map(() => 0),
    is_leader_in_dept: f.is_leader_in_dept ?? department.map(() => 0),
    main_department: f.main_department ?? (department[0] as number),
    position: f.position ?? "",
    mobile: f.mobile ?? "",
    email: f.email ?? "",
    gender: f.gender ?? "0",
    alias: f.alias ?? "",
    telephone: f.telephone ?? "",
    direct_leader: f.direct_leader ?? [],
    enable: f.enable ?? 1,
    activated: false,
    creator: false,
  };
  tenant.state.users.push(created);
  tenant.touch({ users: [created] });
  return {};
};

const userGet: Handler = (call) =>
  renderUser(call.tenant, visibleUser(call, call.query.get("userid")), call.principal);

const userUpdate: Handler = (call) => {
  const { tenant, body } = call;
  const u = tenant.user(userParam(body["userid"]));
  if (!u) throw new WeComError(ERRCODE.userNotFound);
  // GUESS: sandbox userids are never system-generated, so new_userid is always refused (301036).
  if (body["new_userid"] !== undefined && body["new_userid"] !== u.userid)
    throw new WeComError(E.userIdUnchangeable);
  Object.assign(u, memberFields(tenant, body, u));
  tenant.touch({ users: [u] });
  return {};
};

/**
 * Removes members everywhere they are referenced; they keep their customers as departed members.
 * GUESS: deleting a member through the API counts as leaving (dimission time = now) for 离职继承.
 */
function deleteMembers(call: Call, users: readonly StoredUser[]): void {
  const { tenant, now } = call;
  const gone = new Set(users.map((u) => u.userid.toLowerCase()));
  const st = tenant.state;
  st.users = st.users.filter((u) => !gone.has(u.userid.toLowerCase()));
  for (const u of users) st.deleted_members[u.userid] = u.left_at ?? now;
  const keep = (id: string) => !gone.has(id.toLowerCase());
  for (const t of st.tags) t.userlist = t.userlist.filter(keep);
  for (const a of st.agents) {
    a.allow_users = a.allow_users.filter(keep);
    a.admins = a.admins.filter((x) => keep(x.userid));
  }
  st.archive.permit = st.archive.permit.filter((p) => keep(p.userid));
  for (const u of st.users) u.direct_leader = u.direct_leader.filter(keep);
  tenant.touch({ removedUsers: users });
}

const userDelete: Handler = (call) => {
  const u = call.tenant.user(userParam(call.query.get("userid")));
  if (!u) throw new WeComError(ERRCODE.userNotFound);
  if (u.creator) throw new WeComError(ERRCODE.creatorUndeletable);
  deleteMembers(call, [u]);
  return {};
};

const userBatchDelete: Handler = (call) => {
  const ids = optStrList(call.body["useridlist"], ERRCODE.invalidUserList) ?? [];
  if (ids.length === 0 || ids.length > USER_BATCH_DELETE) throw new WeComError(ERRCODE.invalidUserListLength);
  const users = ids.map((id) => call.tenant.user(id));
  // path/90199: any invalid userid fails the whole request. GUESS: with 40031 (invalid userid list).
  if (users.some((u) => u === undefined)) throw new WeComError(ERRCODE.invalidUserList);
  const found = users as StoredUser[];
  if (found.some((u) => u.creator)) throw new WeComError(ERRCODE.creatorUndeletable);
  deleteMembers(call, [...new Map(found.map((u) => [u.userid, u])).values()]);
  return {};
};

/** Members of a department (and below with fetch_child=1) that the caller may see. */
function departmentMembers(call: Call): StoredUser[] {
  const { tenant, principal, query } = call;
  const id = visibleDepartment(call, query.get("department_id"));
  const depts = query.get("fetch_child") === "1" ? tenant.subtree(id) : [id];
  const seen = new Set<string>();
  const out: StoredUser[] = [];
  for (const d of depts) {
    for (const u of tenant.membersOf(d)) {
      if (seen.has(u.userid) || !tenant.canSeeUser(principal, u.userid)) continue;
      seen.add(u.userid);
      out.push(u);
    }
  }
  return out;
}

const userSimplelist: Handler = (call) => ({
  userlist: departmentMembers(call).map((u) => ({
    userid: u.userid,
    name: u.name,
    department: u.department.filter((d) => call.tenant.canSeeDepartment(call.principal, d)),
  })),
});

const userList: Handler = (call) => ({
  userlist: departmentMembers(call).map((u) => renderUser(call.tenant, u, call.principal)),
});

const userListId: Handler = (call) => {
  const limit = optInt(call.body["limit"], E.invalidParameter58) ?? USER_LIST_ID_LIMIT;
  // GUESS: a limit outside 1–10 000 is an invalid parameter (40058).
  if (limit < 1 || limit > USER_LIST_ID_LIMIT) throw new WeComError(E.invalidParameter58, "limit");
  const cursor = call.body["cursor"];
  const build = () => {
    const page = call.tenant.listIdPageJson(decodeCursor(cursor), limit);
    const next = page.next === undefined ? "" : encodeCursor(page.next);
    return new EncodedFields(`"next_cursor":${JSON.stringify(next)},"dept_user":${page.json}`);
  };
  // A page depends on the members alone (listIdPageJson reads no principal), so it is kept by limit and raw
  // cursor until a member changes; an unreadable cursor throws in build and is never kept.
  if (typeof cursor !== "string" && cursor !== undefined && cursor !== null) return build();
  return call.tenant.memo(`list_id ${limit} ${cursor ?? ""}`, "members", build);
};

export const contactHandlers = {
  departmentCreate,
  departmentUpdate,
  departmentDelete,
  departmentList,
  departmentSimplelist,
  departmentGet,
  userCreate,
  userGet,
  userUpdate,
  userDelete,
  userBatchDelete,
  userSimplelist,
  userList,
  userListId,
} as const;
