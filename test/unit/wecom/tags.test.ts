import { describe, expect, it } from "vitest";
import { WecomApiError, WecomPartialError, WecomTransportError } from "../../../src/wecom";
import { harness, rejectionOf, type Recorded } from "./fake-wecom";

const users = (n: number, prefix = "u"): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const bodyOf = (r: Recorded | undefined): Record<string, unknown> => r?.body as Record<string, unknown>;

describe("tag reads", () => {
  it("listTags and getTag map to camelCase", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/list", { errcode: 0, errmsg: "ok", taglist: [{ tagid: 3, tagname: "hr" }] });
    fake.on("/cgi-bin/tag/get", {
      errcode: 0,
      tagname: "hr",
      userlist: [{ userid: "a", name: "A" }],
      partylist: [5, 6],
    });
    expect(await client.listTags()).toEqual([{ tagId: 3, name: "hr" }]);
    expect(await client.getTag(3)).toEqual({ tagId: 3, name: "hr", userIds: ["a"], partyIds: [5, 6] });
  });
});

describe("tag membership batches", () => {
  it("splits 2500 users and 150 departments into batches of ≤1000 users / ≤100 departments", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/tag/addtagusers", { errcode: 0, errmsg: "ok" });
    await client.addTagMembers(9, {
      userIds: users(2500),
      partyIds: Array.from({ length: 150 }, (_, i) => i + 2),
    });
    const sent = fake.requests.filter((r) => r.path === "/cgi-bin/tag/addtagusers").map(bodyOf);
    expect(
      sent.map((b) => [
        (b["userlist"] as string[] | undefined)?.length,
        (b["partylist"] as number[] | undefined)?.length,
      ]),
    ).toEqual([
      [1000, 100],
      [1000, 50],
      [500, undefined],
    ]);
    expect(sent.every((b) => b["tagid"] === 9)).toBe(true);
    expect((sent[2]?.["userlist"] as string[])[0]).toBe("u2000");
  });

  it("makes no call for an empty change", async () => {
    const { client, fake } = harness();
    await client.addTagMembers(9, {});
    await client.removeTagMembers(9, { userIds: [] });
    expect(fake.requests).toEqual([]);
  });

  it("partial success (errcode 0 + invalidlist/invalidparty) is a WecomPartialError after every batch was sent", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/tag/addtagusers",
      { errcode: 0, errmsg: "ok" },
      { errcode: 0, errmsg: "ok", invalidlist: "u1000|u1001", invalidparty: [77] },
      { errcode: 0, errmsg: "ok" },
    );
    const e = await rejectionOf(client.addTagMembers(9, { userIds: users(2500), partyIds: [77] }));
    expect(e).toBeInstanceOf(WecomPartialError);
    const pe = e as WecomPartialError;
    expect(pe.errcode).toBe(0);
    expect(pe.invalidUserIds).toEqual(["u1000", "u1001"]);
    expect(pe.invalidPartyIds).toEqual([77]);
    expect(pe.batches.map((b) => b.applied)).toEqual(["all", "partial", "all"]);
    expect(pe.message).toContain(
      "/cgi-bin/tag/addtagusers failed: errcode 0 (partial success): invalid users: u1000, u1001",
    );
    expect(pe.message).toContain("u1000, u1001");
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/tag/addtagusers")).toHaveLength(3);
  });

  it("a batch refused as 'all list invalid' (40070) is recorded and the rest still sent", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/addtagusers", { errcode: 40070, errmsg: "all list invalid" }, { errcode: 0 });
    const e = (await rejectionOf(client.addTagMembers(9, { userIds: users(1200) }))) as WecomPartialError;
    expect(e).toBeInstanceOf(WecomPartialError);
    expect(e.errcode).toBe(40070);
    expect(e.invalidUserIds).toHaveLength(1000);
    expect(e.batches.map((b) => b.applied)).toEqual(["none", "all"]);
  });

  it("deltagusers partial success is an error too", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/deltagusers", { errcode: 0, errmsg: "deleted", invalidlist: "ghost" });
    const e = (await rejectionOf(
      client.removeTagMembers(9, { userIds: ["a", "ghost"] }),
    )) as WecomPartialError;
    expect(e.invalidUserIds).toEqual(["ghost"]);
    expect(e.endpoint).toBe("tagDelUsers");
  });

  it("other errors stop the change and are thrown as they are", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/addtagusers", { errcode: 60011 });
    const e = await rejectionOf(client.addTagMembers(9, { userIds: users(1500) }));
    expect(e).not.toBeInstanceOf(WecomPartialError);
    expect((e as WecomApiError).errcode).toBe(60011);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/tag/addtagusers")).toHaveLength(1);
  });
});

