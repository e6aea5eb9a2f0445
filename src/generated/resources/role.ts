/* eslint-disable */
/**
 * GENERATED from schemas/resources/role.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * A WeCom userid: 1–64 of 0-9 A-Z a-z _ - @ ., starting with a letter or digit. 企业微信 userid。
 */
export type Userid = string;

/**
 * A WeCom tag (标签) used as a role: its name, member userids and departments. Managed: tag/create, tag/update, addtagusers/deltagusers; the id is the WeCom tagid. Deleting the resource releases an imported or adopted tag (it stays in WeCom) and deletes a tag the stack created (tag/delete), unless onRemoval says otherwise. 用作角色的企业微信标签：名称、成员 userid 与部门。受管资源，id 为标签 tagid；删除资源时导入或接管的标签只释放（保留在企业微信中），由本 stack 创建的标签被删除，onRemoval 另有规定的除外。
 */
export interface RoleInputs {
  /**
   * The tag name, 1–32 characters. 标签名，1–32 个字符。
   */
  name: string;
  /**
   * Member userids; a set: order does not matter, userids are case-insensitive. 成员 userid 集合（不计顺序，不区分大小写）。
   */
  members: Userid[];
  /**
   * Department ids whose members hold the role; a set. Default: none. 持有该角色的部门 id 集合，默认无。
   */
  departments?: number[];
  /**
   * What happens to the tag when the role leaves the policy: "release" (the resource leaves the stack, the tag and its members stay in WeCom) or "delete" (tag/delete). Default: release for an adopted tag (pulumi import, the import option), delete for a tag the stack created. 角色移出策略时如何处理标签：release 只释放（标签及成员保留在企业微信中），delete 删除标签。默认：接管的标签释放，本 stack 创建的标签删除。
   */
  onRemoval?: "release" | "delete";
}

/**
 * The state of a wecom:index:Role: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface RoleState {
  /**
   * The tag name, 1–32 characters. 标签名，1–32 个字符。
   */
  name: string;
  /**
   * Member userids; a set: order does not matter, userids are case-insensitive. 成员 userid 集合（不计顺序，不区分大小写）。
   */
  members: Userid[];
  /**
   * Department ids whose members hold the role; a set. Default: none. 持有该角色的部门 id 集合，默认无。
   */
  departments?: number[];
  /**
   * What happens to the tag when the role leaves the policy: "release" (the resource leaves the stack, the tag and its members stay in WeCom) or "delete" (tag/delete). Default: release for an adopted tag (pulumi import, the import option), delete for a tag the stack created. 角色移出策略时如何处理标签：release 只释放（标签及成员保留在企业微信中），delete 删除标签。默认：接管的标签释放，本 stack 创建的标签删除。
   */
  onRemoval?: "release" | "delete";
  /**
   * The WeCom tagid, assigned by WeCom when the tag is created. 企业微信分配的标签 id。
   */
  tagId: number;
  /**
   * Whether the tag existed before the stack managed it (pulumi import, or the import option): then deleting the resource releases the tag and never calls tag/delete. 标签是否在纳入 stack 之前已存在（导入或接管）：是则删除资源时只释放，不删除标签。
   */
  adopted: boolean;
}

/** wecom:index:Role: its token, its state properties, and those only the provider writes. */
export const ROLE = {
  name: "Role",
  token: "wecom:index:Role",
  stateProperties: ["name", "members", "departments", "onRemoval", "tagId", "adopted"],
  outputOnly: ["tagId", "adopted"],
} as const;
