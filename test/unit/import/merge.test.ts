import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { LiveApp, LiveMember, LiveTag, LiveTenant } from "../../../src/import/live";
import {
  archiveConsentConflicts,
  mergeApps,
  mergeRoles,
  mergeRoster,
  mergeTenant,
  todoPurpose,
  type BasePolicies,
  type Conflict,
  type Note,
} from "../../../src/import/merge";
import { renderApps, renderRoles, renderRoster } from "../../../src/import/render";

const opts = { today: "2026-11-29", owner: "liuyang" };
const tag = (tagId: number, name: string, userIds: string[] = [], partyIds: number[] = []): LiveTag => ({
  tagId,
  name,
  userIds,
  partyIds,
});
const app = (agentId: number, over: Partial<LiveApp> = {}): LiveApp => ({
  agentId,
  name: `app ${agentId}`,
  description: "a description",
  locationMode: "off",
  reportEnter: false,
  redirectDomain: "",
  homeUrl: "",
  closed: false,
  visibleUsers: [],
  visibleDepartments: [],
  visibleTags: [],
  admins: [],
  ...over,
});
const member = (
  userId: string,
  status: LiveMember["status"],
  over: Partial<LiveMember> = {},
): LiveMember => ({ userId, name: userId.toUpperCase(), department: 3, status, ...over });

describe("roles", () => {
  it("matches by tag_id first: a renamed tag keeps its key, purpose, owner and apps; name and members are live", () => {
    const notes: Note[] = [];
    const { roles, keyOfTag } = mergeRoles(
      [tag(12, "财务审批（新）", ["zhaolei", "chenjing"].sort(), [4])],
      {
        "finance-approvers": {
          tag_name: "财务审批",
          tag_id: 12,
          purpose: "Approve payments",
          owner: "chenjing",
          members: ["x"],
          apps: ["b-app", "a-app"],
        },
      },
      opts,
      notes,
    );
    expect(roles).toEqual({
      "finance-approvers": {
        tag_name: "财务审批（新）",
        tag_id: 12,
        purpose: "Approve payments",
        owner: "chenjing",
        members: ["chenjing", "zhaolei"],
        departments: [4],
        apps: ["a-app", "b-app"],
      },
    });
    expect(keyOfTag.get(12)).toBe("finance-approvers");
    expect(notes).toEqual([]);
  });

  it("matches by tag_name when the base has no tag_id, and records the tag id so the program adopts the tag", () => {
    const notes: Note[] = [];
    const { roles } = mergeRoles(
      [tag(31, "HR数据访问", ["lina"])],
      { "hr-data": { tag_name: "HR数据访问", purpose: "HR records", owner: "wangfang" } },
      opts,
      notes,
    );
    expect(roles["hr-data"]).toMatchObject({
      tag_id: 31,
      tag_name: "HR数据访问",
      owner: "wangfang",
      purpose: "HR records",
      members: ["lina"],
    });
    expect(roles["hr-data"]!.departments).toBeUndefined();
  });

  it("a tag_id match wins over a name match by another role", () => {
    const { roles } = mergeRoles(
      [tag(5, "A"), tag(6, "B")],
      {
        first: { tag_name: "B", tag_id: 5, purpose: "p1", owner: "o1" },
        second: { tag_name: "B", purpose: "p2", owner: "o2" },
      },
      opts,
      [],
    );
    expect(roles["first"]).toMatchObject({ tag_id: 5, tag_name: "A", purpose: "p1" });
    expect(roles["second"]).toMatchObject({ tag_id: 6, tag_name: "B", purpose: "p2" });
  });

  it("a tag the base does not know becomes tag-<id> with the default owner and a bilingual TODO purpose", () => {
    const notes: Note[] = [];
    const { roles } = mergeRoles([tag(100, "外包人员", ["staff170"])], {}, opts, notes);
    expect(roles["tag-100"]).toEqual({
      tag_name: "外包人员",
      tag_id: 100,
      purpose: todoPurpose("外包人员"),
      owner: "liuyang",
      members: ["staff170"],
    });
    expect(roles["tag-100"]!.purpose).toMatch(/^TODO 待补充.*TODO to be completed/);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ file: "roles.yaml" });
    expect(notes[0]!.en).toContain("New role tag-100");
  });

  it("a base role whose tag is not live is left out, with a note; a still-TODO purpose stays listed", () => {
    const notes: Note[] = [];
    const { roles } = mergeRoles(
      [tag(7, "T", [])],
      {
        gone: { tag_name: "Gone", purpose: "p", owner: "o" },
        "tag-7": { tag_name: "T", tag_id: 7, purpose: todoPurpose("T"), owner: "o" },
      },
      opts,
      notes,
    );
    expect(Object.keys(roles)).toEqual(["tag-7"]);
    expect(notes.map((n) => n.en).join("\n")).toMatch(/Role gone .*not imported/);
    expect(notes.map((n) => n.en).join("\n")).toMatch(/Role tag-7 .*still has no purpose/);
  });
});

