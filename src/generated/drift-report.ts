/* eslint-disable */
/**
 * GENERATED from schemas/drift-report.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * Output of `wecom-policy drift --json FILE`. Version 2 (version 1 had `changedBy.confidence` with a guessed "candidate" operator; version 2 names a person only from a log entry about the same object and says why otherwise). A field is only ever added in a new version. 漂移检查报告（版本 2）。
 */
export interface DriftReport {
  /**
   * Format version; 2 adds unattributed items and the law (findings, reasons, waivers). 格式版本。
   */
  version: 2;
  /**
   * The Pulumi stack checked. 检查的堆栈。
   */
  stack: string;
  /**
   * When the check ran (ISO 8601). 检查时间。
   */
  checkedAt: string;
  /**
   * in-sync (exit 0), or drift (exit 2): a resource differs from the policy, or a mandatory control fails. 一致或漂移（资源不一致或强制控制项未通过）。
   */
  status: "in-sync" | "drift";
  /**
   * One item per drifted member or field. 每个漂移的成员或字段一项。
   */
  items: Item[];
  /**
   * Controls that fail (or are waived) on the policy files and the live tenant, even where no resource differs. 即使资源一致也未通过（或已豁免）的控制项。
   */
  law: LawFinding[];
  /**
   * Every member WeCom lists (user/list_id) whose userid is not in the people.yaml roster, sorted. Nothing touches them (MemberStatus cuts off only the roster's leavers); add them to the roster, or remove them in WeCom. Absent when the roster is complete. 企业微信中有、花名册中没有的成员（排序）；不会被处理。
   */
  membersNotInRoster?: string[];
  /**
   * What the reader should know about the check (attribution source or why it is missing). 说明。
   */
  notes: Bilingual8[];
}
/**
 * One drifted member or field. 一处漂移。
 */
export interface Item {
  /**
   * Resource type without the wecom:index: prefix. 资源类型。
   */
  type: string;
  /**
   * The policy key (Pulumi logical name). 策略键名。
   */
  name: string;
  /**
   * The resource's Pulumi URN. 资源 URN。
   */
  urn: string;
  /**
   * The step Pulumi proposes: update, create (gone from WeCom), delete (no longer declared), replace. Pulumi 建议的操作。
   */
  op: string;
  /**
   * Property path of the drifted value; empty for a whole-resource change. 属性路径。
   */
  path: string;
  /**
   * delete = present in WeCom but not in the policy; add = declared but missing in WeCom; update = changed. 差异类型。
   */
  kind: string;
  /**
   * The live value at the path, when there is one. 实际值。
   */
  live?: string | number | boolean | {} | unknown[] | null;
  /**
   * The declared value at the path, when there is one. 声明值。
   */
  declared?: string | number | boolean | {} | unknown[] | null;
  /**
   * Legal controls the drifted setting touches. 涉及的法律控制项。
   */
  controls: Control[];
  changedBy?: Attribution;
  unattributed?: Unattributed;
  reason?: Bilingual4;
}
/**
 * A control from the catalogue, with its law citation. 控制项及法律依据。
 */
export interface Control {
  /**
   * Versioned control id. 控制项编号。
   */
  id: string;
  /**
   * mandatory or advisory. 严重程度。
   */
  severity: "mandatory" | "advisory";
  title: Bilingual;
  law: Bilingual1;
  reason?: Bilingual2;
  waiver?: Waiver;
}
/**
 * The control's title. 控制项名称。
 */
export interface Bilingual {
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
 * The articles it rests on, cited in Chinese and English. 法律依据。
 */
export interface Bilingual1 {
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
 * Why the control applies to this item. 适用原因。
 */
export interface Bilingual2 {
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
 * A waiver for this control and target. 豁免。
 */
export interface Waiver {
  /**
   * Waiver id in waivers.yaml. 豁免编号。
   */
  id: string;
  /**
   * Who accepted the risk. 负责人。
   */
  owner: string;
  /**
   * Why. 理由。
   */
  reason: string;
  /**
   * Last day the waiver holds (CST). 有效期至。
   */
  expires: string;
}
/**
 * The admin who made the change: present only when an operation-log entry of a fitting type names this object (the tag or app, and the member where the item is about one). 变更人：仅当操作日志中有涉及该对象的记录时给出。
 */
export interface Attribution {
  /**
   * Admin userid. 操作人。
   */
  operator: string;
  /**
   * When (ISO 8601). 时间。
   */
  time: string;
  /**
   * The log's oper_type (path/100179). 操作类型。
   */
  operType: number;
  /**
   * The log's detail_info. 操作详情。
   */
  detail: string;
}
/**
 * Why nobody is named, when no log entry concerns the object. 未能确定变更人的原因。
 */
export interface Unattributed {
  /**
   * no-entry: the logs searched cover the time the change was made and no entry concerns the object (WeCom does not log API changes); before-window: no entry in the logs searched, and the change may be older; logs-unavailable: the log could not be read. 原因。
   */
  reason: "no-entry" | "before-window" | "logs-unavailable";
  /**
   * Start of the log searched (ISO 8601). 检索起点。
   */
  searchedFrom?: string;
  /**
   * End of the log searched (ISO 8601). 检索终点。
   */
  searchedTo?: string;
  note: Bilingual3;
}
/**
 * The sentence the report prints. 报告中的说明。
 */
export interface Bilingual3 {
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
 * What the item is when no control applies (e.g. a membership change by someone who has not left). 说明。
 */
export interface Bilingual4 {
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
 * A control that fails on the policy files or the tenant, or is waived. 未通过（或已豁免）的控制项。
 */
export interface LawFinding {
  /**
   * Versioned control id. 控制项编号。
   */
  id: string;
  /**
   * mandatory or advisory. 严重程度。
   */
  severity: "mandatory" | "advisory";
  /**
   * fail, or waived. 未通过或已豁免。
   */
  status: "fail" | "waived";
  /**
   * What it is about (member:ID, app:AGENTID, role:KEY…). 对象。
   */
  target: string;
  title: Bilingual5;
  law: Bilingual6;
  message: Bilingual7;
  /**
   * file:line:column in the policy files. 位置。
   */
  location?: string;
  waiver?: Waiver1;
}
/**
 * The control's title. 控制项名称。
 */
export interface Bilingual5 {
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
 * The articles it rests on. 法律依据。
 */
export interface Bilingual6 {
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
 * The specific finding. 具体问题。
 */
export interface Bilingual7 {
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
 * The waiver that covers it. 豁免。
 */
export interface Waiver1 {
  /**
   * Waiver id in waivers.yaml. 豁免编号。
   */
  id: string;
  /**
   * Who accepted the risk. 负责人。
   */
  owner: string;
  /**
   * Why. 理由。
   */
  reason: string;
  /**
   * Last day the waiver holds (CST). 有效期至。
   */
  expires: string;
}
/**
 * Text in Chinese and English. 中英文文本。
 */
export interface Bilingual8 {
  /**
   * Chinese. 中文。
   */
  zh: string;
  /**
   * English. 英文。
   */
  en: string;
}
