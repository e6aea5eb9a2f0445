/** src/generated/ must be exactly what src/schema/generate-types.ts makes from schemas/ today. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_DIR, generateAll, listGenerated } from "../../../src/schema/generate-types";

describe("generated types", () => {
  it("are up to date with schemas/ (run `npm run build && npm run gen:types` if not)", async () => {
    const expected = await generateAll();
    const committed = listGenerated();
    expect(committed).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) {
      expect(fs.readFileSync(path.join(GENERATED_DIR, file), "utf8"), `src/generated/${file} is stale`).toBe(
        content,
      );
    }
  }, 60_000);

  it("carry the do-not-edit banner", async () => {
    for (const file of listGenerated()) {
      expect(fs.readFileSync(path.join(GENERATED_DIR, file), "utf8")).toContain("DO NOT EDIT");
    }
  });
});
