/**
 * Every text of the catalogue names only commands and console paths that exist (issue 9, item 7): each
 * `wecom-policy …` command and flag is looked up in the real commander program, each `pulumi …` command in
 * the list the project documents, and each console path must be an entry of src/wecom/console-paths.ts —
 * once every table path is removed from a text, no "→" may remain.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../../src/cli/main";
import { CONTROLS } from "../../../src/rules";
import { CONSOLE } from "../../../src/wecom/console-paths";

/**
 * Commands an open slice of issue 9 is adding. An entry must NOT exist yet: when the command lands, this
 * test fails until its entry is removed, so the list cannot go stale.
 */
const PENDING: Readonly<Record<string, string>> = {};

/** The pulumi commands the README tells users to run. */
const PULUMI_COMMANDS = ["preview", "up", "import", "config", "stack", "login", "package"];

const program = buildProgram({ exitCode: 0, stdout: () => {}, stderr: () => {} });

function findCommand(words: readonly string[]): { cmd: Command; rest: string[] } | undefined {
  let cmd = program;
  let i = 0;
  for (; i < words.length && !words[i]!.startsWith("-"); i++) {
    const sub = cmd.commands.find((c) => c.name() === words[i]);
    if (!sub) break;
    cmd = sub;
  }
  if (cmd === program) return undefined;
  return { cmd, rest: words.slice(i) };
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Problems with one `wecom-policy …` mention. */
function checkWecomPolicy(span: string): string[] {
  const words = span.split(/\s+/).slice(1);
  const found = findCommand(words);
  const pendingKey = Object.keys(PENDING).find((p) => span === p || span.startsWith(`${p} `));
  if (!found || (found.rest[0] !== undefined && !found.rest[0].startsWith("-") && found.cmd.commands.length))
    return pendingKey ? [] : [`\`${span}\`: no such command`];
  const problems: string[] = [];
  for (const w of found.rest) {
    if (!w.startsWith("--")) continue;
    const flag = w.split("=")[0]!;
    if (!found.cmd.options.some((o) => o.long === flag || o.long === flag.replace(/^--no-/, "--")))
      problems.push(`\`${span}\`: \`${commandPath(found.cmd)}\` has no option ${flag}`);
  }
  return problems;
}

/** Every problem with the commands and console paths named in a text (one language). */
function problemsIn(text: string, lang: "zh" | "en"): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    const span = m[1]!.trim();
    const first = span.split(/\s+/)[0]!;
    if (first === "wecom-policy") problems.push(...checkWecomPolicy(span));
    else if (first === "pulumi") {
      const sub = span.split(/\s+/)[1] ?? "";
      if (!PULUMI_COMMANDS.includes(sub)) problems.push(`\`${span}\`: not a pulumi command the project uses`);
    } else if (findCommand([first]) || Object.keys(PENDING).some((p) => p.split(" ")[1] === first))
      problems.push(`\`${span}\`: write the full command, \`wecom-policy ${span}\``);
  }
  let rest = text;
  // Longest first, so a path that extends another is removed whole.
  const paths = Object.values(CONSOLE)
    .map((p) => p[lang])
    .sort((a, b) => b.length - a.length);
  for (const p of paths) rest = rest.split(p).join("");
  if (rest.includes("→"))
    problems.push(
      `a console path that is not in src/wecom/console-paths.ts: …${rest.slice(rest.indexOf("→") - 30, rest.indexOf("→") + 30)}…`,
    );
  return problems;
}

describe("catalogue texts name only what exists", () => {
  for (const c of CONTROLS) {
    it(`${c.id}: commands and console paths in its description, satisfiedBy and remediation exist`, () => {
      const problems: string[] = [];
      for (const field of ["description", "satisfiedBy", "remediation"] as const)
        for (const lang of ["zh", "en"] as const)
          problems.push(...problemsIn(c[field][lang], lang).map((p) => `${field}.${lang}: ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it("a pending command does not exist yet (remove it from PENDING once it lands)", () => {
    for (const p of Object.keys(PENDING)) expect(findCommand(p.split(" ").slice(1)), p).toBeUndefined();
  });

  it("the checker itself catches a missing command, a missing option, a bare command and a stray path", () => {
    expect(problemsIn("run `wecom-policy frobnicate --html`", "en")).toEqual([
      "`wecom-policy frobnicate --html`: no such command",
    ]);
    expect(problemsIn("run `wecom-policy drift --bogus`", "en")).toEqual([
      "`wecom-policy drift --bogus`: `wecom-policy drift` has no option --bogus",
    ]);
    expect(problemsIn("`drift` ran", "en")).toEqual([
      "`drift`: write the full command, `wecom-policy drift`",
    ]);
    expect(problemsIn(`at ${CONSOLE.appAdmins.zh}`, "zh")).toEqual([]);
    expect(problemsIn("我的企业 → 权限管理 → 分级管理员 → 应用权限。", "zh")).toHaveLength(1);
  });
});

describe("one home for console paths", () => {
  it("the app-admin path names both rights (管理权限 / 发消息权限), as wecom-console.md says", () => {
    expect(CONSOLE.appAdmins.zh).toContain("「管理权限」/「发消息权限」");
    expect(CONSOLE.appAdmins.en).toContain("Manage / Send messages");
  });

  it("no source file outside src/wecom/console-paths.ts spells a console path", () => {
    const root = path.resolve(__dirname, "../../../src");
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.endsWith(path.join("wecom", "console-paths.ts"))) {
          fs.readFileSync(p, "utf8")
            .split("\n")
            .forEach((line, i) => {
              if (/^\s*(\*|\/\/|\/\*)/.test(line)) return; // comments may cite the console doc
              if (/[\u4e00-\u9fff」〕] ?→ ?[\u4e00-\u9fff「〔]/.test(line))
                offenders.push(`${path.relative(root, p)}:${i + 1}`);
            });
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
