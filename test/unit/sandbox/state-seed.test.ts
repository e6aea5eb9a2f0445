import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildSeed, seedAnchorSeconds } from "../../../src/sandbox/seed";
import { NOW_ENV, SANDBOX_TODAY } from "../../../src/today";
import { loadState } from "../../../src/sandbox/changes";
import { readState, writeStateAtomic } from "../../../src/sandbox/state";
import { boot, T0, type Harness } from "./harness";

let dir: string;
let h: Harness | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-state-"));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("state file", () => {
  it("persists API and console writes, the clock and tokens across a restart; the seed is not re-applied", async () => {
    const stateFile = path.join(dir, "tenant.json");
    h = await boot({ stateFile });
    await h.api("contacts", "tag/create", { body: { tagname: "财务审批", tagid: 300 } });
    await h.api("contacts", "user/update", { body: { userid: "fanbing", enable: 0 } });
    await h.console("msgaudit/permit", { operator: "sunhao", add: ["guojun"] });
    await h.console("clock", { advanceSeconds: 60 });
    const token = await h.token("contacts");
    const creds = h.creds;
    await h.close();
    expect(fs.readdirSync(dir)).toEqual(["tenant.json"]);

    h = await boot({ stateFile, seed: "empty" });
    expect(h.creds).toEqual(creds);
    const r = await h.raw(`/cgi-bin/tag/get?access_token=${token}&tagid=300`);
    expect(r.json).toMatchObject({ errcode: 0, tagname: "财务审批" });
    expect(await h.api("contacts", "user/get", { query: { userid: "fanbing" } })).toMatchObject({
      status: 2,
    });
    expect((await h.api("archive", "msgaudit/get_permit_user_list", { body: {} })).ids).toContain("guojun");
    expect((await h.raw("/__console/clock")).json.offsetSeconds).toBe(60);
  });

  it("makes a write durable (snapshot + journal) before acknowledging it", async () => {
    const stateFile = path.join(dir, "tenant.json");
    h = await boot({ stateFile });
    await h.api("contacts", "tag/create", { body: { tagname: "x", tagid: 301 } });
    expect(loadState(stateFile)?.tags.map((t) => t.tagid)).toContain(301);
    await h.console("user/enable", { operator: "sunhao", userid: "fanbing", enable: 0 });
    const st = loadState(stateFile);
    expect(st?.users.find((u) => u.userid === "fanbing")?.enable).toBe(0);
    expect(st?.admin_log).toHaveLength(4);
  });

  it("does not write reads or failed writes", async () => {
    const stateFile = path.join(dir, "tenant.json");
    h = await boot({ stateFile });
    const before = fs.statSync(stateFile).mtimeMs;
    const ino = fs.statSync(stateFile).ino;
    await h.api("contacts", "tag/get", { query: { tagid: 100 } });
    await h.api("contacts", "tag/create", { body: { tagname: "外包人员" } });
    expect(fs.statSync(stateFile).mtimeMs).toBe(before);
    expect(fs.statSync(stateFile).ino).toBe(ino);
  });
});

describe("atomic writer", () => {
  it("replaces the file whole and ignores a temp file left by a crash", () => {
    const file = path.join(dir, "s.json");
    const st = buildSeed("empty", 0);
    writeStateAtomic(file, st);
    // A crash between write and rename leaves a partial temp file; the real file is untouched.
    fs.writeFileSync(path.join(dir, `.s.json.${process.pid}.tmp`), '{"version":1,"corp');
    expect(readState(file)).toEqual(st);
    st.corpid = "wwchanged";
    writeStateAtomic(file, st);
    expect(readState(file)?.corpid).toBe("wwchanged");
    expect(fs.readdirSync(dir)).toEqual(["s.json"]);
    expect(readState(path.join(dir, "absent.json"))).toBeUndefined();
    fs.writeFileSync(file, "{");
    expect(() => readState(file)).toThrow(/not valid JSON/);
  });
});

