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
 * Exit codes: 0 done (with --no-adopt: files written); 1 invalid output, a conflict that adoption would
 * turn into a write, or adoption failed; 2 usage (flags, credentials, base directory).
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../main";
import { configureSandboxStack } from "./demo";
import { SANDBOX_TODAY, today, TodayError } from "../../today";
import { CONSOLE } from "../../wecom/console-paths";
import { ImportUsageError, runImport, type ImportResult } from "../../import/run";
import { both, detectLang, type Lang } from "../../text";
import { langOption } from "../options";
import { backoff, startProgress } from "../../progress";
import { httpLimits, parseConfig, type ProviderConfig } from "../../provider/config";
import { ConfigError } from "../../provider/types";
import type { SandboxProcess } from "../../pulumi/sandbox-process";
import { PROJECT_DIR, PulumiWorkspace } from "../../pulumi/workspace";
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
      `workspace for the stack's file backend and config (default ${DEFAULT_STATE_DIR})`,
    )
    .option("--no-adopt", "write the files only; do not run pulumi")
    .addOption(langOption("language of problem lists"))
    .option("--rate <n>", "most user/get calls per minute (WeCom allows 10 000 per API per corp)", "8000")
    .action(async (flags: ImportFlags) => {
      ctx.exitCode = await importCommand(flags, ctx);
    });
}

function usage(ctx: CliContext, message: string): number {
  ctx.stderr(`wecom-policy import: ${message}\n`);
  return 2;
}

/** Credentials as the provider reads them (env), or from the sandbox console. Secrets are never printed. */
async function credentials(
  flags: ImportFlags,
): Promise<{ cfg: ProviderConfig; sandboxCreds?: ConsoleCredentials }> {
  if (flags.sandbox === undefined) return { cfg: parseConfig({}, {}, process.env) };
  const url = flags.sandbox.replace(/\/+$/, "");
  let creds: ConsoleCredentials;
  try {
    const res = await fetch(`${url}/__console/credentials`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    creds = (await res.json()) as ConsoleCredentials;
  } catch (err) {
    throw new ImportUsageError(
      `cannot read ${url}/__console/credentials (${err instanceof Error ? err.message : String(err)}): is the sandbox running? / 无法读取沙箱凭据，沙箱是否在运行？`,
    );
  }
  const cfg: ProviderConfig = {
    corpId: creds.corpid,
    baseUrl: url,
    contactsSecret: creds.contacts_secret,
    archiveSecret: creds.archive_secret,
    appSecrets: creds.app_secrets,
    readOnly: true,
  };
  return { cfg, sandboxCreds: creds };
}

/** What configureSandboxStack needs of a sandbox, for a sandbox this command did not start. */
function sandboxAt(url: string, creds: ConsoleCredentials): Pick<SandboxProcess, "url" | "credentials"> {
  return { url, credentials: async () => creds };
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
    if (err instanceof TodayError) return usage(ctx, err.message);
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
    ({ cfg, sandboxCreds } = await credentials(flags));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ImportUsageError) return usage(ctx, err.message);
    throw err;
  }
  if (!cfg.contactsSecret)
    return usage(
      ctx,
      `the contacts-sync secret is required (tags, members, departments): set WECOM_CORP_SECRET (${CONSOLE.contactsSecret.en}).\n` +
        `需要通讯录同步 Secret：请设置 WECOM_CORP_SECRET（${CONSOLE.contactsSecret.zh}）。`,
    );

  // Import only reads: a write endpoint fails in the client before any I/O.
  const client = clientFromConfig(cfg, {
    readOnly: true,
    // The client's back-off before a re-send (busy, frequency limit) shows on the live line.
    sleep: async (ms) => {
      live.waiting(backoff(), Date.now() + ms);
      await new Promise((r) => setTimeout(r, ms));
      live.resumed();
    },
  });

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
      ...(flags.owner !== undefined ? { owner: flags.owner } : {}),
      now,
      schemaDir: path.relative(outDir, path.join(PROJECT_DIR, "schemas")).split(path.sep).join("/") || ".",
      lang,
      progress,
      sink: live,
      userGetPerMinute: rate,
    });
  } catch (err) {
    live.stop();
    if (err instanceof ImportUsageError) return usage(ctx, err.message);
    const m = err instanceof Error ? err.message : String(err);
    ctx.stderr(`wecom-policy import: reading the live tenant failed: ${m}\n读取企业微信实时状态失败。\n`);
    return 1;
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
    `导入 / Imported from ${result.live.corpId}: ${counts.roles} roles 角色, ${counts.apps} apps 应用, ${counts.members} members 成员 (${counts.leavers} leavers 离职), ${counts.archive} archived 存档成员`,
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
    return 1;
  }
  if (blocking.length && flags.adopt) {
    ctx.stdout(
      `${summary.join("\n")}\n纳管会写入企业微信，已停止 / Adopting would write to WeCom; nothing was adopted.\n`,
    );
    return 1;
  }
  if (!flags.adopt) {
    ctx.stdout(`${summary.join("\n")}\n未纳管（--no-adopt）/ Not adopted (--no-adopt).\n`);
    return 0;
  }

  const stack = flags.stack ?? "sandbox";
  const stateDir = path.resolve(flags.stateDir ?? DEFAULT_STATE_DIR);
  const adopted = await adopt({ flags, stack, stateDir, outDir, cfg, sandboxCreds, ctx, progress });
  ctx.stdout(`${summary.join("\n")}\n${adopted.line}\n`);
  return adopted.code;
}

