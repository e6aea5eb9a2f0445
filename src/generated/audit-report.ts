/* eslint-disable */
/**
 * GENERATED from schemas/audit-report.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * Output of `wecom-policy audit --json FILE` and results.json of an evidence directory. Version 2 (version 1 said 1 where version 2 says 2: a failing mandatory control, as the command exits since the exit codes became one table); a field is only ever added in a new version. 合规审计报告（版本 2）。
 */
export interface AuditReport {
  /**
   * Format version; always 2 for this schema. 格式版本。
   */
  version: 2;
  /**
   * The Pulumi stack audited. 审计的堆栈。
   */
  stack: string;
  /**
   * The instant the audit describes (ISO 8601); every date check measures from it. 审计时间。
   */
  auditedAt: string;
  /**
   * The tenant's corp id (not a secret). 企业ID。
   */
  corpId: string;
  /**
   * `wecom-policy audit`'s exit code: 0 when no mandatory control fails, 2 when one does (README, Exit codes). 退出码。
   */
  exitCode: 0 | 2;
  policy: Policy;
  reach: Reach;
  summary: Summary;
  /**
   * Every control of the catalogue, in catalogue order. 目录中的每项控制。
   */
  controls: Control[];
}
/**
 * Which policy files were audited. 被审计的策略文件。
 */
export interface Policy {
  /**
   * The git commit of the policy directory, or null outside git. 策略文件所在的 git 提交。
   */
  commit: string | null;
  /**
   * The files differ from that commit. 与该提交相比有未提交的修改。
   */
  dirty: boolean;
  /**
   * SHA-256 over every policy file's path and content, in path order. 策略文件内容哈希。
   */
  contentHash: string;
  /**
   * The policy files read, relative to the policy directory. 读取的策略文件。
   */
  files: string[];
}
/**
 * What the configuration could read. 配置可读取的范围。
 */
export interface Reach {
  /**
   * The contacts-sync secret is configured. 已配置通讯录同步 Secret。
   */
  contacts: boolean;
  /**
   * The archive secret is configured. 已配置会话存档 Secret。
   */
  archive: boolean;
  /**
   * agentids with a secret. 已配置 Secret 的应用。
   */
  apps: number[];
  /**
   * The security-log app is configured. 已配置安全日志应用。
   */
  security: boolean;
  /**
   * The customer-contact app is configured. 已配置客户联系应用。
   */
  customer: boolean;
}
/**
 * Counts over every result. 汇总。
 */
export interface Summary {
  /**
   * Failed mandatory results: any makes the exit code 1. 强制项失败数。
   */
  mandatoryFailures: number;
  /**
   * Failed advisory results. 建议项失败数。
   */
  advisoryFailures: number;
  /**
   * Waived results. 已豁免数。
   */
  waived: number;
  /**
   * Passed results. 通过数。
   */
  passed: number;
  /**
   * Results not applicable. 不适用数。
   */
  notApplicable: number;
  /**
   * Results that could not be checked. 无法检查数。
   */
  cannotCheck: number;
}
/**
 * A control of the catalogue and its verdicts. 一项控制及其结论。
 */
export interface Control {
  /**
   * Versioned control id. 控制编号。
   */
  id: string;
  /**
   * mandatory or advisory. 严重程度。
   */
  severity: "mandatory" | "advisory";
  /**
   * declared (policy files), live (the tenant) or both. 类型。
   */
  kind: "declared" | "live" | "declared+live";
  /**
   * The commands that evaluate this control. 评估该控制的命令。
   */
  evaluatedIn: ("validate" | "preview" | "audit" | "drift")[];
  /**
   * The worst verdict over its targets: fail > waived > cannot-check > pass > not-applicable. 最差结论。
   */
  status: "pass" | "fail" | "waived" | "not-applicable" | "cannot-check";
  title: Bilingual;
  law: Bilingual1;
  /**
   * One verdict per target. 每个对象一项结论。
   */
  results: Result[];
}
/**
 * The control's title. 控制名称。
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
 * The articles it rests on. 法律依据。
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
 * One control's verdict on one target. 一项控制对一个对象的结论。
 */
export interface Result {
  /**
   * What the verdict is about (member:ID, app:AGENTID, role:KEY, archive, tenant…); a waiver names it. 对象。
   */
  target: string;
  /**
   * pass, fail, waived, not-applicable or cannot-check (a live fact could not be read; the message says why). 结论。
   */
  status: "pass" | "fail" | "waived" | "not-applicable" | "cannot-check";
  message: Bilingual2;
  /**
   * file:line:column in the policy files. 位置。
   */
  location?: string;
  /**
   * The policy file and JSON pointer. 文件与 JSON 指针。
   */
  pointer?: string;
  waiver?: Waiver;
  /**
   * Facts behind the verdict (free-form per control). 依据。
   */
  evidence?: {};
}
/**
 * The verdict's reason. 结论说明。
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
 * The waiver that silenced a failure. 豁免。
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
