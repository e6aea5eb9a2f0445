/**
 * What a command receives: where to print, and where to put its exit code. A module of its own so that
 * commands depend on it and on nothing in src/cli/main.ts (no import cycle: test/unit/import-cycles.test.ts).
 */
import type { Command } from "commander";

export interface CliContext {
  /** Set by a command's action: the process exit code (src/cli/exit-codes.ts). */
  exitCode: number;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: commands draw a progress line (src/progress) only then. */
  stderrTTY?: boolean;
}

/** How a command adds itself to the program: `register(program, ctx)` in src/cli/commands/<name>.ts. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;
