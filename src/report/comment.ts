/**
 * The pull-request comment: one Markdown text with a summary first (both languages) and the details
 * collapsed in `<details>` (the reader's language, law in both): the policy diff in policy terms, the legal
 * gate, and what `pulumi up` will write per resource and member — or what needs an admin in the console.
 * Bounded to GitHub's 65,536-character comment limit: when it would be longer, each section gives up its
 * tail fairly and the comment says how much was left out and where the full report is. A hidden marker lets
 * CI find the comment and update it in place.
 */
import type { Entry } from "../generated/history-report";
import { control, citeAll, summarise, where, type Finding } from "../rules";
import type { PlannedItem, PlannedResource, Review } from "../review/run";
import { FIELD_WORDS, labelled, withSeverity, type Bilingual, type Lang } from "../text";
import { changeBullets, controlBullets } from "./history";
import { mdCode, mdText } from "./markdown";

/** The hidden line CI looks for to update the comment instead of adding one per push. */
export const COMMENT_MARKER = "<!-- wecom-policy -->";
/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface CommentOptions {
  readonly lang: Lang;
  /** Longest comment, in characters (UTF-16 code units, which never undercount); default GitHub's. */
  readonly limit?: number;
  /** Where the full report is (the CI run's artifacts), named when the comment is cut. */
  readonly reportUrl?: string;
}

export interface Comment {
  /** The comment to post, within the limit. */
  readonly markdown: string;
  /** The same, uncut. */
  readonly full: string;
  /** How many detail lines were left out of `markdown`. */
  readonly cut: number;
}

interface Section {
  readonly summary: string;
  readonly items: readonly string[];
  /** Open by default (the legal gate when it blocks). */
  readonly open?: boolean;
}

const L = {
  title: { zh: "策略评审", en: "policy review" },
  changes: { zh: "策略变更", en: "Policy changes" },
  gate: { zh: "法律检查", en: "Legal gate" },
  preview: { zh: "pulumi preview", en: "pulumi preview" },
  results: { zh: "控制项结论变化", en: "Control results" },
  console: { zh: "需管理员在后台操作", en: "needs an admin in the console" },
} as const;

function changeSummary(r: Review): Bilingual {
  if ("error" in r.diff)
    return { zh: `无法比较：${mdText(r.diff.error.zh)}`, en: `not compared: ${mdText(r.diff.error.en)}` };
  const e = r.diff.entries[0];
  if (!e || e.invalid) return { zh: "策略文件无法加载", en: "the policy files do not load" };
  const controls = [...new Set(e.changes.flatMap((c) => c.controls))];
  const touched = controls.length > 0 ? controls.join(", ") : "—";
  return {
    zh: `${e.changes.length} 项变更；涉及 ${touched}`,
    en: `${e.changes.length} change${e.changes.length === 1 ? "" : "s"}; touching ${touched}`,
  };
}

function resultSummary(r: Review): Bilingual | undefined {
  if ("error" in r.diff) return undefined;
  const cs = r.diff.entries[0]?.controls ?? [];
  if (cs.length === 0) return undefined;
  const worse = cs.filter((c) => c.after === "fail").length;
  const better = cs.filter((c) => c.before === "fail").length;
  return {
    zh: `${worse} 项变为未通过，${better} 项不再未通过`,
    en: `${worse} now failing, ${better} no longer failing`,
  };
}

function gateSummary(r: Review): Bilingual {
  if (!r.gate.ok)
    return {
      zh: `✗ 策略文件有 ${r.gate.problems.length} 个问题，preview 被阻止`,
      en: `✗ ${r.gate.problems.length} problem(s) in the policy files: the preview is blocked`,
    };
  const s = summarise(r.gate.findings);
  if (s.mandatoryFailures > 0)
    return {
      zh: `✗ 强制项失败 ${s.mandatoryFailures} 个，preview 被阻止；建议项失败 ${s.advisoryFailures} 个`,
      en: `✗ ${s.mandatoryFailures} mandatory failure(s): the preview is blocked; ${s.advisoryFailures} advisory`,
    };
  return {
    zh: `✓ 通过；建议项失败 ${s.advisoryFailures} 个，已豁免 ${s.waived} 个`,
    en: `✓ passed; ${s.advisoryFailures} advisory failure(s), ${s.waived} waived`,
  };
}

const OPS_ZH: Record<string, string> = {
  create: "创建",
  update: "更新",
  delete: "删除",
  replace: "替换",
  same: "不变",
};

