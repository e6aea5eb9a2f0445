/** Waivers: WC.WVR.1 itself (pass, fail, never waived) and how applyWaivers honours or ignores them. */
import { describe, expect, it } from "vitest";
import { applyWaivers, evaluateDeclared } from "../../../src/rules";
import { baseModel, NOW, person, setPeople, waiver, DEMO_PEOPLE } from "./builders";
import { declared, only } from "./helpers";

/** baseModel with an app whose location purpose is missing: one WC.LOC.1 failure on app:1000002. */
function failing() {
  const m = baseModel();
  const app = m.apps[0];
  if (!app) throw new Error("no app");
  delete app.location.purpose;
  return m;
}
function loc1After(m: ReturnType<typeof baseModel>, now = NOW) {
  return only(
    applyWaivers(evaluateDeclared(m, { now }), m.waivers, now).filter((f) => f.controlId === "WC.LOC.1v1"),
    "app:1000002",
  );
}

describe("WC.WVR.1v1 waivers are accountable and temporary", () => {
  it("passes a complete, unexpired waiver", () => {
    const m = baseModel();
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002")];
    const f = only(declared(m, "WC.WVR.1v1"), "waiver:w1");
    expect(f.status).toBe("pass");
    expect(f.message.en).toBe(
      "Waiver w1 (WC.LOC.1v1 for app:1000002) is owned by liuyang and in force until 2026-12-31.",
    );
  });

  it("fails a waiver with no reason, no owner, already expired", () => {
    const m = baseModel();
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002", { reason: " ", owner: "", expires: "2026-11-27" })];
    const f = only(declared(m, "WC.WVR.1v1"), "waiver:w1");
    expect(f.status).toBe("fail");
    expect(f.severity).toBe("mandatory");
    expect(f.pointer).toBe("waivers.yaml#/waivers/w1");
    expect(f.message.en).toBe(
      "Waiver w1 (WC.LOC.1v1 for app:1000002): no reason; no owner; expired on 2026-11-27.",
    );
    expect(f.message.zh).toBe(
      "豁免 w1（WC.LOC.1v1，对象 app:1000002）：没有理由；没有负责人；已于 2026-11-27 到期。",
    );
  });

  it("fails an unversioned control id with a hint, and an owner who has left", () => {
    const m = baseModel();
    m.waivers = [waiver("WC.LOC.1", "app:1000002", { owner: "fanbing" })];
    expect(only(declared(m, "WC.WVR.1v1"), "waiver:w1").message.en).toBe(
      "Waiver w1 (WC.LOC.1 for app:1000002): names unknown control WC.LOC.1 (did you mean WC.LOC.1v1?); its owner fanbing has left.",
    );
  });

  it("is never waived, not even by a waiver naming it", () => {
    const m = baseModel();
    m.waivers = [
      waiver("WC.LOC.1v1", "app:1000002", { id: "old", expires: "2026-01-01" }),
      waiver("WC.WVR.1v1", "waiver:old", { id: "meta" }),
    ];
    const fs = applyWaivers(evaluateDeclared(m, { now: NOW }), m.waivers, NOW).filter(
      (f) => f.controlId === "WC.WVR.1v1",
    );
    expect(fs.map((f) => [f.target, f.status, f.message.en])).toEqual([
      ["waiver:old", "fail", "Waiver old (WC.LOC.1v1 for app:1000002): expired on 2026-01-01."],
      ["waiver:meta", "fail", "Waiver meta (WC.WVR.1v1 for waiver:old): cannot waive WC.WVR.1v1 itself."],
    ]);
  });
});

describe("applyWaivers", () => {
  it("honours a waiver that expires today (the expiry day is the last day in force)", () => {
    const m = failing();
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002", { expires: "2026-11-28" })];
    expect(loc1After(m).status).toBe("waived");
    expect(only(declared(m, "WC.WVR.1v1"), "waiver:w1").status).toBe("pass");
  });

  it("ignores a waiver that expired yesterday, and WC.WVR.1 fails it", () => {
    const m = failing();
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002", { expires: "2026-11-27" })];
    expect(loc1After(m).status).toBe("fail");
    expect(only(declared(m, "WC.WVR.1v1"), "waiver:w1").status).toBe("fail");
  });

  it("measures expiry on the China Standard Time day: 23:30 UTC on the 27th is already the 28th", () => {
    const m = failing();
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002", { expires: "2026-11-27" })];
    expect(loc1After(m, new Date("2026-11-27T15:59:00Z")).status).toBe("waived");
    expect(loc1After(m, new Date("2026-11-27T16:00:00Z")).status).toBe("fail");
  });

  it("ignores a waiver without a reason or an owner", () => {
    for (const over of [{ reason: "" }, { owner: "  " }]) {
      const m = failing();
      m.waivers = [waiver("WC.LOC.1v1", "app:1000002", over)];
      expect(loc1After(m).status).toBe("fail");
    }
  });

  it("silences only its control and its target", () => {
    const m = failing();
    m.waivers = [waiver("WC.LOC.2v1", "app:1000002"), waiver("WC.LOC.1v1", "app:1000003", { id: "w2" })];
    expect(loc1After(m).status).toBe("fail");
  });

  it("accepts the target without its kind prefix, or an app's policy key", () => {
    for (const target of ["1000002", "field-assistant", "app:field-assistant"]) {
      const m = failing();
      m.waivers = [waiver("WC.LOC.1v1", target)];
      expect(loc1After(m).status).toBe("waived");
    }
    const m = baseModel();
    const role = m.roles[0];
    if (!role) throw new Error("no role");
    role.purpose = "";
    m.waivers = [waiver("WC.ACC.1v1", "finance-approvers")];
    const after = applyWaivers(evaluateDeclared(m, { now: NOW }), m.waivers, NOW);
    expect(
      only(
        after.filter((f) => f.controlId === "WC.ACC.1v1"),
        "role:finance-approvers",
      ).status,
    ).toBe("waived");
  });

  it("leaves passing findings alone", () => {
    const m = baseModel();
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002")];
    expect(loc1After(m).status).toBe("pass");
  });

  it("an owner who left still silences until expiry, but WC.WVR.1 flags the waiver", () => {
    const m = failing();
    setPeople(m, [...DEMO_PEOPLE.filter((p) => p.userId !== "liuyang"), person("liuyang", 8, "2026-11-01")]);
    m.waivers = [waiver("WC.LOC.1v1", "app:1000002")];
    expect(loc1After(m).status).toBe("waived");
    expect(only(declared(m, "WC.WVR.1v1"), "waiver:w1").message.en).toBe(
      "Waiver w1 (WC.LOC.1v1 for app:1000002): its owner liuyang has left.",
    );
  });
});
