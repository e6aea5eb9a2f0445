/* eslint-disable */
/**
 * GENERATED from schemas/resources/member-status.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * A WeCom userid. 企业微信 userid。
 */
export type Userid = string;

/**
 * Leavers from the HR roster are cut off: disabled once their leave date has ended (China Standard Time), deleted after deleteAfterDays if set. Members active in WeCom but absent from the roster are reported in unrostered, never touched. One resource per roster, batched; id "members". 人事花名册中的离职人员在离职日结束后被禁用，设置 deleteAfterDays 时到期删除；不在花名册中的成员只报告不处理。每份花名册一个资源，id 为 "members"。
 */
export interface MemberStatusInputs {
  /**
   * Every userid in the HR roster (it decides who is unrostered). 花名册中的全部 userid。
   */
  roster: Userid[];
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
 * One leaver. 一名离职人员。
 */
export interface Leaver {
  /**
   * A WeCom userid. 企业微信 userid。
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
   * Every userid in the HR roster (it decides who is unrostered). 花名册中的全部 userid。
   */
  roster: Userid[];
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
   */
  disabled: Userid[];
  /**
   * Leavers deleted from WeCom (in inputs: those who must be deleted today). 已删除的离职人员（输入中：今天须删除者）。
   */
  deleted: Userid[];
  /**
   * Leavers still active past disableWithinHours. 超过时限仍未禁用的离职人员。
   */
  overdue: Userid[];
  /**
   * Members in WeCom but not in the roster; reported, never touched. 企业微信中有但花名册中没有的成员，只报告。
   */
  unrostered: Userid[];
}

/** wecom:index:MemberStatus: its token, its state properties, and those only the provider writes. */
export const MEMBER_STATUS = {
  name: "MemberStatus",
  token: "wecom:index:MemberStatus",
  stateProperties: [
    "roster",
    "leavers",
    "disableWithinHours",
    "deleteAfterDays",
    "maxDisables",
    "maxDeletes",
    "disabled",
    "deleted",
    "overdue",
    "unrostered",
  ],
  outputOnly: ["disabled", "deleted", "overdue", "unrostered"],
} as const;
