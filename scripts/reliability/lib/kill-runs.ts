/**
 * Kill runs (issue 8): `pulumi up` (or the provider plugin alone) is killed with SIGKILL at a random moment
 * while it converges the sandbox tenant; then the documented recovery runs (docs/reliability.md, "Kill
 * runs") and the tenant and the state must equal the policy, with nothing lost or duplicated.
 *
 * Real parts only: the sandbox process on loopback, the `pulumi` CLI with a file backend, the provider
 * plugin and language host processes. The policy alternates between the demo company (5 roles) and the demo
 * plus EXTRA roles with members, so every run has creates, member writes and deletes to interrupt.
 * Used by scripts/reliability/kill-runs.ts (the full count) and test/e2e/kill-runs.test.ts (a reduced one).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { configureSandboxStack } from "../../../src/pulumi/sandbox-stack";
import { startSandboxProcess, type SandboxProcess } from "../../../src/pulumi/sandbox-process";
import { parseStackExport } from "../../../src/pulumi/stack-export";
import { locateCli, PROJECT_DIR, type PulumiWorkspace } from "../../../src/pulumi/workspace";
import { WecomClient } from "../../../src/wecom";

export type KillTarget = "pulumi" | "provider";

export interface KillRun {
  target: KillTarget;
  /** ms after `pulumi up` started (or, with amongWrites, after its first WeCom write) that the kill was sent. */
  delayMs: number;
  amongWrites: boolean;
  /** WeCom writes the sandbox had answered when the kill landed. */
  writesBeforeKill: number;
  /** What the recovery had to do, in order (the documented steps that applied). */
  steps: string[];
  /** tag/create answered 40071 during recovery: the create intent proved the tag ours (adopted). */
  adoptedAfter40071: number;
  /** The first recovery `up` failed. */
  stuck: boolean;
  /** Tenant and state equal the policy after recovery. */
  recovered: boolean;
  /** Tags or state resources present twice. */
  duplicates: number;
  /** Roles of the policy missing from the tenant or the state, or tags the policy removed still there. */
  lost: number;
  /** Plugin processes (provider, language host, program) still alive 15 s after the kill. */
  orphans: number;
  problems: string[];
}

export interface KillCampaign {
  runs: KillRun[];
  /** One uninterrupted `up` from the demo to the demo with the extra roles, ms. */
  fullUpMs: number;
  /** When that run's first WeCom write arrived, ms after its start. */
  firstWriteMs: number;
  seed: number;
  extraRoles: number;
}

export interface KillOptions {
  pulumiKills: number;
  providerKills: number;
  seed?: number;
  extraRoles?: number;
  log?: (line: string) => void;
}

/** A small deterministic PRNG (mulberry32), so a campaign can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Parent pid of every process, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      out.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended while we looked
    }
  }
  return out;
}

export function descendants(pid: number): number[] {
  const parentOf = parents();
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf)
      if (parent === p) {
        out.push(child);
        walk(child);
      }
  };
  walk(pid);
  return out;
}

export function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

export const cmdline = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
};

interface LoggedRequest {
  path: string;
  write: boolean;
  errcode: number | null;
}

/** The policy's roles: key → tag name and members. */
type Roles = Map<string, { tagName: string; members: string[] }>;

function extraRoles(n: number): Roles {
  const roles: Roles = new Map();
  for (let i = 1; i <= n; i++)
    roles.set(`kill-${i}`, {
      tagName: `终止测试${i}`,
      members: Array.from(
        { length: 12 },
        (_, j) => `staff${String(((i * 11 + j) % 150) + 1).padStart(3, "0")}`,
      ),
    });
  return roles;
}

function writeRoles(file: string, base: string, extra: Roles): Roles {
  const doc = parseDocument(base);
  for (const [key, r] of extra)
    doc.setIn(["roles", key], {
      tag_name: r.tagName,
      purpose: "Kill-run load / 终止测试",
      owner: "sunhao",
      members: r.members,
    });
  fs.writeFileSync(file, doc.toString());
  const all: Roles = new Map();
  const roles = (doc.toJSON() as { roles: Record<string, { tag_name: string; members: string[] }> }).roles;
  for (const [key, r] of Object.entries(roles)) all.set(key, { tagName: r.tag_name, members: r.members });
  return all;
}

class Campaign {
  private ws!: PulumiWorkspace;
  private sandbox!: SandboxProcess;
  private client!: WecomClient;
  private dir = "";
  private rolesFile = "";
  private baseRoles = "";
  private readonly log: (line: string) => void;
  private readonly cli = path.join(locateCli(), "pulumi");

  constructor(private readonly opts: KillOptions) {
    this.log = opts.log ?? (() => {});
  }

