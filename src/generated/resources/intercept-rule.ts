/* eslint-disable */
/**
 * GENERATED from schemas/resources/intercept-rule.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * A WeCom userid: 1–64 of 0-9 A-Z a-z _ - @ ., starting with a letter or digit. 企业微信 userid。
 */
export type Userid = string;

/**
 * A chat intercept rule (管理聊天敏感词, official doc path/95130): the words and extra semantics (phone numbers, e-mail addresses, red packets) WeCom stops or warns about when a member in the range sends them to an external contact. Managed with the customer-contact app: externalcontact/add_intercept_rule, update_intercept_rule (the range changes through add/remove range fields), del_intercept_rule; the id is the WeCom rule_id. Only the fields declared are compared and written; words and the range are sets. Deleting the resource releases an imported or adopted rule (it stays in WeCom) and deletes a rule the stack created, unless onRemoval says otherwise. 聊天敏感词拦截规则：范围内成员向外部联系人发送敏感词、手机号、邮箱或红包时，企业微信拦截或警告。受管资源（客户联系可调用接口的应用），id 为规则 rule_id；只比较和写入声明的字段，敏感词与适用范围按集合比较。删除资源时导入或接管的规则只释放（保留在企业微信中），由本 stack 创建的规则被删除，onRemoval 另有规定的除外。
 */
export interface InterceptRuleInputs {
  /**
   * The rule name (rule_name), 1–20 characters, unique in the company. 规则名称，1–20 个字符，企业内唯一。
   */
  name: string;
  /**
   * Sensitive words (word_list): at most 300, each 1–32 characters; a set, order does not matter. Left out: the rule's words are not managed. 敏感词集合（不计顺序），最多 300 个，每个 1–32 个字符；省略则不管理敏感词。
   *
   * @maxItems 300
   */
  words?: string[];
  /**
   * Extra semantics WeCom detects (semantics_list): phone (1, phone numbers), email (2, e-mail addresses), red_packet (3, red packets); a set. Left out: not managed. 额外拦截语义集合：phone 手机号、email 邮箱地址、red_packet 红包；省略则不管理。
   */
  semantics?: ("phone" | "email" | "red_packet")[];
  /**
   * "block" (intercept_type 1: warn and stop the message) or "warn" (intercept_type 2: warn only, the message is sent). 拦截方式：block 警告并拦截发送，warn 仅发警告。
   */
  action: "block" | "warn";
  /**
   * Userids the rule covers (applicable_range.user_list), at most 1000, inside the customer-contact app's visible range; a set, userids are case-insensitive. Roles of the policy are expanded to their members by the program (the API takes no tags). Left out: not managed. 适用成员 userid 集合（最多 1000 个，须在客户联系应用的可见范围内，不区分大小写）；策略中的角色由程序展开为其成员（接口不接受标签）；省略则不管理。
   *
   * @maxItems 1000
   */
  members?: Userid[];
  /**
   * Department ids the rule covers (applicable_range.department_list), at most 1000, inside the app's visible range; a set. Left out: not managed. 适用部门 id 集合（最多 1000 个，须在应用可见范围内）；省略则不管理。
   *
   * @maxItems 1000
   */
  departments?: number[];
  /**
   * What happens to the WeCom rule when it leaves the policy: "release" (the resource leaves the stack, the rule stays in WeCom) or "delete" (del_intercept_rule). Default: release for an adopted rule (pulumi import, the import option), delete for a rule the stack created. 规则移出策略时：release 只释放（规则保留在企业微信中），delete 删除。默认：接管的规则释放，本 stack 创建的规则删除。
   */
  onRemoval?: "release" | "delete";
}

/**
 * The state of a wecom:index:InterceptRule: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface InterceptRuleState {
  /**
   * The rule name (rule_name), 1–20 characters, unique in the company. 规则名称，1–20 个字符，企业内唯一。
   */
  name: string;
  /**
   * Sensitive words (word_list): at most 300, each 1–32 characters; a set, order does not matter. Left out: the rule's words are not managed. 敏感词集合（不计顺序），最多 300 个，每个 1–32 个字符；省略则不管理敏感词。
   *
   * @maxItems 300
   */
  words?: string[];
  /**
   * Extra semantics WeCom detects (semantics_list): phone (1, phone numbers), email (2, e-mail addresses), red_packet (3, red packets); a set. Left out: not managed. 额外拦截语义集合：phone 手机号、email 邮箱地址、red_packet 红包；省略则不管理。
   */
  semantics?: ("phone" | "email" | "red_packet")[];
  /**
   * "block" (intercept_type 1: warn and stop the message) or "warn" (intercept_type 2: warn only, the message is sent). 拦截方式：block 警告并拦截发送，warn 仅发警告。
   */
  action: "block" | "warn";
  /**
   * Userids the rule covers (applicable_range.user_list), at most 1000, inside the customer-contact app's visible range; a set, userids are case-insensitive. Roles of the policy are expanded to their members by the program (the API takes no tags). Left out: not managed. 适用成员 userid 集合（最多 1000 个，须在客户联系应用的可见范围内，不区分大小写）；策略中的角色由程序展开为其成员（接口不接受标签）；省略则不管理。
   *
   * @maxItems 1000
   */
  members?: Userid[];
  /**
   * Department ids the rule covers (applicable_range.department_list), at most 1000, inside the app's visible range; a set. Left out: not managed. 适用部门 id 集合（最多 1000 个，须在应用可见范围内）；省略则不管理。
   *
   * @maxItems 1000
   */
  departments?: number[];
  /**
   * What happens to the WeCom rule when it leaves the policy: "release" (the resource leaves the stack, the rule stays in WeCom) or "delete" (del_intercept_rule). Default: release for an adopted rule (pulumi import, the import option), delete for a rule the stack created. 规则移出策略时：release 只释放（规则保留在企业微信中），delete 删除。默认：接管的规则释放，本 stack 创建的规则删除。
   */
  onRemoval?: "release" | "delete";
  /**
   * The WeCom rule_id, assigned by WeCom when the rule is created. 企业微信分配的规则 id。
   */
  ruleId: string;
  /**
   * Whether the rule existed before the stack managed it (pulumi import, or the import option): then deleting the resource releases the rule and never calls del_intercept_rule. 规则是否在纳入 stack 之前已存在（导入或接管）：是则删除资源时只释放，不删除规则。
   */
  adopted: boolean;
}

/** wecom:index:InterceptRule: its token, its state properties, and those only the provider writes. */
export const INTERCEPT_RULE = {
  name: "InterceptRule",
  token: "wecom:index:InterceptRule",
  stateProperties: [
    "name",
    "words",
    "semantics",
    "action",
    "members",
    "departments",
    "onRemoval",
    "ruleId",
    "adopted",
  ],
  outputOnly: ["ruleId", "adopted"],
} as const;
