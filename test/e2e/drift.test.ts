/**
 * `wecom-policy drift` end to end: the command as its own process, the real Pulumi CLI and provider plugin,
 * the sandbox process. Hand-made console changes are reported with their live and declared values, the
 * admin who made them (from the admin operation log) and the law they touch; the check writes nothing.
 * The stack is applied once for the file; a test that changes the tenant undoes it, so each test stands alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../src/drift/run";
import { validateAgainst } from "../../src/schema";
import { WecomClient } from "../../src/wecom";
import { BUDGET_SOCKET_ENV, startBudgetCoordinator } from "../../src/wecom/budget-share";
import { runCli, startE2E, TIMEOUT, type E2E } from "./harness";

describe("wecom-policy drift (real CLI, plugin and sandbox processes)", () => {
  let e: E2E;
  let dir: string;
  let secrets: string[];

  const drift = (json: string) =>
    runCli(["drift", "--state-dir", dir, "--stack", e.ws.stack, "--json", json]);
  const writes = () => e.writes();
  const tagIdOf = async (name: string): Promise<number> => {
    const c = new WecomClient({
      baseUrl: e.sandbox.url,
      corpId: e.creds.corpid,
      secrets: { contacts: e.creds.contacts_secret },
      readOnly: true,
    });
    return (await c.listTags()).find((t) => t.name === name)!.tagId;
  };

  beforeAll(async () => {
    e = await startE2E("drift", { policies: "copy" });
    dir = e.dir;
    secrets = e.secrets;
    const up = await e.pulumi("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "exits 0 with 'in sync' right after up",
    async () => {
      const r = await drift(path.join(dir, "clean.json"));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("WeCom matches the policy.");
      const report = JSON.parse(fs.readFileSync(path.join(dir, "clean.json"), "utf8")) as DriftReport;
      expect(report.status).toBe("in-sync");
      expect(validateAgainst("drift-report", report)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "pulumi passes the run's budget coordinator on to the provider plugin, which takes its turns from it",
    async () => {
      // The environment pulumi was started with reaches the plugin it starts (as WECOM_POLICY_READ_ONLY
      // does for drift): its WeCom calls ask this coordinator for their turns (issue 12).
      const c = await startBudgetCoordinator();
      try {
        const r = await e.ws.run(["preview", "--refresh", ...e.ws.stackArgs()], {
          env: { [BUDGET_SOCKET_ENV]: c.socketPath },
        });
        expect(r.code, r.stderr).toBe(0);
        expect(c.stats.connections).toBeGreaterThanOrEqual(1);
        expect(c.stats.permits).toBeGreaterThan(0);
        expect(r.stdout + r.stderr).not.toContain(BUDGET_SOCKET_ENV);
      } finally {
        await c.close();
      }
      // The drift command starts its own for its preview: nothing says the shared budget is unavailable.
      const d = await drift(path.join(dir, "shared.json"));
      expect(d.code, d.stderr).toBe(0);
      expect(d.stdout + d.stderr).not.toContain(BUDGET_SOCKET_ENV);
    },
    TIMEOUT,
  );

  it(
    "exits 2 naming each hand-made change, who made it, and the law it touches, without writing",
    async () => {
      // First a change made through the API (WeCom logs none): liuyang added to 财务审批 with the contacts
      // secret. Then unrelated console changes by other admins — none of them may be blamed for it.
      const financeTag = (await e.roleTags())["finance-approvers"]!;
      const contacts = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { contacts: e.creds.contacts_secret },
      });
      await contacts.addTagMembers(financeTag, { userIds: ["liuyang"] });
      await e.sandbox.console("agent/set", {
        operator: "sunhao",
        agentid: 1000003,
        home_url: "https://crm.example.com",
      });
      await e.sandbox.console("agent/visible_range", {
        operator: "zhoumin",
        agentid: 1000002,
        users: ["gaoyan"],
        parties: [9],
      });
      await e.sandbox.console("tag/addusers", { operator: "sunhao", tagid: 100, userlist: ["lina"] }); // unmanaged tag: no drift
      await e.sandbox.console("requests/reset", { operator: "e2e" });

      const file = path.join(dir, "drift.json");
      const r = await drift(file);
      expect(r.code, r.stderr).toBe(2);
      expect(await writes()).toEqual([]);
      const report = JSON.parse(fs.readFileSync(file, "utf8")) as DriftReport;
      expect(validateAgainst("drift-report", report)).toEqual([]);
      expect(
        report.items.map((i) => [
          i.type,
          i.name,
          i.path,
          i.live,
          i.declared,
          i.changedBy?.operator,
          i.unattributed?.reason,
          i.controls.map((c) => c.id),
        ]),
      ).toEqual([
        [
          "AppAccess",
          "field-assistant",
          "visibleRange.users[0]",
          "gaoyan",
          undefined,
          "zhoumin",
          undefined,
          ["WC.LOC.3v1"],
        ],
        [
          "AppSettings",
          "sales-crm",
          "homeUrl",
          "https://crm.example.com",
          "https://crm.xinghe-demo.cn",
          "sunhao",
          undefined,
          ["WC.XB.2v1"],
        ],
        [
          "Role",
          "finance-approvers",
          expect.stringMatching(/^members\[\d+\]$/),
          "liuyang",
          undefined,
          undefined,
          "no-entry",
          // liuyang has not left: a membership change against the declared role, not a leaver finding.
          [],
        ],
      ]);
      expect(r.stdout).toContain(
        "changed by: unknown. No operation-log entry concerns this object since the stack's last update",
      );
      expect(r.stdout).not.toMatch(/likely/);
      expect(r.stdout).toContain(
        "WC.XB.2v1 (mandatory) App domains are approved — 《个人信息保护法》第三十八条 / PIPL Art. 38",
      );
      for (const s of secrets) expect(r.stdout + r.stderr + fs.readFileSync(file, "utf8")).not.toContain(s);

      // Undo the changes, so the other tests find the tenant as `up` left it whatever the order.
      await e.sandbox.console("agent/set", {
        operator: "sunhao",
        agentid: 1000003,
        home_url: "https://crm.xinghe-demo.cn",
      });
      await e.sandbox.console("agent/visible_range", {
        operator: "zhoumin",
        agentid: 1000002,
        users: [],
        parties: [9],
      });
      await e.sandbox.console("tag/delusers", { operator: "sunhao", tagid: 100, userlist: ["lina"] });
    },
    TIMEOUT,
  );

  it(
    "exits 2 on the law alone, cites the control that really applies per item, and applies waivers",
    async () => {
      // Undo the previous case's changes, so only what this case does differs.
      await new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { contacts: e.creds.contacts_secret },
      }).removeTagMembers(await tagIdOf("财务审批"), { userIds: ["liuyang"] });
      await e.sandbox.console("agent/set", {
        operator: "sunhao",
        agentid: 1000003,
        home_url: "https://crm.xinghe-demo.cn",
      });
      await e.sandbox.console("agent/visible_range", {
        operator: "zhoumin",
        agentid: 1000002,
        users: [],
        parties: [9],
      });
      const ledger = path.join(dir, "policies", "consent-ledger.csv");
      const original = fs.readFileSync(ledger, "utf8");
      // huangtao withdraws consent in the ledger while still archived: no resource differs.
      fs.writeFileSync(
        ledger,
        original.replace(
          "huangtao,chat-archive,2026-02-10,,ESIGN-ARC-0003",
          "huangtao,chat-archive,2026-02-10,2026-11-25,ESIGN-ARC-0003",
        ),
      );
      const file = path.join(dir, "law.json");
      const r = await drift(file);
      expect(r.code, r.stderr + r.stdout).toBe(2);
      const report = JSON.parse(fs.readFileSync(file, "utf8")) as DriftReport;
      expect(validateAgainst("drift-report", report)).toEqual([]);
      expect(report.items).toEqual([]);
      expect(report.law.filter((f) => f.status === "fail").map((f) => [f.id, f.target])).toContainEqual([
        "WC.ARC.2v1",
        "member:huangtao",
      ]);
      expect(r.stdout).toContain(
        "Member huangtao is archived but withdrew consent to chat-archive on 2026-11-25.",
      );
      expect(r.stdout).toContain("But a mandatory legal control fails");
      fs.writeFileSync(ledger, original);

      // A leaver put back into 财务审批 is a leaver finding; anyone else is a membership change.
      await e.sandbox.console("tag/addusers", {
        operator: "sunhao",
        tagid: await tagIdOf("财务审批"),
        userlist: ["zhengkai", "liuyang"],
      });
      const r2 = await drift(path.join(dir, "roles.json"));
      expect(r2.code).toBe(2);
      const rep2 = JSON.parse(fs.readFileSync(path.join(dir, "roles.json"), "utf8")) as DriftReport;
      const byWho = new Map(rep2.items.map((i) => [i.live as unknown as string, i]));
      expect(byWho.get("zhengkai")?.controls.map((c) => [c.id, c.reason?.en])).toEqual([
        [
          "WC.ACC.1v1",
          expect.stringMatching(/^zhengkai left on 2026-11-01 \(people\.csv:\d+:1\) and is in 财务审批$/),
        ],
      ]);
      expect(byWho.get("liuyang")?.controls).toEqual([]);
      expect(byWho.get("liuyang")?.reason?.en).toMatch(
        /^liuyang has not left \(people\.csv:\d+:1\): a membership change against the declared role 财务审批 \(roles\.yaml:\d+:\d+\), not a leaver finding$/,
      );

      // A waiver covers the leaver item as it covers the finding in `audit`.
      const waivers = path.join(dir, "policies", "waivers.yaml");
      const w = fs.readFileSync(waivers, "utf8");
      fs.appendFileSync(
        waivers,
        "  WVR-E2E-ACC:\n    control: WC.ACC.1v1\n    target: role:finance-approvers\n    reason: audit of the payment run first / 先完成付款审计\n    owner: chenjing\n    approved_by: liuyang\n    expires: 2026-12-31\n",
      );
      const r3 = await drift(path.join(dir, "waived.json"));
      const rep3 = JSON.parse(fs.readFileSync(path.join(dir, "waived.json"), "utf8")) as DriftReport;
      const z = rep3.items.find((i) => (i.live as unknown as string) === "zhengkai");
      expect(z?.controls[0]?.waiver).toMatchObject({
        id: "WVR-E2E-ACC",
        owner: "chenjing",
        expires: "2026-12-31",
      });
      expect(r3.stdout).toContain("waived: WVR-E2E-ACC (owner chenjing, until 2026-12-31)");
      fs.writeFileSync(waivers, w);
    },
    TIMEOUT,
  );

  it(
    "reports a stack it cannot run as an error (exit 1)",
    async () => {
      const r = await runCli(["drift", "--state-dir", path.join(dir, "nowhere"), "--stack", e.ws.stack]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("is not a wecom-policy workspace");
    },
    TIMEOUT,
  );
});
