import { describe, expect, it } from "vitest";
import { CONSOLE, inline } from "../../../src/wecom/console-paths";
import {
  DEFAULT_RETRY_POLICY,
  WecomApiError,
  WecomCredentialError,
  WecomReadOnlyError,
  WecomTransportError,
  backoffDelayMs,
} from "../../../src/wecom";
import { ALL_SECRETS, APP_SECRET, CORP_ID, FakeWecom, START_MS, harness, rejectionOf } from "./fake-wecom";

const TAG_GET_OK = {
  errcode: 0,
  errmsg: "ok",
  tagname: "finance",
  userlist: [{ userid: "zhangsan", name: "Z" }],
  partylist: [2],
};

describe("request shape", () => {
  it("GET puts parameters and access_token in the query string and sends no body", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/get", TAG_GET_OK);
    await client.getTag(7);
    const [token, get] = fake.requests;
    expect(token).toEqual({
      method: "GET",
      path: "/cgi-bin/gettoken",
      query: { corpid: CORP_ID, corpsecret: ALL_SECRETS[0] },
      body: undefined,
    });
    expect(get).toEqual({
      method: "GET",
      path: "/cgi-bin/tag/get",
      query: { tagid: "7", access_token: "TOKEN-1" },
      body: undefined,
    });
  });

  it("POST sends a JSON body and still puts access_token in the query", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/create", { errcode: 0, errmsg: "created", tagid: 12 });
    expect(await client.createTag("finance", 12)).toBe(12);
    expect(fake.requests[1]).toEqual({
      method: "POST",
      path: "/cgi-bin/tag/create",
      query: { access_token: "TOKEN-1" },
      body: { tagname: "finance", tagid: 12 },
    });
  });

  it("decides success by errcode only: absent errcode is success, errmsg 'ok' with an errcode is not", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/list", { errmsg: "something new", taglist: [{ tagid: 1, tagname: "a" }] });
    expect(await client.listTags()).toEqual([{ tagId: 1, name: "a" }]);
    fake.on("/cgi-bin/tag/list", { errcode: 60011, errmsg: "ok" });
    const e = await rejectionOf(client.listTags());
    expect(e).toBeInstanceOf(WecomApiError);
    expect((e as WecomApiError).errcode).toBe(60011);
    expect(e.message).toBe(
      "/cgi-bin/tag/list failed: errcode 60011 (no privilege on the member/department/tag) — the principal has no " +
        "right on this object: a tag can be changed only by the secret that created it, and an app sees only " +
        `members in its visible range (${inline(CONSOLE.appVisibleRange)})`,
    );
  });
});

