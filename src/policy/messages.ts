/**
 * Every problem text the loader produces, in Chinese and English, in one place so wording stays
 * consistent and tests can assert exact strings. Each entry returns the problem code, the message and,
 * where the fix can be guessed, the fix.
 */
import { codePointName, visible } from "./input-limits";
import { didYouMean } from "./did-you-mean";
import { zh, type Bilingual } from "../text";

export interface MessageParts {
  code: string;
  message: Bilingual;
  fix?: Bilingual;
}

const q = (s: unknown): string => "`" + String(s) + "`";

function suggestion(s: string | undefined): Bilingual | undefined {
  return s === undefined ? undefined : { zh: zh`是否应为 ${q(s)}？`, en: `did you mean ${q(s)}?` };
}

function withFix(parts: Omit<MessageParts, "fix">, fix: Bilingual | undefined): MessageParts {
  return fix ? { ...parts, fix } : parts;
}

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { zh: "字符串", en: "a string" },
  integer: { zh: "整数", en: "an integer" },
  number: { zh: "数字", en: "a number" },
  boolean: { zh: "布尔值（true/false）", en: "a boolean (true/false)" },
  array: { zh: "列表", en: "a list" },
  object: { zh: "映射（键: 值）", en: "a mapping (key: value)" },
  null: { zh: "空值", en: "null" },
};

/** JSON type name of a parsed value, as JSON Schema names it. */
export function jsonType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeName(t: string): Bilingual {
  return TYPE_NAMES[t] ?? { zh: t, en: t };
}

function preview(value: unknown): string {
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return s === undefined ? "" : s.length > 40 ? s.slice(0, 37) + "..." : s;
}

/** What a referenced id is, for "unknown …" messages. */
export const REF_KINDS = {
  user: { zh: "成员", en: "user", where: { zh: "人事花名册", en: "the HR roster" } },
  department: {
    zh: "部门",
    en: "department",
    where: { zh: "tenant.yaml 的 departments", en: "tenant.yaml departments" },
  },
  "consent-purpose": {
    zh: "同意目的",
    en: "consent purpose",
    where: { zh: "consent.yaml 的 purposes", en: "consent.yaml purposes" },
  },
  pia: {
    zh: "个人信息保护影响评估记录",
    en: "PIA record",
    where: { zh: "records.yaml 的 pias", en: "records.yaml pias" },
  },
  consultation: {
    zh: "民主协商记录",
    en: "consultation record",
    where: { zh: "records.yaml 的 consultations", en: "records.yaml consultations" },
  },
  app: { zh: "应用", en: "app", where: { zh: "apps.yaml", en: "apps.yaml" } },
  role: { zh: "角色", en: "role", where: { zh: "roles.yaml", en: "roles.yaml" } },
  recipient: {
    zh: "境外接收方",
    en: "overseas recipient",
    where: { zh: "crossborder.yaml 的 recipients", en: "crossborder.yaml recipients" },
  },
  control: { zh: "控制项", en: "control", where: { zh: "控制项目录", en: "the control catalogue" } },
  "checkin-rule": {
    zh: "打卡规则",
    en: "check-in rule",
    where: { zh: "checkin.yaml 的 rules", en: "checkin.yaml rules" },
  },
} as const;
export type RefKind = keyof typeof REF_KINDS;

/** Chinese explanations of the yaml parser's error codes (its messages are English only). */
const YAML_HINTS: Record<string, string> = {
  MISSING_CHAR: "缺少闭合符号（引号、] 或 }）",
  BAD_INDENT: "缩进不正确",
  TAB_AS_INDENT: "不能用 Tab 缩进，请用空格",
  MULTILINE_IMPLICIT_KEY: "键必须写在同一行",
  BLOCK_AS_IMPLICIT_KEY: "键的位置不正确，检查缩进与冒号",
  BLOCK_IN_FLOW: "方括号或花括号内不能使用块结构",
  UNEXPECTED_TOKEN: "出现了意外的字符",
  BAD_SCALAR_START: "该值不能以此字符开头，请加引号",
  BAD_DQ_ESCAPE: "双引号字符串中的转义序列无效",
  MULTIPLE_DOCS: "一个文件只能包含一个 YAML 文档",
  BAD_ALIAS: "别名无效",
  TAG_RESOLVE_FAILED: "无法解析的标签",
  KEY_OVER_1024_CHARS: "键过长",
  NON_STRING_KEY: "键必须是普通文本，不能是映射或列表",
};

