/**
 * Where in the WeCom admin console (管理后台, https://work.weixin.qq.com/wework_admin/) an admin changes by
 * hand what the API cannot write, and where each secret is shown. From shared/reference/wecom-console.md;
 * since ~2024 "管理工具" sits inside "安全与管理", so both spellings are given where they differ.
 */
import type { Bilingual } from "../text";
/** A console path in both languages. */
export type ConsolePath = Bilingual;

export const CONSOLE = {
  appVisibleRange: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 可见范围 →「编辑」",
    en: "App Management → Apps → Self-built → [app] → Visible range → Edit",
  },
  appAdmins: {
    zh: "我的企业 → 权限管理 → 分级管理员 → 应用权限（「管理权限」/「发消息权限」）",
    en: "My Company → Permission Management → Tiered admin → App permissions (Manage / Send messages)",
  },
  appLocationContinuous: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 接收消息 →「设置API接收」→「上报地理位置」",
    en: "App Management → Apps → Self-built → [app] → Receive messages → Set API receiving → Report location",
  },
  appCreate: {
    zh: "应用管理 → 应用 → 自建 → 创建应用",
    en: "App Management → Apps → Self-built → Create app",
  },
  appSecret: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → Secret →「查看」",
    en: "App Management → Apps → Self-built → [app] → Secret → View",
  },
  archiveRange: {
    zh: "安全与管理 → 管理工具 → 会话内容存档 →「开启范围」→「修改」（旧版：管理工具 → 会话内容存档）",
    en: "Security & Management → Management Tools → Conversation Archive → Enabled range → Modify (older consoles: Management Tools → Conversation Archive)",
  },
  archiveSecret: {
    zh: "安全与管理 → 管理工具 → 会话内容存档 → Secret「查看」",
    en: "Security & Management → Management Tools → Conversation Archive → Secret → View",
  },
  contactsSecret: {
    zh: "安全与管理 → 管理工具 → 通讯录同步 → 开启「API接口同步」→ Secret「查看」",
    en: "Security & Management → Management Tools → Contacts Sync → enable API sync → Secret → View",
  },
  customerContactApps: {
    zh: "客户与上下游 → 客户联系 → 客户 → API →「可调用应用」",
    en: "Customers & Partners → Customer Contact → Customers → API → Apps allowed to call",
  },
  handover: {
    zh: "客户与上下游 → 客户联系 → 离职继承 → 选择离职成员 →「分配给其他成员」",
    en: "Customers & Partners → Customer Contact → Departed-member inheritance → pick member → Assign to another member",
  },
} as const satisfies Record<string, ConsolePath>;

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
