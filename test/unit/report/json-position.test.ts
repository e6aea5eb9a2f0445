/** The first syntax error of a JSON text, as line and column — wherever JSON.parse fails, and only there. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorPosition } from "../../../src/report/json-position";

describe("jsonErrorPosition", () => {
  it.each([
    ['{\n  "version": 2,\n  "items": [,]\n}', 3, 13],
    ['{"a": 1,}', 1, 9],
    ["[1 2]", 1, 4],
    ['{"a": tru}', 1, 10],
    ['"abc', 1, 5],
    ['"\\x"', 1, 3],
    ['"\\u12g4"', 1, 6],
    ["01", 1, 2],
    ["{} {}", 1, 4],
    ["", 1, 1],
    ["\ufeff{}", 1, 1],
    ['{"a"\n\n  1}', 3, 3],
  ])("%j fails at line %i, column %i", (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toEqual({ line, column });
  });

  it("agrees with JSON.parse on what is JSON", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        expect(jsonErrorPosition(text) === undefined).toBe(ok);
      }),
      { numRuns: 2000 },
    );
  });
});
