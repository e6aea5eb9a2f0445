/**
 * `wecom-policy validate [--dir policies] [--json] [--lang zh|en] [--now DATE]`: load the policy files,
 * check schemas and references, then run the declared legal controls with waivers applied. No
 * network. Exit 0 when clean, 2 on any problem or mandatory failure, 64 on bad usage (src/cli/exit-codes.ts).
 * `--json` prints schemas/validate-output.schema.json (version 1).
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { detectLang, type Lang } from "../../text";
import { EXIT } from "../exit-codes";
import { langOption } from "../options";
import { parseToday, today, TodayError } from "../../today";
import { validateJson, validateText } from "../../report/validate";
import { validatePolicies } from "../../validate/run";

interface ValidateFlags {
  dir: string;
  json?: boolean;
  lang?: Lang;
  now?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("validate")
    .description(
      "check policy files: schemas, references and declared legal controls (no network) / 校验策略文件",
    )
    .option("--dir <dir>", "policies directory", "policies")
    .option("--json", "machine-readable output (schemas/validate-output.schema.json)")
    .addOption(langOption())
    .option("--now <date>", "evaluate dates as of this day or instant (audits, reproducible CI runs)")
    .action(async (flags: ValidateFlags) => {
      let now: Date;
      try {
        now = flags.now === undefined ? today() : parseToday(flags.now, "--now");
      } catch (err) {
        if (!(err instanceof TodayError)) throw err;
        ctx.stderr(`wecom-policy validate: ${err.message}\n`);
        ctx.exitCode = EXIT.usage;
        return;
      }
      const lang = flags.lang ?? detectLang();
      ctx.exitCode = await validate(ctx, path.resolve(flags.dir), { json: flags.json === true, lang, now });
    });
}

async function validate(
  ctx: CliContext,
  dir: string,
  opts: { json: boolean; lang: Lang; now: Date },
): Promise<number> {
  const result = await validatePolicies(dir, opts.now);
  ctx.stdout(
    opts.json ? `${JSON.stringify(validateJson(result), null, 2)}\n` : validateText(result, opts.lang),
  );
  return !result.ok || result.summary.blocked ? EXIT.failed : EXIT.ok;
}
