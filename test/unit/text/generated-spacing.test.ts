/**
 * Generated Chinese text puts a space between Han characters and Latin words or digits (docs/decisions.md,
 * "Chinese text is spaced by a template tag"): the control catalogue, every validate problem of the invalid
 * corpus. Text quoted from WeCom's console (「…」 and `A → B` menu paths, whose labels such as
 * 网页授权及JS-SDK are WeCom's own), inline code (`…`), titles of laws (《…》) and values quoted from the
 * policy files are left as written.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblems, loadPolicies } from "../../../src/policy";
import { CONTROLS } from "../../../src/rules";
import { materialise, readCases } from "../policy/fixture-cases";

const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const UNSPACED = new RegExp(`[${HAN}][A-Za-z0-9]|[A-Za-z0-9][${HAN}]`, "u");

/** The places in `text` where Han and Latin meet with no space, outside quotes. */
export function unspaced(text: string): string[] {
  const bare = text.replace(/「[^」]*」|`[^`]*`|《[^》]*》|[^：；，。\n]*→[^；，。\n]*/g, " ");
  return bare.split("\n").filter((l) => UNSPACED.test(l));
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("Chinese text is spaced", () => {
  it("the check itself", () => {
    expect(unspaced("超过retention.yaml 中")).toHaveLength(1);
    expect(unspaced("同意目的 chat-archive的")).toHaveLength(1);
    expect(
      unspaced("超过 retention.yaml 中「设置API接收」`a中`，控制台：开发者接口 → 网页授权及JS-SDK。"),
    ).toEqual([]);
  });

  it("in every control of the catalogue", () => {
    const bad = CONTROLS.flatMap((c) =>
      [c.title, c.description, c.satisfiedBy, c.remediation].flatMap((t) =>
        unspaced(t.zh).map((l) => `${c.id}: ${l}`),
      ),
    );
    expect(bad).toEqual([]);
  });

  it("in every problem of the invalid corpus", async () => {
    const bad: string[] = [];
    for (const c of readCases()) {
      const dir = materialise(c);
      dirs.push(dir);
      const r = await loadPolicies(dir);
      // Values are quoted with backticks in problems, so anything left is our own text.
      if (!r.ok) bad.push(...unspaced(formatProblems(r.problems, "zh")).map((l) => `${c.name}: ${l}`));
    }
    expect(bad).toEqual([]);
  }, 60_000);
});
