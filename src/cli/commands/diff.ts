/**
 * `wecom-policy diff [BASE] [HEAD] [--dir policies] [--json] [--lang zh|en]`: one pull request's change to
 * the policy files in policy terms. BASE defaults to the merge-base of HEAD and the default branch, HEAD to
 * the working tree (uncommitted changes count). Exit 0 done, 1 error, 64 usage (an unknown revision).
 * Workflow: src/history/run.ts.
 */
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { GitError } from "../../history/git";
import { policyDiff } from "../../history/run";
import { historyText } from "../../report/history";
import { detectLang, type Lang } from "../../text";
import { today, TodayError } from "../../today";
import { langOption } from "../options";

interface DiffFlags {
  dir: string;
  json?: boolean;
  lang?: Lang;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("diff")
    .description(
      "one change to the policy files in policy terms (default: merge-base → working tree) / 策略差异",
    )
    .argument("[base]", "base revision (default: merge-base of HEAD and the default branch)")
    .argument("[head]", "head revision (default: the working tree, uncommitted changes included)")
    .option("--dir <dir>", "policies directory", "policies")
    .option("--json", "machine-readable output (schemas/history-report.schema.json)")
    .addOption(langOption())
    .action(async (base: string | undefined, head: string | undefined, flags: DiffFlags) => {
      const lang = flags.lang ?? detectLang();
      try {
        const report = await policyDiff({
          dir: flags.dir,
          now: today(),
          ...(base !== undefined ? { base } : {}),
          ...(head !== undefined ? { head } : {}),
        });
        ctx.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : historyText(report, lang));
        ctx.exitCode = EXIT.ok;
      } catch (err) {
        if (err instanceof TodayError) {
          ctx.stderr(`wecom-policy diff: ${err.message}\n`);
          ctx.exitCode = EXIT.usage;
        } else if (err instanceof GitError) {
          ctx.stderr(`wecom-policy diff: ${err.text.zh}\n${err.text.en}\n`);
          // An unknown revision is a mistake in the command line; no repository or no history is not.
          ctx.exitCode = err.kind === "bad-revision" ? EXIT.usage : EXIT.error;
        } else throw err;
      }
    });
}
