/**
 * Benchmark (issue 12, "flat cost"): `pulumi preview --refresh` of the demo policies against a sandbox tenant
 * grown to N members, for each N of the ladder, next to a trivial Pulumi project with the same number of
 * resources (the floor for wall time), with the peak RSS of each process of the pulumi command. Not a test:
 * numbers on stdout.
 *
 *   npm run bench -- ladder [--roster=full|demo] [sizes…]        (default full; 200 10000 100000)
 *
 * Per size: a sandbox process (`--seed demo --members N`), a stack configured for it with a copy of
 * policies/, one `pulumi up` (timed apart), then three `pulumi preview --refresh` (median) and three
 * `wecom-policy drift` (the scheduled check: its own read of the tenant beside the preview; median). With
 * `--roster=full` (a real company) the copy's people.csv also lists every generated member as active, so the
 * roster grows with the tenant; with `--roster=demo` the roster stays the demo's 200 rows and the generated
 * members are simply not on it. Either way preview has the same work to decide at every size (the same
 * leavers, roles and apps): what grows is the tenant, and with `full` the roster the program reads.
 * Peak RSS: every ~50 ms the process tree under the pulumi command is read from /proc (VmHWM, the kernel's
 * own high-water mark, so a peak between two samples is not missed while the process lives) and the highest
 * value per process kept; reported per role (CLI, language host, program, provider plugin), the largest
 * process of each role over all runs of that size.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configureSandboxStack } from "../../src/pulumi/sandbox-stack";
import { buildSeed } from "../../src/sandbox/seed";
import { startSandboxProcess } from "../../src/pulumi/sandbox-process";
import { locateCli, PROJECT_DIR, PulumiWorkspace } from "../../src/pulumi/workspace";

const RUNS = 3;
const ROLES = ["cli", "langhost", "program", "provider"] as const;
type Role = (typeof ROLES)[number];
type Peaks = Record<Role, number>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (kb: number) => (kb ? String(Math.round(kb / 1024)) : "–");

function readProc(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

function role(pid: number, root: number): Role | undefined {
  if (pid === root) return "cli";
  const cmd = (readProc(pid, "cmdline") ?? "").split("\0").join(" ");
  if (!cmd.startsWith(process.execPath) && !/^node\b/.test(cmd)) return undefined; // bash wrappers
  if (cmd.includes("langhost")) return "langhost";
  if (cmd.includes("provider/main.js")) return "provider";
  if (cmd.includes("cmd/run")) return "program";
  return undefined;
}

/** Polls /proc every `everyMs` for the process tree under `root`; `stop()` returns the peak per role (kB). */
function sampleTree(root: number, everyMs = 50): { stop(): Peaks } {
  const perPid = new Map<number, { role: Role; kb: number }>();
  const tick = () => {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readProc(Number(entry), "stat");
      if (!stat) continue;
      // Field 4 (ppid) comes after the command name in parentheses, which may itself contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    }
    const todo = [root];
    while (todo.length) {
      const pid = todo.pop()!;
      todo.push(...(children.get(pid) ?? []));
      const status = readProc(pid, "status");
      const hwm = status && /VmHWM:\s+(\d+)/.exec(status);
      if (!hwm) continue;
      const known = perPid.get(pid);
      const r = known?.role ?? role(pid, root);
      if (r) perPid.set(pid, { role: r, kb: Math.max(known?.kb ?? 0, Number(hwm[1])) });
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const peaks: Peaks = { cli: 0, langhost: 0, program: 0, provider: 0 };
      for (const { role: r, kb } of perPid.values()) peaks[r] = Math.max(peaks[r], kb);
      return peaks;
    },
  };
}

/** `pulumi <args>` in `ws`, timed, with the peak RSS of its process tree. */
async function timed(
  ws: PulumiWorkspace,
  args: string[],
): Promise<{ ms: number; peaks: Peaks; code: number; out: string }> {
  const t0 = Date.now();
  const child = spawn(path.join(locateCli(PROJECT_DIR), "pulumi"), [...args, ...ws.stackArgs()], {
    cwd: ws.projectDir,
    env: ws.env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const sampler = sampleTree(child.pid!);
  const { code, out } = await ended(child);
  return { ms: Date.now() - t0, peaks: sampler.stop(), code, out };
}

/** A child's exit code and its stdout and stderr together, once it has closed. */
async function ended(child: ChildProcess): Promise<{ code: number; out: string }> {
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (out += c));
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (out += c));
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  return { code, out };
}

