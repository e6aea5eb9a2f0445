/**
 * Issue 12, "no cliff": MemberStatus reads the leavers, and reads its writes back, with one user/list per
 * department (for the writes: per department with a write) when there are more of them than departments — member by member below that, and when WeCom
 * refuses user/list to the contacts-sync secret (48009). The in-process sandbox (the demo's 48 departments,
 * grown to 400 members) plays WeCom through the real client; a fetch in front of it refuses user/list, or
 * answers ok to a user/update it does not forward (a write WeCom acknowledged but did not apply).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PropertyMap } from "../../../src/provider/props";
import { memberStatus } from "../../../src/provider/resources/member-status";
import type { ProviderContext } from "../../../src/provider/types";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import type { FaultSpec } from "../../../src/sandbox/faults";
import { WecomClient } from "../../../src/wecom";
import { rosterDigest } from "../../../src/policy/roster-digest";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

let sandbox: SandboxHandle;
let creds: ConsoleCredentials;
/** The demo's departments and the ten generated ones. */
let DEPARTMENTS: number;
/** The generated members are in the ten generated departments: the writes' read-back reads only those. */
const GENERATED = 10;

async function start(faults?: FaultSpec): Promise<void> {
  sandbox = await startSandbox({ quiet: true, members: 400, ...(faults ? { faults } : {}) });
  creds = (await (await fetch(`${sandbox.url}/__console/credentials`)).json()) as ConsoleCredentials;
  DEPARTMENTS = (await context().ctx.client().listDepartments()).length;
}
beforeEach(() => start());
afterEach(() => sandbox.close());

interface Proxy {
  /** Answer 48009 to every user/list. */
  refuseUserList?: boolean;
  /** user/update of these userids answered ok and not forwarded, this many times each. */
  swallow?: Map<string, number>;
  /** user/list without these userids (a member who joined since, or whose department vanished). */
  hide?: string[];
}

/** A provider context on the sandbox through `proxy`, counting the calls per endpoint. */
function context(proxy: Proxy = {}): { ctx: ProviderContext; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const fetchVia = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const ok = (body: object) => new Response(JSON.stringify(body), { status: 200 });
    if (url.pathname === "/cgi-bin/user/list" && proxy.refuseUserList)
      return ok({ errcode: 48009, errmsg: "api forbidden for contact assistant" });
    if (url.pathname === "/cgi-bin/user/update") {
      const u = (JSON.parse(String(init?.body)) as { userid: string }).userid;
      const left = proxy.swallow?.get(u) ?? 0;
      if (left > 0) {
        proxy.swallow!.set(u, left - 1);
        return ok({ errcode: 0, errmsg: "updated" });
      }
    }
    const res = await fetch(input, init);
    if (url.pathname !== "/cgi-bin/user/list" || !proxy.hide) return res;
    const body = (await res.json()) as { userlist?: { userid: string }[] };
    const hidden = new Set(proxy.hide);
    return ok({ ...body, userlist: (body.userlist ?? []).filter((m) => !hidden.has(m.userid)) });
  }) as typeof fetch;
  const client = new WecomClient({
    baseUrl: sandbox.url,
    corpId: creds.corpid,
    secrets: { contacts: creds.contacts_secret },
    retry: { baseDelayMs: 1, maxDelayMs: 2, jitter: 0, maxAttempts: 2 },
    fetch: fetchVia,
    onCall: (e) => calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1),
  });
  return {
    calls,
    ctx: {
      client: () => client,
      configured: () => ({ contacts: true, archive: false, apps: [] }),
      now: () => new Date("2026-12-03T04:00:00Z"),
    },
  };
}

/** The first `n` generated members leave (on 2026-11-01; past `deleteAfterDays` when given). */
async function inputs(ctx: ProviderContext, n: number, deleteAfterDays?: number): Promise<PropertyMap> {
  const ids = (await ctx.client().listUserIds()).map((m) => m.userId);
  const leavers = ids
    .filter((u) => u.startsWith("gen"))
    .sort()
    .slice(0, n)
    .map((userId) => ({ userId, leaveDate: "2026-11-01" }));
  const news = {
    rosterDigest: rosterDigest(ids),
    rosterSize: ids.length,
    leavers,
    disableWithinHours: 24,
    ...(deleteAfterDays === undefined ? {} : { deleteAfterDays }),
  };
  return memberStatus.check(news, {}, ctx).inputs as PropertyMap;
}

const counted = (calls: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...calls].filter(([e]) => e !== "gettoken").sort(([a], [b]) => a.localeCompare(b)));

