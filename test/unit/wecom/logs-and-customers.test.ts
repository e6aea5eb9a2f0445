import { describe, expect, it } from "vitest";
import { WecomCredentialError, WecomError } from "../../../src/wecom";
import { APP_SECRET, SEC_APP_SECRET, START_MS, harness, rejectionOf } from "./fake-wecom";

const DAY = 24 * 3600;
const NOW_S = START_MS / 1000;

describe("security logs", () => {
  it("splits a 19-day range into ≤7-day windows and follows has_more/next_cursor in each", async () => {
    const { client, fake } = harness();
    const rec = (t: number) => ({
      time: t,
      userid: "admin",
      oper_type: 8,
      detail_type: 1,
      detail_info: "x",
      ip: "10.0.0.1",
    });
    fake.on(
      "/cgi-bin/security/admin_oper_log/list",
      { has_more: false, next_cursor: "", record_list: [rec(1)] },
      { has_more: true, next_cursor: "p2", record_list: [rec(2)] },
      { has_more: false, next_cursor: "", record_list: [rec(3)] },
      { has_more: false, next_cursor: "", record_list: [] },
    );
    const start = NOW_S - 20 * DAY;
    const end = NOW_S - 1 * DAY;
    const logs = await client.listAdminOperLogs({ start, end, operType: 8 });
    expect(logs.map((l) => l.time)).toEqual([1, 2, 3]);
    expect(logs[0]).toEqual({
      time: 1,
      userId: "admin",
      operType: 8,
      detailType: 1,
      detailInfo: "x",
      ip: "10.0.0.1",
    });
    const bodies = fake.requests
      .filter((r) => r.path === "/cgi-bin/security/admin_oper_log/list")
      .map((r) => r.body);
    const W = 7 * DAY;
    expect(bodies).toEqual([
      { start_time: start, end_time: start + W - 1, oper_type: 8, limit: 400 },
      { start_time: start + W, end_time: start + 2 * W - 1, oper_type: 8, limit: 400 },
      { start_time: start + W, end_time: start + 2 * W - 1, oper_type: 8, limit: 400, cursor: "p2" },
      { start_time: start + 2 * W, end_time: end, oper_type: 8, limit: 400 },
    ]);
    expect(fake.requests[0]?.query["corpsecret"]).toBe(SEC_APP_SECRET);
  });

  it("a range of exactly 7 days is one window; end is clamped to before now", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/security/member_oper_log/list", {
      has_more: false,
      next_cursor: "",
      record_list: [],
    });
    await client.listMemberOperLogs({ start: NOW_S - 7 * DAY + 1, end: NOW_S + 5000, userId: "zhangsan" });
    const bodies = fake.requests.filter((r) => r.path.endsWith("member_oper_log/list")).map((r) => r.body);
    expect(bodies).toEqual([
      { start_time: NOW_S - 7 * DAY + 1, end_time: NOW_S - 1, userid: "zhangsan", limit: 400 },
    ]);
  });

  it("a one-second tail window asks for [s − 1, s] (end must exceed start) and drops the overlap", async () => {
    const { client, fake } = harness();
    const start = NOW_S - 30 * DAY;
    const tail = start + 7 * DAY;
    const rec = (t: number) => ({ time: t, userid: "a", oper_type: 3, detail_info: "", ip: "" });
    fake.on(
      "/cgi-bin/security/admin_oper_log/list",
      { has_more: false, record_list: [rec(start), rec(tail - 1)] },
      { has_more: false, record_list: [rec(tail - 1), rec(tail)] },
    );
    const logs = await client.listAdminOperLogs({ start, end: tail });
    expect(logs.map((l) => l.time)).toEqual([start, tail - 1, tail]);
    const bodies = fake.requests.filter((r) => r.path.endsWith("admin_oper_log/list")).map((r) => r.body);
    expect(bodies).toEqual([
      { start_time: start, end_time: tail - 1, limit: 400 },
      { start_time: tail - 1, end_time: tail, limit: 400 },
    ]);
  });

  it("refuses a start older than 180 days before any I/O; exactly 180 days is allowed", async () => {
    const { client, fake } = harness();
    const e = await rejectionOf(client.listAdminOperLogs({ start: NOW_S - 180 * DAY - 1, end: NOW_S }));
    expect(e).toBeInstanceOf(WecomError);
    expect(e.message).toContain("more than 180 days ago");
    expect(fake.requests).toEqual([]);
    fake.always("/cgi-bin/security/admin_oper_log/list", { has_more: false, record_list: [] });
    await client.listAdminOperLogs({ start: NOW_S - 180 * DAY, end: NOW_S - 179 * DAY });
    expect(fake.requests.filter((r) => r.path.endsWith("admin_oper_log/list"))).toHaveLength(1);
  });

  it("refuses end before start", async () => {
    const { client, fake } = harness();
    const e = await rejectionOf(client.listAdminOperLogs({ start: NOW_S - DAY, end: NOW_S - 2 * DAY }));
    expect(e.message).toContain("end is before start");
    expect(fake.requests).toEqual([]);
  });

  it("without securityAgentId, fails before any I/O naming what to configure", async () => {
    const { client, fake } = harness({ securityAgentId: undefined });
    const e = (await rejectionOf(
      client.listAdminOperLogs({ start: NOW_S - DAY, end: NOW_S }),
    )) as WecomCredentialError;
    expect(e).toBeInstanceOf(WecomCredentialError);
    expect(e.missing).toBe(true);
    expect(e.message).toContain("wecom:securityAgentId");
    expect(e.message).toContain("可调用接口的应用");
    expect(fake.requests).toEqual([]);
  });
});

