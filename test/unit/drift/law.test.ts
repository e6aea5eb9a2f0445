/**
 * The law in the drift check (issue 9, item 4): findings on the policy files and the snapshot even where
 * no resource differs, and per item the control that really applies, with its specific reason and waiver.
 */
import { describe, expect, it } from "vitest";
import type { DriftItem } from "../../../src/drift/analyse";
import { driftFindings, driftLaw, itemLaw } from "../../../src/drift/law";
import { baseModel, baseSnapshot, consent, ledger, NOW, waiver } from "../rules/builders";

const sources = { locate: (ref: string) => ({ file: ref.split("#")[0]!, line: 14, column: 1, pointer: "" }) };

const roleItem = (who: string): DriftItem => ({
  type: "Role",
  name: "finance-approvers",
  urn: "urn:pulumi:sandbox::wecom-policy::wecom:index:Role::finance-approvers",
  op: "update",
  path: "members[3]",
  kind: "delete",
  live: who,
});

describe("drift law", () => {
  it("a consent withdrawn while the member is still archived fails WC.ARC.2 with no resource differing", () => {
    const m = baseModel();
    m.consentLedger = ledger([
      ...["wuqiang", "xuli", "maxiaoyu"].map((u) => consent(u, "chat-archive", "2026-02-10")),
      consent("huangtao", "chat-archive", "2026-02-10", "2026-11-25"),
    ]);
    const law = driftLaw(m, sources, baseSnapshot());
    const arc2 = law.filter((f) => f.id === "WC.ARC.2v1");
    expect(arc2.map((f) => [f.status, f.severity, f.target, f.message.en])).toEqual([
      [
        "fail",
        "mandatory",
        "member:huangtao",
        "archive.yaml puts member huangtao in the archive range but withdrew consent to chat-archive on 2026-11-25.",
      ],
      [
        "fail",
        "mandatory",
        "member:huangtao",
        "Member huangtao is archived but withdrew consent to chat-archive on 2026-11-25.",
      ],
    ]);
    expect(arc2[0]!.law.en).toBe("PIPL Arts. 14, 15");
    // WC.LOG.1 and WC.GOV.4 are audit's, not drift's.
    expect(law.some((f) => f.id === "WC.LOG.1v1" || f.id === "WC.GOV.4v1")).toBe(false);
  });

  it("a leaver put back into a role is a WC.ACC.1 finding naming the leave date and roster line", () => {
    const m = baseModel();
    const snap = baseSnapshot();
    const r = itemLaw(
      roleItem("zhengkai"),
      { name: "财务审批" },
      {
        model: m,
        sources,
        now: NOW,
        findings: driftFindings(m, snap),
      },
    );
    expect(r.reason).toBeUndefined();
    expect(r.controls.map((c) => [c.id, c.reason?.en])).toEqual([
      ["WC.ACC.1v1", `zhengkai left on 2026-11-01 (people.csv:14:1) and is in ${m.roles[0]!.tagName}`],
    ]);
  });

  it("anyone else added to a role is a membership change against the declared role, citing no control", () => {
    const m = baseModel();
    const r = itemLaw(roleItem("liuyang"), undefined, { model: m, sources, now: NOW, findings: [] });
    expect(r.controls).toEqual([]);
    expect(r.reason?.en).toBe(
      `liuyang has not left (people.csv:14:1): a membership change against the declared role ${m.roles[0]!.tagName} (roles.yaml:14:1), not a leaver finding`,
    );
  });

  it("a waiver covers a drift item as it covers the finding in audit", () => {
    const m = baseModel();
    m.waivers.push(waiver("WC.ACC.1v1", "role:finance-approvers"));
    const r = itemLaw(roleItem("zhengkai"), undefined, { model: m, sources, now: NOW, findings: [] });
    expect(r.controls[0]!.waiver).toMatchObject({ owner: expect.any(String), expires: expect.any(String) });
  });
});
