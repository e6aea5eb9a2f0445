/**
 * WC.CHK.1–3 over the demo policies (checkin.yaml): the declared checks with the basis, notice, face
 * recognition and retention changed; the preview gate stopping with checkin.yaml:line; and the live checks
 * against a snapshot whose rule was edited by hand (wider radius, face recognition on, an extra member).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicies, type PolicyModel, type PolicySources } from "../../../src/policy";
import type { CheckinRulePolicy } from "../../../src/policy/model";
import { evaluateLive, previewGate, type Finding } from "../../../src/rules";
import { declaredContext } from "../../../src/rules/context";
import {
  checkChk1,
  checkChk2,
  checkChk3Declared,
  declaredCheckinMembers,
} from "../../../src/rules/controls/chk";
import type { LiveCheckinRule, LiveSnapshot } from "../../../src/rules/live-snapshot";
import { baseSnapshot } from "./builders";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
const NOW = new Date("2026-11-28T12:00:00+08:00");
let model: PolicyModel;
const dirs: string[] = [];

beforeAll(async () => {
  const result = await loadPolicies(POLICIES);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  model = result.model;
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const ctx = (m: PolicyModel) => declaredContext(m, NOW);
const withRule = (change: Partial<CheckinRulePolicy>, extra: CheckinRulePolicy[] = []): PolicyModel => ({
  ...model,
  checkin: { ...model.checkin, rules: [...model.checkin.rules.map((r) => ({ ...r, ...change })), ...extra] },
});
const rows = (fs_: Finding[]) => fs_.map((f) => [f.target, f.status]);

/** The demo policies with checkin.yaml's text edited, loaded for real (positions included). */
async function loadEdited(
  edit: (text: string) => string,
): Promise<{ model: PolicyModel; sources: PolicySources }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-checkin-"));
  dirs.push(dir);
  fs.cpSync(POLICIES, dir, { recursive: true });
  const file = path.join(dir, "checkin.yaml");
  fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
  const result = await loadPolicies(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

describe("checkin.yaml in the model", () => {
  it("normalises the demo rule and reaches the head-office departments only", () => {
    const [rule] = model.checkin.rules;
    expect(rule).toMatchObject({
      key: "hq-office",
      name: "总部打卡",
      groupId: 1,
      departments: [2, 3, 4, 5, 6, 7, 8],
      exemptMembers: ["zhangwei"],
      workdays: ["mon", "tue", "wed", "thu", "fri"],
      geofences: [{ title: "星河智造总部", lat: 31.3155, lng: 120.726, radiusM: 300 }],
      faceRecognition: { enabled: false },
      offWorkday: { allowed: false },
      legalBasis: { hrRecord: "LCR-2026-002" },
      retentionDays: 730,
    });
    expect(rule!.wifi.map((w) => w.mac)).toEqual(["3c:46:d8:10:20:01", "3c:46:d8:10:20:02"]);
    const members = declaredCheckinMembers(model, rule!, "2026-11-28");
    expect(members).toContain("xuli"); // sales (5)
    expect(members).not.toContain("zhangwei"); // exempt
    expect(members).not.toContain("linfeng"); // field service (9)
  });

  it("is optional: without it the three controls are not applicable", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-checkin-"));
    dirs.push(dir);
    fs.cpSync(POLICIES, dir, { recursive: true });
    fs.rmSync(path.join(dir, "checkin.yaml"));
    const result = await loadPolicies(dir);
    if (!result.ok) throw new Error("does not load");
    expect(result.model.checkin).toEqual({ rules: [], declared: false });
    const c = ctx(result.model);
    expect([...checkChk1(c), ...checkChk2(c), ...checkChk3Declared(c)].map((f) => f.status)).toEqual([
      "not-applicable",
      "not-applicable",
      "not-applicable",
    ]);
  });
});

