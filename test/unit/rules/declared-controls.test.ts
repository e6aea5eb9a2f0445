/** One block per declared control: pass, fail and waived, with the exact English message. */
import { describe, expect, it } from "vitest";
import { baseModel, person, setPeople, writtenAs, DEMO_PEOPLE } from "./builders";
import { declared, declaredOf, expectWaived, only } from "./helpers";

const app = (m: ReturnType<typeof baseModel>, i = 0) => {
  const a = m.apps[i];
  if (!a) throw new Error("no app");
  return a;
};
const purpose = (m: ReturnType<typeof baseModel>, key: string) => {
  const p = m.consentPurposes.find((c) => c.key === key);
  if (!p) throw new Error(`no purpose ${key}`);
  return p;
};

describe("WC.LOC.1v1 location purpose, notice and separate consent", () => {
  it("passes for an app with a purpose and a sensitive, separate-consent purpose", () => {
    const f = only(declared(baseModel(), "WC.LOC.1v1"), "app:1000002");
    expect(f.status).toBe("pass");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant) reports location on entering the app with a purpose and the sensitive, separate-consent purpose location-tracking (notice v2).",
    );
  });

  it("fails listing every gap, pointing at the app's location block", () => {
    const m = baseModel();
    delete app(m).location.purpose;
    const p = purpose(m, "location-tracking");
    p.sensitive = false;
    p.separateConsent = false;
    delete p.impact;
    const f = only(declared(m, "WC.LOC.1v1"), "app:1000002");
    expect(f.status).toBe("fail");
    expect(f.severity).toBe("mandatory");
    expect(f.pointer).toBe("apps.yaml#/apps/field-assistant/location");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant) reports location on entering the app, but: no location purpose; consent purpose location-tracking is not marked sensitive; consent purpose location-tracking does not require separate consent; consent purpose location-tracking does not state the impact on the individual.",
    );
    expect(f.message.zh).toBe(
      "应用 1000002（field-assistant）进入应用时上报位置，但未写明位置上报目的；同意目的 location-tracking 未标记为敏感个人信息；同意目的 location-tracking 未要求单独同意；同意目的 location-tracking 未说明对个人权益的影响。",
    );
  });

  it("fails continuous reporting without any consent purpose", () => {
    const m = baseModel();
    app(m).location.mode = "continuous";
    delete app(m).location.consentPurpose;
    expect(only(declared(m, "WC.LOC.1v1"), "app:1000002").message.en).toBe(
      "App 1000002 (field-assistant) reports location continuously, but: no consent purpose.",
    );
  });

  it("is not applicable when no app reports location", () => {
    const m = baseModel();
    app(m).location.mode = "off";
    expect(only(declared(m, "WC.LOC.1v1"), "apps").status).toBe("not-applicable");
  });

  it("can be waived for one app", () => {
    const m = baseModel();
    delete app(m).location.purpose;
    expectWaived(m, "WC.LOC.1v1", "app:1000002", declaredOf);
  });
});

describe("WC.LOC.2v1 PIA before location reporting, kept three years", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.LOC.2v1"), "app:1000002").message.en).toBe(
      "App 1000002 (field-assistant) has PIA pia-location (2026-02-20, kept until 2029-02-20) for location reporting.",
    );
  });

  it("fails without a PIA", () => {
    const m = baseModel();
    delete app(m).location.piaRecord;
    const f = only(declared(m, "WC.LOC.2v1"), "app:1000002");
    expect(f.status).toBe("fail");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant) reports location on entering the app but has no PIA record.",
    );
  });

  it("fails a PIA dated after the switch-on and kept under three years", () => {
    const m = baseModel();
    const pia = m.records.pias[0];
    if (!pia) throw new Error("no pia");
    pia.date = "2026-03-02";
    pia.keepUntil = "2029-03-01";
    const f = only(declared(m, "WC.LOC.2v1"), "app:1000002");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant): PIA pia-location is dated 2026-03-02, after location reporting started on 2026-03-01; PIA pia-location is kept only until 2029-03-01; PIPL Art. 56 requires at least 2029-03-02.",
    );
    expect(f.pointer).toBe("records.yaml#/pias/pia-location");
  });

  it("accepts a PIA dated the same day as the switch-on", () => {
    const m = baseModel();
    app(m).location.since = "2026-02-20";
    expect(only(declared(m, "WC.LOC.2v1"), "app:1000002").status).toBe("pass");
  });

  it("can be waived", () => {
    const m = baseModel();
    delete app(m).location.piaRecord;
    expectWaived(m, "WC.LOC.2v1", "app:1000002", declaredOf);
  });
});

