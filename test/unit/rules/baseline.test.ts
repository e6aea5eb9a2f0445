import { describe, expect, it } from "vitest";
import { evaluateDeclared, evaluateLive, formatFindings } from "../../../src/rules";
import { baseModel, baseSnapshot, NOW } from "./builders";

describe("the test builders", () => {
  it("baseModel passes every declared control", () => {
    const findings = evaluateDeclared(baseModel(), { now: NOW });
    const bad = findings.filter((f) => f.status === "fail");
    expect(formatFindings(bad, "en")).toBe(
      "0 mandatory failures, 0 advisory failures, 0 waived, 0 passed, 0 not applicable.\n",
    );
    // WC.WVR.1 is not applicable (no waivers), nor WC.SEC.1–2 (the builders declare no protection.yaml) and
    // WC.CHK.1–3 (nor checkin.yaml); everything else applies to the demo company.
    expect(findings.filter((f) => f.status === "not-applicable").map((f) => f.controlId)).toEqual([
      "WC.SEC.1v1",
      "WC.SEC.2v1",
      "WC.CHK.1v1",
      "WC.CHK.2v1",
      "WC.CHK.3v1",
      "WC.WVR.1v1",
    ]);
  });

  it("baseSnapshot passes every live control", () => {
    // WC.CHK.* do not apply: the builders declare no checkin.yaml (test/unit/rules/chk.test.ts covers them).
    const findings = evaluateLive(baseModel(), baseSnapshot()).filter(
      (f) => !f.controlId.startsWith("WC.CHK."),
    );
    expect(findings.filter((f) => f.status !== "pass").map((f) => `${f.controlId} ${f.message.en}`)).toEqual(
      [],
    );
  });
});
