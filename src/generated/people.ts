/* eslint-disable */
/**
 * GENERATED from schemas/people.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * people.yaml — where the HR roster (花名册) is: a CSV file next to the policies with one row per member, including leavers. 人事花名册来源（CSV）。
 */
export interface PeopleFile {
  /**
   * Path of the roster CSV, relative to the policies directory. Columns: userid,status (active|left) and optionally name, department, leave_date (YYYY-MM-DD, required when status is left). 花名册 CSV 路径。
   */
  roster: string;
  /**
   * Where the roster comes from and how often it is exported. 花名册来源与导出频率。
   */
  origin?: string;
}
