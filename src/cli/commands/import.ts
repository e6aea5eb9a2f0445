/**
 * `wecom-policy import`: onboard an existing tenant (DESIGN §1). Reads the live tenant (read-only),
 * writes policy files that equal it — keeping the human fields of the base policies — checks them as
 * `pulumi preview` would, then adopts everything into a Pulumi stack with `pulumi up` (which, because
 * the files equal the tenant, writes nothing to WeCom) and proves it with a drift check.
 *
 * Where the base policies are the source of truth (the HR roster's leavers and leave dates, the consent
 * ledger, purposes, owners) and the tenant disagrees, the files keep the base's fact and each conflict is
 * printed with the base's file:line.
 *
 * Exit codes (src/cli/exit-codes.ts): 0 done (with --no-adopt: files written); 1 credentials or the base
 * directory unusable, the tenant unreadable, invalid output, a conflict that adoption would turn into a
 * write, or adoption failed; 64 a usage mistake (flags). The work itself is src/import (run.ts, adopt.ts).
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { SANDBOX_TODAY, today, TodayError } from "../../today";
import { CONSOLE } from "../../wecom/console-paths";
import { adoptTenant, importCredentials } from "../../import/adopt";
import { ImportUsageError, runImport, type ImportResult } from "../../import/run";
import { both, detectLang, type Lang } from "../../text";
import { langOption } from "../options";
import { startProgress } from "../../progress";
import type { ProviderConfig } from "../../provider/config";
import { ConfigError } from "../../provider/types";
import { userBackend } from "../../pulumi/backend";
import { PROJECT_DIR } from "../../pulumi/workspace";
import { clientFromConfig } from "../../tenant";
import type { ConsoleCredentials } from "../../wecom/wire";

interface ImportFlags {
  out: string;
  base: string;
  owner?: string;
  sandbox?: string;
  stack?: string;
  stateDir?: string;
  adopt: boolean;
  lang?: Lang;
  rate: string;
}

const DEFAULT_STATE_DIR = ".wecom-policy/import";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("import")
    .description(
      "write policy files from the live tenant and adopt it into a Pulumi stack / 从现有租户生成策略文件并纳管",
    )
    .option("--out <dir>", "where to write the policy files", "policies")
    .option("--base <dir>", "policies whose human-authored files and fields are kept", "policies")
    .option(
      "--owner <userid>",
      "owner of roles made from tags the base does not know (default: the base's PI officer)",
    )
    .option("--sandbox <url>", "read credentials from a sandbox tenant's /__console/credentials")
    .option(
      "--stack <name>",
      "Pulumi stack to adopt into (default for --sandbox: sandbox; required otherwise)",
    )
    .option(
      "--state-dir <dir>",
      `workspace for the stack's file backend and config (default: the backend of \`pulumi login\`; with --sandbox or without a login ${DEFAULT_STATE_DIR})`,
    )
    .option("--no-adopt", "write the files only; do not run pulumi")
    .addOption(langOption("language of problem lists"))
    .option(
      "--rate <n>",
      "user/get calls a minute WeCom allows (10 000 per API per corp); the client keeps 5 % of it in reserve",
      "10000",
    )
    .action(async (flags: ImportFlags) => {
      ctx.exitCode = await importCommand(flags, ctx);
    });
}

/** A mistake in the command line: nothing ran. */
function usage(ctx: CliContext, message: string): number {
  ctx.stderr(`wecom-policy import: ${message}\n`);
  return EXIT.usage;
}

/** The command could not run with what it was given (credentials, base directory, "today"). */
function failed(ctx: CliContext, message: string): number {
  ctx.stderr(`wecom-policy import: ${message}\n`);
  return EXIT.error;
}

