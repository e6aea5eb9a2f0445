/** The consent ledger: inline and CSV forms load to the same entries; validity on a given day. */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../../src/policy";
import { buildConsentLedger } from "../../../src/policy/consent-ledger";
import type { ConsentEntry } from "../../../src/policy/model";
import { materialise } from "./fixture-cases";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const entry = (given: string, withdrawn?: string): ConsentEntry => ({
  userId: "lina",
  purpose: "p",
  given,
  ...(withdrawn === undefined ? {} : { withdrawn }),
  source: "consent.yaml#/ledger/0",
});

describe("ConsentLedger.validOn", () => {
  it("is valid from the day given until the day before withdrawal", () => {
    const ledger = buildConsentLedger([entry("2026-03-01", "2026-11-20")]);
    expect(ledger.validOn("lina", "p", "2026-02-28")).toBeUndefined();
    expect(ledger.validOn("lina", "p", "2026-03-01")).toBeDefined();
    expect(ledger.validOn("lina", "p", "2026-11-19")).toBeDefined();
    expect(ledger.validOn("lina", "p", "2026-11-20")).toBeUndefined();
    expect(ledger.validOn("lina", "other", "2026-06-01")).toBeUndefined();
    expect(ledger.validOn("nobody", "p", "2026-06-01")).toBeUndefined();
  });

  it("takes the latest consent when someone withdrew and consented again", () => {
    const ledger = buildConsentLedger([entry("2026-01-01", "2026-02-01"), entry("2026-05-01")]);
    expect(ledger.validOn("lina", "p", "2026-03-01")).toBeUndefined();
    expect(ledger.validOn("lina", "p", "2026-06-01")?.given).toBe("2026-05-01");
    expect(ledger.byPurpose.get("p")?.get("lina")).toHaveLength(2);
  });
});

describe("inline ledger", () => {
  it("loads like the CSV form, with pointers into consent.yaml", async () => {
    const csv = fs.readFileSync(`${__dirname}/../../fixtures/policies-valid/consent-ledger.csv`, "utf8");
    const rows = csv
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const inline = rows
      .map(
        ([u, p, g, w, e]) =>
          `  - { userid: ${u}, purpose: ${p}, given: ${g}${w ? `, withdrawn: ${w}` : ""}, evidence: ${e} }`,
      )
      .join("\n");
    const dir = materialise({
      name: "inline-ledger",
      base: "valid",
      files: {
        "consent.yaml": { replace: [["ledger_file: consent-ledger.csv\n", `ledger:\n${inline}\n`]] },
        "consent-ledger.csv": { delete: true },
      },
    });
    dirs.push(dir);
    const result = await loadPolicies(dir);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { entries } = result.model.consentLedger;
    expect(entries).toHaveLength(rows.length);
    expect(entries.map((e) => [e.userId, e.purpose, e.given, e.withdrawn ?? ""])).toEqual(
      rows.map(([u, p, g, w]) => [u, p, g, w ?? ""]),
    );
    const last = entries.at(-1)!;
    expect(last.source).toBe(`consent.yaml#/ledger/${rows.length - 1}`);
    expect(result.sources.locate(last.source)).toMatchObject({ file: "consent.yaml", column: 5 });
  });
});