export const msg = {
  fileMissing: (file: string): MessageParts => ({
    code: "file.missing",
    message: { zh: zh`缺少策略文件 ${q(file)}`, en: `missing policy file ${q(file)}` },
    fix: {
      zh: zh`创建 ${q(file)}（字段说明见 docs/policies.md）`,
      en: `create ${q(file)} (fields: docs/policies.md)`,
    },
  }),
  dirMissing: (dir: string): MessageParts => ({
    code: "file.missing",
    message: { zh: zh`策略目录 ${q(dir)} 不存在`, en: `policies directory ${q(dir)} does not exist` },
    fix: { zh: "用 --dir 指定策略目录", en: "point --dir at the policies directory" },
  }),
  fileUnreadable: (file: string, reason: string): MessageParts => ({
    code: "file.unreadable",
    message: { zh: zh`无法读取 ${q(file)}：${reason}`, en: `cannot read ${q(file)}: ${reason}` },
  }),
  fileUnknown: (file: string, guess: string | undefined): MessageParts =>
    withFix(
      {
        code: "file.unknown",
        message: { zh: zh`未知的策略文件 ${q(file)}`, en: `unknown policy file ${q(file)}` },
      },
      suggestion(guess) ?? {
        zh: "删除该文件，或将其移出策略目录",
        en: "remove it or move it out of the policies directory",
      },
    ),
  fileEmpty: (file: string): MessageParts => ({
    code: "file.empty",
    message: { zh: zh`${q(file)} 为空`, en: `${q(file)} is empty` },
    fix: {
      zh: "按 schema 填写内容（见 docs/policies.md）",
      en: "fill it in as its schema describes (docs/policies.md)",
    },
  }),
  yamlSyntax: (yamlCode: string, detail: string): MessageParts => {
    const hint = YAML_HINTS[yamlCode];
    return {
      code: "yaml.syntax",
      message: {
        zh: hint ? `YAML 语法错误：${hint}（${detail}）` : `YAML 语法错误：${detail}`,
        en: `YAML syntax error: ${detail}`,
      },
    };
  },
  tooDeep: (limit: number): MessageParts => ({
    code: "yaml.too-deep",
    message: {
      zh: `嵌套超过 ${limit} 层，从此处开始——策略文件只需几层嵌套；请检查是否误写了成串的 [ 或缩进`,
      en: `nested more than ${limit} levels deep from here — policy files need only a few levels; look for a run of [ or of indentation`,
    },
  }),
  fileTooLarge: (file: string, bytes: number, limit: number): MessageParts => {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return {
      code: "file.too-large",
      message: {
        zh: `${q(file)} 大小为 ${mib(bytes)}，超过策略文件上限 ${mib(limit)}；未读取该文件（可用环境变量 WECOM_POLICY_MAX_FILE_BYTES 调整上限）`,
        en: `${q(file)} is ${mib(bytes)}, more than the ${mib(limit)} a policy file may be; it was not read (the limit is WECOM_POLICY_MAX_FILE_BYTES)`,
      },
    };
  },
  controlCharacter: (c: {
    text: string;
    index: number;
    char: string;
    key: boolean;
    freeText: boolean;
  }): MessageParts => {
    const what = c.key ? { zh: "键", en: "key" } : { zh: "值", en: "value" };
    const rule = c.freeText
      ? {
          zh: "文本字段可以换行，但不得包含其他控制字符",
          en: "text fields may hold line breaks and tabs but no other control character",
        }
      : {
          zh: "名称、标识和键只能是一行可见文本，不得包含控制字符（它会被不可见地发送到企业微信）",
          en: "names, ids and keys are one line of visible text with no control character (it would reach WeCom unseen)",
        };
    return withFix(
      {
        code: "text.control-character",
        message: {
          zh: `${what.zh} ${q(visible(c.text))} 的第 ${c.index} 个字符是控制字符 ${codePointName(c.char)}——${rule.zh}`,
          en: `${what.en} ${q(visible(c.text))} has the control character ${codePointName(c.char)} at character ${c.index} — ${rule.en}`,
        },
      },
      { zh: "删除该字符后重新输入", en: "retype it without that character" },
    );
  },
  duplicateKey: (key: string | undefined): MessageParts => ({
    code: "yaml.duplicate-key",
    message:
      key === undefined
        ? { zh: "重复的键", en: "duplicate key" }
        : { zh: zh`重复的键 ${q(key)}`, en: `duplicate key ${q(key)}` },
    fix: { zh: "删除或重命名其中一个", en: "remove or rename one of them" },
  }),
  unknownField: (field: string, guess: string | undefined): MessageParts =>
    withFix(
      {
        code: "schema.unknown-field",
        message: { zh: zh`未知字段 ${q(field)}`, en: `unknown field ${q(field)}` },
      },
      suggestion(guess) ?? { zh: "删除该字段", en: "remove the field" },
    ),
  requiredField: (field: string): MessageParts => ({
    code: "schema.required",
    message: { zh: zh`缺少必填字段 ${q(field)}`, en: `missing required field ${q(field)}` },
    fix: { zh: zh`添加 ${q(field + ":")}`, en: `add ${q(field + ":")}` },
  }),
  wrongType: (expected: string[], value: unknown): MessageParts => {
    const exp = expected.map(typeName);
    const got = typeName(jsonType(value));
    const shown = value === null || value === undefined ? "" : ` (${preview(value)})`;
    return {
      code: "schema.type",
      message: {
        zh: zh`应为${exp.map((t) => t.zh).join("或")}，实际为${got.zh}${shown}`,
        en: `expected ${exp.map((t) => t.en).join(" or ")}, got ${got.en}${shown}`,
      },
    };
  },
  notInEnum: (value: unknown, allowed: unknown[]): MessageParts => {
    const list = allowed.map((a) => String(a)).join(", ");
    return withFix(
      {
        code: "schema.enum",
        message: {
          zh: zh`${q(preview(value))} 不是允许的取值（${list}）`,
          en: `${q(preview(value))} is not one of ${list}`,
        },
      },
      typeof value === "string" ? suggestion(didYouMean(value, allowed.map(String))) : undefined,
    );
  },
  badFormat: (value: unknown, format: string): MessageParts => {
    const names: Record<string, Bilingual> = {
      date: { zh: "日期（YYYY-MM-DD）", en: "date (YYYY-MM-DD)" },
      email: { zh: "邮箱地址", en: "email address" },
      uri: { zh: "URL", en: "URL" },
      hostname: { zh: "域名", en: "host name" },
    };
    const n = names[format] ?? { zh: format, en: format };
    return {
      code: "schema.format",
      message: {
        zh: zh`${q(preview(value))} 不是有效的${n.zh}`,
        en: `${q(preview(value))} is not a valid ${n.en}`,
      },
    };
  },
  badPattern: (value: unknown, pattern: string): MessageParts => ({
    code: "schema.pattern",
    message: {
      zh: zh`${q(preview(value))} 不符合格式 ${q(pattern)}`,
      en: `${q(preview(value))} does not match ${q(pattern)}`,
    },
  }),
  outOfRange: (value: unknown, comparison: string, limit: unknown): MessageParts => ({
    code: "schema.range",
    message: {
      zh: zh`${preview(value)} 超出范围：应 ${comparison} ${String(limit)}`,
      en: `${preview(value)} is out of range: must be ${comparison} ${String(limit)}`,
    },
  }),
  badLength: (
    what: "string" | "array" | "object",
    comparison: string,
    limit: unknown,
    actual?: number,
  ): MessageParts => {
    const unit =
      what === "string"
        ? { zh: "个字符", en: "characters" }
        : what === "array"
          ? { zh: "项", en: "items" }
          : { zh: "个条目", en: "entries" };
    const has =
      actual === undefined
        ? { zh: "", en: "" }
        : { zh: zh`有 ${actual} ${unit.zh}，`, en: `has ${actual} ${unit.en}; ` };
    return {
      code: "schema.length",
      message: {
        zh: zh`${has.zh}长度应 ${comparison} ${String(limit)} ${unit.zh}`,
        en: `${has.en}must have ${comparison} ${String(limit)} ${unit.en}`,
      },
    };
  },
  duplicateItem: (value: unknown, firstIndex: number): MessageParts => ({
    code: "schema.duplicate-item",
    message: {
      zh: zh`重复的项 ${q(preview(value))}（与第 ${firstIndex} 项相同）`,
      en: `duplicate item ${q(preview(value))} (same as item ${firstIndex})`,
    },
    fix: { zh: "删除重复项", en: "remove the duplicate" },
  }),
  badKey: (key: string, pattern: string): MessageParts => ({
    code: "schema.key",
    message: {
      zh: zh`键名 ${q(key)} 不符合格式 ${q(pattern)}`,
      en: `key ${q(key)} does not match ${q(pattern)}`,
    },
    fix: { zh: "键名只用小写字母、数字和连字符", en: "use lowercase letters, digits and hyphens" },
  }),
  schemaOther: (detail: string): MessageParts => ({
    code: "schema.invalid",
    message: { zh: zh`不符合 schema：${detail}`, en: `does not match the schema: ${detail}` },
  }),
  csvSyntax: (detail: string): MessageParts => ({
    code: "csv.syntax",
    message: { zh: zh`CSV 格式错误：${detail}`, en: `CSV syntax error: ${detail}` },
  }),
  csvUnknownColumn: (column: string, guess: string | undefined): MessageParts =>
    withFix(
      {
        code: "csv.unknown-column",
        message: { zh: zh`未知列 ${q(column)}`, en: `unknown column ${q(column)}` },
      },
      suggestion(guess) ?? { zh: "删除该列", en: "remove the column" },
    ),
  csvMissingColumn: (column: string): MessageParts => ({
    code: "csv.missing-column",
    message: { zh: zh`缺少必需列 ${q(column)}`, en: `missing required column ${q(column)}` },
    fix: { zh: zh`在首行添加 ${q(column)}`, en: `add ${q(column)} to the header row` },
  }),
  duplicateId: (kind: string, id: string | number, firstLine: number): MessageParts => ({
    code: "ref.duplicate",
    message: {
      zh: zh`重复的${kind === "userid" ? "成员" : kind} ${q(id)}（第 ${firstLine} 行已出现）`,
      en: `duplicate ${kind} ${q(id)} (first on line ${firstLine})`,
    },
    fix: { zh: "每个标识只能出现一次", en: "each id may appear only once" },
  }),
  unknownRef: (kind: RefKind, id: string | number, guess: string | undefined): MessageParts => {
    const k = REF_KINDS[kind];
    return withFix(
      {
        code: `ref.unknown-${kind}`,
        message: { zh: zh`未知${k.zh} ${q(id)}`, en: `unknown ${k.en} ${q(id)}` },
      },
      suggestion(guess) ?? {
        zh: zh`在${k.where.zh}中声明它，或更正引用`,
        en: `declare it in ${k.where.en} or correct the reference`,
      },
    );
  },
  ledgerSource: (both: boolean): MessageParts => ({
    code: "consent.ledger-source",
    message: both
      ? { zh: "同时声明了 ledger 与 ledger_file", en: "both `ledger` and `ledger_file` are declared" }
      : {
          zh: "未声明同意台账（ledger 或 ledger_file）",
          en: "no consent ledger declared (`ledger` or `ledger_file`)",
        },
    fix: {
      zh: "只保留一种：内联 ledger，或 ledger_file 指向 CSV",
      en: "keep exactly one: an inline `ledger`, or `ledger_file` naming a CSV",
    },
  }),
  withdrawnBeforeGiven: (given: string, withdrawn: string): MessageParts => ({
    code: "consent.dates",
    message: {
      zh: zh`撤回日期 ${withdrawn} 早于同意日期 ${given}`,
      en: `withdrawn ${withdrawn} is before given ${given}`,
    },
  }),
  duplicateValue: (what: Bilingual, value: string | number, other: string): MessageParts => ({
    code: "ref.duplicate",
    message: {
      zh: zh`${what.zh} ${q(value)} 与 ${other} 重复`,
      en: `${what.en} ${q(value)} is also used by ${other}`,
    },
    fix: { zh: "每个值只能使用一次", en: "each value may be used only once" },
  }),
  departmentCycle: (id: number): MessageParts => ({
    code: "tenant.department-tree",
    message: {
      zh: zh`部门 ${q(id)} 的上级链不能到达根部门`,
      en: `department ${q(id)} does not reach the root through its parents`,
    },
    fix: { zh: "检查 parent，根部门的 parent 为 0", en: "check `parent`; the root's parent is 0" },
  }),
  recordKind: (id: string, expected: RefKind, actual: RefKind): MessageParts => ({
    code: "ref.record-kind",
    message: {
      zh: zh`${q(id)} 是${REF_KINDS[actual].zh}，此处需要${REF_KINDS[expected].zh}`,
      en: `${q(id)} is a ${REF_KINDS[actual].en}, a ${REF_KINDS[expected].en} is needed here`,
    },
  }),
  consolePathUnknown: (name: string, guess: string | undefined): MessageParts =>
    withFix(
      {
        code: "protection.console-path",
        message: { zh: zh`未知的管理后台路径 ${q(name)}`, en: `unknown console path ${q(name)}` },
      },
      suggestion(guess) ?? {
        zh: "使用 src/wecom/console-paths.ts 中的路径名称，如 watermark、fileLeakProtection",
        en: "use a path name from src/wecom/console-paths.ts, such as watermark or fileLeakProtection",
      },
    ),
  interceptRangeEmpty: (): MessageParts => ({
    code: "protection.range-empty",
    message: {
      zh: "拦截规则的适用范围为空：企业微信要求成员与部门不能同时为空",
      en: "the intercept rule covers nobody: WeCom needs at least one member or department",
    },
    fix: {
      zh: "在 applies_to 中填写 roles、members 或 departments",
      en: "list roles, members or departments under applies_to",
    },
  }),
  interceptTooManyUsers: (count: number, limit: number): MessageParts => ({
    code: "protection.range-too-large",
    message: {
      zh: zh`拦截规则覆盖 ${count} 名成员（含角色成员），企业微信每条规则最多 ${limit} 名`,
      en: `the intercept rule covers ${count} members (with the roles' members); WeCom allows at most ${limit} per rule`,
    },
    fix: {
      zh: "改用 departments 覆盖整个部门，或拆分为多条规则",
      en: "cover whole departments with `departments`, or split the rule",
    },
  }),
  checkinRangeEmpty: (): MessageParts => ({
    code: "checkin.range-empty",
    message: {
      zh: "打卡规则的打卡人员为空：成员与部门不能同时为空",
      en: "the check-in rule covers nobody: it needs at least one member or department",
    },
    fix: {
      zh: "在 applies_to 中填写 roles、members 或 departments",
      en: "list roles, members or departments under applies_to",
    },
  }),
  checkinShiftOrder: (start: string, end: string): MessageParts => ({
    code: "checkin.shift-order",
    message: {
      zh: zh`上班时间 ${start} 不早于下班时间 ${end}`,
      en: `the shift starts at ${start}, not before its end at ${end}`,
    },
    fix: { zh: "上班时间须早于下班时间", en: "make `start` earlier than `end`" },
  }),
  checkinNoBasis: (): MessageParts => ({
    code: "checkin.no-basis",
    message: {
      zh: "未写明合法性基础：既没有 hr_record 也没有 consent_purpose",
      en: "no legal basis: neither `hr_record` nor `consent_purpose` is given",
    },
    fix: {
      zh: "填写 records.yaml 中的劳动规章制度民主程序记录（hr_record），或 consent.yaml 中的同意目的（consent_purpose）",
      en: "name the labour-rules consultation record of records.yaml (`hr_record`) or a consent purpose of consent.yaml (`consent_purpose`)",
    },
  }),
};
