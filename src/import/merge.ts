/**
 * The merge rules of `wecom-policy import`: live state decides every fact WeCom knows (tag members, app
 * settings, visible ranges, admins, archive range, departments); the base policy files keep every fact
 * they are the source of truth for (keys, purposes, owners, consent records, PIA references, and from the
 * HR roster who has left and when, names). Where the two disagree the base's fact is kept and the
 * disagreement is reported as a {@link Conflict} naming the base's file:line — never rewritten from
 * WeCom. Pure functions over plain data: no I/O, no clock (today is passed in).
 *
 * Matching: a role by tag_id, else by tag_name; an app by agentid; a roster row by userid.
 */
import type { AdminRights } from "../generated/resources";
import { zh, type Bilingual } from "../text";
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
  /** Where the base wrote the row (`people.csv:20:1`), for conflict messages; never written. */
  where?: string;
}

/** One row of the base's consent ledger (inline in consent.yaml or its CSV file). */
export interface LedgerRow {
  userid: string;
  purpose: string;
  given?: string;
  withdrawn?: string;
  /** Where the base wrote the row (`consent-ledger.csv:12:1`). */
  where?: string;
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
  /** archive.yaml's legal basis and consent purpose, when declared. */
  archive?: { legalBasis?: string; consentPurpose?: string };
  /** The consent ledger; rows in file order. */
  ledger?: LedgerRow[];
  /** Where a value of a base YAML file was written (`roles.yaml:7:12`); undefined when unknown. */
  locate?: (file: string, pointer: string) => string | undefined;
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

/**
 * How the base and the live tenant can disagree. In each case the base's fact is what the files say
 * (or, for a fact only WeCom has, the live value is written and the base's record is named).
 */
export const CONFLICT_KINDS = [
  /** The HR roster says left and the leave date has passed; the account is enabled. Kept as left. */
  "leaver-enabled",
  /** The HR roster says active; the account is disabled or has exited. Kept as active. */
  "active-disabled",
  /** A leaver past retention.yaml's deletion deadline: the first `pulumi up` would delete the account. */
  "deletion-due",
  /** roles.yaml names the role's tag differently from WeCom: the live name is written, purpose and owner kept. */
  "tag-renamed",
  /** A role's owner (kept from the base) is not an enabled member of the tenant. */
  "owner-not-member",
  /** apps.yaml declares another location mode than WeCom has: the live mode is written. */
  "location-mode",
  /** A member is in WeCom's archive range without a valid consent in the base's ledger (kept as recorded). */
  "archive-without-consent",
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** The base and the live tenant disagree about a fact; the message names both and where the base says it. */
export interface Conflict extends Note {
  kind: ConflictKind;
  /** Where the base states the fact (`people.csv:20:1`), when it could be located. */
  where?: string;
  /** Adopting the generated files would write to WeCom (disable or delete an account): adoption is refused. */
  blocking: boolean;
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
   * Where the base and the live tenant disagree, each naming the base's file:line. A `blocking` one would
   * make the first `pulumi up` write to WeCom: adoption is refused while any is present, as import must
   * never change the tenant.
   */
  conflicts: Conflict[];
}

/** ` per people.csv:20:1` / `（people.csv:20:1）`: where the base says it, when known. */
function per(where: string | undefined): Bilingual {
  return where === undefined ? { zh: "", en: "" } : { zh: zh`（${where}）`, en: ` per ${where}` };
}

/** The purpose text of a role imported from a tag the base does not know. `TODO` makes it greppable. */
export function todoPurpose(tagName: string): string {
  return `TODO 待补充：角色「${tagName}」的用途与授予的权限 / TODO to be completed: what the role "${tagName}" is for and what it grants`;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const chars = (s: string) => [...s].length;

export interface RoleContext {
  /** Conflicts are appended here. */
  conflicts: Conflict[];
  /** See {@link BasePolicies.locate}. */
  locate?: BasePolicies["locate"];
  /** Userids (lower case) of enabled live members; owners outside it are reported. */
  enabled?: ReadonlySet<string>;
}

export function mergeRoles(
  tags: readonly LiveTag[],
  base: Record<string, BaseRole>,
  opts: MergeOptions,
  notes: Note[],
  rc: RoleContext = { conflicts: [] },
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
  const at = (pointer: string) => rc.locate?.("roles.yaml", pointer);
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
        zh: zh`新角色 ${key}：标签「${t.name}」（${t.tagId}）不在基础策略中，请补充用途（purpose）并确认负责人（当前为 ${opts.owner}）。`,
        en: `New role ${key}: tag "${t.name}" (${t.tagId}) is not in the base policies; complete its purpose and confirm its owner (now ${opts.owner}).`,
      });
    else if (b.purpose === undefined || b.purpose.startsWith("TODO"))
      notes.push({
        file: "roles.yaml",
        zh: zh`角色 ${key}（标签「${t.name}」）的用途仍待补充。`,
        en: `Role ${key} (tag "${t.name}") still has no purpose: complete it.`,
      });
    if (b?.tag_name !== undefined && b.tag_name !== t.name) {
      const where = at(`/roles/${key}/tag_name`);
      const p = per(where);
      rc.conflicts.push({
        kind: "tag-renamed",
        blocking: false,
        file: "roles.yaml",
        ...(where !== undefined ? { where } : {}),
        zh: zh`角色 ${key} 的标签在基础策略中名为「${b.tag_name}」${p.zh}，企业微信中标签 ${t.tagId} 现名「${t.name}」：已写入企业微信中的名称，用途与负责人保留基础策略的内容。`,
        en: `Role ${key} names its tag "${b.tag_name}"${p.en}, but WeCom calls tag ${t.tagId} "${t.name}": the live name was written; the purpose and owner are kept from the base.`,
      });
    }
    const owner = b?.owner ?? opts.owner;
    if (b?.owner !== undefined && rc.enabled !== undefined && !rc.enabled.has(b.owner.toLowerCase())) {
      const where = at(`/roles/${key}/owner`);
      const p = per(where);
      rc.conflicts.push({
        kind: "owner-not-member",
        blocking: false,
        file: "roles.yaml",
        ...(where !== undefined ? { where } : {}),
        zh: zh`角色 ${key} 的负责人为 ${b.owner}${p.zh}，但 ${b.owner} 不是企业微信中的启用成员：负责人按基础策略保留，请确认是否需要更换。`,
        en: `Role ${key} is owned by ${b.owner}${p.en}, but ${b.owner} is not an enabled member in WeCom: the owner is kept from the base; confirm or name another owner.`,
      });
    }
    const role: RoleOut = {
      tag_name: t.name,
      tag_id: t.tagId,
      purpose: b?.purpose ?? todoPurpose(t.name),
      owner,
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
      zh: zh`基础策略中的角色 ${k}（标签「${r.tag_name ?? "?"}」）在企业微信中不存在，未导入；如仍需要，请在导入后重新加入 roles.yaml（pulumi up 会创建该标签）。`,
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
  rc: Omit<RoleContext, "enabled">,
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
      zh: zh`应用 ${key} 的介绍不是 4–120 个字符，未写入 apps.yaml。`,
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
      zh: zh`应用 ${key} 开启了进入时上报位置：请补充 location 的 purpose、consent_purpose、pia 与 since（WC.LOC.1、WC.LOC.2）。`,
      en: `App ${key} reports location on entry: complete location.purpose, consent_purpose, pia and since (WC.LOC.1, WC.LOC.2).`,
    });
  // Whether an app reports location is WeCom's fact (agent/get); the base's differing declaration is named.
  const declared = bl?.mode ?? (b ? "off" : undefined);
  if (declared !== undefined && declared !== a.locationMode) {
    const where = rc.locate?.(
      "apps.yaml",
      bl?.mode !== undefined ? `/apps/${key}/location/mode` : `/apps/${key}`,
    );
    const p = per(where);
    const dropped =
      bl && (bl.purpose ?? bl.consent_purpose ?? bl.pia) !== undefined && a.locationMode === "off";
    rc.conflicts.push({
      kind: "location-mode",
      blocking: false,
      file: "apps.yaml",
      ...(where !== undefined ? { where } : {}),
      zh:
        zh`应用 ${key} 在基础策略中声明位置上报为 ${declared}${p.zh}，企业微信中为 ${a.locationMode}：已写入企业微信中的设置` +
        (dropped ? "，基础策略中的位置用途记录未写入（上报已关闭）。" : "。"),
      en:
        `App ${key} declares location reporting ${declared}${p.en}, but WeCom has ${a.locationMode}: the live setting was written` +
        (dropped ? "; the base's location record was left out (reporting is off)." : "."),
    });
  }
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
      zh: zh`应用 ${key} 已停用。`,
      en: `App ${key} is disabled (停用) in WeCom.`,
    });
  return ordered;
}

