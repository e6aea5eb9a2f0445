/** One block per live control (and the live part of WC.XB.2): pass, fail, waived, exact English text. */
import { describe, expect, it } from "vitest";
import { baseModel, baseSnapshot, consent, ledger, type Mutable } from "./builders";
import { expectWaived, live, liveOf, only } from "./helpers";
import type { LiveApp } from "../../../src/rules/live-snapshot";

const snapApp = (s: ReturnType<typeof baseSnapshot>, i = 0): Mutable<LiveApp> => {
  const a = s.apps[i];
  if (!a) throw new Error("no app");
  return { ...a };
};
const replaceApp = (s: ReturnType<typeof baseSnapshot>, i: number, a: LiveApp): void => {
  s.apps = s.apps.map((x, j) => (j === i ? a : x));
};
const enable = (s: ReturnType<typeof baseSnapshot>, userId: string): void => {
  s.members = s.members.map((m) => (m.userId === userId ? { ...m, enabled: true, status: 1 } : m));
};

describe("WC.LOC.3v1 members in range without location consent", () => {
  it("passes when everyone enabled in range has consented (a disabled leaver is skipped)", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.LOC.3v1"), "app:1000002").message.en).toBe(
      "All 2 members in the visible range of App 1000002 (field-assistant) have a valid location consent.",
    );
  });

  it("lists members whose consent was withdrawn or never given, expanding departments and tags", () => {
    const s = baseSnapshot();
    enable(s, "fanbing");
    s.tags = [{ tagId: 100, name: "外包人员", userIds: ["staff170"], departmentIds: [] }];
    s.members = [...s.members, { userId: "staff170", departmentIds: [3], enabled: true, status: 1 }];
    s.departments = [...s.departments, { id: 10, parentId: 9 }];
    s.members = [...s.members, { userId: "staff007", departmentIds: [10], enabled: true, status: 1 }];
    const a = snapApp(s);
    a.visibleRange = { userIds: [], departmentIds: [9], tagIds: [100] };
    replaceApp(s, 0, a);
    const f = only(live(baseModel(), s, "WC.LOC.3v1"), "app:1000002");
    expect(f.status).toBe("fail");
    expect(f.severity).toBe("advisory");
    expect(f.message.en).toBe(
      "3 of 5 members in the visible range of App 1000002 (field-assistant) have no valid location consent: fanbing, staff007, staff170.",
    );
    expect(f.evidence).toEqual({
      consentPurpose: "location-tracking",
      members: ["fanbing", "staff007", "staff170"],
    });
  });

  it("is not applicable when no live app reports location", () => {
    const s = baseSnapshot();
    replaceApp(s, 0, { ...snapApp(s), locationReporting: "off" });
    expect(only(live(baseModel(), s, "WC.LOC.3v1"), "apps").status).toBe("not-applicable");
  });

  it("can be waived for one app", () => {
    const s = baseSnapshot();
    enable(s, "fanbing");
    expectWaived(baseModel(), "WC.LOC.3v1", "app:1000002", liveOf(s));
  });
});

describe("WC.ARC.2v1 every archived member has a valid consent", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.ARC.2v1"), "archive").message.en).toBe(
      "All 4 archived members have a valid consent to chat-archive.",
    );
  });

  it("fails a member archived by hand without consent and one who withdrew", () => {
    const s = baseSnapshot();
    s.archive = { permitUserIds: ["wuqiang", "xuli", "huangtao", "maxiaoyu", "lina"] };
    const m = baseModel();
    m.consentLedger = ledger([
      ...["wuqiang", "huangtao", "maxiaoyu"].map((u) => consent(u, "chat-archive", "2026-02-10")),
      consent("xuli", "chat-archive", "2026-02-10", "2026-11-25"),
    ]);
    const fs = live(m, s, "WC.ARC.2v1");
    expect(fs.map((f) => [f.target, f.status, f.severity, f.message.en])).toEqual([
      [
        "member:lina",
        "fail",
        "mandatory",
        "Member lina is archived but has no valid consent to chat-archive.",
      ],
      [
        "member:xuli",
        "fail",
        "mandatory",
        "Member xuli is archived but withdrew consent to chat-archive on 2026-11-25.",
      ],
    ]);
  });

  it("under the HR basis fails only non-employees", () => {
    const m = baseModel();
    m.archive.legalBasis = "hr-management";
    delete m.archive.consentPurpose;
    const s = baseSnapshot();
    s.archive = { permitUserIds: ["wuqiang", "zhengkai"] };
    expect(live(m, s, "WC.ARC.2v1").map((f) => f.message.en)).toEqual([
      "Member zhengkai is archived but is not a current employee in the roster, so the HR basis does not cover them.",
    ]);
  });

  it("cannot check when the archive scope cannot be read, and says why", () => {
    const s = baseSnapshot();
    s.archive = { permitUserIds: null };
    const f = only(live(baseModel(), s, "WC.ARC.2v1"), "archive");
    expect(f.status).toBe("cannot-check");
    expect(f.message.en).toBe("The live archive scope could not be read, so consents cannot be checked.");
    const why = { zh: "未配置会话内容存档 Secret", en: "the archive secret is not configured" };
    const g = only(live(baseModel(), { ...s, gaps: { archive: why } }, "WC.ARC.2v1"), "archive");
    expect(g.message).toEqual({
      zh: "无法读取租户的存档范围，无法核对同意（未配置会话内容存档 Secret）。",
      en: "The live archive scope could not be read, so consents cannot be checked (the archive secret is not configured).",
    });
  });

  it("can be waived for one member", () => {
    const s = baseSnapshot();
    s.archive = { permitUserIds: ["wuqiang", "lina"] };
    expectWaived(baseModel(), "WC.ARC.2v1", "member:lina", liveOf(s));
  });
});

