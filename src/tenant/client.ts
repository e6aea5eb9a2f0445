/**
 * The one place a WeCom client is built from the provider's configuration (stack config `wecom:*` with
 * the environment as fallback, src/provider/config.ts): the provider plugin, `import`, `drift` and `audit`
 * all call {@link clientFromConfig}, so a secret added to the provider reaches every command the same way.
 */
import * as path from "node:path";
import { httpLimits, parseConfig, type ProviderConfig } from "../provider/config";
import type { PulumiWorkspace } from "../pulumi/workspace";
import { WecomClient, type WecomClientOptions } from "../wecom";

export interface ClientOverrides {
  /** Refuse every write endpoint before any I/O (import, drift, audit). Default: the config's `readOnly`. */
  readOnly?: boolean;
  onCall?: WecomClientOptions["onCall"];
  maxInFlight?: number;
  /** Why no new write may start (the engine is gone or cancelled the run); the provider plugin sets it. */
  stopping?: WecomClientOptions["stopping"];
  /** The pause before a re-send, and the wait for a turn in the per-minute budget (tests). */
  sleep?: WecomClientOptions["sleep"];
  /** Per-endpoint per-minute limits instead of the documented ones (import's `--rate` for user/get). */
  perMinute?: WecomClientOptions["perMinute"];
}

export function clientFromConfig(cfg: ProviderConfig, over: ClientOverrides = {}): WecomClient {
  const secrets: WecomClientOptions["secrets"] = { apps: cfg.appSecrets };
  if (cfg.contactsSecret) secrets.contacts = cfg.contactsSecret;
  if (cfg.archiveSecret) secrets.archive = cfg.archiveSecret;
  // The check-in app's secret (wecom:checkinSecret / WECOM_CHECKIN_SECRET, issue 13): read when the
  // provider's configuration carries it.
  const checkin = (cfg as { checkinSecret?: string }).checkinSecret;
  if (checkin) secrets.checkin = checkin;
  return new WecomClient({
    baseUrl: cfg.baseUrl,
    corpId: cfg.corpId,
    secrets,
    readOnly: over.readOnly ?? cfg.readOnly,
    ...(cfg.securityAgentId !== undefined ? { securityAgentId: cfg.securityAgentId } : {}),
    ...(cfg.customerAgentId !== undefined ? { customerAgentId: cfg.customerAgentId } : {}),
    ...(over.onCall ? { onCall: over.onCall } : {}),
    ...(over.maxInFlight !== undefined ? { maxInFlight: over.maxInFlight } : {}),
    ...(over.stopping ? { stopping: over.stopping } : {}),
    ...(over.sleep ? { sleep: over.sleep } : {}),
    ...(over.perMinute ? { perMinute: over.perMinute } : {}),
    ...(cfg.budgetSocket ? { budgetSocket: cfg.budgetSocket } : {}),
    ...httpLimits(cfg),
  });
}

/** What a configuration can read, for the snapshot's "cannot check" reasons. */
export interface Reach {
  contacts: boolean;
  archive: boolean;
  /** agentids with a secret. */
  apps: number[];
  /** The security-log app is configured and has a secret. */
  security: boolean;
  /** The customer-contact app is configured and has a secret. */
  customer: boolean;
}

export function reachOf(cfg: ProviderConfig): Reach {
  const has = (id: number | undefined) => id !== undefined && cfg.appSecrets[String(id)] !== undefined;
  return {
    contacts: cfg.contactsSecret !== undefined,
    archive: cfg.archiveSecret !== undefined,
    apps: Object.keys(cfg.appSecrets)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0)
      .sort((a, b) => a - b),
    security: has(cfg.securityAgentId),
    customer: has(cfg.customerAgentId),
  };
}

export interface StackSettings {
  provider: ProviderConfig;
  /** The policy directory the stack's program reads (`wecom-policy:policiesDir`, default `policies`). */
  policiesDir: string;
  /**
   * The stack's `wecom-policy:*` values by key without the namespace (e.g. `callbackToken` for `watch`),
   * secrets decrypted: kept in memory, never printed.
   */
  tool: Readonly<Record<string, string>>;
}

/**
 * A stack's settings: `pulumi config --json --show-secrets` parsed like the provider parses its own, with
 * the same environment fallbacks, and the program's policy directory. Secret values stay in this process's
 * memory: they are never printed or written. Throws the provider's ConfigError when the configuration is
 * unusable, StackConfigError when pulumi cannot read it.
 */
export async function readStackSettings(ws: PulumiWorkspace, env: NodeJS.ProcessEnv): Promise<StackSettings> {
  const r = await ws.run(["config", "--json", "--show-secrets", ...ws.stackArgs()]);
  if (r.code !== 0) throw new StackConfigError((r.stderr || r.stdout).trim());
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(JSON.parse(r.stdout) as Record<string, { value?: unknown }>))
    if (v.value !== undefined) vars[k] = typeof v.value === "string" ? v.value : JSON.stringify(v.value);
  return {
    provider: parseConfig({}, vars, env),
    // The program resolves it against the project directory (src/program/index.ts).
    policiesDir: path.resolve(ws.projectDir, vars["wecom-policy:policiesDir"] ?? "policies"),
    tool: Object.fromEntries(
      Object.entries(vars)
        .filter(([k]) => k.startsWith("wecom-policy:"))
        .map(([k, v]) => [k.slice("wecom-policy:".length), v]),
    ),
  };
}

/** The provider configuration of a stack (readStackSettings). */
export async function configFromStack(ws: PulumiWorkspace, env: NodeJS.ProcessEnv): Promise<ProviderConfig> {
  return (await readStackSettings(ws, env)).provider;
}

/** `pulumi config` failed for the stack (no such stack, wrong passphrase…); the message is pulumi's. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
}