const maxPeaks = (ps: Peaks[]): Peaks => {
  const m: Peaks = { cli: 0, langhost: 0, program: 0, provider: 0 };
  for (const p of ps) for (const r of ROLES) m[r] = Math.max(m[r], p[r]);
  return m;
};

/** A Node.js project whose program registers `count` component resources: no plugin, no network. */
function trivialProject(dir: string, count: number): string {
  const project = path.join(dir, "trivial");
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(
    path.join(project, "Pulumi.yaml"),
    "name: trivial\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
  );
  fs.writeFileSync(
    path.join(project, "index.js"),
    `const pulumi = require("@pulumi/pulumi");\n` +
      `for (let i = 0; i < ${count}; i++) new pulumi.ComponentResource("trivial:index:Thing", "thing-" + i, {}, {});\n`,
  );
  // The same SDK and (when no real host is installed) the same language host as the project.
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(project, "node_modules"));
  fs.symlinkSync(path.join(PROJECT_DIR, "bin"), path.join(project, "bin"));
  fs.symlinkSync(path.join(PROJECT_DIR, "dist"), path.join(project, "dist"));
  return project;
}

interface Row {
  label: string;
  members: number | undefined;
  resources: number;
  upMs: number | undefined;
  previews: number[];
  peaks: Peaks;
  /** `wecom-policy drift` (the scheduled check: the law's read of the tenant beside the preview), ms. */
  drifts?: number[];
}

/** `wecom-policy drift` of the stack, RUNS times; it must find the stack in sync (exit 0). */
async function drifts(ws: PulumiWorkspace, stateDir: string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = Date.now();
    const child = spawn(
      process.execPath,
      [path.join(PROJECT_DIR, "bin", "wecom-policy"), "drift", "--stack", ws.stack, "--state-dir", stateDir],
      { cwd: ws.projectDir, env: ws.env(), stdio: ["ignore", "pipe", "pipe"] },
    );
    const { code, out } = await ended(child);
    if (code !== 0) throw new Error(`wecom-policy drift exited ${code}:\n${out}`);
    ms.push(Date.now() - t0);
  }
  return ms;
}

async function previews(ws: PulumiWorkspace): Promise<{ ms: number[]; peaks: Peaks[] }> {
  const ms: number[] = [];
  const peaks: Peaks[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(ws, ["preview", "--refresh", "--diff"]);
    if (r.code !== 0) throw new Error(`pulumi preview --refresh failed:\n${r.out}`);
    ms.push(r.ms);
    peaks.push(r.peaks);
  }
  return { ms, peaks };
}

/** Appends the sandbox's generated members (src/sandbox/seed.ts growDirectory) to the copy's roster, as active. */
function fullRoster(policies: string, members: number): void {
  const generated = members - buildSeed("demo", 0).users.length;
  const rows: string[] = [];
  for (let i = 1; i <= generated; i++) rows.push(`gen${String(i).padStart(6, "0")},员工${i},2,active,,`);
  if (rows.length) fs.appendFileSync(path.join(policies, "people.csv"), `${rows.join("\n")}\n`);
}

async function size(dir: string, members: number, roster: "full" | "demo"): Promise<Row> {
  const sub = path.join(dir, String(members));
  const policies = path.join(sub, "policies");
  fs.cpSync(path.join(PROJECT_DIR, "policies"), policies, { recursive: true });
  if (roster === "full") fullRoster(policies, members);
  const sandbox = await startSandboxProcess({
    stateFile: path.join(sub, "sandbox.json"),
    seed: "demo",
    extraArgs: ["--members", String(members)],
  });
  try {
    const ws = await configureSandboxStack(sandbox, sub, policies, `ladder-${members}`);
    const up = await timed(ws, ["up", "--yes", "--skip-preview"]);
    if (up.code !== 0) throw new Error(`pulumi up at ${members} members failed:\n${up.out}`);
    const exported = await ws.run(["stack", "export", "--stack", ws.stack]);
    const resources = (
      JSON.parse(exported.stdout) as { deployment: { resources?: { type: string }[] } }
    ).deployment.resources!.filter((r) => !r.type.startsWith("pulumi:providers:")).length;
    const p = await previews(ws);
    const d = await drifts(ws, sub);
    process.stderr.write(
      `ladder: ${members} members done (preview ${p.ms.map(s).join(", ")} s; drift ${d.map(s).join(", ")} s)\n`,
    );
    return {
      label: `${members} members`,
      members,
      resources,
      upMs: up.ms,
      previews: p.ms,
      peaks: maxPeaks(p.peaks),
      drifts: d,
    };
  } finally {
    await sandbox.stop();
  }
}