async function adopt(a: {
  flags: ImportFlags;
  stack: string;
  stateDir: string;
  outDir: string;
  cfg: ProviderConfig;
  sandboxCreds: ConsoleCredentials | undefined;
  ctx: CliContext;
  progress: (l: string) => void;
}): Promise<{ code: number; line: string }> {
  const { progress } = a;
  const t0 = Date.now();
  let ws: PulumiWorkspace;
  try {
    if (a.sandboxCreds) {
      ws = await configureSandboxStack(
        sandboxAt(a.cfg.baseUrl, a.sandboxCreds),
        a.stateDir,
        a.outDir,
        a.stack,
      );
    } else {
      // A real tenant: the user's Pulumi backend and passphrase when set; secrets stay in the environment,
      // where the provider reads them (src/provider/config.ts), and never reach a config file.
      const passthrough: Record<string, string> = {};
      for (const k of ["PULUMI_BACKEND_URL", "PULUMI_HOME"])
        if (process.env[k]) passthrough[k] = process.env[k]!;
      ws = new PulumiWorkspace({ stateDir: a.stateDir, stack: a.stack, env: passthrough });
      await ws.ensureStack();
      await ws.setConfig("wecom:corpId", a.cfg.corpId);
      await ws.setConfig("wecom-policy:policiesDir", a.outDir);
    }
  } catch (err) {
    a.ctx.stderr(`${err instanceof Error ? err.message : String(err)}\n`);
    return {
      code: 1,
      line: `纳管失败：无法配置堆栈 / Adoption failed: the stack could not be configured (${a.stack}).`,
    };
  }
  const stream = { onStdout: (c: string) => a.ctx.stderr(c), onStderr: (c: string) => a.ctx.stderr(c) };

  // A stack that already holds resources (a re-import) could be asked to update or delete something;
  // preview first and refuse anything but adopting, so import never writes to WeCom.
  const exported = await ws.run(["stack", "export", "--stack", ws.stack, "--non-interactive"]);
  const existing =
    exported.code === 0
      ? ((JSON.parse(exported.stdout || "{}") as { deployment?: { resources?: unknown[] } }).deployment
          ?.resources?.length ?? 0)
      : 0;
  if (existing > 0) {
    progress(
      `stack ${ws.stack} already has ${existing} resources: checking that adopting changes nothing / 堆栈已有资源，先预览`,
    );
    const pv = await ws.run(["preview", "--refresh", "--json", ...ws.stackArgs()]);
    const steps =
      pv.code === 0
        ? ((JSON.parse(pv.stdout || "{}") as { steps?: { op: string; urn: string }[] }).steps ?? [])
        : undefined;
    const bad = steps?.filter((s) => !["same", "create", "import", "refresh", "read"].includes(s.op));
    if (!steps || bad!.length) {
      a.ctx.stderr(pv.code === 0 ? bad!.map((s) => `  ${s.op} ${s.urn}\n`).join("") : pv.stderr || pv.stdout);
      return {
        code: 1,
        line: `纳管会修改或删除堆栈 ${ws.stack} 中的资源，已停止 / Adopting into ${ws.stack} would update or delete resources; nothing was applied.`,
      };
    }
  }

  progress(`pulumi up --yes --skip-preview (stack ${ws.stack}, state ${a.stateDir}) / 纳管`);
  const up = await ws.run(["up", "--yes", "--skip-preview", ...ws.stackArgs()], stream);
  if (up.code !== 0)
    return {
      code: 1,
      line: `纳管失败（pulumi up 退出码 ${up.code}）/ Adoption failed: pulumi up exited ${up.code}.`,
    };

  progress("pulumi preview --refresh --expect-no-changes / 漂移检查");
  const check = await ws.run(["preview", "--refresh", "--expect-no-changes", ...ws.stackArgs()], stream);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (check.code !== 0)
    return {
      code: 1,
      line: `已纳管到堆栈 ${ws.stack}，但漂移检查未通过（退出码 ${check.code}）/ Adopted into ${ws.stack}, but the drift check is not clean (exit ${check.code}): see the preview above.`,
    };
  return {
    code: 0,
    line: `已纳管到堆栈 ${ws.stack}（${a.stateDir}），漂移检查通过，用时 ${secs} 秒 / Adopted into stack ${ws.stack} (${a.stateDir}); drift check clean; ${secs} s.`,
  };
}