describe("apps", () => {
  it("matches by agentid: keeps key and human fields, takes settings, range and admins from live", () => {
    const notes: Note[] = [];
    const apps = mergeApps(
      [
        app(1000002, {
          name: "外勤助手",
          locationMode: "on-enter",
          reportEnter: true,
          redirectDomain: "field.example.cn",
          homeUrl: "https://field.example.cn",
          visibleUsers: ["gaoyan"],
          visibleDepartments: [9],
          visibleTags: [100, 55],
          admins: [
            { userId: "linfeng", authType: "message" },
            { userId: "sunhao", authType: "manage" },
          ],
        }),
      ],
      {
        "field-assistant": {
          agentid: 1000002,
          location: {
            mode: "on-enter",
            purpose: "arrival",
            consent_purpose: "location-tracking",
            pia: "PIA-1",
            since: "2026-03-02",
          },
          sensitive_data: true,
          max_admins: 2,
        },
      },
      new Map([[100, "contractors"]]),
      notes,
    );
    expect(apps).toEqual({
      "field-assistant": {
        agentid: 1000002,
        name: "外勤助手",
        description: "a description",
        location: {
          mode: "on-enter",
          purpose: "arrival",
          consent_purpose: "location-tracking",
          pia: "PIA-1",
          since: "2026-03-02",
        },
        report_enter: true,
        redirect_domain: "field.example.cn",
        home_url: "https://field.example.cn",
        sensitive_data: true,
        max_admins: 2,
        visible_range: { users: ["gaoyan"], departments: [9], tags: [55], roles: ["contractors"] },
        admins: [
          { userid: "linfeng", auth_type: "message" },
          { userid: "sunhao", auth_type: "manage" },
        ],
      },
    });
    expect(Object.keys(apps["field-assistant"]!)).toEqual([
      "agentid",
      "name",
      "description",
      "location",
      "report_enter",
      "redirect_domain",
      "home_url",
      "sensitive_data",
      "max_admins",
      "visible_range",
      "admins",
    ]);
    expect(notes).toEqual([]);
  });

  it("drops the location record when live reporting is off, and asks for one when it was turned on", () => {
    const notes: Note[] = [];
    const apps = mergeApps(
      [app(2, { locationMode: "off" }), app(3, { locationMode: "on-enter" })],
      {
        two: { agentid: 2, location: { mode: "on-enter", purpose: "p", pia: "PIA-1" } },
        three: { agentid: 3, location: { mode: "off" } },
      },
      new Map(),
      notes,
    );
    expect(apps["two"]!.location).toEqual({ mode: "off" });
    expect(apps["three"]!.location).toEqual({ mode: "on-enter" });
    expect(notes.map((n) => n.en).join("\n")).toMatch(/App three reports location on entry/);
  });

  it("a new app gets app-<agentid>; a description outside 4–120 characters and empty domains are left undeclared", () => {
    const notes: Note[] = [];
    const apps = mergeApps(
      [app(1000009, { description: "短" })],
      { old: { agentid: 1000001 } },
      new Map(),
      notes,
    );
    expect(Object.keys(apps)).toEqual(["app-1000009"]);
    expect(apps["app-1000009"]).toEqual({
      agentid: 1000009,
      name: "app 1000009",
      location: { mode: "off" },
      report_enter: false,
      visible_range: {},
      admins: [],
    });
    const text = notes.map((n) => n.en).join("\n");
    expect(text).toMatch(/New app app-1000009/);
    expect(text).toMatch(/description is not 4–120/);
    expect(text).toMatch(/App old \(1000001\) .*not imported/);
  });
});