async function importCommand(flags: ImportFlags, ctx: CliContext): Promise<number> {
  if (flags.adopt && flags.sandbox === undefined && flags.stack === undefined)
    return usage(
      ctx,
      "adopting a real tenant needs --stack NAME (your Pulumi stack for this tenant), or pass --no-adopt to write the files only.\n" +
        "纳管真实租户需要 --stack 指定 Pulumi 堆栈；仅生成文件请使用 --no-adopt。",
    );
  const rate = Number(flags.rate);
  if (!Number.isInteger(rate) || rate < 1 || rate > 10_000)
    return usage(ctx, `--rate must be a whole number from 1 to 10000, got "${flags.rate}"`);
  const lang: Lang = flags.lang ?? detectLang();
  // "Today" must be the stack's today: the import date becomes leave dates, and the legal gate here must
  // agree with the one `pulumi preview` runs. Sandbox stacks pin the demo's day (configureSandboxStack).
  let now: Date;
  try {
    now = today(process.env, flags.sandbox !== undefined ? SANDBOX_TODAY : undefined);
  } catch (err) {
    if (err instanceof TodayError) return failed(ctx, err.message);
    throw err;
  }
  // Step lines go to stderr everywhere; the live line (counts, and why it waits) only on a terminal.
  const live = startProgress({
    label: { zh: "导入", en: "import" },
    lang,
    write: ctx.stderr,
    tty: ctx.stderrTTY === true,
  });
  const progress = (line: string) => live.log(`import: ${line}`);

  let cfg: ProviderConfig;
  let sandboxCreds: ConsoleCredentials | undefined;
  try {
    ({ cfg, sandboxCreds } = await importCredentials(flags.sandbox));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ImportUsageError) return failed(ctx, err.message);
    throw err;
  }
  if (!cfg.contactsSecret)
    return failed(
      ctx,
      `the contacts-sync secret is required (tags, members, departments): set WECOM_CORP_SECRET (${CONSOLE.contactsSecret.en}).\n` +
        `需要通讯录同步 Secret：请设置 WECOM_CORP_SECRET（${CONSOLE.contactsSecret.zh}）。`,
    );

  // Import only reads: a write endpoint fails in the client before any I/O.
  // The client paces user/get under --rate; its long waits (the budget, a 45009 block, a back-off) show on
  // the live line through the reader (src/tenant/read.ts).
  const client = clientFromConfig(cfg, { readOnly: true, perMinute: { userGet: rate } });

  const outDir = path.resolve(flags.out);
  let result: ImportResult;
  try {
    result = await runImport({
      baseDir: flags.base,
      outDir,
      client,
      corpId: cfg.corpId,
      agentIds: Object.keys(cfg.appSecrets)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
      archive: cfg.archiveSecret !== undefined,
      // Chat intercept rules are read with the customer-contact app (its agentid and secret).
      customer:
        cfg.customerAgentId !== undefined && cfg.appSecrets[String(cfg.customerAgentId)] !== undefined,
      ...(flags.owner !== undefined ? { owner: flags.owner } : {}),
      now,
      schemaDir: path.relative(outDir, path.join(PROJECT_DIR, "schemas")).split(path.sep).join("/") || ".",
      lang,
      progress,
      sink: live,
    });
  } catch (err) {
    live.stop();
    if (err instanceof ImportUsageError) return failed(ctx, err.message);
    const m = err instanceof Error ? err.message : String(err);
    ctx.stderr(`wecom-policy import: reading the live tenant failed: ${m}\n读取企业微信实时状态失败。\n`);
    return EXIT.error;
  }

  live.stop();
  for (const n of result.merged.notes) progress(`note: ${both(n)}`);
  for (const w of result.warnings) progress(`advisory: ${w}`);
  if (result.corpIdChanged)
    progress(
      `note: the base tenant.yaml names corp ${result.corpIdChanged.base}; the live corp ${result.corpIdChanged.live} was written / 基础 tenant.yaml 的企业ID 与实时企业不同，已写入实时企业ID`,
    );

  const m = result.merged;
  const liveIds = new Set(result.live.members.map((x) => x.userId));
  const roster = m.roster.filter((r) => liveIds.has(r.userid));
  const leavers = roster.filter((r) => r.status === "left").length;
  const counts = {
    roles: Object.keys(m.roles).length,
    apps: Object.keys(m.apps).length,
    members: result.live.members.length,
    leavers,
    archive: m.archive?.members.length ?? 0,
  };
  const summary = [
    `导入 / Imported from ${result.live.corpId}: ${counts.roles} roles 角色, ${counts.apps} apps 应用, ${counts.members} members 成员 (${counts.leavers} leavers 离职), ${counts.archive} archived 存档成员` +
      (result.live.interceptRules ? `, ${result.live.interceptRules.length} intercept rules 敏感词规则` : ""),
    `写入 / Wrote ${result.files.length} files 个文件 → ${result.outDir}: ${result.files.join(", ")}`,
    `读取 / Live read ${(result.ms.live / 1000).toFixed(1)} s; total 共 ${(result.ms.total / 1000).toFixed(1)} s`,
  ];

  // Where the base (HR roster, consent ledger, purposes, owners) and WeCom disagree, the files keep the
  // base's fact; each disagreement is listed. A blocking one would make adoption write to WeCom.
  const blocking = m.conflicts.filter((c) => c.blocking);
  for (const c of m.conflicts) ctx.stderr(`${c.blocking ? "✗" : "!"} ${c.zh}\n  ${c.en}\n`);
  if (!result.valid) {
    ctx.stderr(result.report);
    ctx.stdout(
      `${summary.join("\n")}\n生成的文件未通过校验，未纳管 / The generated files do not pass; nothing was adopted.\n`,
    );
    return EXIT.error;
  }
  if (blocking.length && flags.adopt) {
    ctx.stdout(
      `${summary.join("\n")}\n纳管会写入企业微信，已停止 / Adopting would write to WeCom; nothing was adopted.\n`,
    );
    return EXIT.error;
  }
  if (!flags.adopt) {
    ctx.stdout(`${summary.join("\n")}\n未纳管（--no-adopt）/ Not adopted (--no-adopt).\n`);
    return EXIT.ok;
  }

  const stack = flags.stack ?? "sandbox";
  const stateDir = path.resolve(flags.stateDir ?? DEFAULT_STATE_DIR);
  // A real tenant adopts into the backend of `pulumi login` unless --state-dir names a workspace
  // (src/cli/stack.ts); without a login, into the workspace .wecom-policy/import.
  const backend =
    flags.sandbox === undefined && flags.stateDir === undefined && userBackend(PROJECT_DIR)
      ? "user"
      : "workspace";
  const adopted = await adoptTenant({
    backend,
    stack,
    stateDir,
    outDir,
    cfg,
    sandboxCreds,
    log: ctx.stderr,
    progress,
  });
  ctx.stdout(`${summary.join("\n")}\n${adopted.line}\n`);
  return adopted.ok ? EXIT.ok : EXIT.error;
}
