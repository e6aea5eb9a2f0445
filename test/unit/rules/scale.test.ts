/** DESIGN §7: tenants up to 100k members. The live checks must stay linear-ish and messages bounded. */
import { describe, expect, it } from "vitest";
import { evaluateLive } from "../../../src/rules";
import { baseModel, baseSnapshot, consent, ledger, person, setPeople, DEMO_PEOPLE } from "./builders";

describe("100k members", () => {
  it("evaluates every live control in well under the preview's patience, with capped messages", () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `staff${String(i + 1).padStart(6, "0")}`);
    const m = baseModel();
    setPeople(m, [...DEMO_PEOPLE, ...ids.map((u) => person(u, 9))]);
    // Half the field staff consented; the other half is listed by WC.LOC.3.
    m.consentLedger = ledger([
      ...m.consentLedger.entries,
      ...ids.filter((_, i) => i % 2 === 0).map((u) => consent(u, "location-tracking", "2026-03-01")),
    ]);
    const s = baseSnapshot();
    s.members = [
      ...s.members,
      ...ids.map((userId) => ({ userId, departmentIds: [9], enabled: true, status: 1 as const })),
    ];
    const t0 = performance.now();
    const findings = evaluateLive(m, s);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(5000);
    const loc3 = findings.find((f) => f.controlId === "WC.LOC.3v1" && f.target === "app:1000002");
    expect(loc3?.status).toBe("fail");
    expect(loc3?.message.en.startsWith("50000 of 100002 members in the visible range")).toBe(true);
    expect(
      loc3?.message.en.endsWith(
        "staff000010, staff000012, staff000014, staff000016, staff000018, staff000020 and 49990 more.",
      ),
    ).toBe(true);
    expect((loc3?.evidence?.["members"] as string[]).length).toBe(50_000);
  });
});
