/**
 * Facts used in several places live in one place (issue 9, item 7; STYLE "one home per fact"): "today"
 * (WECOM_POLICY_NOW) in src/today.ts, errcodes in src/wecom/errcodes.ts, bilingual text types in src/text.
 * Console paths have their own test (test/unit/rules/remediation-references.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { NOW_ENV, parseToday, pinnedEnv, SANDBOX_TODAY, today, TodayError } from "../../src/today";
import { ERRCODE, ERRCODES, errcodeMeaning } from "../../src/wecom/errcodes";
import { errorMessage } from "../../src/sandbox/errors";

const SRC = path.resolve(__dirname, "../../src");

/** Every non-comment line of src/**\/*.ts as `file:line` → text. */
function codeLines(): { at: string; file: string; text: string }[] {
  const out: { at: string; file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        const file = path.relative(SRC, p);
        fs.readFileSync(p, "utf8")
          .split("\n")
          .forEach((text, i) => {
            if (!/^\s*(\*|\/\/|\/\*)/.test(text)) out.push({ at: `${file}:${i + 1}`, file, text });
          });
      }
    }
  };
  walk(SRC);
  return out;
}

describe("today", () => {
  it("is WECOM_POLICY_NOW when set, else the fallback, else the clock", () => {
    const clock = () => new Date("2030-01-01T00:00:00Z");
    expect(today({ [NOW_ENV]: "2026-11-28" }, SANDBOX_TODAY, clock).toISOString()).toBe(
      "2026-11-28T00:00:00.000Z",
    );
    expect(today({}, SANDBOX_TODAY, clock).toISOString()).toBe("2026-11-28T04:00:00.000Z");
    expect(today({}, undefined, clock).toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("refuses a value that is not a date, naming where it came from", () => {
    expect(() => today({ [NOW_ENV]: "yesterday" })).toThrow(TodayError);
    expect(() => today({ [NOW_ENV]: "yesterday" })).toThrow(
      /WECOM_POLICY_NOW must be an ISO date.*"yesterday"/,
    );
    expect(() => parseToday("", "--now")).toThrow(/--now must be/);
  });

  it("passes the pinned day on to child processes", () => {
    expect(pinnedEnv({}, SANDBOX_TODAY)).toEqual({ [NOW_ENV]: SANDBOX_TODAY });
    expect(pinnedEnv({ [NOW_ENV]: "2027-01-01" }, SANDBOX_TODAY)).toEqual({ [NOW_ENV]: "2027-01-01" });
    expect(pinnedEnv({})).toEqual({});
  });

  it("WECOM_POLICY_NOW is read only in src/today.ts", () => {
    const readers = codeLines().filter((l) => l.text.includes("WECOM_POLICY_NOW") && l.file !== "today.ts");
    expect(readers.map((l) => l.at)).toEqual([]);
  });
});

describe("errcodes", () => {
  it("have one name each, and every name one code", () => {
    const codes = Object.values(ERRCODES).map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(ERRCODE.invalidTagId).toBe(40068);
    expect(ERRCODE.userNotFound).toBe(60111);
    expect(ERRCODE.freqLimit).toBe(45009);
    expect(errcodeMeaning(40068)).toBe("invalid tagid");
    expect(errcodeMeaning(99999)).toMatch(/devtool\/query\?e=99999/);
  });

  it("the sandbox sends the table's errmsg", () => {
    expect(errorMessage(ERRCODE.freqLimit, "127.0.0.1")).toMatch(/^api freq out of limit, hint: \[/);
    expect(errorMessage(ERRCODE.userNotFound, "127.0.0.1", "`x`")).toMatch(/^userid not found: `x`, hint/);
  });

  it("code outside src/wecom/errcodes.ts compares errcodes by name, never by a bare number", () => {
    const raw = codeLines().filter(
      (l) =>
        l.file !== path.join("wecom", "errcodes.ts") &&
        /(errcode|code)\s*[!=]==?\s*-?\d{2,}|[!=]==?\s*(errcode|code)\b.*\b\d{5,}|case\s+-?\d{5,}\s*:|WeComError\(\s*\d/.test(
          l.text,
        ),
    );
    expect(raw.map((l) => `${l.at}: ${l.text.trim()}`)).toEqual([]);
  });
});

describe("bilingual text", () => {
  it("Bilingual and Lang are declared only in src/text (and in types generated from the JSON Schemas)", () => {
    const decls = codeLines().filter(
      (l) =>
        !l.file.startsWith(`text${path.sep}`) &&
        !l.file.startsWith(`generated${path.sep}`) &&
        /(interface|type)\s+(Bilingual|Lang)\b\s*[={<]/.test(l.text),
    );
    expect(decls.map((l) => l.at)).toEqual([]);
  });

  it("no other module declares its own { zh: string; en: string } shape", () => {
    const shapes = codeLines().filter(
      (l) =>
        !l.file.startsWith(`text${path.sep}`) &&
        !l.file.startsWith(`generated${path.sep}`) &&
        /\{\s*(readonly\s+)?zh:\s*string;\s*(readonly\s+)?en:\s*string;?\s*\}|\{\s*(readonly\s+)?en:\s*string;\s*(readonly\s+)?zh:\s*string;?\s*\}/.test(
          l.text,
        ),
    );
    expect(shapes.map((l) => `${l.at}: ${l.text.trim()}`)).toEqual([]);
  });
});
