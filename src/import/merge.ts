/**
 * The merge rules of `wecom-policy import`: live state decides every fact WeCom knows (tag members, app
 * settings, visible ranges, admins, archive range, who is enabled, departments); the base policy files
 * keep every human field WeCom cannot know (keys, purposes, owners, consent and PIA references, leave
 * dates, names). Pure functions over plain data: no I/O, no clock (today is passed in).
 *
 * Matching: a role by tag_id, else by tag_name; an app by agentid; a roster row by userid.
 */
import type { AdminRights } from "../generated/resources";
import type { Bilingual } from "../text";
import type { LiveApp, LiveDepartment, LiveMember, LiveTag, LiveTenant } from "./live";

/** Roles, apps and roster rows as written in the base policy files (loosely typed: raw YAML). */
export interface BaseRole {
  tag_name?: string;
  tag_id?: number;
  purpose?: string;
  owner?: string;
  members?: string[];
  departments?: number[];
  apps?: string[];
}

export interface BaseApp {
  agentid?: number;
  location?: { mode?: string; purpose?: string; consent_purpose?: string; pia?: string; since?: string };
  sensitive_data?: boolean;
  max_admins?: number;
}

export interface RosterRow {
  userid: string;
  name?: string;
  department?: number;
  status: "active" | "left";
  leave_date?: string;
  /** Read from the base only to say it was not carried over; never written by import. */
  customer_takeover?: string;
}

export interface BaseDepartment {
  id: number;
  name_en?: string;
}

export interface BasePolicies {
  roles: Record<string, BaseRole>;
  apps: Record<string, BaseApp>;
  roster: RosterRow[];
  departments: BaseDepartment[];
  /** retention.yaml leavers.delete_after_days, when declared. */
  deleteAfterDays?: number;
}

export interface RoleOut {
  tag_name: string;
  tag_id: number;
  purpose: string;
  owner: string;
  members: string[];
  departments?: number[];
  apps?: string[];
}

export interface AppOut {
  agentid: number;
  name?: string;
  description?: string;
  location: {
    mode: "off" | "on-enter";
    purpose?: string;
    consent_purpose?: string;
    pia?: string;
    since?: string;
  };
  report_enter: boolean;
  redirect_domain?: string;
  home_url?: string;
  sensitive_data?: boolean;
  max_admins?: number;
  visible_range: { users?: string[]; departments?: number[]; tags?: number[]; roles?: string[] };
  admins: { userid: string; auth_type: AdminRights }[];
}

const APP_FIELD_ORDER = [
  "agentid",
  "name",
  "description",
  "location",
  "report_enter",
  "redirect_domain",
  "home_url",
  "sensitive_data",
  "max_admins",
  "visible_range",
  "admins",
] as const satisfies readonly (keyof AppOut)[];

export interface DepartmentOut {
  id: number;
  name: string;
  name_en?: string;
  parent: number;
}

/** Bilingual notes for the person completing the files. */
export interface Note extends Bilingual {
  /** The generated file the note is about (its header lists it under "to complete"). */
  file?: string;
}

export interface MergeOptions {
  /** The import date, YYYY-MM-DD in China Standard Time. */
  today: string;
  /** Owner of roles created from tags the base does not know. */
  owner: string;
}

export interface MergeResult {
  roles: Record<string, RoleOut>;
  apps: Record<string, AppOut>;
  roster: RosterRow[];
  departments: DepartmentOut[];
  archive: { enabled: boolean; members: string[] } | null;
  /** What the person must complete or should know (printed, and summarised in file headers). */
  notes: Note[];
  /**
   * Reasons the generated files would make the first `pulumi up` write to WeCom. Adoption is refused
   * while any is present: import must never change the tenant.
   */
  conflicts: Note[];
}

