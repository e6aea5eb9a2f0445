/** consent.yaml (+ ledger CSV) → consent purposes and the consent ledger. */
import type { ConsentRow } from "../../generated/consent-row";
import type { ConsentFile } from "../../generated/consent";
import { buildConsentLedger } from "../consent-ledger";
import { pointerOf, refOf, type LoadContext } from "../context";
import type { CsvSource } from "../csv-source";
import { msg } from "../messages";
import type { ConsentEntry, ConsentLedger, ConsentPurpose } from "../model";
import { entries, opt } from "../util";
import { validRows } from "./csv-rows";

export const CONSENT_FILE = "consent.yaml";

export function declareConsent(ctx: LoadContext, data: ConsentFile): void {
  ctx.known.purposes = new Set(Object.keys(data.purposes));
}

export function normalisePurposes(data: ConsentFile): ConsentPurpose[] {
  return entries(data.purposes).map(([key, p]) => ({
    key,
    title: { zh: p.title_zh, en: p.title_en ?? p.title_zh },
    description: p.description,
    sensitive: p.sensitive,
    separateConsent: p.separate_consent,
    noticeVersion: p.notice_version,
    ...opt("necessity", p.necessity),
    ...opt("impact", p.impact),
    ...opt("maxRetentionDays", p.max_retention_days),
    source: refOf(CONSENT_FILE, "purposes", key),
  }));
}

interface RawEntry {
  userid: string;
  purpose: string;
  given: string;
  withdrawn?: string;
  evidence?: string;
}

/**
 * Build the ledger from the inline list or the CSV rows (the caller has checked that exactly one is
 * declared), checking each row's userid and purpose and that a withdrawal does not precede consent.
 */
export function normaliseLedger(
  ctx: LoadContext,
  source:
    { file: string; inline: RawEntry[]; indices?: number[] | undefined } | { file: string; csv: CsvSource },
): ConsentLedger {
  const rows: { raw: RawEntry; pointer: string }[] =
    "inline" in source
      ? source.inline.map((raw, i) => ({ raw, pointer: pointerOf("ledger", source.indices?.[i] ?? i) }))
      : validRows<ConsentRow>(ctx, source.csv, "consent-row").map(({ index, row }) => ({
          raw: row,
          pointer: pointerOf("rows", index),
        }));
  const out: ConsentEntry[] = [];
  for (const { raw, pointer } of rows) {
    const userOk = ctx.ref("user", raw.userid, source.file, `${pointer}/userid`);
    const purposeOk = ctx.ref("consent-purpose", raw.purpose, source.file, `${pointer}/purpose`);
    if (raw.withdrawn !== undefined && raw.withdrawn < raw.given) {
      ctx.report(source.file, `${pointer}/withdrawn`, msg.withdrawnBeforeGiven(raw.given, raw.withdrawn));
      continue;
    }
    if (!userOk || !purposeOk) continue;
    out.push({
      userId: raw.userid,
      purpose: raw.purpose,
      given: raw.given,
      ...opt("withdrawn", raw.withdrawn),
      ...opt("evidence", raw.evidence),
      source: `${source.file}#${pointer}`,
    });
  }
  return buildConsentLedger(out);
}
