/**
 * Which WeCom credential a call uses, and how to tell a person where to find it. WeCom issues one
 * token per secret (wecom-api.md §0); the client keys its token cache and its error messages on the
 * principal. Console paths come from shared/reference/wecom-console.md.
 */

/** A secret principal: the contacts-sync secret, one app's secret, or the archive secret. */
import { CONSOLE, forApp, inline } from "./console-paths";
import type { EndpointName } from "./wire";

export type PrincipalRef =
  | { readonly kind: "contacts" }
  | { readonly kind: "archive" }
  | { readonly kind: "checkin" }
  | { readonly kind: "app"; readonly agentId: number };

export const CONTACTS: PrincipalRef = { kind: "contacts" };
export const ARCHIVE: PrincipalRef = { kind: "archive" };
/** The check-in app (打卡 →「可调用接口的应用」): checkin/* endpoints (path/98041, path/93384). */
export const CHECKIN: PrincipalRef = { kind: "checkin" };

export function appPrincipal(agentId: number): PrincipalRef {
  return { kind: "app", agentId };
}

/** Stable, secret-free label used as the token-cache key, in errors and in `onCall` events. */
export function principalLabel(p: PrincipalRef): string {
  return p.kind === "app" ? `app:${p.agentId}` : p.kind;
}

/** A credential a person can fix: what it is, the provider config key, and where WeCom shows it. */
export interface CredentialRef {
  readonly kind: "corpId" | "contacts" | "archive" | "checkin" | "app";
  readonly agentId?: number;
  /** Human name, e.g. "contacts-sync secret" or "app 1000005 secret". */
  readonly name: string;
  /** The Pulumi provider config key that holds it. */
  readonly configKey: string;
  /** Admin console path, Chinese then English. */
  readonly consolePath: string;
}

export const CORP_ID_CREDENTIAL: CredentialRef = {
  kind: "corpId",
  name: "corp id",
  configKey: "wecom:corpId",
  consolePath: inline(CONSOLE.corpId),
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
      return inline(CONSOLE.contactsTrustedIp);
    case "archive":
      return inline(CONSOLE.archiveTrustedIp);
    case "checkin":
      return inline(CONSOLE.checkinTrustedIp);
    case "app":
      return inline(forApp(CONSOLE.appTrustedIp, p.agentId));
  }
}

/** The credential to add when no app is configured for a delegated role (securityAgentId, customerAgentId). */
export function delegatedCredential(role: DelegatedRole): CredentialRef {
  return role === "security"
    ? {
        kind: "app",
        name: "app for the security log APIs",
        configKey: "wecom:securityAgentId (and that app's secret in wecom:appSecrets)",
        consolePath: inline(CONSOLE.securityLogApps),
      }
    : {
        kind: "app",
        name: "app for the customer-contact APIs",
        configKey: "wecom:customerAgentId (and that app's secret in wecom:appSecrets)",
        consolePath: inline(CONSOLE.customerContactApps),
      };
}

export function credentialOf(p: PrincipalRef): CredentialRef {
  switch (p.kind) {
    case "contacts":
      return {
        kind: "contacts",
        name: "contacts-sync secret",
        configKey: "wecom:corpSecret (or wecom:contactsSecret)",
        consolePath: inline(CONSOLE.contactsSecret),
      };
    case "archive":
      return {
        kind: "archive",
        name: "message-archive secret",
        configKey: "wecom:archiveSecret",
        consolePath: inline(CONSOLE.archiveSecret),
      };
    case "checkin":
      return {
        kind: "checkin",
        name: "check-in app secret",
        configKey: "wecom:checkinSecret (WECOM_CHECKIN_SECRET)",
        consolePath: `${inline(CONSOLE.checkinApiApps)}; ${inline(CONSOLE.checkinSecret)}`,
      };
    case "app":
      return {
        kind: "app",
        agentId: p.agentId,
        name: `app ${p.agentId} secret`,
        configKey: `wecom:appSecrets["${p.agentId}"]`,
        consolePath: inline(forApp(CONSOLE.appSecret, p.agentId)),
      };
  }
}