describe("WC.ARC.5v1 external contacts who declined archiving", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.ARC.5v1"), "archive").message.en).toBe(
      "No external contact of the 4 members checked declined archiving.",
    );
  });

  it("counts per member", () => {
    const s = baseSnapshot();
    s.singleAgree = [
      { userId: "xuli", agree: 2, disagree: 1 },
      { userId: "huangtao", agree: 0, disagree: 4 },
    ];
    expect(live(baseModel(), s, "WC.ARC.5v1").map((f) => [f.target, f.severity, f.message.en])).toEqual([
      [
        "member:huangtao",
        "advisory",
        "Member huangtao has 4 external contacts who declined archiving (check_single_agree: Disagree).",
      ],
      [
        "member:xuli",
        "advisory",
        "Member xuli has 1 external contact who declined archiving (check_single_agree: Disagree).",
      ],
    ]);
  });

  it("can be waived", () => {
    const s = baseSnapshot();
    s.singleAgree = [{ userId: "xuli", agree: 2, disagree: 1 }];
    expectWaived(baseModel(), "WC.ARC.5v1", "member:xuli", liveOf(s));
  });
});

describe("WC.LOG.1v1 logs kept ≥ 184 days via the local archive", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.LOG.1v1"), "log-archive").message.en).toBe(
      "The local log archive was synced at 2026-11-27 02:00 UTC and covers 184 days back (2026-05-28 04:00 UTC).",
    );
  });

  it("applies 184 days exactly: 184 days back passes, a minute short fails", () => {
    const s = baseSnapshot();
    s.logArchive = { ...s.logArchive, coveredFrom: "2026-05-28T04:00:00Z" };
    expect(only(live(baseModel(), s, "WC.LOG.1v1"), "log-archive").status).toBe("pass");
    s.logArchive = { ...s.logArchive, coveredFrom: "2026-05-28T04:01:00Z" };
    expect(only(live(baseModel(), s, "WC.LOG.1v1"), "log-archive").message.en).toBe(
      "Operation logs are not kept for six months: the local log archive covers only from 2026-05-28 04:01 UTC (the start of its first fetched window); it must reach 184 days back (2026-05-28 04:00 UTC).",
    );
    // 180 days — what WeCom's API alone can reach — is not enough.
    s.logArchive = { ...s.logArchive, coveredFrom: "2026-06-01T04:00:00Z" };
    expect(only(live(baseModel(), s, "WC.LOG.1v1"), "log-archive").status).toBe("fail");
  });

  it("fails a stale sync and a declared retention under 184 days", () => {
    const m = baseModel();
    m.retention.adminLogs.minDays = 180;
    const s = baseSnapshot();
    s.logArchive = { ...s.logArchive, lastSyncAt: "2026-11-21T03:59:00Z" };
    const f = only(live(m, s, "WC.LOG.1v1"), "log-archive");
    expect(f.severity).toBe("mandatory");
    expect(f.message.en).toBe(
      "Operation logs are not kept for six months: retention.yaml keeps admin operation logs for 180 days, less than 184; `wecom-policy logs sync` last ran at 2026-11-21 03:59 UTC, more than 7 days ago.",
    );
  });

  it("for a tenant younger than 184 days requires the archive to reach its start", () => {
    const s = baseSnapshot();
    s.logArchive = {
      lastSyncAt: "2026-11-28T00:00:00Z",
      coveredFrom: "2026-09-01T00:00:00Z",
      tenantStartedAt: "2026-09-01T00:00:00Z",
    };
    expect(only(live(baseModel(), s, "WC.LOG.1v1"), "log-archive").message.en).toBe(
      "The local log archive was synced at 2026-11-28 00:00 UTC and covers the tenant's start at 2026-09-01 00:00 UTC.",
    );
    s.logArchive = { lastSyncAt: null, coveredFrom: null, tenantStartedAt: "2026-09-01T00:00:00Z" };
    expect(only(live(baseModel(), s, "WC.LOG.1v1"), "log-archive").message.en).toBe(
      "Operation logs are not kept for six months: `wecom-policy logs sync` has never run; the local log archive has fetched nothing.",
    );
  });

  it("can be waived", () => {
    const s = baseSnapshot();
    s.logArchive = { ...s.logArchive, lastSyncAt: null };
    expectWaived(baseModel(), "WC.LOG.1v1", "log-archive", liveOf(s));
  });
});