describe("MemberStatus reads and verifies leavers in bulk above the number of departments", () => {
  it("100 leavers of 19 departments: user/list per department to read, 100 user/update, their departments' user/list to read back", async () => {
    const { ctx, calls } = context();
    const news = await inputs(ctx, 100);
    expect(DEPARTMENTS).toBeLessThan(100);
    calls.clear();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    expect(out["disabled"]).toHaveLength(100);
    expect(out["overdue"]).toEqual([]);
    // read: department/list + user/list per department (who is not on the roster is drift's to list, so no
    // user/list_id); write: department/list (how to
    // read back), user/update × 100 grouped by the departments the read showed; read-back: user/list of
    // each department with a write, as soon as its writes were answered. No user/get at all.
    expect(counted(calls)).toEqual({
      departmentList: 2,
      userList: DEPARTMENTS + GENERATED,
      userUpdate: 100,
    });
    // What WeCom holds: a refresh (preview --refresh, drift) reads the same in bulk and finds no change.
    calls.clear();
    const r = await memberStatus.read(ctx, "members", out, news);
    expect((r!.props as PropertyMap)["disabled"]).toEqual(out["disabled"]);
    expect(counted(calls)).toEqual({ departmentList: 1, userList: DEPARTMENTS });
  });

  it("a leaver user/list did not show (joined since, department gone) is read with user/get", async () => {
    const { ctx, calls } = context({ hide: ["gen000001"] });
    const news = await inputs(ctx, 60);
    calls.clear();
    const r = await memberStatus.read(ctx, "members", {}, news);
    expect((r!.props as PropertyMap)["overdue"]).toHaveLength(60);
    expect(counted(calls)).toEqual({ departmentList: 1, userList: DEPARTMENTS, userGet: 1 });
  });

  it("deletes past retention are read back by their absence from every department's user/list", async () => {
    const { ctx, calls } = context();
    const news = await inputs(ctx, 60, 10);
    calls.clear();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    expect(out["deleted"]).toHaveLength(60);
    expect(counted(calls)).toEqual({
      departmentList: 2,
      userList: DEPARTMENTS + GENERATED,
      userDelete: 60,
    });
    expect((await ctx.client().listUserIds()).some((m) => m.userId === "gen000001")).toBe(false);
  });
});

describe("MemberStatus member by member", () => {
  it("10 leavers (fewer than departments): a user/get each to read, and each write read back with user/get", async () => {
    const { ctx, calls } = context();
    const news = await inputs(ctx, 10);
    calls.clear();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    expect(out["disabled"]).toHaveLength(10);
    expect(counted(calls)).toEqual({ departmentList: 2, userGet: 20, userUpdate: 10 });
  });

  it("WeCom refuses user/list (48009): the leavers and the writes are read with user/get", async () => {
    const { ctx, calls } = context({ refuseUserList: true });
    const news = await inputs(ctx, 100);
    calls.clear();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    expect(out["disabled"]).toHaveLength(100);
    const { userList, ...rest } = counted(calls);
    // A refusal costs only the calls already in flight: readMemberDetails' concurrency (8) to read, and at
    // most one per department with writes to read back.
    expect(userList).toBeGreaterThanOrEqual(2);
    expect(userList).toBeLessThanOrEqual(8 + GENERATED);
    expect(rest).toEqual({ departmentList: 2, userGet: 200, userUpdate: 100 });
  });
});

describe("MemberStatus writes WeCom did not apply", () => {
  it("a user/update answered ok but not applied is found by the bulk read-back and re-sent alone", async () => {
    const { ctx, calls } = context({ swallow: new Map([["gen000007", 1]]) });
    const news = await inputs(ctx, 100);
    calls.clear();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    expect(out["disabled"]).toContain("gen000007");
    // The re-send's read-back: one member → a user/get.
    expect(counted(calls)).toEqual({
      departmentList: 2,
      userList: DEPARTMENTS + GENERATED,
      userGet: 1,
      userUpdate: 101,
    });
  });

  it("one that never sticks is reported by userid after every attempt, with how many were applied", async () => {
    const { ctx, calls } = context({
      swallow: new Map([
        ["gen000007", 9],
        ["gen000042", 9],
      ]),
    });
    const news = await inputs(ctx, 100);
    calls.clear();
    const e = await memberStatus.update(ctx, "members", {}, news, false).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(e?.message).toMatch(/^member status: 2 change\(s\) failed, 98 applied \(disabled gen000001, /);
    expect(e?.message).toContain(
      "\n  disable gen000007: /cgi-bin/user/update failed: inconsistent result after apply — WeCom answered " +
        "errcode 0 but the read-back shows the write was not applied (user/get of gen000007: enable is 1, expected 0), after 2 attempts.",
    );
    expect(e?.message).toContain("\n  disable gen000042: /cgi-bin/user/update failed: inconsistent result");
    expect(e?.message).toContain("成员状态：2 项失败，98 项已生效。");
    // Sent twice (the retry policy's 2 attempts); the second read-back member by member (2 < departments).
    expect(counted(calls)).toEqual({
      departmentList: 3,
      userList: DEPARTMENTS + GENERATED,
      userGet: 2,
      userUpdate: 102,
    });
  });

  it("a write whose answer was lost is still read back by the transport before any re-send", async () => {
    await sandbox.close();
    await start({ appliedLost: [{ path: "/cgi-bin/user/update", count: 1 }] });
    const { ctx, calls } = context();
    const news = await inputs(ctx, 100);
    calls.clear();
    const out = (await memberStatus.update(ctx, "members", {}, news, false)) as PropertyMap;
    expect(out["disabled"]).toHaveLength(100);
    // The write whose answer was lost: its user/get found it applied, so it was not re-sent.
    expect(counted(calls)).toMatchObject({ userGet: 1, userUpdate: 100 });
  });
});
