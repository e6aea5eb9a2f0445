/**
 * One table of exit codes for every command (src/cli/exit-codes.ts): every command of the commander
 * program, found by walking it, answers a usage mistake with EXIT.usage — a code no result uses — and runs
 * nothing (no output on stdout).
 */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../../src/cli/exit-codes";
import { buildProgram, main } from "../../../src/cli/main";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "wecom-policy", ...args], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

/** Every runnable command as its words: `["drift"]`, `["logs", "sync"]`, … */
function leaves(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) =>
    c.commands.length ? leaves(c, [...prefix, c.name()]) : [[...prefix, c.name()]],
  );
}

const program = buildProgram({ exitCode: 0, stdout: () => {}, stderr: () => {} });
const commands = leaves(program);
const results = Object.entries(EXIT)
  .filter(([name]) => name !== "usage")
  .map(([, code]) => code);

describe("exit codes", () => {
  it("each code means one thing, and usage is none of the results", () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
    expect(results).not.toContain(EXIT.usage);
  });

  it("the program has the commands the README documents", () => {
    expect(commands.map((c) => c.join(" "))).toEqual(
      expect.arrayContaining([
        "audit",
        "demo",
        "drift",
        "import",
        "logs sync",
        "logs verify",
        "sandbox",
        "validate",
      ]),
    );
  });

  it.each(commands.map((c) => [c.join(" "), c] as const))(
    "%s: an unknown flag is a usage mistake (exit 64), nothing runs",
    async (_name, words) => {
      const r = await run(...words, "--no-such-flag");
      expect(r.code).toBe(EXIT.usage);
      expect(r.out).toBe("");
      expect(r.err).toMatch(
        /unknown option '--no-such-flag'|required option '--[a-z-]+ <[^>]+>' not specified/,
      );
    },
  );

  /** The command a path of words names. */
  const commandAt = (words: readonly string[]): Command =>
    words.reduce<Command>((c, w) => c.commands.find((x) => x.name() === w)!, program);

  it.each(
    commands
      .filter((c) => commandAt(c).registeredArguments.length === 0)
      .map((c) => [c.join(" "), c] as const),
  )("%s (no arguments declared): an unexpected argument is a usage mistake", async (_name, words) => {
    const r = await run(...words, "stray-argument");
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe("");
  });

  it("drift --stak prod (a typo) is a usage mistake, not 2 = drift found", async () => {
    const r = await run("drift", "--stak", "prod");
    expect(r.code).toBe(EXIT.usage);
    expect(r.code).not.toBe(EXIT.failed);
    expect(r.err).toContain("--stak");
  });

  it("drift --since 0 is a usage mistake", async () => {
    expect((await run("drift", "--since", "0")).code).toBe(EXIT.usage);
  });

  it("an unknown command, and no command at all, are usage mistakes; --help is not", async () => {
    expect((await run("drfit")).code).toBe(EXIT.usage);
    const none = await run();
    expect(none.code).toBe(EXIT.usage);
    expect(none.err).toContain("Usage: wecom-policy");
    const help = await run("drift", "--help");
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain("--stack");
  });
});
