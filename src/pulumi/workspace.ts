/**
 * Every `pulumi` call the project makes goes through here, in one environment (DESIGN §3):
 * a file backend and PULUMI_HOME inside the workspace, update check off, automatic plugin downloads off,
 * the stack's config in the workspace (`--config-file`), and a passphrase only for the sandbox stack.
 * A workspace on the user's own backend (`backend: "user"`, src/cli/stack.ts) keeps the user's
 * PULUMI_HOME, backend and stack config (Pulumi.<stack>.yaml beside Pulumi.yaml) instead.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BUDGET_SOCKET_ENV, budgetSocketForChildren } from "../wecom/budget-share";

/**
 * The repository root (where Pulumi.yaml is), from dist/pulumi or src/pulumi — or WECOM_POLICY_PROJECT_DIR
 * for code compiled elsewhere (scripts/reliability compiles into .wecom-policy/reliability).
 */
export const PROJECT_DIR = process.env["WECOM_POLICY_PROJECT_DIR"] ?? path.resolve(__dirname, "..", "..");

/** The sandbox stack's passphrase. It protects nothing real: the sandbox's secrets are generated locally. */
export const SANDBOX_PASSPHRASE = "wecom-policy-sandbox";

export interface WorkspaceOptions {
  /** Holds backend/, home/ and the stack config file (a "user" workspace: only what the commands keep). */
  stateDir: string;
  /**
   * "workspace" (default): a file backend and PULUMI_HOME inside stateDir. "user": the backend the user
   * logged in to with `pulumi login` (or PULUMI_BACKEND_URL) and their PULUMI_HOME, untouched.
   */
  backend?: "workspace" | "user";
  /**
   * A workspace's state elsewhere than its file backend, e.g. Pulumi's `postgres://` DIY backend shared by
   * a fleet of tenant stacks (src/fleet). PULUMI_HOME and the stack config stay in stateDir.
   */
  backendUrl?: string;
  stack: string;
  /** Passphrase for the stack's secrets; defaults to the sandbox one for the `sandbox` stack only. */
  passphrase?: string;
  /** Directory with the `pulumi` binary; default: scripts/setup-pulumi.sh's answer. */
  cliDir?: string;
  projectDir?: string;
  /** Extra environment for every call (e.g. WECOM_* for the provider). */
  env?: Record<string, string>;
  /**
   * Share this process's WeCom call budget with the provider plugin of the pulumi commands that call WeCom
   * (preview, up, refresh, destroy, import) through a budget coordinator (src/wecom/budget-share.ts).
   * Default true.
   */
  shareBudget?: boolean;
}

/** The pulumi commands whose provider plugin calls WeCom. */
const CALLS_WECOM: ReadonlySet<string> = new Set(["preview", "up", "update", "refresh", "destroy", "import"]);

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

let cachedCliDir: string | undefined;

/**
 * The directory of the Pulumi CLI that is already there (WECOM_POLICY_PULUMI_DIR, a recent enough `pulumi`
 * on PATH, or the set-up's cache), or undefined: builds nothing (scripts/setup-pulumi.sh with
 * WECOM_POLICY_NO_BUILD=1).
 */