describe("roster", () => {
  const depts = new Set([1, 3, 5, 9]);
  const run = (members: LiveMember[], base: BasePolicies["roster"], deleteAfterDays?: number) => {
    const notes: Note[] = [];
    const conflicts: Conflict[] = [];
    const rows = mergeRoster(
      members,
      base,
      depts,
      { ...opts, ...(deleteAfterDays !== undefined ? { deleteAfterDays } : {}) },
      notes,
      conflicts,
    );
    return { rows, notes, conflicts };
  };

  it("maps live status: enabled and not-yet-activated are active, disabled and exited are left", () => {
    const { rows } = run(
      [
        member("a", "active"),
        member("b", "inactive"),
        member("c", "disabled"),
        member("d", "exited"),
        member("e", "active", { enabled: false }),
      ],
      [],
    );
    expect(rows.map((r) => [r.userid, r.status, r.leave_date])).toEqual([
      ["a", "active", undefined],
      ["b", "active", undefined],
      ["c", "left", "2026-11-29"],
      ["d", "left", "2026-11-29"],
      ["e", "left", "2026-11-29"],
    ]);
  });

  it("a leaver keeps the base's leave date, name and department; without one the import date is used and noted", () => {
    const { rows, notes } = run(
      [member("zhengkai", "disabled", { name: "Z", department: 9 }), member("newbie", "disabled")],
      [{ userid: "zhengkai", name: "郑凯", department: 5, status: "left", leave_date: "2026-11-01" }],
    );
    expect(rows).toEqual([
      { userid: "newbie", name: "NEWBIE", department: 3, status: "left", leave_date: "2026-11-29" },
      { userid: "zhengkai", name: "郑凯", department: 5, status: "left", leave_date: "2026-11-01" },
    ]);
    expect(notes.map((n) => n.en).join("\n")).toMatch(
      /1 disabled member\(s\) have no leave date .*2026-11-29.*: newbie/,
    );
  });

  it("a base department that no longer exists falls back to the live main department", () => {
    const { rows } = run(
      [member("a", "active", { department: 9 })],
      [{ userid: "a", department: 77, status: "active" }],
    );
    expect(rows[0]).toMatchObject({ department: 9 });
  });

  it("a base leaver whose leave date is still ahead stays left, with no conflict, whatever the account", () => {
    const { rows, conflicts } = run(
      [member("soon", "active"), member("early", "disabled")],
      [
        { userid: "soon", status: "left", leave_date: "2026-12-15" },
        { userid: "early", status: "left", leave_date: "2026-12-01" },
      ],
    );
    expect(rows.map((r) => [r.userid, r.status, r.leave_date])).toEqual([
      ["early", "left", "2026-12-01"],
      ["soon", "left", "2026-12-15"],
    ]);
    expect(conflicts).toEqual([]);
  });

  it("keeps base rows of people no longer in WeCom (other files may name them)", () => {
    const { rows, notes } = run(
      [member("a", "active")],
      [
        { userid: "gone", name: "G", status: "left", leave_date: "2026-01-01" },
        { userid: "future", status: "active" },
      ],
    );
    expect(rows.map((r) => r.userid)).toEqual(["a", "future", "gone"]);
    expect(notes.map((n) => n.en).join("\n")).toMatch(/1 active people .*not in WeCom .*future/);
  });

  it("a disabled leaver past the deletion deadline is a conflict: adopting would delete the account", () => {
    const { conflicts } = run(
      [member("old", "disabled")],
      [{ userid: "old", status: "left", leave_date: "2026-05-01" }],
      180,
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.en).toMatch(
      /old left on 2026-05-01, past retention.yaml's 180-day deletion deadline/,
    );
    // The deadline day itself: MemberStatus deletes from the start of leave date + 1 + N days (CST).
    expect(
      run([member("x", "disabled")], [{ userid: "x", status: "left", leave_date: "2026-06-01" }], 180)
        .conflicts,
    ).toHaveLength(1);
    expect(
      run([member("x", "disabled")], [{ userid: "x", status: "left", leave_date: "2026-06-02" }], 180)
        .conflicts,
    ).toHaveLength(0);
  });
});

