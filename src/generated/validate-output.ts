/* eslint-disable */
/**
 * GENERATED from schemas/validate-output.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * Output of `wecom-policy validate --json`. Version 1; a field is only ever added in a new version. `validate --json` 的输出格式（版本 1）。
 */
export interface ValidateOutput {
  /**
   * Format version; always 1 for this schema. 格式版本。
   */
  version: 1;
  /**
   * true when there are no problems and no mandatory failures (exit code 0). 无问题且无强制项失败时为 true。
   */
  ok: boolean;
  /**
   * Problems in the policy files (schema, syntax, references); when not empty, no findings are computed. 策略文件问题。
   */
  problems: OutputProblem[];
  /**
   * Verdicts of the declared legal controls, waivers applied, in catalogue order. 声明类控制项的检查结果。
   */
  findings: OutputFinding[];
  /**
   * Counts over findings. 检查结果统计。
   */
  summary?: {
    /**
     * Failed mandatory findings. 强制项失败数。
     */
    mandatoryFailures: number;
    /**
     * Failed advisory findings. 建议项失败数。
     */
    advisoryFailures: number;
    /**
     * Findings silenced by a waiver. 已豁免数。
     */
    waived: number;
    /**
     * Passed findings. 通过数。
     */
    passed: number;
    /**
     * Findings that do not apply. 不适用数。
     */
    notApplicable: number;
  };
}
/**
 * One problem in the policy files. 一个策略文件问题。
 */
export interface OutputProblem {
  /**
   * File relative to the policies directory. 文件。
   */
  file: string;
  /**
   * 1-based line. 行号。
   */
  line: number;
  /**
   * 1-based column. 列号。
   */
  column: number;
  /**
   * JSON pointer. JSON 指针。
   */
  pointer: string;
  /**
   * Stable problem code, e.g. ref.unknown-user. 问题代码。
   */
  code: string;
  message: BilingualText;
  fix?: BilingualText1;
}
/**
 * What is wrong. 问题说明。
 */
export interface BilingualText {
  /**
   * Chinese. 中文。
   */
  zh: string;
  /**
   * English. 英文。
   */
  en: string;
}
/**
 * How to fix it, when it can be guessed. 修改建议。
 */
export interface BilingualText1 {
  /**
   * Chinese. 中文。
   */
  zh: string;
  /**
   * English. 英文。
   */
  en: string;
}
/**
 * One control's verdict on one target. 一个控制项对一个对象的检查结果。
 */
export interface OutputFinding {
  /**
   * Control id with version. 控制项编号。
   */
  controlId: string;
  /**
   * mandatory or advisory. 严重程度。
   */
  severity: "mandatory" | "advisory";
  /**
   * The verdict. 结论。
   */
  status: "pass" | "fail" | "waived" | "not-applicable" | "cannot-check";
  /**
   * What the finding is about, e.g. app:1000002. 检查对象。
   */
  target: string;
  message: BilingualText2;
  /**
   * Facts behind the verdict. 证据。
   */
  evidence?: {
    [k: string]: unknown | undefined;
  };
  /**
   * Source reference `<file>#<pointer>`. 来源引用。
   */
  pointer?: string;
  location?: OutputLocation;
  /**
   * The waiver that silenced the finding. 生效的豁免。
   */
  waiver?: {
    /**
     * Waiver id. 豁免编号。
     */
    id: string;
    /**
     * Waiver owner. 负责人。
     */
    owner: string;
    /**
     * Why. 理由。
     */
    reason: string;
    /**
     * Last day in force. 到期日。
     */
    expires: string;
    /**
     * Source reference of the waiver. 来源引用。
     */
    source: string;
  };
}
/**
 * The verdict explained. 说明。
 */
export interface BilingualText2 {
  /**
   * Chinese. 中文。
   */
  zh: string;
  /**
   * English. 英文。
   */
  en: string;
}
/**
 * The pointer resolved to file, line and column. 来源位置。
 */
export interface OutputLocation {
  /**
   * File relative to the policies directory. 相对路径。
   */
  file: string;
  /**
   * 1-based line. 行号。
   */
  line: number;
  /**
   * 1-based column. 列号。
   */
  column: number;
  /**
   * JSON pointer into the file's data. JSON 指针。
   */
  pointer: string;
}