describe("WC.ARC.1v1 archiving has a legal basis", () => {
  it("passes on consent", () => {
    expect(only(declared(baseModel(), "WC.ARC.1v1"), "archive").message.en).toBe(
      "Message archiving rests on consent (purpose chat-archive, notice v1).",
    );
  });

  it("passes on the HR basis with an LCL Art. 4 record", () => {
    const m = baseModel();
    m.archive.legalBasis = "hr-management";
    m.archive.consultationRecord = "handbook-ch7";
    const f = only(declared(m, "WC.ARC.1v1"), "archive");
    expect(f.status).toBe("pass");
    expect(f.message.en).toBe(
      'Message archiving rests on HR management under the labour rule "员工手册 第7章 信息系统使用", settled by consultation on 2026-01-10 and published on 2026-01-15 (record handbook-ch7).',
    );
  });

  it("fails without a basis", () => {
    const m = baseModel();
    delete m.archive.legalBasis;
    const f = only(declared(m, "WC.ARC.1v1"), "archive");
    expect(f.message.en).toBe("Message archiving is on but archive.yaml declares no legal basis.");
    expect(f.pointer).toBe("archive.yaml#/legal_basis");
  });

  it("fails the HR basis when the rule was published after archiving started", () => {
    const m = baseModel();
    m.archive.legalBasis = "hr-management";
    m.archive.consultationRecord = "handbook-ch7";
    m.archive.since = "2026-01-12";
    expect(only(declared(m, "WC.ARC.1v1"), "archive").message.en).toBe(
      "Message archiving rests on HR management, but the rule was published on 2026-01-15, after archiving started on 2026-01-12 (LCL Art. 4).",
    );
  });

  it("fails the HR basis without a consultation record", () => {
    const m = baseModel();
    m.archive.legalBasis = "hr-management";
    expect(only(declared(m, "WC.ARC.1v1"), "archive").message.en).toBe(
      "Message archiving rests on HR management but names no labour-rules consultation record (LCL Art. 4).",
    );
  });

  it("is not applicable when archiving is off", () => {
    const m = baseModel();
    m.archive.enabled = false;
    expect(only(declared(m, "WC.ARC.1v1"), "archive").status).toBe("not-applicable");
  });

  it("can be waived", () => {
    const m = baseModel();
    delete m.archive.consentPurpose;
    expectWaived(m, "WC.ARC.1v1", "archive", declaredOf);
  });
});

describe("WC.ARC.3v1 archiving has a PIA", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.ARC.3v1"), "archive").message.en).toBe(
      "Message archiving has PIA pia-archive (2026-01-20).",
    );
  });

  it("fails without a PIA", () => {
    const m = baseModel();
    delete m.archive.piaRecord;
    expect(only(declared(m, "WC.ARC.3v1"), "archive").message.en).toBe(
      "Message archiving is on but has no PIA record.",
    );
  });

  it("fails a PIA dated after archiving started", () => {
    const m = baseModel();
    m.archive.since = "2026-01-01";
    expect(only(declared(m, "WC.ARC.3v1"), "archive").message.en).toBe(
      "Message archiving's PIA pia-archive is dated 2026-01-20, after archiving started on 2026-01-01.",
    );
  });

  it("can be waived", () => {
    const m = baseModel();
    delete m.archive.piaRecord;
    expectWaived(m, "WC.ARC.3v1", "archive", declaredOf);
  });
});

describe("WC.ARC.4v1 archive retention declared and bounded", () => {
  it("passes, naming the tightest limit", () => {
    expect(only(declared(baseModel(), "WC.ARC.4v1"), "archive").message.en).toBe(
      "Archived chats are kept 365 days, within the maximum of 730 days.",
    );
  });

  it("fails without a retention period", () => {
    const m = baseModel();
    delete m.archive.retentionDays;
    expect(only(declared(m, "WC.ARC.4v1"), "archive").message.en).toBe(
      "Message archiving declares no retention period.",
    );
  });

  it("fails above the retention.yaml maximum and above the purpose's maximum", () => {
    const m = baseModel();
    m.archive.retentionDays = 1000;
    m.retention.chatArchive.maxDays = 900;
    const fs = declared(m, "WC.ARC.4v1");
    expect(fs.map((f) => f.message.en)).toEqual([
      "Archived chats are kept 1000 days, longer than retention.yaml's chat-archive maximum of 900 days.",
      "Archived chats are kept 1000 days, longer than consent purpose chat-archive's maximum of 730 days.",
    ]);
    expect(fs.every((f) => f.pointer === "archive.yaml#/retention_days")).toBe(true);
  });

  it("can be waived", () => {
    const m = baseModel();
    delete m.archive.retentionDays;
    expectWaived(m, "WC.ARC.4v1", "archive", declaredOf);
  });
});

