/**
 * The provider's messages that send an admin to the console: a setting the API cannot write, a secret that
 * is not configured. The paths themselves live in src/wecom/console-paths.ts.
 */
import { zh, type Bilingual } from "../text";
import { CONSOLE, forApp, type ConsolePath } from "../wecom/console-paths";
import { SECRET_KEYS } from "./config";
import type { CheckFailure, ProviderContext } from "./types";

/** "<what> — change it by hand at: <path>" in both languages, one per line. */
export function consoleMessage(what: Bilingual, where: ConsolePath): string {
  return (
    `${what.en} — the WeCom API cannot change this; change it by hand in the admin console at: ${where.en}\n` +
    `${what.zh} —— 企业微信 API 无法修改此项，请管理员在管理后台手工修改：${where.zh}`
  );
}

/** A configuration key a resource needs (README, "Configuration keys"). */
export interface NeededKey extends Bilingual {
  /** The stack config key, e.g. `wecom:archiveSecret`. */
  configKey: string;
  /** The environment variable that stands in for it. */
  envName: string;
  /** What to set when it is not one plain value, e.g. `'{"1000002":"…"}'`. */
  example?: string;
}

/**
 * The check failure for a resource whose secret is not configured: the key, its environment variable and
 * where WeCom shows the secret. Only resources that need a secret ask for it; every other key is optional.
 */
export function missingSecret(what: NeededKey, where: ConsolePath): string {
  const cmd = `pulumi config set --secret ${what.configKey} ${what.example ?? "…"}`;
  return (
    `${what.en} is not configured: set it with \`${cmd}\` (or ${what.envName}). WeCom shows it at ${where.en}.\n` +
    zh`未配置${what.zh}：请运行\`${cmd}\`（或设置环境变量${what.envName}）。企业微信管理后台位置：${where.zh}`
  );
}

/** The secrets a resource may need, each with its key, its variable and where WeCom shows it. */
const SECRETS = {
  contacts: {
    en: "The contacts-sync secret",
    zh: "通讯录同步 Secret",
    ...SECRET_KEYS.contacts,
    where: CONSOLE.contactsSecret,
  },
  archive: {
    en: "The message-archive secret",
    zh: "会话内容存档 Secret",
    ...SECRET_KEYS.archive,
    where: CONSOLE.archiveSecret,
  },
  checkin: {
    en: "The check-in app's secret",
    zh: "打卡应用 Secret",
    ...SECRET_KEYS.checkin,
    where: CONSOLE.checkinSecret,
  },
} as const satisfies Record<string, NeededKey & { where: ConsolePath }>;

/**
 * `check`'s failure when the secret a resource calls WeCom with is not configured (none when it is), with
 * why this resource needs that one.
 */
export function requireSecret(
  ctx: Pick<ProviderContext, "configured">,
  secret: keyof typeof SECRETS,
  why?: Bilingual,
): CheckFailure[] {
  if (ctx.configured()[secret]) return [];
  const { where, ...key } = SECRETS[secret];
  const what = why ? { ...key, en: `${key.en} (${why.en})`, zh: `${key.zh}（${why.zh}）` } : key;
  return [{ property: "", reason: missingSecret(what, where) }];
}

/**
 * The check failure for a resource that calls WeCom as a delegated app (customer contact, security logs)
 * when that app is not configured: its agentid key (not a secret), that app's secret in wecom:appSecrets,
 * and the console's allow-list the app must be on.
 */
export function missingDelegatedApp(
  what: Bilingual & { configKey: string; envName: string; agentId: number | undefined },
  allowList: ConsolePath,
): string {
  if (what.agentId === undefined)
    return (
      `${what.en} is not configured: set its agentid with \`pulumi config set ${what.configKey} <agentid>\` (or ${what.envName}) and its secret in wecom:appSecrets. The app must be listed at ${allowList.en}; WeCom shows an app's AgentId at ${CONSOLE.appAgentId.en}.\n` +
      zh`未配置${what.zh}：请运行\`pulumi config set ${what.configKey} <agentid>\`（或设置环境变量${what.envName}）设置其 AgentId，并在wecom:appSecrets中加入其 Secret。该应用须加入：${allowList.zh}；应用的 AgentId 见：${CONSOLE.appAgentId.zh}`
    );
  return missingSecret(
    {
      en: `The secret of app ${what.agentId} (${what.configKey})`,
      zh: zh`应用${what.agentId}（${what.configKey}）的 Secret`,
      configKey: "wecom:appSecrets",
      envName: "WECOM_APP_SECRETS",
      example: `'{"${what.agentId}":"…"}'`,
    },
    forApp(CONSOLE.appSecret, what.agentId),
  );
}
