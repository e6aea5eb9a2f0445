import { describe, expect, it } from "vitest";
import { WecomApiError, WecomCredentialError } from "../../../src/wecom";
import { APP_SECRET, CONTACTS_SECRET, harness, rejectionOf } from "./fake-wecom";

describe("members", () => {
  it("listUserIds follows next_cursor with limit 10000 and merges one-row-per-department rows", async () => {
    const { client, fake } = harness();
    fake.on(
      "/cgi-bin/user/list_id",
      {
        errcode: 0,
        next_cursor: "c1",
        dept_user: [
          { userid: "zhangsan", department: 2 },
          { userid: "zhangsan", department: 1 },
          { userid: "lisi", department: 2 },
        ],
      },
      { errcode: 0, next_cursor: "c2", dept_user: [{ userid: "zhangsan", department: 3 }] },
      {
        errcode: 0,
        next_cursor: "",
        dept_user: [
          { userid: "wangwu", department: 1 },
          { userid: "lisi", department: 2 },
        ],
      },
    );
    expect(await client.listUserIds()).toEqual([
      { userId: "zhangsan", departmentIds: [1, 2, 3] },
      { userId: "lisi", departmentIds: [2] },
      { userId: "wangwu", departmentIds: [1] },
    ]);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/user/list_id").map((r) => r.body)).toEqual([
      { limit: 10000 },
      { limit: 10000, cursor: "c1" },
      { limit: 10000, cursor: "c2" },
    ]);
  });

  it("listUserIds refuses a cursor that repeats instead of looping forever", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/user/list_id", { next_cursor: "same", dept_user: [] });
    const e = await rejectionOf(client.listUserIds());
    expect(e.message).toContain("cursor");
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/user/list_id")).toHaveLength(2);
  });

  it("getMember maps status and enable", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/user/get", {
      userid: "a",
      name: "A",
      department: [1, 2],
      status: 2,
      enable: 0,
      main_department: 1,
    });
    expect(await client.getMember("a")).toEqual({
      userId: "a",
      name: "A",
      departmentIds: [1, 2],
      status: "disabled",
      enabled: false,
      mainDepartment: 1,
    });
    expect(fake.requests[1]?.query).toEqual({ userid: "a", access_token: "TOKEN-1" });
  });

  it("setEnabled posts user/update {userid, enable}", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/user/update", { errcode: 0, errmsg: "updated" });
    await client.setEnabled("leaver", false);
    await client.setEnabled("back", true);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/user/update").map((r) => r.body)).toEqual([
      { userid: "leaver", enable: 0 },
      { userid: "back", enable: 1 },
    ]);
  });

  it("setEnabled read-back: user/get without `enable` but status 2 means the disable was applied", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/user/update", { throw: new TypeError("fetch failed") });
    fake.on("/cgi-bin/user/get", { userid: "leaver", name: "L", department: [1], status: 2 });
    await client.setEnabled("leaver", false);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/user/update")).toHaveLength(1);
  });

  it("batchDeleteMembers sends batches of ≤200; read-back re-sends only members still present", async () => {
    const { client, fake } = harness();
    const ids = Array.from({ length: 450 }, (_, i) => `m${i}`);
    fake.on(
      "/cgi-bin/user/batchdelete",
      { errcode: 0 },
      { throw: new TypeError("fetch failed") },
      { errcode: 0 },
      { errcode: 0 },
    );
    fake.always("/cgi-bin/user/get", (req) =>
      req.query["userid"] === "m200"
        ? { userid: "m200", name: "x", department: [1], status: 1 }
        : { errcode: 60111 },
    );
    await client.batchDeleteMembers(ids);
    const sent = fake.requests
      .filter((r) => r.path === "/cgi-bin/user/batchdelete")
      .map((r) => r.body as { useridlist: string[] });
    expect(sent.map((b) => b.useridlist.length)).toEqual([200, 200, 1, 50]);
    expect(sent[2]?.useridlist).toEqual(["m200"]);
  });

  it("deleteMember: read-back 60111 means the delete was applied", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/user/delete", { throw: new TypeError("fetch failed") });
    fake.on("/cgi-bin/user/get", { errcode: 60111, errmsg: "userid not found" });
    await client.deleteMember("gone");
    expect(fake.log.slice(1)).toEqual([
      "GET /cgi-bin/user/delete token=TOKEN-1",
      "GET /cgi-bin/user/get token=TOKEN-1",
    ]);
  });

  it("createMember maps the body", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/user/create", { errcode: 0, errmsg: "created" });
    await client.createMember({ userId: "n", name: "N", departmentIds: [1], enabled: true, toInvite: false });
    expect(fake.requests[1]?.body).toEqual({
      userid: "n",
      name: "N",
      department: [1],
      enable: 1,
      to_invite: false,
    });
  });

  it("list and simplelist pass department_id and fetch_child", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/user/simplelist", { userlist: [{ userid: "a", name: "A", department: [1] }] });
    fake.on("/cgi-bin/user/list", {
      userlist: [{ userid: "a", name: "A", department: [1], status: 1, enable: 1 }],
    });
    expect(await client.listMembersSimple(1, true)).toEqual([{ userId: "a", name: "A", departmentIds: [1] }]);
    expect((await client.listMembers(1))[0]?.enabled).toBe(true);
    expect(fake.requests[1]?.query).toEqual({
      department_id: "1",
      fetch_child: "1",
      access_token: "TOKEN-1",
    });
    expect(fake.requests[2]?.query).toEqual({ department_id: "1", access_token: "TOKEN-1" });
  });
});

