/**
 * WC.SEC.1–2 over the demo policies (protection.yaml): the loader's view of the file (roles expanded,
 * evidence hashed) and the declared checks, with the rule weakened, a member uncovered, an attestation
 * aged past its interval and an evidence file whose hash does not match.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicies, type PolicyModel } from "../../../src/policy";
import type { Attestation, InterceptRulePolicy } from "../../../src/policy/model";
import { evaluateDeclared, summarise, type Finding } from "../../../src/rules";
import { attestationDue, checkSec1, checkSec2 } from "../../../src/rules/controls/sec";
import { declaredContext } from "../../../src/rules/context";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
const NOW = new Date("2026-11-28T12:00:00+08:00");
let model: PolicyModel;

beforeAll(async () => {
  const result = await loadPolicies(POLICIES);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  model = result.model;
});

const withRule = (change: Partial<InterceptRulePolicy>): PolicyModel => ({
  ...model,
  protection: {
    ...model.protection,
    interceptRules: model.protection.interceptRules.map((r) => ({ ...r, ...change })),
  },
});
const withAttestation = (key: string, change: Partial<Attestation>): PolicyModel => ({
  ...model,
  protection: {
    ...model.protection,
    attestations: model.protection.attestations.map((a) => (a.key === key ? { ...a, ...change } : a)),
  },
});
const statuses = (fs_: Finding[]) => fs_.map((f) => [f.target, f.status]);

describe("protection.yaml in the model", () => {
  it("expands roles to userids and hashes the evidence files", () => {
    const [rule] = model.protection.interceptRules;
    expect(rule).toMatchObject({
      key: "customer-data",
      action: "block",
      semantics: ["email", "phone"],
      roles: ["finance-approvers"],
      userIds: ["chenjing", "zhangwei", "zhaolei"],
    });
    for (const a of model.protection.attestations) expect(a.evidence.actualSha256).toBe(a.evidence.sha256);
    expect(model.protection.attestations.map((a) => a.key)).toEqual(["watermark", "file-leak"]);
  });

  it("is optional: a directory without it loads with nothing declared, and both controls are not applicable", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-protect-"));
    try {
      fs.cpSync(POLICIES, dir, { recursive: true });
      fs.rmSync(path.join(dir, "protection.yaml"));
      const result = await loadPolicies(dir);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.model.protection.declared).toBe(false);
      const ctx = declaredContext(result.model, NOW);
      expect(statuses([...checkSec1(ctx), ...checkSec2(ctx)])).toEqual([
        ["protection", "not-applicable"],
        ["protection", "not-applicable"],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("records a missing or changed evidence file instead of refusing the policies", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-protect-"));
    try {
      fs.cpSync(POLICIES, dir, { recursive: true });
      fs.rmSync(path.join(dir, "evidence", "watermark-2026-11-20.txt"));
      fs.appendFileSync(path.join(dir, "evidence", "file-leak-2026-10-15.txt"), "edited\n");
      const result = await loadPolicies(dir);
      if (!result.ok) throw new Error("expected the policies to load");
      const [watermark, leak] = result.model.protection.attestations;
      expect(watermark?.evidence).toMatchObject({ actualSha256: null, missingReason: "ENOENT" });
      expect(leak?.evidence.actualSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(leak?.evidence.actualSha256).not.toBe(leak?.evidence.sha256);
      const found = checkSec2(declaredContext(result.model, NOW));
      expect(statuses(found)).toEqual([
        ["attestation:watermark", "fail"],
        ["attestation:file-leak", "fail"],
      ]);
      expect(found[0]!.message.en).toContain(
        "evidence file evidence/watermark-2026-11-20.txt cannot be read (ENOENT)",
      );
      expect(found[1]!.message.zh).toContain(
        "与登记的 22b67d7a4aa7d60756eca9d4ef7ff2279a6e3b2b17759cebf15827a4cd1db5c9 不符",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("WC.SEC.1 — a blocking rule over sensitive roles that talk to customers", () => {
  it("passes on the demo, and hr-data (no customers) is not checked", () => {
    const found = checkSec1(declaredContext(model, NOW));
    expect(statuses(found)).toEqual([["role:finance-approvers", "pass"]]);
    expect(found[0]!.pointer).toBe("protection.yaml#/sensitive_roles/finance-approvers");
  });

  it("fails a warn-only rule, naming it, and stops the preview (mandatory)", () => {
    const found = evaluateDeclared(withRule({ action: "warn" }), { now: NOW });
    const sec = found.filter((f) => f.controlId === "WC.SEC.1v1");
    expect(statuses(sec)).toEqual([["role:finance-approvers", "fail"]]);
    expect(sec[0]!.message.en).toBe(
      "Role finance-approvers reaches sensitive data (Supplier bank accounts and payment terms / 供应商银行账户与付款条件) and talks to customers, but members chenjing, zhangwei, zhaolei are in no rule that blocks phone numbers and e-mail addresses; rule customer-data warns only or lacks phone/e-mail.",
    );
    expect(summarise(found).blocked).toBe(true);
  });

  it("fails a blocking rule without e-mail", () => {
    const found = checkSec1(declaredContext(withRule({ semantics: ["phone"] }), NOW));
    expect(found[0]!.status).toBe("fail");
  });

  it("passes when members are covered one by one or by department, and names who is left out", () => {
    const byMembers = withRule({ roles: [], userIds: ["chenjing", "zhangwei", "zhaolei"] });
    expect(checkSec1(declaredContext(byMembers, NOW))[0]!.status).toBe("pass");
    // chenjing and zhaolei work in Finance (4); zhangwei is in the Executive Office.
    const byDept = withRule({ roles: [], userIds: [], departments: [4] });
    const found = checkSec1(declaredContext(byDept, NOW));
    expect(found[0]!.status).toBe("fail");
    expect(found[0]!.evidence).toMatchObject({ uncovered: ["zhangwei"] });
  });
});

describe("WC.SEC.2 — attestations within their interval, with matching evidence", () => {
  it("passes on the demo with who, when and the hash as evidence", () => {
    const found = checkSec2(declaredContext(model, NOW));
    expect(statuses(found)).toEqual([
      ["attestation:watermark", "pass"],
      ["attestation:file-leak", "pass"],
    ]);
    expect(found[0]!.evidence).toMatchObject({
      attestedBy: "sunhao",
      attestedOn: "2026-11-20",
      due: "2027-02-18",
      evidenceFile: "evidence/watermark-2026-11-20.txt",
      sha256: "11a933b1856bf4e1de3f7a0bcab8d4de6d59343398aab56614138df1d8192286",
    });
  });

  it("fails past the interval (the due day itself still passes) and is advisory", () => {
    const watermark = model.protection.attestations[0]!;
    expect(attestationDue(watermark)).toBe("2027-02-18");
    const onDue = checkSec2(declaredContext(model, new Date("2027-02-18T12:00:00+08:00")));
    expect(onDue[0]!.status).toBe("pass");
    const after = evaluateDeclared(model, { now: new Date("2027-02-19T12:00:00+08:00") });
    const sec = after.filter((f) => f.controlId === "WC.SEC.2v1");
    expect(statuses(sec)).toEqual([
      ["attestation:watermark", "fail"],
      ["attestation:file-leak", "pass"],
    ]);
    expect(sec[0]!.message.en).toContain("re-attestation was due on 2027-02-18 (90 days after 2026-11-20)");
    expect(sec[0]!.severity).toBe("advisory");
  });

  it("fails an attestation dated in the future, and one declared with no attestations at all", () => {
    const future = checkSec2(
      declaredContext(withAttestation("watermark", { attestedOn: "2026-12-01" }), NOW),
    );
    expect(future[0]!.message.en).toContain("it is dated 2026-12-01, after today");
    const none = { ...model, protection: { ...model.protection, attestations: [] } };
    expect(statuses(checkSec2(declaredContext(none, NOW)))).toEqual([["protection", "fail"]]);
  });
});