describe("WC.ACC.1v1 roles have owner, purpose, no leavers", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.ACC.1v1"), "role:finance-approvers").message.en).toBe(
      "Role finance-approvers (财务审批) has owner chenjing, a purpose, and no leavers among its 3 members.",
    );
  });

  it("fails a role holding a leaver, pointing at the member", () => {
    const m = baseModel();
    const role = m.roles[2];
    if (!role) throw new Error("no role");
    role.members = ["fanbing", "linfeng", "luoping"];
    // The model's list is sorted; the file lists fanbing last.
    writtenAs(m, `${role.source}/members`, ["linfeng", "luoping", "fanbing"]);
    const f = only(declared(m, "WC.ACC.1v1"), "role:field-location");
    expect(f.status).toBe("fail");
    expect(f.message.en).toBe("Role field-location (外勤定位): it holds members who have left: fanbing.");
    expect(f.pointer).toBe("roles.yaml#/roles/field-location/members/2");
  });

  it("fails a role without purpose whose owner has left", () => {
    const m = baseModel();
    const role = m.roles[0];
    if (!role) throw new Error("no role");
    role.purpose = " ";
    setPeople(
      m,
      DEMO_PEOPLE.map((p) => (p.userId === "chenjing" ? person("chenjing", 4, "2026-11-27") : p)),
    );
    expect(only(declared(m, "WC.ACC.1v1"), "role:finance-approvers").message.en).toBe(
      "Role finance-approvers (财务审批): its owner chenjing has left; no purpose; it holds members who have left: chenjing.",
    );
  });

  it("does not count a leave date still in the future", () => {
    const m = baseModel();
    setPeople(
      m,
      DEMO_PEOPLE.map((p) => (p.userId === "zhaolei" ? person("zhaolei", 4, "2026-12-15") : p)),
    );
    expect(only(declared(m, "WC.ACC.1v1"), "role:finance-approvers").status).toBe("pass");
  });

  it("can be waived for one role", () => {
    const m = baseModel();
    const role = m.roles[0];
    if (!role) throw new Error("no role");
    role.purpose = "";
    expectWaived(m, "WC.ACC.1v1", "role:finance-approvers", declaredOf);
  });
});

describe("WC.XB.1v1 overseas recipients", () => {
  it("passes the HR exemption with a reference and notice", () => {
    expect(only(declared(baseModel(), "WC.XB.1v1"), "recipient:sg-hr").message.en).toBe(
      "Recipient sg-hr (Xinghe Singapore Pte. Ltd., SG) is covered by hr-exemption (XBP Art. 5(2); employee handbook ch. 9), notice hr-xb-v1.",
    );
  });

  it("fails a consent-based transfer without reference, notice or separate consent", () => {
    const m = baseModel();
    const r = m.crossBorder.recipients[0];
    if (!r) throw new Error("no recipient");
    r.mechanism = "standard-contract";
    r.reference = "";
    delete r.noticeVersion;
    r.legalBasis = "consent";
    r.consentPurpose = "chat-archive";
    purpose(m, "chat-archive").separateConsent = false;
    const f = only(declared(m, "WC.XB.1v1"), "recipient:sg-hr");
    expect(f.message.en).toBe(
      "Recipient sg-hr (Xinghe Singapore Pte. Ltd., SG): no reference for its mechanism standard-contract; no PIPL Art. 39 notice version; consent purpose chat-archive does not require separate consent (PIPL Art. 39).",
    );
    expect(f.pointer).toBe("crossborder.yaml#/recipients/sg-hr/reference");
  });

  it("fails a standard contract where XBP Art. 7 requires a security assessment", () => {
    const m = baseModel();
    const r = m.crossBorder.recipients[0];
    if (!r) throw new Error("no recipient");
    r.mechanism = "standard-contract";
    r.sensitive = true;
    r.peopleCount = 10_000;
    expect(only(declared(m, "WC.XB.1v1"), "recipient:sg-hr").message.en).toBe(
      "Recipient sg-hr (Xinghe Singapore Pte. Ltd., SG): 10,000 people's PI and 10,000 people's sensitive PI exported this year needs a CAC security assessment (XBP Art. 7), not standard-contract.",
    );
    r.peopleCount = 9_999;
    expect(only(declared(m, "WC.XB.1v1"), "recipient:sg-hr").status).toBe("pass");
    m.tenant.ciiOperator = true;
    expect(only(declared(m, "WC.XB.1v1"), "recipient:sg-hr").message.en).toBe(
      "Recipient sg-hr (Xinghe Singapore Pte. Ltd., SG): a CII operator needs a CAC security assessment (XBP Art. 7), not standard-contract.",
    );
  });

  it("is not applicable without recipients", () => {
    const m = baseModel();
    m.crossBorder.recipients = [];
    expect(only(declared(m, "WC.XB.1v1"), "crossborder").status).toBe("not-applicable");
  });

  it("can be waived", () => {
    const m = baseModel();
    const r = m.crossBorder.recipients[0];
    if (!r) throw new Error("no recipient");
    r.reference = "";
    expectWaived(m, "WC.XB.1v1", "recipient:sg-hr", declaredOf);
  });
});

