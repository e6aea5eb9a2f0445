/**
 * Which stack a command reads — `drift`, `audit`, `logs` and every command that takes `--stack` choose it
 * here, the same way (README, "Which stack a command reads"):
 *
 * 1. `--state-dir DIR`: the workspace DIR made by `demo` or `import --sandbox` (its own file backend and
 *    PULUMI_HOME, the sandbox passphrase, the demo's pinned day); `--stack` defaults to `sandbox`.
 * 2. Otherwise, when you are logged in to a Pulumi backend (PULUMI_BACKEND_URL, Pulumi.yaml's
 *    `backend.url`, `pulumi login`'s record in $PULUMI_HOME/credentials.json, or PULUMI_ACCESS_TOKEN):
 *    pulumi runs in your environment — that backend, your PULUMI_HOME and secrets provider, the stack's
 *    config in Pulumi.<stack>.yaml beside Pulumi.yaml; `--stack` defaults to the stack `pulumi stack
 *    select` chose.
 * 3. Otherwise (never logged in): the embedded default, the demo's workspace `.wecom-policy/demo` in the
 *    project with its `sandbox` stack (`wecom-policy demo --keep` makes it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { displayBackend, userBackend, type UserBackend } from "../pulumi/backend";
import { PROJECT_DIR, PulumiWorkspace, SANDBOX_PASSPHRASE } from "../pulumi/workspace";
import { zh } from "../text";
import { pinnedEnv, SANDBOX_TODAY, today, TodayError } from "../today";
import { EXIT } from "./exit-codes";

export interface StackFlags {
  stack?: string;
  stateDir?: string;
}

/** A stack that cannot be used, with the message (both languages) and the exit code. */
export interface StackError {
  error: string;
  code: (typeof EXIT)["error"] | (typeof EXIT)["usage"];
}

/** The stack of the embedded default, and of a workspace when `--stack` is not given. */
export const SANDBOX_STACK = "sandbox";
/** The embedded default's workspace: the one `wecom-policy demo` makes. */
export const DEMO_STATE_DIR = path.join(PROJECT_DIR, ".wecom-policy", "demo");

/** Adds `--stack` and `--state-dir`. */
export function stackOptions(cmd: Command): Command {
  return cmd
    .option(
      "--stack <name>",
      "Pulumi stack (default: `sandbox` in a workspace, else the stack `pulumi stack select` chose)",
    )
    .option(
      "--state-dir <dir>",
      "a workspace made by `demo` or `import --sandbox` (default: the backend of `pulumi login`, else .wecom-policy/demo)",
    );
}

/** Where the stack lives, decided from the flags and the environment alone (no pulumi call). */
export type StackPlace =
  | { kind: "workspace"; stateDir: string; stack: string; embedded: boolean }
  | { kind: "user"; backend: UserBackend; stack: string | undefined };

export function stackPlace(flags: StackFlags, env: NodeJS.ProcessEnv = process.env): StackPlace | StackError {
  if (flags.stateDir !== undefined) {
    const stateDir = path.resolve(flags.stateDir);
    if (!fs.existsSync(path.join(stateDir, "backend")))
      return {
        error:
          `${stateDir} is not a wecom-policy workspace (no backend/); run \`wecom-policy demo\` first, or leave out --state-dir to use the backend of \`pulumi login\`\n` +
          zh`${stateDir} 不是 wecom-policy 工作区（没有 backend/）；请先运行 \`wecom-policy demo\`，或去掉 --state-dir 以使用 \`pulumi login\` 登录的后端`,
        code: EXIT.error,
      };
    return { kind: "workspace", stateDir, stack: flags.stack ?? SANDBOX_STACK, embedded: false };
  }
  const backend = userBackend(PROJECT_DIR, env);
  if (backend) return { kind: "user", backend, stack: flags.stack };
  if (flags.stack !== undefined && flags.stack !== SANDBOX_STACK)
    return {
      error:
        `stack ${flags.stack}: you are not logged in to a Pulumi backend — run \`pulumi login <backend>\` (or set PULUMI_BACKEND_URL) where the stack lives; without a login only the demo's sandbox stack (.wecom-policy/demo) is used\n` +
        zh`堆栈 ${flags.stack}：尚未登录 Pulumi 后端——请对该堆栈所在的后端运行 \`pulumi login <backend>\`（或设置 PULUMI_BACKEND_URL）；未登录时只使用演示的 sandbox 堆栈（.wecom-policy/demo）`,
      code: EXIT.error,
    };
  if (!fs.existsSync(path.join(DEMO_STATE_DIR, "backend")))
    return {
      error:
        "no stack to read: you are not logged in to a Pulumi backend (`pulumi login <backend>`, or PULUMI_BACKEND_URL) and there is no demo workspace (`wecom-policy demo --keep` makes one)\n" +
        zh`没有可读取的堆栈：尚未登录 Pulumi 后端（\`pulumi login <backend>\` 或 PULUMI_BACKEND_URL），也没有演示工作区（\`wecom-policy demo --keep\` 会创建）`,
      code: EXIT.error,
    };
  return { kind: "workspace", stateDir: DEMO_STATE_DIR, stack: SANDBOX_STACK, embedded: true };
}

