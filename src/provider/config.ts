/**
 * Provider configuration: stack config in the `wecom:` namespace (secrets stay Pulumi secrets), with the
 * environment as fallback so a CI job can inject the secret without writing it into any file.
 *
 *   wecom:corpId          WECOM_CORP_ID          corp id (not secret)
 *   wecom:corpSecret      WECOM_CORP_SECRET      the contacts-sync secret (alias: wecom:contactsSecret)
 *   wecom:archiveSecret   WECOM_ARCHIVE_SECRET   会话内容存档 secret
 *   wecom:checkinSecret   WECOM_CHECKIN_SECRET   the app allowed to call the check-in (打卡) APIs
 *   wecom:appSecrets      WECOM_APP_SECRETS      JSON map agentid → app secret
 *   wecom:securityAgentId WECOM_SECURITY_AGENT_ID app allowed to call the security log APIs
 *   wecom:customerAgentId WECOM_CUSTOMER_AGENT_ID app allowed to call the customer-contact APIs
 *   wecom:baseUrl         WECOM_BASE_URL         default https://qyapi.weixin.qq.com
 *   wecom:httpTimeoutMs   WECOM_HTTP_TIMEOUT_MS  one HTTP exchange, body included (default 30 000)
 *   wecom:operationDeadlineMs WECOM_OPERATION_DEADLINE_MS one call with its retries (default 60 000)
 *   wecom:maxResponseBytes WECOM_MAX_RESPONSE_BYTES largest answer read (default 32 MiB)
 *   (environment only)    WECOM_POLICY_READ_ONLY=1 refuse every write endpoint (drift checks)
 *   (environment only)    WECOM_POLICY_BUDGET_SOCKET the run's shared call budget (src/wecom/budget-share.ts)
 */
import { CONSOLE } from "../wecom/console-paths";
import type { WecomClientOptions } from "../wecom";
import { unwrapSecrets, type PropertyMap } from "./props";
import { ConfigError } from "./types";

export const DEFAULT_BASE_URL = "https://qyapi.weixin.qq.com";

/**
 * The secrets' stack config keys and the environment variables that stand in for them, as parseConfig reads
 * them: named in `check`'s missing-secret failures (console-messages.ts) and in the tenant reader's gaps
 * (src/tenant/read.ts).
 */
export const SECRET_KEYS = {
  contacts: { configKey: "wecom:corpSecret", envName: "WECOM_CORP_SECRET" },
  archive: { configKey: "wecom:archiveSecret", envName: "WECOM_ARCHIVE_SECRET" },
  checkin: { configKey: "wecom:checkinSecret", envName: "WECOM_CHECKIN_SECRET" },
} as const;

export interface ProviderConfig {
  corpId: string;
  baseUrl: string;
  contactsSecret?: string;
  archiveSecret?: string;
  /** The check-in app's secret (CheckinRule; the check-in reads of audit and drift). */
  checkinSecret?: string;
  appSecrets: Record<string, string>;
  securityAgentId?: number;
  customerAgentId?: number;
  readOnly: boolean;
  /** HTTP limits; the client's defaults (DEFAULT_HTTP_LIMITS in src/wecom/transport.ts) when absent. */
  httpTimeoutMs?: number;
  operationDeadlineMs?: number;
  maxResponseBytes?: number;
  /** The run's budget coordinator, set by the wecom-policy CLI that started pulumi (environment only). */
  budgetSocket?: string;
}

/** The limits of `cfg` as WeCom client options (only those set). */
export function httpLimits(
  cfg: ProviderConfig,
): Pick<WecomClientOptions, "timeoutMs" | "deadlineMs" | "maxResponseBytes"> {
  return {
    ...(cfg.httpTimeoutMs !== undefined && { timeoutMs: cfg.httpTimeoutMs }),
    ...(cfg.operationDeadlineMs !== undefined && { deadlineMs: cfg.operationDeadlineMs }),
    ...(cfg.maxResponseBytes !== undefined && { maxResponseBytes: cfg.maxResponseBytes }),
  };
}

/**
 * `args` is the provider's inputs (secrets wrapped); `variables` the deprecated "wecom:config:key" map.
 * Config values arrive as strings or, from `args`, as JSON values.
 */
