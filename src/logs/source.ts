/**
 * The read-only WeCom client for the operation logs, from the stack's provider config: the security-log
 * app (wecom:securityAgentId) with its secret from wecom:appSecrets. Used by `logs sync` and by drift's
 * attribution.
 */
import type { ProviderConfig } from "../provider/config";
import { clientFromConfig } from "../tenant/client";
import type { WecomClient, WecomCallEvent } from "../wecom";

export function securityLogClient(cfg: ProviderConfig, onCall?: (e: WecomCallEvent) => void): WecomClient {
  return clientFromConfig(cfg, { readOnly: true, ...(onCall ? { onCall } : {}) });
}

/** The security-log app and its secret are configured. */
export function hasSecurityLogApp(cfg: ProviderConfig): boolean {
  return cfg.securityAgentId !== undefined && Boolean(cfg.appSecrets[String(cfg.securityAgentId)]);
}
