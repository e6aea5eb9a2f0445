/** `--lang fr` is a usage error (exit 64, bilingual message, nothing run) in every command that takes --lang. */
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
  it.each([["validate"], ["drift"], ["audit"], ["logs", "verify"], ["demo"], ["import", "--no-adopt"]])(
    "%s --lang fr exits 64",
    async (...cmd) => {
      const r = await run(...cmd, "--lang", "fr");
      expect(r.code).toBe(64);
      expect(r.out).toBe("");
      expect(r.err).toContain('--lang must be zh or en, got "fr" / --lang 须为 zh 或 en');
    },
  );

  it("every command but the sandbox takes --lang, and all through the shared parser", async () => {
    // A command added later with its own --lang would accept "fr" silently; this walks them all.
    const { buildProgram } = await import("../../../src/cli/main");
    const program = buildProgram({ exitCode: 0, stdout: () => {}, stderr: () => {} });
    type Cmd = (typeof program.commands)[number];
    const leaves = (c: Cmd, prefix: string): [string, Cmd][] =>
      c.commands.flatMap((x) =>
        x.commands.length
          ? leaves(x, `${prefix}${x.name()} `)
          : [[`${prefix}${x.name()}`, x] as [string, Cmd]],
      );
    const all = leaves(program, "");
    const withLang = all.filter(([, c]) => c.options.some((o) => o.long === "--lang"));
    // The sandbox prints only its URL and English diagnostics for developers.
    expect(all.filter(([, c]) => !withLang.some(([, w]) => w === c)).map(([n]) => n)).toEqual(["sandbox"]);
    for (const [name, c] of withLang) {
      const o = c.options.find((x) => x.long === "--lang")!;
      // `report --html` also takes `both` (a page can show both languages).
      expect(() => o.parseArg!("fr", undefined), name).toThrow(
        /--lang must be zh( or en|, en or both), got "fr"/,
      );
      expect(o.parseArg!("zh", undefined)).toBe("zh");
    }
  });
});
