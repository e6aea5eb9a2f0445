/* eslint-disable */
/**
 * GENERATED from schemas/records.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * Roster userid responsible for the assessment. 评估负责人。
 */
export type UserId = string;
/**
 * A record id: letters, digits, dots, underscores and hyphens. 记录编号。
 */
export type RecordId = string;
/**
 * Roster userid who owns the plan. 预案负责人。
 */
export type UserId1 = string;
/**
 * Roster userid, for an employee. 成员 userid。
 */
export type UserId2 = string;
/**
 * A WeCom userid in the HR roster. 花名册中的成员 userid。
 */
export type UserId3 = string;

/**
 * records.yaml — compliance records other files point at: impact assessments, labour-rule consultations, the incident response plan and trainings. 合规记录：影响评估、民主协商、应急预案、培训。
 */
export interface RecordsFile {
  /**
   * Personal information protection impact assessments (个人信息保护影响评估, PIPL Arts. 55, 56) keyed by record id. 影响评估记录。
   */
  pias: {
    [k: string]: PiaRecord | undefined;
  };
  /**
   * Labour-rule consultations (民主协商, LCL Art. 4) keyed by record id. 规章制度民主程序记录。
   */
  consultations: {
    [k: string]: ConsultationRecord | undefined;
  };
  /**
   * The personal information incident response plan (应急预案, PIPL Arts. 51, 57; WC.GOV.2). 个人信息安全事件应急预案。
   */
  incident_plan?: {
    id: RecordId;
    /**
     * Plan title. 预案名称。
     */
    title: string;
    owner: UserId1;
    /**
     * Date the current version was approved. 批准日期。
     */
    approved_on: string;
    /**
     * Where the plan document lives. 文档位置。
     */
    document?: string;
    /**
     * Who to call in an incident. 应急联系人。
     *
     * @minItems 1
     *
     * Items: One contact. 一名联系人。
     */
    contacts: [
      {
        userid?: UserId2;
        /**
         * Name. 姓名。
         */
        name: string;
        /**
         * Role in the plan. 在预案中的职责。
         */
        role: string;
        /**
         * Phone number. 电话。
         */
        phone?: string;
        /**
         * Email. 邮箱。
         */
        email?: string;
      },
      ...{
        userid?: UserId2;
        /**
         * Name. 姓名。
         */
        name: string;
        /**
         * Role in the plan. 在预案中的职责。
         */
        role: string;
        /**
         * Phone number. 电话。
         */
        phone?: string;
        /**
         * Email. 邮箱。
         */
        email?: string;
      }[],
    ];
    /**
     * Drills held (演练); WC.GOV.2 needs one within the last 12 months. 演练记录。
     *
     * Items: One drill. 一次演练。
     */
    drills: {
      /**
       * Date held. 演练日期。
       */
      date: string;
      /**
       * What was rehearsed. 演练场景。
       */
      scenario: string;
      /**
       * Where the drill report lives. 演练报告位置。
       */
      report?: string;
    }[];
  };
  /**
   * Security and privacy trainings keyed by record id (WC.GOV.3). 安全与个人信息保护培训。
   */
  trainings: {
    [k: string]: Training | undefined;
  };
}
/**
 * One impact assessment. 一份影响评估。
 */
export interface PiaRecord {
  /**
   * Title. 标题。
   */
  title: string;
  /**
   * What was assessed: app:<key>, archive, crossborder:<key>, or free text. 评估对象。
   *
   * @minItems 1
   *
   * Items: One assessed subject. 一个评估对象。
   */
  covers: [string, ...string[]];
  /**
   * Date the assessment was completed. 完成日期。
   */
  date: string;
  /**
   * Kept at least until this date; PIPL Art. 56 requires three years (WC.LOC.2). 保存至。
   */
  keep_until: string;
  owner: UserId;
  /**
   * Where the report lives. 报告位置。
   */
  document?: string;
}
/**
 * One labour-rule consultation per LCL Art. 4: discussed, settled by equal consultation, published. 一次规章制度民主程序。
 */
export interface ConsultationRecord {
  /**
   * Title. 标题。
   */
  title: string;
  /**
   * The labour rule consulted on. 涉及的规章制度。
   */
  rule: string;
  /**
   * employee-congress (职工代表大会), all-staff (全体职工), union (工会) or staff-representatives (职工代表). 讨论主体。
   */
  discussed_by: "employee-congress" | "all-staff" | "union" | "staff-representatives";
  /**
   * Date settled by equal consultation. 平等协商确定日期。
   */
  settled_on: string;
  /**
   * Date published or notified to staff. 公示或告知日期。
   */
  published_on: string;
  /**
   * Where the minutes live. 会议纪要位置。
   */
  document?: string;
}
/**
 * One training session. 一次培训。
 */
export interface Training {
  /**
   * Topic. 主题。
   */
  topic: string;
  /**
   * Date held. 日期。
   */
  date: string;
  /**
   * Roster userids who attended. 参加人员。
   */
  attendees: UserId3[];
}
