/**
 * runDrift in process: the in-process sandbox (real loopback HTTP) as the tenant, the repository's demo
 * policies, and a fake Pulumi workspace whose `pulumi` answers are given by the test — so a test sees what
 * the check does around the preview without the Pulumi CLI (the real CLI: test/e2e/drift.test.ts).
 */
import * as path from "node:path";
import type { PulumiResult, PulumiWorkspace } from "../../../src/pulumi/workspace";
import { parseConfig } from "../../../src/provider/config";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import type { StackSettings } from "../../../src/tenant";
import { SANDBOX_TODAY } from "../../../src/today";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

export const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
export const NOW = new Date(SANDBOX_TODAY);

export interface DriftHarness {
  sb: SandboxHandle;
  settings: StackSettings;
  /** The provider's configuration as WECOM_* variables (the stack's `pulumi config` is empty). */
  env: Record<string, string>;
  /** The pulumi commands run, first argument each ("preview", "stack"…). */
  calls: string[][];
  ws: PulumiWorkspace;
  close(): Promise<void>;
}

export async function driftHarness(
  pulumi: (args: readonly string[]) => Promise<PulumiResult> | PulumiResult,
): Promise<DriftHarness> {
  const sb = await startSandbox({ quiet: true, now: () => NOW.getTime() });
  const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
  const env = {
    WECOM_CORP_ID: creds.corpid,
    WECOM_CORP_SECRET: creds.contacts_secret,
    WECOM_ARCHIVE_SECRET: creds.archive_secret,
    WECOM_APP_SECRETS: JSON.stringify(creds.app_secrets),
    WECOM_SECURITY_AGENT_ID: "1000004",
    WECOM_CUSTOMER_AGENT_ID: "1000003",
    WECOM_BASE_URL: sb.url,
  };
  const provider = parseConfig({}, {}, env);
  const calls: string[][] = [];
  const ws = {
    stack: "unit",
    projectDir: path.dirname(POLICIES),
    stackArgs: () => ["--stack", "unit"],
    env: () => ({ WECOM_POLICY_NOW: SANDBOX_TODAY }),
    run: async (args: readonly string[]) => {
      calls.push([...args]);
      return pulumi(args);
    },
  } as unknown as PulumiWorkspace;
  return {
    sb,
    settings: { provider, policiesDir: POLICIES, tool: {} },
    env,
    calls,
    ws,
    close: () => sb.close(),
  };
}
