import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

describe("departments", () => {
  it("lists the demo tree and gets one department", async () => {
    const list = await h.api("contacts", "department/list");
    expect(list.errcode).toBe(0);
    expect(list.department.map((d: { id: number }) => d.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await h.api("contacts", "department/get", { query: { id: 9 } })).toEqual({
      errcode: 0,
      errmsg: "ok",
      department: {
        id: 9,
        name: "现场服务部",
        name_en: "Field Service",
        department_leader: [],
        parentid: 1,
        order: 99991000,
      },
    });
    const simple = await h.api("contacts", "department/simplelist", { query: { id: 1 } });
    expect(simple.department_id[1]).toEqual({ id: 2, parentid: 1, order: 99998000 });
  });

  it("creates, updates and deletes with WeCom's errors", async () => {
    expect(
      await h.api("contacts", "department/create", { body: { name: "质量部", parentid: 1, id: 10 } }),
    ).toEqual({
      errcode: 0,
      errmsg: "created",
      id: 10,
    });
    expect(
      (await h.api("contacts", "department/create", { body: { name: "质量部", parentid: 1 } })).errcode,
    ).toBe(60008);
    expect(
      (await h.api("contacts", "department/create", { body: { name: "x", parentid: 77 } })).errcode,
    ).toBe(60004);
    expect(
      (await h.api("contacts", "department/create", { body: { name: "a|b", parentid: 1 } })).errcode,
    ).toBe(60125);
    expect((await h.api("contacts", "department/create", { body: { name: "", parentid: 1 } })).errcode).toBe(
      60001,
    );
    expect(await h.api("contacts", "department/update", { body: { id: 10, name: "质量管理部" } })).toEqual({
      errcode: 0,
      errmsg: "updated",
    });
    expect((await h.api("contacts", "department/update", { body: { id: 1, parentid: 10 } })).errcode).toBe(
      60010,
    );
    expect((await h.api("contacts", "department/delete", { query: { id: 1 } })).errcode).toBe(60007);
    expect((await h.api("contacts", "department/delete", { query: { id: 9 } })).errcode).toBe(60005);
    await h.api("contacts", "department/create", { body: { name: "child", parentid: 10, id: 11 } });
    expect((await h.api("contacts", "department/delete", { query: { id: 10 } })).errcode).toBe(60006);
    expect(await h.api("contacts", "department/delete", { query: { id: 11 } })).toEqual({
      errcode: 0,
      errmsg: "deleted",
    });
    expect((await h.api("contacts", "department/get", { query: { id: 11 } })).errcode).toBe(60003);
  });

  it("shows an app only its visible range (60011 outside)", async () => {
    const list = await h.api(1000004, "department/list");
    expect(list.department.map((d: { id: number }) => d.id)).toEqual([7, 8]);
    expect((await h.api(1000004, "department/get", { query: { id: 5 } })).errcode).toBe(60011);
    expect((await h.api(1000005, "department/simplelist")).department_id).toHaveLength(9);
  });

  it("lets only the contacts secret write (apps 60011)", async () => {
    expect((await h.api(1000005, "department/create", { body: { name: "x", parentid: 1 } })).errcode).toBe(
      60011,
    );
    expect((await h.api(1000005, "user/update", { body: { userid: "lina", enable: 0 } })).errcode).toBe(
      60011,
    );
  });
});

describe("members", () => {
  it("reports status 1/2/4/5 and enable", async () => {
    const sunhao = await h.api("contacts", "user/get", { query: { userid: "sunhao" } });
    expect(sunhao).toMatchObject({
      errcode: 0,
      errmsg: "ok",
      userid: "sunhao",
      name: "孙浩",
      department: [7],
      status: 1,
      enable: 1,
    });
    expect(await h.api("contacts", "user/get", { query: { userid: "zhengkai" } })).toMatchObject({
      status: 2,
      enable: 0,
    });
    expect(await h.api("contacts", "user/get", { query: { userid: "fanbing" } })).toMatchObject({
      status: 1,
      enable: 1,
    });
    await h.api("contacts", "user/create", {
      body: { userid: "newbie", name: "新人", department: [6], email: "newbie@xinghe-demo.cn" },
    });
    expect(await h.api("contacts", "user/get", { query: { userid: "newbie" } })).toMatchObject({
      status: 4,
      enable: 1,
    });
    await h.console("user/leave", { operator: "sunhao", userid: "hemei" });
    expect(await h.api("contacts", "user/get", { query: { userid: "hemei" } })).toMatchObject({ status: 5 });
    expect((await h.api("contacts", "user/get", { query: { userid: "nobody" } })).errcode).toBe(60111);
    expect((await h.api("contacts", "user/get", { query: { userid: "SunHao" } })).userid).toBe("sunhao");
  });

  it("disables with enable=0 (status 2) and re-enables (status 1)", async () => {
    expect(await h.api("contacts", "user/update", { body: { userid: "fanbing", enable: 0 } })).toEqual({
      errcode: 0,
      errmsg: "updated",
    });
    expect(await h.api("contacts", "user/get", { query: { userid: "fanbing" } })).toMatchObject({
      status: 2,
      enable: 0,
    });
    await h.api("contacts", "user/update", { body: { userid: "fanbing", enable: 1 } });
    expect(await h.api("contacts", "user/get", { query: { userid: "fanbing" } })).toMatchObject({
      status: 1,
      enable: 1,
    });
    expect((await h.api("contacts", "user/update", { body: { userid: "nobody", enable: 0 } })).errcode).toBe(
      60111,
    );
  });

  it("validates create: 40003, 60102, 60112, 60127, 60123, 60129, 60103, 60104", async () => {
    const base = { userid: "u1", name: "U", department: [6], mobile: "13900000001" };
    expect((await h.api("contacts", "user/create", { body: { ...base, userid: "-bad" } })).errcode).toBe(
      40003,
    );
    expect((await h.api("contacts", "user/create", { body: { ...base, userid: "SUNHAO" } })).errcode).toBe(
      60102,
    );
    expect((await h.api("contacts", "user/create", { body: { ...base, name: "" } })).errcode).toBe(60112);
    expect((await h.api("contacts", "user/create", { body: { ...base, department: [] } })).errcode).toBe(
      60127,
    );
    expect((await h.api("contacts", "user/create", { body: { ...base, department: [404] } })).errcode).toBe(
      60123,
    );
    expect(
      (await h.api("contacts", "user/create", { body: { userid: "u1", name: "U", department: [6] } }))
        .errcode,
    ).toBe(60129);
    expect((await h.api("contacts", "user/create", { body: { ...base, mobile: "abc" } })).errcode).toBe(
      60103,
    );
    expect(
      (await h.api("contacts", "user/create", { body: { ...base, mobile: "13800000001" } })).errcode,
    ).toBe(60104);
    expect(await h.api("contacts", "user/create", { body: base })).toEqual({ errcode: 0, errmsg: "created" });
  });

  it("deletes one (301005 for the creator) and in batches (all-or-nothing)", async () => {
    expect((await h.api("contacts", "user/delete", { query: { userid: "zhangwei" } })).errcode).toBe(301005);
    expect(await h.api("contacts", "user/delete", { query: { userid: "staff170" } })).toEqual({
      errcode: 0,
      errmsg: "deleted",
    });
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } })).userlist).toHaveLength(11);
    expect(
      (await h.api("contacts", "user/batchdelete", { body: { useridlist: ["staff171", "nobody"] } })).errcode,
    ).toBe(40031);
    expect((await h.api("contacts", "user/get", { query: { userid: "staff171" } })).errcode).toBe(0);
    expect(
      await h.api("contacts", "user/batchdelete", { body: { useridlist: ["staff171", "staff172"] } }),
    ).toEqual({
      errcode: 0,
      errmsg: "deleted",
    });
    expect((await h.api("contacts", "user/get", { query: { userid: "staff172" } })).errcode).toBe(60111);
    const tooMany = Array.from({ length: 201 }, (_, i) => `staff${String(i + 1).padStart(3, "0")}`);
    expect((await h.api("contacts", "user/batchdelete", { body: { useridlist: tooMany } })).errcode).toBe(
      40032,
    );
  });

  it("lists a department's members, with fetch_child, inside an app's range", async () => {
    const s = await h.api("contacts", "user/simplelist", { query: { department_id: 9 } });
    expect(s.userlist[0]).toEqual({ userid: "linfeng", name: "林峰", department: [9] });
    expect(s.userlist).toHaveLength(2 + 1 + 25);
    const all = await h.api("contacts", "user/list", { query: { department_id: 1, fetch_child: 1 } });
    expect(all.userlist).toHaveLength(200);
    expect(all.userlist.find((u: { userid: string }) => u.userid === "zhengkai")).toMatchObject({
      status: 2,
      enable: 0,
    });
    expect((await h.api(1000002, "user/list", { query: { department_id: 5 } })).errcode).toBe(60011);
    const app = await h.api(1000002, "user/list", { query: { department_id: 9 } });
    expect(app.userlist[0].mobile).toBeUndefined();
    expect((await h.api(1000002, "user/get", { query: { userid: "chenjing" } })).errcode).toBe(60011);
    expect((await h.api(1000002, "user/get", { query: { userid: "linfeng" } })).errcode).toBe(0);
  });

  it("pages user/list_id with a cursor, one row per (member, department), contacts secret only", async () => {
    await h.api("contacts", "user/update", { body: { userid: "sunhao", department: [7, 8] } });
    const rows: { userid: string; department: number }[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const r = await h.api("contacts", "user/list_id", { body: { cursor, limit: 64 } });
      expect(r.errcode).toBe(0);
      rows.push(...r.dept_user);
      cursor = r.next_cursor;
      pages++;
    } while (cursor !== "");
    expect(pages).toBe(4);
    expect(rows).toHaveLength(201);
    expect(rows.filter((r) => r.userid === "sunhao")).toEqual([
      { userid: "sunhao", department: 7 },
      { userid: "sunhao", department: 8 },
    ]);
    expect((await h.api("contacts", "user/list_id", { body: { limit: 0 } })).errcode).toBe(40058);
    expect((await h.api("contacts", "user/list_id", { body: { limit: 10001 } })).errcode).toBe(40058);
    expect((await h.api(1000005, "user/list_id", { body: {} })).errcode).toBe(48002);
  });
});
