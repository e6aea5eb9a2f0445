/* eslint-disable */
/**
 * GENERATED from schemas/protection.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * A stable policy key: lowercase letters, digits and hyphens, starting with a letter. 稳定键名。
 */
export type ProtectionKey = string;
/**
 * A WeCom userid that appears in the HR roster. 花名册中的成员 userid。
 */
export type ProtectionUserId = string;
/**
 * A WeCom userid that appears in the HR roster. 花名册中的成员 userid。
 */
export type ProtectionUserId1 = string;

/**
 * protection.yaml — trade secrets and sensitive data (商业秘密与敏感数据保护): chat intercept rules (管理聊天敏感词), which roles reach sensitive data, and attested console-only protections (WC.SEC.1, WC.SEC.2). Optional: a missing file declares nothing. 聊天敏感词拦截规则、可接触敏感数据的角色、仅能在管理后台设置并经人工确认的保护措施。
 */
export interface ProtectionFile {
  /**
   * Chat intercept rules keyed by a stable policy key (the Pulumi logical name, never the WeCom rule_id). WeCom allows at most 100 rules per company. 以稳定键名索引的聊天敏感词规则，企业最多 100 条。
   */
  intercept_rules?: {
    [k: string]: InterceptRulePolicy | undefined;
  };
  /**
   * Roles (keys of roles.yaml) whose members reach sensitive data, and whether they talk to external contacts (customers). WC.SEC.1 requires a blocking rule for phone numbers and e-mail addresses over every such role that talks to customers. 可接触敏感数据的角色（roles.yaml 键名），以及其成员是否与客户沟通。
   */
  sensitive_roles?: {
    [k: string]: SensitiveRole | undefined;
  };
  /**
   * Protections the WeCom API can neither read nor write (watermark, file-leak protection, screenshot control, device management), each with its expected value, attested by a named admin with an evidence file (WC.SEC.2). 接口无法读写的保护措施，由管理员人工确认并附证据文件。
   */
  attestations?: {
    [k: string]: Attestation | undefined;
  };
}
/**
 * One chat intercept rule (敏感词规则, official doc path/95130): what a member may not send to an external contact, and what WeCom does when they try. 一条聊天敏感词规则。
 */
export interface InterceptRulePolicy {
  /**
   * The rule name WeCom shows (rule_name), 1–20 characters, unique in the company. 规则名称，1–20 个字符。
   */
  name: string;
  /**
   * Existing WeCom rule_id to adopt; leave out for a rule that is still to be created. An adopted rule is released, never deleted, when it leaves the policy unless on_removal says delete. 要纳管的已有规则 id。
   */
  rule_id?: string;
  /**
   * What `pulumi up` does to the WeCom rule once it leaves protection.yaml: `release` (the rule stays in WeCom, no longer managed) or `delete` (del_intercept_rule). Default: release an adopted rule, delete one the stack created. 规则移出策略后：release 只释放，delete 删除。
   */
  on_removal?: "release" | "delete";
  /**
   * Sensitive words (word_list), at most 300, each 1–32 characters; order does not matter. 敏感词列表，最多 300 个，每个 1–32 个字符。
   *
   * @maxItems 300
   */
  words?: string[];
  /**
   * Extra semantics WeCom detects (semantics_list): phone (1, phone numbers), email (2, e-mail addresses), red_packet (3, red packets). 额外拦截语义：手机号、邮箱地址、红包。
   */
  semantics?: ("phone" | "email" | "red_packet")[];
  /**
   * `block` (intercept_type 1: warn and stop the message) or `warn` (intercept_type 2: warn only, the message is sent). 拦截方式：block 警告并拦截发送，warn 仅发警告。
   */
  action: "block" | "warn";
  /**
   * Who the rule covers (applicable_range): roles are expanded to their members; at least one member or department, all inside the customer-contact app's visible range. 适用范围：角色展开为其成员；成员与部门不能同时为空。
   */
  applies_to: {
    /**
     * Keys of roles in roles.yaml whose members the rule covers. 适用角色（roles.yaml 键名）。
     */
    roles?: ProtectionKey[];
    /**
     * Department ids (from tenant.yaml) the rule covers; at most 1000. 适用部门 id，最多 1000 个。
     *
     * @maxItems 1000
     */
    departments?: number[];
    /**
     * Roster userids the rule covers besides the roles' members; with the roles' members at most 1000. 额外适用的成员 userid。
     */
    members?: ProtectionUserId[];
  };
  /**
   * Why the rule exists: which secrets or personal information it keeps in the company (PIPL Art. 51(3), AUCL Art. 10(4)). 规则目的。
   */
  purpose: string;
}
/**
 * A role whose members reach sensitive data. 可接触敏感数据的角色。
 */
export interface SensitiveRole {
  /**
   * Which sensitive data or trade secrets the role reaches (ID-card numbers, bank accounts, prices…). 可接触的敏感数据或商业秘密。
   */
  data: string;
  /**
   * Whether the role's members chat with external contacts (customers, suppliers) in WeCom. 成员是否通过企业微信与外部联系人沟通。
   */
  talks_to_customers: boolean;
}
/**
 * A console-only protection and who last checked it by hand. 一项仅能在管理后台设置的保护措施及其人工确认记录。
 */
export interface Attestation {
  /**
   * The setting as the console names it. 设置项名称。
   */
  setting: string;
  /**
   * The value the company requires. 要求的取值。
   */
  expected: string;
  /**
   * Name of the console path where the setting is shown (a key of src/wecom/console-paths.ts: watermark, fileLeakProtection, screenshotControl, deviceManagement…). 管理后台路径名称。
   */
  console_path: string;
  attested_by: ProtectionUserId1;
  /**
   * The day the admin checked it (YYYY-MM-DD). 确认日期。
   */
  attested_on: string;
  /**
   * The evidence file (a screenshot or export), relative to the policies directory, and its SHA-256; a changed or missing file fails WC.SEC.2. 证据文件（相对于策略目录）及其 SHA-256。
   */
  evidence: {
    /**
     * Path of the evidence file relative to the policies directory. 证据文件路径。
     */
    file: string;
    /**
     * SHA-256 of the file, 64 lowercase hex digits (`sha256sum FILE`). 文件的 SHA-256（64 位小写十六进制）。
     */
    sha256: string;
  };
  /**
   * Re-attest at least every this many days; past it the attestation fails WC.SEC.2. 复核间隔（天）。
   */
  interval_days: number;
}
