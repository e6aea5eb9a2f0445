import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

describe("gettoken and the envelope", () => {
  it("issues a token per secret with expires_in 7200", async () => {
    for (const secret of [
      h.creds.contacts_secret,
      h.creds.archive_secret,
      ...Object.values(h.creds.app_secrets),
    ]) {
      const r = await h.raw(`/cgi-bin/gettoken?corpid=${h.creds.corpid}&corpsecret=${secret}`);
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        errcode: 0,
        errmsg: "ok",
        access_token: expect.any(String),
        expires_in: 7200,
      });
    }
    expect(Object.keys(h.creds.app_secrets).sort()).toEqual(["1000002", "1000003", "1000004", "1000005"]);
    expect(h.creds.corpid).toBe("ww5a1d0c0ffee00001");
  });

  it("checks corpid (40013, 41002) and secret (40001, 41004) with HTTP 200", async () => {
    const bad = await h.raw(`/cgi-bin/gettoken?corpid=wwnope&corpsecret=${h.creds.contacts_secret}`);
    expect(bad.status).toBe(200);
    expect(bad.json.errcode).toBe(40013);
    expect((await h.raw(`/cgi-bin/gettoken?corpid=${h.creds.corpid}&corpsecret=nope`)).json.errcode).toBe(
      40001,
    );
    expect((await h.raw(`/cgi-bin/gettoken?corpsecret=x`)).json.errcode).toBe(41002);
    expect((await h.raw(`/cgi-bin/gettoken?corpid=${h.creds.corpid}`)).json.errcode).toBe(41004);
    expect((await h.raw(`/cgi-bin/gettoken?corpid=${h.creds.corpid}&corpsecret=nope`)).json.errmsg).toMatch(
      /^invalid credential, hint: /,
    );
  });

  it("refuses missing (41001), forged (40014) and expired (42001) tokens", async () => {
    expect((await h.api(null, "tag/list")).errcode).toBe(41001);
    const forged = await h.raw(`/cgi-bin/tag/list?access_token=abc.def`);
    expect(forged.json.errcode).toBe(40014);
    await h.token("contacts");
    h.clock.ms += 7199_000;
    expect((await h.api("contacts", "tag/list")).errcode).toBe(0);
    h.clock.ms += 1000;
    expect((await h.api("contacts", "tag/list")).errcode).toBe(42001);
  });

  it("moves token expiry with the console clock", async () => {
    await h.token("contacts");
    expect((await h.console("clock", { advanceSeconds: 7200 })).json.offsetSeconds).toBe(7200);
    expect((await h.api("contacts", "tag/list")).errcode).toBe(42001);
  });

  it("binds a token to its principal: archive reaches msgaudit only, contacts not agent APIs", async () => {
    expect((await h.api("archive", "user/get", { query: { userid: "sunhao" } })).errcode).toBe(48002);
    expect((await h.api("archive", "msgaudit/get_permit_user_list", { body: {} })).errcode).toBe(0);
    expect((await h.api("contacts", "msgaudit/get_permit_user_list", { body: {} })).errcode).toBe(48002);
    expect((await h.api("contacts", "agent/get", { query: { agentid: 1000002 } })).errcode).toBe(48002);
    expect((await h.api(1000002, "msgaudit/get_permit_user_list", { body: {} })).errcode).toBe(48002);
  });

  it("refuses the wrong HTTP method and malformed JSON", async () => {
    expect((await h.api("contacts", "tag/create", { method: "GET" })).errcode).toBe(43002);
    expect(
      (await h.api("contacts", "tag/get", { method: "POST", body: {}, query: { tagid: 100 } })).errcode,
    ).toBe(43001);
    const t = await h.token("contacts");
    const r = await h.raw(`/cgi-bin/tag/create?access_token=${t}`, { method: "POST", body: "{nope" });
    expect(r.json.errcode).toBe(47001);
  });

  it("answers unknown /cgi-bin/ paths with 404", async () => {
    expect((await h.raw("/cgi-bin/nope")).status).toBe(404);
  });
});

describe("trusted IPs and frequency limits", () => {
  it("lets gettoken through but refuses business calls from outside the allow-list (60020)", async () => {
    await h.console("trusted_ips", { operator: "sunhao", principal: "contacts", ips: ["10.1.2.3"] });
    const t = await h.raw(`/cgi-bin/gettoken?corpid=${h.creds.corpid}&corpsecret=${h.creds.contacts_secret}`);
    expect(t.json.errcode).toBe(0);
    const r = await h.raw(`/cgi-bin/tag/list?access_token=${t.json.access_token}`);
    expect(r.json.errcode).toBe(60020);
    expect(r.json.errmsg).toMatch(/^not allow to access from your ip, hint: \[\d+\], from ip: 127\.0\.0\.1,/);
    // another principal is unaffected
    expect((await h.api(1000005, "tag/list")).errcode).toBe(0);
  });

  it("applies a per-minute limit with 45009 and a 60 s block", async () => {
    await h.close();
    h = await boot({ rateLimit: { perMinute: { "/cgi-bin/tag/list": 3 } } });
    h.clock.ms = Date.UTC(2026, 10, 28, 12, 0, 0);
    for (let i = 0; i < 3; i++) expect((await h.api("contacts", "tag/list")).errcode).toBe(0);
    const over = await h.api("contacts", "tag/list");
    expect(over).toEqual({ errcode: 45009, errmsg: expect.stringMatching(/^api freq out of limit, hint:/) });
    h.clock.ms += 59_000;
    expect((await h.api("contacts", "tag/list")).errcode).toBe(45009);
    h.clock.ms += 2_000;
    expect((await h.api("contacts", "tag/list")).errcode).toBe(0);
    // other APIs have their own counters
    expect((await h.api("contacts", "tag/get", { query: { tagid: 100 } })).errcode).toBe(0);
  });

  it("uses wire.ts perMinute by default (600/min for the security log)", async () => {
    const body = {
      start_time: Math.floor(h.clock.ms / 1000) - 3600,
      end_time: Math.floor(h.clock.ms / 1000),
    };
    let last = 0;
    for (let i = 0; i < 601; i++)
      last = (await h.api(1000004, "security/admin_oper_log/list", { body })).errcode;
    expect(last).toBe(45009);
  });
});
