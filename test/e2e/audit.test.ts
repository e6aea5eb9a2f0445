/**
 * `wecom-policy audit` end to end, one sandbox process and one stack for the whole file: the real CLI as a
 * child process, the real pulumi CLI (stack config), the sandbox tenant. Each live control is driven
 * through the sandbox console or a temp copy of the policies: violate → exit 1 (mandatory) naming control,
 * target and article; waive → waived; an expired waiver → WC.WVR.1; fix → pass. The cases of issue 9's
 * "Why" are here too, with `validate` and `pulumi preview` for the ones the files alone can tell.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/evaluate";
import { validateAgainst } from "../../src/schema";
import { runCli, startE2E, TIMEOUT, type E2E } from "./harness";

type Result = AuditReport["controls"][number]["results"][number];

describe("wecom-policy audit (real CLI, pulumi and sandbox processes)", () => {
  let e: E2E;
  let pol: string;
  const originals = new Map<string, string>();
  let n = 0;

  const file = (f: string) => path.join(pol, f);
  const edit = (f: string, fn: (text: string) => string) => {
    if (!originals.has(f)) originals.set(f, fs.readFileSync(file(f), "utf8"));
    const next = fn(fs.readFileSync(file(f), "utf8"));
    fs.writeFileSync(file(f), next);
  };
  const restore = (f: string) => fs.writeFileSync(file(f), originals.get(f)!);
  type W = [id: string, control: string, target: string, expires: string];
  /** WC.LOG.1 waived in the baseline: `logs sync` has never run against this fresh tenant. */
  const LOG_WAIVER: W = ["WVR-E2E-LOG", "WC.LOG.1v1", "log-archive", "2027-01-31"];
  /** The copy's waivers.yaml: the demo's waivers plus these. */
  const waivers = (...extra: W[]) =>
    fs.writeFileSync(
      file("waivers.yaml"),
      originals.get("waivers.yaml")! +
        extra
          .map(
            ([id, control, target, expires]) =>
              `  ${id}:\n    control: ${control}\n    target: ${target}\n    reason: accepted until the vendor contract ends / 供应商合同结束前接受\n    owner: liuyang\n    approved_by: liuyang\n    expires: ${expires}\n`,
          )
          .join(""),
    );

  const audit = async (...extra: string[]) => {
    const json = path.join(e.dir, `audit-${++n}.json`);
    const r = await runCli(["audit", "--state-dir", e.dir, "--stack", e.ws.stack, "--json", json, ...extra]);
    const report = fs.existsSync(json)
      ? (JSON.parse(fs.readFileSync(json, "utf8")) as AuditReport)
      : undefined;
    for (const s of e.secrets) expect(r.stdout + r.stderr).not.toContain(s);
    return { ...r, report: report! };
  };
  const results = (r: AuditReport, id: string): Result[] => r.controls.find((c) => c.id === id)!.results;
  const RANK = { "not-applicable": 0, pass: 1, "cannot-check": 2, waived: 3, fail: 4 } as const;
  /** The verdict on a target (the worst one, when a control has a declared and a live part). */
  const result = (r: AuditReport, id: string, target: string): Result | undefined =>
    results(r, id)
      .filter((x) => x.target === target)
      .sort((a, b) => RANK[b.status] - RANK[a.status])[0];
  const console_ = (action: string, body: Record<string, unknown>) =>
    e.sandbox.console(action, { operator: "sunhao", ...body });

  beforeAll(async () => {
    e = await startE2E("audit", { policies: "copy" });
    pol = path.join(e.dir, "policies");
    // The tenant as `pulumi up` leaves it for leavers (fanbing disabled), and WC.LOG.1 waived: `logs sync`
    // has never run against this fresh tenant.
    await console_("user/enable", { userid: "fanbing", enable: 0 });
    // …and for protection.yaml's chat intercept rule (WC.SEC.1, live): blocking phone and e-mail for finance.
    await console_("intercept_rule/add", {
      rule_name: "客户与供应商敏感信息",
      word_list: ["身份证号", "银行账号", "银行卡号", "开户行"],
      semantics_list: [1, 2],
      intercept_type: 1,
      applicable_range: { user_list: ["chenjing", "zhangwei", "zhaolei"] },
    });
    originals.set("waivers.yaml", fs.readFileSync(file("waivers.yaml"), "utf8"));
    waivers(LOG_WAIVER);
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "evaluates all 28 controls on the demo tenant, exit 0 with no mandatory failure, and reads without writing",
    async () => {
      await e.resetLog();
      const r = await audit();
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(validateAgainst("audit-report", r.report)).toEqual([]);
      expect(r.report.controls).toHaveLength(28);
      expect(r.report.summary.mandatoryFailures).toBe(0);
      expect(await e.writes()).toEqual([]);
      expect(result(r.report, "WC.LOG.1v1", "log-archive")).toMatchObject({
        status: "waived",
        waiver: { id: "WVR-E2E-LOG", owner: "liuyang", expires: "2027-01-31" },
      });
      // External contacts' agreement needs the chat pairs only the archive SDK decrypts: cannot check, why.
      expect(result(r.report, "WC.ARC.5v1", "archive")?.status).toBe("cannot-check");
      expect(r.stdout).toContain(
        "? WC.ARC.5v1 (advisory) External contacts who declined archiving — cannot check",
      );
      expect(r.stdout).toMatch(/0 mandatory failed, \d+ advisory failed, 1 waived, \d+ passed/);
    },
    TIMEOUT,
  );

  it(
    "WC.GOV.4 and WC.ACC.3: an audit with evidence is the compliance report and the mark later audits count from",
    async () => {
      const first = await audit();
      expect(result(first.report, "WC.GOV.4v1", "compliance-audit")?.status).toBe("fail");
      const ev = path.join(e.dir, "evidence");
      const withEvidence = await audit("--evidence", ev);
      expect(withEvidence.code).toBe(0);
      const after = await audit();
      expect(result(after.report, "WC.GOV.4v1", "compliance-audit")?.status).toBe("pass");
      expect(result(after.report, "WC.ACC.3v1", "admin-log")?.status).toBe("pass");
      // A permission change after the last audit is reported with operator and time.
      await console_("agent/admins", {
        agentid: 1000005,
        admins: [
          { userid: "wangfang", auth_type: 1 },
          { userid: "zhoumin", auth_type: 0 },
        ],
      });
      const changed = await audit();
      const acc3 = results(changed.report, "WC.ACC.3v1").filter((x) => x.status === "fail");
      expect(acc3.length).toBeGreaterThan(0);
      expect(acc3[0]!.message.en).toContain("Admin permissions changed by sunhao");
      await console_("agent/admins", { agentid: 1000005, admins: [{ userid: "wangfang", auth_type: 1 }] });
    },
    TIMEOUT,
  );

  /**
   * Every live control that can be broken, broken at once (one audit per step keeps the file's cost to a
   * few CLI runs): each is named with its target and article; waived → waived; an expired waiver → the
   * control fails again and WC.WVR.1 names the waiver; fixed → pass.
   */
  const BROKEN: { id: string; target: string; severity: "mandatory" | "advisory"; article: string }[] = [
    { id: "WC.LOC.3v1", target: "app:1000002", severity: "advisory", article: "PIPL Art. 29" },
    { id: "WC.ARC.2v1", target: "member:lina", severity: "mandatory", article: "PIPL Arts. 14, 15" },
    {
      id: "WC.LOG.1v1",
      target: "log-archive",
      severity: "mandatory",
      article: "CSL Art. 23(3) (formerly 21(3))",
    },
    { id: "WC.ACC.2v1", target: "app:1000004", severity: "advisory", article: "PIPL Art. 51(4)" },
    { id: "WC.LVR.1v1", target: "member:fanbing", severity: "mandatory", article: "PIPL Arts. 47, 51(4)" },
    { id: "WC.LVR.2v1", target: "member:zhengkai", severity: "advisory", article: "PIPL Art. 47" },
    { id: "WC.LVR.3v1", target: "member:zhengkai", severity: "advisory", article: "PIPL Art. 47" },
    { id: "WC.XB.2v1", target: "app:1000003", severity: "mandatory", article: "PIPL Art. 38" },
  ];

  it(
    "each live control: violate → named with target and article (exit 2), waive → waived, expired waiver → WC.WVR.1, fix → pass",
    async () => {
      // Violate, through the console (what an admin does by hand) and the policy copy.
      await console_("agent/visible_range", { agentid: 1000002, users: ["gaoyan"], parties: [9] });
      await console_("msgaudit/permit", { add: ["lina"], type: 3 });
      await console_("agent/admins", {
        agentid: 1000004,
        admins: [
          { userid: "sunhao", auth_type: 1 },
          { userid: "gaoyan", auth_type: 1 },
        ],
      });
      await console_("user/enable", { userid: "fanbing", enable: 1 });
      await console_("agent/set", { agentid: 1000003, home_url: "https://crm.example.com" });
      edit("retention.yaml", (t) =>
        t
          .replace("admin_logs:\n  min_days: 184", "admin_logs:\n  min_days: 30")
          .replace("transfer_customers_within_days: 30", "transfer_customers_within_days: 10")
          .replace("delete_after_days: 180", "delete_after_days: 5"),
      );
      waivers();
      const bad = await audit();
      expect(bad.code, bad.stdout).toBe(2);
      for (const b of BROKEN) {
        expect(result(bad.report, b.id, b.target)?.status, `${b.id} ${b.target}`).toBe("fail");
        expect(bad.stdout).toContain(`✗ ${b.id} (${b.severity})`);
        expect(bad.stdout).toContain(`✗ ${b.target}: `);
        expect(bad.stdout).toContain(`Law: ${b.article}`);
      }
      expect(result(bad.report, "WC.LOG.1v1", "log-archive")?.message.en).toContain(
        "retention.yaml keeps admin operation logs for 30 days, less than 184",
      );
      expect(result(bad.report, "WC.LOC.3v1", "app:1000002")?.message.en).toContain("gaoyan");

      waivers(...BROKEN.map((b, i): W => [`WVR-E2E-${i}`, b.id, b.target, "2027-02-28"]));
      const waived = await audit();
      expect(waived.code, waived.stdout).toBe(0);
      BROKEN.forEach((b, i) =>
        expect(result(waived.report, b.id, b.target), b.id).toMatchObject({
          status: "waived",
          waiver: { id: `WVR-E2E-${i}`, owner: "liuyang", expires: "2027-02-28" },
        }),
      );
      expect(waived.stdout).toContain("Waived: WVR-E2E-1 (owner liuyang, until 2027-02-28)");

      waivers(...BROKEN.map((b, i): W => [`WVR-E2E-${i}`, b.id, b.target, "2026-11-01"]));
      const expired = await audit();
      expect(expired.code).toBe(2);
      BROKEN.forEach((b, i) => {
        expect(result(expired.report, b.id, b.target)?.status, b.id).toBe("fail");
        expect(result(expired.report, "WC.WVR.1v1", `waiver:WVR-E2E-${i}`)?.status).toBe("fail");
      });

      // Fix: the console changes undone, the policy restored; WC.LOG.1's own fix is `logs sync`, so its
      // baseline waiver returns.
      await console_("agent/visible_range", { agentid: 1000002, users: [], parties: [9] });
      await console_("msgaudit/permit", { remove: ["lina"], type: 3 });
      await console_("agent/admins", { agentid: 1000004, admins: [{ userid: "sunhao", auth_type: 1 }] });
      await console_("user/enable", { userid: "fanbing", enable: 0 });
      await console_("agent/set", { agentid: 1000003, home_url: "https://crm.xinghe-demo.cn" });
      restore("retention.yaml");
      waivers(LOG_WAIVER);
      const good = await audit();
      expect(good.code, good.stdout).toBe(0);
      for (const b of BROKEN.filter((x) => x.id !== "WC.LOG.1v1")) {
        expect(result(good.report, b.id, b.target)?.status ?? "pass", `${b.id} ${b.target}`).toBe("pass");
        const statuses = results(good.report, b.id).map((x) => x.status);
        expect(
          statuses.every((x) => x === "pass" || x === "not-applicable"),
          `${b.id} ${statuses}`,
        ).toBe(true);
      }
    },
    TIMEOUT,
  );

  it(
    "--evidence writes a directory that --from-evidence re-evaluates offline to the same results; tampering is named",
    async () => {
      const ev = path.join(e.dir, "evidence-2");
      const r = await audit("--evidence", ev);
      expect(fs.readdirSync(ev).sort()).toEqual([
        "manifest.json",
        "policies",
        "policy.json",
        "results.json",
        "snapshot.json",
      ]);
      for (const s of e.secrets)
        for (const f of ["snapshot.json", "results.json", "policy.json"])
          expect(fs.readFileSync(path.join(ev, f), "utf8")).not.toContain(s);
      const policy = JSON.parse(
        fs.readFileSync(path.join(ev, "policy.json"), "utf8"),
      ) as AuditReport["policy"];
      expect(policy.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      const again = await runCli(["audit", "--from-evidence", ev]);
      expect(again.code, again.stderr).toBe(r.code);
      expect(again.stdout).toContain("Evidence verified");
      fs.appendFileSync(path.join(ev, "snapshot.json"), " ");
      const tampered = await runCli(["audit", "--from-evidence", ev]);
      expect(tampered.code).toBe(3);
      expect(tampered.stderr).toContain("snapshot.json: SHA-256 differs from the manifest");
    },
    TIMEOUT,
  );

  it(
    "the cases of issue 9's Why: huangtao's archive consent withdrawn while archived, staff001 (no consent) added to archive.yaml, linfeng's location consent withdrawn — validate and the preview stop before anything reaches WeCom, audit names them",
    async () => {
      edit("consent-ledger.csv", (t) =>
        t
          .replace(
            "huangtao,chat-archive,2026-02-10,,ESIGN-ARC-0003",
            "huangtao,chat-archive,2026-02-10,2026-11-25,ESIGN-ARC-0003",
          )
          .replace(
            "linfeng,location-tracking,2026-03-01,,ESIGN-LOC-0001",
            "linfeng,location-tracking,2026-03-01,2026-11-26,ESIGN-LOC-0001",
          ),
      );
      edit("archive.yaml", (t) =>
        t.replace(
          "members: [wuqiang, xuli, huangtao, maxiaoyu]",
          "members: [wuqiang, xuli, huangtao, maxiaoyu, staff001]",
        ),
      );
      const v = await runCli(["validate", "--dir", pol]);
      expect(v.code).toBe(2);
      expect(v.stdout).toContain("✗ WC.ARC.2v1 (mandatory) member:huangtao");
      expect(v.stdout).toContain("✗ WC.ARC.2v1 (mandatory) member:staff001");
      expect(v.stdout).toContain("✗ WC.LOC.1v1 (mandatory) app:1000002");
      expect(v.stdout).toContain("no valid separate consent to location-tracking: linfeng");
      expect(v.stdout).toMatch(/At: archive\.yaml:21:\d+ \/members\/4/);
      expect(v.stdout).toMatch(/At: apps\.yaml:\d+:\d+/);

      await e.resetLog();
      const p = await e.pulumi("preview");
      const out = p.stdout + p.stderr;
      expect(p.code).not.toBe(0);
      expect(out).toContain("WC.ARC.2v1 member:huangtao");
      expect(out).toContain("WC.ARC.2v1 member:staff001");
      expect(out).toContain("WC.LOC.1v1 app:1000002");
      expect(out).toContain("Law: PIPL Arts. 14, 15");
      expect(out).toContain("Law: PIPL Arts. 13, 14, 17, 28, 29, 30");
      expect(out).toMatch(/位置 \/ At: archive\.yaml:21:\d+/);
      expect(await e.writes()).toEqual([]);

      const a = await audit();
      expect(a.code).toBe(2);
      // Both halves of WC.ARC.2 for huangtao: the declared range (archive.yaml) and the live one.
      expect(
        results(a.report, "WC.ARC.2v1")
          .filter((x) => x.target === "member:huangtao")
          .map((x) => [x.status, x.message.en]),
      ).toEqual([
        [
          "fail",
          "archive.yaml puts member huangtao in the archive range but withdrew consent to chat-archive on 2026-11-25.",
        ],
        ["fail", "Member huangtao is archived but withdrew consent to chat-archive on 2026-11-25."],
      ]);
      expect(result(a.report, "WC.LOC.3v1", "app:1000002")?.message.en).toContain("linfeng");
      restore("consent-ledger.csv");
      restore("archive.yaml");
    },
    // One real preview on a loaded machine can take minutes.
    2 * TIMEOUT,
  );
});
