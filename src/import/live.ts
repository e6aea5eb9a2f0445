/**
 * The live tenant as `wecom-policy import` writes it into policy files: tags, apps (those whose secret is
 * configured), the archive range, every member read in detail (names, status) and departments. Read by
 * the one reader of the tenant (src/tenant `readTenant`) and reshaped here into import's vocabulary, so the
 * merge rules in ./merge.ts stay pure functions tested on in-memory snapshots. Read-only by construction:
 * the caller passes a WecomClient built with `readOnly: true`.
 */
import type { AdminRights } from "../generated/resources";
import type { ProgressSink } from "../progress";
import { readTenant, type TenantSnapshot } from "../tenant";
import { WecomError, type WecomClient } from "../wecom";
import type { MemberStatus } from "../wecom/types";
import type { CheckinRule } from "../wecom";

export interface LiveTag {
  tagId: number;
  name: string;
  /** Sorted, unique. */
  userIds: string[];
  /** Sorted, unique. */
  partyIds: number[];
}

export interface LiveApp {
  agentId: number;
  name: string;
  description: string;
  /** report_location_flag: the API knows only off (0) and on-enter (1). */
  locationMode: "off" | "on-enter";
  reportEnter: boolean;
  redirectDomain: string;
  homeUrl: string;
  closed: boolean;
  visibleUsers: string[];
  visibleDepartments: number[];
  visibleTags: number[];
  /** Sorted by userid. */
  admins: { userId: string; authType: AdminRights }[];
}

export interface LiveMember {
  userId: string;
  name: string;
  /** Main department, else the first department. */
  department?: number;
  status: MemberStatus;
  enabled?: boolean;
}

/** A chat intercept rule as the tenant reader gives it (src/tenant, TenantInterceptRule). */
export interface LiveInterceptRule {
  ruleId: string;
  name: string;
  words: string[];
  semantics: ("phone" | "email" | "red_packet")[];
  action: "block" | "warn";
  userIds: string[];
  departmentIds: number[];
}

export interface LiveDepartment {
  id: number;
  name: string;
  nameEn?: string;
  parentId: number;
}

export interface LiveTenant {
  corpId: string;
  /** Sorted by tagId. */
  tags: LiveTag[];
  /** Sorted by agentId. */
  apps: LiveApp[];
  /** Members with message archiving on, sorted; null when no archive secret is configured. */
  archiveMembers: string[] | null;
  /** Sorted by userId. */
  members: LiveMember[];
  /** Sorted by id. */
  departments: LiveDepartment[];
  /** Apps whose secret is configured but which could not be read (e.g. 停用: 50003), with the reason. */
  skippedApps: { agentId: number; reason: string }[];
  /** Chat intercept rules, sorted by rule_id; null or absent when not read (no customer-contact app). */
  interceptRules?: LiveInterceptRule[] | null;

  /** Check-in rules (issue 13); null or absent when not read (no check-in secret). */
  checkinRules?: CheckinRule[] | null;
}

export interface ReadLiveOptions {
  corpId: string;
  /** agentids whose secret is configured. */
  agentIds: number[];
  archive: boolean;
  /** Read the chat intercept rules (the customer-contact app is configured). Default false. */
  customer?: boolean;
  /** Permanent step lines ("members (user/list_id + user/list × 19 departments)"), shown in CI logs too. */
  progress?: (line: string) => void;
  /** Counts and waits for the live progress line (a terminal only). */
  sink?: ProgressSink;
  /** Parallel tag/get and user/get calls (the client also caps in-flight calls). */
  concurrency?: number;
  /**
   * The client's clock (tests): the snapshot's instant, and the budgets whose waits the sink shows. The
   * client paces user/get itself (src/wecom/pacing.ts; `--rate` sets its per-minute limit).
   */
  now?: () => number;
}

const STATUS: Readonly<Record<1 | 2 | 4 | 5, MemberStatus>> = {
  1: "active",
  2: "disabled",
  4: "inactive",
  5: "exited",
};

/** Import's view of a snapshot read with every member in detail. */
export function liveTenantOf(snap: TenantSnapshot): LiveTenant {
  return {
    corpId: snap.corpId,
    tags: snap.tags.map((t) => ({
      tagId: t.tagId,
      name: t.name,
      userIds: [...t.userIds],
      partyIds: [...t.departmentIds],
    })),
    apps: snap.apps.map((a) => ({
      agentId: a.agentId,
      name: a.name,
      description: a.description,
      locationMode: a.locationReporting === "off" ? "off" : "on-enter",
      reportEnter: a.reportEnter,
      redirectDomain: a.redirectDomain,
      homeUrl: a.homeUrl,
      closed: a.closed,
      visibleUsers: [...a.visibleRange.userIds],
      visibleDepartments: [...a.visibleRange.departmentIds],
      visibleTags: [...a.visibleRange.tagIds],
      admins: (a.admins ?? []).map((x) => ({ userId: x.userId, authType: x.authType })),
    })),
    archiveMembers: snap.archive.permitUserIds === null ? null : [...snap.archive.permitUserIds],
    members: snap.members.map((m) => ({
      userId: m.userId,
      name: m.name ?? "",
      ...(m.mainDepartment !== undefined ? { department: m.mainDepartment } : {}),
      status: STATUS[m.status ?? 1],
      ...(m.enabled !== undefined ? { enabled: m.enabled } : {}),
    })),
    departments: snap.departments.map((d) => ({
      id: d.id,
      name: d.name,
      ...(d.nameEn ? { nameEn: d.nameEn } : {}),
      parentId: d.parentId,
    })),
    skippedApps: snap.skippedApps.map((s) => ({ ...s })),
    interceptRules:
      snap.interceptRules === null || snap.interceptRules === undefined
        ? null
        : snap.interceptRules.map((r) => ({
            ruleId: r.ruleId,
            name: r.name,
            words: [...r.words],
            semantics: [...r.semantics],
            action: r.action,
            userIds: [...r.userIds],
            departmentIds: [...r.departmentIds],
          })),

    checkinRules: snap.checkinRules ? [...snap.checkinRules] : null,
  };
}

/**
 * Every member in detail, the configured apps, the archive range and (with the customer-contact app) the
 * chat intercept rules; no admin log.
 */
export async function readLiveTenant(client: WecomClient, opts: ReadLiveOptions): Promise<LiveTenant> {
  const snap = await readTenant(client, {
    corpId: opts.corpId,
    reach: {
      contacts: true,
      archive: opts.archive,
      apps: opts.agentIds,
      security: false,
      customer: opts.customer === true,
    },
    interceptRules: opts.customer === true,
    now: new Date(opts.now?.() ?? Date.now()),
    memberDetails: "all",
    adminLog: false,
    label: { zh: "导入", en: "import" },
    ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.sink ? { sink: opts.sink } : {}),
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    ...(opts.now ? { clock: opts.now } : {}),
  });
  // The archive range is written into archive.yaml: a read that failed must stop the import, not be
  // written as "no archive secret" (the reader turns it into a "cannot check" gap for the controls).
  if (opts.archive && snap.archive.permitUserIds === null)
    throw new WecomError(`${snap.gaps?.archive?.en ?? "the archive range could not be read"}`);
  return liveTenantOf(snap);
}
