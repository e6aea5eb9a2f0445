/** The committed demo policies (policies/, docs/demo-company.md) against the rules. */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../../src/policy";
import type { PolicyModel, PolicySources } from "../../../src/policy/model";
import { applyWaivers, evaluateDeclared, evaluateLive, previewGate } from "../../../src/rules";
import { baseSnapshot, NOW } from "./builders";

let model: PolicyModel;
let sources: PolicySources;

beforeAll(async () => {
  const result = await loadPolicies(path.resolve(__dirname, "../../../policies"));
  if (!result.ok)
    throw new Error(`demo policies do not load: ${JSON.stringify(result.problems.slice(0, 3))}`);
  model = result.model;
  sources = result.sources;
});

describe("the demo policies", () => {
  it("pass every mandatory declared control", () => {
    const findings = applyWaivers(evaluateDeclared(model, { now: NOW }), model.waivers, NOW);
    const mandatoryFails = findings.filter((f) => f.severity === "mandatory" && f.status !== "pass");
    expect(mandatoryFails.map((f) => `${f.controlId} ${f.target}: ${f.message.en}`)).toEqual([]);
  });

  it("open the preview gate, with no advisory warnings either", () => {
    const gate = previewGate(model, NOW, { locate: sources.locate });
    expect(gate.blocked).toBe(false);
    expect(gate.warnings).toEqual([]);
  });

  it("point findings at real lines of the policy files", () => {
    const loc1 = evaluateDeclared(model, { now: NOW }).find((f) => f.controlId === "WC.LOC.1v1");
    const at = sources.locate(loc1?.pointer ?? "");
    expect(at.file).toBe("apps.yaml");
    expect(at.line).toBeGreaterThan(1);
  });

  it("waive xuli's two customers who declined archiving (WVR-2026-001), and nobody else's", () => {
    const s = baseSnapshot();
    s.singleAgree = [
      { userId: "xuli", agree: 1, disagree: 2 },
      { userId: "huangtao", agree: 2, disagree: 1 },
    ];
    const raw = evaluateLive(model, s).filter((f) => f.controlId === "WC.ARC.5v1" && f.status === "fail");
    expect(raw.map((f) => [f.target, f.status])).toEqual([
      ["member:huangtao", "fail"],
      ["member:xuli", "fail"],
    ]);
    const after = applyWaivers(raw, model.waivers, new Date(s.now));
    expect(after.map((f) => [f.target, f.status, f.waiver?.id])).toEqual([
      ["member:huangtao", "fail", undefined],
      ["member:xuli", "waived", "WVR-2026-001"],
    ]);
  });

  it("flag fanbing while the seed still has him enabled (the preview's MemberStatus fixes it)", () => {
    const s = baseSnapshot();
    s.members = s.members.map((m) => (m.userId === "fanbing" ? { ...m, enabled: true, status: 1 } : m));
    const lvr1 = evaluateLive(model, s).filter((f) => f.controlId === "WC.LVR.1v1");
    expect(lvr1.map((f) => [f.target, f.status])).toEqual([["member:fanbing", "fail"]]);
  });
});
