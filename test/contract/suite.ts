/**
 * Contract: the real WeCom client against the real sandbox. Pins that both sides agree on paths, methods,
 * principals, shapes and error handling for every endpoint in wire.ts ENDPOINTS. The sandbox seed is the
 * demo company (docs/demo-company.md). The same suite runs twice: against the in-process server
 * (in-process.test.ts) and against the `wecom-policy sandbox` process over loopback (process.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RequestLogEntry } from "../../src/sandbox/server";
import { seedAnchorSeconds } from "../../src/sandbox/seed";
import {
  WecomClient,
  WecomCredentialError,
  WecomPartialError,
  WecomReadOnlyError,
  type WecomClientOptions,
} from "../../src/wecom";
import { ENDPOINTS, type ConsoleCredentials, type EndpointName } from "../../src/wecom/wire";

/** A running sandbox, however it was started. */
export interface SandboxUnderTest {
  url: string;
  close(): Promise<void>;
}

let start: () => Promise<SandboxUnderTest> = () => startSandbox({ quiet: true });

/** Run the suite against another sandbox (call at import time, before the hooks run). */
export function useSandbox(starter: () => Promise<SandboxUnderTest>): void {
  start = starter;
}

let sandbox: SandboxUnderTest;
let creds: ConsoleCredentials;
let client: WecomClient;
const exercised = new Set<EndpointName>();

async function consoleCall(route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sandbox.url}/__console/${route}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function requests(): Promise<RequestLogEntry[]> {
  return (await consoleCall("requests")) as RequestLogEntry[];
}

function options(extra: Partial<WecomClientOptions> = {}): WecomClientOptions {
  return {
    baseUrl: sandbox.url,
    corpId: creds.corpid,
    secrets: {
      contacts: creds.contacts_secret,
      archive: creds.archive_secret,
      checkin: creds.checkin_secret,
      apps: creds.app_secrets,
    },
    securityAgentId: 1000004,
    customerAgentId: 1000003,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    // The injected 45009 is a one-shot fault, not the sandbox's 60 s block: waited out in 50 ms.
    pacing: { blockMs: 50 },
    onCall: (e) => exercised.add(e.endpoint),
    ...extra,
  };
}

beforeAll(async () => {
  sandbox = await start();
  creds = (await consoleCall("credentials")) as ConsoleCredentials;
  client = new WecomClient(options());
});

afterAll(async () => {
  await sandbox?.close();
});

