/**
 * The `wecom-policy` command line. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program, ctx)`; this file only wires them together. `main` resolves to the exit code
 * (src/cli/exit-codes.ts): every mistake commander finds in the command line is {@link EXIT.usage}.
 */
import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import type { CliContext } from "./context";
import { EXIT, exitCodeSummary } from "./exit-codes";
import { versionText } from "./version";

export type { CliContext } from "./context";

/** The commander program with every command registered (tests enumerate its commands and options). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("wecom-policy")
    .description("WeCom (企业微信) governance as code on Pulumi / 企业微信治理即代码")
    .option("-V, --version", "print the versions of wecom-policy, its provider and the Pulumi CLI / 版本")
    .exitOverride()
    .configureOutput({
      writeOut: ctx.stdout,
      writeErr: ctx.stderr,
      // commander's own words are English; the line after says it in both languages, with the code.
      outputError: (text, write) =>
        write(
          `${text}用法错误，未执行任何操作（退出码 ${EXIT.usage}）/ usage mistake, nothing was run (exit ${EXIT.usage}): see \`wecom-policy --help\`\n`,
        ),
    })
    .addHelpText("after", `\nExit codes / 退出码: ${exitCodeSummary()}\n`)
    .action(async (flags: { version?: boolean }, cmd: Command) => {
      if (flags.version) {
        ctx.stdout(await versionText());
        ctx.exitCode = EXIT.ok;
        return;
      }
      // `wecom-policy` alone: the help, as a usage mistake (nothing ran).
      ctx.stderr(cmd.helpInformation());
      ctx.exitCode = EXIT.usage;
    });
  // Every sub-command reports usage mistakes through exitOverride too (commander copies the settings).
  for (const register of commands) register(program, ctx);
  return program;
}

/**
 * A writer to `stream` that goes quiet once the reader has gone (`wecom-policy --help | head -3`): EPIPE
 * ends the output, not the process — the command finishes and exits with its own code, without Node's
 * "Unhandled 'error' event" trace. Any other stream error is thrown as before.
 */
export function pipeWriter(stream: Pick<NodeJS.WriteStream, "write" | "on">): (text: string) => void {
  let closed = false;
  stream.on("error", (err: NodeJS.ErrnoException) => {
    // Once the pipe is closed, writes already queued fail too (EPIPE, or the stream destroyed): all quiet.
    if (err.code !== "EPIPE" && !closed) throw err;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export async function main(argv: readonly string[], io?: Partial<CliContext>): Promise<number> {
  const ctx: CliContext = {
    exitCode: EXIT.ok,
    stdout: io?.stdout ?? pipeWriter(process.stdout),
    stderr: io?.stderr ?? ((t) => process.stderr.write(t)),
    stderrTTY: io?.stderr ? io.stderrTTY === true : process.stderr.isTTY === true,
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    // --help (and help for a command) exits 0; anything else commander refuses is a usage mistake.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  return ctx.exitCode;
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
