/**
 * Check-in rules in the sandbox (issue 13): getcorpcheckinoption and 管理打卡规则 (path/98041) with WeCom's
 * semantics, limits and errcodes, the check-in app principal, persistence, and the console's hand edits.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readState, writeStateAtomic } from "../../../src/sandbox/state";
import { DEMO_CHECKIN_RULE } from "../../../src/sandbox/checkin-seed";
import { boot, type Harness } from "./harness";

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-checkin-"));
  dirs.push(d);
  return d;
};

/** A valid new rule; override fields per test. */
const group = (extra: Record<string, unknown> = {}) => ({
  grouptype: 1,
  groupname: "测试规则",
  checkindate: [{ workdays: [1, 2, 3, 4, 5], checkintime: [{ work_sec: 32400, off_work_sec: 64800 }] }],
  wifimac_infos: [{ wifiname: "T", wifimac: "AA:BB:CC:DD:EE:01" }],
  range: { userid: ["luoping"], party_id: [9], tagid: [] },
  ...extra,
});

async function rules(x: Harness): Promise<Record<string, any>[]> {
  const r = await x.api("checkin", "checkin/getcorpcheckinoption", { body: {} });
  expect(r.errcode).toBe(0);
  return r.group;
}

describe("getcorpcheckinoption", () => {
  it("returns the seeded 总部打卡 as WeCom shapes it (range.partyid, degrees × 10^6)", async () => {
    h = await boot();
    const r = await h.api("checkin", "checkin/getcorpcheckinoption", { body: {} });
    expect(r).toEqual({ errcode: 0, errmsg: "ok", group: [DEMO_CHECKIN_RULE] });
    expect(r.group[0]).toMatchObject({
      groupid: 1,
      groupname: "总部打卡",
      range: { userid: [], partyid: [2, 3, 4, 5, 6, 7, 8], tagid: [] },
      loc_infos: [{ lat: 31315500, lng: 120726000, distance: 300 }],
      use_face_detect: false,
    });
  });

  it("only the check-in app's token may call check-in endpoints (48002 otherwise)", async () => {
    h = await boot();
    for (const who of ["contacts", "archive", 1000004] as const) {
      expect((await h.api(who, "checkin/getcorpcheckinoption", { body: {} })).errcode).toBe(48002);
      expect((await h.api(who, "checkin/add_checkin_option", { body: { group: group() } })).errcode).toBe(
        48002,
      );
    }
    // GET is refused like every POST endpoint (43002).
    expect((await h.api("checkin", "checkin/getcorpcheckinoption", { method: "GET" })).errcode).toBe(43002);
  });

  it("honours the check-in app's trusted IPs (60020 from elsewhere, gettoken still works)", async () => {
    h = await boot();
    const set = await h.console("trusted_ips", {
      operator: "sunhao",
      principal: "checkin",
      ips: ["10.9.9.9"],
    });
    expect(set.json.log.detail_info).toBe("打卡企业可信IP：10.9.9.9");
    expect((await h.api("checkin", "checkin/getcorpcheckinoption", { body: {} })).errcode).toBe(60020);
    await h.console("trusted_ips", { operator: "sunhao", principal: "checkin", ips: [] });
    await rules(h);
  });

  it("allows 60 calls a minute, then answers 45009 and blocks the API for 60 s", async () => {
    h = await boot();
    for (let i = 0; i < 60; i++) await rules(h);
    expect((await h.api("checkin", "checkin/getcorpcheckinoption", { body: {} })).errcode).toBe(45009);
    // Each endpoint has its own budget.
    expect((await h.api("checkin", "checkin/del_checkin_option", { body: { groupid: 99 } })).errcode).toBe(
      301075,
    );
    h.clock.ms += 61_000;
    await rules(h);
  });
});

