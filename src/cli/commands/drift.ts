/**
 * `wecom-policy drift`: the scheduled drift check. Runs `pulumi preview --refresh --expect-no-changes`
 * with the provider read-only, and reports each setting that differs from the policy, its live and
 * declared values, who changed it (only from an operation-log entry about the same object) and which
 * controls and articles of law it touches. Exit 0 in sync, 2 drift, 1 error, 64 a usage mistake
 * (src/cli/exit-codes.ts). Stack selection: ../stack.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { detectLang, type Lang } from "../../text";
import { EXIT } from "../exit-codes";
import { langOption } from "../options";
import { DRIFT_EXIT, runDrift } from "../../drift/run";
import { driftMarkdown } from "../../report/drift";
import { startProgress } from "../../progress";
import { defaultArchiveDir, openWorkspace, stackOptions, type StackFlags } from "../stack";

interface DriftFlags extends StackFlags {
  since: string;
  json?: string;
  markdown?: string;
  archive?: string;
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
    .option(
      "--archive <dir>",
      "the operation-log archive of `wecom-policy logs sync`, read where it covers the search (default: as logs sync)",
    )
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
    return EXIT.usage;
  }
  const ws = await openWorkspace(flags, "drift");
  if ("error" in ws) {
    ctx.stderr(`${ws.error}\n`);
    return ws.code;
  }
  // The admin log is searched up to WeCom's clock, not the pinned legal "today" (src/today.ts): the log
  // holds what happened, and the sandbox stamps its entries with the host clock as WeCom does.
  const progress = startProgress({
    label: { zh: "漂移检查", en: "drift" },
    lang,
    write: ctx.stderr,
    tty: ctx.stderrTTY === true,
  });
  let outcome;
  try {
    outcome = await runDrift(ws, {
      now: new Date(),
      sinceDays: since,
      archiveDir: path.resolve(flags.archive ?? defaultArchiveDir(ws)),
      progress,
    });
  } finally {
    progress.stop();
  }
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
