/**
 * Read the live tenant for `wecom-policy import`: tags, apps (those whose secret is configured), the
 * archive range, members and departments. Read-only by construction: the caller passes a WecomClient
 * built with `readOnly: true`, so a write endpoint would fail before any I/O.
 *
 * The snapshot is plain data (no client types leak past here), so the merge rules in ./merge.ts are
 * pure functions tested on in-memory snapshots.
 */
import type { AdminRights } from "../generated/resources";
import { NO_PROGRESS, perMinuteLimit, type ProgressSink } from "../progress";
import { WecomApiError, type WecomClient } from "../wecom";
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
  /**
   * Most user/get calls in any 60 s. WeCom allows 10 000 calls per API per corp per minute and blocks the
   * API for 60 s beyond that (wecom-api.md §7.2); one user/get per member would hit that at 10 000
   * members, and the adoption's own reads right after would be refused (45009). Default 8 000.
   */
  userGetPerMinute?: number;
  /** Injected clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** At most `limit` starts in any sliding 60 s window (hence in any of WeCom's fixed minute windows too). */
export class MinuteBudget {
  private readonly starts: number[] = [];
  private head = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    /** Told before each pause (epoch ms it ends) and after it, so a progress line can say why it waits. */
    private readonly onPause: { waiting(untilMs: number): void; resumed(): void } = {
      waiting: () => {},
      resumed: () => {},
    },
  ) {}

  /** Resolves when one more call may start; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      if (this.starts.length - this.head >= this.limit) {
        const wait = this.starts[this.head]! + 60_000 - this.now();
        if (wait > 0) {
          this.onPause.waiting(this.now() + wait);
          await this.sleep(wait);
          this.onPause.resumed();
        }
        this.head++;
      }
      this.starts.push(this.now());
      // Keep the array from growing without bound on 100k-member tenants.
      if (this.head > 4096) {
        this.starts.splice(0, this.head);
        this.head = 0;
      }
    });
    this.queue = turn;
    return turn;
  }
}

const byNumber = (a: number, b: number) => a - b;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function readLiveTenant(client: WecomClient, opts: ReadLiveOptions): Promise<LiveTenant> {
  const say = opts.progress ?? (() => {});
  const sink = opts.sink ?? NO_PROGRESS;
  const concurrency = opts.concurrency ?? 16;

  say("departments (department/list)");
  sink.phase({ zh: "导入：部门", en: "import: departments" });
  const departments = (await client.listDepartments())
    .map((d) => ({ id: d.id, name: d.name, ...(d.nameEn ? { nameEn: d.nameEn } : {}), parentId: d.parentId }))
    .sort((a, b) => a.id - b.id);

  say("tags (tag/list + tag/get)");
  const tagList = await client.listTags();
  sink.phase({ zh: "导入：标签", en: "import: tags" }, tagList.length);
  const tags = await mapLimit(tagList, concurrency, async (t) => {
    const d = await client.getTag(t.tagId);
    sink.tick();
    return {
      tagId: t.tagId,
      name: d.name || t.name,
      userIds: [...new Set(d.userIds)].sort(byString),
      partyIds: [...new Set(d.partyIds)].sort(byNumber),
    };
  });
  tags.sort((a, b) => a.tagId - b.tagId);

  sink.phase({ zh: "导入：成员列表", en: "import: member list" });
  const ids = await client.listUserIds();
  const perMinute = opts.userGetPerMinute ?? 8000;
  const budget = new MinuteBudget(perMinute, opts.now, opts.sleep, {
    waiting: (until) => sink.waiting(perMinuteLimit("user/get", perMinute), until),
    resumed: () => sink.resumed(),
  });
  say(`members (user/list_id + user/get × ${ids.length})`);
  sink.phase({ zh: "导入：成员", en: "import: members" }, ids.length);
  const members = await mapLimit(ids, concurrency, async (m): Promise<LiveMember> => {
    await budget.take();
    const u = await client.getMember(m.userId);
    sink.tick();
    const department = u.mainDepartment ?? u.departmentIds[0] ?? m.departmentIds[0];
    return {
      userId: u.userId || m.userId,
      name: u.name,
      ...(department !== undefined ? { department } : {}),
      status: u.status,
      ...(u.enabled !== undefined ? { enabled: u.enabled } : {}),
    };
  });
  members.sort((a, b) => byString(a.userId, b.userId));

  const apps: LiveApp[] = [];
  const skippedApps: LiveTenant["skippedApps"] = [];
  sink.phase({ zh: "导入：应用", en: "import: apps" }, opts.agentIds.length);
  for (const agentId of [...opts.agentIds].sort(byNumber)) {
    say(`app ${agentId} (agent/get + agent/get_admin_list)`);
    try {
      const [a, admins] = await Promise.all([client.getAgent(agentId), client.getAgentAdmins(agentId)]);
      apps.push({
        agentId,
        name: a.name,
        description: a.description,
        locationMode: a.reportLocation ? "on-enter" : "off",
        reportEnter: a.reportEnter,
        redirectDomain: a.redirectDomain,
        homeUrl: a.homeUrl,
        closed: a.closed,
        visibleUsers: [...new Set(a.allowUserIds)].sort(byString),
        visibleDepartments: [...new Set(a.allowPartyIds)].sort(byNumber),
        visibleTags: [...new Set(a.allowTagIds)].sort(byNumber),
        admins: admins
          .map((x) => ({ userId: x.userId, authType: x.authType }))
          .sort((x, y) => byString(x.userId, y.userId)),
      });
    } catch (err) {
      // A disabled app (50003) or a secret of another corp cannot be read; the rest of the import goes on
      // and the app is named in the summary, so nobody mistakes it for an app that does not exist.
      if (!(err instanceof WecomApiError)) throw err;
      skippedApps.push({ agentId, reason: `errcode ${err.errcode}: ${err.message}` });
    }
    sink.tick();
  }

  let archiveMembers: string[] | null = null;
  if (opts.archive) {
    say("archive range (msgaudit/get_permit_user_list)");
    sink.phase({ zh: "导入：存档范围", en: "import: archive range" });
    archiveMembers = [...new Set(await client.getPermitUserList())].sort(byString);
  }

  return { corpId: opts.corpId, tags, apps, archiveMembers, members, departments, skippedApps };
}
