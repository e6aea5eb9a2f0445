/**
 * setEnabledMany / deleteMembers (src/wecom/member-bulk.ts): every write read back, a department's user/list
 * at a time once its writes were answered, when there are more writes than departments; only the writes
 * WeCom does not hold re-sent; a read-back that fails reported for each write it should have confirmed. A scripted WeCom with one
 * department that keeps what was written, except for the writes it is told to drop.
 */
import { describe, expect, it } from "vitest";
import { harness, type Recorded } from "./fake-wecom";

const DEPARTMENT = { id: 1, name: "公司", parentid: 0, order: 1 };

/** A tenant of `userIds` (all enabled) in one department; user/update and user/delete change it. */
function tenant(userIds: string[], drop: Map<string, number> = new Map()) {
  const h = harness({ verifyWrites: true });
  const enabled = new Map(userIds.map((u) => [u, true]));
  const wire = (u: string) => ({
    userid: u,
    name: u,
    department: [1],
    main_department: 1,
    status: enabled.get(u) ? 1 : 2,
    enable: enabled.get(u) ? 1 : 0,
  });
  const dropped = (u: string): boolean => {
    const left = drop.get(u) ?? 0;
    if (left > 0) drop.set(u, left - 1);
    return left > 0;
  };
  h.fake
    .always("/cgi-bin/department/list", { errcode: 0, errmsg: "ok", department: [DEPARTMENT] })
    .always("/cgi-bin/user/list", () => ({
      errcode: 0,
      errmsg: "ok",
      userlist: [...enabled.keys()].map(wire),
    }))
    .always("/cgi-bin/user/list_id", () => ({
      errcode: 0,
      errmsg: "ok",
      next_cursor: "",
      dept_user: [...enabled.keys()].map((userid) => ({ userid, department: 1 })),
    }))
    .always("/cgi-bin/user/get", (req: Recorded) => {
      const u = req.query["userid"] ?? "";
      return enabled.has(u)
        ? { errcode: 0, errmsg: "ok", ...wire(u) }
        : { errcode: 60111, errmsg: "userid not found" };
    })
    .always("/cgi-bin/user/update", (req: Recorded) => {
      const b = req.body as { userid: string; enable: number };
      if (!enabled.has(b.userid)) return { errcode: 60111, errmsg: "userid not found" };
      if (!dropped(b.userid)) enabled.set(b.userid, b.enable === 1);
      return { errcode: 0, errmsg: "updated" };
    })
    .always("/cgi-bin/user/delete", (req: Recorded) => {
      const u = req.query["userid"] ?? "";
      if (!enabled.has(u)) return { errcode: 60111, errmsg: "userid not found" };
      if (!dropped(u)) enabled.delete(u);
      return { errcode: 0, errmsg: "deleted" };
    });
  const count = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of h.fake.requests)
      if (r.path !== "/cgi-bin/gettoken")
        out[r.path.replace("/cgi-bin/", "")] = (out[r.path.replace("/cgi-bin/", "")] ?? 0) + 1;
    return out;
  };
  return { ...h, enabled, count };
}

