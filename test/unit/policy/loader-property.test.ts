/**
 * Property: whatever happens to the policy files — a key deleted, a value of the wrong type, a user
 * renamed, a file cut short, garbage typed into YAML or CSV — loadPolicies resolves with either a model
 * or a list of well-formed problems. It never throws and never reports an internal error.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { formatProblems, loadPolicies } from "../../../src/policy";
import { VALID_DIR } from "./fixture-cases";

const FILES = fs.readdirSync(VALID_DIR).sort();
const ORIGINAL = new Map(FILES.map((f) => [f, fs.readFileSync(path.join(VALID_DIR, f), "utf8")]));
const USERS = ["lina", "sunhao", "wuqiang", "fanbing", "linfeng", "liuyang", "chenjing"];
const GARBAGE = [
  ":",
  "[",
  "{",
  "}",
  "]",
  "\t",
  "- ",
  '"',
  "'",
  "&a ",
  "*b ",
  "!!int ",
  "? ",
  "|",
  ">",
  "#",
  ",",
  "\n  x",
  "~",
  "\u0000",
  "%YAML 1.1\n---\n",
];
const VALUES: unknown[] = [null, 0, -1, 1.5, "", "x", true, [], {}, [1, "a"], { a: 1 }, "2026-02-30", 1e12];

type Mutation =
  | { kind: "delete-key" | "change-type"; file: string; pick: number; value: number }
  | { kind: "rename-user"; file: string; pick: number; user: string }
  | { kind: "truncate" | "inject"; file: string; pick: number; garbage: string }
  | { kind: "remove-file"; file: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("delete-key" as const, "change-type" as const),
    file: fc.constantFrom(...FILES.filter((f) => f.endsWith(".yaml"))),
    pick: fc.nat(),
    value: fc.nat(VALUES.length - 1),
  }),
  fc.record({
    kind: fc.constant("rename-user" as const),
    file: fc.constantFrom(...FILES),
    pick: fc.nat(),
    user: fc.constantFrom(...USERS),
  }),
  fc.record({
    kind: fc.constantFrom("truncate" as const, "inject" as const),
    file: fc.constantFrom(...FILES),
    pick: fc.nat(),
    garbage: fc.constantFrom(...GARBAGE),
  }),
  fc.record({ kind: fc.constant("remove-file" as const), file: fc.constantFrom(...FILES) }),
);

/** Every path to a value in parsed YAML data. */
function paths(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (data && typeof data === "object")
    for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function apply(texts: Map<string, string | undefined>, m: Mutation): void {
  const text = texts.get(m.file);
  if (text === undefined) return;
  switch (m.kind) {
    case "remove-file":
      texts.set(m.file, undefined);
      return;
    case "truncate":
      texts.set(m.file, text.slice(0, m.pick % (text.length + 1)));
      return;
    case "inject": {
      const at = m.pick % (text.length + 1);
      texts.set(m.file, text.slice(0, at) + m.garbage + text.slice(at));
      return;
    }
    case "rename-user": {
      const hits = text.split(m.user).length - 1;
      if (hits === 0) return;
      let n = m.pick % hits;
      texts.set(
        m.file,
        text.replace(new RegExp(m.user, "g"), (u) => (n-- === 0 ? u.slice(1) + u[0] : u)),
      );
      return;
    }
    case "delete-key":
    case "change-type": {
      let data: unknown;
      try {
        data = parse(text);
      } catch {
        return; // an earlier mutation broke the YAML; this one has nothing structured to change
      }
      const all = paths(data);
      if (all.length === 0) return;
      const target = all[m.pick % all.length]!;
      let parent = data as Record<string | number, unknown>;
      for (const seg of target.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
      const last = target[target.length - 1]!;
      if (m.kind === "delete-key") {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else parent[last] = VALUES[m.value];
      texts.set(m.file, stringify(data));
    }
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("loadPolicies under random damage", () => {
  it("never throws: a model or well-formed problems", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const texts = new Map<string, string | undefined>(ORIGINAL);
        for (const m of mutations) apply(texts, m);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-policy-prop-"));
        dirs.push(dir);
        for (const [file, text] of texts)
          if (text !== undefined) fs.writeFileSync(path.join(dir, file), text);
        const result = await loadPolicies(dir);
        if (result.ok) {
          expect(result.model.people.members.length).toBeGreaterThan(0);
          return;
        }
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(p.code).not.toBe("internal.error");
          expect(p.file).not.toBe("");
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.column).toBeGreaterThanOrEqual(1);
          expect(p.message.en.length).toBeGreaterThan(0);
          expect(p.message.zh.length).toBeGreaterThan(0);
        }
        expect(formatProblems(result.problems, "zh").split("\n")).toHaveLength(result.problems.length);
      }),
      { numRuns: 150, seed: Number(process.env["FC_SEED"] ?? 20261128) },
    );
  }, 120_000);
});
