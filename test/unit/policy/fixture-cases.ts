/**
 * The invalid-policy corpus: test/fixtures/invalid/<case>/case.yaml, each an edit over the frozen
 * valid set test/fixtures/policies-valid (or over an empty directory) plus the exact expected output.
 *
 * ```yaml
 * description: unknown user in a role
 * base: valid            # or: empty
 * files:
 *   roles.yaml:
 *     replace: [["members: [wangfang, lina]", "members: [wangfang, lnia]"]]   # each `from` must occur once
 *   people.csv: { append: "x,,1,active,\n" }
 *   records.yaml: { delete: true }
 *   rolse.yaml: { write: "roles: {}\n" }
 * expect:
 *   en: |
 *     roles.yaml:26:25 /roles/hr-data/members/1 — unknown user `lnia` — did you mean `lina`?
 *   zh: |            # optional
 *     …
 * ```
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

/** The checkout's root: the nearest directory with a package.json (also when compiled elsewhere, as scripts/reliability is). */
function projectRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const FIXTURES = path.join(projectRoot(__dirname), "test", "fixtures");
export const VALID_DIR = path.join(FIXTURES, "policies-valid");
export const INVALID_DIR = path.join(FIXTURES, "invalid");

export interface FileEdit {
  replace?: [string, string][];
  append?: string;
  write?: string;
  delete?: boolean;
}

export interface FixtureCase {
  name: string;
  description: string;
  base: "valid" | "empty";
  files: Record<string, FileEdit>;
  expect: { en: string; zh?: string };
}

export function readCases(): FixtureCase[] {
  return fs
    .readdirSync(INVALID_DIR)
    .filter((d) => fs.existsSync(path.join(INVALID_DIR, d, "case.yaml")))
    .sort()
    .map((name) => {
      const raw = parse(fs.readFileSync(path.join(INVALID_DIR, name, "case.yaml"), "utf8")) as Omit<
        FixtureCase,
        "name"
      >;
      return { name, ...raw, base: raw.base ?? "valid", files: raw.files ?? {} };
    });
}

/** Copy the base into a fresh temp dir and apply the edits; throws when an edit does not apply. */
export function materialise(c: Pick<FixtureCase, "name" | "base" | "files">): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wecom-policy-${c.name}-`));
  if (c.base === "valid") fs.cpSync(VALID_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(c.files)) {
    const target = path.join(dir, file);
    if (edit.delete) {
      fs.rmSync(target);
      continue;
    }
    let text = edit.write ?? fs.readFileSync(target, "utf8");
    for (const [from, to] of edit.replace ?? []) {
      const count = text.split(from).length - 1;
      if (count !== 1)
        throw new Error(`${c.name}: "${from}" occurs ${count} times in ${file}, expected once`);
      text = text.replace(from, to);
    }
    if (edit.append !== undefined) text += edit.append;
    fs.writeFileSync(target, text);
  }
  return dir;
}
