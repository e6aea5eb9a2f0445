/**
 * `wecom-policy demo` (what `npm run demo` runs): start a sandbox tenant seeded with the demo company,
 * then run the real Pulumi CLI on policies/ against it — preview, up, a hand-made console change caught
 * by the drift check (`preview --refresh --expect-no-changes`, exit 7), and an up that converges.
 * The sandbox is stopped at the end, whatever happens. Each run starts from a fresh tenant and stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../main";
import { DRIFT_EXIT, runDrift } from "../../drift/run";
import { detectLang } from "../../text";
import { startSandboxProcess, type SandboxProcess } from "../../pulumi/sandbox-process";
import { driftMarkdown } from "../../report/drift";
import { PROJECT_DIR, PulumiWorkspace, SANDBOX_PASSPHRASE } from "../../pulumi/workspace";
import { pinnedEnv, SANDBOX_TODAY } from "../../today";

/** Exit code of `pulumi preview --expect-no-changes` when it finds changes (CLI ≥ 3.226). */
export const EXIT_DRIFT = 7;

export function register(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description(
      "run a real Pulumi preview/up of policies/ against a local sandbox tenant / 在本地沙箱租户上演示",
    )
    .option("--dir <dir>", "policy directory", "policies")
    .option("--state-dir <dir>", "workspace for the demo's backend and sandbox state", ".wecom-policy/demo")
    .option("--keep", "leave the sandbox running after the demo (prints its URL)")
    .action(async (opts: { dir: string; stateDir: string; keep?: boolean }) => {
      ctx.exitCode = await runDemo(opts, ctx);
    });
}

async function runDemo(
  opts: { dir: string; stateDir: string; keep?: boolean },
  ctx: CliContext,
): Promise<number> {
  const stateDir = path.resolve(PROJECT_DIR, opts.stateDir);
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const say = (en: string, zh: string) => ctx.stdout(`\n== ${en} / ${zh}\n`);

  say("Starting the sandbox tenant (seed: demo)", "启动沙箱租户（演示数据）");
  const sandbox = await startSandboxProcess({ stateFile: path.join(stateDir, "sandbox.json"), seed: "demo" });
  ctx.stdout(`sandbox: ${sandbox.url}\n`);
  try {
    const ws = await configureSandboxStack(sandbox, stateDir, path.resolve(PROJECT_DIR, opts.dir));
    const stream = { onStdout: ctx.stdout, onStderr: ctx.stderr };
    const step = async (args: string[]) => (await ws.run([...args, ...ws.stackArgs()], stream)).code;

    say("pulumi preview --diff (nothing is applied)", "预览变更（不做任何修改）");
    let code = await step(["preview", "--diff"]);
    if (code !== 0) return code;

    say("pulumi up (applies what the WeCom API can write)", "应用变更");
    code = await step(["up", "--yes", "--skip-preview"]);
    if (code !== 0) return code;

    say(
      "An admin adds liuyang to 财务审批 by hand in the console; the drift check catches it",
      "管理员在后台手工把 liuyang 加入「财务审批」；漂移检查发现该变更",
    );
    const roles = (
      await ws.run(["stack", "output", "roles", "--json", "--stack", ws.stack, "--non-interactive"])
    ).stdout;
    const tagId = (JSON.parse(roles || "{}") as Record<string, number>)["finance-approvers"];
    if (tagId !== undefined) {
      await sandbox.console("tag/addusers", { operator: "sunhao", tagid: tagId, userlist: ["liuyang"] });
      code = await step(["preview", "--refresh", "--expect-no-changes", "--diff"]);
      ctx.stdout(
        `\ndrift check exit code: ${code} (${code === EXIT_DRIFT ? "drift found / 发现漂移" : "unexpected / 意外"})\n`,
      );
      if (code !== EXIT_DRIFT) return code === 0 ? 1 : code;

      say(
        "wecom-policy drift: who changed it, and which law it touches",
        "wecom-policy drift：谁改的、涉及哪条法律",
      );
      const drift = await runDrift(ws, { now: new Date(), sinceDays: 7 });
      if (drift.code === DRIFT_EXIT.error) {
        ctx.stderr(`${drift.error}\n`);
        return 1;
      }
      ctx.stdout(driftMarkdown(drift.report, detectLang(process.env)));

      say("pulumi up converges the tenant back to policies/", "pulumi up 将租户恢复为策略声明的状态");
      code = await step(["up", "--yes", "--skip-preview", "--refresh"]);
      if (code !== 0) return code;
      code = await step(["preview", "--refresh", "--expect-no-changes"]);
      ctx.stdout(
        `\ndrift check exit code: ${code} (${code === 0 ? "in sync / 已同步" : "not in sync / 未同步"})\n`,
      );
      if (code !== 0) return code;
    }
    say("Done", "完成");
    return 0;
  } finally {
    if (opts.keep) {
      sandbox.detach();
      ctx.stdout(
        `sandbox left running at ${sandbox.url} (pid ${sandbox.pid}); stop it with: kill ${sandbox.pid}\n`,
      );
    } else await sandbox.stop();
  }
}

/**
 * The `sandbox` stack in a workspace: file backend, the sandbox's corp id and contacts secret as
 * (secret) stack config, its URL as wecom:baseUrl. Shared with the end-to-end tests.
 */
export async function configureSandboxStack(
  sandbox: Pick<SandboxProcess, "url" | "credentials">,
  stateDir: string,
  policiesDir: string,
  stack = "sandbox",
): Promise<PulumiWorkspace> {
  const creds = await sandbox.credentials();
  // A sandbox stack protects nothing real: its secrets are generated locally by the sandbox.
  const ws = new PulumiWorkspace({
    stateDir,
    stack,
    passphrase: SANDBOX_PASSPHRASE,
    env: pinnedEnv(process.env, SANDBOX_TODAY),
  });
  await ws.ensureStack();
  await ws.setConfig("wecom:corpId", creds.corpid);
  await ws.setConfig("wecom:corpSecret", creds.contacts_secret, true);
  await ws.setConfig("wecom:archiveSecret", creds.archive_secret, true);
  await ws.setConfig("wecom:appSecrets", JSON.stringify(creds.app_secrets), true);
  // The demo company's customer-contact app and security-log app (docs/demo-company.md).
  await ws.setConfig("wecom:customerAgentId", "1000003");
  await ws.setConfig("wecom:securityAgentId", "1000004");
  await ws.setConfig("wecom:baseUrl", sandbox.url);
  await ws.setConfig("wecom-policy:policiesDir", policiesDir);
  return ws;
}