describe("WC.ACC.2v1 live app admins within the declared list", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.ACC.2v1"), "app:1000002").message.en).toBe(
      "App 1000002 (field-assistant) has 2 admins, all declared.",
    );
  });

  it("fails an extra admin, an escalated one and too many admins", () => {
    const s = baseSnapshot();
    replaceApp(s, 0, {
      ...snapApp(s),
      admins: [
        { userId: "sunhao", authType: "manage" },
        { userId: "linfeng", authType: "manage" },
        { userId: "zhoumin", authType: "message" },
      ],
    });
    const f = only(live(baseModel(), s, "WC.ACC.2v1"), "app:1000002");
    expect(f.severity).toBe("advisory");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant) has admins not in apps.yaml: linfeng (manage), zhoumin (send); has 3 admins, more than the declared 2 (the app touches sensitive personal information).",
    );
  });

  it("fails an app missing from apps.yaml", () => {
    const s = baseSnapshot();
    s.apps = [
      ...s.apps,
      { ...snapApp(s, 1), agentId: 1000009, admins: [{ userId: "zhoumin", authType: "manage" }] },
    ];
    expect(only(live(baseModel(), s, "WC.ACC.2v1"), "app:1000009").message.en).toBe(
      "App 1000009 is not declared in apps.yaml; has admins not in apps.yaml: zhoumin (manage).",
    );
  });

  it("can be waived", () => {
    const s = baseSnapshot();
    replaceApp(s, 1, { ...snapApp(s, 1), admins: [{ userId: "zhoumin", authType: "manage" }] });
    expectWaived(baseModel(), "WC.ACC.2v1", "app:1000003", liveOf(s));
  });
});

describe("WC.ACC.3v1 admin-permission changes since the last check", () => {
  it("passes when the only permission change predates the last check", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.ACC.3v1"), "admin-log").message.en).toBe(
      "No admin-permission change since 2026-11-27 04:00 UTC.",
    );
  });

  it("reports each new permission change with operator and time", () => {
    const s = baseSnapshot();
    s.adminLog = [
      ...(s.adminLog ?? []),
      { time: "2026-11-28T01:30:00Z", operator: "zhoumin", operType: 2, detail: "made lina a tiered admin" },
    ];
    const f = only(live(baseModel(), s, "WC.ACC.3v1"), "admin-log:2026-11-28T01:30:00.000Z");
    expect(f.severity).toBe("advisory");
    expect(f.message.en).toBe(
      "Admin permissions changed by zhoumin at 2026-11-28 01:30 UTC: made lina a tiered admin.",
    );
  });

  it("can be waived once reviewed", () => {
    const s = baseSnapshot();
    s.previousCheckAt = null;
    expectWaived(baseModel(), "WC.ACC.3v1", "admin-log:2026-11-20T02:00:00.000Z", liveOf(s));
  });
});

describe("WC.LVR.1v1 leavers disabled within the SLA", () => {
  it("passes when the leaver past the SLA is disabled", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.LVR.1v1"), "members").message.en).toBe(
      "All 2 leavers past the 24-hour SLA are disabled or deleted.",
    );
  });

  it("fails an enabled leaver, with hours past the deadline", () => {
    const s = baseSnapshot();
    enable(s, "fanbing");
    const f = only(live(baseModel(), s, "WC.LVR.1v1"), "member:fanbing");
    expect(f.severity).toBe("mandatory");
    // Left 2026-11-20; the day ends 2026-11-20 16:00 UTC (CST midnight); +24 h = 2026-11-21 16:00 UTC.
    expect(f.message.en).toBe(
      "Member fanbing left on 2026-11-20 and is still enabled, 156 hours past the 24-hour SLA (deadline 2026-11-21 16:00 UTC).",
    );
    expect(f.pointer).toBe("people.csv#/rows/fanbing");
  });

  it("does not fail inside the SLA window", () => {
    const m = baseModel();
    m.retention.leavers.disableWithinHours = 24 * 8;
    const s = baseSnapshot();
    enable(s, "fanbing");
    expect(live(m, s, "WC.LVR.1v1").map((f) => f.status)).toEqual(["pass"]);
  });

  it("can be waived", () => {
    const s = baseSnapshot();
    enable(s, "fanbing");
    expectWaived(baseModel(), "WC.LVR.1v1", "member:fanbing", liveOf(s));
  });
});

