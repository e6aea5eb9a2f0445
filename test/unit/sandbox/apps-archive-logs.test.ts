import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot, T0, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

const now = () => Math.floor(h.clock.ms / 1000);
const DAY = 86_400;

describe("agents", () => {
  it("agent/get returns the app's own settings and visible range", async () => {
    expect(await h.api(1000002, "agent/get", { query: { agentid: 1000002 } })).toEqual({
      errcode: 0,
      errmsg: "ok",
      agentid: 1000002,
      name: "外勤助手",
      square_logo_url: expect.any(String),
      description: expect.any(String),
      allow_userinfos: { user: [] },
      allow_partys: { partyid: [9] },
      allow_tags: { tagid: [] },
      close: 0,
      redirect_domain: "field.xinghe-demo.cn",
      report_location_flag: 1,
      isreportenter: 1,
      home_url: "https://field.xinghe-demo.cn",
    });
    expect((await h.api(1000002, "agent/get", { query: { agentid: 1000003 } })).errcode).toBe(301002);
    expect((await h.api(1000002, "agent/get", { query: { agentid: 42 } })).errcode).toBe(40056);
    expect((await h.api(1000003, "agent/list")).agentlist).toEqual([
      { agentid: 1000003, name: "销售助手", square_logo_url: expect.any(String) },
    ]);
    expect((await h.api(1000003, "agent/get_admin_list", { body: { agentid: 1000003 } })).admin).toEqual([
      { userid: "sunhao", auth_type: 1 },
      { userid: "wuqiang", auth_type: 1 },
    ]);
  });

  it("agent/set validates 45022, 45004, 40094, 85005 and applies atomically", async () => {
    const set = (body: object) => h.api(1000002, "agent/set", { body: { agentid: 1000002, ...body } });
    expect((await set({ name: "x".repeat(33) })).errcode).toBe(45022);
    expect((await set({ description: "abc" })).errcode).toBe(45004);
    expect((await set({ home_url: "ftp://x" })).errcode).toBe(40094);
    expect((await set({ redirect_domain: "evil.example.com", report_location_flag: 0 })).errcode).toBe(85005);
    expect((await h.api(1000002, "agent/get", { query: { agentid: 1000002 } })).report_location_flag).toBe(1);
    expect(await set({ report_location_flag: 0, isreportenter: 0 })).toEqual({ errcode: 0, errmsg: "ok" });
    expect((await h.api(1000002, "agent/get", { query: { agentid: 1000002 } })).report_location_flag).toBe(0);
    await h.console("agent/verify_domain", {
      operator: "sunhao",
      agentid: 1000002,
      domain: "new.xinghe-demo.cn",
    });
    expect((await set({ redirect_domain: "new.xinghe-demo.cn" })).errcode).toBe(0);
    expect((await h.api(1000003, "agent/set", { body: { agentid: 1000002, name: "x" } })).errcode).toBe(
      301002,
    );
  });

  it("console visible-range and admin changes show in agent/get and admin list, and in the admin log", async () => {
    expect(
      (
        await h.console("agent/visible_range", {
          operator: "sunhao",
          agentid: 1000002,
          parties: [9],
          users: ["gaoyan"],
        })
      ).status,
    ).toBe(200);
    expect((await h.api(1000002, "agent/get", { query: { agentid: 1000002 } })).allow_userinfos).toEqual({
      user: [{ userid: "gaoyan" }],
    });
    expect((await h.api(1000002, "user/get", { query: { userid: "gaoyan" } })).errcode).toBe(0);
    await h.console("agent/admins", {
      operator: "sunhao",
      agentid: 1000002,
      admins: [{ userid: "zhoumin", auth_type: 1 }],
    });
    expect((await h.api(1000002, "agent/get_admin_list", { body: { agentid: 1000002 } })).admin).toEqual([
      { userid: "zhoumin", auth_type: 1 },
    ]);
    const log = await h.api(1000004, "security/admin_oper_log/list", {
      body: { start_time: now() - 60, end_time: now() },
    });
    expect(
      log.record_list.map((r: { oper_type: number; userid: string }) => [r.oper_type, r.userid]),
    ).toEqual([
      [8, "sunhao"],
      [2, "sunhao"],
    ]);
  });
});