/** The purpose text of a role imported from a tag the base does not know. `TODO` makes it greppable. */
export function todoPurpose(tagName: string): string {
  return `TODO 待补充：角色「${tagName}」的用途与授予的权限 / TODO to be completed: what the role "${tagName}" is for and what it grants`;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const chars = (s: string) => [...s].length;

export function mergeRoles(
  tags: readonly LiveTag[],
  base: Record<string, BaseRole>,
  opts: MergeOptions,
  notes: Note[],
): { roles: Record<string, RoleOut>; keyOfTag: Map<number, string> } {
  const unmatched = new Map(Object.entries(base));
  const matched = new Map<number, [string, BaseRole]>();
  // tag_id first: a renamed tag keeps its role; then tag_name for roles written before the tag existed.
  for (const t of tags)
    for (const [k, r] of unmatched)
      if (r.tag_id === t.tagId) {
        matched.set(t.tagId, [k, r]);
        unmatched.delete(k);
        break;
      }
  for (const t of tags) {
    if (matched.has(t.tagId)) continue;
    for (const [k, r] of unmatched)
      if (r.tag_name === t.name) {
        matched.set(t.tagId, [k, r]);
        unmatched.delete(k);
        break;
      }
  }
  const roles: Record<string, RoleOut> = {};
  const keyOfTag = new Map<number, string>();
  for (const t of tags) {
    const m = matched.get(t.tagId);
    let key = m?.[0] ?? `tag-${t.tagId}`;
    if (!m && key in base) key = `tag-${t.tagId}-imported`;
    const b = m?.[1];
    if (!b)
      notes.push({
        file: "roles.yaml",
        zh: `新角色 ${key}：标签「${t.name}」（${t.tagId}）不在基础策略中，请补充用途（purpose）并确认负责人（当前为 ${opts.owner}）。`,
        en: `New role ${key}: tag "${t.name}" (${t.tagId}) is not in the base policies; complete its purpose and confirm its owner (now ${opts.owner}).`,
      });
    else if (b.purpose === undefined || b.purpose.startsWith("TODO"))
      notes.push({
        file: "roles.yaml",
        zh: `角色 ${key}（标签「${t.name}」）的用途仍待补充。`,
        en: `Role ${key} (tag "${t.name}") still has no purpose: complete it.`,
      });
    const role: RoleOut = {
      tag_name: t.name,
      tag_id: t.tagId,
      purpose: b?.purpose ?? todoPurpose(t.name),
      owner: b?.owner ?? opts.owner,
      members: t.userIds,
    };
    if (t.partyIds.length) role.departments = t.partyIds;
    if (b?.apps?.length) role.apps = [...b.apps].sort(byString);
    roles[key] = role;
    keyOfTag.set(t.tagId, key);
  }
  for (const [k, r] of unmatched)
    notes.push({
      file: "roles.yaml",
      zh: `基础策略中的角色 ${k}（标签「${r.tag_name ?? "?"}」）在企业微信中不存在，未导入；如仍需要，请在导入后重新加入 roles.yaml（pulumi up 会创建该标签）。`,
      en: `Role ${k} (tag "${r.tag_name ?? "?"}") of the base policies does not exist in WeCom and was not imported; add it back to roles.yaml afterwards if it is still wanted (pulumi up creates the tag).`,
    });
  return { roles: sortKeys(roles), keyOfTag };
}

function appOut(
  a: LiveApp,
  b: BaseApp | undefined,
  keyOfTag: ReadonlyMap<number, string>,
  notes: Note[],
  key: string,
): AppOut {
  const out: AppOut = {
    agentid: a.agentId,
    location: { mode: a.locationMode },
    report_enter: a.reportEnter,
    visible_range: {},
    admins: [],
  };
  if (chars(a.name) >= 1 && chars(a.name) <= 32) out.name = a.name;
  // apps.yaml allows 4–120 characters (WeCom's agent/set limit); a shorter live text is left undeclared,
  // which the provider then neither compares nor writes.
  if (chars(a.description) >= 4 && chars(a.description) <= 120) out.description = a.description;
  else if (a.description)
    notes.push({
      file: "apps.yaml",
      zh: `应用 ${key} 的介绍不是 4–120 个字符，未写入 apps.yaml。`,
      en: `App ${key}: its description is not 4–120 characters and was left out of apps.yaml.`,
    });
  // The human record of why location is collected stays only while the mode it describes is in force.
  const bl = b?.location;
  if (bl && a.locationMode !== "off" && bl.mode === a.locationMode) {
    if (bl.purpose !== undefined) out.location.purpose = bl.purpose;
    if (bl.consent_purpose !== undefined) out.location.consent_purpose = bl.consent_purpose;
    if (bl.pia !== undefined) out.location.pia = bl.pia;
    if (bl.since !== undefined) out.location.since = String(bl.since);
  } else if (a.locationMode !== "off")
    notes.push({
      file: "apps.yaml",
      zh: `应用 ${key} 开启了进入时上报位置：请补充 location 的 purpose、consent_purpose、pia 与 since（WC.LOC.1、WC.LOC.2）。`,
      en: `App ${key} reports location on entry: complete location.purpose, consent_purpose, pia and since (WC.LOC.1, WC.LOC.2).`,
    });
  if (a.redirectDomain) out.redirect_domain = a.redirectDomain;
  if (a.homeUrl) out.home_url = a.homeUrl;
  if (b?.sensitive_data !== undefined) out.sensitive_data = b.sensitive_data;
  if (b?.max_admins !== undefined) out.max_admins = b.max_admins;
  const roles = a.visibleTags
    .filter((t) => keyOfTag.has(t))
    .map((t) => keyOfTag.get(t)!)
    .sort(byString);
  const tags = a.visibleTags.filter((t) => !keyOfTag.has(t));
  if (a.visibleUsers.length) out.visible_range.users = a.visibleUsers;
  if (a.visibleDepartments.length) out.visible_range.departments = a.visibleDepartments;
  if (tags.length) out.visible_range.tags = tags;
  if (roles.length) out.visible_range.roles = roles;
  out.admins = a.admins.map((x) => ({ userid: x.userId, auth_type: x.authType }));
  // Fields in the order apps.yaml documents them, whatever order they were filled in.
  const ordered = Object.fromEntries(
    APP_FIELD_ORDER.filter((k) => out[k] !== undefined).map((k) => [k, out[k]]),
  ) as unknown as AppOut;
  if (a.closed)
    notes.push({
      file: "apps.yaml",
      zh: `应用 ${key} 已停用。`,
      en: `App ${key} is disabled (停用) in WeCom.`,
    });
  return ordered;
}

export function mergeApps(
  apps: readonly LiveApp[],
  base: Record<string, BaseApp>,
  keyOfTag: ReadonlyMap<number, string>,
  notes: Note[],
): Record<string, AppOut> {
  const baseByAgent = new Map<number, [string, BaseApp]>();
  for (const [k, b] of Object.entries(base))
    if (typeof b.agentid === "number") baseByAgent.set(b.agentid, [k, b]);
  const out: Record<string, AppOut> = {};
  const live = new Set<number>();
  for (const a of apps) {
    live.add(a.agentId);
    const m = baseByAgent.get(a.agentId);
    let key = m?.[0] ?? `app-${a.agentId}`;
    if (!m && key in base) key = `app-${a.agentId}-imported`;
    if (!m)
      notes.push({
        file: "apps.yaml",
        zh: `新应用 ${key}（${a.agentId}「${a.name}」）不在基础策略中：请确认 sensitive_data 与 max_admins。`,
        en: `New app ${key} (${a.agentId} "${a.name}") is not in the base policies: set sensitive_data and max_admins.`,
      });
    out[key] = appOut(a, m?.[1], keyOfTag, notes, key);
  }
  for (const [agentId, [k]] of baseByAgent)
    if (!live.has(agentId))
      notes.push({
        file: "apps.yaml",
        zh: `基础策略中的应用 ${k}（${agentId}）未读取（未配置其 Secret 或无法读取），未导入。`,
        en: `App ${k} (${agentId}) of the base policies was not read (no secret configured, or unreadable) and was not imported.`,
      });
  return sortKeys(out);
}

/**
 * The roster: every live member. Enabled (or not yet activated) → active; disabled or exited → left,
 * with the base's leave date when it has one, else the import date — WeCom records no leave dates.
 * A base leaver whose leave date is still ahead stays `left` (nothing is due yet, so adopting writes
 * nothing). Base rows for people no longer in WeCom are kept: other files may name them, and a deleted
 * leaver is what MemberStatus expects anyway.
 */
export function mergeRoster(
  members: readonly LiveMember[],
  base: readonly RosterRow[],
  departmentIds: ReadonlySet<number>,
  opts: MergeOptions & { deleteAfterDays?: number },
  notes: Note[],
  conflicts: Note[],
): RosterRow[] {
  const baseById = new Map(base.map((r) => [r.userid.toLowerCase(), r]));
  const rows: RosterRow[] = [];
  const seen = new Set<string>();
  const newLeavers: string[] = [];
  for (const m of members) {
    seen.add(m.userId.toLowerCase());
    const b = baseById.get(m.userId.toLowerCase());
    const cutOff = m.status === "disabled" || m.status === "exited" || m.enabled === false;
    const row: RosterRow = { userid: m.userId, status: "active" };
    const name = b?.name ?? (m.name || undefined);
    if (name !== undefined) row.name = name;
    const dept = b?.department !== undefined && departmentIds.has(b.department) ? b.department : m.department;
    if (dept !== undefined && departmentIds.has(dept)) row.department = dept;
    if (cutOff) {
      row.status = "left";
      if (b?.status === "left" && b.leave_date) row.leave_date = b.leave_date;
      else {
        row.leave_date = opts.today;
        newLeavers.push(m.userId);
      }
      const deleteFrom =
        opts.deleteAfterDays === undefined ? undefined : addDays(row.leave_date, opts.deleteAfterDays + 1);
      if (deleteFrom !== undefined && deleteFrom <= opts.today)
        conflicts.push({
          zh: `成员 ${m.userId} 于 ${row.leave_date} 离职，已超过 retention.yaml 的 ${opts.deleteAfterDays} 天删除期限：纳管后的第一次 pulumi up 会删除该账号。请先在企业微信中处理，或核对离职日期。`,
          en: `Member ${m.userId} left on ${row.leave_date}, past retention.yaml's ${opts.deleteAfterDays}-day deletion deadline: the first pulumi up after adoption would delete the account. Handle it in WeCom first, or check the leave date.`,
        });
    } else if (b?.status === "left" && b.leave_date && b.leave_date > opts.today) {
      row.status = "left";
      row.leave_date = b.leave_date;
    } else if (b?.status === "left") {
      notes.push({
        file: "people.yaml",
        zh: `花名册显示 ${m.userId} 已于 ${b.leave_date ?? "?"} 离职，但其账号在企业微信中仍启用：按企业微信导入为 active。请核实；若确已离职，改回 left 后运行 pulumi up 禁用。`,
        en: `The base roster says ${m.userId} left on ${b.leave_date ?? "?"}, but the account is still enabled in WeCom: imported as active. Check it; if they have left, set left again and run pulumi up to disable the account.`,
      });
    }
    rows.push(row);
  }
  if (newLeavers.length)
    notes.push({
      file: "people.yaml",
      zh: `${newLeavers.length} 名已禁用成员在基础花名册中没有离职日期，暂记为导入日 ${opts.today}（企业微信不记录离职日期），请按人事记录更正：${newLeavers.join("、")}。`,
      en: `${newLeavers.length} disabled member(s) have no leave date in the base roster and were given the import date ${opts.today} (WeCom does not record leave dates); correct them from HR records: ${newLeavers.join(", ")}.`,
    });
  // A takeover makes the first `pulumi up` start a customer hand-over (a WeCom write), so import never
  // carries one over; the person completing the files decides again.
  const takeovers = base.filter((b) => b.customer_takeover).map((b) => `${b.userid}→${b.customer_takeover}`);
  if (takeovers.length)
    notes.push({
      file: "people.yaml",
      zh: `基础花名册中的离职继承接替人（customer_takeover）未导入，纳管后请按需补回：${takeovers.join("、")}。`,
      en: `Customer takeovers (customer_takeover) of the base roster were not imported; add them back after adoption if still wanted: ${takeovers.join(", ")}.`,
    });
  const gone: string[] = [];
  for (const b of base) {
    if (seen.has(b.userid.toLowerCase())) continue;
    const row: RosterRow = { userid: b.userid, status: b.status };
    if (b.name !== undefined) row.name = b.name;
    if (b.department !== undefined && departmentIds.has(b.department)) row.department = b.department;
    if (b.leave_date !== undefined) row.leave_date = b.leave_date;
    rows.push(row);
    if (b.status === "active") gone.push(b.userid);
  }
  if (gone.length)
    notes.push({
      file: "people.yaml",
      zh: `基础花名册中 ${gone.length} 名在职人员不在企业微信中，已保留：${gone.join("、")}。`,
      en: `${gone.length} active people of the base roster are not in WeCom and were kept: ${gone.join(", ")}.`,
    });
  return rows.sort((a, b) => byString(a.userid, b.userid));
}

export function mergeDepartments(
  live: readonly LiveDepartment[],
  base: readonly BaseDepartment[],
): DepartmentOut[] {
  const baseEn = new Map(base.map((d) => [d.id, d.name_en]));
  return live.map((d) => {
    const en = d.nameEn ?? baseEn.get(d.id);
    return { id: d.id, name: d.name, ...(en ? { name_en: en } : {}), parent: d.parentId };
  });
}

/** Everything live-derived, merged with the base. */
export function mergeTenant(live: LiveTenant, base: BasePolicies, opts: MergeOptions): MergeResult {
  const notes: Note[] = [];
  const conflicts: Note[] = [];
  const { roles, keyOfTag } = mergeRoles(live.tags, base.roles, opts, notes);
  const apps = mergeApps(live.apps, base.apps, keyOfTag, notes);
  // A role may grant only apps that are in apps.yaml.
  for (const [k, r] of Object.entries(roles)) {
    if (!r.apps) continue;
    const kept = r.apps.filter((a) => a in apps);
    const dropped = r.apps.filter((a) => !(a in apps));
    if (dropped.length)
      notes.push({
        file: "roles.yaml",
        zh: `角色 ${k} 引用的应用 ${dropped.join("、")} 未导入，已从其 apps 中移除。`,
        en: `Role ${k} granted app(s) ${dropped.join(", ")} that were not imported; removed from its apps.`,
      });
    if (kept.length) r.apps = kept;
    else delete r.apps;
  }
  const departments = mergeDepartments(live.departments, base.departments);
  const roster = mergeRoster(
    live.members,
    base.roster,
    new Set(departments.map((d) => d.id)),
    { ...opts, ...(base.deleteAfterDays !== undefined ? { deleteAfterDays: base.deleteAfterDays } : {}) },
    notes,
    conflicts,
  );
  const archive =
    live.archiveMembers === null
      ? null
      : { enabled: live.archiveMembers.length > 0, members: live.archiveMembers };
  if (archive === null)
    notes.push({
      file: "archive.yaml",
      zh: "未配置会话内容存档 Secret：archive.yaml 按基础策略原样复制，预览需要该 Secret。",
      en: "No message-archive secret: archive.yaml was copied from the base unchanged, and preview needs that secret.",
    });
  for (const s of live.skippedApps)
    notes.push({
      file: "apps.yaml",
      zh: `应用 ${s.agentId} 无法读取（${s.reason}），未导入。`,
      en: `App ${s.agentId} could not be read (${s.reason}) and was not imported.`,
    });
  return { roles, apps, roster, departments, archive, notes, conflicts };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => byString(a, b)));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
