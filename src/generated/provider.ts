/* eslint-disable */
/**
 * GENERATED from schemas/provider.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * The wecom provider's configuration: stack config keys wecom:<key>. Secrets are Pulumi secrets (x-secret); each key falls back to an environment variable (x-env) so CI can inject secrets without writing them anywhere. wecom provider 的配置（stack 配置 wecom:<key>）；密钥为 Pulumi secret，每项可由环境变量提供。
 */
export interface ProviderConfig {
  /**
   * The corp id (我的企业 → 企业信息 → 企业ID). 企业ID。
   */
  corpId: string;
  /**
   * The contacts-sync secret (安全与管理 → 管理工具 → 通讯录同步 → Secret): roles, members. 通讯录同步 Secret：角色与成员。
   */
  corpSecret?: string;
  /**
   * Another name for corpSecret, used when corpSecret is not set. corpSecret 的别名。
   */
  contactsSecret?: string;
  /**
   * JSON object mapping each agentid to its app secret; an app token reads and sets only its own app. 各应用 AgentId 到其 Secret 的 JSON 对象。
   */
  appSecrets?: string;
  /**
   * The message-archive (会话内容存档) secret: the archive range. 会话内容存档 Secret。
   */
  archiveSecret?: string;
  /**
   * The check-in (打卡) app's secret: the self-built app listed under 打卡 → 可调用接口的应用, for CheckinRule and the check-in reads of audit and drift. 可调用打卡接口的应用 Secret。
   */
  checkinSecret?: string;
  /**
   * The app allowed to read the admin and member operation logs (its secret in appSecrets). 可调用安全日志接口的应用。
   */
  securityAgentId?: number;
  /**
   * The app listed in 客户联系 “可调用应用” (customer hand-over; its secret in appSecrets). 客户联系可调用应用。
   */
  customerAgentId?: number;
  /**
   * The WeCom API endpoint; default https://qyapi.weixin.qq.com, the sandbox's URL for the demo. 企业微信 API 地址。
   */
  baseUrl?: string;
  /**
   * Longest wait for one HTTP exchange with WeCom, answer body included, in milliseconds; default 30000. 单次 HTTP 请求（含响应体）的超时（毫秒），默认 30000。
   */
  httpTimeoutMs?: number;
  /**
   * Longest wait for one WeCom call with all its retries and read-backs, in milliseconds; default 60000. 单个调用（含重试与回读）的总时限（毫秒），默认 60000。
   */
  operationDeadlineMs?: number;
  /**
   * Largest WeCom answer read, in bytes (counted while it arrives; a larger one fails the call); default 33554432 (32 MiB). 读取的最大响应体（字节），默认 32 MiB。
   */
  maxResponseBytes?: number;
}
