import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsedRecords, plainRecords, type CsvIssue } from "../../../src/policy/csv-source";

/** Texts made of what makes CSV hard: separators, line endings, white space of every kind, CJK, quotes. */
const piece = fc.constantFrom(
  "a",
  "zhangwei",
  "张伟",
  "2",
  "active",
  "2026-11-20",
  ",",
  ",",
  ",",
  "\n",
  "\n",
  "\r\n",
  "\r",
  " ",
  "\t",
  "\f",
  "\u3000",
  "\u00a0",
  '"',
  "",
);
const text = fc.array(piece, { maxLength: 60 }).map((xs) => xs.join(""));
/** Rows of a fixed width, with white space around fields and a chosen line ending: the fast path's case. */
const table = fc
  .record({
    width: fc.integer({ min: 1, max: 5 }),
    rows: fc.integer({ min: 0, max: 8 }),
    eol: fc.constantFrom("\n", "\r\n"),
    cell: fc.array(fc.constantFrom("x", "张伟", " ", "\t", "\u3000", "\f", "7", ""), { maxLength: 4 }),
    blankEvery: fc.integer({ min: 2, max: 5 }),
    trailingEol: fc.boolean(),
  })
  .map(({ width, rows, eol, cell, blankEvery, trailingEol }) => {
    const lines: string[] = [];
    for (let r = 0; r <= rows; r++) {
      if (r % blankEvery === 1) lines.push("");
      lines.push(
        Array.from({ length: width }, (_, c) => `${cell.join("")}${r}${c}${cell.join("")}`).join(","),
      );
    }
    return lines.join(eol) + (trailingEol ? eol : "");
  });

const library = (t: string) => {
  const issues: CsvIssue[] = [];
  return { records: parsedRecords(t, issues), issues };
};

describe("plainRecords (the fast path for quote-free CSV)", () => {
  it("gives exactly what csv-parse gives, whenever it gives anything", () => {
    fc.assert(
      fc.property(fc.oneof(text, table), (t) => {
        const fast = plainRecords(t);
        if (fast === undefined) return;
        const lib = library(t);
        expect(lib.issues).toEqual([]);
        expect(fast).toEqual(lib.records);
      }),
      { numRuns: 3000 },
    );
  });

  it("takes the tables it is for, and leaves quotes, ragged rows and mixed line endings to csv-parse", () => {
    expect(plainRecords("userid,name\r\n zhangwei ,张伟\u3000\r\n\r\nliuyang,刘洋")).toEqual([
      { fields: ["userid", "name"], line: 1 },
      { fields: ["zhangwei", "张伟"], line: 2 },
      { fields: ["liuyang", "刘洋"], line: 4 },
    ]);
    expect(plainRecords('userid,name\nzhangwei,"张, 伟"\n')).toBeUndefined();
    expect(plainRecords("userid,name\nzhangwei\n")).toBeUndefined();
    expect(plainRecords("userid,name\r\nzhangwei,张伟\nliuyang,刘洋\n")).toBeUndefined();
    expect(plainRecords("userid,name\n   \nliuyang,刘洋\n")).toBeUndefined();
  });
});
