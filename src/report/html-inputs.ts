/**
 * The inputs of `wecom-policy report --html`: the JSON that `audit --json`, `drift --json` and
 * `history --json` write, each read from a file and checked against its schema before anything is drawn.
 * Every problem with every file is reported at once, naming the flag, the file and what is wrong, in Chinese
 * and English; a file given to the wrong flag (an audit report as `--drift`) says which flag it belongs to.
 */
import * as fs from "node:fs";
import type { AuditReport } from "../audit/evaluate";
import type { DriftReport } from "../drift/run";
import type { HistoryReport } from "../generated/history-report";
import { maxFileBytes } from "../policy/input-limits";
import { partsFor } from "../policy/schema-problems";
import { validateAgainst } from "../schema";
import { zh, type Bilingual } from "../text";
import { jsonErrorPosition } from "./json-position";

export const REPORT_INPUTS = ["audit", "drift", "history"] as const;
export type ReportInputKind = (typeof REPORT_INPUTS)[number];

/** The schema each input must match (schemas/<name>.schema.json) and the command that writes it. */
const SOURCES: Readonly<Record<ReportInputKind, { schema: string; command: string }>> = {
  audit: { schema: "audit-report", command: "wecom-policy audit --json FILE" },
  drift: { schema: "drift-report", command: "wecom-policy drift --json FILE" },
  history: { schema: "history-report", command: "wecom-policy history --json" },
};

export type { HistoryReport };

export interface ReportInputs {
  audit?: AuditReport;
  drift?: DriftReport;
  history?: HistoryReport;
}

export type ReportInputFiles = Partial<Record<ReportInputKind, string>>;

/** One problem with one input: the flag and file it is about, and what is wrong. */
export interface InputProblem {
  readonly flag: `--${ReportInputKind}` | "";
  readonly file: string;
  readonly message: Bilingual;
}

export type LoadedInputs =
  | { readonly ok: true; readonly inputs: ReportInputs }
  | { readonly ok: false; readonly problems: readonly InputProblem[] };

/** At most this many schema problems are listed per file; the rest are counted. */
const MAX_LISTED = 10;

/** Read and check every input file given; every problem at once. */
export function loadReportInputs(files: ReportInputFiles): LoadedInputs {
  const given = REPORT_INPUTS.filter((k) => files[k] !== undefined);
  if (given.length === 0)
    return {
      ok: false,
      problems: [
        {
          flag: "",
          file: "",
          message: {
            zh: "至少需要一个输入：--audit FILE（wecom-policy audit --json 的输出）、--drift FILE（wecom-policy drift --json）或 --history FILE（wecom-policy history --json）。",
            en: "give at least one input: --audit FILE (from wecom-policy audit --json), --drift FILE (wecom-policy drift --json) or --history FILE (wecom-policy history --json).",
          },
        },
      ],
    };
  const inputs: ReportInputs = {};
  const problems: InputProblem[] = [];
  for (const kind of given) {
    const file = files[kind] as string;
    const read = readJson(file);
    if ("problem" in read) {
      problems.push({ flag: `--${kind}`, file, message: read.problem });
      continue;
    }
    const found = checkInput(kind, read.data);
    if (found.length > 0) {
      problems.push(...found.map((message) => ({ flag: `--${kind}` as const, file, message })));
      continue;
    }
    if (kind === "audit") inputs.audit = read.data as AuditReport;
    else if (kind === "drift") inputs.drift = read.data as DriftReport;
    else inputs.history = read.data as HistoryReport;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs };
}

/** `--audit audit.json: …` / `--audit audit.json：…`, one problem per line in both languages. */
export function formatInputProblems(problems: readonly InputProblem[]): string {
  const at = (p: InputProblem, sep: string) => (p.flag ? `${p.flag} ${p.file}${sep}` : "");
  return problems.map((p) => `${at(p, ": ")}${p.message.en}\n  ${at(p, "：")}${p.message.zh}`).join("\n");
}

function readJson(file: string): { data: unknown } | { problem: Bilingual } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? { problem: { zh: "文件不存在。", en: "no such file." } }
      : {
          problem: {
            zh: zh`无法读取文件（${code ?? "error"}）。`,
            en: `cannot read the file (${code ?? "error"}).`,
          },
        };
  }
  if (stat.isDirectory())
    return {
      problem: { zh: "这是一个目录，需要 JSON 文件。", en: "is a directory; a JSON file is needed." },
    };
  const cap = maxFileBytes();
  if (stat.size > cap)
    return {
      problem: {
        zh: zh`文件有 ${stat.size} 字节，超过上限 ${cap} 字节（WECOM_POLICY_MAX_FILE_BYTES）。`,
        en: `the file has ${stat.size} bytes, more than the limit of ${cap} (WECOM_POLICY_MAX_FILE_BYTES).`,
      },
    };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return { problem: { zh: zh`无法读取文件（${code}）。`, en: `cannot read the file (${code}).` } };
  }
  if (text.trim() === "")
    return { problem: { zh: "文件为空，需要 JSON。", en: "the file is empty; JSON is needed." } };
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    const where = jsonErrorPosition(text);
    return {
      problem: {
        zh: zh`不是有效的 JSON${where ? `（第 ${where.line} 行第 ${where.column} 列）` : ""}。`,
        en: `not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ""}.`,
      },
    };
  }
}

/** Which report a parsed JSON file looks like, by the fields only that report has. */
function looksLike(data: unknown): ReportInputKind | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  if ("auditedAt" in o && "controls" in o) return "audit";
  if ("checkedAt" in o && "items" in o) return "drift";
  if ("entries" in o && "range" in o) return "history";
  return undefined;
}

function checkInput(kind: ReportInputKind, data: unknown): Bilingual[] {
  const seems = looksLike(data);
  if (seems !== undefined && seems !== kind)
    return [
      {
        zh: zh`这是 ${SOURCES[seems].command} 的输出，应当用 --${seems} 传入，而不是 --${kind}。`,
        en: `this is the output of ${SOURCES[seems].command}; pass it as --${seems}, not --${kind}.`,
      },
    ];
  const schema = SOURCES[kind].schema;
  const issues = validateAgainst(schema, data);
  if (issues.length === 0) return [];
  const head: Bilingual = {
    zh: zh`不符合 schemas/${schema}.schema.json（应为 ${SOURCES[kind].command} 的输出），共 ${issues.length} 处问题：`,
    en: `does not match schemas/${schema}.schema.json (the output of ${SOURCES[kind].command}); ${issues.length} problem${issues.length === 1 ? "" : "s"}:`,
  };
  const listed = issues.slice(0, MAX_LISTED).map((issue): Bilingual => {
    const at = issue.pointer === "" ? "/" : issue.pointer;
    const m = partsFor(issue).message;
    return { zh: `${at}：${m.zh}`, en: `${at}: ${m.en}` };
  });
  const more: Bilingual[] =
    issues.length > MAX_LISTED
      ? [
          {
            zh: zh`……另有 ${issues.length - MAX_LISTED} 处。`,
            en: `… and ${issues.length - MAX_LISTED} more.`,
          },
        ]
      : [];
  return [head, ...listed, ...more];
}
