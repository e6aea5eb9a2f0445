/**
 * Small builders for the rules tests: a policy model modelled on the demo company
 * (docs/demo-company.md) that passes every declared control, and a live snapshot that passes every
 * live control. Each test breaks one thing.
 */
import { DEFAULT_CHANGE_LIMITS } from "../../../src/policy/model";
import type { ConsentEntry, ConsentLedger, Person, PolicyModel, Waiver } from "../../../src/policy/model";
import type { LiveMember, LiveSnapshot } from "../../../src/rules/live-snapshot";

/** 2026-11-28 12:00 China Standard Time. */
export const NOW = new Date("2026-11-28T04:00:00Z");

export function ledger(entries: ConsentEntry[]): ConsentLedger {
  const byPurpose = new Map<string, Map<string, ConsentEntry[]>>();
  for (const e of entries) {
    const byUser = byPurpose.get(e.purpose) ?? new Map<string, ConsentEntry[]>();
    byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
    byPurpose.set(e.purpose, byUser);
  }
  return {
    entries,
    byPurpose,
    validOn: (userId, purpose, date) =>
      byPurpose
        .get(purpose)
        ?.get(userId)
        ?.find((e) => e.given <= date && (e.withdrawn === undefined || e.withdrawn > date)),
  };
}

export function consent(userId: string, purpose: string, given: string, withdrawn?: string): ConsentEntry {
  return {
    userId,
    purpose,
    given,
    ...(withdrawn !== undefined ? { withdrawn } : {}),
    source: `consent.yaml#/ledger/${userId}`,
  };
}

export function person(userId: string, department: number, leaveDate?: string): Person {
  return {
    userId,
    department,
    status: leaveDate === undefined ? "active" : "left",
    ...(leaveDate !== undefined ? { leaveDate } : {}),
    source: `people.csv#/rows/${userId}`,
  };
}

/** Replaces the roster (people.members and people.byId together). */
export function setPeople(model: PolicyModel, members: Person[]): void {
  model.people = { ...model.people, members, byId: new Map(members.map((p) => [p.userId, p])) };
}

export const DEMO_PEOPLE: readonly Person[] = [
  person("zhangwei", 2),
  person("liuyang", 8),
  person("gaoyan", 8),
  person("wangfang", 3),
  person("lina", 3),
  person("chenjing", 4),
  person("zhaolei", 4),
  person("sunhao", 7),
  person("zhoumin", 7),
  person("wuqiang", 5),
  person("xuli", 5),
  person("huangtao", 5),
  person("maxiaoyu", 5),
  person("linfeng", 9),
  person("luoping", 9),
  person("zhengkai", 5, "2026-11-01"),
  person("fanbing", 9, "2026-11-20"),
];

export function waiver(control: string, target: string, over: Partial<Waiver> = {}): Waiver {
  return {
    id: "w1",
    control,
    target,
    reason: "Accepted while the fix is scheduled",
    owner: "liuyang",
    expires: "2026-12-31",
    source: "waivers.yaml#/waivers/w1",
    ...over,
  };
}

/**
 * Records that the list at `listRef` was written in the file in this order (what the loader does), so a
 * finding about an item can be checked to point at the item's own index.
 */
export function writtenAs(model: PolicyModel, listRef: string, values: readonly (string | number)[]): void {
  const items = new Map(values.map((v, i) => [String(v), `${listRef}/${i}`] as const));
  model.itemSources = new Map([...model.itemSources, [listRef, items]]);
}