async function trivial(dir: string, resources: number): Promise<Row> {
  const project = trivialProject(dir, resources - 1); // the stack itself is one of the resources
  const ws = new PulumiWorkspace({
    stateDir: path.join(dir, "trivial-state"),
    stack: "trivial",
    projectDir: project,
    passphrase: "trivial",
    cliDir: locateCli(PROJECT_DIR),
  });
  await ws.ensureStack();
  const up = await timed(ws, ["up", "--yes", "--skip-preview"]);
  if (up.code !== 0) throw new Error(`pulumi up of the trivial project failed:\n${up.out}`);
  const p = await previews(ws);
  process.stderr.write(`ladder: trivial project done (${p.ms.map(s).join(", ")} s)\n`);
  return {
    label: `trivial (${resources} resources)`,
    members: undefined,
    resources,
    upMs: up.ms,
    previews: p.ms,
    peaks: maxPeaks(p.peaks),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rosterArg = args.find((a) => a.startsWith("--roster="))?.slice("--roster=".length) ?? "full";
  if (rosterArg !== "full" && rosterArg !== "demo") throw new Error("--roster must be full or demo");
  const roster: "full" | "demo" = rosterArg;
  const sizes = args.filter((a) => !a.startsWith("--")).map(Number);
  if (sizes.length === 0) sizes.push(200, 10_000, 100_000);
  if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new Error("sizes must be integers");
  const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const loadStart = load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ladder-bench-"));
  try {
    const rows: Row[] = [];
    for (const n of sizes) rows.push(await size(dir, n, roster));
    const floor = await trivial(dir, rows[0]!.resources);
    const base = median(rows.find((r) => r.members === Math.min(...sizes))!.previews);
    const floorMs = median(floor.previews);
    console.log(
      `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, Node.js ${process.version}, ` +
        `load average ${loadStart} at the start, ${load()} at the end; ${RUNS} runs of ` +
        "`pulumi preview --refresh --diff`, median; peak RSS (VmHWM) of the largest process of each role over the runs; " +
        (roster === "full"
          ? "roster: every member (people.csv grows with the tenant)"
          : "roster: the demo's 200 rows"),
    );
    console.log("");
    console.log(
      `| project | resources | \`up\` once | preview --refresh (runs) | median | ÷ ${Math.min(...sizes)}-member | ÷ trivial | CLI MB | language host MB | program MB | provider MB |`,
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of [...rows, floor]) {
      const m = median(r.previews);
      console.log(
        `| ${r.label} | ${r.resources} | ${r.upMs === undefined ? "–" : `${s(r.upMs)} s`} | ${r.previews.map(s).join(", ")} | ${s(m)} s | ${(m / base).toFixed(2)}× | ${(m / floorMs).toFixed(2)}× | ${mb(r.peaks.cli)} | ${mb(r.peaks.langhost)} | ${mb(r.peaks.program)} | ${mb(r.peaks.provider)} |`,
      );
    }
    console.log("");
    console.log("`wecom-policy drift` (the scheduled check), same stacks, in sync:");
    console.log("");
    console.log(`| project | drift (runs) | median | ÷ ${Math.min(...sizes)}-member |`);
    console.log("|---|---|---|---|");
    const driftBase = median(rows.find((r) => r.members === Math.min(...sizes))!.drifts!);
    for (const r of rows) {
      const m = median(r.drifts!);
      console.log(
        `| ${r.label} | ${r.drifts!.map(s).join(", ")} | ${s(m)} s | ${(m / driftBase).toFixed(2)}× |`,
      );
    }
    const largest = rows[rows.length - 1]!;
    console.log("");
    console.log(
      `Targets (issue 12): at 100,000 members preview --refresh ≤ 2× the 200-member time — ` +
        `${largest.members === 100_000 ? `${(median(largest.previews) / base).toFixed(2)}× (${median(largest.previews) / base <= 2 ? "met" : "not met"})` : "100,000 not measured in this run"}; ` +
        `provider peak RSS < 300 MB — ${mb(largest.peaks.provider)} MB at ${largest.members} members (${largest.peaks.provider / 1024 < 300 ? "met" : "not met"})`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
