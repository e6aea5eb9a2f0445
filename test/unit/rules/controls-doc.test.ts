/**
 * docs/controls.md carries a table generated from the catalogue (src/report/controls-doc.ts). The test only
 * compares, whatever the environment says: `npm run docs:controls` rewrites the document.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTROLS_DOC, END, refreshControlsDoc, START } from "../../../src/report/controls-doc";

describe("docs/controls.md", () => {
  it("holds the table generated from the catalogue", () => {
    const doc = readFileSync(CONTROLS_DOC, "utf8");
    expect(doc.indexOf(START), "start marker").toBeGreaterThanOrEqual(0);
    expect(doc.indexOf(END), "end marker").toBeGreaterThan(doc.indexOf(START));
    expect(doc, "docs/controls.md is stale: npm run docs:controls").toBe(refreshControlsDoc(doc));
  });

  it("notices a stale table", () => {
    const doc = readFileSync(CONTROLS_DOC, "utf8");
    const at = doc.indexOf(START);
    const stale = doc.slice(0, at) + doc.slice(at).replace(/\| WC\.[A-Z]+\.\d+v\d+ \|/, "| WC.STALE.0v0 |");
    expect(stale).not.toBe(doc);
    expect(refreshControlsDoc(stale)).toBe(doc);
  });
});
