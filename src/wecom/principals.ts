/**
 * Which WeCom credential a call uses, and how to tell a person where to find it. WeCom issues one
 * token per secret (wecom-api.md §0); the client keys its token cache and its error messages on the
 * principal. Console paths come from shared/reference/wecom-console.md.
 */

/** A secret principal: the contacts-sync secret, one app's secret, or the archive secret. */
import type { EndpointName } from "./wire";

export type PrincipalRef =
  | { readonly kind: "contacts" }
  | { readonly kind: "archive" }
  | { readonly kind: "app"; readonly agentId: number };

export const CONTACTS: PrincipalRef = { kind: "contacts" };
export const ARCHIVE: PrincipalRef = { kind: "archive" };

export function appPrincipal(agentId: number): PrincipalRef {
  return { kind: "app", agentId };
}

/** Stable, secret-free label used as the token-cache key, in errors and in `onCall` events. */
export function principalLabel(p: PrincipalRef): string {
  return p.kind === "app" ? `app:${p.agentId}` : p.kind;
}

/** A credential a person can fix: what it is, the provider config key, and where WeCom shows it. */
export interface CredentialRef {
  readonly kind: "corpId" | "contacts" | "archive" | "app";
  readonly agentId?: number;
  /** Human name, e.g. "contacts-sync secret" or "app 1000005 secret". */
  readonly name: string;
  /** The Pulumi provider config key that holds it. */
  readonly configKey: string;
  /** Admin console path, Chinese then English. */
  readonly consolePath: string;
}

// GUESS: wecom-console.md does not list where the corp id is shown; 我的企业 → 企业信息 → 企业ID is where
// every WeCom setup guide points.
export const CORP_ID_CREDENTIAL: CredentialRef = {
  kind: "corpId",
  name: "corp id",
  configKey: "wecom:corpId",
  consolePath: "我的企业 → 企业信息 → 企业ID (My Company → Company Info → Corp ID)",
};

/** Which app calls a family of endpoints that WeCom grants per app through a console allow-list. */
export type DelegatedRole = "security" | "customer";

/** The delegated role an endpoint needs, if any (security logs, customer contact). */
export function delegatedRoleOf(endpoint: EndpointName): DelegatedRole | undefined {
  if (endpoint === "adminOperLogList" || endpoint === "memberOperLogList") return "security";
  if (endpoint.startsWith("external")) return "customer";
  return undefined;
}

/** Where the trusted-IP list (企业可信IP) of a principal is edited; there is no API for it (§7.3). */
export function trustedIpPath(p: PrincipalRef): string {
  switch (p.kind) {
    case "contacts":
      return "安全与管理 → 管理工具 → 通讯录同步 → 企业可信IP (Security & Management → Management Tools → Contacts Sync → Trusted corporate IPs)";
    case "archive":
      return "安全与管理 → 管理工具 → 会话内容存档 → 可信IP (Security & Management → Management Tools → Conversation Archive → Trusted IP)";
    case "app":
      return (
        `应用管理 → 应用 → 自建 → 〔应用 ${p.agentId}〕 → 开发者接口 → 企业可信IP →「配置」 (App Management → Apps → ` +
        `Self-built → [app ${p.agentId}] → Developer interfaces → Trusted corporate IPs → Configure)`
      );
  }
}

/** The credential to add when no app is configured for a delegated role (securityAgentId, customerAgentId). */
export function delegatedCredential(role: DelegatedRole): CredentialRef {
  return role === "security"
    ? {
        kind: "app",
        name: "app for the security log APIs",
        configKey: "wecom:securityAgentId (and that app's secret in wecom:appSecrets)",
        consolePath:
          '使用分析 → API →「可调用接口的应用」 (Usage Analytics → API → "Apps allowed to call the API"; ' +
          "the app needs 「获取管理端操作日志」/「获取成员操作记录」)",
      }
    : {
        kind: "app",
        name: "app for the customer-contact APIs",
        configKey: "wecom:customerAgentId (and that app's secret in wecom:appSecrets)",
        consolePath:
          "客户与上下游 → 客户联系 → 客户 → API →「可调用应用」 (Customers & Partners → Customer Contact → " +
          'Customers → API → "Apps allowed to call")',
      };
}

export function credentialOf(p: PrincipalRef): CredentialRef {
  switch (p.kind) {
    case "contacts":
      return {
        kind: "contacts",
        name: "contacts-sync secret",
        configKey: "wecom:contactsSecret (or wecom:corpSecret)",
        consolePath:
          "安全与管理 → 管理工具 → 通讯录同步 → Secret「查看」 (Security & Management → Management Tools → " +
          'Contacts Sync → Secret "View"; before 2024: 管理工具 → 通讯录同步)',
      };
    case "archive":
      return {
        kind: "archive",
        name: "message-archive secret",
        configKey: "wecom:archiveSecret",
        consolePath:
          "安全与管理 → 管理工具 → 会话内容存档 → Secret「查看」 (Security & Management → Management Tools → " +
          'Conversation Archive → Secret "View")',
      };
    case "app":
      return {
        kind: "app",
        agentId: p.agentId,
        name: `app ${p.agentId} secret`,
        configKey: `wecom:appSecrets["${p.agentId}"]`,
        consolePath:
          `应用管理 → 应用 → 自建 → 〔应用 ${p.agentId}〕 → Secret「查看」「发送」 (App Management → Apps → ` +
          `Self-built → [app ${p.agentId}] → Secret → View → Send; the secret arrives in the admin's WeCom client)`,
      };
  }
}
