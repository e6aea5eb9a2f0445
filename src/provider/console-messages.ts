/**
 * The provider's messages that send an admin to the console: a setting the API cannot write, a secret that
 * is not configured. The paths themselves live in src/wecom/console-paths.ts.
 */
import type { Bilingual } from "../text";
import type { ConsolePath } from "../wecom/console-paths";

/** "<what> — change it by hand at: <path>" in both languages, one per line. */
export function consoleMessage(what: Bilingual, where: ConsolePath): string {
  return (
    `${what.en} — the WeCom API cannot change this; change it by hand in the admin console at: ${where.en}\n` +
    `${what.zh} —— 企业微信 API 无法修改此项，请管理员在管理后台手工修改：${where.zh}`
  );
}

/** The check failure for a resource whose secret is not configured. */
export function missingSecret(what: Bilingual & { configKey: string }, where: ConsolePath): string {
  return (
    `${what.en} is not configured: set it with \`pulumi config set --secret ${what.configKey} …\` (or its environment variable). WeCom shows it at ${where.en}.\n` +
    `未配置${what.zh}：请运行 \`pulumi config set --secret ${what.configKey} …\`（或设置对应环境变量）。企业微信管理后台位置：${where.zh}`
  );
}
