/**
 * The one reader of the tenant: a complete, read-only snapshot — members and their status, departments,
 * roles (tags) with members, apps with settings, visible range and admins, the archive permit list,
 * departed members' unassigned customers and the admin operation log window — in the vocabulary of the
 * live controls (src/rules/live-snapshot.ts). `import`, `audit` and `drift` read through here; the
 * provider's resource reads use the per-object readers below.
 *
 * What could not be read is `null` with the reason in `gaps`, so a control says "cannot check, because…"
 * instead of passing or failing on missing facts. The caller passes a read-only client (clientFromConfig):
 * a write endpoint fails before any I/O.
 */
import type { LiveApp, LiveAdminLogEntry, LiveLogArchive, LiveMember, LiveSnapshot, LiveTag } from "../rules";
import type { MemberStatusCode, SnapshotPart } from "../rules/live-snapshot";
import { pacingSink, type ProgressSink } from "../progress";
import type { Bilingual } from "../text";
import { WecomApiError, WecomError, listenToPacing, type WecomClient } from "../wecom";
import { mapLimit } from "../wecom/semaphore";
import type { AdminOperLog, InterceptAction, InterceptSemantic, Member, MemberStatus } from "../wecom/types";
import type { CheckinRule } from "../wecom/checkin-rules";
import { oldestLogStart } from "../wecom/log-windows";
import type { Reach } from "./client";
import { SECRET_KEYS } from "../provider/config";

/** A member with what `import` also needs (name, main department) when it was read in detail. */
export interface TenantMember extends LiveMember {
  readonly name?: string;
  /** WeCom's main_department, else the first department user/get (or user/list_id) lists. */
  readonly mainDepartment?: number;
}

export interface TenantDepartment {
  readonly id: number;
  readonly parentId: number;
  readonly name: string;
  readonly nameEn?: string;
}

export interface TenantApp extends LiveApp {
  readonly description: string;
  /** 停用 */
  readonly closed: boolean;
}

/**
 * A chat intercept rule as read (externalcontact/get_intercept_rule, path/95130), in the policy's vocabulary
 * (semantics phone / email / red_packet; action block = intercept_type 1, warn = 2); lists sorted, unique.
 */
export interface TenantInterceptRule {
  readonly ruleId: string;
  readonly name: string;
  readonly words: readonly string[];
  readonly semantics: readonly InterceptSemantic[];
  readonly action: InterceptAction;
  /** Only the part inside the customer-contact app's visible range: WeCom returns no more (path/95130). */
  readonly userIds: readonly string[];
  readonly departmentIds: readonly number[];
  /** ISO 8601 (UTC); absent when WeCom leaves create_time out. */
  readonly createdAt?: string;
}

/** A complete snapshot: what the live controls read, plus what `import` writes into policy files. */
export interface TenantSnapshot extends LiveSnapshot {
  readonly version: 1;
  readonly corpId: string;
  readonly members: readonly TenantMember[];
  readonly departments: readonly TenantDepartment[];
  readonly apps: readonly TenantApp[];
  /** Apps with a secret that could not be read (停用: 50003, a secret of another corp), with the reason. */
  readonly skippedApps: readonly { agentId: number; reason: string }[];
  /**
   * Every chat intercept rule of the corp, by rule id; `null` when not read (no customer-contact app, the
   * read failed, or `interceptRules: false`) with the reason in `interceptRulesGap`.
   */
  readonly interceptRules?: readonly TenantInterceptRule[] | null;
  readonly interceptRulesGap?: Bilingual;
  /**
   * Every check-in rule (getcorpcheckinoption, sorted by groupid), or `null` when they were not read —
   * no check-in secret, or the read failed — with the reason in {@link checkinRulesGap}. Never an empty
   * list for "not read".
   */
  readonly checkinRules?: readonly CheckinRule[] | null;
  readonly checkinRulesGap?: Bilingual;
}

