/**
 * `wecom-policy history` and `diff` for people: a terminal changelog and the Markdown the pull-request
 * comment embeds. The report itself (what changed, which controls) is src/history; this file only words it.
 */
import type { ControlChange, Entry, HistoryReport } from "../generated/history-report";
import { STATUS_WORDS, severityTag, type CheckStatus, type Lang } from "../text";
import { mdText } from "./markdown";

const WORDS = {
  commit: { zh: "提交", en: "commit" },
  workingTree: { zh: "工作区（未提交的修改）", en: "working tree (uncommitted changes)" },
  renamed: { zh: "重命名", en: "renamed" },
  invalid: { zh: "策略文件在此提交无法加载", en: "the policy files do not load at this commit" },
  controls: { zh: "控制项结论变化", en: "Control results" },
  noChange: {
    zh: "策略无实质变化（仅格式、顺序或注释）。",
    en: "No change in policy terms (formatting, order or comments only).",
  },
  base: { zh: "对比", en: "compared with" },
  none: { zh: "无", en: "none" },
} as const;

const short = (hash: string | null | undefined) => (hash ? hash.slice(0, 12) : "");

function status(s: CheckStatus | null, lang: Lang): string {
  return s === null ? "—" : STATUS_WORDS[s][lang];
}

const MARK: Readonly<Record<string, string>> = { fail: "✗", pass: "✓", waived: "⊘" };

/** "WC.ACC.1v1 (mandatory) role:x pass → fail — message". */
export function controlLine(c: ControlChange, lang: Lang): string {
  const mark = MARK[c.after ?? ""] ?? "•";
  const sep = lang === "zh" ? "" : " ";
  return `${mark} ${c.controlId}${sep}${severityTag(c.severity, lang)} ${c.target} ${status(c.before, lang)} → ${status(c.after, lang)} — ${c.message[lang]}`;
}

function entryHead(e: Entry, lang: Lang): string {
  if (e.commit === null) {
    const base = e.base ? `  (${WORDS.base[lang]} ${short(e.base)})` : "";
    return `${WORDS.workingTree[lang]}${base}`;
  }
  const who = e.author ? `  ${e.author.name} <${e.author.email}>` : "";
  const when = e.date ? `  ${e.date}` : "";
  return `${WORDS.commit[lang]} ${short(e.commit)}${when}${who}${e.subject ? `\n    ${e.subject}` : ""}`;
}

/** The changelog for a terminal. */
export function historyText(r: HistoryReport, lang: Lang): string {
  const out: string[] = [];
  for (const e of r.entries) {
    out.push(entryHead(e, lang));
    for (const rn of e.renames) out.push(`  ↪ ${WORDS.renamed[lang]} ${rn.from} → ${rn.to}`);
    if (e.invalid) {
      out.push(`  ! ${WORDS.invalid[lang]} (${e.invalid.count}):`);
      for (const p of e.invalid.problems) out.push(`      ${p}`);
    }
    for (const c of e.changes)
      out.push(`  • ${c.text[lang]}${c.controls.length > 0 ? `  [${c.controls.join(", ")}]` : ""}`);
    if (!e.invalid && e.changes.length === 0) out.push(`  ${WORDS.noChange[lang]}`);
    if (e.controls.length > 0) {
      out.push(`  ${WORDS.controls[lang]}${lang === "zh" ? "：" : ":"}`);
      for (const c of e.controls) out.push(`    ${controlLine(c, lang)}`);
    }
    out.push("");
  }
  return `${out.join("\n")}`;
}

/** One Markdown bullet per change (text escaped; a free-text change shows its word diff). */
export function changeBullets(e: Entry, lang: Lang): string[] {
  const out: string[] = [];
  for (const rn of e.renames) out.push(`- ↪ ${WORDS.renamed[lang]} ${mdText(rn.from)} → ${mdText(rn.to)}`);
  for (const c of e.changes) {
    let body = mdText(c.text[lang]);
    if (c.words) {
      const sep = lang === "zh" ? "：" : ": ";
      const at = c.text[lang].indexOf(sep);
      const words = c.words
        .map((w) =>
          w.added
            ? `<ins>${mdText(w.value)}</ins>`
            : w.removed
              ? `<del>${mdText(w.value)}</del>`
              : mdText(w.value),
        )
        .join("");
      body = at < 0 ? words : `${mdText(c.text[lang].slice(0, at))}${sep}${words}`;
    }
    const controls = c.controls.length > 0 ? ` — ${c.controls.join(", ")}` : "";
    out.push(`- ${body}${controls}`);
  }
  if (e.invalid) out.push(`- ⚠ ${WORDS.invalid[lang]} (${e.invalid.count})`);
  if (!e.invalid && e.changes.length === 0 && e.renames.length === 0) out.push(`- ${WORDS.noChange[lang]}`);
  return out;
}

/** Markdown bullets for control results that changed. */
export function controlBullets(e: Entry, lang: Lang): string[] {
  return e.controls.map((c) => `- ${mdText(controlLine(c, lang))}`);
}
