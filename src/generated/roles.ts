/* eslint-disable */
/**
 * GENERATED from schemas/roles.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * Roster userid accountable for the membership of this role (WC.ACC.1). 角色负责人。
 */
export type UserId = string;
/**
 * A WeCom userid (成员账号) that appears in the HR roster. 企业微信成员 userid，须在人事花名册中。
 */
export type UserId1 = string;
/**
 * A stable policy key: lowercase letters, digits and hyphens, starting with a letter. 稳定键名。
 */
export type PolicyKey = string;

/**
 * roles.yaml — WeCom tags used as roles (角色): who holds them, why, who owns them, which departments and apps they cover. 角色（企业微信标签）：成员、用途、负责人、部门与授予的应用。
 */
export interface RolesFile {
  /**
   * Roles keyed by a stable policy key (lowercase, digits, hyphens); the key becomes the Pulumi logical name, never the WeCom tag id. 以稳定键名索引的角色。
   */
  roles: {
    [k: string]: Role | undefined;
  };
}
/**
 * One role, realised as a WeCom tag (标签). 一个角色，对应一个企业微信标签。
 */
export interface Role {
  /**
   * The WeCom tag name (标签名), at most 32 characters, unique in the tenant. 标签名称。
   */
  tag_name: string;
  /**
   * Existing WeCom tag id to adopt (import); leave out for a tag that is still to be created. 要纳管的已有标签 id。
   */
  tag_id?: number;
  /**
   * What `pulumi up` does to the WeCom tag once this role is removed from roles.yaml: `release` (the tag and its members stay in WeCom, no longer managed) or `delete` (tag/delete). Default: `release` for an adopted tag (one that existed before the stack: `tag_id`, `pulumi import`), `delete` for a tag the stack created. To delete an adopted tag, set `delete`, run `pulumi up` (it records the choice and writes nothing to WeCom), then remove the role. 角色从 roles.yaml 移除后如何处理企业微信标签：release 只释放（标签及成员保留），delete 删除标签。默认：接管的标签（tag_id 或 pulumi import）释放，本 stack 创建的标签删除。要删除接管的标签：先设为 delete 并运行 pulumi up（只记录选择，不写企业微信），再移除该角色。
   */
  on_removal?: "release" | "delete";
  /**
   * Why the role exists and what it allows (PIPL Art. 51 access control, WC.ACC.1). 角色用途。
   */
  purpose: string;
  owner: UserId;
  /**
   * Roster userids holding the role; order does not matter. 角色成员 userid 列表。
   */
  members: UserId1[];
  /**
   * Department ids (from tenant.yaml) whose members all hold the role. 整体授予角色的部门 id。
   *
   * Items: A department id declared in tenant.yaml. 部门 id。
   */
  departments?: number[];
  /**
   * Keys of apps in apps.yaml this role is meant to grant. 该角色授予的应用键名。
   */
  apps?: PolicyKey[];
}