export interface ReadTenantOptions {
  corpId: string;
  /** What the configuration can read (reachOf). */
  reach: Reach;
  /** The instant the snapshot describes. */
  now: Date;
  /**
   * Who is read in detail (name, status, enable): with one user/list per department when that is fewer
   * calls than one user/get each (src/wecom/member-details.ts), else user/get. `all` for `import`;
   * otherwise the listed userids — the controls need status only for the roster's leavers (WC.LVR.1), and
   * user/list_id already gives everyone's departments.
   */
  memberDetails: "all" | readonly string[];
  /** When the previous check ran; the admin log is read from then (at most WeCom's 180 days). */
  previousCheckAt?: string | null;
  /** The local operation-log archive's coverage (`wecom-policy logs sync`). */
  logArchive?: LiveLogArchive;
  lastComplianceReportAt?: string | null;
  /** Read the check-in rules (when the check-in secret is configured). Default true. */
  checkinRules?: boolean;
  /** Read the admin log at all (import does not need it). Default true. */
  adminLog?: boolean;
  /** Read the chat intercept rules (with the customer-contact app). Default true. */
  interceptRules?: boolean;
  /**
   * The admin log already read by the caller for the same span (drift reads it once, from the local
   * archive where it covers the span, and shares it between attribution and WC.ACC.3): no API call. It
   * must reach back to `previousCheckAt`; the snapshot keeps the entries from there on. `error`: the
   * caller's read failed, and the log is not read again (a "cannot check" gap with that reason).
   */
  adminLogRead?: { readonly logs: readonly AdminOperLog[] } | { readonly error: unknown };
  /**
   * Permanent step lines ("members (user/list_id + user/list × 19 departments)", or "… + user/get × 200"),
   * shown in CI logs too.
   */
  progress?: (line: string) => void;
  /**
   * A progress line (src/progress): one phase per part with counts (a tick per tag/get, user/get and app)
   * and the reason for any pause under the per-minute limit.
   */
  sink?: ProgressSink;
  /** Prefix of the sink's phase labels ("import" → "import: members"). */
  label?: Bilingual;
  /** Parallel user/get and tag/get calls (the client also caps in-flight calls). Default 16. */
  concurrency?: number;
  /**
   * The client's clock (tests): the sink hears about the client's long waits — its per-minute budget, a
   * 45009 block (src/wecom/pacing.ts) — through the budgets of this clock. Default Date.now.
   */
  clock?: () => number;
}

export const NO_LOG_ARCHIVE: LiveLogArchive = {
  lastSyncAt: null,
  coveredFrom: null,
  tenantStartedAt: null,
};

/**
 * At most `limit` starts in any sliding 60 s window (hence in any of WeCom's fixed minute windows too).
 * Used for the group robot's webhook (src/watch/sinks.ts); calls to WeCom's server API are paced by the
 * client itself (src/wecom/pacing.ts).
 */
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
/** Unique and sorted; most members are in one department, so one element is copied, not sorted. */
const uniqSorted = <T extends string | number>(xs: readonly T[]): T[] =>
  xs.length < 2
    ? xs.slice()
    : [...new Set(xs)].sort((a, b) =>
        typeof a === "number" ? byNumber(a, b as number) : byString(a, b as string),
      );

const STATUS_CODE: Readonly<Record<MemberStatus, MemberStatusCode>> = {
  active: 1,
  disabled: 2,
  inactive: 4,
  exited: 5,
};

/** A member read with user/get. `enable` is not always echoed (wecom-api.md §2.2): status 2 says disabled. */
export function memberFromDetail(u: Member, departmentIds: readonly number[]): TenantMember {
  const main = u.mainDepartment ?? u.departmentIds[0] ?? departmentIds[0];
  return {
    userId: u.userId,
    departmentIds: uniqSorted(u.departmentIds.length ? u.departmentIds : departmentIds),
    enabled: u.enabled ?? u.status !== "disabled",
    status: STATUS_CODE[u.status],
    name: u.name,
    ...(main !== undefined ? { mainDepartment: main } : {}),
  };
}

/** One tag with its members (tag/get). */
export async function readTag(client: WecomClient, tagId: number, name?: string): Promise<LiveTag> {
  const d = await client.getTag(tagId);
  return {
    tagId,
    name: d.name || name || "",
    userIds: uniqSorted(d.userIds),
    departmentIds: uniqSorted(d.partyIds),
  };
}

/** An app's admins (agent/get_admin_list), sorted by userid. */
export async function readAppAdmins(
  client: WecomClient,
  agentId: number,
): Promise<LiveApp["admins"] & object> {
  return (await client.getAgentAdmins(agentId))
    .map((x) => ({ userId: x.userId, authType: x.authType }))
    .sort((x, y) => byString(x.userId, y.userId));
}

