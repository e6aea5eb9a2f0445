/**
 * The sandbox's durable store (issue 12): a journal line per write, replay onto the snapshot, a torn
 * last line, compaction (and a crash between its two steps), old single-file state files, and indexes
 * kept by each write rather than rebuilt.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handlers } from "../../../src/sandbox/api";
import { loadState, recover } from "../../../src/sandbox/changes";
import { journalPath } from "../../../src/sandbox/journal";
import { buildSeed } from "../../../src/sandbox/seed";
import { readState, type SandboxState } from "../../../src/sandbox/state";
import { Tenant, type Principal } from "../../../src/sandbox/tenant";
import { boot, T0, type Harness } from "./harness";

let dir: string;
let h: Harness | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-journal-"));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const withoutSeq = (st: SandboxState | undefined) => ({ ...st, journal_seq: 0 });

/** Writes of every kind the sandbox keeps: directory, tags, apps, rules, hand-overs, console, clock. */
async function manyWrites(x: Harness): Promise<void> {
  const ok = async (p: Promise<Record<string, any>>) => expect((await p).errcode).toBe(0);
  await ok(x.api("contacts", "department/create", { body: { name: "新部门", parentid: 1, id: 50 } }));
  await ok(x.api("contacts", "department/update", { body: { id: 50, name: "改名部门" } }));
  await ok(
    x.api("contacts", "user/create", {
      body: { userid: "j1", name: "甲", department: [50, 2], mobile: "13900000001" },
    }),
  );
  await ok(x.api("contacts", "user/update", { body: { userid: "j1", department: [3], position: "经理" } }));
  await ok(
    x.api("contacts", "user/create", {
      body: { userid: "j2", name: "乙", department: [3], email: "j2@x.cn" },
    }),
  );
  await ok(x.api("contacts", "user/delete", { query: { userid: "j2" } }));
  await ok(x.api("contacts", "tag/create", { body: { tagname: "日志标签", tagid: 400 } }));
  // A partial success (one unknown member) changes the tag and is answered with an error list.
  await x.api("contacts", "tag/addtagusers", { body: { tagid: 400, userlist: ["j1", "nobody"] } });
  await ok(x.api("contacts", "tag/update", { body: { tagid: 400, tagname: "日志标签2" } }));
  await ok(
    x.api(1000003, "externalcontact/add_intercept_rule", {
      body: {
        rule_name: "日志规则",
        word_list: ["身份证号"],
        semantics_list: [1],
        intercept_type: 1,
        applicable_range: { user_list: ["wuqiang"], department_list: [] },
      },
    }),
  );
  const group = {
    grouptype: 1,
    groupname: "日志打卡",
    checkindate: [{ workdays: [1, 2, 3], checkintime: [{ work_sec: 32400, off_work_sec: 64800 }] }],
    wifimac_infos: [{ wifiname: "T", wifimac: "AA:BB:CC:DD:EE:01" }],
    range: { userid: ["luoping"], party_id: [9], tagid: [] },
  };
  await ok(x.api("checkin", "checkin/add_checkin_option", { body: { group } }));
  const unassigned = await x.api(1000003, "externalcontact/get_unassigned_list", { body: {} });
  await x.api(1000003, "externalcontact/resigned/transfer_customer", {
    body: {
      handover_userid: "zhengkai",
      takeover_userid: "xuli",
      external_userid: [unassigned.info[0].external_userid],
    },
  });
  expect((await x.console("user/enable", { operator: "sunhao", userid: "fanbing", enable: 0 })).status).toBe(
    200,
  );
  expect((await x.console("checkin/radius", { operator: "sunhao", groupid: 1, distance: 900 })).status).toBe(
    200,
  );
  expect((await x.console("member/add_customer", { userid: "wuqiang" })).status).toBe(200);
  expect((await x.console("clock", { advanceSeconds: 3600 })).status).toBe(200);
  // Refused: nothing to journal.
  expect((await x.console("user/enable", { operator: "nobody", userid: "fanbing", enable: 1 })).status).toBe(
    400,
  );
}

