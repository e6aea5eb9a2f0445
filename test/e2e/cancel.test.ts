/**
 * Ctrl-C (issue 8), end to end: SIGINT to `pulumi up` while the provider writes to the sandbox. Pulumi
 * cancels gracefully — it sends the provider `Cancel` and waits for the steps in flight — and the provider
 * lets no new WeCom write start (WecomStoppedError, src/provider/server.ts `cancel`): the run stops early,
 * nothing is written once pulumi has exited, no plugin stays behind, and the next `up` converges with no
 * duplicate tag. One run; the kill campaign (kill-runs.test.ts) covers SIGKILL.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alive, cmdline, descendants } from "../../scripts/reliability/lib/kill-runs";
import { locateCli } from "../../src/pulumi/workspace";
import { WecomClient } from "../../src/wecom";
import { addBulkRoles, startE2E, TIMEOUT, type E2E } from "./harness";

const BULK = 30;

describe("Ctrl-C during pulumi up (real CLI, plugin, language host, sandbox)", () => {
  let e: E2E;
  const orphans: number[] = [];

  beforeAll(async () => {
    e = await startE2E("cancel", { policies: "copy" });
    addBulkRoles(path.join(e.dir, "policies"), {
      count: BULK,
      members: 10,
      tagName: (i) => `取消测试${i}`,
      purpose: "Load for the Ctrl-C test / 取消测试用",
    });
    // Every API call takes a while, so the Ctrl-C lands among writes: a role's create is tag/create, then
    // reads and addtagusers, so the roles whose tag/create was answered still have a write to make.
    await e.sandbox.console("faults", { latency: { fixedMs: 300 } });
  }, TIMEOUT);

  afterAll(async () => {
    for (const pid of orphans) if (alive(pid)) process.kill(pid, "SIGKILL");
    await e?.close();
  });

  it(
    "SIGINT mid-up: pulumi cancels, the provider starts no new write, nothing lands after exit, and the next up converges",
    async () => {
      await e.resetLog();
      let out = "";
      const child = spawn(
        path.join(locateCli(), "pulumi"),
        ["up", "--yes", "--skip-preview", ...e.ws.stackArgs()],
        { cwd: e.ws.projectDir, env: e.ws.env(), stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
      child.stderr.setEncoding("utf8").on("data", (c: string) => (out += c));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await vi.waitFor(async () => expect((await e.writes()).length).toBeGreaterThanOrEqual(5), {
        timeout: 240_000,
        interval: 20,
      });
      const plugins = descendants(child.pid!);
      orphans.push(...plugins);
      expect(plugins.map(cmdline).join("\n")).toMatch(/dist\/provider\/main\.js/);
      child.kill("SIGINT");
      const code = await exited;
      expect(code, out).not.toBe(0);
      expect(out).toMatch(/cancel/i);
      // The provider heard Cancel: the roles in flight were refused their next write before any I/O.
      expect(out).toContain("not sent: the Pulumi engine cancelled the run");
      // What was in flight when pulumi exited is answered within the latency (300 ms).
      await new Promise((r) => setTimeout(r, 600));
      const atExit = (await e.writes()).length;
      await vi.waitFor(() => expect(plugins.filter(alive).map(cmdline)).toEqual([]), {
        timeout: 15_000,
        interval: 100,
      });
      await new Promise((r) => setTimeout(r, 2000));
      expect((await e.writes()).length, "no write after pulumi exited").toBe(atExit);

      const client = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { contacts: e.creds.contacts_secret },
      });
      const bulkTags = async () => (await client.listTags()).filter((t) => t.name.startsWith("取消测试"));
      // The run stopped early: not every role was created.
      expect((await bulkTags()).length).toBeLessThan(BULK);

      // The next up converges from where the cancelled one stopped: every role once, nothing to change.
      await e.sandbox.console("faults", { latency: { fixedMs: 0 } });
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const tags = await bulkTags();
      expect(tags).toHaveLength(BULK);
      expect(new Set(tags.map((t) => t.name)).size).toBe(BULK);
      const clean = await e.pulumi("preview", "--expect-no-changes");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    },
    TIMEOUT * 2,
  );
});
