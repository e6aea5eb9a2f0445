import * as net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

const now = () => Math.floor(h.clock.ms / 1000);

describe("console", () => {
  it("requires an operator who is a member (HTTP 400 error body)", async () => {
    const missing = await h.console("tag/addusers", { tagid: 100, userlist: ["lina"] });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/operator/);
    expect(
      (await h.console("tag/addusers", { operator: "ghost", tagid: 100, userlist: ["lina"] })).status,
    ).toBe(400);
    expect((await h.console("nope/nope", { operator: "sunhao" })).status).toBe(404);
    expect(
      (await h.console("tag/addusers", { operator: "sunhao", tagid: 100, userlist: ["ghost"] })).status,
    ).toBe(400);
  });

  it("changes tags by hand, logs each change with its operator, and API changes do not log", async () => {
    const add = await h.console("tag/addusers", { operator: "sunhao", tagid: 100, userlist: ["lina"] });
    expect(add.status).toBe(200);
    expect(add.json.log).toEqual({
      time: now(),
      userid: "sunhao",
      oper_type: 3,
      detail_info: expect.stringContaining("lina"),
      ip: "127.0.0.1",
    });
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } })).userlist).toContainEqual({
      userid: "lina",
      name: "李娜",
    });
    await h.console("tag/delusers", { operator: "zhoumin", tagid: 100, userlist: ["lina"], ip: "10.8.7.35" });
    await h.api("contacts", "tag/addtagusers", { body: { tagid: 100, userlist: ["gaoyan"] } });
    await h.api("contacts", "user/update", { body: { userid: "fanbing", enable: 0 } });
    const log = await h.api(1000004, "security/admin_oper_log/list", {
      body: { start_time: now() - 60, end_time: now() },
    });
    expect(log.record_list).toEqual([
      expect.objectContaining({ userid: "sunhao", oper_type: 3 }),
      expect.objectContaining({ userid: "zhoumin", oper_type: 3, ip: "10.8.7.35" }),
    ]);
  });

  it("has the other admin actions, each logged with its oper_type", async () => {
    const actions: [string, object, number][] = [
      ["agent/set", { agentid: 1000002, report_location_flag: 0 }, 8],
      ["agent/visible_range", { agentid: 1000003, parties: [5, 9] }, 8],
      [
        "agent/admins",
        {
          agentid: 1000004,
          admins: [
            { userid: "sunhao", auth_type: 1 },
            { userid: "liuyang", auth_type: 0 },
          ],
        },
        2,
      ],
      ["msgaudit/permit", { add: ["guojun"] }, 11],
      ["user/leave", { userid: "fanbing", time: 1795132800 }, 3],
      ["user/enable", { userid: "fanbing", enable: 0 }, 3],
    ];
    for (const [action, body, operType] of actions) {
      const r = await h.console(action, { operator: "sunhao", ...body });
      expect(r.status, action).toBe(200);
      expect(r.json.log.oper_type, action).toBe(operType);
    }
    expect((await h.api(1000002, "agent/get", { query: { agentid: 1000002 } })).report_location_flag).toBe(0);
    expect((await h.api(1000003, "agent/get", { query: { agentid: 1000003 } })).allow_partys).toEqual({
      partyid: [5, 9],
    });
    expect(await h.api("contacts", "user/get", { query: { userid: "fanbing" } })).toMatchObject({
      status: 2,
      enable: 0,
    });
    const bad = await h.console("agent/set", { operator: "sunhao", agentid: 1000002, description: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/45004/);
  });

  it("widens an app's range through tags and named members", async () => {
    expect((await h.api(1000004, "user/get", { query: { userid: "staff170" } })).errcode).toBe(60011);
    await h.console("agent/visible_range", {
      operator: "sunhao",
      agentid: 1000004,
      tags: [100],
      users: ["wuqiang"],
    });
    expect((await h.api(1000004, "user/get", { query: { userid: "staff170" } })).errcode).toBe(0);
    expect((await h.api(1000004, "user/get", { query: { userid: "wuqiang" } })).department).toEqual([]);
    expect((await h.api(1000004, "user/get", { query: { userid: "xuli" } })).errcode).toBe(60011);
    await h.console("tag/addusers", { operator: "sunhao", tagid: 100, partylist: [4] });
    expect((await h.api(1000004, "department/get", { query: { id: 4 } })).errcode).toBe(0);
    expect((await h.api(1000004, "user/get", { query: { userid: "chenjing" } })).errcode).toBe(0);
  });

  it("disables an app by hand: its token still issues, business calls get 50003", async () => {
    expect(
      (await h.console("agent/close", { operator: "sunhao", agentid: 1000005, close: 1 })).json.log.oper_type,
    ).toBe(8);
    expect((await h.api(1000005, "tag/list")).errcode).toBe(50003);
    await h.console("agent/close", { operator: "sunhao", agentid: 1000005, close: 0 });
    expect((await h.api(1000005, "agent/get", { query: { agentid: 1000005 } })).close).toBe(0);
  });

  it("keeps a request log without tokens or secrets, and resets it", async () => {
    await h.api("contacts", "tag/get", { query: { tagid: 100 } });
    await h.api("contacts", "tag/addtagusers", { body: { tagid: 100, userlist: ["nobody"] } });
    const r = await h.raw("/__console/requests");
    expect(r.json).toEqual([
      {
        time: now(),
        method: "GET",
        path: "/cgi-bin/gettoken",
        principal: "contacts",
        write: false,
        errcode: 0,
      },
      {
        time: now(),
        method: "GET",
        path: "/cgi-bin/tag/get",
        principal: "contacts",
        write: false,
        errcode: 0,
      },
      {
        time: now(),
        method: "POST",
        path: "/cgi-bin/tag/addtagusers",
        principal: "contacts",
        write: true,
        errcode: 40070,
      },
    ]);
    const text = JSON.stringify(r.json);
    expect(text).not.toContain(h.creds.contacts_secret);
    expect(text).not.toContain(await h.token("contacts"));
    await h.raw("/__console/requests/reset", { method: "POST" });
    expect((await h.raw("/__console/requests")).json).toEqual([]);
  });
});

