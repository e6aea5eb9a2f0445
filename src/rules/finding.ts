/**
 * A finding: one control's verdict on one target. Findings are plain data so the preview gate,
 * drift reports (src/report) and `validate --json` can all carry them unchanged.
 */
import { control, type ControlId, type Severity } from "./catalogue";
import { CHECK_STATUSES, type Bilingual, type CheckStatus, type Lang } from "../text";
import type { SourceRef } from "../policy/model";

/** pass, fail, waived, not applicable, or cannot check (a live fact could not be read; the message says why). */
export const FINDING_STATUSES = CHECK_STATUSES;
export type FindingStatus = CheckStatus;

/** The waiver that silenced a finding, copied so a report can show who accepted the risk and until when. */
export interface AppliedWaiver {
  readonly id: string;
  readonly owner: string;
  readonly reason: string;
  readonly expires: string;
  readonly source: SourceRef;
}

export interface Finding {
  readonly controlId: ControlId;
  readonly severity: Severity;
  readonly status: FindingStatus;
  /**
   * What the finding is about, stable across runs so a waiver can name it: `app:1000002`,
   * `role:finance-approvers`, `member:fanbing`, `recipient:sg-hr`, `waiver:w1`, `archive`, `tenant`,
   * `incident-plan`, `pi-officer`, `log-archive`, `compliance-audit`, `admin-log`, `members`.
   */
  readonly target: string;
  readonly message: Bilingual;
  /** Facts behind the verdict (lists of userids, dates) for reports. */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** Where in the policy files (`apps.yaml#/apps/field/location`); `PolicySources.locate` gives file:line. */
  readonly pointer?: SourceRef;
  /**
   * Other names a waiver may use for the target. Besides these, a waiver may name the target without
   * its kind prefix (`zhengkai` for `member:zhengkai`, `finance-approvers` for `role:finance-approvers`);
   * app findings add the app key (`field-assistant`, `app:field-assistant`).
   */
  readonly aliases?: readonly string[];
  readonly waiver?: AppliedWaiver;
}

export interface FindingExtras {
  readonly evidence?: Readonly<Record<string, unknown>>;
  readonly pointer?: SourceRef | undefined;
  readonly aliases?: readonly string[] | undefined;
}

/** Builds a finding; severity comes from the catalogue so a check cannot disagree with it. */
export function finding(
  controlId: ControlId,
  status: FindingStatus,
  target: string,
  message: Bilingual,
  extras: FindingExtras = {},
): Finding {
  return {
    controlId,
    severity: control(controlId).severity,
    status,
    target,
    message,
    ...(extras.evidence !== undefined ? { evidence: extras.evidence } : {}),
    ...(extras.pointer !== undefined ? { pointer: extras.pointer } : {}),
    ...(extras.aliases !== undefined && extras.aliases.length > 0 ? { aliases: extras.aliases } : {}),
  };
}

/** "a, b, c" — capped so a 100k-member tenant does not produce a megabyte message; the full list goes to evidence. */
export function listIds(ids: readonly string[], lang: Lang, cap = 10): string {
  const shown = ids.slice(0, cap);
  const rest = ids.length - shown.length;
  const sep = lang === "zh" ? "、" : ", ";
  if (rest <= 0) return shown.join(sep);
  return lang === "zh" ? `${shown.join(sep)} 等 ${ids.length} 人` : `${shown.join(sep)} and ${rest} more`;
}

/** Every name a waiver may use for a finding's target (see {@link Finding.aliases}). */
export function targetNames(f: Pick<Finding, "target" | "aliases">): string[] {
  const names = [f.target, ...(f.aliases ?? [])];
  const colon = f.target.indexOf(":");
  if (colon > 0) names.push(f.target.slice(colon + 1));
  return names;
}

/**
 * A live check whose facts are missing: "cannot check" with the reader's reason (snapshot.gaps) when it
 * gave one, else `fallback`.
 */
export function cannotCheck(
  controlId: ControlId,
  target: string,
  gap: Bilingual | undefined,
  fallback: Bilingual,
  extras: FindingExtras = {},
): Finding {
  const message: Bilingual = gap
    ? {
        zh: `${fallback.zh.replace(/。$/, "")}（${gap.zh}）。`,
        en: `${fallback.en.replace(/\.$/, "")} (${gap.en}).`,
      }
    : fallback;
  return finding(controlId, "cannot-check", target, message, extras);
}
