import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

describe("tags", () => {
  it("answers create/get/update/delete/list with WeCom's exact success strings", async () => {
    expect(await h.api("contacts", "tag/create", { body: { tagname: "财务审批" } })).toEqual({
      errcode: 0,
      errmsg: "created",
      tagid: 101,
    });
    expect(await h.api("contacts", "tag/create", { body: { tagname: "HR数据访问", tagid: 500 } })).toEqual({
      errcode: 0,
      errmsg: "created",
      tagid: 500,
    });
    expect(await h.api("contacts", "tag/update", { body: { tagid: 101, tagname: "财务审批组" } })).toEqual({
      errcode: 0,
      errmsg: "updated",
    });
    expect(
      await h.api("contacts", "tag/addtagusers", {
        body: { tagid: 101, userlist: ["chenjing", "ZHAOLEI"], partylist: [4] },
      }),
    ).toEqual({
      errcode: 0,
      errmsg: "ok",
    });
    expect(await h.api("contacts", "tag/get", { query: { tagid: 101 } })).toEqual({
      errcode: 0,
      errmsg: "ok",
      tagname: "财务审批组",
      userlist: [
        { userid: "chenjing", name: "陈静" },
        { userid: "zhaolei", name: "赵磊" },
      ],
      partylist: [4],
    });
    expect(
      await h.api("contacts", "tag/deltagusers", {
        body: { tagid: 101, userlist: ["chenjing"], partylist: [4] },
      }),
    ).toEqual({
      errcode: 0,
      errmsg: "deleted",
    });
    expect((await h.api("contacts", "tag/list")).taglist).toEqual([
      { tagid: 100, tagname: "外包人员" },
      { tagid: 101, tagname: "财务审批组" },
      { tagid: 500, tagname: "HR数据访问" },
    ]);
    expect(await h.api("contacts", "tag/delete", { query: { tagid: 500 } })).toEqual({
      errcode: 0,
      errmsg: "deleted",
    });
    expect((await h.api("contacts", "tag/get", { query: { tagid: 500 } })).errcode).toBe(40068);
  });

  it("reports partial success as a |-joined invalidlist and an invalidparty list", async () => {
    await h.api("contacts", "tag/create", { body: { tagname: "r", tagid: 7 } });
    const r = await h.api("contacts", "tag/addtagusers", {
      body: { tagid: 7, userlist: ["chenjing", "nobody", "ghost"], partylist: [4, 99] },
    });
    expect(r).toEqual({ errcode: 0, errmsg: "ok", invalidlist: "nobody|ghost", invalidparty: [99] });
    const d = await h.api("contacts", "tag/deltagusers", {
      body: { tagid: 7, userlist: ["chenjing", "nobody"] },
    });
    expect(d).toEqual({ errcode: 0, errmsg: "deleted", invalidlist: "nobody" });
  });

  it("refuses all-invalid lists: 40070 on add, 40031 on delete", async () => {
    await h.api("contacts", "tag/create", { body: { tagname: "r", tagid: 7 } });
    const add = await h.api("contacts", "tag/addtagusers", { body: { tagid: 7, userlist: ["nobody"] } });
    expect(add.errcode).toBe(40070);
    expect(add.errmsg).toMatch(
      /^all list invalid, hint: \[\d+\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40070$/,
    );
    expect(
      (await h.api("contacts", "tag/deltagusers", { body: { tagid: 7, partylist: [99] } })).errcode,
    ).toBe(40031);
  });

  it("validates tag ids and names: 40068, 40071", async () => {
    expect((await h.api("contacts", "tag/create", { body: { tagname: "外包人员" } })).errcode).toBe(40071);
    expect((await h.api("contacts", "tag/create", { body: { tagname: "x", tagid: 100 } })).errcode).toBe(
      40068,
    );
    expect((await h.api("contacts", "tag/create", { body: { tagname: "x", tagid: -1 } })).errcode).toBe(
      40068,
    );
    expect((await h.api("contacts", "tag/get", { query: { tagid: 999 } })).errcode).toBe(40068);
    expect((await h.api("contacts", "tag/update", { body: { tagid: 999, tagname: "y" } })).errcode).toBe(
      40068,
    );
    await h.api("contacts", "tag/create", { body: { tagname: "y", tagid: 5 } });
    expect((await h.api("contacts", "tag/update", { body: { tagid: 5, tagname: "外包人员" } })).errcode).toBe(
      40071,
    );
  });

  it("lets only the creating principal change a tag (60011)", async () => {
    // tag 100 was created by the contacts-sync principal.
    expect(
      (await h.api(1000005, "tag/addtagusers", { body: { tagid: 100, userlist: ["lina"] } })).errcode,
    ).toBe(60011);
    expect((await h.api(1000005, "tag/delete", { query: { tagid: 100 } })).errcode).toBe(60011);
    const created = await h.api(1000005, "tag/create", { body: { tagname: "hr-app-tag" } });
    expect(created.errcode).toBe(0);
    expect(
      (await h.api("contacts", "tag/update", { body: { tagid: created.tagid, tagname: "z" } })).errcode,
    ).toBe(60011);
    expect(
      (await h.api(1000005, "tag/addtagusers", { body: { tagid: created.tagid, userlist: ["lina"] } }))
        .errcode,
    ).toBe(0);
  });

  it("filters tag members by an app's visible range, and treats out-of-range members as invalid", async () => {
    // 1000002 sees department 9 only; tag 100 holds staff170–181 in departments 3–9.
    const seen = await h.api(1000002, "tag/get", { query: { tagid: 100 } });
    expect(seen.userlist.map((u: { userid: string }) => u.userid)).toEqual(["staff175"]);
    const t = await h.api(1000002, "tag/create", { body: { tagname: "field" } });
    const r = await h.api(1000002, "tag/addtagusers", {
      body: { tagid: t.tagid, userlist: ["linfeng", "chenjing"] },
    });
    expect(r).toEqual({ errcode: 0, errmsg: "ok", invalidlist: "chenjing" });
  });

  it("refuses the archive secret on tag endpoints (48002)", async () => {
    expect((await h.api("archive", "tag/list")).errcode).toBe(48002);
  });
});
