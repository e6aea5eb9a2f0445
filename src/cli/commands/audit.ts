/**
 * `wecom-policy audit`: every control of the catalogue — declared ones on the policy files, live ones on
 * the tenant read once, read-only — with waivers applied; per control and target pass, fail, waived, not
 * applicable or cannot check (and why). Exit codes (src/cli/exit-codes.ts): 0 no mandatory control fails,
 * 2 one does, 3 evidence that does not verify, 1 an error, 64 a usage mistake.
 *
 *   wecom-policy audit --state-dir .wecom-policy/demo --evidence audit-2026-11/   # writes the evidence
 *   wecom-policy audit --from-evidence audit-2026-11/                             # re-checks it offline
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { EvidenceError, verifyEvidence } from "../../audit/evidence";
import { runAudit } from "../../audit/run";
import { startProgress } from "../../progress";
import { auditText } from "../../report/audit";
import { detectLang, type Lang } from "../../text";
import { langOption } from "../options";
import { defaultArchiveDir, openWorkspace, stackNow, stackOptions } from "../stack";

interface AuditFlags {
  stack?: string;
  stateDir?: string;
  json?: string;
  evidence?: string;
  fromEvidence?: string;
  archive?: string;
  lang?: Lang;
}

export function register(program: Command, ctx: CliContext): void {
  stackOptions(program.command("audit"))
    .description(
      "every legal control on the policy files and the live tenant, with evidence / 合规审计 (exit 0 pass, 2 a mandatory control fails, 3 evidence altered, 1 error)",
    )
    .option("--json <file>", "also write the results as JSON (schemas/audit-report.schema.json)")
    .option(
      "--evidence <dir>",
      "write an evidence directory: snapshot, policy files with commit and hash, results, SHA-256 manifest",
    )
    .option(
      "--from-evidence <dir>",
      "re-evaluate an evidence directory offline and verify it (no tenant, no stack)",
    )
    .option(
      "--archive <dir>",
      "the operation-log archive of `wecom-policy logs sync`, for WC.LOG.1 (default: as logs sync)",
    )
    .addOption(langOption())
    .action(async (flags: AuditFlags) => {
      ctx.exitCode = await audit(flags, ctx);
    });
}

function fail(ctx: CliContext, message: string, code: number = EXIT.error): number {
  ctx.stderr(`wecom-policy audit: ${message}\n`);
  return code;
}

async function audit(flags: AuditFlags, ctx: CliContext): Promise<number> {
  const lang = flags.lang ?? detectLang(process.env);
  if (flags.fromEvidence !== undefined) {
    if (flags.evidence !== undefined)
      return fail(
        ctx,
        "--from-evidence re-checks an evidence directory; it cannot be combined with --evidence / 两个选项不能同时使用",
        EXIT.usage,
      );
    try {
      const v = await verifyEvidence(path.resolve(flags.fromEvidence));
      ctx.stdout(
        auditText(v.recomputed, lang, {
          dir: path.resolve(flags.fromEvidence),
          manifestSha256: v.manifestSha256,
        }),
      );
      ctx.stdout(
        lang === "zh"
          ? "证据已核验：所有文件的哈希一致，离线重新评估的结果与 results.json 相同。\n"
          : "Evidence verified: every file matches its hash and re-evaluating it offline gives results.json.\n",
      );
      if (flags.json) fs.writeFileSync(flags.json, `${JSON.stringify(v.recomputed, null, 2)}\n`);
      return v.recomputed.exitCode;
    } catch (err) {
      if (err instanceof EvidenceError)
        return fail(
          ctx,
          `the evidence does not verify / 证据核验失败:\n${err.problems.map((p) => `  ${p}`).join("\n")}`,
          EXIT.tampered,
        );
      return fail(ctx, err instanceof Error ? err.message : String(err));
    }
  }

  const ws = await openWorkspace(flags, "audit");
  if ("error" in ws) return fail(ctx, ws.error, ws.code);
  const now = stackNow(ws);
  if ("error" in now) return fail(ctx, now.error);
  const progress = startProgress({
    label: { zh: "审计", en: "audit" },
    lang,
    write: ctx.stderr,
    tty: ctx.stderrTTY === true,
  });
  let outcome;
  try {
    outcome = await runAudit(ws, {
      now,
      lang,
      env: { ...process.env, ...ws.env() },
      // WC.LOG.1 reads the stack's operation-log archive (`wecom-policy logs sync`), WC.ACC.3 its admin log.
      archiveDir: flags.archive ?? defaultArchiveDir(ws),
      ...(flags.evidence !== undefined ? { evidenceDir: flags.evidence } : {}),
      progress,
    });
  } finally {
    progress.stop();
  }
  if (!outcome.ok) return fail(ctx, outcome.error);
  const evidence =
    outcome.manifestSha256 !== undefined && flags.evidence !== undefined
      ? { dir: path.resolve(flags.evidence), manifestSha256: outcome.manifestSha256 }
      : undefined;
  ctx.stdout(auditText(outcome.report, lang, evidence));
  if (flags.json) fs.writeFileSync(flags.json, `${JSON.stringify(outcome.report, null, 2)}\n`);
  return outcome.report.exitCode;
}
