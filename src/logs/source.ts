/**
 * The read-only WeCom client for the operation logs, from the stack's provider config: the security-log
 * app (wecom:securityAgentId) with its secret from wecom:appSecrets. Used by `logs sync` and by drift's
 * attribution.
 */
import { httpLimits, type ProviderConfig } from "../provider/config";
import { WecomClient, type WecomCallEvent } from "../wecom";

export function securityLogClient(cfg: ProviderConfig, onCall?: (e: WecomCallEvent) => void): WecomClient {
  return new WecomClient({
    baseUrl: cfg.baseUrl,
    corpId: cfg.corpId,
    secrets: { apps: cfg.appSecrets },
    readOnly: true,
    ...(cfg.securityAgentId !== undefined ? { securityAgentId: cfg.securityAgentId } : {}),
    ...(onCall ? { onCall } : {}),
    ...httpLimits(cfg),
  });
}

/** The security-log app and its secret are configured. */
export function hasSecurityLogApp(cfg: ProviderConfig): boolean {
  return cfg.securityAgentId !== undefined && Boolean(cfg.appSecrets[String(cfg.securityAgentId)]);
}