export function baseModel(): PolicyModel {
  const people = [...DEMO_PEOPLE];
  return {
    tenant: {
      name: "星河智造科技有限公司",
      nameEn: "Xinghe Smart Manufacturing Co., Ltd.",
      corpId: "ww5a1d0c0ffee00001",
      changeLimits: { ...DEFAULT_CHANGE_LIMITS, source: "tenant.yaml#/change_limits" },
      piOfficer: {
        userId: "liuyang",
        name: "刘洋",
        email: "dpo@xinghe-demo.cn",
        source: "tenant.yaml#/piOfficer",
      },
      ciiOperator: false,
      dataVolumes: {
        personalInfoPeople: 5000,
        sensitiveInfoPeople: 200,
        importantData: false,
        countedOn: "2026-11-01",
        source: "tenant.yaml#/dataVolumes",
      },
      storageThreshold: {
        people: 1_000_000,
        basis: "XBP Art. 7 security-assessment threshold, by analogy",
        source: "tenant.yaml#/storageThreshold",
      },
      complianceAuditIntervalDays: 365,
      departments: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => ({
        id,
        name: `d${id}`,
        parentId: id === 1 ? 0 : 1,
        source: `tenant.yaml#/departments/${id - 1}`,
      })),
      source: "tenant.yaml#",
    },
    roles: [
      {
        key: "finance-approvers",
        tagName: "财务审批",
        purpose: "Approve payments",
        owner: "chenjing",
        members: ["chenjing", "zhangwei", "zhaolei"],
        departments: [],
        apps: [],
        appKeys: [],
        source: "roles.yaml#/roles/finance-approvers",
      },
      {
        key: "wecom-admins",
        tagName: "企业微信管理员",
        purpose: "Administer WeCom",
        owner: "sunhao",
        members: ["sunhao", "zhoumin"],
        departments: [],
        apps: [],
        appKeys: [],
        source: "roles.yaml#/roles/wecom-admins",
      },
      {
        key: "field-location",
        tagName: "外勤定位",
        purpose: "Field staff whose location is reported",
        owner: "linfeng",
        members: ["linfeng", "luoping"],
        departments: [],
        apps: [1000002],
        appKeys: ["field-assistant"],
        source: "roles.yaml#/roles/field-location",
      },
    ],
    apps: [
      {
        key: "field-assistant",
        agentId: 1000002,
        name: "外勤助手",
        location: {
          mode: "on-enter",
          purpose: "Dispatch the nearest technician",
          consentPurpose: "location-tracking",
          piaRecord: "pia-location",
          since: "2026-03-01",
          source: "apps.yaml#/apps/field-assistant/location",
        },
        reportEnter: true,
        redirectDomain: "field.xinghe-demo.cn",
        homeUrl: "https://field.xinghe-demo.cn",
        sensitiveData: true,
        maxAdmins: 2,
        visibleRange: {
          users: [],
          departments: [9],
          tags: [],
          roles: [],
          source: "apps.yaml#/apps/field-assistant/visibleRange",
        },
        admins: [
          { userId: "linfeng", authType: "message", source: "apps.yaml#/apps/field-assistant/admins/0" },
          { userId: "sunhao", authType: "manage", source: "apps.yaml#/apps/field-assistant/admins/1" },
        ],
        source: "apps.yaml#/apps/field-assistant",
      },
      {
        key: "sales-crm",
        agentId: 1000003,
        name: "销售助手",
        location: { mode: "off", source: "apps.yaml#/apps/sales-crm/location" },
        reportEnter: false,
        redirectDomain: "crm.xinghe-demo.cn",
        homeUrl: "https://crm.xinghe-demo.cn",
        sensitiveData: false,
        visibleRange: {
          users: [],
          departments: [5],
          tags: [],
          roles: [],
          source: "apps.yaml#/apps/sales-crm/visibleRange",
        },
        admins: [
          { userId: "sunhao", authType: "manage", source: "apps.yaml#/apps/sales-crm/admins/0" },
          { userId: "wuqiang", authType: "manage", source: "apps.yaml#/apps/sales-crm/admins/1" },
        ],
        source: "apps.yaml#/apps/sales-crm",
      },
    ],
    archive: {
      enabled: true,
      members: ["huangtao", "maxiaoyu", "wuqiang", "xuli"],
      purpose: "Sales compliance review",
      legalBasis: "consent",
      consentPurpose: "chat-archive",
      piaRecord: "pia-archive",
      retentionDays: 365,
      storageRegion: "cn-mainland",
      includesExternalContacts: true,
      since: "2026-02-10",
      source: "archive.yaml#",
    },
    consentPurposes: [
      {
        key: "chat-archive",
        title: { zh: "会话存档", en: "Chat archive" },
        description: "Archive sales chats",
        sensitive: false,
        separateConsent: true,
        noticeVersion: "v1",
        maxRetentionDays: 730,
        source: "consent.yaml#/purposes/chat-archive",
      },
      {
        key: "location-tracking",
        title: { zh: "外勤定位", en: "Field location" },
        description: "Report location on entering the field app",
        sensitive: true,
        separateConsent: true,
        noticeVersion: "v2",
        necessity: "Dispatch needs the technician's position",
        impact: "Whereabouts during work are recorded",
        source: "consent.yaml#/purposes/location-tracking",
      },
    ],
    consentLedger: ledger([
      ...["wuqiang", "xuli", "huangtao", "maxiaoyu"].map((u) => consent(u, "chat-archive", "2026-02-10")),
      consent("linfeng", "location-tracking", "2026-03-01"),
      consent("luoping", "location-tracking", "2026-03-01"),
      consent("fanbing", "location-tracking", "2026-03-01", "2026-11-20"),
    ]),
    retention: {
      chatArchive: { maxDays: 730, source: "retention.yaml#/chatArchive" },
      adminLogs: { minDays: 184, source: "retention.yaml#/adminLogs" },
      memberLogs: { minDays: 184, source: "retention.yaml#/memberLogs" },
      logExport: { storageRegion: "cn-mainland", maxSyncAgeDays: 7, source: "retention.yaml#/logExport" },
      leavers: {
        disableWithinHours: 24,
        transferCustomersWithinDays: 30,
        deleteAfterDays: 180,
        source: "retention.yaml#/leavers",
      },
      source: "retention.yaml#",
    },
    people: {
      rosterFile: "people.csv",
      members: people,
      byId: new Map(people.map((p) => [p.userId, p])),
      source: "people.yaml#",
    },
    crossBorder: {
      approvedDomains: ["xinghe-demo.cn"],
      recipients: [
        {
          key: "sg-hr",
          name: "Xinghe Singapore Pte. Ltd.",
          country: "SG",
          purpose: "Group HR management",
          categories: ["name", "position"],
          sensitive: false,
          mechanism: "hr-exemption",
          reference: "XBP Art. 5(2); employee handbook ch. 9",
          legalBasis: "hr-management",
          noticeVersion: "hr-xb-v1",
          domains: ["hr.xinghe-group.sg"],
          peopleCount: 200,
          source: "crossborder.yaml#/recipients/sg-hr",
        },
      ],
      source: "crossborder.yaml#",
    },
    records: {
      pias: [
        {
          id: "pia-location",
          title: "Field location PIA",
          covers: ["app:field-assistant"],
          date: "2026-02-20",
          keepUntil: "2029-02-20",
          owner: "liuyang",
          source: "records.yaml#/pias/pia-location",
        },
        {
          id: "pia-archive",
          title: "Chat archive PIA",
          covers: ["archive"],
          date: "2026-01-20",
          keepUntil: "2029-12-31",
          owner: "liuyang",
          source: "records.yaml#/pias/pia-archive",
        },
      ],
      consultations: [
        {
          id: "handbook-ch7",
          title: "IT use rules",
          rule: "员工手册 第7章 信息系统使用",
          discussedBy: "employee-congress",
          settledOn: "2026-01-10",
          publishedOn: "2026-01-15",
          source: "records.yaml#/consultations/handbook-ch7",
        },
      ],
      incidentPlan: {
        id: "irp-2026",
        title: "PI incident response plan",
        owner: "liuyang",
        approvedOn: "2026-01-05",
        contacts: [
          {
            userId: "sunhao",
            name: "孙浩",
            role: "IT",
            phone: "+86 512 0000 0000",
            source: "records.yaml#/incidentPlan/contacts/0",
          },
        ],
        drills: [
          { date: "2026-06-15", scenario: "Leaked export", source: "records.yaml#/incidentPlan/drills/0" },
        ],
        source: "records.yaml#/incidentPlan",
      },
      trainings: [
        {
          id: "sec-2026",
          topic: "PI security",
          date: "2026-09-01",
          attendees: ["chenjing", "linfeng", "sunhao", "wuqiang"],
          source: "records.yaml#/trainings/sec-2026",
        },
      ],
      source: "records.yaml#",
    },
    waivers: [],
    protection: { interceptRules: [], sensitiveRoles: [], attestations: [], declared: false },
    checkin: { rules: [], declared: false },
    // Hand-built lists have no file positions: findings about an item point at its list.
    itemSources: new Map(),
  };
}

