/**
 * policies/ describes the demo company of docs/demo-company.md exactly: the sandbox seed is built from
 * the same page, so a drift between the two would make the demo's first preview lie.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicies, type PolicyModel, type PolicySources } from "../../../src/policy";
import { applyWaivers, evaluateDeclared } from "../../../src/rules";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
let model: PolicyModel;
let sources: PolicySources;

beforeAll(async () => {
  const result = await loadPolicies(POLICIES);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  model = result.model;
  sources = result.sources;
});

const staff = (i: number): string => `staff${String(i).padStart(3, "0")}`;

describe("policies/ = docs/demo-company.md", () => {
  it("declares the tenant and its nine departments", () => {
    expect(model.tenant.corpId).toBe("ww5a1d0c0ffee00001");
    expect(model.tenant.name).toBe("星河智造科技有限公司");
    expect(model.tenant.ciiOperator).toBe(false);
    expect(model.tenant.dataVolumes.personalInfoPeople).toBeLessThan(100_000);
    expect(model.tenant.piOfficer?.userId).toBe("liuyang");
    expect(model.tenant.departments.map((d) => [d.id, d.name, d.parentId])).toEqual([
      [1, "星河智造", 0],
      [2, "总经办", 1],
      [3, "人力资源部", 1],
      [4, "财务部", 1],
      [5, "销售部", 1],
      [6, "研发部", 1],
      [7, "信息技术部", 1],
      [8, "法务合规部", 1],
      [9, "现场服务部", 1],
    ]);
  });

  it("lists exactly 200 members, filler departments round-robin, and the two leavers", () => {
    const people = model.people.members;
    expect(people).toHaveLength(200);
    expect(new Set(people.map((p) => p.userId)).size).toBe(200);
    for (let i = 1; i <= 181; i++) {
      const p = model.people.byId.get(staff(i));
      expect(p?.department).toBe(3 + ((i - 1) % 7));
      expect(p?.status).toBe("active");
    }
    const left = people.filter((p) => p.status === "left").map((p) => [p.userId, p.leaveDate, p.department]);
    expect(left).toEqual([
      ["zhengkai", "2026-11-01", 5],
      ["fanbing", "2026-11-20", 9],
    ]);
    expect(model.people.byId.get("zhangwei")).toMatchObject({ name: "张伟", department: 2 });
    expect(model.people.byId.get("sunhao")).toMatchObject({ name: "孙浩", department: 7 });
  });

  it("declares the five roles with their tag names, members and owners", () => {
    expect(model.roles.map((r) => [r.key, r.tagName, r.members, r.owner])).toEqual([
      ["finance-approvers", "财务审批", ["chenjing", "zhangwei", "zhaolei"], "chenjing"],
      ["hr-data", "HR数据访问", ["lina", "wangfang"], "wangfang"],
      ["wecom-admins", "企业微信管理员", ["sunhao", "zhoumin"], "sunhao"],
      ["sales-archive", "销售会话存档", ["huangtao", "maxiaoyu", "wuqiang", "xuli"], "wuqiang"],
      ["field-location", "外勤定位", ["linfeng", "luoping"], "linfeng"],
    ]);
    expect(model.roles.find((r) => r.key === "hr-data")?.apps).toEqual([1000005]);
  });

  it("declares the four apps as seeded: agentids, location, enter events, ranges, admins, domains", () => {
    const row = (key: string) => {
      const a = model.apps.find((x) => x.key === key)!;
      return [
        a.agentId,
        a.name,
        a.location.mode,
        a.reportEnter,
        a.visibleRange.departments,
        a.admins.map((d) => `${d.userId}:${d.authType}`),
        a.homeUrl,
        a.redirectDomain,
      ];
    };
    expect(row("field-assistant")).toEqual([
      1000002,
      "外勤助手",
      "on-enter",
      true,
      [9],
      ["linfeng:message", "sunhao:manage"],
      "https://field.xinghe-demo.cn",
      "field.xinghe-demo.cn",
    ]);
    expect(row("sales-crm")).toEqual([
      1000003,
      "销售助手",
      "off",
      false,
      [2, 4, 5],
      ["sunhao:manage", "wuqiang:manage"],
      "https://crm.xinghe-demo.cn",
      "crm.xinghe-demo.cn",
    ]);
    expect(row("compliance-audit")).toEqual([
      1000004,
      "合规审计",
      "off",
      false,
      [7, 8],
      ["sunhao:manage"],
      "https://audit.xinghe-demo.cn",
      "audit.xinghe-demo.cn",
    ]);
    expect(row("hr-assistant")).toEqual([
      1000005,
      "HR助手",
      "off",
      false,
      [1],
      ["wangfang:manage"],
      "https://hr.xinghe-demo.cn",
      "hr.xinghe-demo.cn",
    ]);
    for (const a of model.apps) {
      expect(a.description!.length).toBeGreaterThanOrEqual(4);
      expect(a.description!.length).toBeLessThanOrEqual(120);
    }
  });

  it("archives exactly the four sales members on consent given 2026-02-10", () => {
    expect(model.archive).toMatchObject({
      enabled: true,
      members: ["huangtao", "maxiaoyu", "wuqiang", "xuli"],
      legalBasis: "consent",
      consentPurpose: "chat-archive",
    });
    for (const u of model.archive.members) {
      expect(model.consentLedger.validOn(u, "chat-archive", "2026-11-28")?.given).toBe("2026-02-10");
    }
  });

  it("holds location consent for every current member of department 9, and fanbing's withdrawal", () => {
    const dept9 = model.people.members
      .filter((p) => p.department === 9 && p.status === "active")
      .map((p) => p.userId);
    expect(dept9).toHaveLength(2 + 25);
    for (const u of dept9)
      expect(model.consentLedger.validOn(u, "location-tracking", "2026-11-28")?.given).toBe("2026-03-01");
    expect(model.consentLedger.validOn("fanbing", "location-tracking", "2026-11-19")).toBeDefined();
    expect(model.consentLedger.validOn("fanbing", "location-tracking", "2026-11-20")).toBeUndefined();
    const purposes = Object.fromEntries(
      model.consentPurposes.map((p) => [p.key, [p.sensitive, p.separateConsent]]),
    );
    expect(purposes).toEqual({ "chat-archive": [false, true], "location-tracking": [true, true] });
  });

  it("dates the PIAs before the changes they cover and keeps a drill within 12 months of 2026-11-28", () => {
    const pia = (id: string) => model.records.pias.find((p) => p.id === id)!;
    expect(pia(model.archive.piaRecord!).date < model.archive.since!).toBe(true);
    const field = model.apps.find((a) => a.key === "field-assistant")!;
    expect(pia(field.location.piaRecord!).date < field.location.since!).toBe(true);
    expect(model.records.consultations).toHaveLength(2);
    expect(model.records.incidentPlan?.drills.at(-1)?.date! >= "2025-11-28").toBe(true);
    expect(model.retention.adminLogs.minDays).toBeGreaterThanOrEqual(184);
    expect(model.retention.memberLogs.minDays).toBeGreaterThanOrEqual(184);
    expect(model.crossBorder.recipients.map((r) => [r.country, r.mechanism])).toEqual([
      ["SG", "hr-exemption"],
    ]);
    expect(model.waivers.map((w) => [w.control, w.expires.slice(0, 4)])).toEqual([["WC.ARC.5v1", "2027"]]);
  });

  it("passes every declared mandatory control on 2026-11-28", () => {
    const now = new Date("2026-11-28T04:00:00Z");
    const findings = applyWaivers(evaluateDeclared(model, { now }), model.waivers, now);
    const failing = findings
      .filter((f) => f.status === "fail")
      .map((f) => `${f.controlId} ${f.target}: ${f.message.en}`);
    expect(failing).toEqual([]);
  });

  it("locates refs and bare pointers to file, line and column", () => {
    expect(sources.locate("roles.yaml#/roles/hr-data/members/1")).toEqual({
      file: "roles.yaml",
      line: 26,
      column: 25,
      pointer: "/roles/hr-data/members/1",
    });
    expect(sources.locate("/roles/hr-data/members/1")).toEqual(
      sources.locate("roles.yaml#/roles/hr-data/members/1"),
    );
    expect(sources.locate("people.csv#/rows/18/leave_date")).toMatchObject({
      file: "people.csv",
      line: 20,
      column: 19,
    });
    // An unknown pointer lands on its nearest known ancestor.
    expect(sources.locate("roles.yaml#/roles/hr-data/nothing/here")).toMatchObject({ line: 21, column: 3 });
    const fanbing = model.people.byId.get("fanbing")!;
    expect(sources.locate(fanbing.source)).toMatchObject({ file: "people.csv", line: 20, column: 1 });
    const entry = model.consentLedger.entries.at(-1)!;
    expect(sources.locate(entry.source)).toMatchObject({ file: "consent-ledger.csv", line: 33 });
  });

  it("is the frozen copy the invalid corpus patches", async () => {
    const fixture = await loadPolicies(path.resolve(__dirname, "..", "..", "fixtures", "policies-valid"));
    expect(fixture.ok).toBe(true);
  });
});