describe("conflicts with the live tenant: the base's fact is kept and the conflict names its line", () => {
  const depts = new Set([3, 9]);
  const roster = (members: LiveMember[], base: BasePolicies["roster"], deleteAfterDays?: number) => {
    const notes: Note[] = [];
    const conflicts: Conflict[] = [];
    const rows = mergeRoster(
      members,
      base,
      depts,
      { ...opts, ...(deleteAfterDays !== undefined ? { deleteAfterDays } : {}) },
      notes,
      conflicts,
    );
    return { rows, conflicts };
  };

  it("leaver-enabled: HR says fanbing left, WeCom has the account enabled — kept left, adoption blocked", () => {
    const { rows, conflicts } = roster(
      [member("fanbing", "active")],
      [
        {
          userid: "fanbing",
          name: "范冰",
          status: "left",
          leave_date: "2026-11-20",
          where: "people.csv:20:1",
        },
      ],
    );
    expect(rows).toEqual([
      { userid: "fanbing", name: "范冰", department: 3, status: "left", leave_date: "2026-11-20" },
    ]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: "leaver-enabled", blocking: true, where: "people.csv:20:1" });
    expect(conflicts[0]!.en).toBe(
      "fanbing left on 2026-11-20 per people.csv:20:1, but the account is still enabled in WeCom: the roster keeps HR's record (left). The first pulumi up after adoption would disable the account, so nothing is adopted. If fanbing has left, disable the account in WeCom, or import with --no-adopt and run pulumi up; if not, correct the roster.",
    );
    expect(conflicts[0]!.zh).toBe(
      "fanbing 已于 2026-11-20 离职（people.csv:20:1），但其企业微信账号仍启用：花名册按人事记录保留为离职。纳管后的第一次 pulumi up 会禁用该账号，因此未纳管。若确已离职，请在企业微信中禁用，或用 --no-adopt 导入后运行 pulumi up；若未离职，请更正花名册。",
    );
  });

  it("active-disabled: HR says active, WeCom has the account disabled or exited — kept active, not blocking", () => {
    const { rows, conflicts } = roster(
      [member("gaoyan", "disabled"), member("lina", "exited")],
      [
        { userid: "gaoyan", status: "active", where: "people.csv:4:1" },
        { userid: "lina", status: "active", where: "people.csv:9:1" },
      ],
    );
    expect(rows.map((r) => [r.userid, r.status, r.leave_date])).toEqual([
      ["gaoyan", "active", undefined],
      ["lina", "active", undefined],
    ]);
    expect(conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["active-disabled", false, "people.csv:4:1"],
      ["active-disabled", false, "people.csv:9:1"],
    ]);
    expect(conflicts[0]!.en).toMatch(
      /^The roster says gaoyan is active per people\.csv:4:1, but the account is disabled in WeCom: kept as active/,
    );
    expect(conflicts[1]!.zh).toMatch(
      /^花名册记录 lina 在职（people\.csv:9:1），但其企业微信账号已退出：按人事记录保留为在职/,
    );
  });

  it("deletion-due: a leaver past retention.yaml's deletion deadline — kept, adoption blocked, the row named", () => {
    const { conflicts } = roster(
      [member("old", "disabled")],
      [{ userid: "old", status: "left", leave_date: "2026-05-01", where: "people.csv:7:1" }],
      180,
    );
    expect(conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["deletion-due", true, "people.csv:7:1"],
    ]);
    expect(conflicts[0]!.en).toMatch(/^Member old left on 2026-05-01 per people\.csv:7:1, past retention/);
  });

  it("tag-renamed: roles.yaml names the tag differently — live name written, purpose and owner kept", () => {
    const conflicts: Conflict[] = [];
    const { roles } = mergeRoles(
      [tag(104, "财务审核", ["chenjing"])],
      { "finance-approvers": { tag_name: "财务审批", tag_id: 104, purpose: "pay", owner: "chenjing" } },
      opts,
      [],
      { conflicts, locate: (file, pointer) => `${file}:3:15${pointer}` },
    );
    expect(roles["finance-approvers"]).toMatchObject({
      tag_name: "财务审核",
      purpose: "pay",
      owner: "chenjing",
    });
    expect(conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["tag-renamed", false, "roles.yaml:3:15/roles/finance-approvers/tag_name"],
    ]);
    expect(conflicts[0]!.en).toMatch(
      /^Role finance-approvers names its tag "财务审批" per roles\.yaml:3:15.*, but WeCom calls tag 104 "财务审核"/,
    );
  });

  it("owner-not-member: a role's owner is not an enabled member — the owner is kept", () => {
    const conflicts: Conflict[] = [];
    const { roles } = mergeRoles(
      [tag(5, "财务审批", ["chenjing"])],
      { fin: { tag_name: "财务审批", purpose: "pay", owner: "wangfang" } },
      opts,
      [],
      { conflicts, enabled: new Set(["chenjing"]), locate: (file, pointer) => `${file}:9:12 ${pointer}` },
    );
    expect(roles["fin"]!.owner).toBe("wangfang");
    expect(conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["owner-not-member", false, "roles.yaml:9:12 /roles/fin/owner"],
    ]);
    expect(conflicts[0]!.zh).toMatch(
      /^角色 fin 的负责人为 wangfang（roles\.yaml:9:12 \/roles\/fin\/owner），但 wangfang 不是企业微信中的启用成员/,
    );
  });

  it("location-mode: apps.yaml declares another location mode — the live mode is written, the base's line named", () => {
    const conflicts: Conflict[] = [];
    const apps = mergeApps(
      [
        app(2, { locationMode: "off" }),
        app(3, { locationMode: "on-enter" }),
        app(4, { locationMode: "off" }),
      ],
      {
        two: { agentid: 2, location: { mode: "on-enter", purpose: "p", pia: "PIA-1" } },
        three: { agentid: 3, location: { mode: "off" } },
        four: { agentid: 4, location: { mode: "off" } },
      },
      new Map(),
      [],
      { conflicts, locate: (file, pointer) => `${file}${pointer}` },
    );
    expect(apps["two"]!.location).toEqual({ mode: "off" });
    expect(conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["location-mode", false, "apps.yaml/apps/two/location/mode"],
      ["location-mode", false, "apps.yaml/apps/three/location/mode"],
    ]);
    expect(conflicts[0]!.en).toBe(
      "App two declares location reporting on-enter per apps.yaml/apps/two/location/mode, but WeCom has off: the live setting was written; the base's location record was left out (reporting is off).",
    );
  });

  it("archive-without-consent: an archived member whose consent the ledger records as withdrawn, or lacks", () => {
    const base = {
      archive: { legalBasis: "consent", consentPurpose: "chat-archive" },
      ledger: [
        { userid: "wuqiang", purpose: "chat-archive", given: "2026-02-10", where: "consent-ledger.csv:2:1" },
        {
          userid: "liuyang",
          purpose: "chat-archive",
          given: "2026-02-10",
          withdrawn: "2026-10-01",
          where: "consent-ledger.csv:9:1",
        },
        {
          userid: "gaoyan",
          purpose: "location-tracking",
          given: "2026-02-10",
          where: "consent-ledger.csv:12:1",
        },
      ],
      locate: (file: string, pointer: string) => `${file}${pointer}`,
    };
    const conflicts = archiveConsentConflicts(["gaoyan", "liuyang", "wuqiang"], base, opts.today);
    expect(conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["archive-without-consent", false, "archive.yaml/consent_purpose"],
      ["archive-without-consent", false, "consent-ledger.csv:9:1"],
    ]);
    expect(conflicts[1]!.en).toMatch(
      /^liuyang is in WeCom's archive range, but the consent ledger records the withdrawal of consent to chat-archive on 2026-10-01 per consent-ledger\.csv:9:1/,
    );
    expect(conflicts[0]!.en).toMatch(
      /^gaoyan is in WeCom's archive range, but the consent ledger holds no valid consent/,
    );
    // The HR basis needs no consent: nothing to report.
    expect(
      archiveConsentConflicts(["gaoyan"], { ...base, archive: { legalBasis: "hr-management" } }, opts.today),
    ).toEqual([]);
  });
});