function member(userId: string, dept: number, enabled = true): LiveMember {
  return { userId, departmentIds: [dept], enabled, status: enabled ? 1 : 2 };
}

/** A live tenant in line with {@link baseModel} at {@link NOW}. Returned mutable for tests to break. */
export function baseSnapshot(): Mutable<LiveSnapshot> {
  return {
    now: NOW.toISOString(),
    previousCheckAt: "2026-11-27T04:00:00Z",
    members: DEMO_PEOPLE.map((p) => member(p.userId, p.department ?? 1, p.status === "active")),
    departments: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => ({ id, parentId: id === 1 ? 0 : 1 })),
    tags: [],
    apps: [
      {
        agentId: 1000002,
        name: "外勤助手",
        locationReporting: "on-enter",
        reportEnter: true,
        visibleRange: { userIds: [], departmentIds: [9], tagIds: [] },
        admins: [
          { userId: "sunhao", authType: "manage" },
          { userId: "linfeng", authType: "message" },
        ],
        redirectDomain: "field.xinghe-demo.cn",
        homeUrl: "https://field.xinghe-demo.cn",
      },
      {
        agentId: 1000003,
        name: "销售助手",
        locationReporting: "off",
        reportEnter: false,
        visibleRange: { userIds: [], departmentIds: [5], tagIds: [] },
        admins: [
          { userId: "sunhao", authType: "manage" },
          { userId: "wuqiang", authType: "manage" },
        ],
        redirectDomain: "crm.xinghe-demo.cn",
        homeUrl: "https://crm.xinghe-demo.cn",
      },
    ],
    archive: { permitUserIds: ["wuqiang", "xuli", "huangtao", "maxiaoyu"] },
    singleAgree: ["wuqiang", "xuli", "huangtao", "maxiaoyu"].map((userId) => ({
      userId,
      agree: 3,
      disagree: 0,
    })),
    unassignedCustomers: ["wm001", "wm002", "wm003"].map((externalUserId) => ({
      handoverUserId: "zhengkai",
      externalUserId,
      dimissionTime: "2026-11-01T02:00:00Z",
    })),
    adminLog: [
      { time: "2026-11-20T02:00:00Z", operator: "sunhao", operType: 2, detail: "granted zhoumin app admin" },
      { time: "2026-11-27T10:00:00Z", operator: "sunhao", operType: 8, detail: "edited app 1000002" },
    ],
    logArchive: {
      lastSyncAt: "2026-11-27T02:00:00Z",
      coveredFrom: "2026-04-01T00:00:00Z",
      tenantStartedAt: "2025-06-01T00:00:00Z",
    },
    lastComplianceReportAt: "2026-10-01T00:00:00Z",
  };
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
