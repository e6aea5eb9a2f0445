/* eslint-disable */
/**
 * GENERATED from schemas/resources/app-access.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * A WeCom userid. 企业微信 userid。
 */
export type Userid = string;
/**
 * The admin's rights: manage or message. 管理员权限：manage 或 message。
 */
export type AdminRights = "manage" | "message";

/**
 * An app's visible range (可见范围) and admins. Observed: agent/get and agent/get_admin_list read them, no API writes them; `up` fails naming the console path when they differ. The id is the agentid. 应用的可见范围与管理员。仅观测：API 只能读取；不一致时 up 失败并给出管理后台路径。id 为 AgentId。
 */
export interface AppAccessInputs {
  /**
   * The app's AgentId; its secret must be in wecom:appSecrets. 应用 AgentId，其 Secret 须在 wecom:appSecrets 中。
   */
  agentId: number;
  visibleRange: VisibleRange;
  /**
   * The app's admins and their rights; a set. 应用管理员及其权限（集合）。
   */
  admins: AppAdmin[];
}
/**
 * Who can see and use the app. 应用可见范围。
 */
export interface VisibleRange {
  /**
   * Member userids. 成员 userid。
   */
  users: Userid[];
  /**
   * Department ids. 部门 id。
   */
  departments: number[];
  /**
   * Tag ids (roles are tags). 标签 id（角色即标签）。
   */
  tags: number[];
}
/**
 * One app admin. 一名应用管理员。
 */
export interface AppAdmin {
  /**
   * A WeCom userid. 企业微信 userid。
   */
  userId: string;
  authType: AdminRights;
}

/**
 * The state of a wecom:index:AppAccess: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface AppAccessState {
  /**
   * The app's AgentId; its secret must be in wecom:appSecrets. 应用 AgentId，其 Secret 须在 wecom:appSecrets 中。
   */
  agentId: number;
  visibleRange: VisibleRange;
  /**
   * The app's admins and their rights; a set. 应用管理员及其权限（集合）。
   */
  admins: AppAdmin[];
}

/** wecom:index:AppAccess: its token, its state properties, and those only the provider writes. */
export const APP_ACCESS = {
  name: "AppAccess",
  token: "wecom:index:AppAccess",
  stateProperties: ["agentId", "visibleRange", "admins"],
  outputOnly: [],
} as const;
