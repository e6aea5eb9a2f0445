/**
 * Where in the WeCom admin console (管理后台, https://work.weixin.qq.com/wework_admin/) an admin changes by
 * hand what the API cannot write, where each secret and trusted-IP list is, and where the logs are shown.
 * The one home of these paths: the provider's failures, the client's credential errors, the catalogue's
 * remediations and the commands all name a path from this table, never a copy (a test checks the
 * catalogue). Data only.
 *
 * Source: shared/reference/wecom-console.md. Since ~2024 "管理工具" sits inside "安全与管理"; the console
 * doc asks tools to show both spellings, so paths under it name the older one too. `〔应用〕` / `[app]` stand
 * for the app; {@link forApp} puts an agentid in.
 */
import type { Bilingual } from "../text";

/** A console path in both languages. */
export type ConsolePath = Bilingual;

export const CONSOLE = {
  // GUESS: wecom-console.md does not list where the corp id is shown; every WeCom setup guide points here.
  corpId: {
    zh: "我的企业 → 企业信息 → 企业ID",
    en: "My Company → Company Info → Corp ID",
  },
  appVisibleRange: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 可见范围 →「编辑」",
    en: "App Management → Apps → Self-built → [app] → Visible range → Edit",
  },
  appAdmins: {
    zh: "我的企业 → 权限管理 → 分级管理员 → 应用权限（「管理权限」/「发消息权限」）",
    en: "My Company → Permission Management → Tiered admin → App permissions (Manage / Send messages)",
  },
  permissionManagement: {
    zh: "我的企业 → 权限管理",
    en: "My Company → Permission Management",
  },
  appLocation: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 接收消息 →「设置API接收」→「上报地理位置」",
    en: "App Management → Apps → Self-built → [app] → Receive messages → Set API receiving → Report location",
  },
  appCreate: {
    zh: "应用管理 → 应用 → 自建 → 创建应用",
    en: "App Management → Apps → Self-built → Create app",
  },
  // GUESS: wecom-console.md does not list it; every WeCom guide shows the AgentId on the app's own page.
  appAgentId: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → AgentId",
    en: "App Management → Apps → Self-built → [app] → AgentId",
  },
  appSecret: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → Secret →「查看」→「发送」",
    en: "App Management → Apps → Self-built → [app] → Secret → View → Send (the secret arrives in the admin's WeCom client)",
  },
  appTrustedIp: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 开发者接口 → 企业可信IP →「配置」",
    en: "App Management → Apps → Self-built → [app] → Developer interfaces → Trusted corporate IPs → Configure",
  },
  appTrustedDomain: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 开发者接口 → 网页授权及JS-SDK →「设置可信域名」",
    en: "App Management → Apps → Self-built → [app] → Developer interfaces → Web authorisation & JS-SDK → Set trusted domain",
  },
  archiveRange: {
    zh: "安全与管理 → 管理工具 → 会话内容存档 →「开启范围」→「修改」（旧版：管理工具 → 会话内容存档）",
    en: "Security & Management → Management Tools → Conversation Archive → Enabled range → Modify (older consoles: Management Tools → Conversation Archive)",
  },
  archiveDeclineOption: {
    zh: "安全与管理 → 管理工具 → 会话内容存档 →「当外部联系人不同意存档时，限制员工提供服务」",
    en: 'Security & Management → Management Tools → Conversation Archive → "Restrict service when the external contact declines archiving"',
  },
  archiveSecret: {
    zh: "安全与管理 → 管理工具 → 会话内容存档 → Secret「查看」（旧版：管理工具 → 会话内容存档）",
    en: "Security & Management → Management Tools → Conversation Archive → Secret → View (older consoles: Management Tools → Conversation Archive)",
  },
  archiveTrustedIp: {
    zh: "安全与管理 → 管理工具 → 会话内容存档 → 可信IP",
    en: "Security & Management → Management Tools → Conversation Archive → Trusted IP",
  },
  contactsSecret: {
    zh: "安全与管理 → 管理工具 → 通讯录同步 → 开启「API接口同步」→ Secret「查看」（旧版：管理工具 → 通讯录同步）",
    en: "Security & Management → Management Tools → Contacts Sync → enable API sync → Secret → View (older consoles: Management Tools → Contacts Sync)",
  },
  contactsCallback: {
    zh: "安全与管理 → 管理工具 → 通讯录同步 →「设置接收事件服务器」→ URL · Token · EncodingAESKey（旧版：管理工具 → 通讯录同步）",
    en: "Security & Management → Management Tools → Contacts Sync → Set event-receiving server → URL · Token · EncodingAESKey (older consoles: Management Tools → Contacts Sync)",
  },
  appCallback: {
    zh: "应用管理 → 应用 → 自建 → 〔应用〕 → 接收消息 →「设置API接收」→ URL · Token · EncodingAESKey",
    en: "App Management → Apps → Self-built → [app] → Receive messages → Set API receiving → URL · Token · EncodingAESKey",
  },
  contactsTrustedIp: {
    zh: "安全与管理 → 管理工具 → 通讯录同步 → 企业可信IP",
    en: "Security & Management → Management Tools → Contacts Sync → Trusted corporate IPs",
  },
  customerContactApps: {
    zh: "客户与上下游 → 客户联系 → 客户 → API →「可调用应用」",
    en: "Customers & Partners → Customer Contact → Customers → API → Apps allowed to call",
  },
  handover: {
    zh: "客户与上下游 → 客户联系 → 离职继承 → 选择离职成员 →「分配给其他成员」",
    en: "Customers & Partners → Customer Contact → Departed-member inheritance → pick member → Assign to another member",
  },
  memberDisable: {
    zh: "通讯录 → 〔成员〕 → 成员详情 →「禁用」",
    en: "Contacts → [member] → Member details → Disable",
  },
  memberDelete: {
    zh: "通讯录 → 〔成员〕 → 成员详情 →「删除」",
    en: "Contacts → [member] → Member details → Delete",
  },
  operationLogs: {
    zh: "管理端「使用分析」→ 管理端操作日志 / 成员操作记录",
    en: 'Console "Usage analytics" → Admin operation log / Member operation records',
  },
  securityLogApps: {
    zh: "使用分析 → API →「可调用接口的应用」（该应用须有「获取管理端操作日志」/「获取成员操作记录」权限）",
    en: 'Usage Analytics → API → "Apps allowed to call the API" (the app needs "get admin operation log" / "get member operation records")',
  },
  // Console-only protections (WC.SEC.2, wecom-console.md "Security management" rows: partly confirmed —
  // the groups and page names are from S19, the exact button labels are not).
  watermark: {
    zh: "安全与管理 → 安全管理 → 信息防泄漏 → 水印设置 → 明水印 / 暗水印",
    en: "Security & Management → Security Management → Leak prevention → Watermark settings → Visible / Invisible watermark",
  },
  fileLeakProtection: {
    zh: "安全与管理 → 安全管理 → 信息防泄漏 → 文件防泄漏（禁止对外分享文件 / 禁止下载）",
    en: "Security & Management → Security Management → Leak prevention → File-leak prevention (block external sharing / block download)",
  },
  screenshotControl: {
    zh: "安全与管理 → 安全管理 → 信息防泄漏 → 截屏/录屏管控",
    en: "Security & Management → Security Management → Leak prevention → Screenshot/recording control",
  },
  deviceManagement: {
    zh: "安全与管理 → 安全管理 → 设备与网络 → 设备管理 →「开启」",
    en: "Security & Management → Security Management → Devices & network → Device management → Enable",
  },
  // GUESS: wecom-console.md has no row for chat intercept rules; the help centre places 敏感词 under
  // 客户联系 → 聊天管理 (official API doc path/95130 names the feature 管理聊天敏感词).
  chatInterceptRules: {
    zh: "客户与上下游 → 客户联系 → 聊天管理 → 敏感词 →〔规则〕→「编辑」",
    en: "Customers & Partners → Customer Contact → Chat management → Sensitive words → [rule] → Edit",
  },
  // Check-in rules (issue 13). path/93384: since 2023-12-01 a self-built app placed in 打卡 →「可调用接口的应用」
  // calls the check-in APIs; older corps may still use the 打卡 app's own secret. GUESS: the exact button
  // labels (wecom-console.md has no 打卡 rows).
  checkinApiApps: {
    zh: "应用管理 → 应用 → 打卡 → API →「可调用接口的应用」→ 添加自建应用",
    en: 'App Management → Apps → Check-in → API → "Apps allowed to call the API" → add the self-built app',
  },
  checkinSecret: {
    zh: "应用管理 → 应用 → 自建 → 〔可调用打卡接口的应用〕 → Secret →「查看」（2023-12-01 前开通的企业：应用管理 → 应用 → 打卡 → API → Secret）",
    en: "App Management → Apps → Self-built → [the app allowed to call the check-in API] → Secret → View (corps from before 2023-12-01: App Management → Apps → Check-in → API → Secret)",
  },
  checkinTrustedIp: {
    zh: "应用管理 → 应用 → 自建 → 〔可调用打卡接口的应用〕 → 开发者接口 → 企业可信IP",
    en: "App Management → Apps → Self-built → [the app allowed to call the check-in API] → Developer interfaces → Trusted corporate IPs",
  },
  checkinRules: {
    zh: "应用管理 → 应用 → 打卡 → 打卡规则 →〔规则〕→「编辑」",
    en: "App Management → Apps → Check-in → Check-in rules → [rule] → Edit",
  },
} as const satisfies Record<string, ConsolePath>;