/** One app: settings (agent/get, the app's own secret) and admins (agent/get_admin_list). */
export async function readApp(client: WecomClient, agentId: number): Promise<TenantApp> {
  const [a, admins] = await Promise.all([client.getAgent(agentId), readAppAdmins(client, agentId)]);
  return {
    agentId,
    name: a.name,
    description: a.description,
    closed: a.closed,
    // report_location_flag is 0/1: the API cannot tell on-enter from continuous (docs/decisions.md).
    locationReporting: a.reportLocation ? "on-enter" : "off",
    reportEnter: a.reportEnter,
    redirectDomain: a.redirectDomain,
    homeUrl: a.homeUrl,
    visibleRange: {
      userIds: uniqSorted(a.allowUserIds),
      departmentIds: uniqSorted(a.allowPartyIds),
      tagIds: uniqSorted(a.allowTagIds),
    },
    admins,
  };
}

/** The archive permit list (msgaudit/get_permit_user_list), sorted. */
export async function readArchiveRange(client: WecomClient): Promise<string[]> {
  return uniqSorted(await client.getPermitUserList());
}

const iso = (sec: number) => new Date(sec * 1000).toISOString().replace(/\.000Z$/, "Z");

/** Departed members' customers not yet handed over (externalcontact/get_unassigned_list). */
export async function readUnassigned(client: WecomClient) {
  return (await client.getUnassignedList())
    .map((c) => ({
      handoverUserId: c.handoverUserId,
      externalUserId: c.externalUserId,
      dimissionTime: iso(c.dimissionTime),
    }))
    .sort(
      (a, b) => byString(a.handoverUserId, b.handoverUserId) || byString(a.externalUserId, b.externalUserId),
    );
}

/**
 * Every chat intercept rule (get_intercept_rule_list, then get_intercept_rule for each, ≤ 100), sorted by
 * rule id. A rule deleted between the two calls is left out.
 */
export async function readInterceptRules(
  client: WecomClient,
  concurrency = 4,
): Promise<TenantInterceptRule[]> {
  const list = await client.listInterceptRules();
  const rules = await mapLimit(list, concurrency, (r) => client.findInterceptRule(r.ruleId));
  return rules
    .flatMap((r): TenantInterceptRule[] =>
      r
        ? [
            {
              ruleId: r.ruleId,
              name: r.name,
              words: r.words,
              semantics: r.semantics,
              action: r.action,
              userIds: r.range.userIds,
              departmentIds: r.range.departmentIds,
              ...(r.createTime !== undefined ? { createdAt: iso(r.createTime) } : {}),
            },
          ]
        : [],
    )
    .sort((a, b) => byString(a.ruleId, b.ruleId));
}

/** WeCom's admin log entries (from the API or the local archive) in the snapshot's shape, oldest first. */
export function adminLogEntries(logs: readonly AdminOperLog[]): LiveAdminLogEntry[] {
  return logs
    .map((l) => ({
      time: iso(l.time),
      operator: l.userId,
      operType: l.operType,
      detail: l.detailInfo,
      ...(l.ip ? { ip: l.ip } : {}),
    }))
    .sort((a, b) => byString(a.time, b.time));
}

/** Admin operation log entries between two instants (Unix seconds), oldest first. */
export async function readAdminLog(
  client: WecomClient,
  startSec: number,
  endSec: number,
): Promise<LiveAdminLogEntry[]> {
  return adminLogEntries(await client.listAdminOperLogs({ start: startSec, end: endSec }));
}

/** The sink's phases, prefixed with the caller's label. */
const PHASE = {
  departments: { zh: "部门", en: "departments" },
  tags: { zh: "标签", en: "tags" },
  memberList: { zh: "成员列表", en: "member list" },
  members: { zh: "成员", en: "members" },
  memberDetails: { zh: "成员详情", en: "member details" },
  apps: { zh: "应用", en: "apps" },
  archive: { zh: "存档范围", en: "archive range" },
  customers: { zh: "待分配客户", en: "unassigned customers" },
  interceptRules: { zh: "聊天敏感词规则", en: "chat intercept rules" },
  adminLog: { zh: "管理端操作日志", en: "admin operation log" },
  checkinRules: { zh: "打卡规则", en: "check-in rules" },
} as const satisfies Record<string, Bilingual>;

