/* eslint-disable */
/**
 * GENERATED from schemas/resources/app-settings.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * The API-writable settings of one self-built app (agent/get, agent/set). Managed but adopted: apps cannot be created by API, so creating this resource adopts an existing app and deleting it forgets the app (never disables it). Only the fields declared are compared and written; the id is the agentid. 自建应用中可由 API 设置的项。受管但为接管：应用无法通过 API 创建，删除本资源只会停止管理，不会停用应用；只比较和写入声明的字段；id 为 AgentId。
 */
export interface AppSettingsInputs {
  /**
   * The app's AgentId; its secret must be in wecom:appSecrets. Changing it replaces the resource. 应用 AgentId，其 Secret 须在 wecom:appSecrets 中；修改即替换。
   */
  agentId: number;
  /**
   * The app name, 1–32 characters. 应用名称，1–32 个字符。
   */
  name?: string;
  /**
   * The app description, 4–120 characters. 应用简介，4–120 个字符。
   */
  description?: string;
  /**
   * Location reporting: off or on-enter. Continuous reporting is neither readable nor writable by API and is refused with the console path. 上报地理位置：off 或 on-enter；持续上报无法通过 API 读写。
   */
  locationMode?: "off" | "on-enter";
  /**
   * Whether entering the app is reported as an event. 是否上报进入应用事件。
   */
  reportEnter?: boolean;
  /**
   * Trusted redirect domain: a bare host name (no scheme, path or port), or empty. 可信域名（不含协议、路径和端口），可为空。
   */
  redirectDomain?: string;
  /**
   * The app's home page: an http(s) URL, or empty. 应用主页，http(s) 地址，可为空。
   */
  homeUrl?: string;
}

/**
 * The state of a wecom:index:AppSettings: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface AppSettingsState {
  /**
   * The app's AgentId; its secret must be in wecom:appSecrets. Changing it replaces the resource. 应用 AgentId，其 Secret 须在 wecom:appSecrets 中；修改即替换。
   */
  agentId: number;
  /**
   * The app name, 1–32 characters. 应用名称，1–32 个字符。
   */
  name?: string;
  /**
   * The app description, 4–120 characters. 应用简介，4–120 个字符。
   */
  description?: string;
  /**
   * Location reporting: off or on-enter. Continuous reporting is neither readable nor writable by API and is refused with the console path. 上报地理位置：off 或 on-enter；持续上报无法通过 API 读写。
   */
  locationMode?: "off" | "on-enter";
  /**
   * Whether entering the app is reported as an event. 是否上报进入应用事件。
   */
  reportEnter?: boolean;
  /**
   * Trusted redirect domain: a bare host name (no scheme, path or port), or empty. 可信域名（不含协议、路径和端口），可为空。
   */
  redirectDomain?: string;
  /**
   * The app's home page: an http(s) URL, or empty. 应用主页，http(s) 地址，可为空。
   */
  homeUrl?: string;
  /**
   * Whether the app is disabled (停用). Observed only: the API can neither enable nor disable an app. 应用是否已停用，仅观测。
   */
  closed: boolean;
}

/** wecom:index:AppSettings: its token, its state properties, and those only the provider writes. */
export const APP_SETTINGS = {
  name: "AppSettings",
  token: "wecom:index:AppSettings",
  stateProperties: [
    "agentId",
    "name",
    "description",
    "locationMode",
    "reportEnter",
    "redirectDomain",
    "homeUrl",
    "closed",
  ],
  outputOnly: ["closed"],
} as const;