function previewSummary(r: Review): Bilingual {
  const p = r.preview;
  if (!p) return { zh: "未提供 preview 结果", en: "no preview result given" };
  const ops = Object.entries(p.summary).filter(([op, n]) => op !== "same" && n > 0);
  const consoleItems = p.resources.reduce((n, res) => n + res.items.filter((i) => i.console).length, 0);
  const zhOps = ops.length ? ops.map(([op, n]) => `${OPS_ZH[op] ?? op} ${n}`).join("，") : "无变更";
  const enOps = ops.length ? ops.map(([op, n]) => `${n} to ${op}`).join(", ") : "no changes";
  const err =
    p.errors.length > 0
      ? { zh: `；${p.errors.length} 个错误`, en: `; ${p.errors.length} error(s)` }
      : { zh: "", en: "" };
  return {
    zh: `${zhOps}${consoleItems ? `；${consoleItems} 项${L.console.zh}` : ""}${err.zh}`,
    en: `${enOps}${consoleItems ? `; ${consoleItems} ${consoleItems === 1 ? L.console.en : "need an admin in the console"}` : ""}${err.en}`,
  };
}

function changeItems(r: Review, lang: Lang): string[] {
  if ("error" in r.diff) return [`- ${mdText(r.diff.error[lang])}`];
  const e: Entry | undefined = r.diff.entries[0];
  if (!e) return [];
  const items = changeBullets(e, lang);
  const results = controlBullets(e, lang);
  if (results.length > 0) items.push(`- **${L.results[lang]}**`, ...results.map((l) => `  ${l}`));
  return items;
}

function findingLines(f: Finding, r: Review, lang: Lang): string[] {
  const c = control(f.controlId);
  const mark = f.status === "fail" ? "✗" : "⊘";
  const lines = [
    `- ${mark} **${mdText(withSeverity(f.controlId, f.severity, lang))}** ${mdCode(f.target)} — ${mdText(c.title[lang])}`,
    `  - ${mdText(labelled(FIELD_WORDS.law, `${citeAll(c.articles, "zh")} / ${citeAll(c.articles, "en")}`, lang))}`,
    `  - ${mdText(f.message[lang])}`,
  ];
  if (f.status === "fail") lines.push(`  - ${mdText(labelled(FIELD_WORDS.fix, c.remediation[lang], lang))}`);
  if (f.waiver)
    lines.push(
      `  - ${mdText(labelled(FIELD_WORDS.waived, `${f.waiver.id} (${f.waiver.owner}, ${f.waiver.expires}): ${f.waiver.reason}`, lang))}`,
    );
  if (f.pointer !== undefined && r.gate.ok) {
    const sources = r.gate.sources;
    lines.push(
      `  - ${mdText(
        labelled(
          FIELD_WORDS.at,
          where(f.pointer, (p) => sources.locate(p)),
          lang,
        ),
      )}`,
    );
  }
  return lines;
}

function gateItems(r: Review, lang: Lang): string[] {
  if (!r.gate.ok)
    return r.gate.problems.map(
      (p) => `- ${mdCode(`${p.file}:${p.line}:${p.column}`)} ${mdText(p.message[lang])}`,
    );
  const shown = r.gate.findings.filter((f) => f.status === "fail" || f.status === "waived");
  const rank = (f: Finding) => (f.status === "fail" ? (f.severity === "mandatory" ? 0 : 1) : 2);
  if (shown.length === 0) {
    const s = summarise(r.gate.findings);
    return [
      lang === "zh"
        ? `- ✓ ${s.passed} 项声明类控制通过，无未通过或已豁免项。`
        : `- ✓ ${s.passed} declared control finding(s) pass; none fails or is waived.`,
    ];
  }
  return [...shown].sort((a, b) => rank(a) - rank(b)).flatMap((f) => findingLines(f, r, lang));
}

