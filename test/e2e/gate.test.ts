/**
 * The legal gate and input validation in front of the real `pulumi preview`: a mandatory finding or a
 * bad policy file stops the preview with the full bilingual list and no stack trace, before any call to
 * WeCom; advisory findings print as warnings and the preview goes on. Real CLI, plugin and sandbox.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSandboxStack } from "../../src/cli/commands/demo";
import { startSandboxProcess, type SandboxProcess } from "../../src/pulumi/sandbox-process";
import { PROJECT_DIR, type PulumiWorkspace } from "../../src/pulumi/workspace";

const TIMEOUT = 120_000;

describe("the preview gate (real pulumi preview)", () => {
  let dir: string;
  let policies: string;
  let sandbox: SandboxProcess;
  let ws: PulumiWorkspace;

  /** Rewrite one policy file in the test's copy of policies/. */
  const edit = (file: string, from: string | RegExp, to: string) => {
    const p = path.join(policies, file);
    const before = fs.readFileSync(p, "utf8");
    const after = before.replace(from, to);
    expect(after, `${file}: pattern not found`).not.toBe(before);
    fs.writeFileSync(p, after);
  };
  const restore = () => fs.cpSync(path.join(PROJECT_DIR, "policies"), policies, { recursive: true });
  const apiCalls = async () => (await sandbox.get("/__console/requests")) as unknown[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-e2e-gate-"));
    policies = path.join(dir, "policies");
    restore();
    sandbox = await startSandboxProcess({ stateFile: path.join(dir, "sandbox.json"), seed: "demo" });
    ws = await configureSandboxStack(sandbox, dir, policies, `e2e-gate-${process.pid}`);
  }, TIMEOUT);

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "a mandatory finding stops the preview with id, article and fix in both languages, and nothing reaches WeCom",
    async () => {
      restore();
      edit("records.yaml", "- date: 2026-06-18", "- date: 2025-01-15");
      await sandbox.console("requests/reset", { operator: "e2e" });
      const r = await ws.run(["preview", ...ws.stackArgs()], { env: { WECOM_POLICY_NOW: "2026-11-28" } });
      const out = r.stdout + r.stderr;
      expect(r.code).not.toBe(0);
      expect(out).toContain("✗ WC.GOV.2v1");
      expect(out).toContain("Legal checks failed: 1 mandatory control finding; no resources were declared.");
      expect(out).toContain("策略法律检查未通过");
      expect(out).toContain("《个人信息保护法》第五十一条第（五）项、第五十七条");
      expect(out).toMatch(/At: records\.yaml:\d+:\d+/);
      expect(out).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m); // no stack trace
      expect(await apiCalls()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "a bad policy file lists every problem with file:line and a fix, and nothing reaches WeCom",
    async () => {
      restore();
      edit("roles.yaml", "members: [chenjing, zhaolei, zhangwei]", "members: [chenjing, zhaolie, zhangwei]");
      edit("roles.yaml", "tag_name: HR数据访问", "tag_name: HR数据访问\n    colour: blue");
      await sandbox.console("requests/reset", { operator: "e2e" });
      const r = await ws.run(["preview", ...ws.stackArgs()]);
      const out = r.stdout + r.stderr;
      expect(r.code).not.toBe(0);
      expect(out).toContain("nothing was sent to WeCom");
      expect(out).toMatch(/roles\.yaml:\d+:\d+ \/roles\/finance-approvers\/members\/1/);
      expect(out).toContain("zhaolei");
      expect(out).toMatch(/roles\.yaml:\d+:\d+ \/roles\/hr-data\/colour/);
      expect(out).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
      expect(await apiCalls()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "an advisory finding prints as a warning and the preview goes on",
    async () => {
      restore();
      edit("tenant.yaml", /pi_officer:\n(\s+.+\n)+/, "");
      const r = await ws.run(["preview", ...ws.stackArgs()]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/warning: \[WC\.GOV\.1v1\]/);
      expect(r.stdout).toContain("+ 17 to create"); // the 16 wecom resources and the stack itself
    },
    TIMEOUT,
  );
});