export type ConsolePathName = keyof typeof CONSOLE;

/**
 * Where an admin changes by hand a property of an observed resource — what the API can read but not write
 * (DESIGN §4): the provider's update failures and the pull-request comment name the same path.
 */
export const OBSERVED_CONSOLE_PATHS = {
  AppAccess: (property: string): ConsolePath =>
    property === "admins" ? CONSOLE.appAdmins : CONSOLE.appVisibleRange,
  ArchiveScope: (): ConsolePath => CONSOLE.archiveRange,
} as const;

/** The console path for an observed resource type's property; undefined when `pulumi up` can write it. */
export function observedConsolePath(type: string, property: string): ConsolePath | undefined {
  const paths: Readonly<Record<string, (property: string) => ConsolePath>> = OBSERVED_CONSOLE_PATHS;
  return Object.hasOwn(paths, type) ? paths[type]!(property) : undefined;
}

/** A path with the app named: `〔应用〕` → `〔应用 1000002〕`, `[app]` → `[app 1000002]`. */
export function forApp(path: ConsolePath, agentId: number | string): ConsolePath {
  return {
    zh: path.zh.replace("〔应用〕", `〔应用 ${agentId}〕`),
    en: path.en.replace("[app]", `[app ${agentId}]`),
  };
}

/** Both languages on one line, for messages that are not split by language: `中文 (English)`. */
export function inline(path: ConsolePath): string {
  return `${path.zh} (${path.en})`;
}
