/**
 * The legal gate and input validation in front of the real `pulumi preview`: a mandatory finding or a
 * bad policy file stops the preview with the full bilingual list and no stack trace, before any call to
 * WeCom; advisory findings print as warnings and the preview goes on. Real CLI, plugin and sandbox.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../../src/pulumi/workspace";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E } from "./harness";

describe("the preview gate (real pulumi preview)", () => {
  let e: E2E;
  let policies: string;

  /** Rewrite one policy file in the test's copy of policies/. */
  const edit = (file: string, from: string | RegExp, to: string) => {
    const p = path.join(policies, file);
    const before = fs.readFileSync(p, "utf8");
    const after = before.replace(from, to);
    expect(after, `${file}: pattern not found`).not.toBe(before);
    fs.writeFileSync(p, after);
  };
  const restore = () => fs.cpSync(DEMO_POLICIES, policies, { recursive: true });
  const apiCalls = async () => (await e.sandbox.get("/__console/requests")) as unknown[];

  beforeAll(async () => {
    e = await startE2E("gate", { policies: "copy" });
    policies = `${e.dir}/policies`;
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "a mandatory finding stops the preview with id, article and fix in both languages, and nothing reaches WeCom",
    async () => {
      restore();
      edit("records.yaml", "- date: 2026-06-18", "- date: 2025-01-15");
      await e.sandbox.console("requests/reset", { operator: "e2e" });
      const r = await e.ws.run(["preview", ...e.ws.stackArgs()], { env: { WECOM_POLICY_NOW: "2026-11-28" } });
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
      await e.sandbox.console("requests/reset", { operator: "e2e" });
      const r = await e.ws.run(["preview", ...e.ws.stackArgs()]);
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
      const r = await e.ws.run(["preview", ...e.ws.stackArgs()]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/warning: \[WC\.GOV\.1v1\]/);
      // The count README's demo walk-through quotes is the one a real preview prints (the stack included).
      const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
      const quoted = /`pulumi preview --diff` — (\d+) to create/.exec(readme)?.[1];
      expect(quoted, "README's demo preview count").toBeDefined();
      expect(r.stdout).toContain(`+ ${quoted} to create`);
    },
    TIMEOUT,
  );
});
