/**
 * The demo (`wecom-policy demo`, `npm run demo`): start a sandbox tenant seeded with the demo company,
 * then run the real Pulumi CLI on policies/ against it — preview, up, a hand-made console change caught
 * by the drift check (`preview --refresh --expect-no-changes`, exit 7), and an up that converges.
 * The sandbox is stopped at the end, whatever happens. Each run starts from a fresh tenant and stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runDrift } from "../drift/run";
import { startSandboxProcess } from "../pulumi/sandbox-process";
import { configureSandboxStack } from "../pulumi/sandbox-stack";
import { PROJECT_DIR } from "../pulumi/workspace";
import { driftMarkdown } from "../report/drift";
import type { Lang } from "../text";

/** Exit code of `pulumi preview --expect-no-changes` when it finds changes (CLI ≥ 3.226). */
export const PULUMI_EXIT_CHANGES = 7;

export interface DemoOptions {
  /** Policy directory, relative to the project. */
  dir: string;
  /** The demo's workspace, relative to the project; emptied first. */
  stateDir: string;
  /** Leave the sandbox running afterwards. */
  keep?: boolean;
  lang: Lang;
  /** What the demo shows, as it happens: its own headings and everything pulumi prints. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs the demo; true when every step did what the demo expects. */
export async function runDemo(opts: DemoOptions): Promise<boolean> {
  const stateDir = path.resolve(PROJECT_DIR, opts.stateDir);
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const say = (en: string, zh: string) => opts.stdout(`\n== ${en} / ${zh}\n`);

  say("Starting the sandbox tenant (seed: demo)", "启动沙箱租户（演示数据）");
  const sandbox = await startSandboxProcess({ stateFile: path.join(stateDir, "sandbox.json"), seed: "demo" });
  opts.stdout(`sandbox: ${sandbox.url}\n`);
  try {
    const ws = await configureSandboxStack(sandbox, stateDir, path.resolve(PROJECT_DIR, opts.dir));
    const stream = { onStdout: opts.stdout, onStderr: opts.stderr };
    const step = async (args: string[]) => (await ws.run([...args, ...ws.stackArgs()], stream)).code;

    say("pulumi preview --diff (nothing is applied)", "预览变更（不做任何修改）");
    if ((await step(["preview", "--diff"])) !== 0) return false;

    say("pulumi up (applies what the WeCom API can write)", "应用变更");
    if ((await step(["up", "--yes", "--skip-preview"])) !== 0) return false;

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
      let code = await step(["preview", "--refresh", "--expect-no-changes", "--diff"]);
      opts.stdout(
        `\ndrift check exit code: ${code} (${code === PULUMI_EXIT_CHANGES ? "drift found / 发现漂移" : "unexpected / 意外"})\n`,
      );
      if (code !== PULUMI_EXIT_CHANGES) return false;

      say(
        "wecom-policy drift: who changed it, and which law it touches",
        "wecom-policy drift：谁改的、涉及哪条法律",
      );
      const drift = await runDrift(ws, { now: new Date(), sinceDays: 7 });
      if (!("report" in drift)) {
        opts.stderr(`${drift.error}\n`);
        return false;
      }
      opts.stdout(driftMarkdown(drift.report, opts.lang));

      say("pulumi up converges the tenant back to policies/", "pulumi up 将租户恢复为策略声明的状态");
      if ((await step(["up", "--yes", "--skip-preview", "--refresh"])) !== 0) return false;
      code = await step(["preview", "--refresh", "--expect-no-changes"]);
      opts.stdout(
        `\ndrift check exit code: ${code} (${code === 0 ? "in sync / 已同步" : "not in sync / 未同步"})\n`,
      );
      if (code !== 0) return false;
    }
    say("Done", "完成");
    return true;
  } finally {
    if (opts.keep) {
      sandbox.detach();
      opts.stdout(
        `sandbox left running at ${sandbox.url} (pid ${sandbox.pid}); stop it with: kill ${sandbox.pid}\n`,
      );
    } else await sandbox.stop();
  }
}