export function mergeApps(
  apps: readonly LiveApp[],
  base: Record<string, BaseApp>,
  keyOfTag: ReadonlyMap<number, string>,
  notes: Note[],
  rc: Omit<RoleContext, "enabled"> = { conflicts: [] },
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
        zh: zh`新应用 ${key}（${a.agentId}「${a.name}」）不在基础策略中：请确认 sensitive_data 与 max_admins。`,
        en: `New app ${key} (${a.agentId} "${a.name}") is not in the base policies: set sensitive_data and max_admins.`,
      });
    out[key] = appOut(a, m?.[1], keyOfTag, notes, key, rc);
  }
  for (const [agentId, [k]] of baseByAgent)
    if (!live.has(agentId))
      notes.push({
        file: "apps.yaml",
        zh: zh`基础策略中的应用 ${k}（${agentId}）未读取（未配置其 Secret 或无法读取），未导入。`,
        en: `App ${k} (${agentId}) of the base policies was not read (no secret configured, or unreadable) and was not imported.`,
      });
  return sortKeys(out);
}

/**
 * The roster. The base's HR roster is the source of truth for who has left and when: its rows keep their
 * status and leave date whatever WeCom says, and each disagreement is a {@link Conflict} naming the row
 * ("fanbing left on 2026-11-20 per people.csv:20:1, but the account is still enabled"). A leaver whose
 * account is still enabled after the leave date would be disabled by the first `pulumi up`, so that
 * conflict blocks adoption. Live members the base does not list come from WeCom: enabled (or not yet
 * activated) → active; disabled or exited → left on the import date, noted — WeCom records no leave
 * dates. Base rows for people no longer in WeCom are kept: other files may name them, and a deleted
 * leaver is what MemberStatus expects anyway.
 */