/**
 * The workspace for the flags (module comment), or why there is none. On the user's backend the stack is
 * checked to exist there, so a wrong name or a missing login says so instead of pulumi's "no stack named".
 */
export async function openWorkspace(
  flags: StackFlags,
  purpose: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PulumiWorkspace | StackError> {
  const place = stackPlace(flags, env);
  if ("error" in place) return place;
  if (place.kind === "workspace")
    return new PulumiWorkspace({
      stateDir: place.stateDir,
      stack: place.stack,
      passphrase: env["PULUMI_CONFIG_PASSPHRASE"] ?? SANDBOX_PASSPHRASE,
      env: pinnedEnv(env, SANDBOX_TODAY),
    });
  // The user's environment: their backend, PULUMI_HOME and passphrase, as their own `pulumi` sees them.
  const at = (stack: string) =>
    new PulumiWorkspace({ stateDir: path.resolve(".wecom-policy", purpose), stack, backend: "user" });
  const where = `${displayBackend(place.backend.url)} (${place.backend.from})`;
  let stack = place.stack;
  if (stack === undefined) {
    const r = await at(SANDBOX_STACK).run(["stack", "--show-name", "--non-interactive"]);
    stack = r.code === 0 ? r.stdout.trim() : "";
    if (!stack)
      return {
        error:
          `name the stack with --stack: no stack is selected in ${where} (\`pulumi stack select NAME\` selects one)\n` +
          zh`请用 --stack 指定堆栈：${where} 中没有已选择的堆栈（\`pulumi stack select NAME\` 可选择）`,
        code: EXIT.usage,
      };
  }
  const ws = at(stack);
  const ls = await ws.run(["stack", "ls", "--json", "--non-interactive"]);
  if (ls.code !== 0)
    return {
      error:
        `cannot list the stacks of ${where}: ${firstLine(ls.stderr || ls.stdout)}\n` +
        zh`无法列出 ${where} 的堆栈：${firstLine(ls.stderr || ls.stdout)}`,
      code: EXIT.error,
    };
  const names = (JSON.parse(ls.stdout || "[]") as { name: string }[]).map((s) => s.name);
  if (!names.some((n) => n === stack || n.endsWith(`/${stack}`))) {
    const there = names.length ? names.join(", ") : "none";
    return {
      error:
        `no stack named ${stack} in ${where}; stacks there: ${there}\n` +
        zh`${where} 中没有名为 ${stack} 的堆栈；现有堆栈：${names.length ? names.join("、") : "无"}`,
      code: EXIT.error,
    };
  }
  return ws;
}

const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

/**
 * The archive directory of `--archive`, or the stack's default (below) — found without running pulumi
 * unless the stack is on your backend and `--stack` was not given.
 */
export async function archiveDirFor(
  flags: StackFlags & { archive?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | StackError> {
  if (flags.archive !== undefined) return path.resolve(flags.archive);
  const place = stackPlace(flags, env);
  // The archive of a named stack is found without a login (a CI job may verify before it logs in).
  if ("error" in place && flags.stack !== undefined && flags.stateDir === undefined)
    return defaultArchiveDir({ backend: "user", stateDir: "", stack: flags.stack });
  if ("error" in place) return place;
  if (place.kind === "workspace") return defaultArchiveDir({ backend: "workspace", ...place });
  if (place.stack !== undefined)
    return defaultArchiveDir({ backend: "user", stateDir: "", stack: place.stack });
  const ws = await openWorkspace(flags, "logs", env);
  return "error" in ws ? ws : defaultArchiveDir(ws);
}

/**
 * Where the stack's operation-log archive lives unless `--archive` says otherwise: beside a workspace's
 * state, or under the project's `.wecom-policy/logs/<stack>` (keep it between CI runs: README).
 */
export function defaultArchiveDir(ws: Pick<PulumiWorkspace, "backend" | "stateDir" | "stack">): string {
  return ws.backend === "workspace"
    ? path.resolve(ws.stateDir, "logs", ws.stack)
    : path.resolve(".wecom-policy", "logs", ws.stack);
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
