/**
 * The live tenant as `wecom-policy import` writes it into policy files: tags, apps (those whose secret is
 * configured), the archive range, members (each read in detail: names) and departments. Read by the one
 * reader of the tenant (src/tenant) and reshaped here into import's vocabulary, so the merge rules in
 * ./merge.ts stay pure functions tested on in-memory snapshots.
 */
import type { AdminRights } from "../generated/resources";
import { readTenant, type Reach, type TenantSnapshot } from "../tenant";
import type { WecomClient } from "../wecom";
import { NO_PROGRESS, perMinuteLimit, type ProgressSink } from "../progress";
import type { MemberStatus } from "../wecom/types";

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
}

export interface ReadLiveOptions {
  corpId: string;
  /** agentids whose secret is configured. */
  agentIds: number[];
  archive: boolean;
  /** Permanent step lines ("members (user/list_id + user/get × 10000)"), shown in CI logs too. */
  progress?: (line: string) => void;
  /** Counts and waits for the live progress line (a terminal only); default {@link NO_PROGRESS}. */
  sink?: ProgressSink;
  /** Parallel user/get calls (the client also caps in-flight calls). */
  concurrency?: number;
  /** Most user/get calls in any 60 s (src/tenant ReadTenantOptions.userGetPerMinute). Default 8 000. */
  userGetPerMinute?: number;
  /** Injected clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export { MinuteBudget } from "../tenant";

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
    members: snap.members.map((m) => {
      const department = m.mainDepartment ?? m.departmentIds[0];
      return {
        userId: m.userId,
        name: m.name ?? m.userId,
        ...(department !== undefined ? { department } : {}),
        status: STATUS[m.status ?? 1],
        ...(m.enabled !== undefined ? { enabled: m.enabled } : {}),
      };
    }),
    departments: snap.departments.map((d) => ({
      id: d.id,
      name: d.name,
      ...(d.nameEn ? { nameEn: d.nameEn } : {}),
      parentId: d.parentId,
    })),
    skippedApps: snap.skippedApps.map((s) => ({ ...s })),
  };
}

export async function readLiveTenant(client: WecomClient, opts: ReadLiveOptions): Promise<LiveTenant> {
  const reach: Reach = {
    contacts: true,
    archive: opts.archive,
    apps: [...opts.agentIds].sort((a, b) => a - b),
    security: false,
    customer: false,
  };
  const snap = await readTenant(client, {
    corpId: opts.corpId,
    reach,
    now: new Date(opts.now?.() ?? Date.now()),
    memberDetails: "all",
    adminLog: false,
    ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    ...(opts.userGetPerMinute !== undefined ? { userGetPerMinute: opts.userGetPerMinute } : {}),
    ...(opts.now ? { clock: opts.now } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  return liveTenantOf(snap);
}
