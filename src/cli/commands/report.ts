/**
 * `wecom-policy report --html OUT.html [--audit FILE] [--drift FILE] [--history FILE] [--lang zh|en|both]`:
 * one self-contained HTML page from the JSON of `audit --json`, `drift --json` and `history --json`
 * (src/report/html*.ts). Exit 0 written; a usage mistake (no input, an input file missing or not the report its
 * flag names — every problem at once, naming the file) is reported through commander like an unknown flag, so
 * it gets the one usage exit code `main` gives every command-line mistake; 1 the page could not be written.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { CliContext } from "../context";
import { writeHtmlReport } from "../../report/html-file";
import { formatInputProblems } from "../../report/html-inputs";
import { LangError, parseLangOrBoth, type LangOrBoth } from "../../text";

interface ReportFlags {
  html: string;
  audit?: string;
  drift?: string;
  history?: string;
  lang: LangOrBoth;
}

export function register(program: Command, ctx: CliContext): void {
  const command = program.command("report");
  command
    .description(
      "a self-contained HTML report from the JSON of audit, drift and history / 由 audit、drift、history 的 JSON 生成自包含的 HTML 报告",
    )
    .requiredOption("--html <file>", "write the HTML report to this file")
    .option("--audit <file>", "the JSON of `wecom-policy audit --json FILE`")
    .option("--drift <file>", "the JSON of `wecom-policy drift --json FILE`")
    .option("--history <file>", "the JSON of `wecom-policy history --json`")
    .addOption(
      new Option("--lang <lang>", "page language: zh | en | both (law is always cited in both)")
        .default("both")
        .argParser((raw: string): LangOrBoth => {
          try {
            return parseLangOrBoth(raw);
          } catch (err) {
            if (err instanceof LangError) throw new InvalidArgumentError(err.message);
            throw err;
          }
        }),
    )
    .action((flags: ReportFlags) => {
      const inputs = {
        ...(flags.audit !== undefined ? { audit: flags.audit } : {}),
        ...(flags.drift !== undefined ? { drift: flags.drift } : {}),
        ...(flags.history !== undefined ? { history: flags.history } : {}),
      };
      const r = writeHtmlReport({ out: flags.html, inputs, lang: flags.lang, now: new Date() });
      if (r.ok) {
        ctx.stdout(
          `${flags.lang === "zh" ? r.done.zh : flags.lang === "en" ? r.done.en : `${r.done.zh}\n${r.done.en}`}\n`,
        );
        ctx.exitCode = 0;
      } else if ("usage" in r) {
        // A usage mistake, like an unknown flag: commander prints it and `main` gives it the usage exit code.
        command.error(`wecom-policy report: ${formatInputProblems(r.usage)}`, {
          code: "wecom-policy.report.input",
        });
      } else {
        ctx.stderr(`wecom-policy report: ${r.error.en} / ${r.error.zh}\n`);
        ctx.exitCode = 1;
      }
    });
}