describe("retry", () => {
  it("waits out a 45009 block (60 s), retries -1 with exponential backoff and jitter, then succeeds", async () => {
    const { client, fake, sleeps, events } = harness();
    fake.on(
      "/cgi-bin/tag/get",
      { errcode: 45009, errmsg: "api freq out of limit" },
      { errcode: -1 },
      TAG_GET_OK,
    );
    const tag = await client.getTag(7);
    expect(tag).toEqual({ tagId: 7, name: "finance", userIds: ["zhangsan"], partyIds: [2] });
    expect(fake.log).toEqual([
      "GET /cgi-bin/gettoken",
      "GET /cgi-bin/tag/get token=TOKEN-1",
      "GET /cgi-bin/tag/get token=TOKEN-1",
      "GET /cgi-bin/tag/get token=TOKEN-1",
    ]);
    // WeCom's minute block (not counted as a failed attempt), then base 100 ms × (1 − 0.5 × 0.5).
    expect(sleeps).toEqual([60_000, 75]);
    expect(events.map((e) => [e.endpoint, e.attempt, e.errcode])).toEqual([
      ["gettoken", 1, 0],
      ["tagGet", 1, 45009],
      ["tagGet", 2, -1],
      ["tagGet", 3, 0],
    ]);
  });

  it("gives up after maxAttempts and throws the last WeCom error", async () => {
    const { client, fake, sleeps } = harness();
    fake.always("/cgi-bin/tag/get", { errcode: 45033, errmsg: "concurrent" });
    const e = await rejectionOf(client.getTag(7));
    expect((e as WecomApiError).errcode).toBe(45033);
    expect(fake.log.filter((l) => l.startsWith("GET /cgi-bin/tag/get"))).toHaveLength(3);
    expect(sleeps).toEqual([75, 150]);
  });

  it("does not retry a non-retryable errcode", async () => {
    const { client, fake, sleeps } = harness();
    fake.on("/cgi-bin/tag/get", { errcode: 40068, errmsg: "invalid tagid" });
    const e = await rejectionOf(client.getTag(7));
    expect((e as WecomApiError).errcode).toBe(40068);
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it("retries reads after transport errors (network, HTTP 502, non-JSON)", async () => {
    const { client, fake } = harness({ retry: { maxAttempts: 4, baseDelayMs: 10, jitter: 0 } });
    fake.on(
      "/cgi-bin/tag/get",
      { throw: new TypeError("fetch failed") },
      { status: 502, text: "bad gateway" },
      { status: 200, text: "<html>" },
      TAG_GET_OK,
    );
    expect((await client.getTag(7)).name).toBe("finance");
  });

  it("a call that outlives timeoutMs is a transport error and is retried", async () => {
    const { client, fake } = harness({ timeoutMs: 20 });
    fake.on("/cgi-bin/tag/get", { hang: true }, TAG_GET_OK);
    expect((await client.getTag(7)).name).toBe("finance");
    fake.always("/cgi-bin/tag/list", { hang: true });
    const e = await rejectionOf(client.listTags());
    expect(e).toBeInstanceOf(WecomTransportError);
    expect(e.message).toBe("/cgi-bin/tag/list failed: no response within 20 ms");
  });

  it("throws WecomTransportError with the cause when transport retries run out", async () => {
    const cause = new TypeError("fetch failed");
    const { client, fake } = harness();
    fake.always("/cgi-bin/tag/get", { throw: cause });
    const e = await rejectionOf(client.getTag(7));
    expect(e).toBeInstanceOf(WecomTransportError);
    expect((e as WecomTransportError).cause).toBe(cause);
    expect((e as WecomTransportError).endpoint).toBe("tagGet");
  });

  it("backoff is capped and the default policy retries exactly -1, 45009, 45033", () => {
    expect(DEFAULT_RETRY_POLICY.retryableErrcodes).toEqual([-1, 45009, 45033]);
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 500, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(p, n, () => 0.9))).toEqual([100, 200, 400, 500, 500]);
  });
});

describe("tokens", () => {
  it("42001 mid-run invalidates the token, fetches one new token and replays the call once", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/tag/list",
      { taglist: [] },
      { errcode: 42001, errmsg: "access_token expired" },
      { taglist: [] },
      { taglist: [] },
    );
    await client.listTags();
    await client.listTags();
    await client.listTags();
    expect(fake.log).toEqual([
      "GET /cgi-bin/gettoken",
      "GET /cgi-bin/tag/list token=TOKEN-1",
      "GET /cgi-bin/tag/list token=TOKEN-1",
      "GET /cgi-bin/gettoken",
      "GET /cgi-bin/tag/list token=TOKEN-2",
      "GET /cgi-bin/tag/list token=TOKEN-2",
    ]);
  });

  it("replays only once: a second 40014 is an error", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/tag/list", { errcode: 40014, errmsg: "invalid access_token" });
    const e = await rejectionOf(client.listTags());
    expect((e as WecomApiError).errcode).toBe(40014);
    expect(fake.log.filter((l) => l.includes("gettoken"))).toHaveLength(2);
  });

  it("refreshes a token that reached expires_in minus the safety margin", async () => {
    const { client, fake, clock } = harness();
    fake.always("/cgi-bin/tag/list", { taglist: [] });
    await client.listTags();
    clock.now += (7200 - 300 - 1) * 1000;
    await client.listTags();
    clock.now += 1000;
    await client.listTags();
    expect(fake.log.filter((l) => l.includes("gettoken"))).toHaveLength(2);
    expect(fake.log.at(-1)).toBe("GET /cgi-bin/tag/list token=TOKEN-2");
  });

  it("concurrent callers share one gettoken", async () => {
    const fake = new FakeWecom();
    fake.latencyMs = 5;
    const { client } = harness({}, fake);
    fake.always("/cgi-bin/tag/get", TAG_GET_OK);
    await Promise.all([1, 2, 3, 4, 5].map((id) => client.getTag(id)));
    expect(fake.log.filter((l) => l.includes("gettoken"))).toEqual(["GET /cgi-bin/gettoken"]);
    expect(fake.log.filter((l) => l.includes("tag/get token=TOKEN-1"))).toHaveLength(5);
  });

  it("concurrent callers that all hit 42001 share one new gettoken", async () => {
    const fake = new FakeWecom();
    fake.latencyMs = 5;
    const { client } = harness({}, fake);
    fake.always("/cgi-bin/tag/get", (req) =>
      req.query["access_token"] === "TOKEN-1"
        ? { errcode: 42001, errmsg: "access_token expired" }
        : TAG_GET_OK,
    );
    await Promise.all([1, 2, 3, 4].map((id) => client.getTag(id)));
    expect(fake.tokensIssued).toEqual(["TOKEN-1", "TOKEN-2"]);
    expect(fake.log.filter((l) => l.includes("tag/get token=TOKEN-2"))).toHaveLength(4);
  });

  it("keeps one token per principal", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/tag/list", { taglist: [] });
    fake.always("/cgi-bin/msgaudit/get_permit_user_list", { ids: [] });
    await client.listTags();
    await client.getPermitUserList();
    await client.listTags();
    const secrets = fake.requests
      .filter((r) => r.path === "/cgi-bin/gettoken")
      .map((r) => r.query["corpsecret"]);
    expect(secrets).toEqual([ALL_SECRETS[0], ALL_SECRETS[1]]);
  });

  it("caps calls in flight", async () => {
    const fake = new FakeWecom();
    fake.latencyMs = 3;
    const { client } = harness({ maxInFlight: 2 }, fake);
    fake.always("/cgi-bin/tag/get", TAG_GET_OK);
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.getTag(i)));
    expect(fake.maxInFlight).toBe(2);
  });
});

