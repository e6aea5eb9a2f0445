/**
 * What the policy files alone can tell about consent (issue 9, item 3): archive.yaml archiving someone
 * without a valid consent fails WC.ARC.2's declared half, and location on for an app whose declared range
 * reaches people without location consent fails WC.LOC.1 — both mandatory, so `validate` and the preview
 * gate stop, with the member's line.
 */
import { describe, expect, it } from "vitest";
import { previewGate } from "../../../src/rules";
import { baseModel, consent, ledger, NOW, person, setPeople, writtenAs, DEMO_PEOPLE } from "./builders";
import { declared, only } from "./helpers";

describe("WC.ARC.2v1 declared: archive.yaml archives only people with a valid consent", () => {
  it("passes when everyone archive.yaml lists has consented", () => {
    const f = only(declared(baseModel(), "WC.ARC.2v1"), "archive");
    expect(f.status).toBe("pass");
    expect(f.pointer).toMatch(/^archive\.yaml#.*\/members$/);
    expect(f.message.en).toBe("All 4 members archive.yaml archives have a valid consent to chat-archive.");
  });

  it("fails for a member added without consent, and for one who withdrew", () => {
    const m = baseModel();
    m.archive.members.push("staff001");
    m.consentLedger = ledger([
      ...["wuqiang", "xuli", "maxiaoyu"].map((u) => consent(u, "chat-archive", "2026-02-10")),
      consent("huangtao", "chat-archive", "2026-02-10", "2026-11-25"),
    ]);
    const fs = declared(m, "WC.ARC.2v1");
    expect(fs.map((f) => [f.status, f.target, f.message.en])).toEqual([
      [
        "fail",
        "member:huangtao",
        "archive.yaml puts member huangtao in the archive range but withdrew consent to chat-archive on 2026-11-25.",
      ],
      [
        "fail",
        "member:staff001",
        "archive.yaml puts member staff001 in the archive range but has no valid consent to chat-archive.",
      ],
    ]);
    expect(fs[1]!.severity).toBe("mandatory");
    expect(fs[0]!.evidence).toEqual({ withdrawal: "consent.yaml#/ledger/huangtao" });
    const gate = previewGate(m, NOW);
    expect(gate.blocked).toBe(true);
    expect(gate.report).toContain("✗ WC.ARC.2v1 member:staff001");
    expect(gate.report).toContain("Law: PIPL Arts. 14, 15");
  });
});

describe("WC.LOC.1v1 declared range: everyone location reporting reaches has given separate consent", () => {
  it("fails when someone the app's departments reach withdrew their location consent, pointing at the range", () => {
    const m = baseModel();
    m.consentLedger = ledger([
      ...["wuqiang", "xuli", "huangtao", "maxiaoyu"].map((u) => consent(u, "chat-archive", "2026-02-10")),
      consent("linfeng", "location-tracking", "2026-03-01", "2026-11-26"),
      consent("luoping", "location-tracking", "2026-03-01"),
    ]);
    const f = only(declared(m, "WC.LOC.1v1"), "app:1000002");
    expect(f.status).toBe("fail");
    expect(f.message.en).toBe(
      "App 1000002 (field-assistant) reports location on entering the app, but: 1 person in its declared visible range has no valid separate consent to location-tracking: linfeng.",
    );
    expect(f.pointer).toBe("apps.yaml#/apps/field-assistant/visibleRange");
    expect(f.evidence).toMatchObject({ withoutConsent: ["linfeng"] });
    const gate = previewGate(m, NOW);
    expect(gate.blocked).toBe(true);
    expect(gate.report).toContain("Law: PIPL Arts. 13, 14, 17, 28, 29, 30");
  });

  it("counts listed users and role members, never leavers", () => {
    const m = baseModel();
    m.apps[0]!.visibleRange.users.push("gaoyan");
    writtenAs(m, "apps.yaml#/apps/field-assistant/visibleRange/users", ["gaoyan"]);
    setPeople(m, [...DEMO_PEOPLE, person("gaoyan", 8)]);
    const f = only(declared(m, "WC.LOC.1v1"), "app:1000002");
    // fanbing (department 9) withdrew on her leave day and has left: not reached any more.
    expect(f.message.en).toContain("no valid separate consent to location-tracking: gaoyan.");
    expect(f.pointer).toBe("apps.yaml#/apps/field-assistant/visibleRange/users/0");
  });
});
