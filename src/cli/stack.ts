/**
 * Which stack a command reads, chosen the same way by `drift` and `logs`: `--state-dir DIR` selects a
 * workspace made by `demo` or `import --sandbox` (file backend, sandbox passphrase, the demo's pinned day);
 * without it, pulumi runs in your own environment (PULUMI_BACKEND_URL, PULUMI_HOME, PULUMI_CONFIG_PASSPHRASE…)
 * on `--stack`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { PulumiWorkspace, SANDBOX_PASSPHRASE } from "../pulumi/workspace";
import { pinnedEnv, SANDBOX_TODAY, today, TodayError } from "../today";

export interface StackFlags {
  stack: string;
  stateDir?: string;
}

/** Adds `--stack` and `--state-dir`. */
export function stackOptions(cmd: Command): Command {
  return cmd
    .option("--stack <name>", "Pulumi stack", "sandbox")
    .option(
      "--state-dir <dir>",
      "a workspace made by `demo` or `import --sandbox` (default: your Pulumi environment)",
    );
}

/** The workspace for the flags, or the message to print when `--state-dir` is not a workspace. */
export function openWorkspace(flags: StackFlags, purpose: string): PulumiWorkspace | { error: string } {
  if (flags.stateDir !== undefined) {
    const stateDir = path.resolve(flags.stateDir);
    if (!fs.existsSync(path.join(stateDir, "backend")))
      return {
        error: `${stateDir} is not a wecom-policy workspace (no backend/); run \`wecom-policy demo\` first / 不是 wecom-policy 工作区`,
      };
    return new PulumiWorkspace({
      stateDir,
      stack: flags.stack,
      passphrase: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? SANDBOX_PASSPHRASE,
      env: pinnedEnv(process.env, SANDBOX_TODAY),
    });
  }
  // Your own environment: pass the backend and home through instead of the workspace's.
  const ambient: Record<string, string> = {};
  for (const k of ["PULUMI_BACKEND_URL", "PULUMI_HOME"]) if (process.env[k]) ambient[k] = process.env[k]!;
  return new PulumiWorkspace({
    stateDir: path.resolve(".wecom-policy", purpose),
    stack: flags.stack,
    env: ambient,
  });
}

/**
 * Where the stack's operation-log archive lives unless `--archive` says otherwise: beside the sandbox
 * workspace, or under the project's `.wecom-policy/logs/<stack>` (keep it between CI runs: README).
 */
export function defaultArchiveDir(flags: StackFlags): string {
  return flags.stateDir !== undefined
    ? path.resolve(flags.stateDir, "logs", flags.stack)
    : path.resolve(".wecom-policy", "logs", flags.stack);
}

/** The stack's "today" (src/today.ts on the stack's environment: sandbox stacks pin the demo's day). */
export function stackNow(ws: PulumiWorkspace): Date | { error: string } {
  try {
    return today(ws.env());
  } catch (err) {
    if (err instanceof TodayError) return { error: err.message };
    throw err;
  }
}