describe("setEnabledMany", () => {
  it("more writes than departments: user/list_id says where they are, user/update each without user/get, then their department's user/list", async () => {
    const t = tenant(["a", "b", "c", "d"]);
    const r = await t.client.setEnabledMany(["a", "b", "c"], false);
    expect(r).toEqual({ applied: ["a", "b", "c"], failed: [], verified: "bulk" });
    expect(t.count()).toEqual({ "department/list": 1, "user/list_id": 1, "user/update": 3, "user/list": 1 });
    expect([...t.enabled]).toEqual([
      ["a", false],
      ["b", false],
      ["c", false],
      ["d", true],
    ]);
  });

  it("departments the caller has just read group the writes instead of user/list_id; a member without is read with user/get", async () => {
    const t = tenant(["a", "b", "c"]);
    const departmentsOf = new Map([
      ["a", [1]],
      ["b", [1]],
    ]);
    const r = await t.client.setEnabledMany(["a", "b", "c"], false, { departmentsOf });
    expect(r).toEqual({ applied: ["a", "b", "c"], failed: [], verified: "bulk" });
    expect(t.count()).toEqual({ "department/list": 1, "user/update": 3, "user/list": 1, "user/get": 1 });
    expect(t.fake.requests.find((q) => q.path === "/cgi-bin/user/get")?.query["userid"]).toBe("c");
  });

  it("re-sends only the write WeCom did not hold, and reads that one back with user/get", async () => {
    const t = tenant(["a", "b", "c"], new Map([["b", 1]]));
    const r = await t.client.setEnabledMany(["a", "b", "c"], false);
    expect(r).toEqual({ applied: ["a", "b", "c"], failed: [], verified: "bulk" });
    const updates = t.fake.requests.filter((q) => q.path === "/cgi-bin/user/update");
    expect(updates.map((q) => (q.body as { userid: string }).userid)).toEqual(["a", "b", "c", "b"]);
    expect(t.count()).toEqual({
      "department/list": 1,
      "user/list_id": 1,
      "user/update": 4,
      "user/list": 1,
      "user/get": 1,
    });
  });

  it("a write that never sticks fails by userid after the retry policy's attempts; the others are applied", async () => {
    const t = tenant(["a", "b", "c"], new Map([["c", 99]]));
    const r = await t.client.setEnabledMany(["a", "b", "c"], false);
    expect(r.applied).toEqual(["a", "b"]);
    expect(r.failed.map((f) => f.userId)).toEqual(["c"]);
    expect(r.failed[0]!.error.message).toContain(
      "/cgi-bin/user/update failed: inconsistent result after apply — WeCom answered errcode 0 but the read-back " +
        "shows the write was not applied (user/get of c: enable is 1, expected 0), after 3 attempts.",
    );
    // The harness's retry policy: 3 attempts.
    expect(t.count()["user/update"]).toBe(5);
  });

  it("WeCom's error for one member is that member's failure, not the others'", async () => {
    const t = tenant(["a", "b"]);
    const r = await t.client.setEnabledMany(["a", "ghost", "b"], false);
    expect(r.applied).toEqual(["a", "b"]);
    expect(r.failed.map((f) => [f.userId, f.error.message])).toEqual([
      ["ghost", expect.stringContaining("60111")],
    ]);
  });

  it("when the read-back fails, each answered write is reported unconfirmed, none as applied", async () => {
    const t = tenant(["a", "b", "c"]);
    t.fake.always("/cgi-bin/user/list", { errcode: 60011, errmsg: "no privilege to access/modify contact" });
    const r = await t.client.setEnabledMany(["a", "b", "c"], false);
    expect(r.applied).toEqual([]);
    expect(r.failed.map((f) => f.userId)).toEqual(["a", "b", "c"]);
    expect(r.failed[0]!.error.message).toContain(
      "WeCom answered errcode 0 but the read-back that confirms the write failed",
    );
  });

  it("user/list refused (48009): each write read back with user/get", async () => {
    const t = tenant(["a", "b", "c"]);
    t.fake.always("/cgi-bin/user/list", { errcode: 48009, errmsg: "api forbidden for contact assistant" });
    const r = await t.client.setEnabledMany(["a", "b", "c"], false);
    expect(r).toEqual({ applied: ["a", "b", "c"], failed: [], verified: "per-member" });
    expect(t.count()).toEqual({
      "department/list": 1,
      "user/list_id": 1,
      "user/update": 3,
      "user/list": 1,
      "user/get": 3,
    });
  });

  it("no more writes than departments: the transport reads each back (user/get) as it is answered", async () => {
    const t = tenant(["a"]);
    const r = await t.client.setEnabledMany(["a"], false);
    expect(r).toEqual({ applied: ["a"], failed: [], verified: "per-write" });
    expect(t.count()).toEqual({ "user/update": 1, "user/get": 1 });
  });

  it("verifyWrites off (request-shape tests): no read-back at all", async () => {
    const t = tenant(["a", "b", "c"]);
    const off = harness({ verifyWrites: false }, t.fake);
    const r = await off.client.setEnabledMany(["a", "b", "c"], false);
    expect(r.verified).toBe("off");
    expect(t.count()).toEqual({ "user/update": 3 });
  });
});

describe("deleteMembers", () => {
  it("a member absent from every department's user/list is gone: no user/get", async () => {
    const t = tenant(["a", "b", "c", "d"]);
    const r = await t.client.deleteMembers(["a", "b", "c"]);
    expect(r).toEqual({ applied: ["a", "b", "c"], failed: [], verified: "bulk" });
    expect(t.count()).toEqual({ "department/list": 1, "user/list_id": 1, "user/delete": 3, "user/list": 1 });
    expect([...t.enabled.keys()]).toEqual(["d"]);
  });

  it("a department deleted during the read-back proves no absence: the absent are read with user/get", async () => {
    const t = tenant(["a", "b", "c"]);
    t.fake.always("/cgi-bin/department/list", {
      errcode: 0,
      errmsg: "ok",
      department: [DEPARTMENT, { id: 7, name: "已撤销", parentid: 1, order: 2 }],
    });
    t.fake.always("/cgi-bin/user/list_id", {
      errcode: 0,
      errmsg: "ok",
      next_cursor: "",
      dept_user: ["a", "b", "c"].map((userid) => ({ userid, department: 7 })),
    });
    t.fake.always("/cgi-bin/user/list", { errcode: 60123, errmsg: "invalid department id" });
    const r = await t.client.deleteMembers(["a", "b", "c"]);
    expect(r).toEqual({ applied: ["a", "b", "c"], failed: [], verified: "bulk" });
    expect(t.count()).toEqual({
      "department/list": 1,
      "user/list_id": 1,
      "user/delete": 3,
      "user/list": 1,
      "user/get": 3,
    });
    expect(t.fake.requests.find((q) => q.path === "/cgi-bin/user/list")?.query["department_id"]).toBe("7");
  });
});