describe("faults", () => {
  it("shows, applies and clears faults", async () => {
    expect((await h.raw("/__console/faults")).json).toMatchObject({
      latency: null,
      errorRates: {},
      oneShot: [],
    });
    const set = await h.console("faults", { latency: { fixedMs: 5 }, errorRates: { "45009": 0.5 } });
    expect(set.json).toMatchObject({ latency: { fixedMs: 5 }, errorRates: { "45009": 0.5 } });
    expect((await h.console("faults", { nope: 1 })).status).toBe(400);
    expect((await h.console("faults", { errorRates: { "45009": 2 } })).status).toBe(400);
    expect((await h.console("faults", undefined, "DELETE")).json).toMatchObject({
      latency: null,
      errorRates: {},
    });
  });

  it("answers the next N calls to a path with a one-shot errcode", async () => {
    await h.console("faults", { oneShot: [{ path: "/cgi-bin/tag/get", errcode: -1, count: 2 }] });
    const get = () => h.api("contacts", "tag/get", { query: { tagid: 100 } });
    expect((await get()).errcode).toBe(-1);
    expect((await get()).errmsg).toMatch(/^system busy, hint:/);
    expect((await get()).errcode).toBe(0);
  });

  it("draws errors at the configured rate (seeded)", async () => {
    await h.console("faults", { errorRates: { "45009": 0.3 }, seed: 42 });
    let hits = 0;
    for (let i = 0; i < 200; i++) if ((await h.api("contacts", "tag/list")).errcode === 45009) hits++;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it("adds latency", async () => {
    await h.console("faults", { latency: { minMs: 40, maxMs: 60 } });
    const t = Date.now();
    await h.api("contacts", "tag/list");
    expect(Date.now() - t).toBeGreaterThanOrEqual(35);
  });

  it("caps concurrent calls with 45033", async () => {
    await h.token("contacts");
    await h.console("faults", { latency: { fixedMs: 50 }, maxConcurrent: 2 });
    const codes = await Promise.all(
      Array.from({ length: 5 }, () => h.api("contacts", "tag/list").then((r) => r.errcode)),
    );
    expect(codes.filter((c) => c === 0)).toHaveLength(2);
    expect(codes.filter((c) => c === 45033)).toHaveLength(3);
  });

  it("revokes every token (40014) until gettoken again", async () => {
    await h.token("contacts");
    await h.console("faults", { revokeTokens: true });
    expect((await h.api("contacts", "tag/list")).errcode).toBe(40014);
    h.clock.ms += 1;
    h.dropTokens();
    expect((await h.api("contacts", "tag/list")).errcode).toBe(0);
  });

  it("resets connections", async () => {
    const token = await h.token("contacts");
    await h.console("faults", { resetNext: 1 });
    await expect(h.raw(`/cgi-bin/tag/list?access_token=${token}`)).rejects.toThrow();
    expect((await h.raw(`/cgi-bin/tag/list?access_token=${token}`)).json.errcode).toBe(0);
    const log = (await h.raw("/__console/requests")).json;
    expect(
      log
        .filter((e: { path: string }) => e.path === "/cgi-bin/tag/list")
        .map((e: { errcode: unknown }) => e.errcode),
    ).toEqual([null, 0]);
    // the socket really is destroyed, not answered with an error body
    const port = h.sb.port;
    await h.console("faults", { resetNext: 1 });
    const closedWithoutReply = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () =>
        s.write(`GET /cgi-bin/tag/list?access_token=${token} HTTP/1.1\r\nHost: x\r\n\r\n`),
      );
      let data = "";
      s.on("data", (d) => (data += d));
      s.on("close", () => resolve(data === ""));
      s.on("error", () => undefined);
    });
    expect(closedWithoutReply).toBe(true);
  });
});