describe("departed members' customers", () => {
  it("getUnassignedList follows next_cursor until is_last", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/externalcontact/get_unassigned_list",
      {
        info: [{ handover_userid: "gone", external_userid: "wm1", dimission_time: 10 }],
        is_last: false,
        next_cursor: "n1",
      },
      {
        info: [{ handover_userid: "gone", external_userid: "wm2", dimission_time: 10 }],
        is_last: true,
        next_cursor: "",
      },
    );
    expect(await client.getUnassignedList()).toEqual([
      { handoverUserId: "gone", externalUserId: "wm1", dimissionTime: 10 },
      { handoverUserId: "gone", externalUserId: "wm2", dimissionTime: 10 },
    ]);
    expect(fake.requests.filter((r) => r.path.endsWith("get_unassigned_list")).map((r) => r.body)).toEqual([
      { page_size: 1000 },
      { page_size: 1000, cursor: "n1" },
    ]);
    expect(fake.requests[0]?.query["corpsecret"]).toBe(APP_SECRET);
  });

  it("transferCustomer sends batches of ≤100 and returns every per-customer result", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/externalcontact/resigned/transfer_customer", (req) => ({
      customer: (req.body as { external_userid: string[] }).external_userid.map((id) => ({
        external_userid: id,
        errcode: id === "wm7" ? 84061 : 0,
      })),
    }));
    const ids = Array.from({ length: 250 }, (_, i) => `wm${i}`);
    const out = await client.transferCustomer("gone", "heir", ids);
    expect(out).toHaveLength(250);
    expect(out.filter((c) => c.errcode !== 0)).toEqual([{ externalUserId: "wm7", errcode: 84061 }]);
    const sent = fake.requests
      .filter((r) => r.path.endsWith("transfer_customer"))
      .map((r) => r.body as { handover_userid: string; takeover_userid: string; external_userid: string[] });
    expect(sent.map((b) => b.external_userid.length)).toEqual([100, 100, 50]);
    expect(sent[0]?.handover_userid).toBe("gone");
    expect(sent[0]?.takeover_userid).toBe("heir");
  });

  it("transferCustomer read-back: customers already waiting count as started, only the rest are re-sent", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/externalcontact/resigned/transfer_customer",
      { throw: new TypeError("fetch failed") },
      { customer: [{ external_userid: "wm3", errcode: 0 }] },
    );
    fake.on("/cgi-bin/externalcontact/resigned/transfer_result", {
      customer: [
        { external_userid: "wm1", status: 2, takeover_time: 99 },
        { external_userid: "wm2", status: 1, takeover_time: 98 },
      ],
      next_cursor: "",
    });
    const out = await client.transferCustomer("gone", "heir", ["wm1", "wm2", "wm3"]);
    expect(out).toEqual([
      { externalUserId: "wm1", errcode: 0 },
      { externalUserId: "wm2", errcode: 0 },
      { externalUserId: "wm3", errcode: 0 },
    ]);
    const sent = fake.requests.filter((r) => r.path.endsWith("transfer_customer")).map((r) => r.body);
    expect(sent[1]).toEqual({ handover_userid: "gone", takeover_userid: "heir", external_userid: ["wm3"] });
  });

  it("transferResult follows next_cursor and maps status", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/externalcontact/resigned/transfer_result",
      { customer: [{ external_userid: "wm1", status: 3, takeover_time: 0 }], next_cursor: "k" },
      { customer: [{ external_userid: "wm2", status: 4, takeover_time: 0 }], next_cursor: "" },
    );
    expect(await client.transferResult("gone", "heir")).toEqual([
      { externalUserId: "wm1", status: "refused", takeoverTime: 0 },
      { externalUserId: "wm2", status: "limit-reached", takeoverTime: 0 },
    ]);
    expect(fake.requests.filter((r) => r.path.endsWith("transfer_result")).map((r) => r.body)).toEqual([
      { handover_userid: "gone", takeover_userid: "heir" },
      { handover_userid: "gone", takeover_userid: "heir", cursor: "k" },
    ]);
  });

  it("without customerAgentId, fails before any I/O", async () => {
    const { client, fake } = harness({ customerAgentId: undefined });
    const e = (await rejectionOf(client.getUnassignedList())) as WecomCredentialError;
    expect(e.message).toContain("wecom:customerAgentId");
    expect(e.message).toContain("客户联系");
    expect(fake.requests).toEqual([]);
  });
});
