/**
 * `wecom-policy validate [--dir policies] [--json] [--lang zh|en] [--now DATE]`: load the policy files,
 * check schemas and references, then run the declared legal controls with waivers applied. No
 * network. Exit 0 when clean, 2 on any problem or mandatory failure, 64 on bad usage (src/cli/exit-codes.ts).
 * `--json` prints schemas/validate-output.schema.json (version 1).
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import type { ValidateOutput } from "../../generated/validate-output";
import { formatProblems, loadPolicies, type PolicySources } from "../../policy";
import { detectLang, type Lang } from "../../text";
import { EXIT } from "../exit-codes";
import { langOption } from "../options";
import { parseToday, today, TodayError } from "../../today";
import { applyWaivers, evaluateDeclared, formatFindings, summarise, type Finding } from "../../rules";

interface ValidateFlags {
  dir: string;
  json?: boolean;
  lang?: Lang;
  now?: string;
}

const HEADINGS = {
  problems: {
    zh: "策略文件有问题，未运行合规检查：",
    en: "The policy files have problems; controls were not run:",
  },
  clean: {
    zh: "策略文件格式正确，引用均可解析。声明类合规检查：",
    en: "The policy files are well-formed and every reference resolves. Declared controls:",
  },
} as const;

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
  const result = await loadPolicies(dir);
  if (!result.ok) {
    if (opts.json) {
      const out: ValidateOutput = { version: 1, ok: false, problems: result.problems, findings: [] };
      ctx.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      ctx.stdout(`${HEADINGS.problems[opts.lang]}\n${formatProblems(result.problems, opts.lang)}\n`);
    }
    return EXIT.failed;
  }
  const findings = applyWaivers(
    evaluateDeclared(result.model, { now: opts.now }),
    result.model.waivers,
    opts.now,
  );
  const summary = summarise(findings);
  if (opts.json) {
    const out: ValidateOutput = {
      version: 1,
      ok: !summary.blocked,
      problems: [],
      findings: findings.map((f) => withLocation(f, result.sources)),
      summary: {
        mandatoryFailures: summary.mandatoryFailures,
        advisoryFailures: summary.advisoryFailures,
        waived: summary.waived,
        passed: summary.passed,
        notApplicable: summary.notApplicable,
      },
    };
    ctx.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    ctx.stdout(`${HEADINGS.clean[opts.lang]}\n`);
    ctx.stdout(formatFindings(findings, opts.lang, { locate: (ref) => result.sources.locate(ref) }));
  }
  return summary.blocked ? EXIT.failed : EXIT.ok;
}

function withLocation(f: Finding, sources: PolicySources): ValidateOutput["findings"][number] {
  const out: ValidateOutput["findings"][number] = {
    controlId: f.controlId,
    severity: f.severity,
    status: f.status,
    target: f.target,
    message: { zh: f.message.zh, en: f.message.en },
  };
  if (f.evidence !== undefined) out.evidence = { ...f.evidence };
  if (f.pointer !== undefined) {
    out.pointer = f.pointer;
    out.location = sources.locate(f.pointer);
  }
  if (f.waiver !== undefined) out.waiver = { ...f.waiver };
  return out;
}
