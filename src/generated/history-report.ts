/* eslint-disable */
/**
 * GENERATED from schemas/history-report.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * Output of `wecom-policy history --json` and `wecom-policy diff --json`: the changes to the policy files in policy terms, per commit (history) or between two revisions (diff), with the controls each change touches and the declared controls whose result changed. Version 1. 策略变更报告（版本 1）。
 */
export interface HistoryReport {
  /**
   * Format version. A field is only ever added in a new version. 格式版本。
   */
  version: 1;
  /**
   * history: one entry per commit that changed the policy directory, oldest first; diff: one entry, base → head. history 每个提交一项；diff 一项。
   */
  kind: "history" | "diff";
  /**
   * The policy directory, relative to the repository root, at the newest revision. 策略目录（相对仓库根目录）。
   */
  dir: string;
  /**
   * What was compared, as asked: a revision range for history, `BASE..HEAD` for diff (HEAD `working tree` when uncommitted changes count). 比较范围。
   */
  range: string;
  /**
   * The commits (history) or the one comparison (diff). 各提交或一次比较。
   */
  entries: Entry[];
}
/**
 * One commit (or the diff): who, when, and what changed in policy terms. 一个提交（或一次比较）。
 */
export interface Entry {
  /**
   * The commit's full hash; null for the working tree (uncommitted changes). 提交号；工作区为 null。
   */
  commit: string | null;
  /**
   * The revision compared with (the first parent, or diff's base); null when the policy directory did not exist there. 比较基准；目录不存在时为 null。
   */
  base: string | null;
  /**
   * The commit's author. 作者。
   */
  author?: {
    /**
     * Author name. 姓名。
     */
    name: string;
    /**
     * Author e-mail. 邮箱。
     */
    email: string;
  };
  /**
   * Author date, ISO 8601 with the author's offset. 提交日期。
   */
  date?: string;
  /**
   * The commit message's first line. 提交说明首行。
   */
  subject?: string;
  /**
   * Policy files the commit renamed (paths relative to the repository root); their contents are compared as one file. 被重命名的策略文件。
   *
   * Items: One rename. 一次重命名。
   */
  renames: {
    /**
     * Old path. 原路径。
     */
    from: string;
    /**
     * New path. 新路径。
     */
    to: string;
  }[];
  /**
   * The policy files do not load at this revision: how many problems and the first few (file:line — message). The next valid revision is compared with the last valid one. 该修订下策略文件无法加载。
   */
  invalid?: {
    /**
     * Number of problems. 问题数。
     */
    count: number;
    /**
     * The first problems, one line each, in English. 前几个问题。
     */
    problems: string[];
  };
  /**
   * Each change in policy terms. 每项变更。
   */
  changes: Change[];
  /**
   * Declared controls whose result on a target changed (evaluated on both sides at the commit's date, waivers applied). 结论发生变化的声明类控制项。
   */
  controls: ControlChange[];
}
/**
 * One change in policy terms. 一项策略变更。
 */
export interface Change {
  /**
   * What kind of thing changed. 变更对象的类别。
   */
  area:
    | "tenant"
    | "department"
    | "role"
    | "app"
    | "archive"
    | "consent-purpose"
    | "consent"
    | "retention"
    | "roster"
    | "person"
    | "crossborder"
    | "recipient"
    | "pia"
    | "consultation"
    | "incident-plan"
    | "training"
    | "waiver";
  /**
   * The entity's key (role key, app key, userid, waiver id); empty for a file-wide setting. 对象键名。
   */
  subject: string;
  /**
   * The field as the policy file names it; absent when the entity itself was added or removed. 字段。
   */
  field?: string;
  /**
   * added, removed or changed. 新增、删除或修改。
   */
  op: "added" | "removed" | "changed";
  /**
   * Schema path of what changed (`<schema>#/<field>/…`). 变更的 schema 路径。
   */
  path: string;
  text: Bilingual;
  /**
   * The old value (scalars and free text). 旧值。
   */
  before?: string | number | boolean;
  /**
   * The new value (scalars and free text). 新值。
   */
  after?: string | number | boolean;
  /**
   * For a set: the items added. 集合新增项。
   */
  added?: string[];
  /**
   * For a set: the items removed. 集合删除项。
   */
  removed?: string[];
  /**
   * For free text: the word diff (the `diff` package's diffWords). 自由文本的逐词差异。
   *
   * Items: A run of words. 一段文字。
   */
  words?: {
    /**
     * The words. 文字。
     */
    value: string;
    /**
     * Added in the new text. 新增。
     */
    added?: boolean;
    /**
     * Removed from the old text. 删除。
     */
    removed?: boolean;
  }[];
  /**
   * Controls whose reads the change touches (src/rules/reads.ts), catalogue order. 涉及的控制项。
   */
  controls: string[];
}
/**
 * The change in policy terms. 变更描述。
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
 * A declared control whose verdict on a target changed. 结论变化的控制项。
 */
export interface ControlChange {
  /**
   * Control id with version. 控制项编号。
   */
  controlId: string;
  /**
   * mandatory (fails the preview) or advisory. 强制或建议。
   */
  severity: "mandatory" | "advisory";
  /**
   * What the verdict is about. 对象。
   */
  target: string;
  /**
   * Verdict before. 之前的结论。
   */
  before: "pass" | "fail" | "waived" | "not-applicable" | "cannot-check" | null;
  /**
   * Verdict after. 之后的结论。
   */
  after: "pass" | "fail" | "waived" | "not-applicable" | "cannot-check" | null;
  title: Bilingual1;
  message: Bilingual2;
  law?: Bilingual3;
}
/**
 * The control's title. 控制项标题。
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
 * The finding's message after the change (before it, when the finding is gone). 结论说明。
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
 * The articles of law the control rests on. 法律依据。
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