describe("mergeTenant", () => {
  const live: LiveTenant = {
    corpId: "ww1",
    tags: [tag(100, "外包人员", ["a"])],
    apps: [app(10, { visibleTags: [100] })],
    archiveMembers: ["a"],
    members: [member("a", "active")],
    departments: [{ id: 1, name: "Root", parentId: 0 }],
    skippedApps: [{ agentId: 11, reason: "errcode 50003" }],
  };
  it("visible tags of imported roles become role keys; role apps not imported are removed", () => {
    const base: BasePolicies = {
      roles: { contractors: { tag_name: "外包人员", purpose: "p", owner: "a", apps: ["ten", "missing"] } },
      apps: { ten: { agentid: 10 } },
      roster: [],
      departments: [{ id: 1, name_en: "Root (en)" }],
    };
    const m = mergeTenant(live, base, opts);
    expect(m.apps["ten"]!.visible_range).toEqual({ roles: ["contractors"] });
    expect(m.roles["contractors"]!.apps).toEqual(["ten"]);
    expect(m.departments).toEqual([{ id: 1, name: "Root", name_en: "Root (en)", parent: 0 }]);
    expect(m.archive).toEqual({ enabled: true, members: ["a"] });
    expect(m.notes.map((n) => n.en).join("\n")).toMatch(/App 11 could not be read \(errcode 50003\)/);
  });
  it("no archive secret: archive is left to the base, with a note", () => {
    const m = mergeTenant(
      { ...live, archiveMembers: null },
      { roles: {}, apps: {}, roster: [], departments: [] },
      opts,
    );
    expect(m.archive).toBeNull();
    expect(m.notes.some((n) => n.file === "archive.yaml")).toBe(true);
  });
});

