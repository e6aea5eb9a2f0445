/* eslint-disable */
/**
 * GENERATED from schemas/resources/member-status.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * Leavers from the HR roster are cut off: disabled once their leave date has ended (China Standard Time), deleted after deleteAfterDays if set. It never touches a member absent from the roster (`wecom-policy drift` lists them in membersNotInRoster). The roster travels as a digest and a count, so the resource grows with the leavers, not with the company. One resource per roster, batched; id "members". 人事花名册中的离职人员在离职日结束后被禁用，设置 deleteAfterDays 时到期删除；不在花名册中的成员从不处理（`wecom-policy drift` 在 membersNotInRoster 中列出）。花名册仅以摘要和人数传递。每份花名册一个资源，id 为 "members"。
 */
export interface MemberStatusInputs {
  /**
   * SHA-256 of the HR roster's userids, lower-cased, unique, sorted and joined by newlines ("sha256:" + 64 hex digits): a changed roster is a recorded change without the whole roster in every call. 花名册 userid（小写、去重、排序、换行连接）的 SHA-256 摘要。
   */
  rosterDigest: string;
  /**
   * How many userids the roster holds. 花名册人数。
   */
  rosterSize: number;
  /**
   * Members who leave, each with the last working day. 离职人员及其最后工作日。
   */
  leavers: Leaver[];
  /**
   * Hours after the leave date ends within which a leaver must be disabled (the SLA reported in overdue). 离职日结束后须在多少小时内禁用。
   */
  disableWithinHours: number;
  /**
   * Days after the leave date ends after which a leaver is deleted; omit to never delete. 离职日结束多少天后删除成员；省略则不删除。
   */
  deleteAfterDays?: number;
  /**
   * At most this many leavers are disabled in one run; above it the preview and the update fail before any write, listing them. Default: no limit. 每次运行最多禁用的离职人员数；超过则预览和更新在任何写入前失败并列出名单。默认不限。
   */
  maxDisables?: number;
  /**
   * At most this many leavers are deleted (user/delete) in one run; above it the preview and the update fail before any write, listing them. Default: no limit. 每次运行最多删除的离职人员数；超过则预览和更新在任何写入前失败并列出名单。默认不限。
   */
  maxDeletes?: number;
}
/**
 * One leaver: a userid of the roster and the last working day. 一名离职人员：花名册中的 userid 及最后工作日。
 */
export interface Leaver {
  /**
   * The leaver's userid; a row of the roster. 离职人员 userid（花名册中的一行）。
   */
  userId: string;
  /**
   * The last working day, YYYY-MM-DD. 最后工作日。
   */
  leaveDate: string;
}

/**
 * The state of a wecom:index:MemberStatus: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface MemberStatusState {
  /**
   * SHA-256 of the HR roster's userids, lower-cased, unique, sorted and joined by newlines ("sha256:" + 64 hex digits): a changed roster is a recorded change without the whole roster in every call. 花名册 userid（小写、去重、排序、换行连接）的 SHA-256 摘要。
   */
  rosterDigest: string;
  /**
   * How many userids the roster holds. 花名册人数。
   */
  rosterSize: number;
  /**
   * Members who leave, each with the last working day. 离职人员及其最后工作日。
   */
  leavers: Leaver[];
  /**
   * Hours after the leave date ends within which a leaver must be disabled (the SLA reported in overdue). 离职日结束后须在多少小时内禁用。
   */
  disableWithinHours: number;
  /**
   * Days after the leave date ends after which a leaver is deleted; omit to never delete. 离职日结束多少天后删除成员；省略则不删除。
   */
  deleteAfterDays?: number;
  /**
   * At most this many leavers are disabled in one run; above it the preview and the update fail before any write, listing them. Default: no limit. 每次运行最多禁用的离职人员数；超过则预览和更新在任何写入前失败并列出名单。默认不限。
   */
  maxDisables?: number;
  /**
   * At most this many leavers are deleted (user/delete) in one run; above it the preview and the update fail before any write, listing them. Default: no limit. 每次运行最多删除的离职人员数；超过则预览和更新在任何写入前失败并列出名单。默认不限。
   */
  maxDeletes?: number;
  /**
   * Leavers disabled in WeCom (in inputs: those who must be disabled today). 已禁用的离职人员（输入中：今天须禁用者）。
   *
   * Items: A leaver's userid. 离职人员 userid。
   */
  disabled: string[];
  /**
   * Leavers deleted from WeCom (in inputs: those who must be deleted today). 已删除的离职人员（输入中：今天须删除者）。
   *
   * Items: A leaver's userid. 离职人员 userid。
   */
  deleted: string[];
  /**
   * Leavers still active past disableWithinHours. 超过时限仍未禁用的离职人员。
   *
   * Items: A leaver's userid. 离职人员 userid。
   */
  overdue: string[];
}

/** wecom:index:MemberStatus: its token, its state properties, and those only the provider writes. */
export const MEMBER_STATUS = {
  name: "MemberStatus",
  token: "wecom:index:MemberStatus",
  stateProperties: [
    "rosterDigest",
    "rosterSize",
    "leavers",
    "disableWithinHours",
    "deleteAfterDays",
    "maxDisables",
    "maxDeletes",
    "disabled",
    "deleted",
    "overdue",
  ],
  outputOnly: ["disabled", "deleted", "overdue"],
} as const;