describe("journal", () => {
  it("replays every kind of write onto the snapshot to exactly the state a clean shutdown writes", async () => {
    const file = path.join(dir, "t.json");
    h = await boot({ stateFile: file });
    const before = fs.statSync(file).mtimeMs;
    await manyWrites(h);
    // Writes went to the journal, not the snapshot.
    expect(fs.statSync(file).mtimeMs).toBe(before);
    const lines = fs.readFileSync(journalPath(file), "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(15);
    expect(lines.join("\n")).not.toContain("access_token");
    const replayed = loadState(file);
    await h.close();
    h = undefined;
    expect(fs.readdirSync(dir)).toEqual(["t.json"]);
    const clean = readState(file);
    expect(clean?.journal_seq).toBe(lines.length);
    expect(withoutSeq(replayed)).toEqual(withoutSeq(clean));
    expect(clean?.intercept_rules?.some((r) => r.rule_name === "日志规则")).toBe(true);
    expect(clean?.checkin_rules.some((r) => r.group.groupname === "日志打卡")).toBe(true);
  });

  it("drops a torn last line, repairs the file, and keeps appending on a line of its own", async () => {
    const file = path.join(dir, "t.json");
    h = await boot({ stateFile: file });
    await h.api("contacts", "tag/create", { body: { tagname: "完整", tagid: 401 } });
    const jpath = journalPath(file);
    const good = fs.readFileSync(jpath);
    // What a kill in the middle of an append leaves: part of a line, never acknowledged.
    fs.appendFileSync(jpath, '{"seq":2,"change":{"kind":"api","endpoint":"tagCre');
    const r = recover(file);
    expect(r.replayed).toBe(1);
    expect(r.tornBytes).toBeGreaterThan(0);
    expect(fs.readFileSync(jpath)).toEqual(good);
    r.store.release();
    expect(r.tenant?.state.tags.map((t) => t.tagid)).toContain(401);
    // A corrupt line that is not the last is refused rather than skipped.
    fs.writeFileSync(jpath, `garbage\n${good.toString("utf8")}`);
    expect(() => recover(file, { readOnly: true })).toThrow(/line 1 is not valid JSON/);
  });

  it("compacts when the journal outgrows the snapshot; a crash between snapshot and truncation replays nothing twice", async () => {
    const file = path.join(dir, "t.json");
    h = await boot({ stateFile: file, seed: "empty", compactMinBytes: 1 });
    const jpath = journalPath(file);
    for (let i = 0; i < 30; i++)
      await h.api("contacts", "tag/create", { body: { tagname: `t${i}`, tagid: 500 + i } });
    // The empty tenant's snapshot is small: the journal was compacted along the way.
    const snap = readState(file);
    expect(snap?.journal_seq).toBeGreaterThan(0);
    expect(fs.readFileSync(jpath, "utf8").split("\n").length - 1).toBeLessThan(30);
    const live = loadState(file);
    expect(live?.tags).toHaveLength(30);
    // Simulate the crash: the snapshot is new but the journal still holds lines it already contains.
    const oldLines = Array.from({ length: snap?.journal_seq ?? 0 }, (_, k) =>
      JSON.stringify({
        seq: k + 1,
        change: {
          kind: "api",
          endpoint: "tagCreate",
          principal: "contacts",
          query: "",
          body: { tagname: `t${k}`, tagid: 500 + k },
          now: 0,
        },
      }),
    );
    fs.writeFileSync(jpath, oldLines.join("\n") + "\n" + fs.readFileSync(jpath, "utf8"));
    expect(withoutSeq(loadState(file))).toEqual(withoutSeq(live));
  });

  it("loads a state file in the old single-file format and writes the new form", async () => {
    const file = path.join(dir, "old.json");
    const st = buildSeed("demo", T0 / 1000);
    const old: Partial<SandboxState> = { ...st };
    delete old.journal_seq;
    fs.writeFileSync(file, JSON.stringify(old));
    h = await boot({ stateFile: file });
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } })).tagname).toBe("外包人员");
    await h.api("contacts", "tag/create", { body: { tagname: "新", tagid: 402 } });
    expect(fs.existsSync(journalPath(file))).toBe(true);
    await h.close();
    h = undefined;
    const now = readState(file);
    expect(now?.journal_seq).toBe(1);
    expect(now?.tags.map((t) => t.tagid)).toContain(402);
  });

  it("the rewrite mode (before issue 12) still writes the whole file per write", async () => {
    const file = path.join(dir, "t.json");
    h = await boot({ stateFile: file, durability: "rewrite" });
    await h.api("contacts", "tag/create", { body: { tagname: "全量", tagid: 403 } });
    expect(readState(file)?.tags.map((t) => t.tagid)).toContain(403);
    expect(fs.existsSync(journalPath(file))).toBe(false);
  });
});

