/* eslint-disable */
/**
 * GENERATED from schemas/waivers.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * waivers.yaml — time-limited exceptions to a control for one target (豁免). An expired waiver is itself a failure (WC.WVR.1). 对单个对象的限期豁免。
 */
export interface WaiversFile {
  /**
   * Waivers keyed by their id. 以编号索引的豁免。
   */
  waivers: {
    [k: string]: Waiver | undefined;
  };
}
/**
 * One waiver. 一项豁免。
 */
export interface Waiver {
  /**
   * Control id with its version, as in the catalogue (LEGAL.md), e.g. WC.LVR.2v1. 控制项编号（含版本）。
   */
  control: string;
  /**
   * What the waiver silences: the finding target the control reports, e.g. member:<userid>, role:<key>, app:<agentid>, recipient:<key>, archive. 豁免对象（与检查结果中的 target 一致）。
   */
  target: string;
  /**
   * Why the exception is acceptable. 豁免理由。
   */
  reason: string;
  /**
   * Roster userid accountable for the waiver. 豁免负责人。
   */
  owner: string;
  /**
   * Roster userid who approved it. 批准人。
   */
  approved_by?: string;
  /**
   * Last day the waiver is in force (YYYY-MM-DD). 到期日。
   */
  expires: string;
}
