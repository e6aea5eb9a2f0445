/**
 * What each control reads in the policy files, as schema paths (`<schema>#/<field>/…`, `*` for any key of a
 * keyed mapping; `consent-row#` and `people-row#` are the rows of the consent ledger and the HR roster,
 * inline or CSV). `wecom-policy history` and `diff` name, for each change, the controls whose reads it
 * touches. A `Record` over the control ids, so a new control does not compile until it says what it reads;
 * test/unit/rules/reads.test.ts checks every path against schemas/.
 */
import { CONTROL_IDS, type ControlId } from "./catalogue";

export const CONTROL_READS: Readonly<Record<ControlId, readonly string[]>> = {
  "WC.LOC.1v1": ["apps#/apps/*/location", "apps#/apps/*/visible_range", "consent#/purposes", "consent-row#"],
  "WC.LOC.2v1": ["apps#/apps/*/location", "records#/pias"],
  "WC.LOC.3v1": ["apps#/apps/*/location", "apps#/apps/*/visible_range", "consent-row#"],
  "WC.ARC.1v1": [
    "archive#/enabled",
    "archive#/legal_basis",
    "archive#/consent_purpose",
    "archive#/consultation",
    "consent#/purposes",
    "records#/consultations",
  ],
  "WC.ARC.2v1": [
    "archive#/enabled",
    "archive#/members",
    "archive#/legal_basis",
    "archive#/consent_purpose",
    "consent-row#",
  ],
  "WC.ARC.3v1": ["archive#/enabled", "archive#/pia", "records#/pias"],
  "WC.ARC.4v1": [
    "archive#/retention_days",
    "retention#/chat_archive",
    "consent#/purposes/*/max_retention_days",
  ],
  "WC.ARC.5v1": ["archive#/includes_external_contacts", "archive#/members"],
  "WC.LOG.1v1": ["retention#/admin_logs", "retention#/member_logs", "retention#/log_export"],
  "WC.ACC.1v1": [
    "roles#/roles/*/owner",
    "roles#/roles/*/purpose",
    "roles#/roles/*/members",
    "people-row#/status",
    "people-row#/leave_date",
  ],
  "WC.ACC.2v1": ["apps#/apps/*/admins", "apps#/apps/*/max_admins", "apps#/apps/*/sensitive_data"],
  "WC.ACC.3v1": ["apps#/apps/*/admins"],
  "WC.LVR.1v1": ["people-row#/status", "people-row#/leave_date", "retention#/leavers/disable_within_hours"],
  "WC.LVR.2v1": [
    "people-row#/leave_date",
    "people-row#/customer_takeover",
    "retention#/leavers/transfer_customers_within_days",
  ],
  "WC.LVR.3v1": ["people-row#/status", "people-row#/leave_date", "retention#/leavers/delete_after_days"],
  "WC.XB.1v1": ["crossborder#/recipients", "consent#/purposes"],
  "WC.XB.2v1": [
    "apps#/apps/*/redirect_domain",
    "apps#/apps/*/home_url",
    "crossborder#/approved_domains",
    "crossborder#/recipients/*/domains",
  ],
  "WC.XB.3v1": [
    "tenant#/cii_operator",
    "tenant#/data_volumes",
    "tenant#/storage_threshold",
    "archive#/storage_region",
    "retention#/log_export/storage_region",
  ],
  "WC.GOV.1v1": ["tenant#/pi_officer"],
  "WC.GOV.2v1": ["records#/incident_plan"],
  "WC.GOV.3v1": ["records#/trainings", "roles#/roles/*/owner", "apps#/apps/*/admins"],
  "WC.GOV.4v1": ["tenant#/compliance_audit_interval_days"],
  "WC.SEC.1v1": ["protection#/intercept_rules", "protection#/sensitive_roles", "roles#/roles/*/members"],
  "WC.SEC.2v1": ["protection#/attestations", "people-row#/status", "people-row#/leave_date"],
  "WC.CHK.1v1": [
    "checkin#/rules",
    "consent#/purposes",
    "consent-row#",
    "records#/consultations",
    "roles#/roles/*/members",
    "people-row#/department",
    "people-row#/status",
    "people-row#/leave_date",
  ],
  "WC.CHK.2v1": [
    "checkin#/rules",
    "consent#/purposes",
    "consent-row#",
    "records#/pias",
    "records#/consultations",
    "roles#/roles/*/members",
    "people-row#/department",
    "people-row#/status",
    "people-row#/leave_date",
  ],
  "WC.CHK.3v1": ["checkin#/rules", "consent#/purposes/*/max_retention_days"],
  "WC.WVR.1v1": ["waivers#/waivers"],
};

/**
 * Whether a change at `path` (a concrete schema path, `roles#/roles/finance-approvers/members`) touches what
 * `pattern` reads: one is a prefix of the other, segment by segment, `*` matching any key.
 */
export function pathTouches(pattern: string, path: string): boolean {
  const split = (p: string): [string, string[]] => {
    const hash = p.indexOf("#");
    const file = hash < 0 ? p : p.slice(0, hash);
    const rest = hash < 0 ? "" : p.slice(hash + 1);
    return [file, rest.split("/").filter((s) => s !== "")];
  };
  const [pf, ps] = split(pattern);
  const [cf, cs] = split(path);
  if (pf !== cf) return false;
  const n = Math.min(ps.length, cs.length);
  for (let i = 0; i < n; i++) if (ps[i] !== "*" && ps[i] !== cs[i]) return false;
  return true;
}

/** The controls whose reads a change at `path` touches, in catalogue order. */
export function controlsReading(path: string): ControlId[] {
  return CONTROL_IDS.filter((id) => CONTROL_READS[id].some((pattern) => pathTouches(pattern, path)));
}
