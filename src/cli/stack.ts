/**
 * Stack selection shared by `drift` and `audit`: `--state-dir DIR` selects a workspace made by `demo` or
 * `import --sandbox` (file backend, sandbox passphrase, the demo's pinned day); without it, pulumi runs in
 * your own environment (PULUMI_BACKEND_URL, PULUMI_HOME, PULUMI_CONFIG_PASSPHRASE…) on `--stack`.
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

export function stackOptions(cmd: Command): Command {
  return cmd
    .option("--stack <name>", "Pulumi stack", "sandbox")
    .option(
      "--state-dir <dir>",
      "a workspace made by `demo` or `import --sandbox` (default: your Pulumi environment)",
    );
}

/** The workspace, or a bilingual message saying why there is none. */
export function selectWorkspace(flags: StackFlags): PulumiWorkspace | { error: string } {
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
    stateDir: path.resolve(".wecom-policy", "drift"),
    stack: flags.stack,
    env: ambient,
  });
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
