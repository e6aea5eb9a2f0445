/** `--lang fr` is a usage error (exit 2, bilingual message, nothing run) in every command that takes --lang. */
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "wecom-policy", ...args], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

describe("--lang", () => {
  it.each([["validate"], ["drift"], ["import", "--no-adopt"]])("%s --lang fr exits 2", async (...cmd) => {
    const r = await run(...cmd, "--lang", "fr");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain('--lang must be zh or en, got "fr" / --lang 须为 zh 或 en');
  });

  it("every command with a --lang option uses the shared parser", async () => {
    // A command added later with its own --lang would accept "fr" silently; this lists them all.
    const { Command } = await import("commander");
    const { commands } = await import("../../../src/cli/commands");
    const program = new Command("wecom-policy");
    const ctx = { exitCode: 0, stdout: () => {}, stderr: () => {} };
    for (const register of commands) register(program, ctx);
    const withLang = program.commands.filter((c) => c.options.some((o) => o.long === "--lang"));
    expect(withLang.length).toBeGreaterThanOrEqual(3);
    for (const c of withLang) {
      const o = c.options.find((x) => x.long === "--lang")!;
      // `report --html` also takes `both` (a page can show both languages).
      expect(() => o.parseArg!("fr", undefined)).toThrow(/--lang must be zh( or en|, en or both), got "fr"/);
      expect(o.parseArg!("zh", undefined)).toBe("zh");
    }
  });
});