describe("client vs sandbox", () => {
  it("tags: create, rename, members (incl. partial success), delete", async () => {
    expect(await client.listTags()).toContainEqual({ tagId: 100, name: "外包人员" });
    const id = await client.createTag("合约测试");
    await client.updateTag(id, "合约测试2");
    await client.addTagMembers(id, { userIds: ["sunhao", "zhoumin"], partyIds: [7] });
    const tag = await client.getTag(id);
    expect(tag.name).toBe("合约测试2");
    expect([...tag.userIds].sort()).toEqual(["sunhao", "zhoumin"]);
    expect(tag.partyIds).toEqual([7]);
    const partial = await client
      .addTagMembers(id, { userIds: ["liuyang", "no-such-user"] })
      .catch((e: unknown) => e);
    expect(partial).toBeInstanceOf(WecomPartialError);
    expect((partial as WecomPartialError).invalidUserIds).toEqual(["no-such-user"]);
    await client.removeTagMembers(id, { userIds: ["zhoumin", "liuyang"], partyIds: [7] });
    expect((await client.getTag(id)).userIds).toEqual(["sunhao"]);
    await client.deleteTag(id);
    expect((await client.listTags()).some((t) => t.tagId === id)).toBe(false);
  });

  it("departments: list, simplelist, get, create, update, delete", async () => {
    const all = await client.listDepartments();
    expect(all.map((d) => d.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await client.listDepartmentRefs()).length).toBe(9);
    expect((await client.getDepartment(8)).name).toBe("法务合规部");
    const id = await client.createDepartment({ name: "数据保护组", parentId: 8 });
    await client.updateDepartment(id, { name: "数据保护小组" });
    expect(await client.getDepartment(id)).toMatchObject({ id, name: "数据保护小组", parentId: 8 });
    await client.deleteDepartment(id);
    expect((await client.listDepartmentRefs(8)).some((d) => d.id === id)).toBe(false);
  });

  it("members: list_id (200 people), get, disable/enable, create, delete, batch delete, lists", async () => {
    const everyone = await client.listUserIds();
    expect(everyone).toHaveLength(200);
    expect(everyone.find((m) => m.userId === "liuyang")).toEqual({ userId: "liuyang", departmentIds: [8] });
    expect((await client.getMember("fanbing")).status).toBe("active");
    await client.setEnabled("fanbing", false);
    expect((await client.getMember("fanbing")).status).toBe("disabled");
    await client.setEnabled("fanbing", true);
    expect((await client.getMember("fanbing")).status).not.toBe("disabled");
    await client.updateMember("luoping", { position: "技术员" });
    expect((await client.getMember("luoping")).position).toBe("技术员");
    for (const u of ["tmp1", "tmp2", "tmp3"]) {
      await client.createMember({ userId: u, name: u, departmentIds: [9], email: `${u}@example.test` });
    }
    await client.deleteMember("tmp1");
    await client.batchDeleteMembers(["tmp2", "tmp3"]);
    expect((await client.listUserIds()).some((m) => m.userId.startsWith("tmp"))).toBe(false);
    const legal = (await client.listMembersSimple(8)).map((m) => m.userId);
    expect(legal).toEqual(expect.arrayContaining(["gaoyan", "liuyang"]));
    const legalFull = await client.listMembers(8);
    expect(legalFull.map((m) => m.userId)).toEqual(legal);
    expect(legalFull.every((m) => m.departmentIds.includes(8))).toBe(true);
  });

  it("member details in bulk: user/list of every department gives each member once, as user/get does", async () => {
    const departments = (await client.listDepartments()).map((d) => d.id);
    const everyone = await client.listUserIds();
    const bulk = await client.readMemberDetails(departments);
    expect(bulk.kind).toBe("read");
    if (bulk.kind !== "read") return;
    expect(bulk.members.map((m) => m.userId).sort()).toEqual(everyone.map((m) => m.userId).sort());
    for (const u of ["zhengkai", "fanbing", "hemei", "sunhao"]) {
      const one = await client.getMember(u);
      const listed = bulk.members.find((m) => m.userId === u)!;
      expect([listed.status, listed.enabled, listed.name]).toEqual([one.status, one.enabled, one.name]);
    }
  });

  it("agents: get with each app's own secret, set, list, admins", async () => {
    const field = await client.getAgent(1000002);
    expect(field).toMatchObject({
      agentId: 1000002,
      reportLocation: true,
      reportEnter: true,
      allowPartyIds: [9],
    });
    await client.setAgent(1000005, { homeUrl: "https://hr2.xinghe-demo.cn", reportEnter: true });
    expect(await client.getAgent(1000005)).toMatchObject({
      homeUrl: "https://hr2.xinghe-demo.cn",
      reportEnter: true,
    });
    expect((await client.listAgents()).map((a) => a.agentId)).toEqual([1000002, 1000003, 1000004, 1000005]);
    expect(await client.getAgentAdmins(1000002)).toEqual([
      { userId: "sunhao", authType: "manage" },
      { userId: "linfeng", authType: "message" },
    ]);
  });

  it("message archive: permit list, single and room consent", async () => {
    expect((await client.getPermitUserList()).sort()).toEqual(["huangtao", "maxiaoyu", "wuqiang", "xuli"]);
    expect(await client.getPermitUserList("office")).toEqual([]);
    const room = await client.checkRoomAgree("wrXingheSalesRoom000000000000001");
    expect(room).toHaveLength(3);
    const single = await client.checkSingleAgree(
      room.map((r) => ({ userId: "wuqiang", externalOpenId: r.externalOpenId })),
    );
    expect(single).toHaveLength(3);
    expect(single.some((s) => s.agreeStatus === "Agree")).toBe(true);
  });

  it("security logs: 30 days split into 7-day windows; member log filtered to the app's range", async () => {
    // The seed's log entries count back from its anchor (the demo's pinned day once the calendar passed it).
    const now = Math.floor(Date.now() / 1000);
    const anchor = seedAnchorSeconds(Date.now());
    const admin = await client.listAdminOperLogs({ start: anchor - 30 * 86400, end: now });
    expect(admin.map((l) => l.operType)).toEqual([8, 3, 2]);
    expect(admin.every((l) => l.userId === "sunhao")).toBe(true);
    const member = await client.listMemberOperLogs({ start: anchor - 10 * 86400, end: now });
    expect(member.map((l) => l.userId)).toEqual(["zhoumin", "liuyang", "sunhao"]);
  });

  it("departed members' customers: unassigned list, transfer, result", async () => {
    const unassigned = await client.getUnassignedList();
    const zk = unassigned.filter((u) => u.handoverUserId === "zhengkai");
    expect(zk).toHaveLength(3);
    const results = await client.transferCustomer(
      "zhengkai",
      "wuqiang",
      zk.map((u) => u.externalUserId),
    );
    expect(results.map((r) => r.errcode)).toEqual([0, 0, 0]);
    const status = await client.transferResult("zhengkai", "wuqiang");
    expect(status.map((s) => s.externalUserId).sort()).toEqual(zk.map((u) => u.externalUserId).sort());
  });

  it("chat intercept rules: list, get, add, update (fields, add/remove range), delete", async () => {
    // The demo's hand-made rule: listed and readable, but created in the console, so no app may change it.
    expect(await client.listInterceptRules()).toContainEqual({
      ruleId: "ir000001",
      name: "销售私下交易提醒",
      createTime: expect.any(Number) as number,
    });
    expect(await client.getInterceptRule("ir000001")).toMatchObject({
      words: ["加我微信", "私下转账", "返点"],
      semantics: ["red_packet"],
      action: "warn",
      range: { userIds: [], departmentIds: [5] },
    });
    await expect(client.updateInterceptRule("ir000001", { action: "block" })).rejects.toMatchObject({
      errcode: 60011,
    });
    const id = await client.addInterceptRule({
      name: "合约测试规则",
      words: ["银行卡号", "身份证号", "银行卡号"],
      semantics: ["phone", "email"],
      action: "block",
      range: { userIds: ["wuqiang"], departmentIds: [] },
    });
    expect(await client.getInterceptRule(id)).toEqual({
      ruleId: id,
      name: "合约测试规则",
      words: ["身份证号", "银行卡号"],
      semantics: ["email", "phone"],
      action: "block",
      range: { userIds: ["wuqiang"], departmentIds: [] },
      createTime: expect.any(Number) as number,
    });
    await client.updateInterceptRule(id, {
      action: "warn",
      words: ["开户行"],
      semantics: [],
      addRange: { departmentIds: [5] },
      removeRange: { userIds: ["wuqiang"] },
    });
    expect(await client.getInterceptRule(id)).toMatchObject({
      words: ["开户行"],
      semantics: [],
      action: "warn",
      range: { userIds: [], departmentIds: [5] },
    });
    // The range must lie inside the app's visible range (1000003 does not see Human Resources, department 3).
    await expect(
      client.addInterceptRule({
        name: "范围外",
        words: ["x"],
        semantics: [],
        action: "block",
        range: { userIds: ["wangfang"], departmentIds: [] },
      }),
    ).rejects.toMatchObject({ errcode: 60011 });
    // Changed by hand in the console, the rule stays the app's: `pulumi up` can put it back.
    const edit = (await consoleCall("intercept_rule/edit", {
      operator: "sunhao",
      rule_id: id,
      word_list: ["护照号"],
    })) as { changed: string[] };
    expect(edit.changed).toEqual(["word_list"]);
    await client.updateInterceptRule(id, { words: ["开户行"], action: "block" });
    expect(await client.getInterceptRule(id)).toMatchObject({ words: ["开户行"], action: "block" });
    await client.deleteInterceptRule(id);
    expect(await client.findInterceptRule(id)).toBeUndefined();
    expect((await client.listInterceptRules()).map((r) => r.ruleId)).toEqual(["ir000001"]);
  });

  it("check-in rules: the seeded 总部打卡; create, update (a cleared array via the clear endpoint), delete", async () => {
    const [hq, ...others] = await client.checkinRules.list();
    expect(others).toEqual([]);
    expect(hq).toMatchObject({
      groupId: 1,
      name: "总部打卡",
      groupType: "fixed",
      range: { userIds: [], departmentIds: [2, 3, 4, 5, 6, 7, 8], tagIds: [] },
      exemptUserIds: ["zhangwei"],
      dates: [{ weekdays: [1, 2, 3, 4, 5], times: [{ workSec: 32400, offWorkSec: 64800 }] }],
      wifi: [
        { name: "Xinghe-Office", mac: "3c:46:d8:10:20:01" },
        { name: "Xinghe-Office-5G", mac: "3c:46:d8:10:20:02" },
      ],
      locations: [{ title: "星河智造总部", lat: 31.3155, lng: 120.726, radiusM: 300 }],
      needPhoto: false,
      faceRecognition: false,
      faceLiveness: false,
      allowCheckinOffWorkday: false,
    });
    const rules = client.checkinRules;
    const id = await rules.create({
      name: "合约测试打卡",
      groupType: "fixed",
      range: { userIds: ["LinFeng"], departmentIds: [], tagIds: [100] },
      dates: [{ weekdays: [1, 2, 3, 4, 5, 6], times: [{ workSec: 8 * 3600, offWorkSec: 17 * 3600 }] }],
      wifi: [{ name: "Site-WiFi", mac: "AA:BB:CC:DD:EE:01" }],
      locations: [{ title: "工地", detail: "苏州", lat: 31.2, lng: 120.6, radiusM: 500 }],
    });
    expect(id).toBeGreaterThan(1);
    expect(await rules.get(id)).toMatchObject({
      name: "合约测试打卡",
      range: { userIds: ["linfeng"], tagIds: [100] },
      wifi: [{ mac: "aa:bb:cc:dd:ee:01" }],
    });
    await rules.update(id, {
      faceRecognition: true,
      range: { userIds: ["luoping"], departmentIds: [9], tagIds: [] },
      locations: [],
    });
    expect(await rules.get(id)).toMatchObject({
      faceRecognition: true,
      range: { userIds: ["luoping"], departmentIds: [9], tagIds: [] },
      locations: [],
      wifi: [{ name: "Site-WiFi" }],
    });
    // WeCom keeps Wi-Fi or a location on every rule.
    await expect(rules.update(id, { wifi: [] })).rejects.toMatchObject({ errcode: 301075 });
    await rules.delete(id);
    expect(await rules.get(id)).toBeUndefined();
  });

  it("check-in rules: console edits are logged with their operator; a console-made rule is the console's", async () => {
    const edited = (await consoleCall("checkin/face", {
      operator: "sunhao",
      groupid: 1,
      use_face_detect: true,
    })) as { log: { detail_info: string; userid: string } };
    expect(edited.log).toMatchObject({ userid: "sunhao", detail_info: expect.stringContaining("人脸识别") });
    await consoleCall("checkin/radius", { operator: "sunhao", groupid: 1, distance: 1500 });
    const hq = await client.checkinRules.get(1);
    expect(hq).toMatchObject({ faceRecognition: true, updatedBy: "sunhao", locations: [{ radiusM: 1500 }] });
    // The rule was created through the API by the check-in app, so the API can converge it again.
    await client.checkinRules.update(1, {
      faceRecognition: false,
      locations: [{ ...hq!.locations[0]!, radiusM: 300 }],
    });
    expect(await client.checkinRules.get(1)).toMatchObject({
      faceRecognition: false,
      locations: [{ radiusM: 300 }],
    });

    const made = (await consoleCall("checkin/create", {
      operator: "wangfang",
      group: {
        grouptype: 1,
        groupname: "人事手工规则",
        checkindate: [{ workdays: [1, 2, 3, 4, 5], checkintime: [{ work_sec: 32400, off_work_sec: 64800 }] }],
        wifimac_infos: [{ wifiname: "HR", wifimac: "3c:46:d8:10:20:09" }],
        range: { userid: ["lina"] },
      },
    })) as { groupid: number };
    expect(await client.checkinRules.get(made.groupid)).toMatchObject({
      name: "人事手工规则",
      createdBy: "wangfang",
    });
    const refused = await client.checkinRules
      .update(made.groupid, { needPhoto: true })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ errcode: 60011 });
    expect((refused as Error).message).toContain("only by the app that created it");
    await consoleCall("checkin/delete", { operator: "wangfang", groupid: made.groupid });
    expect(await client.checkinRules.get(made.groupid)).toBeUndefined();
  });

  it("waits out a one-shot 45009 and replays after the sandbox revokes every token", async () => {
    await consoleCall("faults", { oneShot: [{ path: "/cgi-bin/tag/list", errcode: 45009 }] });
    expect((await client.listTags()).length).toBeGreaterThan(0);
    await consoleCall("faults", { revokeTokens: true });
    expect((await client.getTag(100)).userIds).toHaveLength(12);
  });

  it("reads back a write whose connection was reset instead of blindly re-sending it", async () => {
    await consoleCall("requests/reset", {});
    await consoleCall("faults", { resetNext: 1 });
    const id = await client.createTag("重置测试");
    const log = (await requests()).map((r) => `${r.method} ${r.path} ${r.errcode}`);
    expect(log).toEqual([
      "POST /cgi-bin/tag/create null",
      "GET /cgi-bin/tag/list 0",
      "POST /cgi-bin/tag/create 0",
      // Every acknowledged write is read back once more (issue 8: "inconsistent result after apply").
      "GET /cgi-bin/tag/list 0",
    ]);
    expect((await client.getTag(id)).name).toBe("重置测试");
    await client.deleteTag(id);
  });

  it("a wrong secret is a credential error naming it", async () => {
    const bad = new WecomClient(options({ secrets: { contacts: "FAKE-wrong-secret" } }));
    const e = await bad.listTags().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WecomCredentialError);
    expect((e as Error).message).toContain("contacts-sync secret");
    expect((e as Error).message).not.toContain("FAKE-wrong-secret");
  });

  it("a read-only client reaches the sandbox for reads only", async () => {
    await consoleCall("requests/reset", {});
    const ro = new WecomClient(options({ readOnly: true }));
    await expect(ro.createTag("x")).rejects.toBeInstanceOf(WecomReadOnlyError);
    await expect(ro.setEnabled("fanbing", false)).rejects.toBeInstanceOf(WecomReadOnlyError);
    expect(await requests()).toEqual([]);
    await ro.listTags();
    expect((await requests()).map((r) => r.path)).toEqual(["/cgi-bin/gettoken", "/cgi-bin/tag/list"]);
  });

  it("exercised every endpoint in ENDPOINTS", () => {
    const missing = (Object.keys(ENDPOINTS) as EndpointName[]).filter((n) => !exercised.has(n));
    expect(missing).toEqual([]);
  });
});
