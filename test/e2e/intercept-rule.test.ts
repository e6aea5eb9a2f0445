/**
 * wecom:index:InterceptRule end to end (issue 16): the real pulumi CLI and provider plugin, `wecom-policy`
 * as its own process, the sandbox process. The demo's protection.yaml rule is previewed, created by `up`,
 * switched to warn-only by hand in the console — `wecom-policy drift` exits 2 naming the field, the admin
 * and WC.SEC.1 with its articles — and the next `up --refresh` switches it back. The legal gate stops a
 * preview whose rule no longer blocks, with protection.yaml's line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import type { DriftReport } from "../../src/drift/run";
import { validateAgainst } from "../../src/schema";
import { WecomClient } from "../../src/wecom";
import { runCli, startE2E, TIMEOUT, type E2E } from "./harness";

const URN_END = "wecom:index:InterceptRule::customer-data";

describe("InterceptRule (real CLI, plugin and sandbox processes)", () => {
  let e: E2E;
  let client: WecomClient;
  let ruleId: string;

  const drift = (file: string) =>
    runCli(["drift", "--state-dir", e.dir, "--stack", e.ws.stack, "--json", file]);
  const ruleOutput = async (): Promise<string> => {
    const r = await e.ws.run([
      "stack",
      "output",
      "interceptRules",
      "--json",
      "--stack",
      e.ws.stack,
      "--non-interactive",
    ]);
    return (JSON.parse(r.stdout || "{}") as Record<string, string>)["customer-data"]!;
  };

  beforeAll(async () => {
    e = await startE2E("intercept", { policies: "copy" });
    client = new WecomClient({
      baseUrl: e.sandbox.url,
      corpId: e.creds.corpid,
      secrets: { apps: e.creds.app_secrets },
      customerAgentId: 1000003,
      readOnly: true,
    });
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "preview shows the rule to create with its fields and writes nothing; up creates it and reads it back",
    async () => {
      await e.resetLog();
      const pv = await e.pulumi("preview", "--json");
      expect(pv.code, pv.stderr).toBe(0);
      const steps = (
        JSON.parse(pv.stdout) as { steps: { op: string; urn: string; newState?: { inputs?: object } }[] }
      ).steps;
      const step = steps.find((s) => s.urn.endsWith(URN_END));
      expect(step?.op).toBe("create");
      expect(step?.newState?.inputs).toMatchObject({
        name: "客户与供应商敏感信息",
        action: "block",
        semantics: ["email", "phone"],
        members: ["chenjing", "zhangwei", "zhaolei"],
      });
      expect(await e.writes()).toEqual([]);

      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const writes = (await e.writes()).map((w) => w.path);
      expect(writes.filter((p) => p.includes("intercept_rule"))).toEqual([
        "/cgi-bin/externalcontact/add_intercept_rule",
      ]);
      ruleId = await ruleOutput();
      const live = await client.getInterceptRule(ruleId);
      expect(live).toMatchObject({
        name: "客户与供应商敏感信息",
        action: "block",
        range: { userIds: ["chenjing", "zhangwei", "zhaolei"], departmentIds: [] },
      });
      expect([...live.semantics].sort()).toEqual(["email", "phone"]);
      expect([...live.words].sort()).toEqual(["开户行", "身份证号", "银行卡号", "银行账号"]);
      // The console-made rule outside the policy is left alone.
      expect((await client.listInterceptRules()).map((r) => r.name)).toContain("销售私下交易提醒");
      for (const s of e.secrets) expect(e.outputs.join("")).not.toContain(s);
    },
    TIMEOUT,
  );

  it(
    "a console switch to warn-only is drift: exit 2, the field, who did it, and WC.SEC.1 with its articles",
    async () => {
      await e.sandbox.console("intercept_rule/edit", {
        operator: "zhoumin",
        rule_id: ruleId,
        intercept_type: 2,
      });
      await e.resetLog();
      const file = path.join(e.dir, "drift.json");
      const r = await drift(file);
      expect(r.code, r.stderr + r.stdout).toBe(2);
      expect(await e.writes()).toEqual([]);
      const report = JSON.parse(fs.readFileSync(file, "utf8")) as DriftReport;
      expect(validateAgainst("drift-report", report)).toEqual([]);
      const items = report.items.filter((i) => i.type === "InterceptRule");
      expect(
        items.map((i) => [
          i.name,
          i.path,
          i.live,
          i.declared,
          i.changedBy?.operator,
          i.controls.map((c) => c.id),
        ]),
      ).toEqual([["customer-data", "action", "warn", "block", "zhoumin", ["WC.SEC.1v1"]]]);
      const sec = items[0]!.controls[0]!;
      expect(sec.law.en).toContain("PIPL Art. 51(3)");
      expect(sec.reason?.en).toContain("is warn-only in WeCom, the policy says block");
      expect(report.law.filter((f) => f.id === "WC.SEC.1v1").map((f) => [f.status, f.target])).toEqual([
        ["fail", "role:finance-approvers"],
      ]);
      expect(r.stdout).toContain("WC.SEC.1v1 (mandatory)");
      expect(r.stdout).toContain("zhoumin");
    },
    TIMEOUT,
  );

  it(
    "the next up --refresh switches it back with one update_intercept_rule, and drift is clean again",
    async () => {
      await e.resetLog();
      const up = await e.pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await e.writes()).map((w) => w.path).filter((p) => p.includes("intercept_rule"))).toEqual([
        "/cgi-bin/externalcontact/update_intercept_rule",
      ]);
      expect((await client.getInterceptRule(ruleId)).action).toBe("block");
      const r = await drift(path.join(e.dir, "clean.json"));
      expect(r.code, r.stderr + r.stdout).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "the gate: a sensitive role that talks to customers without a blocking rule stops the preview with file:line",
    async () => {
      const file = path.join(e.dir, "policies", "protection.yaml");
      const original = fs.readFileSync(file, "utf8");
      fs.writeFileSync(file, original.replace("    action: block\n", "    action: warn\n"));
      try {
        await e.resetLog();
        const pv = await e.pulumi("preview");
        const out = pv.stdout + pv.stderr;
        expect(pv.code, out).not.toBe(0);
        expect(out).toContain("WC.SEC.1v1");
        expect(out).toMatch(/protection\.yaml:\d+:\d+/);
        expect(out).toContain("warns only or lacks phone/e-mail");
        expect(await e.writes()).toEqual([]);
      } finally {
        fs.writeFileSync(file, original);
      }
    },
    TIMEOUT,
  );

  it(
    "a rule removed from protection.yaml: the preview says in words it will be deleted, up deletes it, the console's rule stays",
    async () => {
      const file = path.join(e.dir, "policies", "protection.yaml");
      const doc = parseDocument(fs.readFileSync(file, "utf8"));
      doc.deleteIn(["intercept_rules", "customer-data"]);
      // Without the rule, WC.SEC.1 would stop the preview: finance no longer talks to customers here.
      doc.setIn(["sensitive_roles", "finance-approvers", "talks_to_customers"], false);
      fs.writeFileSync(file, doc.toString());
      await e.resetLog();
      const pv = await e.pulumi("preview");
      expect(pv.code, pv.stdout + pv.stderr).toBe(0);
      expect(pv.stdout + pv.stderr).toContain(
        `intercept rule customer-data was removed from protection.yaml: WeCom chat intercept rule 客户与供应商敏感信息 (rule_id ${ruleId}, block, 4 word(s), phone+email, 3 member(s), 0 department(s)) will be DELETED (del_intercept_rule)`,
      );
      expect(await e.writes()).toEqual([]);
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await e.writes()).map((w) => w.path).filter((p) => p.includes("intercept_rule"))).toEqual([
        "/cgi-bin/externalcontact/del_intercept_rule",
      ]);
      expect((await client.listInterceptRules()).map((r) => r.name)).toEqual(["销售私下交易提醒"]);
    },
    TIMEOUT,
  );
});
