/**
 * A stack on a sandbox tenant, in a workspace of its own: file backend, the sandbox passphrase, the demo's
 * pinned day, and the sandbox's corp id, secrets and URL as (secret) stack config. Used by `demo`,
 * `import --sandbox`, the end-to-end tests and the reliability scripts.
 */
import { parseConfig, type ProviderConfig } from "../provider/config";
import { pinnedEnv, SANDBOX_TODAY } from "../today";
import type { ConsoleCredentials } from "../wecom/wire";
import type { SandboxProcess } from "./sandbox-process";
import { PulumiWorkspace, SANDBOX_PASSPHRASE } from "./workspace";

/** The demo company's customer-contact app and security-log app (docs/demo-company.md). */
export const SANDBOX_AGENT_IDS = { customer: 1000003, security: 1000004 } as const;

/**
 * The provider config a sandbox stack holds (below), for code that reads the sandbox tenant in-process
 * without a stack: tests and benchmarks.
 */
export function sandboxProviderConfig(url: string, creds: ConsoleCredentials): ProviderConfig {
  return parseConfig(
    {},
    {},
    {
      WECOM_CORP_ID: creds.corpid,
      WECOM_CORP_SECRET: creds.contacts_secret,
      WECOM_ARCHIVE_SECRET: creds.archive_secret,
      WECOM_CHECKIN_SECRET: creds.checkin_secret,
      WECOM_APP_SECRETS: JSON.stringify(creds.app_secrets),
      WECOM_SECURITY_AGENT_ID: String(SANDBOX_AGENT_IDS.security),
      WECOM_CUSTOMER_AGENT_ID: String(SANDBOX_AGENT_IDS.customer),
      WECOM_BASE_URL: url,
    },
  );
}

/**
 * The `sandbox` stack (or `stack`) in `stateDir`, configured for the sandbox at `sandbox.url` with the
 * policy files in `policiesDir`. `opts.backendUrl` keeps its state in another backend than the workspace's
 * file backend (a fleet on `postgres://`: src/fleet); `opts.passphrase` gives the stack its own.
 */
export async function configureSandboxStack(
  sandbox: Pick<SandboxProcess, "url" | "credentials">,
  stateDir: string,
  policiesDir: string,
  stack = "sandbox",
  opts: { backendUrl?: string; passphrase?: string } = {},
): Promise<PulumiWorkspace> {
  const creds = await sandbox.credentials();
  // A sandbox stack protects nothing real: its secrets are generated locally by the sandbox.
  const ws = new PulumiWorkspace({
    stateDir,
    stack,
    passphrase: opts.passphrase ?? SANDBOX_PASSPHRASE,
    ...(opts.backendUrl === undefined ? {} : { backendUrl: opts.backendUrl }),
    env: pinnedEnv(process.env, SANDBOX_TODAY),
  });
  await ws.ensureStack();
  await ws.setConfig("wecom:corpId", creds.corpid);
  await ws.setConfig("wecom:corpSecret", creds.contacts_secret, true);
  await ws.setConfig("wecom:archiveSecret", creds.archive_secret, true);
  await ws.setConfig("wecom:checkinSecret", creds.checkin_secret, true);
  await ws.setConfig("wecom:appSecrets", JSON.stringify(creds.app_secrets), true);
  await ws.setConfig("wecom:customerAgentId", String(SANDBOX_AGENT_IDS.customer));
  await ws.setConfig("wecom:securityAgentId", String(SANDBOX_AGENT_IDS.security));
  await ws.setConfig("wecom:baseUrl", sandbox.url);
  await ws.setConfig("wecom-policy:policiesDir", policiesDir);
  return ws;
}