describe("WC.XB.2v1 app domains approved (declared part)", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.XB.2v1"), "app:1000003").message.en).toBe(
      "App 1000003 (sales-crm) declares only approved domains.",
    );
  });

  it("accepts a recipient's domain and rejects an unknown one", () => {
    const m = baseModel();
    app(m, 1).redirectDomain = "hr.xinghe-group.sg";
    app(m, 1).homeUrl = "https://crm.example.com:8443/home";
    const f = only(declared(m, "WC.XB.2v1"), "app:1000003");
    expect(f.status).toBe("fail");
    expect(f.message.en).toBe(
      "App 1000003 (sales-crm): home URL crm.example.com is neither an approved domain nor covered by a transfer record.",
    );
  });

  it("does not let a look-alike suffix through", () => {
    const m = baseModel();
    app(m, 1).redirectDomain = "evilxinghe-demo.cn";
    expect(only(declared(m, "WC.XB.2v1"), "app:1000003").message.en).toBe(
      "App 1000003 (sales-crm): redirect domain evilxinghe-demo.cn is neither an approved domain nor covered by a transfer record.",
    );
  });

  it("can be waived", () => {
    const m = baseModel();
    app(m, 1).homeUrl = "not a url";
    expectWaived(m, "WC.XB.2v1", "app:1000003", declaredOf);
  });
});

describe("WC.XB.3v1 in-country storage above the stated threshold", () => {
  it("passes below the threshold, saying which threshold", () => {
    expect(only(declared(baseModel(), "WC.XB.3v1"), "tenant").message.en).toBe(
      "Not a CII operator, and 5,000 people's PI is below the stated threshold of 1,000,000 (XBP Art. 7 security-assessment threshold, by analogy); in-country storage is not required.",
    );
  });

  it("fails a CII operator storing archives in Hong Kong", () => {
    const m = baseModel();
    m.tenant.ciiOperator = true;
    m.archive.storageRegion = "hk";
    const f = only(declared(m, "WC.XB.3v1"), "tenant");
    expect(f.message.en).toBe(
      "As a CII operator, the company must store in-country, but chat archives are stored in hk.",
    );
    expect(f.pointer).toBe("archive.yaml#/storage_region");
  });

  it("fails at the threshold with overseas log exports, passes in-country", () => {
    const m = baseModel();
    m.tenant.dataVolumes.personalInfoPeople = 1_000_000;
    m.retention.logExport.storageRegion = "overseas";
    expect(only(declared(m, "WC.XB.3v1"), "tenant").message.en).toBe(
      "At 1,000,000 people's PI, at or above the stated threshold of 1,000,000, the company must store in-country, but log exports are stored in overseas.",
    );
    m.retention.logExport.storageRegion = "cn-mainland";
    expect(only(declared(m, "WC.XB.3v1"), "tenant").message.en).toBe(
      "At 1,000,000 people's PI, at or above the stated threshold of 1,000,000, the company stores chat archives and log exports in-country.",
    );
  });

  it("fails when the policy does not say why it uses its threshold", () => {
    const m = baseModel();
    m.tenant.storageThreshold.basis = "";
    expect(only(declared(m, "WC.XB.3v1"), "tenant").message.en).toBe(
      "tenant.yaml does not state the PIPL Art. 40 storage threshold it uses and why (the CAC has published none).",
    );
  });

  it("can be waived", () => {
    const m = baseModel();
    m.tenant.ciiOperator = true;
    m.archive.storageRegion = "overseas";
    expectWaived(m, "WC.XB.3v1", "tenant", declaredOf);
  });
});