describe("departments", () => {
  it("list, simplelist and get map to camelCase", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/department/list", {
      department: [{ id: 2, name: "R&D", name_en: "RD", department_leader: ["a"], parentid: 1, order: 10 }],
    });
    fake.on("/cgi-bin/department/simplelist", { department_id: [{ id: 2, parentid: 1, order: 10 }] });
    fake.on("/cgi-bin/department/get", { department: { id: 2, name: "R&D", parentid: 1 } });
    expect(await client.listDepartments()).toEqual([
      { id: 2, name: "R&D", nameEn: "RD", leaderUserIds: ["a"], parentId: 1, order: 10 },
    ]);
    expect(await client.listDepartmentRefs(1)).toEqual([{ id: 2, parentId: 1, order: 10 }]);
    expect(await client.getDepartment(2)).toEqual({ id: 2, name: "R&D", leaderUserIds: [], parentId: 1 });
    expect(fake.requests[1]?.query).toEqual({ access_token: "TOKEN-1" });
    expect(fake.requests[2]?.query).toEqual({ id: "1", access_token: "TOKEN-1" });
  });

  it("createDepartment read-back finds the child by name under the parent", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/department/create", { throw: new TypeError("fetch failed") });
    fake.on("/cgi-bin/department/list", {
      department: [
        { id: 1, name: "root", parentid: 0 },
        { id: 8, name: "Legal", parentid: 1 },
      ],
    });
    expect(await client.createDepartment({ name: "Legal", parentId: 1 })).toBe(8);
    expect(fake.requests[1]?.body).toEqual({ name: "Legal", parentid: 1 });
    expect(fake.requests[2]?.query).toEqual({ id: "1", access_token: "TOKEN-1" });
  });

  it("deleteDepartment read-back: 60123 means it is gone", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/department/delete", { errcode: -1 });
    fake.on("/cgi-bin/department/get", { errcode: 60123 });
    await client.deleteDepartment(8);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/department/delete")).toHaveLength(1);
  });

  it("updateDepartment read-back: a field still different → re-sent", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/department/update", { throw: new TypeError("fetch failed") }, { errcode: 0 });
    fake.on("/cgi-bin/department/get", { department: { id: 8, name: "Old", parentid: 1 } });
    await client.updateDepartment(8, { name: "New" });
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/department/update").map((r) => r.body)).toEqual([
      { id: 8, name: "New" },
      { id: 8, name: "New" },
    ]);
  });
});

