/**
 * `audit`'s evaluation and evidence without Pulumi: the demo policies, a snapshot read by the one reader
 * from the in-process sandbox, every control evaluated once; the evidence directory re-evaluates to the
 * same results offline, and any edited, deleted or added file is named.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../../src/audit/evaluate";
import { EvidenceError, verifyEvidence, writeEvidence } from "../../../src/audit/evidence";
import { CONTROL_IDS } from "../../../src/rules";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import { validateAgainst } from "../../../src/schema";
import type { TenantSnapshot } from "../../../src/tenant";
import { auditDemoTenant, DEMO_POLICIES } from "./demo-audit";

const POLICIES = DEMO_POLICIES;
const NOW = new Date("2026-11-28T04:00:00Z");

describe("audit evaluation and evidence", () => {
  let sb: SandboxHandle;
  let tmp: string;
  let snapshot: TenantSnapshot;
  let report: AuditReport;
  let files: readonly string[];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "audit-evidence-"));
    sb = await startSandbox({ quiet: true, now: () => NOW.getTime() });
    ({ report, snapshot, files } = await auditDemoTenant(sb, NOW));
  });
  afterAll(async () => {
    await sb?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("evaluates all 28 controls, each with at least one verdict, in the report schema", () => {
    expect(report.controls.map((c) => c.id)).toEqual([...CONTROL_IDS]);
    expect(report.controls.length).toBe(28);
    for (const c of report.controls) expect(c.results.length, c.id).toBeGreaterThan(0);
    expect(validateAgainst("audit-report", report)).toEqual([]);
    // Never synced: WC.LOG.1 fails, a mandatory failure (exit 1).
    expect(report.controls.find((c) => c.id === "WC.LOG.1v1")?.status).toBe("fail");
    expect(report.exitCode).toBe(2);
    // ARC.5 needs chat pairs only the archive SDK gives: cannot check, with why.
    const arc5 = report.controls.find((c) => c.id === "WC.ARC.5v1")!;
    expect(arc5.status).toBe("cannot-check");
    expect(arc5.results[0]!.message.en).toContain("chat-archive SDK");
  });

  it("re-evaluates an evidence directory offline to the same results, and names a tampered file", async () => {
    const dir = path.join(tmp, "ev");
    await writeEvidence(dir, { snapshot, report, policiesDir: POLICIES, files });
    const snapText = fs.readFileSync(path.join(dir, "snapshot.json"), "utf8");
    expect(snapText).not.toMatch(/secret|access_token/i);
    const v = await verifyEvidence(dir);
    expect(v.recomputed).toEqual(report);

    // An edited snapshot (huangtao no longer archived) is caught by its hash.
    const snap = JSON.parse(snapText) as TenantSnapshot;
    fs.writeFileSync(
      path.join(dir, "snapshot.json"),
      JSON.stringify({ ...snap, archive: { permitUserIds: ["wuqiang"] } }, null, 2) + "\n",
    );
    const err = await verifyEvidence(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceError);
    expect((err as EvidenceError).problems).toEqual([
      "snapshot.json: SHA-256 differs from the manifest — the file was changed / 哈希不符，文件已被修改",
    ]);
    fs.writeFileSync(path.join(dir, "snapshot.json"), snapText);

    // A deleted policy file and an added file are named too.
    fs.rmSync(path.join(dir, "policies", "waivers.yaml"));
    fs.writeFileSync(path.join(dir, "extra.txt"), "x");
    const err2 = (await verifyEvidence(dir).catch((e: unknown) => e)) as EvidenceError;
    expect(err2.problems).toEqual([
      "policies/waivers.yaml: deleted (listed in the manifest) / 文件已被删除",
      "extra.txt: not in the manifest — added later / 文件不在清单中",
    ]);
  });

  it("detects results that were edited along with the manifest", async () => {
    const dir = path.join(tmp, "ev2");
    const forged = structuredClone(report);
    const log1 = forged.controls.find((c) => c.id === "WC.LOG.1v1")!;
    log1.status = "pass";
    log1.results = log1.results.map((r) => ({ ...r, status: "pass" }));
    // Written through writeEvidence, so every hash in the manifest matches the forged file.
    await writeEvidence(dir, { snapshot, report: forged, policiesDir: POLICIES, files });
    const err = (await verifyEvidence(dir).catch((e: unknown) => e)) as EvidenceError;
    expect(err).toBeInstanceOf(EvidenceError);
    expect(err.problems[0]).toContain("results.json: does not match the re-evaluation");
    expect(err.problems[0]).toContain("WC.LOG.1v1 log-archive: recorded pass, re-evaluated fail");
  });
});