describe("WC.CHK.1 (declared)", () => {
  it("passes the demo rule: HR basis, purpose, necessity and notice", () => {
    const [f] = checkChk1(ctx(model));
    expect(f).toMatchObject({ target: "checkin:hq-office", status: "pass" });
    expect(f!.message.en).toContain("on the HR basis (LCR-2026-002, published 2026-01-25)");
  });

  it("fails a location rule whose members have neither the HR basis nor a location consent", () => {
    const m = withRule({ legalBasis: { consentPurpose: "location-tracking", source: "checkin.yaml#/x" } });
    const [f] = checkChk1(ctx(m));
    expect(f?.status).toBe("fail");
    expect(f?.severity).toBe("mandatory");
    expect(f?.message.en).toMatch(/people it covers have neither the HR basis nor a valid separate consent/);
    expect((f?.evidence as { withoutBasis: string[] }).withoutBasis).toContain("xuli");
  });

  it("fails a missing necessity, notice and off-day reason, and an unpublished labour rule", () => {
    const { necessity: _n, noticeVersion: _v, ...rest } = model.checkin.rules[0]!;
    const m: PolicyModel = {
      ...model,
      checkin: {
        ...model.checkin,
        rules: [
          { ...rest, offWorkday: { allowed: true, source: "checkin.yaml#/rules/hq-office/off_workday" } },
        ],
      },
    };
    const [f] = checkChk1(ctx(m));
    expect(f?.status).toBe("fail");
    expect(f?.message.en).toContain("no statement of why locating members is necessary");
    expect(f?.message.en).toContain("no notice version");
    expect(f?.message.en).toContain("check-in on days off is allowed without a reason");
    const early = checkChk1(declaredContext(model, new Date("2026-01-22T12:00:00+08:00")));
    expect(early[0]?.message.en).toContain(
      "consultation record LCR-2026-002 is published only on 2026-01-25",
    );
  });

  it("passes a rule that locates nobody (no geofence, no Wi-Fi)", () => {
    expect(rows(checkChk1(ctx(withRule({ geofences: [], wifi: [] }))))).toEqual([
      ["checkin:hq-office", "pass"],
    ]);
  });

  it("stops the preview gate with checkin.yaml:line at the first member without a basis", async () => {
    const { model: m, sources } = await loadEdited((t) =>
      t
        .replace("departments: [2, 3, 4, 5, 6, 7, 8]", "members: [linfeng, luoping, xuli]")
        .replace("hr_record: LCR-2026-002", "consent_purpose: location-tracking"),
    );
    const gate = previewGate(m, NOW, { locate: sources.locate });
    expect(gate.blocked).toBe(true);
    expect(gate.report).toContain("WC.CHK.1v1 checkin:hq-office");
    expect(gate.report).toMatch(/checkin\.yaml:\d+:\d+ \/rules\/hq-office\/applies_to\/members\/2/);
    expect(gate.report).toContain("xuli");
    const f = gate.findings.find((x) => x.controlId === "WC.CHK.1v1")!;
    expect(sources.locate(f.pointer!).line).toBe(
      fs
        .readFileSync(path.join(sources.dir, "checkin.yaml"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("members: [linfeng, luoping, xuli]")) + 1,
    );
  });
});

describe("WC.CHK.2 (declared)", () => {
  const face = (change: Partial<CheckinRulePolicy["faceRecognition"]>): Partial<CheckinRulePolicy> => ({
    faceRecognition: {
      enabled: true,
      source: "checkin.yaml#/rules/hq-office/face_recognition",
      ...change,
    },
  });
  const wifiOnly: CheckinRulePolicy = {
    ...({} as CheckinRulePolicy),
    key: "hq-wifi",
    name: "总部 Wi-Fi 打卡",
    roles: [],
    departments: [],
    members: [],
    userIds: ["xuli"],
    exemptMembers: [],
    workdays: ["mon"],
    times: [{ start: "09:00", end: "18:00" }],
    syncHolidays: true,
    geofences: [],
    wifi: [{ name: "XH-Office", mac: "c0:7b:bc:37:f8:d3", source: "checkin.yaml#/x" }],
    photoRequired: false,
    faceRecognition: { enabled: false, source: "checkin.yaml#/x" },
    offWorkday: { allowed: false, source: "checkin.yaml#/x" },
    purpose: "Attendance",
    necessity: "Hours",
    noticeVersion: "N1",
    legalBasis: { hrRecord: "LCR-2026-002", source: "checkin.yaml#/x" },
    retentionDays: 730,
    source: "checkin.yaml#/rules/hq-wifi",
  };

  it("passes the demo rule, which does not use face recognition", () => {
    expect(rows(checkChk2(ctx(model)))).toEqual([["checkin:hq-office", "pass"]]);
  });

  it("fails face recognition without a PIA or an alternative rule", () => {
    const [f] = checkChk2(ctx(withRule(face({}))));
    expect(f?.status).toBe("fail");
    expect(f?.message.en).toContain("no PIA record");
    expect(f?.message.en).toContain("no alternative rule without face recognition");
    expect(f?.pointer).toBe("checkin.yaml#/rules/hq-office/face_recognition");
  });

  it("fails a PIA dated after face recognition was switched on, and an alternative that uses faces too", () => {
    const [f] = checkChk2(
      ctx(withRule(face({ pia: "PIA-2026-002", since: "2026-02-01", alternativeRule: "hq-office" }))),
    );
    expect(f?.message.en).toContain(
      "PIA PIA-2026-002 is dated 2026-02-20, after face recognition was switched on on 2026-02-01",
    );
    expect(f?.message.en).toContain("alternative rule hq-office uses face recognition itself");
  });

  it("passes with a PIA dated before it and a rule without faces for those who decline", () => {
    const m = withRule(face({ pia: "PIA-2026-002", since: "2026-03-01", alternativeRule: "hq-wifi" }), [
      wifiOnly,
    ]);
    expect(rows(checkChk2(ctx(m)))).toEqual([
      ["checkin:hq-office", "pass"],
      ["checkin:hq-wifi", "pass"],
    ]);
  });
});

describe("WC.CHK.3 (declared)", () => {
  it("fails retention longer than the consent purpose allows (advisory)", () => {
    const m = withRule({
      legalBasis: { hrRecord: "LCR-2026-002", consentPurpose: "location-tracking", source: "x" },
    });
    const [f] = checkChk3Declared(ctx(m));
    expect(f).toMatchObject({ status: "fail", severity: "advisory" });
    expect(f?.message.en).toContain("keeps check-in data 730 days, longer than the 90 days");
    expect(previewGate(m, NOW).blocked).toBe(false);
  });
});

describe("WC.CHK.1–3 (live)", () => {
  const liveRule = (change: Partial<LiveCheckinRule> = {}): LiveCheckinRule => ({
    groupId: 1,
    name: "总部打卡",
    range: { userIds: [], departmentIds: [2, 3, 4, 5, 6, 7, 8], tagIds: [] },
    exemptUserIds: ["zhangwei"],
    locations: [{ title: "星河智造总部", lat: 31.3155, lng: 120.726, radiusM: 300 }],
    wifi: [
      { name: "Xinghe-Office", mac: "3c:46:d8:10:20:01" },
      { name: "Xinghe-Office-5G", mac: "3c:46:d8:10:20:02" },
    ],
    needPhoto: false,
    faceRecognition: false,
    allowCheckinOffWorkday: false,
    ...change,
  });
  const snapshot = (rules: LiveCheckinRule[] | null): LiveSnapshot => ({
    ...baseSnapshot(),
    now: NOW.toISOString(),
    departments: model.tenant.departments.map((d) => ({ id: d.id, parentId: d.parentId })),
    members: model.people.members
      .filter((p) => p.status === "active")
      .map((p) => ({ userId: p.userId, departmentIds: [p.department ?? 1] })),
    checkinRules: rules,
  });
  const chk = (s: LiveSnapshot) => evaluateLive(model, s).filter((f) => f.controlId.startsWith("WC.CHK."));

  it("passes the seeded rule as the policy declares it", () => {
    expect(chk(snapshot([liveRule()])).map((f) => [f.controlId, f.target, f.status])).toEqual([
      ["WC.CHK.1v1", "checkin:hq-office", "pass"],
      ["WC.CHK.2v1", "checkin", "not-applicable"],
      ["WC.CHK.3v1", "checkin", "pass"],
    ]);
  });

  it("fails a radius widened by hand, face recognition switched on and a member added", () => {
    const edited = liveRule({
      locations: [{ title: "星河智造总部", lat: 31.3155, lng: 120.726, radiusM: 2000 }],
      faceRecognition: true,
      range: { userIds: ["linfeng"], departmentIds: [2, 3, 4, 5, 6, 7, 8], tagIds: [] },
    });
    const out = chk(snapshot([edited]));
    const by = (id: string) => out.find((f) => f.controlId === id)!;
    expect(by("WC.CHK.1v1").status).toBe("fail");
    expect(by("WC.CHK.1v1").message.en).toContain(
      "places or radii checkin.yaml does not declare: 星河智造总部 2000 m",
    );
    expect(by("WC.CHK.2v1")).toMatchObject({ status: "fail", target: "checkin:hq-office" });
    expect(by("WC.CHK.2v1").message.en).toContain("which checkin.yaml declares off");
    expect(by("WC.CHK.3v1").status).toBe("fail");
    expect(by("WC.CHK.3v1").message.en).toContain("linfeng");
  });

  it("fails a rule created in the console that the policy does not declare", () => {
    const out = chk(
      snapshot([
        liveRule(),
        liveRule({
          groupId: 7,
          name: "外勤打卡",
          range: { userIds: [], departmentIds: [9], tagIds: [] },
        }),
      ]),
    );
    expect(out.filter((f) => f.controlId === "WC.CHK.1v1").map((f) => [f.target, f.status])).toEqual([
      ["checkin:hq-office", "pass"],
      ["checkin-group:7", "fail"],
    ]);
  });

  it("cannot check when the rules were not read", () => {
    expect(chk(snapshot(null)).map((f) => f.status)).toEqual([
      "cannot-check",
      "cannot-check",
      "cannot-check",
    ]);
  });
});
