/**
 * `wecom-policy sandbox`: runs the local WeCom emulator (src/sandbox) until SIGTERM/SIGINT. The first
 * stdout line is exactly `listening http://HOST:PORT`, so scripts can wait for it and read the port.
 */
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { FaultError, mergeFaultSpecs, parseFaultFlag, type FaultSpec } from "../../sandbox/faults";
import { MAX_MEMBERS, SEED_NAMES, type SeedName } from "../../sandbox/seed";
import { startSandbox, type SandboxOptions } from "../../sandbox/server";

interface SandboxFlags {
  port: string;
  host: string;
  state?: string;
  seed: string;
  members?: string;
  fault: string[];
  rateLimit: boolean;
  quiet?: boolean;
  allowRemote?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function usage(ctx: CliContext, message: string): void {
  ctx.stderr(`wecom-policy sandbox: ${message}\n`);
  ctx.exitCode = EXIT.usage;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("sandbox")
    .description("run a local WeCom sandbox tenant (emulator) / 启动本地企业微信沙箱租户")
    .option("--port <n>", "port to listen on (0 = any free port)", "0")
    .option("--host <host>", "address to bind (loopback unless --allow-remote)", "127.0.0.1")
    .option(
      "--allow-remote",
      "allow a non-loopback --host: anyone who reaches it can read the sandbox's secrets at /__console/credentials",
    )
    .option(
      "--state <file>",
      "JSON state file: loaded if present; every change journaled (FILE.journal, fsync'd) before it is answered",
    )
    .option("--seed <name>", `seed for a new tenant: ${SEED_NAMES.join(" | ")}`, "demo")
    .option("--members <n>", `grow the directory to N members (≤ ${MAX_MEMBERS}) for benchmarks`)
    .option(
      "--fault <spec>",
      "inject a fault (repeatable): latency=MS | latency=MIN-MAX | error:CODE=P | once:/cgi-bin/PATH=CODE[xN] | lost:/cgi-bin/PATH[=N] (write applied, answer lost) | omit:/cgi-bin/PATH=FIELD[xN] (answered without FIELD) | reset=P | reset-next=N | concurrency=N | seed=N | JSON",
      collect,
      [],
    )
    .option("--no-rate-limit", "turn off WeCom's per-minute frequency limits (45009)")
    .option("--quiet", "no diagnostics on stderr")
    .action(async (flags: SandboxFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        return usage(ctx, `--port must be 0–65535, got "${flags.port}"`);
      if (!(SEED_NAMES as readonly string[]).includes(flags.seed)) {
        return usage(ctx, `--seed must be one of ${SEED_NAMES.join(", ")}, got "${flags.seed}"`);
      }
      const opts: SandboxOptions = {
        port,
        host: flags.host,
        seed: flags.seed as SeedName,
        rateLimit: { enabled: flags.rateLimit },
        quiet: flags.quiet === true,
        allowRemote: flags.allowRemote === true,
      };
      if (flags.state !== undefined) opts.stateFile = flags.state;
      if (flags.members !== undefined) {
        const n = Number(flags.members);
        if (!Number.isInteger(n) || n < 0 || n > MAX_MEMBERS) {
          return usage(ctx, `--members must be an integer 0–${MAX_MEMBERS}, got "${flags.members}"`);
        }
        opts.members = n;
      }
      let specs: FaultSpec[];
      try {
        specs = flags.fault.map(parseFaultFlag);
      } catch (err) {
        if (err instanceof FaultError || err instanceof SyntaxError) return usage(ctx, err.message);
        throw err;
      }
      if (specs.length > 0) opts.faults = mergeFaultSpecs(specs);

      let sandbox: Awaited<ReturnType<typeof startSandbox>>;
      try {
        sandbox = await startSandbox(opts);
      } catch (err) {
        // Bad fault specs, an unreadable state file or a busy port: a message, not a stack trace.
        ctx.stderr(`wecom-policy sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
        ctx.exitCode = EXIT.error;
        return;
      }
      ctx.stdout(`listening ${sandbox.url}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGTERM", () => resolve("SIGTERM"));
        process.once("SIGINT", () => resolve("SIGINT"));
      });
      await sandbox.close();
      if (!opts.quiet) ctx.stderr(`sandbox: stopped on ${signal}, state flushed\n`);
      ctx.exitCode = EXIT.ok;
    });
}