describe("add, update, clear, delete", () => {
  it("add ignores groupid, answers without one, and assigns the next id", async () => {
    h = await boot();
    const r = await h.api("checkin", "checkin/add_checkin_option", {
      body: { effective_now: true, group: group({ groupid: 77 }) },
    });
    expect(r).toEqual({ errcode: 0, errmsg: "ok" });
    const made = (await rules(h)).find((g) => g.groupname === "测试规则");
    expect(made).toMatchObject({
      groupid: 2,
      wifimac_infos: [{ wifimac: "aa:bb:cc:dd:ee:01" }],
      range: { userid: ["luoping"], partyid: [9], tagid: [] },
      use_face_detect: false,
    });
  });

  it("refuses malformed rules with WeCom's codes", async () => {
    h = await boot();
    const add = async (g: unknown, extra: Record<string, unknown> = {}) =>
      (await h!.api("checkin", "checkin/add_checkin_option", { body: { group: g, ...extra } })).errcode;
    expect(await add(undefined)).toBe(301075);
    expect(await add(group({ groupname: "" }))).toBe(301075);
    expect(await add(group({ grouptype: 4 }))).toBe(301075);
    expect(await add(group({ wifimac_infos: [] }))).toBe(301075);
    expect(await add(group({ wifimac_infos: [{ wifiname: "x", wifimac: "not-a-mac" }] }))).toBe(301075);
    expect(
      await add(group({ loc_infos: [{ lat: 1, lng: 1, loc_title: "", loc_detail: "", distance: 0 }] })),
    ).toBe(301075);
    expect(await add(group({ range: { userid: ["nobody"] } }))).toBe(40003);
    expect(await add(group({ range: { party_id: [404] } }))).toBe(60003);
    expect(await add(group({ range: { tagid: [404] } }))).toBe(40068);
    expect(await add(group(), { effective_now: "yes" })).toBe(301075);
    expect((await rules(h)).map((g) => g.groupid)).toEqual([1]);
  });

  it("update: groupid required; empty arrays unchanged, non-empty replaced, range replaced whole", async () => {
    h = await boot();
    const update = async (g: Record<string, unknown>) =>
      (await h!.api("checkin", "checkin/update_checkin_option", { body: { group: g } })).errcode;
    expect(await update({ need_photo: true })).toBe(301075);
    expect(await update({ groupid: 404, need_photo: true })).toBe(301075);
    expect(
      await update({
        groupid: 1,
        wifimac_infos: [],
        loc_infos: [{ lat: 31315500, lng: 120726000, loc_title: "总部", loc_detail: "", distance: 800 }],
        range: { userid: ["lina"] },
        use_face_detect: true,
      }),
    ).toBe(0);
    const [hq] = await rules(h);
    expect(hq).toMatchObject({
      wifimac_infos: DEMO_CHECKIN_RULE.wifimac_infos,
      loc_infos: [{ loc_title: "总部", distance: 800 }],
      range: { userid: ["lina"], partyid: [], tagid: [] },
      use_face_detect: true,
      groupname: "总部打卡",
    });
  });

  it("clear_checkin_option_array_field empties arrays, never Wi-Fi and locations both", async () => {
    h = await boot();
    const clear = async (fields: unknown) =>
      (
        await h!.api("checkin", "checkin/clear_checkin_option_array_field", {
          body: { groupid: 1, clear_field: fields, effective_now: true },
        })
      ).errcode;
    expect(await clear([3, 4])).toBe(301075);
    expect((await rules(h))[0]?.wifimac_infos).toHaveLength(2);
    expect(await clear([5])).toBe(301075);
    expect(await clear([])).toBe(301075);
    expect(await clear([1, 2, 3])).toBe(0);
    expect((await rules(h))[0]).toMatchObject({
      wifimac_infos: [],
      spe_workdays: [],
      loc_infos: [{ distance: 300 }],
    });
    expect(await clear([4])).toBe(301075);
  });

  it("del removes a rule; an unknown groupid is 301075", async () => {
    h = await boot();
    const del = async (groupid: number) =>
      (await h!.api("checkin", "checkin/del_checkin_option", { body: { groupid } })).errcode;
    expect(await del(1)).toBe(0);
    expect(await rules(h)).toEqual([]);
    expect(await del(1)).toBe(301075);
  });

  it("a rule made in the console may be read but not changed or deleted through the API (60011)", async () => {
    h = await boot();
    const made = await h.console("checkin/create", { operator: "wangfang", group: group() });
    expect(made.status).toBe(200);
    const id = made.json.groupid as number;
    expect((await rules(h)).find((g) => g.groupid === id)).toMatchObject({ create_userid: "wangfang" });
    const calls = [
      ["checkin/update_checkin_option", { group: { groupid: id, need_photo: true } }],
      ["checkin/clear_checkin_option_array_field", { groupid: id, clear_field: [1] }],
      ["checkin/del_checkin_option", { groupid: id }],
    ] as const;
    for (const [p, body] of calls) expect((await h.api("checkin", p, { body })).errcode).toBe(60011);
  });
});

