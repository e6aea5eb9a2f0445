/**
 * Severity, status and sync words in both languages: the one table every report uses, so "mandatory" is
 * 强制 in a Chinese drift report exactly as it is in `validate` and `audit`.
 */
import type { Bilingual, Lang } from "./bilingual";

export const SEVERITIES = ["mandatory", "advisory"] as const;
/** How a control's failure counts: a mandatory failure stops `pulumi preview`; an advisory one warns. */
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_WORDS: Readonly<Record<Severity, Bilingual>> = {
  mandatory: { zh: "强制", en: "mandatory" },
  advisory: { zh: "建议", en: "advisory" },
};

/**
 * Every verdict a check can reach. `cannot-check` is for a live check whose facts could not be read (no
 * secret, a permission error): neither a pass nor a fail.
 */
export const CHECK_STATUSES = ["pass", "fail", "waived", "not-applicable", "cannot-check"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const STATUS_WORDS: Readonly<Record<CheckStatus, Bilingual>> = {
  pass: { zh: "通过", en: "pass" },
  fail: { zh: "未通过", en: "fail" },
  waived: { zh: "已豁免", en: "waived" },
  "not-applicable": { zh: "不适用", en: "not applicable" },
  "cannot-check": { zh: "无法检查", en: "cannot check" },
};

export const SYNC_STATUSES = ["in-sync", "drift"] as const;
/** A drift check's outcome. */
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const SYNC_WORDS: Readonly<Record<SyncStatus, Bilingual>> = {
  "in-sync": { zh: "一致", en: "in sync" },
  drift: { zh: "漂移", en: "drift" },
};

/** "(mandatory)" / "（强制）": a severity in parentheses of the reader's language. */
export function severityTag(severity: Severity, lang: Lang): string {
  const word = SEVERITY_WORDS[severity][lang];
  return lang === "zh" ? `（${word}）` : `(${word})`;
}

/**
 * A control id with its severity, the way every report heads a finding: `WC.ACC.1v1（强制）` /
 * `WC.ACC.1v1 (mandatory)`, followed by `after` when given (no space after a full-width parenthesis).
 */
export function withSeverity(id: string, severity: Severity, lang: Lang, after?: string): string {
  const head = lang === "zh" ? `${id}${severityTag(severity, lang)}` : `${id} ${severityTag(severity, lang)}`;
  if (after === undefined || after === "") return head;
  return lang === "zh" ? `${head}${after}` : `${head} ${after}`;
}

/** The labels of the lines under a finding or problem. */
export const FIELD_WORDS = {
  law: { zh: "法律依据", en: "Law" },
  problem: { zh: "问题", en: "Problem" },
  fix: { zh: "整改", en: "Fix" },
  at: { zh: "位置", en: "At" },
  waived: { zh: "已豁免", en: "Waived" },
  note: { zh: "说明", en: "Note" },
} as const satisfies Record<string, Bilingual>;

/** `法律依据：…` / `Law: …` — a label and its value, with the colon of the reader's language. */
export function labelled(label: Bilingual, value: string, lang: Lang): string {
  return lang === "zh" ? `${label.zh}：${value}` : `${label.en}: ${value}`;
}
