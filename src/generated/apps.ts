/* eslint-disable */
/**
 * GENERATED from schemas/apps.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * A stable policy key: lowercase letters, digits and hyphens, starting with a letter. 稳定键名。
 */
export type PolicyKey = string;
/**
 * A WeCom userid that appears in the HR roster. 花名册中的成员 userid。
 */
export type UserId = string;
/**
 * A stable policy key: lowercase letters, digits and hyphens, starting with a letter. 稳定键名。
 */
export type PolicyKey1 = string;
/**
 * A WeCom userid that appears in the HR roster. 花名册中的成员 userid。
 */
export type UserId1 = string;

/**
 * apps.yaml — per self-built app (自建应用): location reporting with its purpose and consent purpose, enter-event reporting, domains, and the declared visible range and admins. 应用设置：位置上报及其目的与同意、进入事件、域名、可见范围与管理员。
 */
export interface AppsFile {
  /**
   * Apps keyed by a stable policy key; apps cannot be created through the API, so each names the agentid of an existing app. 以稳定键名索引的应用。
   */
  apps: {
    [k: string]: App | undefined;
  };
}
/**
 * One self-built app and the settings the policy governs. 一个自建应用。
 */
export interface App {
  /**
   * The app's AgentId (应用管理 → app → AgentId). 应用 AgentId。
   */
  agentid: number;
  /**
   * App name as set through agent/set. 应用名称。
   */
  name?: string;
  /**
   * App description, 4–120 characters (WeCom's limit). 应用介绍（4–120 字）。
   */
  description?: string;
  /**
   * Location reporting (上报地理位置) and why it is needed (WC.LOC.1, WC.LOC.2). 地理位置上报设置。
   */
  location: {
    /**
     * off = never; on-enter = when the member enters the app (report_location_flag 1); continuous = every 5 s while in the app. 上报方式。
     */
    mode: "off" | "on-enter" | "continuous";
    /**
     * Why the app collects location (PIPL Art. 17 notice content). 收集位置的目的。
     */
    purpose?: string;
    consent_purpose?: PolicyKey;
    /**
     * Id of the personal information protection impact assessment in records.yaml (PIPL Art. 55). 个人信息保护影响评估记录编号。
     */
    pia?: string;
    /**
     * Date the current mode took (or takes) effect; the PIA must be dated before it. 该设置生效日期。
     */
    since?: string;
  };
  /**
   * Report enter-app events to the app's callback (isreportenter). Default false. 是否上报进入应用事件。
   */
  report_enter?: boolean;
  /**
   * Trusted redirect domain (可信域名), a bare host; must be an approved domain (WC.XB.2). 可信域名。
   */
  redirect_domain?: string;
  /**
   * App home page URL (应用主页); its host must be an approved domain (WC.XB.2). 应用主页。
   */
  home_url?: string;
  /**
   * The app processes sensitive personal information; its admins are watched more closely (WC.ACC.2). Default false. 是否处理敏感个人信息。
   */
  sensitive_data?: boolean;
  /**
   * Most admins the app may have (WC.ACC.2). 管理员人数上限。
   */
  max_admins?: number;
  /**
   * Declared visible range (可见范围), observed only: WeCom lets only the console change it. 可见范围（仅可在管理后台修改）。
   */
  visible_range: {
    /**
     * Roster userids. 成员 userid。
     */
    users?: UserId[];
    /**
     * Department ids declared in tenant.yaml. 部门 id。
     *
     * Items: A department id. 部门 id。
     */
    departments?: number[];
    /**
     * WeCom tag ids of tags not managed as roles. 未作为角色管理的标签 id。
     *
     * Items: A WeCom tag id. 标签 id。
     */
    tags?: number[];
    /**
     * Keys of roles in roles.yaml whose tags are in the range. roles.yaml 中的角色键名。
     */
    roles?: PolicyKey1[];
  };
  /**
   * Declared app admins (应用管理员), observed only. 应用管理员（仅可在管理后台修改）。
   *
   * Items: One admin. 一名管理员。
   */
  admins?: {
    userid: UserId1;
    /**
     * The admin's rights: manage (管理权限) or message (发消息权限, may only send messages). The same two words from policy to wire; only the WeCom client maps them to WeCom's auth_type 1 and 0. 管理员权限：manage（管理）或 message（发消息）。
     */
    auth_type: "manage" | "message";
  }[];
}
