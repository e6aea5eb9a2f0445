/**
 * Many tenants on Pulumi's `postgres://` DIY backend, nothing faked: a throwaway PostgreSQL 15 (Debian's
 * binaries, initdb into a temporary directory, a free loopback port), one sandbox process per tenant, one
 * stack per tenant with its own passphrase, the real pulumi CLI and provider plugin. A reference tenant is
 * applied and checked alone, then the fleet's `up` and drift checks run all at once: every stack converges.
 * Two `pulumi up` of one stack: the second is refused by Pulumi's lock and the state stays intact.
 *
 * WECOM_POLICY_FLEET_TENANTS (default 3) sets the fleet's size; the wall times are printed
 * (`[fleet] …` lines) for docs/performance.md.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftStack, forEachStack, LOCK_REFUSAL, lockRefused, upStack } from "../../src/fleet";
import { startPostgres, type Postgres } from "../../src/fleet/postgres";
import { configureSandboxStack } from "../../src/pulumi/sandbox-stack";
import { startSandboxProcess, type SandboxProcess } from "../../src/pulumi/sandbox-process";
import { locateCli, type PulumiWorkspace } from "../../src/pulumi/workspace";
import { addBulkRoles, DEMO_POLICIES, TIMEOUT } from "./harness";

const TENANTS = Number(process.env["WECOM_POLICY_FLEET_TENANTS"] ?? 3);

interface Tenant {
  sandbox: SandboxProcess;
  ws: PulumiWorkspace;
  policies: string;
  passphrase: string;
  /** Every secret the tenant's sandbox issued. */
  secrets: string[];
}

