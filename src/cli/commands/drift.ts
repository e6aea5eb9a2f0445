/**
 * `wecom-policy drift`: the scheduled drift check. Runs `pulumi preview --refresh --expect-no-changes`
 * with the provider read-only, and reports each setting that differs from the policy, its live and
 * declared values, who most likely changed it (admin operation log) and which controls and articles of law
 * it touches. Exit 0 in sync, 2 drift, 1 error (DESIGN §1).
 *
 * Stacks: `--state-dir DIR` selects a workspace made by `demo` or `import --sandbox` (file backend, sandbox
 * passphrase, the demo's pinned day); without it, pulumi runs in your own environment (PULUMI_BACKEND_URL,
 * PULUMI_HOME, PULUMI_CONFIG_PASSPHRASE…) on `--stack`.
 */
import * as fs from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../main";
import { detectLang, type Lang } from "../../text";
import { langOption } from "../options";
import { DRIFT_EXIT, runDrift } from "../../drift/run";
import { driftMarkdown } from "../../report/drift";
import { selectWorkspace, stackOptions } from "../stack";

interface DriftFlags {
  stack: string;
  stateDir?: string;
  since: string;
  json?: string;
  markdown?: string;
  lang?: Lang;
}

export function register(program: Command, ctx: CliContext): void {
  stackOptions(program.command("drift"))
    .description(
      "drift check: what changed by hand, who did it, which law it touches / 漂移检查 (exit 0 in sync, 2 drift, 1 error)",
    )
    .option("--since <days>", "how many days of the admin operation log to search (1–180)", "7")
    .option("--json <file>", "also write the report as JSON (schemas/drift-report.schema.json)")
    .option("--markdown <file>", "also write the Markdown report to a file (for a CI comment)")
    .addOption(langOption())
    .action(async (flags: DriftFlags) => {
      ctx.exitCode = await drift(flags, ctx);
    });
}

async function drift(flags: DriftFlags, ctx: CliContext): Promise<number> {
  const lang = flags.lang ?? detectLang(process.env);
  const since = Number(flags.since);
  if (!Number.isInteger(since) || since < 1 || since > 180) {
    ctx.stderr(
      `--since must be a whole number of days from 1 to 180, got "${flags.since}" / --since 须为 1–180 的整数天数\n`,
    );
    return DRIFT_EXIT.error;
  }
  const ws = selectWorkspace(flags);
  if ("error" in ws) {
    ctx.stderr(`${ws.error}\n`);
    return DRIFT_EXIT.error;
  }
  // The admin log is searched up to WeCom's clock, not the pinned legal "today" (src/today.ts): the log
  // holds what happened, and the sandbox stamps its entries with the host clock as WeCom does.
  const outcome = await runDrift(ws, { now: new Date(), sinceDays: since });
  if (outcome.code === DRIFT_EXIT.error) {
    ctx.stderr(`drift check failed / 漂移检查失败:\n${outcome.error}\n`);
    return outcome.code;
  }
  const md = driftMarkdown(outcome.report, lang);
  ctx.stdout(md);
  if (flags.markdown) fs.writeFileSync(flags.markdown, md);
  if (flags.json) fs.writeFileSync(flags.json, JSON.stringify(outcome.report, null, 2) + "\n");
  return outcome.code;
}
