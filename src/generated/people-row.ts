/* eslint-disable */
/**
 * GENERATED from schemas/people-row.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * One row of the HR roster CSV named by people.yaml. 花名册 CSV 的一行。
 */
export interface PeopleRow {
  /**
   * WeCom userid (成员账号). 成员 userid。
   */
  userid: string;
  /**
   * Display name. 姓名。
   */
  name?: string;
  /**
   * Main department id (declared in tenant.yaml). 主部门 id。
   */
  department?: number;
  /**
   * HR status: active (在职) or left (离职). 在职状态。
   */
  status: "active" | "left";
  /**
   * For a leaver: the colleague who takes over their customers (离职继承, PIPL Art. 51(4)); the CustomerHandover resource hands the customers over on `pulumi up`. Must be an active member. 离职继承的接替成员 userid。
   */
  customer_takeover?: string;
  /**
   * Last working day (YYYY-MM-DD); required when status is left. 离职日期。
   */
  leave_date?: string;
}