describe("agents", () => {
  const AGENT = {
    errcode: 0,
    agentid: 1000002,
    name: "HR",
    description: "hr app",
    allow_userinfos: { user: [{ userid: "a" }] },
    allow_partys: { partyid: [1] },
    allow_tags: { tagid: [3] },
    close: 0,
    redirect_domain: "hr.example.test",
    report_location_flag: 1,
    isreportenter: 0,
    home_url: "https://hr.example.test",
  };

  it("getAgent uses that app's own secret", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/agent/get", AGENT);
    expect(await client.getAgent(1000002)).toEqual({
      agentId: 1000002,
      name: "HR",
      description: "hr app",
      allowUserIds: ["a"],
      allowPartyIds: [1],
      allowTagIds: [3],
      closed: false,
      redirectDomain: "hr.example.test",
      reportLocation: true,
      reportEnter: false,
      homeUrl: "https://hr.example.test",
    });
    expect(fake.requests[0]?.query["corpsecret"]).toBe(APP_SECRET);
    expect(fake.requests[0]?.query["corpsecret"]).not.toBe(CONTACTS_SECRET);
    expect(fake.requests[1]?.query).toEqual({ agentid: "1000002", access_token: "TOKEN-1" });
  });

  it("setAgent maps the patch; read-back re-sends only fields that still differ", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/agent/set", { throw: new TypeError("fetch failed") }, { errcode: 0 });
    fake.on("/cgi-bin/agent/get", AGENT);
    await client.setAgent(1000002, { reportLocation: true, homeUrl: "https://new.example.test" });
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/agent/set").map((r) => r.body)).toEqual([
      { agentid: 1000002, report_location_flag: 1, home_url: "https://new.example.test" },
      { agentid: 1000002, home_url: "https://new.example.test" },
    ]);
  });

  it("setAgent with an empty patch makes no call", async () => {
    const { client, fake } = harness();
    await client.setAgent(1000002, {});
    expect(fake.requests).toEqual([]);
  });

  it("listAgents asks every configured app and merges by agentid", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/agent/list", (req) =>
      req.query["access_token"] === "TOKEN-1"
        ? { agentlist: [{ agentid: 1000002, name: "HR" }] }
        : {
            agentlist: [
              { agentid: 1000003, name: "Sec" },
              { agentid: 1000002, name: "HR" },
            ],
          },
    );
    expect(await client.listAgents()).toEqual([
      { agentId: 1000002, name: "HR" },
      { agentId: 1000003, name: "Sec" },
    ]);
  });

  it("getAgentAdmins maps auth_type", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/agent/get_admin_list", {
      admin: [
        { userid: "a", auth_type: 1 },
        { userid: "b", auth_type: 0 },
      ],
    });
    expect(await client.getAgentAdmins(1000002)).toEqual([
      { userId: "a", authType: "manage" },
      { userId: "b", authType: "message" },
    ]);
    expect(fake.requests[1]?.body).toEqual({ agentid: 1000002 });
  });
});

describe("message archive", () => {
  it("getPermitUserList sends the edition type with the archive secret", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/msgaudit/get_permit_user_list", { ids: ["a", "b"] });
    expect(await client.getPermitUserList()).toEqual(["a", "b"]);
    await client.getPermitUserList("enterprise");
    const bodies = fake.requests.filter((r) => r.path.endsWith("get_permit_user_list")).map((r) => r.body);
    expect(bodies).toEqual([{}, { type: 3 }]);
  });

  it("checkSingleAgree batches ≤100 pairs with WeCom's misspelled exteranalopenid", async () => {
    const { client, fake } = harness();
    fake.always("/cgi-bin/msgaudit/check_single_agree", (req) => ({
      agreeinfo: (req.body as { info: { userid: string; exteranalopenid: string }[] }).info.map((i) => ({
        ...i,
        agree_status: "Agree",
        status_change_time: 100,
      })),
    }));
    const pairs = Array.from({ length: 150 }, (_, i) => ({ userId: "a", externalOpenId: `wm${i}` }));
    const out = await client.checkSingleAgree(pairs);
    expect(out).toHaveLength(150);
    expect(out[149]).toEqual({
      userId: "a",
      externalOpenId: "wm149",
      agreeStatus: "Agree",
      statusChangeTime: 100,
    });
    const sent = fake.requests
      .filter((r) => r.path.endsWith("check_single_agree"))
      .map((r) => r.body as { info: unknown[] });
    expect(sent.map((b) => b.info.length)).toEqual([100, 50]);
    expect(sent[0]?.info[0]).toEqual({ userid: "a", exteranalopenid: "wm0" });
  });

  it("checkRoomAgree maps each external member", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/msgaudit/check_room_agree", {
      agreeinfo: [{ exteranalopenid: "wmX", agree_status: "Disagree", status_change_time: 5 }],
    });
    expect(await client.checkRoomAgree("room1")).toEqual([
      { externalOpenId: "wmX", agreeStatus: "Disagree", statusChangeTime: 5 },
    ]);
    expect(fake.requests[1]?.body).toEqual({ roomid: "room1" });
  });
});

describe("errors carry data", () => {
  it("WecomApiError has errcode, endpoint, path and principal", async () => {
    const { client, fake } = harness();
    fake.on("/cgi-bin/agent/get", { errcode: 301002 });
    const e = (await rejectionOf(client.getAgent(1000002))) as WecomApiError;
    expect(e).not.toBeInstanceOf(WecomCredentialError);
    expect([e.errcode, e.endpoint, e.path, e.principal]).toEqual([
      301002,
      "agentGet",
      "/cgi-bin/agent/get",
      "app:1000002",
    ]);
    expect(e.message).toBe(
      "/cgi-bin/agent/get failed: errcode 301002 (no permission on the specified app) — the app secret does not " +
        "belong to this agentid: check wecom:appSecrets",
    );
  });
});