describe("writes whose outcome is unknown are read back before any retry", () => {
  it("createTag: a transport error, then tag/list shows the tag → its id, nothing re-sent", async () => {
    const { client, fake, sleeps } = harness();
    fake.on("/cgi-bin/tag/create", { throw: new TypeError("fetch failed") });
    fake.on("/cgi-bin/tag/list", {
      taglist: [
        { tagid: 1, tagname: "other" },
        { tagid: 42, tagname: "finance" },
      ],
    });
    expect(await client.createTag("finance")).toBe(42);
    expect(fake.log).toEqual([
      "GET /cgi-bin/gettoken",
      "POST /cgi-bin/tag/create token=TOKEN-1",
      "GET /cgi-bin/tag/list token=TOKEN-1",
    ]);
    expect(sleeps).toEqual([75]);
  });

  it("createTag: read-back finds nothing → the create is re-sent", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/tag/create",
      { throw: new TypeError("fetch failed") },
      { errcode: 0, errmsg: "created", tagid: 43 },
    );
    fake.on("/cgi-bin/tag/list", { taglist: [] });
    expect(await client.createTag("finance")).toBe(43);
    expect(fake.log.slice(1)).toEqual([
      "POST /cgi-bin/tag/create token=TOKEN-1",
      "GET /cgi-bin/tag/list token=TOKEN-1",
      "POST /cgi-bin/tag/create token=TOKEN-1",
    ]);
  });

  it("addTagMembers: after a timeout, tag/get shows one of three added → only the two missing are re-sent", async () => {
    const { client, fake } = harness();
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    fake.on("/cgi-bin/tag/addtagusers", { throw: timeout }, { errcode: 0 });
    fake.on("/cgi-bin/tag/get", { tagname: "t", userlist: [{ userid: "B", name: "b" }], partylist: [] });
    await client.addTagMembers(9, { userIds: ["a", "b", "c"] });
    const sent = fake.requests.filter((r) => r.path === "/cgi-bin/tag/addtagusers").map(bodyOf);
    expect(sent).toEqual([
      { tagid: 9, userlist: ["a", "b", "c"] },
      { tagid: 9, userlist: ["a", "c"] },
    ]);
  });

  it("removeTagMembers: read-back shows everything removed → nothing re-sent", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/deltagusers", { throw: new TypeError("fetch failed") });
    fake.on("/cgi-bin/tag/get", { tagname: "t", userlist: [{ userid: "z", name: "z" }], partylist: [] });
    await client.removeTagMembers(9, { userIds: ["a", "b"], partyIds: [3] });
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/tag/deltagusers")).toHaveLength(1);
  });

  it("errcode -1 on a write is treated as maybe-applied and read back", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/update", { errcode: -1, errmsg: "system busy" });
    fake.on("/cgi-bin/tag/get", { tagname: "renamed", userlist: [], partylist: [] });
    await client.updateTag(9, "renamed");
    expect(fake.log.slice(1)).toEqual([
      "POST /cgi-bin/tag/update token=TOKEN-1",
      "GET /cgi-bin/tag/get token=TOKEN-1",
    ]);
  });

  it("45009 on a write was refused at the gate: re-sent without a read-back", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/delete", { errcode: 45009 }, { errcode: 0, errmsg: "deleted" });
    await client.deleteTag(9);
    expect(fake.log.slice(1)).toEqual([
      "GET /cgi-bin/tag/delete token=TOKEN-1",
      "GET /cgi-bin/tag/delete token=TOKEN-1",
    ]);
  });

  it("a write whose retries run out says it may have been applied", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/tag/create", { throw: new TypeError("fetch failed") });
    fake.always("/cgi-bin/tag/list", { taglist: [] });
    const e = await rejectionOf(client.createTag("x"));
    expect(e).toBeInstanceOf(WecomTransportError);
    expect(e.message).toContain("may have been applied");
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/tag/create")).toHaveLength(3);
  });

  it("a read-back that fails ends the write with a transport error naming both", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/create", { throw: new TypeError("fetch failed") });
    fake.on("/cgi-bin/tag/list", { errcode: 60011 });
    const e = (await rejectionOf(client.createTag("x"))) as WecomTransportError;
    expect(e).toBeInstanceOf(WecomTransportError);
    expect(e.endpoint).toBe("tagCreate");
    expect(e.message).toContain("read-back failed");
    expect(e.message).toContain("errcode 60011");
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/tag/create")).toHaveLength(1);
  });

  it("a token refused on a write is replayed without a read-back (the request was not processed)", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/tag/create", { errcode: 40014 }, { errcode: 0, tagid: 5 });
    expect(await client.createTag("x")).toBe(5);
    expect(fake.log).toEqual([
      "GET /cgi-bin/gettoken",
      "POST /cgi-bin/tag/create token=TOKEN-1",
      "GET /cgi-bin/gettoken",
      "POST /cgi-bin/tag/create token=TOKEN-2",
    ]);
  });
});
