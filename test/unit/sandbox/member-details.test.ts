/**
 * What the import's bulk status read relies on (src/wecom/member-details.ts): user/list without fetch_child
 * lists a department's own members only, with user/get's status and enable, and the departments of
 * department/list together list everyone user/list_id does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, type Harness } from "./harness";

describe("user/list per department", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await boot({ seed: "demo" });
  });
  afterAll(async () => h?.close());

  it("lists only the department's own members without fetch_child", async () => {
    const own = await h.api("contacts", "user/list", { query: { department_id: 1 } });
    const all = await h.api("contacts", "user/list", { query: { department_id: 1, fetch_child: 1 } });
    expect(own.errcode).toBe(0);
    expect(own.userlist.length).toBeLessThan(all.userlist.length);
    for (const u of own.userlist as { department: number[] }[]) expect(u.department).toContain(1);
  });

  it("every department once: everyone list_id lists, each with user/get's status and enable", async () => {
    const depts = (await h.api("contacts", "department/list")).department as { id: number }[];
    const listed = new Map<string, { status: number; enable: number }>();
    for (const d of depts)
      for (const u of (await h.api("contacts", "user/list", { query: { department_id: d.id } })).userlist)
        listed.set(u.userid, u);
    const ids = new Set(
      (
        (await h.api("contacts", "user/list_id", { method: "POST", body: {} })).dept_user as {
          userid: string;
        }[]
      ).map((r) => r.userid),
    );
    expect([...listed.keys()].sort()).toEqual([...ids].sort());
    for (const userid of ["zhengkai", "fanbing", "hemei", "sunhao"]) {
      const one = await h.api("contacts", "user/get", { query: { userid } });
      expect({ status: listed.get(userid)?.status, enable: listed.get(userid)?.enable }).toEqual({
        status: one.status,
        enable: one.enable,
      });
    }
  });
});
