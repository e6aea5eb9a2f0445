/**
 * `wecom-policy logs sync` and `wecom-policy logs verify`: keep WeCom's admin and member operation logs
 * beyond the API's 180-day reach in an append-only, hash-chained archive (src/logs), and check that
 * nobody changed it. The stack (and so the security-log app's credentials) is chosen as for `drift`.
 *
 * Exit codes (src/cli/exit-codes.ts): 0 done / intact, 1 error (nothing to verify, credentials, WeCom),
 * 3 the archive was tampered with, 64 a usage mistake.
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { langOption } from "../options";
import { archiveDirFor, defaultArchiveDir, openWorkspace, stackOptions, type StackFlags } from "../stack";
import { stackConfig } from "../../drift/run";
import { ArchiveError, LogArchive } from "../../logs/archive";
import { hasSecurityLogApp, securityLogClient } from "../../logs/source";
import { syncLogs } from "../../logs/sync";
import { unreachableTenant } from "../../tenant";
import { verifyArchive } from "../../logs/verify";
import { startProgress } from "../../progress";
import { detectLang, zh, type Bilingual, type Lang } from "../../text";
import { CONSOLE } from "../../wecom/console-paths";

interface LogsFlags extends StackFlags {
  archive?: string;
  lang?: Lang;
}

const archiveOption = (cmd: Command) =>
  cmd.option(
    "--archive <dir>",
    "the archive directory (default: <state-dir>/logs/<stack>, or .wecom-policy/logs/<stack>)",
  );

export function register(program: Command, ctx: CliContext): void {
  const logs = program
    .command("logs")
    .description(
      "the operation-log archive: keep admin and member logs beyond WeCom's 180 days / 操作日志归档（超出企业微信 180 天）",
    );
  archiveOption(stackOptions(logs.command("sync")))
    .description(
      "pull admin and member operation logs into the hash-chained archive; resumes where it stopped / 同步操作日志到本地归档",
    )
    .addOption(langOption())
    .action(async (flags: LogsFlags) => {
      ctx.exitCode = await sync(flags, ctx);
    });
  archiveOption(stackOptions(logs.command("verify")))
    .description(
      "check the archive's hash chain: exit 3 naming each edited, deleted, reordered or inserted record / 校验日志归档",
    )
    .addOption(langOption())
    .action(async (flags: LogsFlags) => {
      ctx.exitCode = await verify(flags, ctx);
    });
}

const day = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);

async function sync(flags: LogsFlags, ctx: CliContext): Promise<number> {
  const lang = flags.lang ?? detectLang(process.env);
  const say = (t: Bilingual) => ctx.stdout(`${t[lang]}\n`);
  const fail = (t: Bilingual) => {
    ctx.stderr(`logs sync: ${t[lang]}\n`);
    return EXIT.error;
  };
  const ws = await openWorkspace(flags, "logs");
  if ("error" in ws) {
    ctx.stderr(`logs sync: ${ws.error}\n`);
    return ws.code;
  }
  const cfg = await stackConfig(ws, process.env);
  if (!cfg)
    return fail({
      en: `cannot read the provider config of stack ${ws.stack} (pulumi config)`,
      zh: zh`无法读取堆栈 ${ws.stack} 的 provider 配置（pulumi config）`,
    });
  if (!hasSecurityLogApp(cfg))
    return fail({
      en: `the security-log app is not configured: set wecom:securityAgentId and that app's secret in wecom:appSecrets; the app must be listed at ${CONSOLE.securityLogApps.en}`,
      zh: zh`未配置安全日志应用：请设置 wecom:securityAgentId 及该应用在 wecom:appSecrets 中的 Secret；该应用须加入：${CONSOLE.securityLogApps.zh}`,
    });
  const down = await unreachableTenant(cfg);
  if (down) {
    ctx.stderr(`logs sync: ${down}\n`);
    return EXIT.error;
  }
  const dir = path.resolve(flags.archive ?? defaultArchiveDir(ws));
  const progress = startProgress({
    label: { zh: "日志同步", en: "logs sync" },
    lang,
    write: ctx.stderr,
    tty: ctx.stderrTTY === true,
  });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  try {
    // Windows are measured against WeCom's clock (the real one), never the pinned legal "today".
    const r = await syncLogs(dir, securityLogClient(cfg), {
      corpId: cfg.corpId,
      now: Date.now(),
      signal: abort.signal,
      progress,
    });
    progress.stop();
    const s = LogArchive.open(dir).summary();
    for (const kind of ["admin", "member"] as const) {
      const name =
        kind === "admin"
          ? { zh: "管理端操作日志", en: "admin log" }
          : { zh: "成员操作记录", en: "member log" };
      const cov = s.coverage[kind];
      say({
        en: `${name.en}: ${r.windows[kind]} window(s) fetched, ${r.added[kind]} record(s) added; the archive covers ${cov ? `${day(cov.from)} to ${day(cov.until)}` : "nothing yet"}`,
        zh: zh`${name.zh}：拉取 ${r.windows[kind]} 个时间窗，新增 ${r.added[kind]} 条；归档覆盖 ${cov ? `${day(cov.from)} 至 ${day(cov.until)}` : "（尚无）"}`,
      });
      if (r.gaps.includes(kind))
        say({
          en: `${name.en}: the previous sync was more than 180 days ago; entries between it and ${day(r.startedAt[kind])} are beyond WeCom's reach and missing from the archive`,
          zh: zh`${name.zh}：上次同步已超过 180 天，其与 ${day(r.startedAt[kind])} 之间的日志已超出企业微信可查询范围，归档中缺失`,
        });
    }
    say({
      en: `archive ${dir}: ${s.records} record(s); head ${r.head.seq} ${r.head.hash} (keep this line: \`wecom-policy logs verify\` checks the archive against it)`,
      zh: zh`归档 ${dir}：共 ${s.records} 条记录；末尾 ${r.head.seq} ${r.head.hash}（请保留此行，\`wecom-policy logs verify\` 据此校验）`,
    });
    return EXIT.ok;
  } catch (err) {
    progress.stop();
    if (abort.signal.aborted)
      return fail({
        en: "interrupted; every window already written is kept — run it again to resume",
        zh: "已中断；已写入的时间窗均已保留——再次运行即可继续",
      });
    const msg = err instanceof Error ? err.message : String(err);
    if (err instanceof ArchiveError) return fail({ en: msg, zh: msg });
    return fail({ en: `failed: ${msg}`, zh: `失败：${msg}` });
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

async function verify(flags: LogsFlags, ctx: CliContext): Promise<number> {
  const lang = flags.lang ?? detectLang(process.env);
  const dir = await archiveDirFor(flags);
  if (typeof dir !== "string") {
    ctx.stderr(`logs verify: ${dir.error}\n`);
    return dir.code;
  }
  const r = verifyArchive(dir);
  if (r.records === 0 && !r.ok) {
    for (const p of r.problems) ctx.stderr(`logs verify: ${p.message[lang]}\n`);
    return EXIT.error;
  }
  if (r.ok) {
    ctx.stdout(
      lang === "zh"
        ? zh`日志归档完好：${dir}，${r.records} 条记录，末尾 ${r.head?.seq ?? 0} ${r.head?.hash ?? ""}\n`
        : `the log archive is intact: ${dir}, ${r.records} record(s), head ${r.head?.seq ?? 0} ${r.head?.hash ?? ""}\n`,
    );
    return EXIT.ok;
  }
  ctx.stdout(
    lang === "zh" ? zh`日志归档已被改动（${dir}）：\n` : `the log archive was tampered with (${dir}):\n`,
  );
  for (const p of r.problems) ctx.stdout(`- ${p.kind}: ${p.message[lang]}\n`);
  return EXIT.tampered;
}