describe(`a fleet of ${TENANTS} tenants on Pulumi's postgres:// backend (real PostgreSQL, CLI, plugin, sandboxes)`, () => {
  let pg: Postgres | undefined;
  let dir: string;
  let reference: Tenant;
  const fleet: Tenant[] = [];
  const all = () => [reference, ...fleet].filter(Boolean);
  const outputs: string[] = [];
  const record = <T extends { stdout: string; stderr: string }>(r: T): T => {
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const lockRows = async () =>
    (await pg!.sql("SELECT key FROM pulumi_state WHERE key LIKE '%.pulumi/locks/%'"))
      .split("\n")
      .filter(Boolean);

  const tenant = async (name: string): Promise<Tenant> => {
    const home = path.join(dir, name);
    fs.mkdirSync(home);
    const policies = path.join(home, "policies");
    fs.cpSync(DEMO_POLICIES, policies, { recursive: true });
    const sandbox = await startSandboxProcess({ stateFile: path.join(home, "sandbox.json"), seed: "demo" });
    // Secrets per stack: each tenant's stack has a passphrase of its own.
    const passphrase = randomBytes(18).toString("base64url");
    const ws = await configureSandboxStack(sandbox, home, policies, name, {
      backendUrl: pg!.backendUrl,
      passphrase,
    });
    const creds = await sandbox.credentials();
    const secrets = [creds.contacts_secret, creds.archive_secret, ...Object.values(creds.app_secrets)];
    return { sandbox, ws, policies, passphrase, secrets };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-e2e-fleet-"));
    pg = await startPostgres();
    const names = Array.from({ length: TENANTS }, (_, i) => `tenant-${i + 1}`);
    const made = await Promise.all(["reference", ...names].map(tenant));
    reference = made[0]!;
    fleet.push(...made.slice(1));
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(all().map((t) => t.sandbox.stop()));
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    "keeps every stack in the one database, each with its own secrets",
    async () => {
      const keys = (await pg!.sql("SELECT key FROM pulumi_state WHERE key LIKE '%.pulumi/stacks/%'")).split(
        "\n",
      );
      for (const t of all())
        expect(
          keys.some((k) => k.endsWith(`/.pulumi/stacks/wecom-policy/${t.ws.stack}.json`)),
          t.ws.stack,
        ).toBe(true);
      // Each stack's config is encrypted with its own passphrase: another tenant's cannot read it.
      const [a, b] = fleet;
      const wrong = await a!.ws.run(["config", "get", "wecom:corpSecret", ...a!.ws.stackArgs()], {
        env: { PULUMI_CONFIG_PASSPHRASE: b!.passphrase },
      });
      expect(wrong.code).not.toBe(0);
      const right = await a!.ws.run(["config", "get", "wecom:corpSecret", ...a!.ws.stackArgs()]);
      expect(right.code, right.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    `applies and checks ${TENANTS} tenants in parallel: every stack converges (drift exit 0 after up)`,
    async () => {
      const alone = await forEachStack([reference.ws], 1, async (ws) => record(await upStack(ws)));
      expect(alone.runs[0]!.result.code, alone.runs[0]!.result.stderr).toBe(0);
      const ups = await forEachStack(
        fleet.map((t) => t.ws),
        TENANTS,
        async (ws) => record(await upStack(ws)),
      );
      for (const run of ups.runs) expect(run.result.code, `${run.stack}: ${run.result.stderr}`).toBe(0);

      const driftAlone = await forEachStack([reference.ws], 1, driftStack);
      // The drift check writes nothing, so the same stacks give a fair one-after-the-other comparison.
      const driftsInTurn = await forEachStack(
        fleet.map((t) => t.ws),
        1,
        driftStack,
      );
      const drifts = await forEachStack(
        fleet.map((t) => t.ws),
        TENANTS,
        driftStack,
      );
      for (const run of [...driftAlone.runs, ...driftsInTurn.runs, ...drifts.runs]) {
        const r = run.result;
        expect(r.code, `${run.stack}: ${"error" in r ? r.error : r.report.status}`).toBe(0);
        if ("report" in r) expect(r.report.status).toBe("in-sync");
      }
      const each = (runs: { stack: string; ms: number }[]) =>
        runs.map((r) => `${r.stack} ${r.ms} ms`).join(", ");
      console.log(
        `[fleet] ${TENANTS} tenants, ${os.cpus().length} cores: up alone ${alone.ms} ms; ${TENANTS} ups in parallel ${ups.ms} ms (${each(ups.runs)})`,
      );
      console.log(
        `[fleet] drift alone ${driftAlone.ms} ms; ${TENANTS} drift checks one after the other ${driftsInTurn.ms} ms; in parallel ${drifts.ms} ms (${each(drifts.runs)})`,
      );
      expect(await lockRows()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "refuses a second `pulumi up` of a stack while the first holds its lock, and the state stays intact",
    async () => {
      const t = fleet[0]!;
      // A first update that writes for a while: 30 new roles.
      addBulkRoles(t.policies, {
        count: 30,
        members: 10,
        tagName: (i) => `并发测试${i}`,
        purpose: "Load for the fleet lock test / 并发锁测试用",
      });
      const first = upStack(t.ws);
      // Wait until Pulumi has written the first update's lock object into the database, then start the second.
      const deadline = Date.now() + TIMEOUT / 2;
      while ((await lockRows()).length === 0) {
        if (Date.now() > deadline) throw new Error("the first `pulumi up` never took the stack's lock");
        await new Promise((r) => setTimeout(r, 100));
      }
      const second = record(await upStack(t.ws));
      const firstDone = record(await first);
      expect(firstDone.code, firstDone.stderr).toBe(0);
      expect(second.code).not.toBe(0);
      expect(lockRefused(second), second.stderr).toBe(true);
      expect(second.stderr).toContain(`${LOCK_REFUSAL} 1 lock(s)`);
      console.log(`[fleet] second up of a locked stack: exit ${second.code}, "${LOCK_REFUSAL} 1 lock(s)…"`);
      // Intact: no lock left behind, the state reads, and a preview finds nothing to change.
      expect(await lockRows()).toEqual([]);
      const preview = record(await t.ws.run(["preview", "--expect-no-changes", ...t.ws.stackArgs()]));
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      const drift = await driftStack(t.ws);
      expect(drift.code, "error" in drift ? drift.error : drift.report.status).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "two `pulumi up` of one stack started together: never both run, and the state stays intact",
    async () => {
      // Pulumi's lock is write-then-check (lock.go): when both write before either checks, both back off;
      // what must never happen is two updates running at once.
      const t = fleet[1]!;
      addBulkRoles(t.policies, {
        count: 10,
        members: 5,
        tagName: (i) => `同时启动${i}`,
        purpose: "Load for the fleet race test / 并发竞争测试用",
      });
      const [a, b] = (await Promise.all([upStack(t.ws), upStack(t.ws)])).map(record);
      const ran = [a!, b!].filter((r) => r.code === 0);
      const refused = [a!, b!].filter((r) => r.code !== 0);
      expect(ran.length).toBeLessThanOrEqual(1);
      for (const r of refused) expect(lockRefused(r), r.stderr).toBe(true);
      console.log(
        `[fleet] simultaneous ups of one stack: ${ran.length} ran, ${refused.length} refused by the lock`,
      );
      expect(await lockRows()).toEqual([]);
      // Whatever the race gave, one more up converges and the state is whole.
      const up = record(await upStack(t.ws));
      expect(up.code, up.stderr).toBe(0);
      const preview = record(await t.ws.run(["preview", "--expect-no-changes", ...t.ws.stackArgs()]));
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "a run killed with kill -9 leaves its lock: the next up is refused until `pulumi cancel` removes it",
    async () => {
      const t = fleet[2]!;
      // An up with nothing to change, so the kill interrupts no WeCom write (the lock is what is tested).
      const child = spawn(
        path.join(locateCli(), "pulumi"),
        ["up", "--yes", "--skip-preview", ...t.ws.stackArgs()],
        {
          cwd: t.ws.projectDir,
          env: t.ws.env(),
          stdio: "ignore",
        },
      );
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const deadline = Date.now() + TIMEOUT / 2;
      while ((await lockRows()).length === 0) {
        if (Date.now() > deadline) throw new Error("the `pulumi up` never took the stack's lock");
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill("SIGKILL");
      await exited;
      expect(await lockRows()).toHaveLength(1);
      const refused = record(await upStack(t.ws));
      expect(lockRefused(refused), refused.stderr).toBe(true);
      const cancel = record(await t.ws.run(["cancel", "--yes", "--stack", t.ws.stack, "--non-interactive"]));
      expect(cancel.code, cancel.stderr).toBe(0);
      expect(await lockRows()).toEqual([]);
      const up = record(await upStack(t.ws));
      expect(up.code, up.stderr).toBe(0);
      const preview = record(await t.ws.run(["preview", "--expect-no-changes", ...t.ws.stackArgs()]));
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it("prints no tenant's secret", () => {
    const secrets = all().flatMap((t) => [t.passphrase, ...t.secrets]);
    const text = outputs.join("\n");
    for (const s of secrets) expect(text).not.toContain(s);
  });
});