function reason(err: unknown): string {
  if (err instanceof WecomApiError) return `errcode ${err.errcode}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** "wecom:corpSecret / WECOM_CORP_SECRET": where a secret is configured. */
const keyOf = (k: keyof typeof SECRET_KEYS): string =>
  `${SECRET_KEYS[k].configKey} / ${SECRET_KEYS[k].envName}`;

/** Why a part is missing, in both languages. */
const MISSING: Readonly<Record<"archive" | "security" | "customer" | "contacts" | "checkin", Bilingual>> = {
  checkin: {
    zh: `未配置打卡应用 Secret（${keyOf("checkin")}），未读取打卡规则`,
    en: `check-in rules not read: the check-in app secret is not configured (${keyOf("checkin")})`,
  },
  contacts: {
    zh: `未配置通讯录同步 Secret（${keyOf("contacts")}）`,
    en: `the contacts-sync secret is not configured (${keyOf("contacts")})`,
  },
  archive: {
    zh: `未配置会话内容存档 Secret（${keyOf("archive")}）`,
    en: `the archive secret is not configured (${keyOf("archive")})`,
  },
  security: {
    zh: "未配置可调用安全日志接口的应用（wecom:securityAgentId 及其在 wecom:appSecrets 中的 Secret）",
    en: "the security-log app is not configured (wecom:securityAgentId and its secret in wecom:appSecrets)",
  },
  customer: {
    zh: "未配置客户联系可调用应用（wecom:customerAgentId 及其在 wecom:appSecrets 中的 Secret）",
    en: "the customer-contact app is not configured (wecom:customerAgentId and its secret in wecom:appSecrets)",
  },
};

function failed(what: Bilingual, err: unknown): Bilingual {
  const r = reason(err);
  return { zh: `读取${what.zh}失败：${r}`, en: `reading ${what.en} failed: ${r}` };
}

/**
 * Reads the whole tenant. Contacts (departments, members, tags) are required: without them nothing can be
 * checked, so their errors propagate. Every other part that cannot be read becomes `null` with a reason.
 */
export async function readTenant(client: WecomClient, opts: ReadTenantOptions): Promise<TenantSnapshot> {
  // The progress line shows why the read waits: the client's per-minute budget or a 45009 block.
  const stopListening = opts.sink ? listenToPacing(pacingSink(opts.sink), opts.clock) : undefined;
  try {
    return await readWholeTenant(client, opts);
  } finally {
    stopListening?.();
  }
}

async function readWholeTenant(client: WecomClient, opts: ReadTenantOptions): Promise<TenantSnapshot> {
  const line = opts.progress ?? (() => {});
  const sink = opts.sink;
  const phase = (p: Bilingual, total?: number): void => {
    const l = opts.label;
    sink?.phase(l ? { zh: `${l.zh}：${p.zh}`, en: `${l.en}: ${p.en}` } : p, total);
  };
  const concurrency = opts.concurrency ?? 16;
  const gaps: Partial<Record<SnapshotPart, Bilingual>> = {};
  if (!opts.reach.contacts) throw new WecomError(`${MISSING.contacts.en} / ${MISSING.contacts.zh}`);

  line("departments (department/list)");
  phase(PHASE.departments);
  const departments: TenantDepartment[] = (await client.listDepartments())
    .map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, ...(d.nameEn ? { nameEn: d.nameEn } : {}) }))
    .sort((a, b) => a.id - b.id);

  line("tags (tag/list + tag/get)");
  const tagList = await client.listTags();
  phase(PHASE.tags, tagList.length);
  const tags = (
    await mapLimit(tagList, concurrency, async (t) => {
      const tag = await readTag(client, t.tagId, t.name);
      sink?.tick();
      return tag;
    })
  ).sort((a, b) => a.tagId - b.tagId);

  phase(PHASE.memberList);
  const ids = await client.listUserIds();
  const detail = opts.memberDetails === "all" ? undefined : new Set(opts.memberDetails);
  const wanted = detail ? ids.filter((m) => detail.has(m.userId)) : ids;
  const byId = new Map(ids.map((m) => [m.userId, m]));
  const detailed = new Map<string, TenantMember>();
  // Fewest calls: one user/list per department when that is fewer than one user/get per wanted member
  // (import: always, past a few members; audit and drift: when the roster has more leavers than the tenant
  // has departments). WeCom may refuse the bulk read to the contacts-sync secret (48009 since 2022-08-15):
  // then member by member, and the output says so (docs/import.md).
  let perMember: typeof wanted = wanted;
  let bulkRead = false;
  if (wanted.length > departments.length && departments.length > 0) {
    line(`members (user/list_id + user/list × ${departments.length} departments)`);
    phase(PHASE.memberDetails, departments.length);
    const bulk = await client.readMemberDetails(
      departments.map((d) => d.id),
      { concurrency, ...(sink ? { onDepartment: () => sink.tick() } : {}) },
    );
    if (bulk.kind === "refused") {
      line(
        `  user/list refused (errcode ${bulk.errcode}): reading each member with user/get / ` +
          `WeCom 拒绝批量读取成员（errcode ${bulk.errcode}），改为逐个 user/get 读取`,
      );
    } else {
      bulkRead = true;
      for (const u of bulk.members) {
        const m = byId.get(u.userId);
        if (!m || (detail && !detail.has(u.userId))) continue;
        detailed.set(u.userId, memberFromDetail(u, m.departmentIds));
      }
      // Members user/list did not show (joined meantime, a department deleted meantime): user/get.
      perMember = wanted.filter((m) => !detailed.has(m.userId));
    }
  }
  if (!bulkRead || perMember.length > 0) {
    line(`members (user/list_id + user/get × ${perMember.length})`);
    phase(PHASE.members, perMember.length);
  }
  let done = 0;
  // The client paces user/get under WeCom's per-minute limit and waits out a 45009 block (issue 12).
  await mapLimit(perMember, concurrency, async (m) => {
    const u = await client.getMember(m.userId);
    sink?.tick();
    if (++done % 5000 === 0) line(`  ${done}/${perMember.length} members`);
    detailed.set(m.userId, memberFromDetail({ ...u, userId: u.userId || m.userId }, m.departmentIds));
  });
  const members: TenantMember[] = ids
    .map((m) => detailed.get(m.userId) ?? { userId: m.userId, departmentIds: uniqSorted(m.departmentIds) })
    .sort((a, b) => byString(a.userId, b.userId));

  const apps: TenantApp[] = [];
  const skippedApps: { agentId: number; reason: string }[] = [];
  phase(PHASE.apps, opts.reach.apps.length);
  for (const agentId of [...opts.reach.apps].sort(byNumber)) {
    line(`app ${agentId} (agent/get + agent/get_admin_list)`);
    try {
      apps.push(await readApp(client, agentId));
    } catch (err) {
      // A disabled app (50003) or a secret of another corp cannot be read; the rest goes on and the app is
      // named, so nobody mistakes it for an app that does not exist.
      if (!(err instanceof WecomApiError)) throw err;
      skippedApps.push({ agentId, reason: reason(err) });
    }
    sink?.tick();
  }
  if (skippedApps.length)
    gaps.apps = {
      zh: `无法读取应用 ${skippedApps.map((s) => `${s.agentId}（${s.reason}）`).join("、")}`,
      en: `could not read apps ${skippedApps.map((s) => `${s.agentId} (${s.reason})`).join(", ")}`,
    };

  let permitUserIds: string[] | null = null;
  if (!opts.reach.archive) gaps.archive = MISSING.archive;
  else {
    line("archive range (msgaudit/get_permit_user_list)");
    phase(PHASE.archive);
    try {
      permitUserIds = await readArchiveRange(client);
    } catch (err) {
      if (!(err instanceof WecomError)) throw err;
      gaps.archive = failed({ zh: "存档范围", en: "the archive range" }, err);
    }
  }

  let unassignedCustomers: TenantSnapshot["unassignedCustomers"] = null;
  if (!opts.reach.customer) gaps.unassignedCustomers = MISSING.customer;
  else {
    line("departed members' customers (externalcontact/get_unassigned_list)");
    phase(PHASE.customers);
    try {
      unassignedCustomers = await readUnassigned(client);
    } catch (err) {
      if (!(err instanceof WecomError)) throw err;
      gaps.unassignedCustomers = failed({ zh: "待分配客户", en: "unassigned customers" }, err);
    }
  }

  let interceptRules: TenantInterceptRule[] | null = null;
  let interceptRulesGap: Bilingual | undefined;
  if (opts.interceptRules === false)
    interceptRulesGap = { zh: "未读取聊天敏感词规则", en: "the chat intercept rules were not read" };
  else if (!opts.reach.customer) interceptRulesGap = MISSING.customer;
  else {
    line("chat intercept rules (externalcontact/get_intercept_rule_list + get_intercept_rule)");
    phase(PHASE.interceptRules);
    try {
      interceptRules = await readInterceptRules(client, concurrency);
    } catch (err) {
      if (!(err instanceof WecomError)) throw err;
      interceptRulesGap = failed(PHASE.interceptRules, err);
    }
  }
  // WC.SEC.1's live check says "cannot check" with the reason (the rules read only the snapshot's gaps).
  if (interceptRulesGap) gaps.interceptRules = interceptRulesGap;

  let checkinRules: CheckinRule[] | null = null;
  let checkinRulesGap: Bilingual | undefined;
  if (opts.checkinRules === false)
    checkinRulesGap = { zh: "未读取打卡规则", en: "the check-in rules were not read" };
  else if (!client.checkinRules.configured) checkinRulesGap = MISSING.checkin;
  else {
    line("check-in rules (checkin/getcorpcheckinoption)");
    phase(PHASE.checkinRules);
    try {
      checkinRules = await client.checkinRules.list();
    } catch (err) {
      if (!(err instanceof WecomError)) throw err;
      checkinRulesGap = failed({ zh: "打卡规则", en: "the check-in rules" }, err);
    }
  }

  let adminLog: LiveAdminLogEntry[] | null = null;
  // The log window is on the host's clock, as WeCom's is: `now` may be pinned for the legal checks
  // (WECOM_POLICY_NOW), but WeCom refuses windows by its own clock.
  const nowSec = Math.floor((opts.clock ?? Date.now)() / 1000);
  if (opts.adminLog === false)
    gaps.adminLog = { zh: "未读取管理端操作日志", en: "the admin log was not read" };
  else if (!opts.reach.security) gaps.adminLog = MISSING.security;
  else {
    // From the previous check (WC.ACC.3 reports changes since then), never beyond WeCom's 180 days.
    const oldest = oldestLogStart(nowSec);
    const prev = opts.previousCheckAt ? Math.floor(Date.parse(opts.previousCheckAt) / 1000) : oldest;
    const start = Math.max(prev, oldest);
    const pre = opts.adminLogRead;
    if (pre && "logs" in pre) {
      // Read once by the caller for this span (drift: the archive, then the API for the tail), within
      // WeCom's reach when it was read.
      const fromIso = iso(prev);
      adminLog = adminLogEntries(pre.logs).filter((e) => e.time >= fromIso);
    } else if (pre)
      gaps.adminLog = failed({ zh: "管理端操作日志", en: "the admin operation log" }, pre.error);
    else
      try {
        line("admin operation log (security/admin_oper_log/list)");
        phase(PHASE.adminLog);
        adminLog = await readAdminLog(client, start, nowSec);
      } catch (err) {
        if (!(err instanceof WecomError)) throw err;
        gaps.adminLog = failed({ zh: "管理端操作日志", en: "the admin operation log" }, err);
      }
  }

  // External contacts' agreement needs the pairs (member, external contact) of archived chats, which only
  // the chat-archive SDK yields; wecom-policy does not decrypt chats.
  gaps.singleAgree = {
    zh: "外部联系人的存档同意需要会话存档 SDK 解出的会话双方，wecom-policy 不解密会话",
    en: "external contacts' agreement needs the chat pairs that only the chat-archive SDK decrypts; wecom-policy does not decrypt chats",
  };

  return {
    version: 1,
    corpId: opts.corpId,
    now: opts.now.toISOString(),
    previousCheckAt: opts.previousCheckAt ?? null,
    members,
    departments,
    tags,
    apps,
    archive: { permitUserIds },
    singleAgree: null,
    unassignedCustomers,
    adminLog,
    logArchive: opts.logArchive ?? NO_LOG_ARCHIVE,
    lastComplianceReportAt: opts.lastComplianceReportAt ?? null,
    gaps,
    skippedApps,
    interceptRules,
    ...(interceptRulesGap ? { interceptRulesGap } : {}),
    checkinRules,
    ...(checkinRulesGap ? { checkinRulesGap } : {}),
  };
}
