/**
 * `audit`'s evaluation of the demo policies on a sandbox tenant, in-process and read-only: the snapshot read
 * by the one reader (src/tenant) and every control evaluated once — what `wecom-policy audit` does without
 * Pulumi. Shared by the evidence tests and the HTML report's fixtures.
 */
import * as path from "node:path";
import { evaluateAudit, type AuditReport } from "../../../src/audit/evaluate";
import { policyContentHash } from "../../../src/audit/evidence";
import { loadPolicies } from "../../../src/policy";
import { sandboxProviderConfig } from "../../../src/pulumi/sandbox-stack";
import type { SandboxHandle } from "../../../src/sandbox/server";
import { clientFromConfig, reachOf, readTenant, type TenantSnapshot } from "../../../src/tenant";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

export const DEMO_POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");

export interface DemoAudit {
  report: AuditReport;
  snapshot: TenantSnapshot;
  /** The policy files the audit read, relative to {@link DEMO_POLICIES}. */
  files: readonly string[];
}

export async function auditDemoTenant(sb: SandboxHandle, now: Date): Promise<DemoAudit> {
  const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
  const cfg = sandboxProviderConfig(sb.url, creds);
  const loaded = await loadPolicies(DEMO_POLICIES);
  if (!loaded.ok) throw new Error("demo policies do not load");
  const files = loaded.sources.files;
  const snapshot = await readTenant(clientFromConfig(cfg, { readOnly: true }), {
    corpId: cfg.corpId,
    reach: reachOf(cfg),
    now,
    memberDetails: ["fanbing", "zhengkai"],
  });
  const report = evaluateAudit({
    model: loaded.model,
    sources: loaded.sources,
    snapshot,
    stack: "sandbox",
    reach: reachOf(cfg),
    policy: {
      commit: null,
      dirty: false,
      contentHash: await policyContentHash(DEMO_POLICIES, files),
      files: [...files],
    },
  });
  return { report, snapshot, files };
}