describe("message archive", () => {
  it("lists the archive range and consent, archive secret only", async () => {
    expect(await h.api("archive", "msgaudit/get_permit_user_list", { body: { type: 3 } })).toEqual({
      errcode: 0,
      errmsg: "ok",
      ids: ["wuqiang", "xuli", "huangtao", "maxiaoyu"],
    });
    expect((await h.api("archive", "msgaudit/get_permit_user_list", { body: { type: 1 } })).ids).toEqual([]);
    await h.console("msgaudit/permit", { operator: "sunhao", add: ["guojun"], remove: ["xuli"] });
    expect((await h.api("archive", "msgaudit/get_permit_user_list", { body: {} })).ids).toEqual([
      "wuqiang",
      "huangtao",
      "maxiaoyu",
      "guojun",
    ]);
    const room = await h.api("archive", "msgaudit/check_room_agree", {
      body: { roomid: "wrXingheSalesRoom000000000000001" },
    });
    expect(room.agreeinfo).toHaveLength(3);
    const ext = room.agreeinfo[0].exteranalopenid;
    const single = await h.api("archive", "msgaudit/check_single_agree", {
      body: {
        info: [
          { userid: "wuqiang", exteranalopenid: ext },
          { userid: "wuqiang", exteranalopenid: "wmunknown" },
        ],
      },
    });
    expect(single.agreeinfo).toEqual([
      {
        status_change_time: expect.any(Number),
        userid: "wuqiang",
        exteranalopenid: ext,
        agree_status: "Agree",
      },
      { status_change_time: 0, userid: "wuqiang", exteranalopenid: "wmunknown", agree_status: "Disagree" },
    ]);
  });
});

describe("security logs", () => {
  it("returns the seed's three admin entries by sunhao within the last 30 days", async () => {
    const records = [];
    for (let end = now(); end > now() - 30 * DAY; end -= 7 * DAY) {
      const r = await h.api(1000004, "security/admin_oper_log/list", {
        body: { start_time: end - 7 * DAY, end_time: end },
      });
      expect(r.errcode).toBe(0);
      records.push(...r.record_list);
    }
    expect(records.map((r) => r.oper_type).sort()).toEqual([2, 3, 8]);
    expect(new Set(records.map((r) => r.userid))).toEqual(new Set(["sunhao"]));
  });

  it("enforces the window (≤ 7 days, ≥ now − 180 days), limit 1–400 and the security app", async () => {
    const q = (body: object) => h.api(1000004, "security/admin_oper_log/list", { body });
    expect((await q({ start_time: now() - 7 * DAY - 1, end_time: now() })).errcode).toBe(40058);
    expect((await q({ start_time: now() - 181 * DAY, end_time: now() - 180 * DAY + 10 })).errcode).toBe(
      40058,
    );
    expect((await q({ start_time: now() - 60, end_time: now(), limit: 401 })).errcode).toBe(40058);
    expect((await q({ start_time: now(), end_time: now() - 1 })).errcode).toBe(40058);
    expect(
      (
        await h.api(1000002, "security/admin_oper_log/list", {
          body: { start_time: now() - 60, end_time: now() },
        })
      ).errcode,
    ).toBe(48002);
    expect(
      (
        await h.api("contacts", "security/admin_oper_log/list", {
          body: { start_time: now() - 60, end_time: now() },
        })
      ).errcode,
    ).toBe(48002);
  });

  it("pages with a cursor and filters oper_type and userid", async () => {
    for (let i = 0; i < 5; i++)
      await h.console("user/enable", {
        operator: i % 2 ? "sunhao" : "zhoumin",
        userid: "fanbing",
        enable: 1,
      });
    const body = { start_time: now() - 60, end_time: now() + 1, limit: 2 };
    const p1 = await h.api(1000004, "security/admin_oper_log/list", { body });
    expect(p1).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    expect(p1.record_list).toHaveLength(2);
    const p2 = await h.api(1000004, "security/admin_oper_log/list", {
      body: { ...body, cursor: p1.next_cursor },
    });
    const p3 = await h.api(1000004, "security/admin_oper_log/list", {
      body: { ...body, cursor: p2.next_cursor },
    });
    expect(p3).toMatchObject({ has_more: false, next_cursor: "" });
    expect(p3.record_list).toHaveLength(1);
    const z = await h.api(1000004, "security/admin_oper_log/list", {
      body: { ...body, limit: 400, userid: "zhoumin", oper_type: 3 },
    });
    expect(z.record_list).toHaveLength(3);
  });

  it("filters the member log to the app's visible range", async () => {
    const r = await h.api(1000004, "security/member_oper_log/list", {
      body: { start_time: now() - 7 * DAY, end_time: now() },
    });
    expect(r.record_list.map((x: { userid: string }) => x.userid).sort()).toEqual(["liuyang", "sunhao"]);
    expect(
      (
        await h.api(1000004, "security/member_oper_log/list", {
          body: { start_time: now() - 60, end_time: now(), userid: "xuli" },
        })
      ).errcode,
    ).toBe(60011);
  });
});

