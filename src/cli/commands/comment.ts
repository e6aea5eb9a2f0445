/**
 * `wecom-policy comment [--preview-json FILE] [--base REV] [--dir policies] [--out FILE] [--full FILE]
 * [--report-url URL] [--max-chars N] [--lang zh|en]`: the pull-request comment — policy diff, legal gate and
 * `pulumi preview --json` per resource and member — as one Markdown text starting with the hidden marker
 * `<!-- wecom-policy -->` (CI updates the comment that carries it). Exit 0 written, 1 error, 64 usage. Workflow:
 * src/review/run.ts; words: src/report/comment.ts.
 */
import * as fs from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { buildReview, PreviewJsonError } from "../../review/run";
import { GITHUB_COMMENT_LIMIT, reviewComment } from "../../report/comment";
import { detectLang, type Lang } from "../../text";
import { today, TodayError } from "../../today";
import { langOption } from "../options";

interface CommentFlags {
  previewJson?: string;
  base?: string;
  dir: string;
  out?: string;
  full?: string;
  reportUrl?: string;
  maxChars: string;
  lang?: Lang;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("comment")
    .description(
      "the pull-request comment: policy diff, legal gate and pulumi preview in one Markdown text / 拉取请求评论",
    )
    .option("--preview-json <file>", "output of `pulumi preview --json` (per resource and member)")
    .option("--base <rev>", "base revision of the policy diff (default: merge-base with the default branch)")
    .option("--dir <dir>", "policies directory", "policies")
    .option("--out <file>", "write the comment to this file (default: stdout)")
    .option("--full <file>", "also write the uncut comment here (the artifact the cut comment points to)")
    .option("--report-url <url>", "where the full report is, named in the comment when it is cut")
    .option("--max-chars <n>", "longest comment in characters (GitHub's limit)", String(GITHUB_COMMENT_LIMIT))
    .addOption(langOption("language of the details (the summary is in both)"))
    .action(async (flags: CommentFlags) => {
      ctx.exitCode = await comment(flags, ctx);
    });
}

async function comment(flags: CommentFlags, ctx: CliContext): Promise<number> {
  const limit = Number(flags.maxChars);
  if (!Number.isInteger(limit) || limit < 1000) {
    ctx.stderr(
      `--max-chars must be a whole number ≥ 1000, got "${flags.maxChars}" / --max-chars 须为不小于 1000 的整数\n`,
    );
    return EXIT.usage;
  }
  let preview: unknown;
  if (flags.previewJson !== undefined) {
    try {
      preview = JSON.parse(fs.readFileSync(flags.previewJson, "utf8"));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      ctx.stderr(
        `wecom-policy comment: cannot read ${flags.previewJson} as pulumi preview --json output: ${why} / 无法读取 preview 结果\n`,
      );
      return EXIT.error;
    }
  }
  try {
    const review = await buildReview({
      dir: flags.dir,
      now: today(),
      ...(flags.base !== undefined ? { base: flags.base } : {}),
      ...(preview !== undefined ? { preview } : {}),
    });
    const c = reviewComment(review, {
      lang: flags.lang ?? detectLang(),
      limit,
      ...(flags.reportUrl !== undefined ? { reportUrl: flags.reportUrl } : {}),
    });
    if (flags.out) fs.writeFileSync(flags.out, c.markdown);
    else ctx.stdout(c.markdown);
    if (flags.full) fs.writeFileSync(flags.full, c.full);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof PreviewJsonError || err instanceof TodayError) {
      ctx.stderr(`wecom-policy comment: ${err.message}\n`);
      return EXIT.error;
    }
    throw err;
  }
}