describe("indexes", () => {
  it("follow each write exactly as a rebuild from scratch would", () => {
    const tenant = new Tenant(buildSeed("demo", T0 / 1000, 2000));
    const contacts: Principal = { kind: "contacts" };
    const call = (endpoint: keyof typeof handlers, body: Record<string, unknown>, query = "") => {
      try {
        handlers[endpoint]({ principal: contacts, query: new URLSearchParams(query), body, now: 0, tenant });
      } catch {
        // Refusals are part of the workload.
      }
    };
    call("departmentCreate", { name: "索引部", parentid: 1, id: 60 });
    for (let i = 0; i < 50; i++)
      call("userCreate", {
        userid: `ix${i}`,
        name: `i${i}`,
        department: [60, 2],
        mobile: `1370000${String(i).padStart(4, "0")}`,
      });
    for (let i = 0; i < 50; i += 3)
      call("userUpdate", { userid: `ix${i}`, department: [3], email: `ix${i}@x.cn` });
    for (let i = 0; i < 50; i += 7) call("userDelete", {}, `userid=ix${i}`);
    call("userBatchDelete", { useridlist: ["ix1", "ix2", "gen000010"] });
    call("departmentUpdate", { id: 60, parentid: 2 });
    // A refused duplicate mobile (through the index).
    call("userCreate", { userid: "dup", name: "d", department: [2], mobile: "13700000004" });

    const fresh = new Tenant(structuredClone(tenant.state));
    expect(tenant.user("dup")).toBeUndefined();
    for (const d of tenant.state.departments) {
      expect([...tenant.membersOf(d.id)].map((u) => u.userid).sort()).toEqual(
        [...fresh.membersOf(d.id)].map((u) => u.userid).sort(),
      );
      expect(tenant.subtree(d.id)).toEqual(fresh.subtree(d.id));
    }
    for (const u of fresh.state.users) {
      expect(tenant.user(u.userid.toUpperCase())?.userid).toBe(u.userid);
      if (u.mobile) expect(tenant.otherWithMobile(u.mobile, undefined)?.userid).toBe(u.userid);
      if (u.email) expect(tenant.otherWithEmail(u.email.toUpperCase(), undefined)?.userid).toBe(u.userid);
    }
    expect(tenant.user("ix0")).toBeUndefined();
    expect(tenant.otherWithMobile("13700000000", undefined)).toBeUndefined();
    // list_id pages walk the same rows as one pass over the directory.
    const rows: string[] = [];
    let pos: number | undefined = 0;
    while (pos !== undefined) {
      const page = tenant.listIdPage(pos, 777);
      // The JSON page (cached per-member fragments, split members at the edges) is the same page.
      const json = tenant.listIdPageJson(pos, 777);
      expect(JSON.parse(json.json)).toEqual(page.rows);
      expect(json.next).toBe(page.next);
      rows.push(...page.rows.map((r) => `${r.userid}:${r.department}`));
      pos = page.next;
    }
    expect(rows).toEqual(tenant.state.users.flatMap((u) => u.department.map((d) => `${u.userid}:${d}`)));
    // A member changed after the pages (and their cached blocks) were built shows in the next page.
    call("userUpdate", { userid: "gen000100", department: [2, 3] });
    const all = tenant.listIdPageJson(0, 10_000);
    expect(JSON.parse(all.json)).toEqual(tenant.listIdPage(0, 10_000).rows);
    expect(all.json).toContain('{"userid":"gen000100","department":3}');
  });
});
