/**
 * `wecom-policy watch`: parses flags and runs src/watch until SIGTERM/SIGINT. The first stdout line is
 * `listening http://HOST:PORT` (the callback URL to put behind HTTPS); alerts follow as JSON lines; log lines
 * go to stderr. Exit 0 after a graceful stop, 1 when it cannot start, 64 for a usage mistake (src/cli/exit-codes.ts).
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { detectLang, type Lang } from "../../text";
import { langOption } from "../options";
import { defaultArchiveDir, openWorkspace, stackOptions, type StackFlags } from "../stack";
import { startWatch } from "../../watch/run";

interface WatchFlags extends StackFlags {
  listen: string;
  alertFile?: string;
  stdout: boolean;
  debounce: string;
  since: string;
  archive?: string;
  lang?: Lang;
}

function usage(ctx: CliContext, message: string): void {
  ctx.stderr(`wecom-policy watch: ${message}\n`);
  ctx.exitCode = EXIT.usage;
}

/** `HOST:PORT` or `[IPv6]:PORT`. */
function parseListen(raw: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(raw.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) return undefined;
  return { host: (m[1] ?? m[2])!, port };
}

export function register(program: Command, ctx: CliContext): void {
  stackOptions(program.command("watch"))
    .description(
      "receive WeCom's change callbacks, check just what changed, alert (JSON lines, file, group robot) / 接收企业微信变更回调并告警",
    )
    .requiredOption("--listen <host:port>", "address for WeCom's callbacks (put HTTPS in front of it)")
    .option("--alert-file <file>", "also append alerts to this file as JSON lines")
    .option("--no-stdout", "do not print alerts on stdout")
    .option("--debounce <ms>", "a burst of events ends after this long without a new one", "1000")
    .option("--since <days>", "days of the admin operation log searched for who made a change (1–180)", "1")
    .option(
      "--archive <dir>",
      "the operation-log archive of `wecom-policy logs sync` (default: as logs sync)",
    )
    .addOption(langOption("robot message language"))
    .action(async (flags: WatchFlags) => {
      const listen = parseListen(flags.listen);
      if (!listen) return usage(ctx, `--listen must be HOST:PORT, got "${flags.listen}"`);
      const quietMs = Number(flags.debounce);
      if (!Number.isInteger(quietMs) || quietMs < 0 || quietMs > 60_000)
        return usage(ctx, `--debounce must be 0–60000 ms, got "${flags.debounce}"`);
      const since = Number(flags.since);
      if (!Number.isInteger(since) || since < 1 || since > 180)
        return usage(ctx, `--since must be a whole number of days from 1 to 180, got "${flags.since}"`);
      const ws = await openWorkspace(flags, "watch");
      if ("error" in ws) {
        ctx.stderr(`${ws.error}\n`);
        ctx.exitCode = ws.code;
        return;
      }
      const watch = await startWatch(ws, {
        ...listen,
        lang: flags.lang ?? detectLang(process.env),
        ...(flags.alertFile ? { alertFile: path.resolve(flags.alertFile) } : {}),
        stdoutAlerts: flags.stdout,
        quietMs,
        maxWaitMs: Math.max(10_000, quietMs * 10),
        sinceDays: since,
        archiveDir: path.resolve(flags.archive ?? defaultArchiveDir(ws)),
        stdout: ctx.stdout,
        log: (line) => ctx.stderr(`watch: ${line}\n`),
      });
      if ("error" in watch) {
        ctx.stderr(`wecom-policy watch: ${watch.error}\n`);
        ctx.exitCode = EXIT.error;
        return;
      }
      ctx.stdout(`listening ${watch.url}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGTERM", () => resolve("SIGTERM"));
        process.once("SIGINT", () => resolve("SIGINT"));
      });
      ctx.stderr(`watch: ${signal}: stopping (no new callbacks; finishing the check in progress)\n`);
      await watch.stop();
      ctx.stderr("watch: stopped\n");
      ctx.exitCode = EXIT.ok;
    });
}