describe("seeds", () => {
  it("builds the demo company of docs/demo-company.md exactly", () => {
    const st = buildSeed("demo", T0 / 1000);
    expect(st.corpid).toBe("ww5a1d0c0ffee00001");
    expect(st.departments.map((d) => [d.id, d.name, d.parentid])).toEqual([
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
    expect(st.users).toHaveLength(200);
    const u = (id: string) => st.users.find((x) => x.userid === id);
    expect(u("zhangwei")).toMatchObject({ name: "张伟", department: [2], creator: true });
    expect(u("liuyang")).toMatchObject({ name: "刘洋", department: [8] });
    expect(u("maxiaoyu")).toMatchObject({ name: "马晓雨", department: [5] });
    expect(u("zhengkai")).toMatchObject({
      department: [5],
      enable: 0,
      left_at: Date.UTC(2026, 9, 31, 16) / 1000,
    });
    expect(u("fanbing")).toMatchObject({ department: [9], enable: 1 });
    expect(u("fanbing")?.left_at).toBeUndefined();
    for (let i = 1; i <= 181; i++) {
      const s = u(`staff${String(i).padStart(3, "0")}`);
      expect(s).toMatchObject({ department: [3 + ((i - 1) % 7)], enable: 1, activated: true });
    }
    expect(st.tags).toEqual([
      {
        tagid: 100,
        tagname: "外包人员",
        owner: "contacts",
        userlist: Array.from({ length: 12 }, (_, k) => `staff${170 + k}`),
        partylist: [],
      },
    ]);
    expect(
      st.agents.map((a) => [
        a.agentid,
        a.name,
        a.report_location_flag,
        a.isreportenter,
        a.allow_partys,
        a.admins.map((x) => `${x.userid}:${x.auth_type}`),
        a.home_url,
        a.redirect_domain,
        a.close,
      ]),
    ).toEqual([
      [
        1000002,
        "外勤助手",
        1,
        1,
        [9],
        ["sunhao:1", "linfeng:0"],
        "https://field.xinghe-demo.cn",
        "field.xinghe-demo.cn",
        0,
      ],
      [
        1000003,
        "销售助手",
        0,
        0,
        [2, 4, 5],
        ["sunhao:1", "wuqiang:1"],
        "https://crm.xinghe-demo.cn",
        "crm.xinghe-demo.cn",
        0,
      ],
      [
        1000004,
        "合规审计",
        0,
        0,
        [7, 8],
        ["sunhao:1"],
        "https://audit.xinghe-demo.cn",
        "audit.xinghe-demo.cn",
        0,
      ],
      [1000005, "HR助手", 0, 0, [1], ["wangfang:1"], "https://hr.xinghe-demo.cn", "hr.xinghe-demo.cn", 0],
    ]);
    for (const a of st.agents) expect([...a.description].length).toBeGreaterThanOrEqual(4);
    expect(st.archive.permit).toEqual(
      ["wuqiang", "xuli", "huangtao", "maxiaoyu"].map((userid) => ({ userid, type: 3 })),
    );
    expect(st.customers.filter((c) => c.owner === "zhengkai")).toHaveLength(3);
    expect(st.admin_log.map((r) => [r.userid, r.oper_type])).toEqual([
      ["sunhao", 8],
      ["sunhao", 3],
      ["sunhao", 2],
    ]);
    for (const r of st.admin_log) expect(r.time).toBeGreaterThan(T0 / 1000 - 30 * 86400);
  });

  it("is deterministic apart from the token key", () => {
    const a = buildSeed("demo", 1_800_000_000);
    const b = buildSeed("demo", 1_800_000_000);
    expect({ ...a, token_key: "" }).toEqual({ ...b, token_key: "" });
    expect(a.token_key).not.toBe(b.token_key);
    expect(buildSeed("empty", 0).users).toEqual([]);
  });

  it("grows the directory to N members for benchmarks, with multi-department rows", () => {
    const st = buildSeed("demo", 0, 100_000);
    expect(st.users).toHaveLength(100_000);
    expect(st.users.slice(0, 200).map((u) => u.userid)).toEqual(
      buildSeed("demo", 0).users.map((u) => u.userid),
    );
    expect(st.users.filter((u) => u.department.length === 2).length).toBeGreaterThan(9000);
    expect(() => buildSeed("demo", 0, 100_001)).toThrow(RangeError);
  });

  it("serves list_id over 100k members in pages", async () => {
    h = await boot({ members: 100_000 });
    const first = await h.api("contacts", "user/list_id", { body: { limit: 10_000 } });
    expect(first.dept_user).toHaveLength(10_000);
    let cursor = first.next_cursor as string;
    let rows = first.dept_user.length as number;
    while (cursor) {
      const r = await h.api("contacts", "user/list_id", { body: { cursor, limit: 10_000 } });
      rows += r.dept_user.length;
      cursor = r.next_cursor;
    }
    expect(rows).toBeGreaterThan(100_000);
  });
});

describe("the seed's recent log entries", () => {
  it("count back from the demo's pinned day once the calendar has passed it, else from the host clock", () => {
    const saved = process.env[NOW_ENV];
    delete process.env[NOW_ENV];
    try {
      const story = new Date(SANDBOX_TODAY).getTime();
      expect(seedAnchorSeconds(story + 5 * 86_400_000)).toBe(Math.floor(story / 1000));
      expect(seedAnchorSeconds(story - 86_400_000)).toBe(Math.floor((story - 86_400_000) / 1000));
      process.env[NOW_ENV] = "2027-01-10T00:00:00Z";
      expect(seedAnchorSeconds(Date.parse("2027-02-01T00:00:00Z"))).toBe(
        Date.parse("2027-01-10T00:00:00Z") / 1000,
      );
      // The seeded permission change (five days back) lies before an audit pinned to the story day.
      const st = buildSeed("demo", seedAnchorSeconds(Date.parse("2027-02-01T00:00:00Z")));
      expect(Math.max(...st.admin_log.map((e) => e.time))).toBeLessThan(
        Date.parse("2027-01-10T00:00:00Z") / 1000,
      );
    } finally {
      if (saved === undefined) delete process.env[NOW_ENV];
      else process.env[NOW_ENV] = saved;
    }
  });
});