export function mergeRoster(
  members: readonly LiveMember[],
  base: readonly RosterRow[],
  departmentIds: ReadonlySet<number>,
  opts: MergeOptions & { deleteAfterDays?: number },
  notes: Note[],
  conflicts: Conflict[],
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
    const p = per(b?.where);
    if (b?.status === "left") {
      row.status = "left";
      if (b.leave_date) row.leave_date = b.leave_date;
      else {
        row.leave_date = opts.today;
        newLeavers.push(m.userId);
      }
    } else if (b !== undefined) {
      if (cutOff)
        conflicts.push({
          kind: "active-disabled",
          blocking: false,
          file: "people.yaml",
          ...(b.where !== undefined ? { where: b.where } : {}),
          zh: zh`花名册记录 ${m.userId} 在职${p.zh}，但其企业微信账号${m.status === "exited" ? "已退出" : "已禁用"}：按人事记录保留为在职（导入不会重新启用任何人）。若其已离职，请在花名册中写明 left 与离职日期。`,
          en: `The roster says ${m.userId} is active${p.en}, but the account is ${m.status === "exited" ? "exited" : "disabled"} in WeCom: kept as active, as HR recorded (import never re-enables anyone). If ${m.userId} has left, set status left and the leave date in the roster.`,
        });
    } else if (cutOff) {
      row.status = "left";
      row.leave_date = opts.today;
      newLeavers.push(m.userId);
    }
    if (row.status === "left") {
      const leaveDate = row.leave_date!;
      const deleteFrom =
        opts.deleteAfterDays === undefined ? undefined : addDays(leaveDate, opts.deleteAfterDays + 1);
      if (deleteFrom !== undefined && deleteFrom <= opts.today)
        conflicts.push({
          kind: "deletion-due",
          blocking: true,
          file: "people.yaml",
          ...(b?.where !== undefined ? { where: b.where } : {}),
          zh: zh`成员 ${m.userId} 于 ${leaveDate} 离职${p.zh}，已超过 retention.yaml 的 ${opts.deleteAfterDays} 天删除期限：纳管后的第一次 pulumi up 会删除该账号。请先在企业微信中处理，或核对离职日期。`,
          en: `Member ${m.userId} left on ${leaveDate}${p.en}, past retention.yaml's ${opts.deleteAfterDays}-day deletion deadline: the first pulumi up after adoption would delete the account. Handle it in WeCom first, or check the leave date.`,
        });
      // The leave date has passed once its day is over (MemberStatus: next midnight, CST).
      else if (!cutOff && leaveDate < opts.today)
        conflicts.push({
          kind: "leaver-enabled",
          blocking: true,
          file: "people.yaml",
          ...(b?.where !== undefined ? { where: b.where } : {}),
          zh: zh`${m.userId} 已于 ${leaveDate} 离职${p.zh}，但其企业微信账号仍启用：花名册按人事记录保留为离职。纳管后的第一次 pulumi up 会禁用该账号，因此未纳管。若确已离职，请在企业微信中禁用，或用 --no-adopt 导入后运行 pulumi up；若未离职，请更正花名册。`,
          en: `${m.userId} left on ${leaveDate}${p.en}, but the account is still enabled in WeCom: the roster keeps HR's record (left). The first pulumi up after adoption would disable the account, so nothing is adopted. If ${m.userId} has left, disable the account in WeCom, or import with --no-adopt and run pulumi up; if not, correct the roster.`,
        });
    }
    rows.push(row);
  }
  if (newLeavers.length)
    notes.push({
      file: "people.yaml",
      zh: zh`${newLeavers.length} 名已禁用成员在基础花名册中没有离职日期，暂记为导入日 ${opts.today}（企业微信不记录离职日期），请按人事记录更正：${newLeavers.join("、")}。`,
      en: `${newLeavers.length} disabled member(s) have no leave date in the base roster and were given the import date ${opts.today} (WeCom does not record leave dates); correct them from HR records: ${newLeavers.join(", ")}.`,
    });
  // A takeover makes the first `pulumi up` start a customer hand-over (a WeCom write), so import never
  // carries one over; the person completing the files decides again.
  const takeovers = base.filter((b) => b.customer_takeover).map((b) => `${b.userid}→${b.customer_takeover}`);
  if (takeovers.length)
    notes.push({
      file: "people.yaml",
      zh: zh`基础花名册中的离职继承接替人（customer_takeover）未导入，纳管后请按需补回：${takeovers.join("、")}。`,
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
      zh: zh`基础花名册中 ${gone.length} 名在职人员不在企业微信中，已保留：${gone.join("、")}。`,
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

/**
 * Members in WeCom's archive range without a valid consent in the base's ledger, when archive.yaml's
 * legal basis is consent. The ledger is the record of who agreed (kept as written); the live range is
 * what WeCom does. Neither is changed: ArchiveScope only observes, so this never blocks adoption.
 */
export function archiveConsentConflicts(
  archiveMembers: readonly string[],
  base: Pick<BasePolicies, "archive" | "ledger" | "locate">,
  today: string,
): Conflict[] {
  const purpose = base.archive?.consentPurpose;
  if (base.archive?.legalBasis !== "consent" || purpose === undefined || base.ledger === undefined) return [];
  const rows = new Map<string, LedgerRow[]>();
  for (const r of base.ledger)
    if (r.purpose === purpose) {
      const k = r.userid.toLowerCase();
      rows.set(k, [...(rows.get(k) ?? []), r]);
    }
  const out: Conflict[] = [];
  for (const userId of archiveMembers) {
    const mine = rows.get(userId.toLowerCase()) ?? [];
    const valid = mine.some(
      (r) => r.given !== undefined && r.given <= today && (r.withdrawn === undefined || r.withdrawn > today),
    );
    if (valid) continue;
    // The latest withdrawal, else the member's last row, else the purpose named in archive.yaml.
    const withdrawn = mine
      .filter((r) => r.withdrawn !== undefined && r.withdrawn <= today)
      .sort((x, y) => byString(x.withdrawn!, y.withdrawn!))
      .pop();
    const where = withdrawn?.where ?? mine.at(-1)?.where ?? base.locate?.("archive.yaml", "/consent_purpose");
    const p = per(where);
    out.push({
      kind: "archive-without-consent",
      blocking: false,
      file: "archive.yaml",
      ...(where !== undefined ? { where } : {}),
      ...(withdrawn
        ? {
            zh: zh`${userId} 在企业微信的会话存档范围内，但同意台账记录其已于 ${withdrawn.withdrawn} 撤回对 ${purpose} 的同意${p.zh}：台账按记录保留，存档范围按企业微信写入。请在管理后台将其移出存档范围（WC.ARC.2）。`,
            en: `${userId} is in WeCom's archive range, but the consent ledger records the withdrawal of consent to ${purpose} on ${withdrawn.withdrawn}${p.en}: the ledger is kept as recorded and the live range written. Remove ${userId} from the archive range in the admin console (WC.ARC.2).`,
          }
        : {
            zh: zh`${userId} 在企业微信的会话存档范围内，但同意台账中没有其对 ${purpose} 的有效同意${p.zh}：台账按记录保留，存档范围按企业微信写入。请补录同意或在管理后台将其移出存档范围（WC.ARC.2）。`,
            en: `${userId} is in WeCom's archive range, but the consent ledger holds no valid consent of theirs to ${purpose}${p.en}: the ledger is kept as recorded and the live range written. Record the consent, or remove ${userId} from the archive range in the admin console (WC.ARC.2).`,
          }),
    });
  }
  return out;
}

/** Everything live-derived, merged with the base. */
export function mergeTenant(live: LiveTenant, base: BasePolicies, opts: MergeOptions): MergeResult {
  const notes: Note[] = [];
  const conflicts: Conflict[] = [];
  const enabled = new Set(
    live.members
      .filter((m) => m.status !== "disabled" && m.status !== "exited" && m.enabled !== false)
      .map((m) => m.userId.toLowerCase()),
  );
  const rc = { conflicts, enabled, ...(base.locate ? { locate: base.locate } : {}) };
  const { roles, keyOfTag } = mergeRoles(live.tags, base.roles, opts, notes, rc);
  const apps = mergeApps(live.apps, base.apps, keyOfTag, notes, rc);
  // A role may grant only apps that are in apps.yaml.
  for (const [k, r] of Object.entries(roles)) {
    if (!r.apps) continue;
    const kept = r.apps.filter((a) => a in apps);
    const dropped = r.apps.filter((a) => !(a in apps));
    if (dropped.length)
      notes.push({
        file: "roles.yaml",
        zh: zh`角色 ${k} 引用的应用 ${dropped.join("、")} 未导入，已从其 apps 中移除。`,
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
  else conflicts.push(...archiveConsentConflicts(archive.members, base, opts.today));
  for (const s of live.skippedApps)
    notes.push({
      file: "apps.yaml",
      zh: zh`应用 ${s.agentId} 无法读取（${s.reason}），未导入。`,
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
