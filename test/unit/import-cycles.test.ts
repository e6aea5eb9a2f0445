/**
 * No import cycle anywhere in src/ (DESIGN: "workflows live in their own modules and never import a
 * command"). Every relative import counts, `import type` included: a type-only cycle is harmless at run
 * time but is the same tangle of who-depends-on-whom. Imports are read with the TypeScript compiler's own
 * pre-processor, so comments and strings that look like imports are not counted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** The file a relative specifier names: `x.ts`, or `x/index.ts`. */
function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, path.join(base, "index.ts")])
    if (c.endsWith(".ts") && fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return undefined;
}

/** Each file's relative imports (static, dynamic and `export … from`). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const info = ts.preProcessFile(fs.readFileSync(f, "utf8"), true, true);
    const deps = info.importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith("."))
      .map((s) => resolve(f, s))
      .filter((x): x is string => x !== undefined);
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe("import cycles", () => {
  it("src/ has none", () => {
    const found = cycles(importGraph(sources(SRC))).map((scc) =>
      scc.map((f) => path.relative(SRC, f).split(path.sep).join("/")),
    );
    expect(found).toEqual([]);
  });

  it("commands are thin: no command imports another, and nothing outside src/cli imports a command or main", () => {
    const graph = importGraph(sources(SRC));
    const rel = (f: string) => path.relative(SRC, f).split(path.sep).join("/");
    const commands = path.join(SRC, "cli", "commands");
    const bad: string[] = [];
    for (const [from, deps] of graph)
      for (const to of deps) {
        const r = rel(to);
        const isCommand = r.startsWith("cli/commands/") || r === "cli/main.ts";
        if (!isCommand) continue;
        if (!rel(from).startsWith("cli/")) bad.push(`${rel(from)} imports ${r}`);
        else if (
          path.dirname(from) === commands &&
          !from.endsWith("index.ts") &&
          r.startsWith("cli/commands/")
        )
          bad.push(`${rel(from)} imports ${r}`);
      }
    expect(bad).toEqual([]);
  });

  it("the detector sees a cycle through a type-only import and an index file", () => {
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "cycles-"));
    try {
      fs.mkdirSync(path.join(dir, "cmds"));
      fs.writeFileSync(path.join(dir, "main.ts"), `import { all } from "./cmds";\nexport interface Ctx {}\n`);
      fs.writeFileSync(path.join(dir, "cmds", "index.ts"), `export { a as all } from "./a";\n`);
      fs.writeFileSync(
        path.join(dir, "cmds", "a.ts"),
        `import type { Ctx } from "../main";\nexport const a = 1;\n`,
      );
      fs.writeFileSync(
        path.join(dir, "free.ts"),
        `// import { x } from "./main";\nexport const y = "./main";\n`,
      );
      const found = cycles(importGraph(sources(dir))).map((s) => s.map((f) => path.relative(dir, f)));
      expect(found).toEqual([
        ["cmds/a.ts", "cmds/index.ts", "main.ts"].map((p) => p.split("/").join(path.sep)),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