describe("credentials", () => {
  it("40001 from gettoken is a credential error naming the secret, its config key and console path; no retry", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/gettoken", { errcode: 40001, errmsg: "invalid credential" });
    const e = await rejectionOf(client.listTags());
    expect(e).toBeInstanceOf(WecomCredentialError);
    const ce = e as WecomCredentialError;
    expect(ce.errcode).toBe(40001);
    expect(ce.missing).toBe(false);
    expect(ce.credential.kind).toBe("contacts");
    expect(e.message).toContain("contacts-sync secret");
    expect(e.message).toContain("wecom:contactsSecret");
    expect(e.message).toContain("管理工具 → 通讯录同步");
    expect(fake.requests).toHaveLength(1);
  });

  it("40013 names the corp id", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/gettoken", { errcode: 40013, errmsg: "invalid corpid" });
    const e = (await rejectionOf(client.getAgent(1000002))) as WecomCredentialError;
    expect(e.credential.kind).toBe("corpId");
    expect(e.message).toContain("corp id");
    expect(e.message).toContain("wecom:corpId");
  });

  it("an app secret rejected names that app", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/gettoken", { errcode: 40001, errmsg: "invalid credential" });
    const e = (await rejectionOf(client.getAgent(1000002))) as WecomCredentialError;
    expect(e.message).toContain("app 1000002 secret");
    expect(e.message).toContain('wecom:appSecrets["1000002"]');
    expect(e.principal).toBe("app:1000002");
  });

  it("a principal that is not configured fails before any I/O, saying what to add and where", async () => {
    const { client, fake } = harness({ secrets: { contacts: "FAKE-c" } });
    const e = (await rejectionOf(client.getPermitUserList())) as WecomCredentialError;
    expect(e).toBeInstanceOf(WecomCredentialError);
    expect(e.missing).toBe(true);
    expect(e.message).toContain("wecom:archiveSecret");
    expect(e.message).toContain("会话内容存档");
    const app = (await rejectionOf(client.getAgent(1000009))) as WecomCredentialError;
    expect(app.message).toContain('wecom:appSecrets["1000009"]');
    expect(fake.requests).toEqual([]);
  });
});

describe("console hints", () => {
  it("60020 says whose trusted-IP list to edit and where", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/agent/get", { errcode: 60020, errmsg: "not allow to access from your ip" });
    const e = (await rejectionOf(client.getAgent(1000002))) as WecomApiError;
    expect(e.errcode).toBe(60020);
    expect(e.message).toContain("trusted IPs of the app 1000002 secret");
    expect(e.message).toContain("开发者接口 → 企业可信IP");
  });

  it("48002 on a security log call says which console allow-list the app must join", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/security/admin_oper_log/list", { errcode: 48002, errmsg: "api forbidden" });
    const now = Math.floor(START_MS / 1000);
    const e = (await rejectionOf(client.listAdminOperLogs({ start: now - 3600, end: now }))) as WecomApiError;
    expect(e.message).toContain("app:1000003 may not call it");
    expect(e.message).toContain("可调用接口的应用");
  });
});