describe("WC.LVR.2v1 leavers' customers transferred in time", () => {
  it("passes inside the window", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.LVR.2v1"), "customers").message.en).toBe(
      "No departed member's customers are past the 30-day transfer deadline (3 waiting).",
    );
  });

  it("fails past the window", () => {
    const m = baseModel();
    m.retention.leavers.transferCustomersWithinDays = 14;
    const f = only(live(m, baseSnapshot(), "WC.LVR.2v1"), "member:zhengkai");
    expect(f.severity).toBe("advisory");
    expect(f.message.en).toBe(
      "Member zhengkai left on 2026-11-01 and 3 customers are still unassigned, past the 14-day transfer deadline (2026-11-15).",
    );
  });

  it("can be waived", () => {
    const m = baseModel();
    m.retention.leavers.transferCustomersWithinDays = 14;
    expectWaived(m, "WC.LVR.2v1", "member:zhengkai", liveOf(baseSnapshot()));
  });
});

describe("WC.LVR.3v1 leaver data deleted after retention", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.LVR.3v1"), "members").message.en).toBe(
      "No leaver account is kept past the 180-day deletion deadline.",
    );
  });

  it("fails a leaver still present after the deletion days", () => {
    const m = baseModel();
    m.retention.leavers.deleteAfterDays = 20;
    const f = only(live(m, baseSnapshot(), "WC.LVR.3v1"), "member:zhengkai");
    expect(f.message.en).toBe(
      "Member zhengkai left on 2026-11-01; the account was due for deletion after 20 days (2026-11-21) but still exists.",
    );
  });

  it("can be waived", () => {
    const m = baseModel();
    m.retention.leavers.deleteAfterDays = 20;
    expectWaived(m, "WC.LVR.3v1", "member:zhengkai", liveOf(baseSnapshot()));
  });
});

describe("WC.XB.2v1 app domains approved (live part)", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.XB.2v1"), "app:1000002").message.en).toBe(
      "App 1000002 (field-assistant) uses only approved domains in the tenant.",
    );
  });

  it("fails a redirect domain changed by hand", () => {
    const s = baseSnapshot();
    replaceApp(s, 0, { ...snapApp(s), redirectDomain: "field.example.net" });
    const f = only(live(baseModel(), s, "WC.XB.2v1"), "app:1000002");
    expect(f.severity).toBe("mandatory");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant) (live): redirect domain field.example.net is neither an approved domain nor covered by a transfer record.",
    );
  });

  it("can be waived", () => {
    const s = baseSnapshot();
    replaceApp(s, 0, { ...snapApp(s), homeUrl: "https://x.example.net" });
    expectWaived(baseModel(), "WC.XB.2v1", "app:1000002", liveOf(s));
  });
});

describe("WC.GOV.4v1 compliance audit on schedule", () => {
  it("passes", () => {
    expect(only(live(baseModel(), baseSnapshot(), "WC.GOV.4v1"), "compliance-audit").message.en).toBe(
      "The last compliance report was produced on 2026-10-01, within the 365-day audit interval.",
    );
  });

  it("fails an overdue report, a missing one, and a missing interval", () => {
    const m = baseModel();
    m.tenant.complianceAuditIntervalDays = 30;
    const s = baseSnapshot();
    expect(only(live(m, s, "WC.GOV.4v1"), "compliance-audit").message.en).toBe(
      "The last compliance report was produced on 2026-10-01, longer ago than the declared 30-day audit interval.",
    );
    s.lastComplianceReportAt = null;
    expect(only(live(m, s, "WC.GOV.4v1"), "compliance-audit").message.en).toBe(
      "No compliance report has been produced.",
    );
    delete m.tenant.complianceAuditIntervalDays;
    expect(only(live(m, s, "WC.GOV.4v1"), "compliance-audit").message.en).toBe(
      "tenant.yaml declares no compliance audit interval (compliance_audit_interval_days).",
    );
  });

  it("can be waived", () => {
    const s = baseSnapshot();
    s.lastComplianceReportAt = null;
    expectWaived(baseModel(), "WC.GOV.4v1", "compliance-audit", liveOf(s));
  });
});
