/**
 * What the live controls need to know about the tenant, in our camelCase vocabulary. The drift check
 * fills it from the WeCom client (src/wecom maps the snake_case wire types); the rules never speak HTTP.
 *
 * All instants are ISO-8601 strings in UTC (`2026-11-28T09:00:00Z`) so a snapshot can be written next to
 * a drift report as evidence and read back unchanged. WeCom's Unix seconds are converted by the caller.
 */
import type { AdminRights } from "../generated/resources";
import type { Bilingual } from "../text";

/** user/get `status`: 1 activated, 2 disabled, 4 not activated, 5 exited. */
export type MemberStatusCode = 1 | 2 | 4 | 5;

export interface LiveMember {
  readonly userId: string;
  readonly departmentIds: readonly number[];
  /**
   * user/get `enable` = 1. A disabled member (enable 0) cannot log in. Absent when the member was not read
   * in detail (the reader reads the roster's leavers in detail; user/list_id gives only departments).
   */
  readonly enabled?: boolean;
  readonly status?: MemberStatusCode;
}

export interface LiveDepartment {
  readonly id: number;
  /** 0 for the root. */
  readonly parentId: number;
}

export interface LiveTag {
  readonly tagId: number;
  readonly name: string;
  readonly userIds: readonly string[];
  readonly departmentIds: readonly number[];
}

/** agent/get `report_location_flag` plus our reading of on-enter vs continuous (0 off). */
export type LiveLocationReporting = "off" | "on-enter" | "continuous";

export interface LiveVisibleRange {
  /** allow_userinfos */
  readonly userIds: readonly string[];
  /** allow_partys — a department includes its sub-departments. */
  readonly departmentIds: readonly number[];
  /** allow_tags */
  readonly tagIds: readonly number[];
}

export interface LiveAppAdmin {
  readonly userId: string;
  /** manage = 管理, message = 发消息 (src/wecom maps WeCom's auth_type 1/0). */
  readonly authType: AdminRights;
}

export interface LiveApp {
  readonly agentId: number;
  readonly name: string;
  readonly locationReporting: LiveLocationReporting;
  readonly reportEnter: boolean;
  readonly visibleRange: LiveVisibleRange;
  /** `null` when the admin list could not be read (no principal configured). */
  readonly admins: readonly LiveAppAdmin[] | null;
  /** agent/get `redirect_domain`; "" when unset. */
  readonly redirectDomain: string;
  /** agent/get `home_url`; "" when unset. */
  readonly homeUrl: string;
}

export interface LiveArchive {
  /** msgaudit/get_permit_user_list `ids` (all editions); `null` when the archive secret is not configured. */
  readonly permitUserIds: readonly string[] | null;
}

/** check_single_agree results aggregated per archived member. */
export interface LiveSingleAgree {
  readonly userId: string;
  readonly agree: number;
  readonly disagree: number;
}

/** externalcontact/get_unassigned_list `info[]`. */
export interface LiveUnassignedCustomer {
  readonly handoverUserId: string;
  readonly externalUserId: string;
  /** dimission_time, as an instant. */
  readonly dimissionTime: string;
}

/** A chat intercept rule (get_intercept_rule_list + get_intercept_rule, official doc path/95130). */
export interface LiveInterceptRule {
  readonly ruleId: string;
  readonly name: string;
  readonly words: readonly string[];
  readonly semantics: readonly ("phone" | "email" | "red_packet")[];
  /** intercept_type 1 = block (warn and stop), 2 = warn only. */
  readonly action: "block" | "warn";
  /** Only the part inside the customer-contact app's visible range (WeCom returns no more). */
  readonly userIds: readonly string[];
  /** A department includes its sub-departments. */
  readonly departmentIds: readonly number[];
}

/** security/admin_oper_log/list `record_list[]`. */
export interface LiveAdminLogEntry {
  readonly time: string;
  /** The operator's userid. */
  readonly operator: string;
  /** 2 permission changes, 3 member/department, 7 other, 8 app, 11 contacts & chat, 12 corp info, 13 external contacts. */
  readonly operType: number;
  readonly detail: string;
  readonly ip?: string;
}

/** The local, hash-chained log archive written by `wecom-policy logs sync`. */
export interface LiveLogArchive {
  /** When `logs sync` last completed; `null` if it never ran. */
  readonly lastSyncAt: string | null;
  /**
   * How far back the archive covers both logs without a gap: the start of the first window `logs sync`
   * fetched (not the oldest record — a quiet tenant has no records in its first weeks), the later of the
   * admin and the member log's; `null` when nothing was fetched.
   */
  readonly coveredFrom: string | null;
  /** When the tenant started producing logs (corp creation), if known. */
  readonly tenantStartedAt: string | null;
}