describe("console hand edits", () => {
  it("log the operator and the fields changed in the admin operation log", async () => {
    h = await boot();
    const face = await h.console("checkin/face", { operator: "sunhao", groupid: 1, use_face_detect: true });
    expect(face.status).toBe(200);
    expect(face.json).toMatchObject({
      ok: true,
      changed: ["use_face_detect"],
      log: {
        userid: "sunhao",
        oper_type: 8,
        detail_info: "修改打卡规则「总部打卡」：开启人脸识别（use_face_detect）",
      },
    });
    const radius = await h.console("checkin/radius", { operator: "sunhao", groupid: 1, distance: 2000 });
    expect(radius.json.log.detail_info).toBe(
      "修改打卡规则「总部打卡」：全部打卡地点范围改为 2000 米（loc_infos.distance）",
    );
    const range = await h.console("checkin/range", { operator: "sunhao", groupid: 1, users: ["linfeng"] });
    expect(range.json.log.detail_info).toBe(
      "修改打卡规则「总部打卡」：打卡人员：成员[linfeng] 部门[2,3,4,5,6,7,8] 标签[]",
    );
    const edit = await h.console("checkin/edit", {
      operator: "sunhao",
      groupid: 1,
      group: { need_photo: true, allow_checkin_offworkday: true },
    });
    expect(edit.json.log.detail_info).toBe("修改打卡规则「总部打卡」：need_photo、allow_checkin_offworkday");
    const [hq] = await rules(h);
    expect(hq).toMatchObject({
      use_face_detect: true,
      need_photo: true,
      update_userid: "sunhao",
      loc_infos: [{ distance: 2000 }],
      range: { userid: ["linfeng"] },
    });
    const now = Math.floor(h.clock.ms / 1000);
    const log = await h.api(1000004, "security/admin_oper_log/list", {
      body: { start_time: now - 3600, end_time: now },
    });
    expect(log.record_list.map((r: { detail_info: string }) => r.detail_info)).toHaveLength(4);
    const del = await h.console("checkin/delete", { operator: "sunhao", groupid: 1 });
    expect(del.json.log.detail_info).toBe("删除打卡规则「总部打卡」");
    expect(await rules(h)).toEqual([]);
  });

  it("refuses what the console would refuse", async () => {
    h = await boot();
    expect((await h.console("checkin/face", { groupid: 1, use_face_detect: true })).status).toBe(400);
    expect(
      (await h.console("checkin/face", { operator: "sunhao", groupid: 9, use_face_detect: true })).json,
    ).toEqual({
      error: "unknown check-in rule 9",
    });
    expect((await h.console("checkin/radius", { operator: "sunhao", groupid: 1, distance: 0 })).status).toBe(
      400,
    );
    expect(
      (await h.console("checkin/radius", { operator: "sunhao", groupid: 1, distance: 10, index: 3 })).status,
    ).toBe(400);
    expect(
      (await h.console("checkin/range", { operator: "sunhao", groupid: 1, users: ["ghost"] })).status,
    ).toBe(400);
    const both = await h.console("checkin/edit", { operator: "sunhao", groupid: 1, group: { grouptype: 9 } });
    expect(both.json.error).toMatch(/^rejected like the API: errcode 301075/);
  });
});

describe("persistence", () => {
  it("keeps rules across a restart and loads state files from before check-in rules", async () => {
    const stateFile = path.join(tmp(), "tenant.json");
    h = await boot({ stateFile });
    await h.api("checkin", "checkin/add_checkin_option", { body: { group: group() } });
    await h.close();
    h = await boot({ stateFile });
    expect((await rules(h)).map((g) => g.groupid)).toEqual([1, 2]);
    await h.close();
    h = undefined;

    // A state file written before issue 13: no check-in secret, rules or counter.
    const st = readState(stateFile) as unknown as Record<string, unknown>;
    delete st["checkin_rules"];
    delete st["next_checkin_groupid"];
    delete st["checkin_secret"];
    writeStateAtomic(stateFile, st as never);
    const loaded = readState(stateFile);
    expect(loaded?.checkin_rules).toEqual([]);
    expect(loaded?.next_checkin_groupid).toBe(1);
    expect(loaded?.checkin_secret).toHaveLength(43);
    h = await boot({ stateFile });
    expect(h.creds.checkin_secret).toBe(loaded?.checkin_secret);
    expect(await rules(h)).toEqual([]);
  });
});