export function existingCli(projectDir = PROJECT_DIR): string | undefined {
  if (process.env["WECOM_POLICY_PULUMI_DIR"]) return process.env["WECOM_POLICY_PULUMI_DIR"];
  if (cachedCliDir) return cachedCliDir;
  try {
    return execFileSync("bash", [path.join(projectDir, "scripts", "setup-pulumi.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, WECOM_POLICY_NO_BUILD: "1" },
    })
      .trim()
      .split("\n")
      .pop();
  } catch {
    return undefined;
  }
}

/** Find (or build, once) the Pulumi CLI via scripts/setup-pulumi.sh; the script prints its directory. */
export function locateCli(projectDir = PROJECT_DIR): string {
  if (process.env["WECOM_POLICY_PULUMI_DIR"]) return process.env["WECOM_POLICY_PULUMI_DIR"];
  cachedCliDir ??= execFileSync("bash", [path.join(projectDir, "scripts", "setup-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  return cachedCliDir;
}

export class PulumiWorkspace {
  readonly stateDir: string;
  readonly stack: string;
  readonly projectDir: string;
  readonly configFile: string;
  readonly backend: "workspace" | "user";
  private readonly passphrase: string | undefined;
  private readonly cliDir: string;
  private readonly extraEnv: Record<string, string>;
  private readonly backendUrl: string | undefined;
  private readonly shareBudget: boolean;

  constructor(opts: WorkspaceOptions) {
    this.stateDir = path.resolve(opts.stateDir);
    this.stack = opts.stack;
    this.projectDir = opts.projectDir ?? PROJECT_DIR;
    this.backend = opts.backend ?? "workspace";
    // On the user's backend the stack's config is where their own `pulumi config set` put it.
    this.configFile =
      this.backend === "user"
        ? path.join(opts.projectDir ?? PROJECT_DIR, `Pulumi.${opts.stack}.yaml`)
        : path.join(this.stateDir, `Pulumi.${opts.stack}.yaml`);
    // The sandbox passphrase only in a workspace: a stack named `sandbox` on the user's backend is theirs.
    this.passphrase =
      opts.passphrase ??
      ((opts.backend ?? "workspace") === "workspace" && opts.stack === "sandbox"
        ? SANDBOX_PASSPHRASE
        : undefined);
    this.cliDir = opts.cliDir ?? locateCli(this.projectDir);
    this.extraEnv = opts.env ?? {};
    this.backendUrl = opts.backendUrl;
    this.shareBudget = opts.shareBudget ?? true;
  }

  /** The environment of every pulumi call. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const binDirs = [this.cliDir];
    // Our TypeScript language host stands in only where no host is installed beside pulumi (a real one,
    // or setup-pulumi.sh's shim, which runs WECOM_POLICY_LANGHOST): docs/decisions.md.
    if (!fs.existsSync(path.join(this.cliDir, "pulumi-language-nodejs")))
      binDirs.push(path.join(this.projectDir, "bin"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [...binDirs, process.env["PATH"] ?? ""].join(path.delimiter),
      WECOM_POLICY_LANGHOST: path.join(this.projectDir, "dist", "langhost", "main.js"),
      ...(this.backend === "workspace"
        ? {
            PULUMI_HOME: path.join(this.stateDir, "home"),
            PULUMI_BACKEND_URL: this.backendUrl ?? `file://${path.join(this.stateDir, "backend")}`,
          }
        : {}),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_CONFIG_PASSPHRASE: this.passphrase ?? process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "",
      ...this.extraEnv,
      ...extra,
    };
    if (env["PULUMI_CONFIG_PASSPHRASE"] === "") delete env["PULUMI_CONFIG_PASSPHRASE"];
    return env;
  }

  /**
   * Run `pulumi <args>` in the project with this workspace's environment; never throws on exit codes. A
   * command that calls WeCom gets the run's budget coordinator (WECOM_POLICY_BUDGET_SOCKET), which pulumi
   * passes on to the provider plugin: the plugin and this process draw on one budget.
   */
  async run(
    args: readonly string[],
    opts: {
      env?: Record<string, string>;
      /** Written to pulumi's stdin (e.g. a secret value, so it never appears in argv). */
      input?: string;
      onStdout?: (chunk: string) => void;
      onStderr?: (chunk: string) => void;
    } = {},
  ): Promise<PulumiResult> {
    if (this.backend === "workspace") {
      if (this.backendUrl === undefined)
        fs.mkdirSync(path.join(this.stateDir, "backend"), { recursive: true });
      fs.mkdirSync(path.join(this.stateDir, "home"), { recursive: true });
    }
    const socket =
      this.shareBudget && CALLS_WECOM.has(args[0] ?? "")
        ? await budgetSocketForChildren({ ...process.env, ...this.extraEnv, ...opts.env })
        : undefined;
    const env = this.env(socket === undefined ? opts.env : { [BUDGET_SOCKET_ENV]: socket, ...opts.env });
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.cliDir, "pulumi"), [...args], {
        cwd: this.projectDir,
        env,
        stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      if (opts.input !== undefined) child.stdin!.end(opts.input);
      let stdout = "";
      let stderr = "";
      child.stdout!.setEncoding("utf8").on("data", (c: string) => {
        stdout += c;
        opts.onStdout?.(c);
      });
      child.stderr!.setEncoding("utf8").on("data", (c: string) => {
        stderr += c;
        opts.onStderr?.(c);
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  /**
   * Arguments that select this workspace's stack and its config file. Without a config file in the
   * workspace (a real tenant's stack), pulumi finds Pulumi.<stack>.yaml beside Pulumi.yaml as usual.
   */
  stackArgs(): string[] {
    const config =
      this.backend === "workspace" && fs.existsSync(this.configFile)
        ? ["--config-file", this.configFile]
        : [];
    return ["--stack", this.stack, ...config, "--non-interactive", "--color", "never"];
  }

  /** Create the stack if it does not exist yet (idempotent). */
  async ensureStack(): Promise<void> {
    const ls = await this.run(["stack", "ls", "--json"]);
    if (
      ls.code === 0 &&
      (JSON.parse(ls.stdout || "[]") as { name: string }[]).some((s) => s.name === this.stack)
    )
      return;
    // On the user's backend its own secrets provider applies (a passphrase for a file or object-store
    // backend, Pulumi Cloud's otherwise); in a workspace always the passphrase.
    const provider = this.backend === "workspace" ? ["--secrets-provider", "passphrase"] : [];
    const init = await this.run(["stack", "init", this.stack, ...provider, "--non-interactive"]);
    if (init.code !== 0)
      throw new Error(`pulumi stack init ${this.stack} failed:\n${init.stderr || init.stdout}`);
    if (this.backend === "user") return;
    // `stack init` writes the stack's config file (with the passphrase salt) beside Pulumi.yaml; keep it in
    // the workspace instead, so the salt in the config matches the backend and the repository stays clean.
    const written = path.join(this.projectDir, `Pulumi.${this.stack}.yaml`);
    if (fs.existsSync(written) && !fs.existsSync(this.configFile)) {
      fs.copyFileSync(written, this.configFile);
      fs.rmSync(written);
    }
  }

  /** `pulumi config set [--secret] key` into the workspace's config file; the value goes through stdin, never argv. */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    const r = await this.run(
      [
        "config",
        "set",
        ...(secret ? ["--secret"] : ["--plaintext"]),
        key,
        "--stack",
        this.stack,
        ...(this.backend === "workspace" ? ["--config-file", this.configFile] : []),
        "--non-interactive",
      ],
      { input: value },
    );
    if (r.code !== 0) throw new Error(`pulumi config set ${key} failed:\n${r.stderr || r.stdout}`);
  }
}
