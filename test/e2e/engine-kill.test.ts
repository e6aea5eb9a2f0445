/**
 * Plugins stop with the engine (issue 8), end to end: `pulumi up` is killed (SIGKILL) while the provider
 * writes to the sandbox; the provider plugin, the language host and the program it runs must be gone
 * within seconds, and the sandbox must receive no write after the kill.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alive, cmdline, descendants } from "../../scripts/reliability/lib/kill-runs";
import { locateCli } from "../../src/pulumi/workspace";
import { addBulkRoles, startE2E, TIMEOUT, type E2E } from "./harness";

describe("plugins stop with the engine (real CLI, plugin, language host, sandbox)", () => {
  let e: E2E;
  const orphans: number[] = [];

  beforeAll(async () => {
    e = await startE2E("engine-kill", { policies: "copy" });
    addBulkRoles(path.join(e.dir, "policies"), {
      count: 40,
      members: 20,
      tagName: (i) => `批量角色${i}`,
      purpose: "Load for the kill test / 终止测试用",
    });
    // Every API call takes a little while, so the kill lands among writes.
    await e.sandbox.console("faults", { latency: { minMs: 40, maxMs: 80 } });
  }, TIMEOUT);

  afterAll(async () => {
    for (const pid of orphans) if (alive(pid)) process.kill(pid, "SIGKILL");
    await e?.close();
  });

  it(
    "kill pulumi mid-up: the provider, language host and program exit within seconds and no write reaches WeCom after the kill",
    async () => {
      await e.resetLog();
      const child = spawn(
        path.join(locateCli(), "pulumi"),
        ["up", "--yes", "--skip-preview", ...e.ws.stackArgs()],
        { cwd: e.ws.projectDir, env: e.ws.env(), stdio: "ignore" },
      );
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      // Wait for the first writes, then kill the engine among them.
      await vi.waitFor(async () => expect((await e.writes()).length).toBeGreaterThanOrEqual(5), {
        timeout: 120_000,
        interval: 20,
      });
      const plugins = descendants(child.pid!);
      orphans.push(...plugins);
      child.kill("SIGKILL");
      await exited;
      // Requests already in flight (sent before the kill) are answered within the latency (≤ 80 ms).
      await new Promise((r) => setTimeout(r, 300));
      const atKill = (await e.writes()).length;
      expect(plugins.map(cmdline).join("\n")).toMatch(/dist\/provider\/main\.js/);
      expect(plugins.map(cmdline).join("\n")).toMatch(/dist\/langhost\/main\.js/);

      // Gone within seconds (the health check polls every second; a dropped call stops writes at once).
      await vi.waitFor(() => expect(plugins.filter(alive).map(cmdline)).toEqual([]), {
        timeout: 15_000,
        interval: 100,
      });
      const afterExit = await e.writes();
      // Nothing new started after the kill.
      expect(afterExit.slice(atKill)).toEqual([]);
      await new Promise((r) => setTimeout(r, 2000));
      expect((await e.writes()).length).toBe(afterExit.length);
    },
    TIMEOUT,
  );
});
