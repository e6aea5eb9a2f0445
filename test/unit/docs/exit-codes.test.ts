/** README's exit-code table is src/cli/exit-codes.ts's, so the documented codes are the ones commands use. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { exitCodeTable } from "../../../src/cli/exit-codes";

const README = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "README.md"), "utf8");

describe("README exit codes", () => {
  it("holds the one table, exactly", () => {
    expect(README).toContain(exitCodeTable());
    expect(README.match(/^\| exit \| meaning \|/gm)).toHaveLength(1);
  });
});
