/**
 * tag/get and user/list_id answers are kept encoded until the tenant changes (issue 12: reads at 100 000
 * members). A read after a write must see the write; an edited answer (omit fault) is still an answer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseFaultFlag } from "../../../src/sandbox/faults";
import { boot, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

describe("cached read answers", () => {
  it("tag/get follows tag and member writes, and each caller's range", async () => {
    const tagid = (await h.api("contacts", "tag/create", { body: { tagname: "缓存" } }))["tagid"] as number;
    const get = () => h.api("contacts", "tag/get", { query: { tagid } });
    expect(await get()).toEqual({ errcode: 0, errmsg: "ok", tagname: "缓存", userlist: [], partylist: [] });
    expect(await get()).toEqual({ errcode: 0, errmsg: "ok", tagname: "缓存", userlist: [], partylist: [] });
    await h.api("contacts", "tag/addtagusers", { body: { tagid, userlist: ["chenjing"] } });
    expect((await get())["userlist"]).toEqual([{ userid: "chenjing", name: "陈静" }]);
    await h.api("contacts", "user/update", { body: { userid: "chenjing", name: "陈静静" } });
    expect((await get())["userlist"]).toEqual([{ userid: "chenjing", name: "陈静静" }]);
    await h.api("contacts", "tag/update", { body: { tagid, tagname: "缓存2" } });
    expect((await get())["tagname"]).toBe("缓存2");
    // An app's answer is its own (range-filtered), not the contacts secret's cached one.
    expect((await h.api(1000002, "tag/get", { query: { tagid: 100 } }))["errcode"]).toBe(0);
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } }))["errcode"]).toBe(0);
    expect((await h.api("contacts", "tag/get", { query: { tagid: 99999 } }))["errcode"]).toBe(40068);
  });

  it("an omit fault edits a cached answer, once", async () => {
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } }))["tagname"]).toBe("外包人员");
    await h.console("faults", parseFaultFlag("omit:/cgi-bin/tag/get=tagname"));
    const edited = await h.api("contacts", "tag/get", { query: { tagid: 100 } });
    expect(edited).not.toHaveProperty("tagname");
    expect(edited).toMatchObject({ errcode: 0, errmsg: "ok", userlist: expect.any(Array) });
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } }))["tagname"]).toBe("外包人员");
  });

  it("user/list_id pages follow member writes; unreadable cursors are never kept", async () => {
    const page = async () =>
      (await h.api("contacts", "user/list_id", { body: { cursor: "", limit: 10_000 } }))["dept_user"] as {
        userid: string;
        department: number;
      }[];
    const before = await page();
    expect(await page()).toEqual(before);
    await h.api("contacts", "user/update", { body: { userid: "sunhao", department: [7, 8] } });
    const after = await page();
    expect(after.filter((r) => r.userid === "sunhao")).toEqual([
      { userid: "sunhao", department: 7 },
      { userid: "sunhao", department: 8 },
    ]);
    await h.api("contacts", "user/create", {
      body: { userid: "cache01", name: "缓存", department: [1], email: "cache01@example.com" },
    });
    expect(await page()).toHaveLength(after.length + 1);
    for (let i = 0; i < 2; i++) {
      const bad = await h.api("contacts", "user/list_id", { body: { cursor: "not-a-cursor" } });
      expect(bad["errcode"]).toBe(40058);
      expect((await h.api("contacts", "user/list_id", { body: { cursor: 5 } }))["errcode"]).toBe(40058);
    }
  });
});
