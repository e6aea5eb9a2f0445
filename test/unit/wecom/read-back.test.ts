/**
 * Issue 8, items 4 and 6: after WeCom answers a write with errcode 0, the client reads the object back. A
 * write that was acknowledged but not applied is re-sent (only what is still missing) and, when it never
 * lands, fails with "inconsistent result after apply", what differs and the attempt count.
 */
import { describe, expect, it } from "vitest";
import { WecomNotAppliedError, WecomPartialError } from "../../../src/wecom";
import { harness, rejectionOf } from "./fake-wecom";

const verified = () => harness({ verifyWrites: true });
const tagGet = (userids: string[]) => ({
  errcode: 0,
  tagname: "finance",
  userlist: userids.map((userid) => ({ userid, name: userid })),
  partylist: [],
});

describe("read-back after an errcode-0 write", () => {
  it("a write WeCom acknowledged but never applied fails naming what differs and the attempt count", async () => {
    const { client, fake } = verified();
    fake.always("/cgi-bin/tag/addtagusers", { errcode: 0, errmsg: "ok" });
    fake.always("/cgi-bin/tag/get", tagGet(["zhangsan"]));
    const e = await rejectionOf(client.addTagMembers(7, { userIds: ["lisi", "wangwu"] }));
    expect(e).toBeInstanceOf(WecomNotAppliedError);
    expect((e as WecomNotAppliedError).attempts).toBe(3);
    expect(e.message).toBe(
      "/cgi-bin/tag/addtagusers failed: inconsistent result after apply — WeCom answered errcode 0 but the " +
        "read-back shows the write was not applied (tag/get of tag 7 shows still missing: lisi, wangwu), after 3 " +
        "attempts. Run `pulumi preview --refresh` to see what WeCom holds, then `pulumi up` again; if it persists, " +
        "the object may belong to another principal (a tag can be changed only by the app or secret that created it)",
    );
    expect(fake.log.filter((l) => l.startsWith("POST /cgi-bin/tag/addtagusers"))).toHaveLength(3);
  });

  it("re-sends only what is still missing, and succeeds once it is there", async () => {
    const { client, fake } = verified();
    fake.always("/cgi-bin/tag/addtagusers", { errcode: 0, errmsg: "ok" });
    fake.on("/cgi-bin/tag/get", tagGet(["lisi"]), tagGet(["lisi", "wangwu"]));
    await client.addTagMembers(7, { userIds: ["lisi", "wangwu"] });
    const sent = fake.requests.filter((r) => r.path === "/cgi-bin/tag/addtagusers").map((r) => r.body);
    expect(sent).toEqual([
      { tagid: 7, userlist: ["lisi", "wangwu"] },
      { tagid: 7, userlist: ["wangwu"] },
    ]);
  });

  it("compares userids case-insensitively and leaves out members WeCom refused, at any tag size (issue 12)", async () => {
    const { client, fake } = verified();
    const big = Array.from({ length: 5000 }, (_, i) => `member${i}`);
    fake.always("/cgi-bin/tag/addtagusers", { errcode: 0, errmsg: "ok", invalidlist: "GHOST" });
    fake.on("/cgi-bin/tag/get", tagGet([...big, "LiSi", "WANGWU"]));
    const e = await rejectionOf(client.addTagMembers(7, { userIds: ["lisi", "WangWu", "ghost"] }));
    // The refused member is reported, the others were found despite their case: no re-send.
    expect(e).toBeInstanceOf(WecomPartialError);
    expect((e as WecomPartialError).invalidUserIds).toEqual(["GHOST"]);
    expect(fake.log.filter((l) => l.startsWith("POST /cgi-bin/tag/addtagusers"))).toHaveLength(1);
  });

  it("members WeCom named invalid are a partial success, not an inconsistency", async () => {
    const { client, fake } = verified();
    fake.always("/cgi-bin/tag/addtagusers", { errcode: 0, errmsg: "ok", invalidlist: "ghost" });
    fake.always("/cgi-bin/tag/get", tagGet(["lisi"]));
    const e = await rejectionOf(client.addTagMembers(7, { userIds: ["lisi", "ghost"] }));
    expect(e).toBeInstanceOf(WecomPartialError);
    expect(fake.log.filter((l) => l.startsWith("POST /cgi-bin/tag/addtagusers"))).toHaveLength(1);
  });

  it("a leaver still enabled after user/update answered ok is an error naming the field", async () => {
    const { client, fake } = verified();
    fake.always("/cgi-bin/user/update", { errcode: 0, errmsg: "updated" });
    fake.always("/cgi-bin/user/get", {
      errcode: 0,
      userid: "fanbing",
      name: "范冰",
      department: [2],
      status: 1,
      enable: 1,
    });
    const e = await rejectionOf(client.setEnabled("fanbing", false));
    expect(e).toBeInstanceOf(WecomNotAppliedError);
    expect((e as WecomNotAppliedError).differs).toBe("user/get of fanbing: enable is 1, expected 0");
  });

  it("tag/create whose answer names another id than tag/list fails at once, without a second create", async () => {
    const { client, fake } = verified();
    fake.always("/cgi-bin/tag/create", { errcode: 0, errmsg: "created", tagid: 12 });
    fake.always("/cgi-bin/tag/list", { errcode: 0, taglist: [{ tagid: 5, tagname: "finance" }] });
    const e = await rejectionOf(client.createTag("finance"));
    expect((e as WecomNotAppliedError).differs).toBe("tag/list has finance as tag 5, the answer said 12");
    expect((e as WecomNotAppliedError).attempts).toBe(1);
  });

  it("a confirmed write makes one read per write and returns WeCom's own answer", async () => {
    const { client, fake } = verified();
    fake.always("/cgi-bin/tag/create", { errcode: 0, errmsg: "created", tagid: 12 });
    fake.always("/cgi-bin/tag/list", { errcode: 0, taglist: [{ tagid: 12, tagname: "finance" }] });
    expect(await client.createTag("finance")).toBe(12);
    expect(fake.log).toEqual([
      "GET /cgi-bin/gettoken",
      "POST /cgi-bin/tag/create token=TOKEN-1",
      "GET /cgi-bin/tag/list token=TOKEN-1",
    ]);
  });
});
