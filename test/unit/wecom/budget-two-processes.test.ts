/**
 * Issue 12, "shared by everything": two real OS processes (test/fixtures/budget-share/child.js, the compiled
 * WecomClient) call user/get at once against the in-process sandbox. On their own budgets they draw up to
 * twice the limit together and meet 45009; with the run's budget coordinator (src/wecom/budget-share.ts)
 * they meet none.
 *
 * Time is shrunk as in pacing.test.ts, but across processes: the sandbox, the coordinator and both
 * children read one clock running SCALE times faster than the wall clock from a minute boundary, and the
 * per-minute limit is small (60). Scaling also magnifies the wall clock's jitter between a turn and its
 * arrival at the sandbox (a few ms are a few hundred scaled), which the budget's 5 % margin covers at
 * WeCom's 10,000 a minute but not at 60: the sandbox enforces 64, the clients pace under 60.
 */
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../../src/sandbox/server";
import { BUDGET_SOCKET_ENV, startBudgetCoordinator } from "../../../src/wecom/budget-share";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CHILD = path.join(ROOT, "test", "fixtures", "budget-share", "child.js");
const BUILT = fs.existsSync(path.join(ROOT, "dist", "wecom", "budget-share.js"));

const SCALE = 20;
const PER_MINUTE = 60;
const CALLS = 60;

interface ChildResult {
  ok: number;
  failed: number;
  freq: number;
}

async function twoProcesses(shared: boolean): Promise<ChildResult[]> {
  const t0 = Date.now();
  // A minute boundary of the scaled clock at t0: the sandbox's first minute window starts with the run.
  const base = Date.UTC(2026, 11, 3, 0, 0, 0);
  const now = () => base + (Date.now() - t0) * SCALE;
  const sb = await startSandbox({
    quiet: true,
    now,
    rateLimit: { perMinute: { "/cgi-bin/user/get": PER_MINUTE + 4 } },
  });
  const coordinator = shared ? await startBudgetCoordinator({ now }) : undefined;
  try {
    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const ids = ["sunhao", "linfeng"];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env["PATH"] ?? "",
      SCALE: String(SCALE),
      T0: String(t0),
      BASE: String(base),
      BASE_URL: sb.url,
      CORP_ID: creds.corpid,
      CONTACTS_SECRET: creds.contacts_secret,
      USER_IDS: ids.join(","),
      PER_MINUTE: String(PER_MINUTE),
      CALLS: String(CALLS),
      ...(coordinator ? { [BUDGET_SOCKET_ENV]: coordinator.socketPath } : {}),
    };
    const run = () =>
      new Promise<ChildResult>((resolve, reject) => {
        const child = fork(CHILD, [], { env, stdio: ["ignore", "ignore", "pipe", "ipc"] });
        let stderr = "";
        child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        let result: ChildResult | undefined;
        child.on("message", (m) => (result = m as ChildResult));
        child.on("error", reject);
        child.on("exit", (code) =>
          result && code === 0 ? resolve(result) : reject(new Error(`child exited ${code}: ${stderr}`)),
        );
      });
    const results = await Promise.all([run(), run()]);
    if (coordinator) expect(coordinator.stats.connections).toBe(2);
    return results;
  } finally {
    await coordinator?.close();
    await sb.close();
  }
}

describe.skipIf(!BUILT)("two processes, one tenant", () => {
  it(
    "on their own budgets they meet 45009; sharing the coordinator's, none",
    { timeout: 120_000 },
    async () => {
      const alone = await twoProcesses(false);
      expect(alone.reduce((n, r) => n + r.freq, 0)).toBeGreaterThan(0);
      const together = await twoProcesses(true);
      expect(together).toEqual([
        { ok: CALLS, failed: 0, freq: 0 },
        { ok: CALLS, failed: 0, freq: 0 },
      ]);
    },
  );
});