function value(v: unknown): string {
  if (v === undefined) return "—";
  if (Array.isArray(v) && v.length === 0) return "—";
  if (Array.isArray(v)) {
    const shown = v.slice(0, 20).map((x) => mdCode(typeof x === "string" ? x : JSON.stringify(x)));
    return shown.join(", ") + (v.length > 20 ? ` … (+${v.length - 20})` : "");
  }
  if (v !== null && typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${mdText(k)}: ${value(x)}`)
      .join("; ");
  }
  return mdCode(typeof v === "string" ? v : JSON.stringify(v));
}

function itemLine(i: PlannedItem, lang: Lang): string {
  const at = i.path ? `${mdCode(i.path)}: ` : "";
  let what: string;
  if (i.kind === "add") what = `+ ${value(i.after)}`;
  else if (i.kind === "delete") what = `− ${value(i.before)}`;
  else if (i.kind === "create" || i.kind === "replace") what = value(i.after);
  else
    what = `${i.before === undefined ? "—" : value(i.before)} → ${i.after === undefined ? "—" : value(i.after)}`;
  const console = i.console ? ` — 🔧 ${L.console[lang]}: ${mdText(i.console[lang])}` : "";
  return `  - ${at}${what}${console}`;
}

function previewItems(r: Review, lang: Lang): string[] {
  const p = r.preview;
  if (!p) return [];
  const out: string[] = [];
  for (const e of p.errors) out.push(`- ✗ ${mdText(e.split("\n")[0] ?? "")}`);
  for (const res of p.resources as readonly PlannedResource[]) {
    const op = lang === "zh" ? (OPS_ZH[res.op] ?? res.op) : res.op;
    out.push(`- **${mdText(res.type)}** ${mdCode(res.name)} — ${mdText(op)}`);
    for (const i of res.items) out.push(itemLine(i, lang));
  }
  return out;
}

/** Fair shares of `budget` characters: small sections whole, the rest split evenly. */
function allocate(sizes: readonly number[], budget: number): number[] {
  const out = sizes.map(() => 0);
  let left = budget;
  let open = sizes.map((_, i) => i);
  while (open.length > 0) {
    const share = Math.floor(left / open.length);
    const fits = open.filter((i) => sizes[i]! <= share);
    if (fits.length === 0) {
      for (const i of open) out[i] = share;
      break;
    }
    for (const i of fits) {
      out[i] = sizes[i]!;
      left -= sizes[i]!;
    }
    open = open.filter((i) => !fits.includes(i));
  }
  return out;
}

function details(s: Section, items: readonly string[]): string {
  return [
    `<details${s.open ? " open" : ""}><summary>${s.summary}</summary>`,
    "",
    ...items,
    "",
    "</details>",
    "",
  ].join("\n");
}

export function reviewComment(r: Review, opts: CommentOptions): Comment {
  const lang = opts.lang;
  const limit = opts.limit ?? GITHUB_COMMENT_LIMIT;
  const cs = changeSummary(r);
  const gs = gateSummary(r);
  const ps = previewSummary(r);
  const rs = resultSummary(r);
  const row = (label: Bilingual, v: Bilingual) =>
    `| ${label.zh === label.en ? label.en : `${label.zh} / ${label.en}`} | ${v.zh} | ${v.en} |`;
  const head = [
    COMMENT_MARKER,
    `### wecom-policy — ${L.title.zh} / ${L.title.en}`,
    "",
    "| | 摘要 | Summary |",
    "|---|---|---|",
    row(L.changes, cs),
    ...(rs ? [row(L.results, rs)] : []),
    row(L.gate, gs),
    row(L.preview, ps),
    "",
  ].join("\n");
  const blocked = r.gate.ok ? summarise(r.gate.findings).blocked : true;
  const sections: Section[] = [
    { summary: `${L.gate[lang]}: ${gs[lang]}`, items: gateItems(r, lang), open: blocked },
    { summary: `${L.changes[lang]}: ${cs[lang]}`, items: changeItems(r, lang) },
    ...(r.preview ? [{ summary: `${L.preview[lang]}: ${ps[lang]}`, items: previewItems(r, lang) }] : []),
  ];
  const full = head + "\n" + sections.map((s) => details(s, s.items)).join("\n");
  if (full.length <= limit) return { markdown: full, full, cut: 0 };

  const total = sections.reduce((n, s) => n + s.items.length, 0);
  const notice = (cut: number) => {
    const url = opts.reportUrl ? mdText(opts.reportUrl) : undefined;
    const zhMore = url ? `完整报告：${url}` : "完整报告见 CI 任务的产物（wecom-policy comment --full FILE）";
    const enMore = url
      ? `Full report: ${url}`
      : "the full report is in the CI job's artifacts (wecom-policy comment --full FILE)";
    return `> ⚠️ 评论超过 GitHub 的 ${limit} 字符上限，省略了 ${cut} 行。${zhMore}\n> Cut to GitHub's ${limit}-character comment limit: ${cut} line(s) left out. ${enMore}\n`;
  };
  const frame =
    head.length + 1 + notice(total).length + sections.reduce((n, s) => n + details(s, []).length + 1, 0);
  const sizes = sections.map((s) => s.items.reduce((n, i) => n + i.length + 1, 0));
  const shares = allocate(sizes, Math.max(0, limit - frame - 64));
  let cut = 0;
  const kept = sections.map((s, k) => {
    const out: string[] = [];
    let used = 0;
    for (const item of s.items) {
      if (used + item.length + 1 > shares[k]!) break;
      out.push(item);
      used += item.length + 1;
    }
    const dropped = s.items.length - out.length;
    cut += dropped;
    if (dropped > 0) out.push(`- … ${dropped}`);
    return details(s, out);
  });
  const markdown = `${head}\n${notice(cut)}\n${kept.join("\n")}`;
  return { markdown, full, cut };
}