describe("render", () => {
  it("is deterministic, quotes YAML 1.1 booleans, flows short lists and parses back to the same data", () => {
    const apps = mergeApps(
      [app(5, { visibleDepartments: [3, 1], admins: [{ userId: "u", authType: "manage" }] })],
      {},
      new Map(),
      [],
    );
    const text = renderApps(apps, "# h\n\n");
    expect(text).toBe(renderApps(apps, "# h\n\n"));
    expect(text).toContain('mode: "off"');
    expect(text).toContain("- {userid: u, auth_type: manage}");
    expect(parse(text)).toEqual({ apps });
    const many = Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, "0")}`);
    const roles = renderRoles(
      { r: { tag_name: "T", tag_id: 1, purpose: "p: with colon", owner: "o", members: many } },
      "",
    );
    expect(roles).toContain("    members:\n      - u00\n");
    expect(parse(roles)).toEqual({
      roles: { r: { tag_name: "T", tag_id: 1, purpose: "p: with colon", owner: "o", members: many } },
    });
  });
  it("writes the roster CSV with quoting where needed", () => {
    expect(
      renderRoster([
        { userid: "a", name: 'Li, "Jr"', department: 3, status: "left", leave_date: "2026-11-01" },
        { userid: "b", status: "active" },
      ]),
    ).toBe('userid,name,department,status,leave_date\na,"Li, ""Jr""",3,left,2026-11-01\nb,,,active,\n');
  });
});

describe("customer takeovers", () => {
  it("are never carried over (a takeover would make adoption start a hand-over), and say so", () => {
    const notes: Note[] = [];
    const rows = mergeRoster(
      [member("zhengkai", "disabled")],
      [{ userid: "zhengkai", status: "left", leave_date: "2026-11-01", customer_takeover: "wuqiang" }],
      new Set([3]),
      opts,
      notes,
      [],
    );
    expect(rows[0]).toEqual({
      userid: "zhengkai",
      name: "ZHENGKAI",
      department: 3,
      status: "left",
      leave_date: "2026-11-01",
    });
    expect(notes.map((n) => n.en).join("\n")).toMatch(/Customer takeovers .*zhengkai→wuqiang/);
  });
});
