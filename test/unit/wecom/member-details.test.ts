/**
 * readMemberDetails (src/wecom/member-details.ts): every member's status in one user/list per department,
 * a refusal (48009 since 2022-08-15) reported after one call, a department deleted meanwhile skipped.
 */
import { describe, expect, it } from "vitest";
import { WecomApiError } from "../../../src/wecom";
import { harness, rejectionOf } from "./fake-wecom";

const user = (userid: string, department: number[], status: 1 | 2 | 4 | 5) => ({
  userid,
  name: userid.toUpperCase(),
  department,
  main_department: department[0],
  status,
  enable: status === 2 ? 0 : 1,
});

describe("readMemberDetails", () => {
  it("reads each department once, without fetch_child, and keeps each member once", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/user/list", (req) => {
      const d = Number(req.query["department_id"]);
      return {
        errcode: 0,
        errmsg: "ok",
        userlist:
          d === 1
            ? [user("zhangsan", [1, 2], 1), user("lisi", [1], 2)]
            : d === 2
              ? [user("zhangsan", [1, 2], 1), user("wangwu", [2], 5)]
              : [],
      };
    });
    let ticks = 0;
    const r = await client.readMemberDetails([1, 2, 3], { onDepartment: () => ticks++ });
    expect(r.kind).toBe("read");
    if (r.kind !== "read") return;
    expect(r.members.map((m) => [m.userId, m.status, m.enabled])).toEqual([
      ["zhangsan", "active", true],
      ["lisi", "disabled", false],
      ["wangwu", "exited", true],
    ]);
    expect(r.skippedDepartments).toEqual([]);
    expect(ticks).toBe(3);
    const lists = fake.requests.filter((q) => q.path === "/cgi-bin/user/list");
    expect(lists.map((q) => q.query["department_id"]).sort()).toEqual(["1", "2", "3"]);
    // The current page (path/96260) has no fetch_child: one call per department is correct either way.
    expect(lists.every((q) => !("fetch_child" in q.query))).toBe(true);
  });

  it("a refusal (48009: the sync secret from an IP added after 2022-08-15) stops further calls", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/user/list", {
      errcode: 48009,
      errmsg: "api forbidden for contact assistant",
    });
    const r = await client.readMemberDetails([1, 2, 3, 4, 5, 6], { concurrency: 2 });
    expect(r).toMatchObject({ kind: "refused", errcode: 48009 });
    // Only the calls already in flight when the first refusal came back.
    expect(fake.requests.filter((q) => q.path === "/cgi-bin/user/list").length).toBe(2);
  });

  it("skips a department deleted since department/list (60123) and names it", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/user/list", (req) =>
      req.query["department_id"] === "7"
        ? { errcode: 60123, errmsg: "invalid department id" }
        : { errcode: 0, errmsg: "ok", userlist: [user("lisi", [1], 4)] },
    );
    const r = await client.readMemberDetails([1, 7]);
    expect(r).toMatchObject({ kind: "read", skippedDepartments: [7] });
    if (r.kind === "read") expect(r.members.map((m) => m.status)).toEqual(["inactive"]);
  });

  it("any other error is not a refusal: it propagates", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/user/list", { errcode: 60011, errmsg: "no privilege to access/modify contact" });
    const e = await rejectionOf(client.readMemberDetails([1]));
    expect(e).toBeInstanceOf(WecomApiError);
    expect((e as WecomApiError).errcode).toBe(60011);
  });
});
