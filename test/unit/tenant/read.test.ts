/**
 * The one reader of the tenant against the in-process sandbox (real loopback HTTP): a complete snapshot
 * from one client built from provider config, what each part costs in WeCom calls, and "cannot check"
 * reasons for the parts a configuration cannot reach. Never a write.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/provider/config";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import { clientFromConfig, reachOf, readTenant } from "../../../src/tenant";
import { WecomClient } from "../../../src/wecom";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

const NOW = new Date("2026-11-28T04:00:00Z");

describe("readTenant", () => {
  let sb: SandboxHandle;
  let creds: ConsoleCredentials;
  const consoleGet = async <T>(what: string): Promise<T> =>
    (await (await fetch(`${sb.url}/__console/${what}`)).json()) as T;

  beforeAll(async () => {
    sb = await startSandbox({ quiet: true, now: () => NOW.getTime() });
    creds = await consoleGet<ConsoleCredentials>("credentials");
  });
  afterAll(async () => sb?.close());

  const config = (over: Record<string, string> = {}) =>
    parseConfig(
      {},
      {},
      {
        WECOM_CORP_ID: creds.corpid,
        WECOM_CORP_SECRET: creds.contacts_secret,
        WECOM_ARCHIVE_SECRET: creds.archive_secret,
        WECOM_APP_SECRETS: JSON.stringify(creds.app_secrets),
        WECOM_SECURITY_AGENT_ID: "1000004",
        WECOM_CUSTOMER_AGENT_ID: "1000003",
        WECOM_BASE_URL: sb.url,
        ...over,
      },
    );

  it("reads every part with the minimum of calls: user/get only for the members asked for", async () => {
    const cfg = config();
    const calls = new Map<string, number>();
    const client = clientFromConfig(cfg, {
      readOnly: true,
      onCall: (e) => calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1),
    });
    const snap = await readTenant(client, {
      corpId: cfg.corpId,
      reach: reachOf(cfg),
      now: NOW,
      memberDetails: ["fanbing", "zhengkai"],
      previousCheckAt: "2026-11-21T04:00:00Z",
    });
    expect(snap.members.length).toBe(200);
    expect(snap.members.find((m) => m.userId === "fanbing")).toMatchObject({ enabled: true, status: 1 });
    // Not read in detail: departments only.
    expect(snap.members.find((m) => m.userId === "lina")).not.toHaveProperty("enabled");
    expect(snap.tags.length).toBeGreaterThan(0);
    expect(snap.apps.map((a) => a.agentId)).toEqual(Object.keys(creds.app_secrets).map(Number).sort());
    expect(snap.archive.permitUserIds).toEqual(["huangtao", "maxiaoyu", "wuqiang", "xuli"]);
    expect(snap.unassignedCustomers).not.toBeNull();
    expect(snap.adminLog).not.toBeNull();
    expect(snap.gaps?.archive).toBeUndefined();
    expect(snap.gaps?.singleAgree?.en).toContain("chat-archive SDK");
    expect(calls.get("userGet")).toBe(2);
    expect(calls.get("userListId")).toBe(1);
    expect(calls.get("tagGet")).toBe(snap.tags.length);
    // Seven days since the previous check: one or two ≤ 7-day windows (the client's clock is the host's).
    expect(calls.get("adminOperLogList")).toBeLessThanOrEqual(2);
    // Chat intercept rules: the list, then each rule once (the demo has one, made by hand).
    expect(snap.interceptRules).toEqual([
      {
        ruleId: "ir000001",
        name: "销售私下交易提醒",
        words: ["加我微信", "私下转账", "返点"],
        semantics: ["red_packet"],
        action: "warn",
        userIds: [],
        departmentIds: [5],
        createdAt: "2026-03-02T02:00:00Z",
      },
    ]);
    expect(snap.interceptRulesGap).toBeUndefined();
    expect(calls.get("externalGetInterceptRuleList")).toBe(1);
    expect(calls.get("externalGetInterceptRule")).toBe(1);
    for (const [endpoint] of calls) expect(endpoint).not.toMatch(/create|update|delete|set|add|transfer/i);
  });

  it("reads the check-in rules with the check-in secret; without it they are 'not read', never empty", async () => {
    const cfg = config();
    const opts = { corpId: cfg.corpId, now: NOW, memberDetails: [], adminLog: false };
    const without = await readTenant(clientFromConfig(cfg, { readOnly: true }), {
      ...opts,
      reach: reachOf(cfg),
    });
    expect(without.checkinRules).toBeNull();
    expect(without.checkinRulesGap?.en).toBe(
      "check-in rules not read: the check-in app secret is not configured (wecom:checkinSecret / WECOM_CHECKIN_SECRET)",
    );
    const calls: string[] = [];
    const client = new WecomClient({
      baseUrl: sb.url,
      corpId: creds.corpid,
      secrets: { contacts: creds.contacts_secret, checkin: creds.checkin_secret },
      readOnly: true,
      onCall: (e) => calls.push(e.endpoint),
    });
    const reach = { contacts: true, archive: false, apps: [], security: false, customer: false };
    const snap = await readTenant(client, { ...opts, reach });
    expect(snap.checkinRules?.map((r) => [r.groupId, r.name, r.faceRecognition])).toEqual([
      [1, "总部打卡", false],
    ]);
    expect(snap).not.toHaveProperty("checkinRulesGap");
    expect(calls.filter((c) => c.startsWith("checkin"))).toEqual(["checkinGetCorpOption"]);
  });

  it("reads every member's status in bulk: one user/list per department instead of one user/get each", async () => {
    const cfg = config();
    const calls = new Map<string, number>();
    const client = clientFromConfig(cfg, {
      readOnly: true,
      onCall: (e) => calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1),
    });
    const lines: string[] = [];
    const snap = await readTenant(client, {
      corpId: cfg.corpId,
      reach: { ...reachOf(cfg), security: false, customer: false },
      now: NOW,
      memberDetails: "all",
      adminLog: false,
      progress: (l) => lines.push(l),
    });
    expect(snap.members.length).toBe(200);
    expect(calls.get("userList")).toBe(snap.departments.length);
    expect(calls.get("userGet")).toBeUndefined();
    // The same facts user/get gives: the seed's disabled, exited and not-activated members.
    expect(snap.members.find((m) => m.userId === "zhengkai")).toMatchObject({ enabled: false, status: 2 });
    expect(snap.members.find((m) => m.userId === "fanbing")).toMatchObject({ enabled: true, status: 1 });
    expect(snap.members.every((m) => m.status !== undefined && m.name)).toBe(true);
    expect(lines).toContain(`members (user/list_id + user/list × ${snap.departments.length} departments)`);

    // Same snapshot member by member (the fallback path), for comparison.
    const few = await readTenant(client, {
      corpId: cfg.corpId,
      reach: { ...reachOf(cfg), security: false, customer: false },
      now: NOW,
      memberDetails: snap.members.slice(0, 3).map((m) => m.userId),
      adminLog: false,
    });
    for (const m of few.members.slice(0, 3))
      expect(snap.members.find((x) => x.userId === m.userId)).toEqual(m);
  });

  it("falls back to user/get when WeCom refuses user/list to the sync secret (48009), and says so", async () => {
    // A tenant of its own: every user/list refused, as WeCom does for a sync IP added after 2022-08-15.
    const refusing = await startSandbox({
      quiet: true,
      now: () => NOW.getTime(),
      faults: { oneShot: [{ path: "/cgi-bin/user/list", errcode: 48009, count: 1000 }] },
    });
    try {
      const c = (await (await fetch(`${refusing.url}/__console/credentials`)).json()) as ConsoleCredentials;
      const cfg = parseConfig(
        {},
        {},
        { WECOM_CORP_ID: c.corpid, WECOM_CORP_SECRET: c.contacts_secret, WECOM_BASE_URL: refusing.url },
      );
      const calls = new Map<string, number>();
      const client = clientFromConfig(cfg, {
        readOnly: true,
        onCall: (e) => calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1),
      });
      const lines: string[] = [];
      const snap = await readTenant(client, {
        corpId: cfg.corpId,
        reach: reachOf(cfg),
        now: NOW,
        memberDetails: "all",
        adminLog: false,
        progress: (l) => lines.push(l),
      });
      // Refused calls stop at the ones already in flight (16 at most), then member by member.
      expect(calls.get("userList")).toBeGreaterThanOrEqual(1);
      expect(calls.get("userList")).toBeLessThanOrEqual(16);
      expect(calls.get("userGet")).toBe(200);
      expect(snap.members.find((m) => m.userId === "zhengkai")).toMatchObject({ enabled: false, status: 2 });
      expect(lines).toContain(
        "  user/list refused (errcode 48009): reading each member with user/get / WeCom 拒绝批量读取成员（errcode 48009），改为逐个 user/get 读取",
      );
      expect(lines).toContain("members (user/list_id + user/get × 200)");
    } finally {
      await refusing.close();
    }
  });

  it("takes an admin log the caller already read (drift: once, shared with attribution) without a call", async () => {
    const cfg = config();
    const calls = new Map<string, number>();
    const client = clientFromConfig(cfg, {
      readOnly: true,
      onCall: (e) => calls.set(e.endpoint, (calls.get(e.endpoint) ?? 0) + 1),
    });
    const at = (iso: string) => Date.parse(iso) / 1000;
    const entry = (time: string, operator: string) => ({
      time: at(time),
      userId: operator,
      operType: 2,
      detailInfo: `修改应用管理员（${operator}）`,
      ip: "",
    });
    const read = (adminLogRead: Parameters<typeof readTenant>[1]["adminLogRead"]) =>
      readTenant(client, {
        corpId: cfg.corpId,
        reach: reachOf(cfg),
        now: NOW,
        memberDetails: [],
        previousCheckAt: "2026-11-21T04:00:00Z",
        ...(adminLogRead ? { adminLogRead } : {}),
      });
    const snap = await read({
      logs: [entry("2026-11-25T08:00:00Z", "sunhao"), entry("2026-11-20T08:00:00Z", "lina")],
    });
    // Entries before previousCheckAt are not the snapshot's.
    expect(snap.adminLog).toEqual([
      { time: "2026-11-25T08:00:00Z", operator: "sunhao", operType: 2, detail: "修改应用管理员（sunhao）" },
    ]);
    expect(calls.get("adminOperLogList")).toBeUndefined();
    // A read that failed is not repeated: the part is "cannot check" with its reason.
    const failed = await read({ error: new Error("socket hang up") });
    expect(failed.adminLog).toBeNull();
    expect(failed.gaps?.adminLog?.en).toBe("reading the admin operation log failed: socket hang up");
    expect(calls.get("adminOperLogList")).toBeUndefined();
  });

  it("says why a part could not be read instead of guessing", async () => {
    const cfg = config({
      WECOM_ARCHIVE_SECRET: "",
      WECOM_SECURITY_AGENT_ID: "",
      WECOM_CUSTOMER_AGENT_ID: "",
    });
    const snap = await readTenant(clientFromConfig(cfg, { readOnly: true }), {
      corpId: cfg.corpId,
      reach: reachOf(cfg),
      now: NOW,
      memberDetails: [],
    });
    expect(snap.archive.permitUserIds).toBeNull();
    expect(snap.adminLog).toBeNull();
    expect(snap.unassignedCustomers).toBeNull();
    expect(snap.gaps?.archive?.en).toContain("wecom:archiveSecret");
    expect(snap.gaps?.adminLog?.en).toBe(
      "the security-log app is not configured (wecom:securityAgentId and its secret in wecom:appSecrets)",
    );
    expect(snap.gaps?.unassignedCustomers?.zh).toContain("wecom:customerAgentId");
    expect(snap.interceptRules).toBeNull();
    expect(snap.interceptRulesGap?.en).toContain("wecom:customerAgentId");
  });

  it("builds the client from config keys first, then their environment fallbacks", () => {
    const cfg = parseConfig(
      { corpId: "ww-config" },
      {},
      { WECOM_CORP_ID: "ww-env", WECOM_CORP_SECRET: "s", WECOM_SECURITY_AGENT_ID: "1000004" },
    );
    expect(cfg.corpId).toBe("ww-config");
    expect(reachOf(cfg)).toEqual({
      contacts: true,
      archive: false,
      apps: [],
      security: false,
      customer: false,
    });
  });
});
