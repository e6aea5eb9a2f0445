/**
 * `wecom-policy history [REV_RANGE…] [--dir policies] [--json] [--lang zh|en] [--now DATE]`: the changelog
 * of the policy directory across git commits, in policy terms, with the controls each change touches and
 * the declared controls whose verdict changed. Exit 0 done, 1 error (outside a git repository, no history),
 * 64 usage (an unknown revision, a bad --now; src/cli/exit-codes.ts). The workflow is src/history/run.ts; the words src/report/history.ts.
 */
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { GitError } from "../../history/git";
import { policyHistory } from "../../history/run";
import { historyText } from "../../report/history";
import { detectLang, type Lang } from "../../text";
import { parseToday, TodayError } from "../../today";
import { langOption } from "../options";

interface HistoryFlags {
  dir: string;
  json?: boolean;
  lang?: Lang;
  now?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("history")
    .description(
      "the policy files' git history in policy terms, with the controls each change touches / 策略变更历史",
    )
    .argument("[range...]", "revision range as git log takes it (default HEAD), e.g. main~10..main")
    .option("--dir <dir>", "policies directory", "policies")
    .option("--json", "machine-readable output (schemas/history-report.schema.json)")
    .addOption(langOption())
    .option("--now <date>", "evaluate every commit's controls at this instant (default: each commit's date)")
    .action(async (range: string[], flags: HistoryFlags) => {
      const lang = flags.lang ?? detectLang();
      try {
        const now = flags.now === undefined ? undefined : parseToday(flags.now, "--now");
        const report = await policyHistory({ dir: flags.dir, range, ...(now ? { now } : {}) });
        ctx.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : historyText(report, lang));
        ctx.exitCode = EXIT.ok;
      } catch (err) {
        if (err instanceof TodayError) {
          ctx.stderr(`wecom-policy history: ${err.message}\n`);
          ctx.exitCode = EXIT.usage;
        } else if (err instanceof GitError) {
          ctx.stderr(`wecom-policy history: ${err.text.zh}\n${err.text.en}\n`);
          // An unknown revision is a mistake in the command line; no repository or no history is not.
          ctx.exitCode = err.kind === "bad-revision" ? EXIT.usage : EXIT.error;
        } else throw err;
      }
    });
}