describe("WC.GOV.1v1 PI protection officer", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.GOV.1v1"), "pi-officer").message.en).toBe(
      "PI protection officer 刘洋 (liuyang) is declared with contact details.",
    );
  });

  it("fails without an officer, and without contact details", () => {
    const m = baseModel();
    const o = m.tenant.piOfficer;
    if (!o) throw new Error("no officer");
    delete o.email;
    expect(only(declared(m, "WC.GOV.1v1"), "pi-officer").message.en).toBe(
      "PI protection officer 刘洋 (liuyang): no contact details.",
    );
    delete m.tenant.piOfficer;
    const f = only(declared(m, "WC.GOV.1v1"), "pi-officer");
    expect(f.severity).toBe("advisory");
    expect(f.message.en).toBe("tenant.yaml names no PI protection officer.");
  });

  it("can be waived", () => {
    const m = baseModel();
    delete m.tenant.piOfficer;
    expectWaived(m, "WC.GOV.1v1", "pi-officer", declaredOf);
  });
});

describe("WC.GOV.2v1 incident plan and drill", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.GOV.2v1"), "incident-plan").message.en).toBe(
      "Incident response plan irp-2026 has owner liuyang, 1 contact and a drill on 2026-06-15.",
    );
  });

  it("fails a drill more than 12 months old and no contacts", () => {
    const m = baseModel();
    const plan = m.records.incidentPlan;
    if (!plan) throw new Error("no plan");
    plan.contacts = [];
    plan.drills = [{ date: "2025-11-27", scenario: "x", source: "records.yaml#/incidentPlan/drills/0" }];
    expect(only(declared(m, "WC.GOV.2v1"), "incident-plan").message.en).toBe(
      "Incident response plan irp-2026: no contacts; the last drill was on 2025-11-27, more than 12 months ago (before 2025-11-28).",
    );
    plan.contacts = [{ name: "刘洋", role: "DPO", source: "records.yaml#/incidentPlan/contacts/0" }];
    plan.drills = [{ date: "2025-11-28", scenario: "x", source: "records.yaml#/incidentPlan/drills/0" }];
    expect(only(declared(m, "WC.GOV.2v1"), "incident-plan").status).toBe("pass");
  });

  it("fails without a plan", () => {
    const m = baseModel();
    delete m.records.incidentPlan;
    expect(only(declared(m, "WC.GOV.2v1"), "incident-plan").message.en).toBe(
      "records.yaml declares no incident response plan.",
    );
  });

  it("can be waived", () => {
    const m = baseModel();
    delete m.records.incidentPlan;
    expectWaived(m, "WC.GOV.2v1", "incident-plan", declaredOf);
  });
});

describe("WC.GOV.3v1 training for role owners and admins", () => {
  it("passes", () => {
    expect(only(declared(baseModel(), "WC.GOV.3v1"), "training").message.en).toBe(
      "All 4 role owners and app admins attended security training within the last 12 months.",
    );
  });

  it("fails one untrained person per finding, naming their duties", () => {
    const m = baseModel();
    const t = m.records.trainings[0];
    if (!t) throw new Error("no training");
    t.attendees = ["chenjing", "linfeng", "wuqiang"];
    const f = only(declared(m, "WC.GOV.3v1"), "member:sunhao");
    expect(f.severity).toBe("advisory");
    expect(f.message.en).toBe(
      "Member sunhao (owner of role wecom-admins, admin of app 1000002, admin of app 1000003) has no security training since 2025-11-28.",
    );
  });

  it("can be waived per person", () => {
    const m = baseModel();
    const t = m.records.trainings[0];
    if (!t) throw new Error("no training");
    t.attendees = ["chenjing", "linfeng", "sunhao"];
    expectWaived(m, "WC.GOV.3v1", "member:wuqiang", declaredOf);
  });
});