  async start(): Promise<void> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-kill-runs-"));
    this.sandbox = await startSandboxProcess({
      stateFile: path.join(this.dir, "sandbox.json"),
      seed: "demo",
    });
    // Each API call takes a few ms, so a run spends most of its time among WeCom writes.
    await this.sandbox.console("faults", { latency: { minMs: 5, maxMs: 25 } });
    const creds = await this.sandbox.credentials();
    this.client = new WecomClient({
      baseUrl: this.sandbox.url,
      corpId: creds.corpid,
      secrets: { contacts: creds.contacts_secret },
    });
    const policies = path.join(this.dir, "policies");
    fs.cpSync(path.join(PROJECT_DIR, "policies"), policies, { recursive: true });
    this.rolesFile = path.join(policies, "roles.yaml");
    this.baseRoles = fs.readFileSync(this.rolesFile, "utf8");
    // Every kill may need its own deletions undone: allow the campaign's deletions in one run.
    const tenant = path.join(policies, "tenant.yaml");
    const doc = parseDocument(fs.readFileSync(tenant, "utf8"));
    doc.setIn(["change_limits", "delete_roles"], 100);
    fs.writeFileSync(tenant, doc.toString());
    this.ws = await configureSandboxStack(this.sandbox, this.dir, policies, "kill-runs");
  }

  async stop(): Promise<void> {
    await this.sandbox?.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private pulumi(...args: string[]) {
    return this.ws.run([...args, ...this.ws.stackArgs()]);
  }

  /** `pulumi stack export|import …` (they take no --config-file). */
  private stackCmd(...args: string[]) {
    return this.ws.run(["stack", ...args, "--stack", this.ws.stack, "--non-interactive"]);
  }

  private async writes(): Promise<LoggedRequest[]> {
    return ((await this.sandbox.get("/__console/requests")) as LoggedRequest[]).filter((r) => r.write);
  }

  /** Point the policy at the demo (false) or the demo plus the extra roles (true); returns its roles. */
  target(withExtra: boolean): Roles {
    return writeRoles(
      this.rolesFile,
      this.baseRoles,
      withExtra ? extraRoles(this.opts.extraRoles ?? 8) : new Map(),
    );
  }

  /** An uninterrupted `up`; also when its first WeCom write arrived (ms after the start). */
  async up(): Promise<{ code: number; out: string; ms: number; firstWriteMs: number }> {
    await this.resetLog();
    const t0 = Date.now();
    let firstWriteMs = -1;
    let done = false;
    const watch = (async () => {
      while (!done && firstWriteMs < 0) {
        if ((await this.writes()).length > 0) firstWriteMs = Date.now() - t0;
        else await sleep(20);
      }
    })();
    const r = await this.pulumi("up", "--yes", "--skip-preview");
    done = true;
    await watch;
    const ms = Date.now() - t0;
    return { code: r.code, out: r.stdout + r.stderr, ms, firstWriteMs: firstWriteMs < 0 ? ms : firstWriteMs };
  }

  /** Start `pulumi up`, kill it (or its provider plugin) after `delayMs`; resolve once pulumi has exited. */
  async killedUp(
    target: KillTarget,
    delayMs: number,
    afterFirstWrite: boolean,
  ): Promise<{ writesBeforeKill: number; orphans: number; problems: string[] }> {
    const problems: string[] = [];
    const child = spawn(this.cli, ["up", "--yes", "--skip-preview", ...this.ws.stackArgs()], {
      cwd: this.ws.projectDir,
      env: this.ws.env(),
      stdio: "ignore",
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    let t0 = Date.now();
    let plugins: number[] = [];
    let killed = false;
    let writing = !afterFirstWrite;
    while (!killed) {
      await sleep(10);
      if (!writing) {
        // The delay counts from the first WeCom write this run makes.
        if ((await this.writes()).length > 0) {
          writing = true;
          t0 = Date.now();
        } else if (child.exitCode === null) continue;
      }
      plugins = descendants(child.pid!);
      const provider = plugins.find((p) => cmdline(p).includes("dist/provider/main.js"));
      if (Date.now() - t0 < delayMs) continue;
      if (target === "pulumi") {
        child.kill("SIGKILL");
        killed = true;
      } else if (provider !== undefined) {
        process.kill(provider, "SIGKILL");
        killed = true;
      } else if (child.exitCode !== null) break;
    }
    const writesBeforeKill = (await this.writes()).length;
    await exited;
    // The plugins must stop with the engine (issue 8): give them 15 s, then count and clean up.
    const deadline = Date.now() + 15_000;
    while (plugins.some(alive) && Date.now() < deadline) await sleep(100);
    const orphans = plugins.filter(alive);
    for (const p of orphans) {
      problems.push(`still running 15 s after the kill: ${cmdline(p)}`);
      process.kill(p, "SIGKILL");
    }
    return { writesBeforeKill, orphans: orphans.length, problems };
  }

  /**
   * The documented recovery (docs/reliability.md): a readable checkpoint (restore the file backend's .bak
   * when it reports `failed to load checkpoint: EOF`), no lock left behind (`pulumi cancel`: a service
   * backend keeps the update's lock after a kill; the file backend has none), pending operations cleared
   * (`pulumi stack export` → drop pending_operations → `pulumi stack import`), then `pulumi up --refresh`.
   */
  async recover(): Promise<{ steps: string[]; stuck: boolean; problems: string[] }> {
    const steps: string[] = [];
    const problems: string[] = [];
    let exported = await this.stackCmd("export");
    if (exported.code !== 0 && /failed to load checkpoint/.test(exported.stderr)) {
      const stacks = path.join(this.dir, "backend", ".pulumi", "stacks");
      const files = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" });
      const checkpoint = files.find((f) => f.endsWith(`${this.ws.stack}.json`));
      if (checkpoint && fs.existsSync(path.join(stacks, `${checkpoint}.bak`))) {
        fs.copyFileSync(path.join(stacks, `${checkpoint}.bak`), path.join(stacks, checkpoint));
        steps.push("restored the checkpoint from its .bak");
        exported = await this.stackCmd("export");
      }
    }
    if (exported.code !== 0) {
      problems.push(`pulumi stack export failed: ${exported.stderr.trim()}`);
      return { steps, stuck: true, problems };
    }
    // A killed engine leaves its update's lock behind (the file backend locks too, under .pulumi/locks).
    const locks = path.join(this.dir, "backend", ".pulumi", "locks");
    if (
      fs.existsSync(locks) &&
      fs.readdirSync(locks, { recursive: true }).some((f) => String(f).endsWith(".json"))
    ) {
      const cancel = await this.ws.run(["cancel", "--yes", "--stack", this.ws.stack, "--non-interactive"]);
      if (cancel.code !== 0) problems.push(`pulumi cancel failed: ${cancel.stderr.trim()}`);
      steps.push("pulumi cancel (the killed update's lock)");
    }
    const pending = parseStackExport(exported.stdout).pendingOperations;
    if (pending.length) {
      const file = path.join(this.dir, "state.json");
      const doc = JSON.parse(exported.stdout) as { deployment: { pending_operations?: unknown[] } };
      delete doc.deployment.pending_operations;
      fs.writeFileSync(file, JSON.stringify(doc));
      const imported = await this.stackCmd("import", "--file", file);
      if (imported.code !== 0) problems.push(`pulumi stack import failed: ${imported.stderr.trim()}`);
      steps.push(
        `cleared ${pending.length} pending operation(s) (${[...new Set(pending.map((p) => p.type))].join(", ")})`,
      );
    }
    const up = await this.pulumi("up", "--yes", "--skip-preview", "--refresh");
    steps.push("pulumi up --refresh");
    if (up.code === 0) return { steps, stuck: false, problems };
    problems.push(`first recovery up failed: ${lastLines(up.stdout + up.stderr)}`);
    const again = await this.pulumi("up", "--yes", "--skip-preview", "--refresh");
    steps.push("pulumi up --refresh (again)");
    if (again.code !== 0)
      problems.push(`second recovery up failed: ${lastLines(again.stdout + again.stderr)}`);
    return { steps, stuck: true, problems };
  }

  /** Tenant and state against the policy: lost and duplicated roles, and problems in words. */
  async verify(roles: Roles, gone: Roles): Promise<{ duplicates: number; lost: number; problems: string[] }> {
    const problems: string[] = [];
    let duplicates = 0;
    let lost = 0;
    const tags = await this.client.listTags();
    const exported = await this.stackCmd("export");
    const state = parseStackExport(exported.stdout).resources.filter((r) => r.type === "wecom:index:Role");
    for (const [key, role] of roles) {
      const live = tags.filter((t) => t.name === role.tagName);
      const inState = state.filter((r) => r.urn.endsWith(`::${key}`));
      if (live.length > 1 || inState.length > 1) {
        duplicates++;
        problems.push(`${key}: ${live.length} tag(s) and ${inState.length} state resource(s)`);
      }
      if (live.length === 0 || inState.length === 0) {
        lost++;
        problems.push(`${key}: ${live.length} tag(s) and ${inState.length} state resource(s)`);
        continue;
      }
      if (inState[0]!.id !== String(live[0]!.tagId)) {
        duplicates++;
        problems.push(`${key}: the state says tag ${inState[0]!.id}, WeCom has ${live[0]!.tagId}`);
      }
      const members = (await this.client.getTag(live[0]!.tagId)).userIds.sort();
      if (JSON.stringify(members) !== JSON.stringify([...role.members].sort())) {
        lost++;
        problems.push(`${key}: members ${members.join(",")} ≠ policy ${[...role.members].sort().join(",")}`);
      }
    }
    const ids = state.map((r) => r.id);
    duplicates += ids.length - new Set(ids).size;
    for (const [key, role] of gone)
      if (tags.some((t) => t.name === role.tagName) || state.some((r) => r.urn.endsWith(`::${key}`))) {
        lost++;
        problems.push(`${key}: removed from the policy but still in WeCom or the state`);
      }
    const drift = await this.pulumi("preview", "--refresh", "--expect-no-changes");
    if (drift.code !== 0) problems.push(`the drift check after recovery exited ${drift.code}`);
    return { duplicates, lost, problems };
  }

  async adoptions(): Promise<number> {
    return ((await this.sandbox.get("/__console/requests")) as LoggedRequest[]).filter(
      (r) => r.path === "/cgi-bin/tag/create" && r.errcode === 40071,
    ).length;
  }

  async resetLog(): Promise<void> {
    await this.sandbox.console("requests/reset", { operator: "kill-runs" });
  }
}

function lastLines(text: string, n = 8): string {
  return text.trim().split("\n").slice(-n).join(" ⏎ ");
}

/** Run the campaign: kills of `pulumi up`, then of the provider plugin, alternating the policy. */
export async function runKillCampaign(opts: KillOptions): Promise<KillCampaign> {
  const seed = opts.seed ?? Date.now() % 1_000_000;
  const random = prng(seed);
  const c = new Campaign(opts);
  const log = opts.log ?? (() => {});
  await c.start();
  try {
    c.target(false);
    const first = await c.up();
    if (first.code !== 0) throw new Error(`the first up failed:\n${first.out}`);
    // One uninterrupted run to the bigger policy and back measures where kills can land.
    c.target(true);
    const full = await c.up();
    if (full.code !== 0) throw new Error(`the measuring up failed:\n${full.out}`);
    c.target(false);
    const back = await c.up();
    if (back.code !== 0) throw new Error(`the measuring up back failed:\n${back.out}`);
    const fullUpMs = Math.max(full.ms, back.ms);
    // Most kills land among the writes (from just before the first to the end); some anywhere.
    const firstWriteMs = Math.min(full.firstWriteMs, back.firstWriteMs);

    const extra = extraRoles(opts.extraRoles ?? 8);
    const plan: KillTarget[] = [
      ...Array<KillTarget>(opts.pulumiKills).fill("pulumi"),
      ...Array<KillTarget>(opts.providerKills).fill("provider"),
    ];
    const runs: KillRun[] = [];
    let withExtra = false;
    for (const [i, target] of plan.entries()) {
      withExtra = !withExtra;
      const roles = c.target(withExtra);
      const gone = withExtra ? new Map() : extra;
      // Three kills in four land among the writes (a random delay after the first one, within the span the
      // measuring run wrote for); the fourth anywhere in the run.
      const amongWrites = i % 4 !== 3;
      const delayMs = Math.round(random() * (amongWrites ? fullUpMs - firstWriteMs : fullUpMs));
      await c.resetLog();
      const killed = await c.killedUp(target, delayMs, amongWrites);
      const recovery = await c.recover();
      const adoptedAfter40071 = await c.adoptions();
      const check = await c.verify(roles, gone);
      const run: KillRun = {
        target,
        delayMs,
        amongWrites,
        writesBeforeKill: killed.writesBeforeKill,
        steps: recovery.steps,
        adoptedAfter40071,
        stuck: recovery.stuck,
        recovered:
          check.duplicates === 0 && check.lost === 0 && check.problems.length === 0 && !recovery.stuck,
        duplicates: check.duplicates,
        lost: check.lost,
        orphans: killed.orphans,
        problems: [...killed.problems, ...recovery.problems, ...check.problems],
      };
      runs.push(run);
      log(
        `[kill-runs] ${i + 1}/${plan.length} ${target} killed at ${delayMs} ms after ${run.writesBeforeKill} write(s): ` +
          `${run.recovered ? "recovered" : "NOT recovered"} (${run.steps.join("; ")})` +
          (run.problems.length ? `\n  ${run.problems.join("\n  ")}` : ""),
      );
    }
    return { runs, fullUpMs, firstWriteMs, seed, extraRoles: opts.extraRoles ?? 8 };
  } finally {
    await c.stop();
  }
}
