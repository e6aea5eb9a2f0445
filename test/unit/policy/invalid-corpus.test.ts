/**
 * Every case under test/fixtures/invalid/ must fail to load with exactly the expected problems —
 * positions, pointers, messages and fixes — in English and, where the case gives it, Chinese.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblems, loadPolicies } from "../../../src/policy";
import { materialise, readCases } from "./fixture-cases";

const cases = readCases();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("invalid policy corpus", () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.description}`, async () => {
      const dir = materialise(c);
      dirs.push(dir);
      const result = await loadPolicies(dir);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.every((p) => p.code !== "internal.error")).toBe(true);
      expect(formatProblems(result.problems, "en")).toBe(c.expect.en.trimEnd());
      if (c.expect.zh !== undefined)
        expect(formatProblems(result.problems, "zh")).toBe(c.expect.zh.trimEnd());
    });
  }
});
