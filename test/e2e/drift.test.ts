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
import { DEMO_POLICIES, runCli, startE2E, TIMEOUT, type E2E } from "./harness";

describe("wecom-policy drift (real CLI, plugin and sandbox processes)", () => {
  let e: E2E;
  let dir: string;
  let secrets: string[];

  const drift = (json: string) =>
    runCli(["drift", "--state-dir", dir, "--stack", e.ws.stack, "--json", json]);
  const writes = () => e.writes();

  beforeAll(async () => {
    e = await startE2E("drift", { policies: DEMO_POLICIES });
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
    "exits 2 naming each hand-made change, who made it, and the law it touches, without writing",
    async () => {
      // First a change made through the API (WeCom logs none): liuyang added to 财务审批 with the contacts
      // secret. Then unrelated console changes by other admins — none of them may be blamed for it.
      const roles = await e.ws.run([
        "stack",
        "output",
        "roles",
        "--json",
        "--stack",
        e.ws.stack,
        "--non-interactive",
      ]);
      const financeTag = (JSON.parse(roles.stdout || "{}") as Record<string, number>)["finance-approvers"]!;
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
          ["WC.ACC.1v1"],
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
    "reports a stack it cannot run as an error (exit 1)",
    async () => {
      const r = await runCli(["drift", "--state-dir", path.join(dir, "nowhere"), "--stack", e.ws.stack]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("is not a wecom-policy workspace");
    },
    TIMEOUT,
  );
});