describe("missing corp id", () => {
  it("fails before any I/O with 41002 naming the corp id", async () => {
    const { client, fake } = harness({ corpId: "" });
    const e = (await rejectionOf(client.listTags())) as WecomCredentialError;
    expect([e.errcode, e.missing, e.credential.kind]).toEqual([41002, true, "corpId"]);
    expect(e.message).toContain("wecom:corpId");
    expect(fake.requests).toEqual([]);
  });
});

describe("read-only", () => {
  it("refuses every write with zero fetch calls, and still reads", async () => {
    const { client, fake } = harness({ readOnly: true });
    const writes: Promise<unknown>[] = [
      client.createTag("x"),
      client.updateTag(1, "y"),
      client.deleteTag(1),
      client.addTagMembers(1, { userIds: ["a"] }),
      client.removeTagMembers(1, { userIds: ["a"] }),
      client.setEnabled("a", false),
      client.deleteMember("a"),
      client.batchDeleteMembers(["a"]),
      client.createDepartment({ name: "d", parentId: 1 }),
      client.updateDepartment(2, { name: "d" }),
      client.deleteDepartment(2),
      client.setAgent(1000002, { homeUrl: "https://example.test" }),
      client.transferCustomer("gone", "here", ["wmX"]),
      client.createMember({ userId: "a", name: "A", departmentIds: [1] }),
    ];
    for (const w of writes) expect(await rejectionOf(w)).toBeInstanceOf(WecomReadOnlyError);
    expect(fake.requests).toEqual([]);
    fake.on("/cgi-bin/tag/list", { taglist: [] });
    await client.listTags();
    expect(fake.requests).toHaveLength(2);
  });
});

describe("no secrets or tokens leak", () => {
  it("keeps secrets and tokens out of error messages, causes' messages we add, and onCall events", async () => {
    const { client, fake, events } = harness();
    const errors: Error[] = [];
    fake.on("/cgi-bin/tag/list", {
      errcode: 60020,
      errmsg: `not allow to access from your ip ${APP_SECRET}`,
    });
    errors.push(await rejectionOf(client.listTags()));
    fake.always("/cgi-bin/tag/get", (req) => {
      throw new TypeError(
        `fetch failed for http://wecom.test/cgi-bin/tag/get?access_token=${req.query["access_token"]}`,
      );
    });
    errors.push(await rejectionOf(client.getTag(1)));
    fake.on("/cgi-bin/gettoken", { errcode: 40001 });
    errors.push(await rejectionOf(client.getAgent(1000002)));
    errors.push(await rejectionOf(harness({ secrets: {} }).client.listTags()));
    fake.always("/cgi-bin/tag/create", { throw: new TypeError(`socket hang up ${ALL_SECRETS[0]}`) });
    fake.always("/cgi-bin/tag/list", { throw: new TypeError("fetch failed") });
    errors.push(await rejectionOf(client.createTag("x")));
    expect(errors).toHaveLength(5);
    const haystack = [
      ...errors.map((e) => `${e.name}: ${e.message}`),
      ...errors.map((e) => JSON.stringify(e)),
      JSON.stringify(events),
    ].join("\n");
    const tokens = fake.tokensIssued;
    expect(tokens.length).toBeGreaterThan(0);
    for (const s of [...ALL_SECRETS, ...tokens]) expect(haystack).not.toContain(s);
    expect(haystack).not.toContain("access_token=TOKEN");
    expect(events.length).toBeGreaterThan(5);
  });
});

describe("what to do", () => {
  it("every errcode the provider acts on names the endpoint, the errcode, its meaning and what to do", async () => {
    const codes = [-1, 40068, 40071, 45009, 45033, 48002, 50003, 60011, 60111, 301002, 301005];
    for (const errcode of codes) {
      // maxBlocks 0: a 45009 fails at once instead of waiting out WeCom's block (pacing.test.ts).
      const { client, fake } = harness({ retry: { maxAttempts: 1 }, pacing: { maxBlocks: 0 } });
      fake.on("/cgi-bin/tag/get", { errcode, errmsg: "x" });
      const e = await rejectionOf(client.getTag(7));
      expect(e.message, String(errcode)).toMatch(
        new RegExp(`^/cgi-bin/tag/get failed: errcode ${errcode} \\([^)]+\\) — \\S.{10,}`),
      );
    }
  });
});
