/* eslint-disable */
/**
 * GENERATED from schemas/tenant.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * tenant.yaml — the company behind the WeCom tenant: identity, PI protection officer, CII status, data volumes, storage threshold and departments. 企业基本信息：主体、个人信息保护负责人、关基身份、数据规模、存储阈值与部门。
 */
export interface TenantFile {
  /**
   * Registered company name (企业全称). 企业名称。
   */
  name: string;
  /**
   * English company name. 英文名称。
   */
  name_en?: string;
  /**
   * WeCom corp id (企业ID, not a secret; shown in 我的企业 → 企业信息). 企业ID（非密钥）。
   */
  corp_id: string;
  /**
   * City of registration. 注册城市。
   */
  city?: string;
  /**
   * The personal information protection officer (个人信息保护负责人, PIPL Art. 52, WC.GOV.1). 个人信息保护负责人。
   */
  pi_officer?: {
    /**
     * Roster userid, when the officer is an employee. 负责人在花名册中的 userid。
     */
    userid?: string;
    /**
     * Full name. 姓名。
     */
    name: string;
    /**
     * Contact email. 联系邮箱。
     */
    email?: string;
    /**
     * Contact phone number. 联系电话。
     */
    phone?: string;
  };
  /**
   * Whether the company is a critical information infrastructure operator (关键信息基础设施运营者; WC.XB.3). 是否为关键信息基础设施运营者。
   */
  cii_operator: boolean;
  /**
   * How much personal information the company handles, counted from 1 January of the current year as XBP does (WC.XB.1, WC.XB.3). 处理个人信息的规模（自当年1月1日起累计）。
   */
  data_volumes: {
    /**
     * Number of people whose (non-sensitive) personal information is handled. 处理个人信息的人数。
     */
    personal_info_people: number;
    /**
     * Number of people whose sensitive personal information is handled. 处理敏感个人信息的人数。
     */
    sensitive_info_people: number;
    /**
     * Whether the company handles data identified as important data (重要数据, DSL Art. 21). 是否处理重要数据。
     */
    important_data: boolean;
    /**
     * Date the numbers were counted (YYYY-MM-DD). 统计日期。
     */
    counted_on: string;
  };
  /**
   * The in-country storage threshold the company applies (PIPL Art. 40 leaves the number to the CAC and none is published, so the policy states its own; WC.XB.3). 境内存储适用阈值及依据。
   */
  storage_threshold: {
    /**
     * In-country storage of archives and log exports is required at or above this many people. 达到该人数即须境内存储。
     */
    people: number;
    /**
     * Why this number. 阈值依据。
     */
    basis: string;
  };
  /**
   * Longest interval between PI protection compliance audits / reports, in days (PIPL Art. 54, WC.GOV.4). 合规审计间隔（天）。
   */
  compliance_audit_interval_days?: number;
  /**
   * Blast-radius limits: the most destructive changes one `pulumi up` may make. Above a limit the preview (and the update) fails before any write, listing what would be affected, until the limit is raised here. 每次运行破坏性变更的上限：超过上限时预览（及更新）在任何写入前失败并列出受影响对象，须在此提高上限。
   */
  change_limits?: {
    /**
     * Roles whose WeCom tag may be deleted in one run (releases do not count). Default 1. 每次运行最多删除的角色标签数（释放不计），默认 1。
     */
    delete_roles?: number;
    /**
     * Leavers that may be disabled in one run. Default 10. 每次运行最多禁用的离职人员数，默认 10。
     */
    disable_members?: number;
    /**
     * Leavers that may be deleted (user/delete) in one run. Default 5. 每次运行最多删除的离职人员数，默认 5。
     */
    delete_members?: number;
  };
  /**
   * The company's departments as in WeCom (部门), so policy references resolve without network access. 部门列表（离线解析引用）。
   *
   * @minItems 1
   *
   * Items: One department. 一个部门。
   */
  departments: [
    {
      /**
       * WeCom department id (1 is the root). 部门 id。
       */
      id: number;
      /**
       * Department name as shown in WeCom. 部门名称。
       */
      name: string;
      /**
       * English name. 英文名称。
       */
      name_en?: string;
      /**
       * Parent department id; 0 for the root. 上级部门 id（根部门为 0）。
       */
      parent: number;
    },
    ...{
      /**
       * WeCom department id (1 is the root). 部门 id。
       */
      id: number;
      /**
       * Department name as shown in WeCom. 部门名称。
       */
      name: string;
      /**
       * English name. 英文名称。
       */
      name_en?: string;
      /**
       * Parent department id; 0 for the root. 上级部门 id（根部门为 0）。
       */
      parent: number;
    }[],
  ];
}
