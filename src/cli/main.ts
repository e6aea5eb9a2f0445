/**
 * The `wecom-policy` command line. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program, ctx)`; this file only wires them together. `main` resolves to the exit code.
 */
import { Command, CommanderError } from "commander";
import { commands } from "./commands";

export interface CliContext {
  /** Set by a command's action: the process exit code. */
  exitCode: number;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: commands draw a progress line (src/progress) only then. */
  stderrTTY?: boolean;
}

/** The commander program with every command registered (tests enumerate its commands and options). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("wecom-policy")
    .description("WeCom (企业微信) governance as code on Pulumi / 企业微信治理即代码")
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  for (const register of commands) register(program, ctx);
  return program;
}

export async function main(argv: readonly string[], io?: Partial<CliContext>): Promise<number> {
  const ctx: CliContext = {
    exitCode: 0,
    stdout: io?.stdout ?? ((t) => process.stdout.write(t)),
    stderr: io?.stderr ?? ((t) => process.stderr.write(t)),
    stderrTTY: io?.stderr ? io.stderrTTY === true : process.stderr.isTTY === true,
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
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
      process.exitCode = 1;
    },
  );
}
