/* eslint-disable */
/**
 * GENERATED from schemas/resources/archive-scope.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * A WeCom userid. 企业微信 userid。
 */
export type Userid = string;

/**
 * Who has message archiving (会话内容存档) on. Observed: msgaudit/get_permit_user_list reads it with the archive secret; only the console sets it. One per tenant, id "archive". 开启会话内容存档的成员。仅观测：只能在管理后台设置。每个企业一个，id 为 "archive"。
 */
export interface ArchiveScopeInputs {
  /**
   * Userids whose chats are archived; a set. 开启存档的成员 userid 集合。
   */
  members: Userid[];
}

/**
 * The state of a wecom:index:ArchiveScope: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface ArchiveScopeState {
  /**
   * Userids whose chats are archived; a set. 开启存档的成员 userid 集合。
   */
  members: Userid[];
}

/** wecom:index:ArchiveScope: its token, its state properties, and those only the provider writes. */
export const ARCHIVE_SCOPE = {
  name: "ArchiveScope",
  token: "wecom:index:ArchiveScope",
  stateProperties: ["members"],
  outputOnly: [],
} as const;