describe("--fault flag syntax", () => {
  it("parses the shorthands and JSON", async () => {
    const { parseFaultFlag, mergeFaultSpecs } = await import("../../../src/sandbox/faults");
    expect(parseFaultFlag("latency=50")).toEqual({ latency: { fixedMs: 50 } });
    expect(parseFaultFlag("latency=10-100")).toEqual({ latency: { minMs: 10, maxMs: 100 } });
    expect(parseFaultFlag("error:45009=0.1")).toEqual({ errorRates: { "45009": 0.1 } });
    expect(parseFaultFlag("once:/cgi-bin/tag/get=-1x3")).toEqual({
      oneShot: [{ path: "/cgi-bin/tag/get", errcode: -1, count: 3 }],
    });
    expect(parseFaultFlag("reset=0.05")).toEqual({ resetRate: 0.05 });
    expect(parseFaultFlag("reset-next=2")).toEqual({ resetNext: 2 });
    expect(parseFaultFlag("concurrency=300")).toEqual({ maxConcurrent: 300 });
    expect(parseFaultFlag('{"errorRates":{"-1":0.2}}')).toEqual({ errorRates: { "-1": 0.2 } });
    expect(() => parseFaultFlag("bogus")).toThrow(/unrecognised --fault/);
    expect(mergeFaultSpecs([parseFaultFlag("error:45009=0.1"), parseFaultFlag("error:-1=0.2")])).toEqual({
      errorRates: { "45009": 0.1, "-1": 0.2 },
    });
  });

  it("applies start-up faults given as options", async () => {
    await h.close();
    h = await boot({ faults: { oneShot: [{ path: "/cgi-bin/gettoken", errcode: -1 }] } });
    const r = await h.raw(`/cgi-bin/gettoken?corpid=${h.creds.corpid}&corpsecret=${h.creds.contacts_secret}`);
    expect(r.json.errcode).toBe(-1);
  });
});