/**
 * A check-in (打卡) rule as getcorpcheckinoption returns it (path/93384, 98041): the part the controls read,
 * a structural subset of the client's model (src/wecom/checkin-rules.ts), so the reader's rules are these.
 */
export interface LiveCheckinRule {
  readonly groupId: number;
  readonly name: string;
  /** range: userids, departments (with their sub-departments) and tags. */
  readonly range: {
    readonly userIds: readonly string[];
    readonly departmentIds: readonly number[];
    readonly tagIds: readonly number[];
  };
  /** white_users: members exempt from checking in. */
  readonly exemptUserIds: readonly string[];
  /** loc_infos, degrees (6 decimals). */
  readonly locations: readonly {
    readonly title: string;
    readonly lat: number;
    readonly lng: number;
    readonly radiusM: number;
  }[];
  /** wifimac_infos, MACs lower case. */
  readonly wifi: readonly { readonly name: string; readonly mac: string }[];
  readonly needPhoto: boolean;
  /** use_face_detect */
  readonly faceRecognition: boolean;
  /** allow_checkin_offworkday */
  readonly allowCheckinOffWorkday: boolean;
}

export interface LiveSnapshot {
  /** The instant the snapshot describes; every live date check measures from here. */
  readonly now: string;
  /** When the previous drift check ran (WC.ACC.3 reports changes since then); `null` on the first run. */
  readonly previousCheckAt: string | null;
  readonly members: readonly LiveMember[];
  readonly departments: readonly LiveDepartment[];
  readonly tags: readonly LiveTag[];
  readonly apps: readonly LiveApp[];
  readonly archive: LiveArchive;
  /** `null` when not collected (archive secret missing); empty when nobody has external chats. */
  readonly singleAgree: readonly LiveSingleAgree[] | null;
  /** `null` when not collected (customer-contact principal missing). */
  readonly unassignedCustomers: readonly LiveUnassignedCustomer[] | null;
  /**
   * Chat intercept rules (WC.SEC.1); `null` when not collected (customer-contact principal missing), absent
   * when the snapshot predates them.
   */
  readonly interceptRules?: readonly LiveInterceptRule[] | null;
  /** Admin operation log entries since `previousCheckAt` (or the API's 180-day window); `null` if not collected. */
  readonly adminLog: readonly LiveAdminLogEntry[] | null;
  readonly logArchive: LiveLogArchive;
  /** When `wecom-policy audit --evidence` last produced a compliance report; `null` if never. */
  readonly lastComplianceReportAt: string | null;
  /** Check-in rules; `null` when not read (no check-in secret), absent from snapshots older than issue 13. */
  readonly checkinRules?: readonly LiveCheckinRule[] | null;
  /** Why `checkinRules` is `null`. */
  readonly checkinRulesGap?: Bilingual;
  /** Why a part is `null` (no secret configured, a permission error): checks report "cannot check" with it. */
  readonly gaps?: Readonly<Partial<Record<SnapshotPart, Bilingual>>>;
}

/** The parts of a snapshot that may be missing. */
export type SnapshotPart =
  "apps" | "archive" | "singleAgree" | "unassignedCustomers" | "adminLog" | "interceptRules" | "checkinRules";

/** Every department id at or below `roots` (a department in a visible range includes its sub-departments). */
export function descendantDepartments(
  departments: readonly LiveDepartment[],
  roots: readonly number[],
): Set<number> {
  const children = new Map<number, number[]>();
  for (const d of departments) {
    const list = children.get(d.parentId) ?? [];
    list.push(d.id);
    children.set(d.parentId, list);
  }
  const out = new Set<number>();
  const stack = [...roots];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The userids a visible range reaches: listed users, members of the departments (and below) and tags. */
export function expandVisibleRange(snapshot: LiveSnapshot, range: LiveVisibleRange): Set<string> {
  const users = new Set(range.userIds);
  const deptRoots = [...range.departmentIds];
  for (const tagId of range.tagIds) {
    const tag = snapshot.tags.find((t) => t.tagId === tagId);
    if (!tag) continue;
    for (const u of tag.userIds) users.add(u);
    deptRoots.push(...tag.departmentIds);
  }
  const depts = descendantDepartments(snapshot.departments, deptRoots);
  for (const m of snapshot.members) {
    if (m.departmentIds.some((d) => depts.has(d))) users.add(m.userId);
  }
  return users;
}