describe("customer hand-over", () => {
  it("lists zhengkai's 3 unassigned customers and hands them over in 24 h of sandbox time", async () => {
    const list = await h.api(1000003, "externalcontact/get_unassigned_list", { body: {} });
    expect(list).toMatchObject({ errcode: 0, errmsg: "ok", is_last: true, next_cursor: "" });
    expect(list.info).toHaveLength(3);
    expect(list.info[0]).toEqual({
      handover_userid: "zhengkai",
      external_userid: expect.stringMatching(/^wm/),
      dimission_time: Date.UTC(2026, 9, 31, 16) / 1000,
    });
    const ids = list.info.map((i: { external_userid: string }) => i.external_userid);
    const t = await h.api(1000003, "externalcontact/resigned/transfer_customer", {
      body: {
        handover_userid: "zhengkai",
        takeover_userid: "xuli",
        external_userid: [ids[0], ids[1], "wmnotyours"],
      },
    });
    expect(t).toEqual({
      errcode: 0,
      errmsg: "ok",
      customer: [
        { external_userid: ids[0], errcode: 0 },
        { external_userid: ids[1], errcode: 0 },
        { external_userid: "wmnotyours", errcode: 84061 },
      ],
    });
    expect((await h.api(1000003, "externalcontact/get_unassigned_list", { body: {} })).info).toHaveLength(1);
    const waiting = await h.api(1000003, "externalcontact/resigned/transfer_result", {
      body: { handover_userid: "zhengkai", takeover_userid: "xuli" },
    });
    expect(waiting.customer.map((c: { status: number }) => c.status)).toEqual([2, 2]);
    expect(waiting.customer[0].takeover_time).toBe(Math.floor(T0 / 1000) + 86_400);
    await h.console("clock", { advanceSeconds: 86_400 });
    h.dropTokens();
    const done = await h.api(1000003, "externalcontact/resigned/transfer_result", {
      body: { handover_userid: "zhengkai", takeover_userid: "xuli" },
    });
    expect(done.customer.map((c: { status: number }) => c.status)).toEqual([1, 1]);
  });

  it("checks the caller app, the departed member and the takeover member", async () => {
    const body = { handover_userid: "zhengkai", takeover_userid: "xuli", external_userid: ["x"] };
    expect((await h.api(1000002, "externalcontact/resigned/transfer_customer", { body })).errcode).toBe(
      48002,
    );
    expect(
      (
        await h.api(1000003, "externalcontact/resigned/transfer_customer", {
          body: { ...body, handover_userid: "fanbing" },
        })
      ).errcode,
    ).toBe(40003);
    expect(
      (
        await h.api(1000003, "externalcontact/resigned/transfer_customer", {
          body: { ...body, takeover_userid: "linfeng" },
        })
      ).errcode,
    ).toBe(60011);
    await h.console("user/leave", { operator: "sunhao", userid: "wuqiang" });
    const l = await h.api(1000003, "externalcontact/get_unassigned_list", { body: { page_size: 2 } });
    expect(l).toMatchObject({ is_last: false });
    const l2 = await h.api(1000003, "externalcontact/get_unassigned_list", {
      body: { page_size: 2, cursor: l.next_cursor },
    });
    const l3 = await h.api(1000003, "externalcontact/get_unassigned_list", {
      body: { page_size: 2, cursor: l2.next_cursor },
    });
    expect([...l.info, ...l2.info, ...l3.info].map((i) => i.handover_userid).sort()).toEqual([
      "wuqiang",
      "wuqiang",
      "zhengkai",
      "zhengkai",
      "zhengkai",
    ]);
    expect(l3.is_last).toBe(true);
  });
});
