/** retention.yaml → Retention. No references: every value is a number of days or hours. */
import type { RetentionFile } from "../../generated/retention";
import { refOf } from "../context";
import type { Retention } from "../model";

export const RETENTION_FILE = "retention.yaml";

export function normaliseRetention(data: RetentionFile): Retention {
  const f = RETENTION_FILE;
  return {
    chatArchive: { maxDays: data.chat_archive.max_days, source: refOf(f, "chat_archive") },
    adminLogs: { minDays: data.admin_logs.min_days, source: refOf(f, "admin_logs") },
    memberLogs: { minDays: data.member_logs.min_days, source: refOf(f, "member_logs") },
    logExport: {
      storageRegion: data.log_export.storage_region,
      maxSyncAgeDays: data.log_export.max_sync_age_days,
      source: refOf(f, "log_export"),
    },
    leavers: {
      disableWithinHours: data.leavers.disable_within_hours,
      transferCustomersWithinDays: data.leavers.transfer_customers_within_days,
      deleteAfterDays: data.leavers.delete_after_days,
      source: refOf(f, "leavers"),
    },
    source: refOf(f),
  };
}
