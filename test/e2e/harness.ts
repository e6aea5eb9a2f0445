/**
 * What every end-to-end test needs, nothing faked: a temporary directory, the sandbox tenant as its own
 * process (demo seed), optionally a sandbox stack on the demo policies, the real pulumi CLI through the
 * project's workspace, the sandbox's request log, and the `wecom-policy` command as a child process.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { configureSandboxStack } from "../../src/pulumi/sandbox-stack";
import { startSandboxProcess, type SandboxProcess } from "../../src/pulumi/sandbox-process";
import { PROJECT_DIR, type PulumiResult, type PulumiWorkspace } from "../../src/pulumi/workspace";
import type { ConsoleCredentials } from "../../src/wecom/wire";

// Generous on purpose: these tests assert behaviour, not speed (speed is measured by `npm run bench`), and a
// loaded 2-core machine has taken over 180 s for one pulumi up/preview round. WECOM_POLICY_E2E_TIMEOUT (ms)
// overrides it.
export const TIMEOUT = Number(process.env["WECOM_POLICY_E2E_TIMEOUT"] ?? 600_000);

/** The repository's policies/ — the demo company. */
export const DEMO_POLICIES = path.join(PROJECT_DIR, "policies");

/**
 * Adds `count` roles (`bulk-1`…) of `members` staff each to roles.yaml in a policy copy: an `up` that writes
 * for a while (tag/create + addtagusers per role), for tests that interrupt it.
 */
export function addBulkRoles(
  policiesDir: string,
  opts: { count: number; members: number; tagName: (i: number) => string; purpose: string },
): void {
  const file = path.join(policiesDir, "roles.yaml");
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  for (let i = 1; i <= opts.count; i++)
    doc.setIn(["roles", `bulk-${i}`], {
      tag_name: opts.tagName(i),
      purpose: opts.purpose,
      owner: "sunhao",
      members: Array.from(
        { length: opts.members },
        (_, j) => `staff${String(((i * 7 + j) % 150) + 1).padStart(3, "0")}`,
      ),
    });
  fs.writeFileSync(file, doc.toString());
}

export interface LoggedRequest {
  path: string;
  write: boolean;
}

export interface E2E {
  dir: string;
  sandbox: SandboxProcess;
  creds: ConsoleCredentials;
  /** Every secret the sandbox issued: none may appear in any output. */
  secrets: string[];
  /** The sandbox stack (throws when startE2E was given no policies). */
  readonly ws: PulumiWorkspace;
  /** Everything pulumi printed through `pulumi()`, for secret checks. */
  outputs: string[];
  /** `pulumi <args> <stack args>` in the stack's workspace. */
  pulumi(...args: string[]): Promise<PulumiResult>;
  /** The stack's `roles` output: each role's WeCom tag id by its policy key. */
  roleTags(): Promise<Record<string, number>>;
  /** API calls that wrote, since the last resetLog(). */
  writes(): Promise<LoggedRequest[]>;
  resetLog(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Start the sandbox and, with `policies`, a sandbox stack on that policies directory — or, with "copy",
 * on a copy of the demo policies in `<dir>/policies` that the test may edit. The stack name is unique per
 * process, so test files can run side by side.
 */
export async function startE2E(name: string, opts: { policies?: string | "copy" } = {}): Promise<E2E> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wecom-e2e-${name}-`));
  const sandbox = await startSandboxProcess({ stateFile: path.join(dir, "sandbox.json"), seed: "demo" });
  const creds = await sandbox.credentials();
  let policies = opts.policies;
  if (policies === "copy") {
    policies = path.join(dir, "policies");
    fs.cpSync(DEMO_POLICIES, policies, { recursive: true });
  }
  const stack = policies
    ? await configureSandboxStack(sandbox, dir, policies, `e2e-${name}-${process.pid}`)
    : undefined;
  const workspace = (): PulumiWorkspace => {
    if (!stack) throw new Error(`startE2E("${name}") was given no policies, so it has no stack`);
    return stack;
  };
  const outputs: string[] = [];
  return {
    dir,
    sandbox,
    creds,
    secrets: [
      creds.contacts_secret,
      creds.archive_secret,
      creds.checkin_secret,
      ...Object.values(creds.app_secrets),
    ],
    get ws() {
      return workspace();
    },
    outputs,
    async pulumi(...args) {
      const ws = workspace();
      const r = await ws.run([...args, ...ws.stackArgs()]);
      outputs.push(r.stdout, r.stderr);
      return r;
    },
    async roleTags() {
      const ws = workspace();
      const r = await ws.run([
        "stack",
        "output",
        "roles",
        "--json",
        "--stack",
        ws.stack,
        "--non-interactive",
      ]);
      return JSON.parse(r.stdout || "{}") as Record<string, number>;
    },
    writes: async () =>
      ((await sandbox.get("/__console/requests")) as LoggedRequest[]).filter((r) => r.write),
    resetLog: async () => {
      await sandbox.console("requests/reset", { operator: "e2e" });
    },
    async close() {
      await sandbox.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Run `wecom-policy <args>` (the compiled CLI) as a child process; `ms` is its wall time. */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_DIR, "dist", "cli", "main.js"), ...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, WECOM_POLICY_LANG: "en", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - t0 }));
  });
}
