/* eslint-disable */
/**
 * GENERATED from schemas/consent.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * consent.yaml — consent purposes (同意目的) and the consent ledger (同意台账): inline, or a CSV file for large companies. 同意目的与同意台账（内联或 CSV 文件）。
 */
export interface ConsentFile {
  /**
   * Consent purposes keyed by a stable key. 以稳定键名索引的同意目的。
   */
  purposes: {
    [k: string]: ConsentPurpose | undefined;
  };
  /**
   * The consent ledger inline: one entry per person and purpose. Leave out when ledger_file is used. 内联同意台账。
   */
  ledger?: ConsentEntry[];
  /**
   * Path of the ledger CSV relative to the policies directory, with columns userid,purpose,given and optionally withdrawn,evidence. Leave out when ledger is inline. 同意台账 CSV 路径。
   */
  ledger_file?: string;
}
/**
 * One purpose people are asked to consent to. 一个同意目的。
 */
export interface ConsentPurpose {
  /**
   * Title in Chinese, as shown to the person. 中文标题。
   */
  title_zh: string;
  /**
   * Title in English. 英文标题。
   */
  title_en?: string;
  /**
   * What the person agrees to, in the words of the notice. 同意的内容。
   */
  description: string;
  /**
   * The purpose involves sensitive personal information (PIPL Art. 28, e.g. 行踪轨迹 location tracks). 是否涉及敏感个人信息。
   */
  sensitive: boolean;
  /**
   * Consent is asked separately (单独同意, PIPL Art. 29/39), not bundled with other terms. 是否单独同意。
   */
  separate_consent: boolean;
  /**
   * Version of the notice shown when consent is asked (PIPL Art. 17). 告知文本版本。
   */
  notice_version: string;
  /**
   * Why processing is necessary (PIPL Art. 30; required for sensitive PI by WC.LOC.1). 处理的必要性。
   */
  necessity?: string;
  /**
   * The impact on the person (PIPL Art. 30; required for sensitive PI by WC.LOC.1). 对个人权益的影响。
   */
  impact?: string;
  /**
   * Longest retention this purpose allows, in days (WC.ARC.4). 该目的允许的最长保存天数。
   */
  max_retention_days?: number;
}
/**
 * One ledger entry: a person's consent to one purpose. 一条同意记录。
 */
export interface ConsentEntry {
  /**
   * Roster userid of the person. 成员 userid。
   */
  userid: string;
  /**
   * Consent purpose key. 同意目的键名。
   */
  purpose: string;
  /**
   * Date consent was given. 同意日期。
   */
  given: string;
  /**
   * Date consent was withdrawn, if it was. 撤回日期。
   */
  withdrawn?: string;
  /**
   * Where the signed consent lives (e-sign id, form number). 同意凭证编号。
   */
  evidence?: string;
}
