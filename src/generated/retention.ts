/* eslint-disable */
/**
 * GENERATED from schemas/retention.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * retention.yaml — how long each class of data is kept, and the leaver deadlines. 各类数据保存期限与离职处理时限。
 */
export interface RetentionFile {
  /**
   * Archived chats (会话存档). 会话存档数据。
   */
  chat_archive: {
    /**
     * Longest time archived chats may be kept, in days; archive.yaml retention_days must not exceed it (PIPL Art. 19, WC.ARC.4). 最长保存天数。
     */
    max_days: number;
  };
  /**
   * Admin operation logs (管理端操作日志). 管理端操作日志。
   */
  admin_logs: {
    /**
     * Kept at least this many days; CSL Art. 23(3) requires six months, checked as 184 days (WC.LOG.1). 最短保存天数。
     */
    min_days: number;
  };
  /**
   * Member operation logs (成员操作日志). 成员操作日志。
   */
  member_logs: {
    /**
     * Kept at least this many days; six months = 184 days (WC.LOG.1). 最短保存天数。
     */
    min_days: number;
  };
  /**
   * The local log archive written by `wecom-policy logs sync`, which keeps logs beyond WeCom's 180-day API window. 本地日志归档（logs sync）。
   */
  log_export: {
    /**
     * Where the log archive is stored (WC.XB.3). 存储地区。
     */
    storage_region: "cn-mainland" | "hk" | "overseas";
    /**
     * Longest allowed gap since the last `logs sync`, in days (WC.LOG.1 checks 7). 两次同步的最长间隔天数。
     */
    max_sync_age_days: number;
  };
  /**
   * Deadlines after a member's leave date (PIPL Arts. 47, 51). 离职处理时限。
   */
  leavers: {
    /**
     * Disable the WeCom account within this many hours after the leave date (WC.LVR.1). 离职后禁用账号的时限（小时）。
     */
    disable_within_hours: number;
    /**
     * Reassign the leaver's customers within this many days (WC.LVR.2). 离职继承客户的时限（天）。
     */
    transfer_customers_within_days: number;
    /**
     * Delete the leaver's account and data after this many days (WC.LVR.3). 删除账号及数据的时限（天）。
     */
    delete_after_days: number;
  };
}
