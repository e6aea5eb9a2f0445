/* eslint-disable */
/**
 * GENERATED from schemas/consent-row.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * One row of the consent ledger CSV named by consent.yaml ledger_file. 同意台账 CSV 的一行。
 */
export interface ConsentRow {
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