export function parseConfig(
  args: PropertyMap,
  variables: Record<string, string>,
  env: NodeJS.ProcessEnv,
): ProviderConfig {
  const plain = unwrapSecrets(args) as PropertyMap;
  const get = (key: string, envName: string): string | undefined => {
    const v = plain[key] ?? variables[`wecom:config:${key}`] ?? variables[`wecom:${key}`];
    if (v !== undefined && v !== null && v !== "") return typeof v === "string" ? v : JSON.stringify(v);
    const e = env[envName];
    return e === undefined || e === "" ? undefined : e;
  };
  const corpId = get("corpId", "WECOM_CORP_ID");
  if (!corpId)
    throw new ConfigError(
      `wecom:corpId is not set. Set it with \`pulumi config set wecom:corpId <corpid>\` or WECOM_CORP_ID; WeCom shows it at ${CONSOLE.corpId.en} (${CONSOLE.corpId.zh}).\n` +
        `未设置 wecom:corpId：请运行 \`pulumi config set wecom:corpId <corpid>\` 或设置环境变量 WECOM_CORP_ID；企业ID 见管理后台 ${CONSOLE.corpId.zh}。`,
    );
  const appSecretsRaw = get("appSecrets", "WECOM_APP_SECRETS");
  let appSecrets: Record<string, string> = {};
  if (appSecretsRaw) {
    try {
      const parsed: unknown = JSON.parse(appSecretsRaw);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      appSecrets = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      throw new ConfigError(
        'wecom:appSecrets must be a JSON object mapping agentid to secret, e.g. {"1000002":"…"} (the value is not shown here).\n' +
          "wecom:appSecrets 必须是 agentid 到 Secret 的 JSON 对象（此处不显示其值）。",
      );
    }
  }
  const num = (key: string, envName: string): number | undefined => {
    const v = get(key, envName);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0)
      throw new ConfigError(
        `wecom:${key} must be an agentid (a positive integer), got ${JSON.stringify(v)} / wecom:${key} 必须是应用 AgentId`,
      );
    return n;
  };
  const limit = (key: string, envName: string, min: number): number | undefined => {
    const v = get(key, envName);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new ConfigError(
        `wecom:${key} (${envName}) must be a whole number ≥ ${min}, got ${JSON.stringify(v)} / wecom:${key} 必须是不小于 ${min} 的整数`,
      );
    return n;
  };
  const cfg: ProviderConfig = {
    corpId,
    baseUrl: (get("baseUrl", "WECOM_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    appSecrets,
    readOnly: env["WECOM_POLICY_READ_ONLY"] === "1" || env["WECOM_POLICY_READ_ONLY"] === "true",
  };
  // Literal keys, as every read here: test/unit/docs/config-keys.test.ts finds the keys by these calls, and
  // checks SECRET_KEYS against them.
  const contacts = get("corpSecret", "WECOM_CORP_SECRET") ?? get("contactsSecret", "WECOM_CONTACTS_SECRET");
  if (contacts) cfg.contactsSecret = contacts;
  const archive = get("archiveSecret", "WECOM_ARCHIVE_SECRET");
  if (archive) cfg.archiveSecret = archive;
  const checkin = get("checkinSecret", "WECOM_CHECKIN_SECRET");
  if (checkin) cfg.checkinSecret = checkin;
  const sec = num("securityAgentId", "WECOM_SECURITY_AGENT_ID");
  if (sec !== undefined) cfg.securityAgentId = sec;
  const cust = num("customerAgentId", "WECOM_CUSTOMER_AGENT_ID");
  if (cust !== undefined) cfg.customerAgentId = cust;
  const timeout = limit("httpTimeoutMs", "WECOM_HTTP_TIMEOUT_MS", 100);
  if (timeout !== undefined) cfg.httpTimeoutMs = timeout;
  const deadline = limit("operationDeadlineMs", "WECOM_OPERATION_DEADLINE_MS", 100);
  if (deadline !== undefined) cfg.operationDeadlineMs = deadline;
  const maxBytes = limit("maxResponseBytes", "WECOM_MAX_RESPONSE_BYTES", 1024);
  if (maxBytes !== undefined) cfg.maxResponseBytes = maxBytes;
  const budgetSocket = env["WECOM_POLICY_BUDGET_SOCKET"];
  if (budgetSocket) cfg.budgetSocket = budgetSocket;
  return cfg;
}
