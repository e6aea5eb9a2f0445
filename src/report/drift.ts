/**
 * The drift report for people: Markdown (a CI job posts it, a terminal shows it), in the reader's language
 * with the other one beside it where it matters (law citations are given in both).
 */
import type { DriftReport, DriftReportItem } from "../drift/run";
import { both, withSeverity, zh, type Lang } from "../text";

/** What a drift item's `kind` means, per language (the Markdown, the HTML report and the robot's alert, ./watch.ts). */
export const DRIFT_KIND_WORDS: Record<Lang, Record<string, string>> = {
  en: {
    delete: "present in WeCom, not in the policy",
    add: "in the policy, missing in WeCom",
    update: "changed",
    create: "missing in WeCom",
  },
  zh: {
    delete: "企业微信中存在、策略未声明",
    add: "策略已声明、企业微信中缺失",
    update: "已被修改",
    create: "企业微信中缺失",
  },
};

/** A live or declared value as inline code, `—` when absent. */
export function value(v: unknown): string {
  if (v === undefined) return "—";
  return "`" + (typeof v === "string" ? v : JSON.stringify(v)).replace(/`/g, "'") + "`";
}

function itemLines(i: DriftReportItem, lang: Lang): string[] {
  // No space before a full-width parenthesis.
  const at = i.path ? ` \`${i.path}\`` : lang === "zh" ? "（整个资源）" : " (whole resource)";
  const kind = DRIFT_KIND_WORDS[lang][i.kind] ?? i.kind;
  const lines = [
    lang === "zh"
      ? `- **${i.type} \`${i.name}\`**${at}：${kind} — 实际 ${value(i.live)}，声明 ${value(i.declared)}`
      : `- **${i.type} \`${i.name}\`**${at}: ${kind} — live ${value(i.live)}, declared ${value(i.declared)}`,
  ];
  if (i.changedBy) {
    lines.push(
      lang === "zh"
        ? zh`  - 变更人：\`${i.changedBy.operator}\`，${i.changedBy.time} — ${i.changedBy.detail}`
        : `  - changed by \`${i.changedBy.operator}\` at ${i.changedBy.time} — ${i.changedBy.detail}`,
    );
  } else {
    const why = i.unattributed?.note[lang];
    lines.push(
      lang === "zh"
        ? `  - 变更人：未知${why ? `。${why}` : ""}`
        : `  - changed by: unknown${why ? `. ${why}` : ""}`,
    );
  }
  for (const c of i.controls) {
    lines.push(`  - ${withSeverity(c.id, c.severity, lang, c.title[lang])} — ${both(c.law)}`);
    if (c.reason) lines.push(`    - ${c.reason[lang]}`);
    if (c.waiver) lines.push(`    - ${waived(c.waiver, lang)}`);
  }
  if (i.reason) lines.push(`  - ${i.reason[lang]}`);
  return lines;
}

function waived(w: { id: string; owner: string; reason: string; expires: string }, lang: Lang): string {
  return lang === "zh"
    ? `已豁免：${w.id}（负责人 ${w.owner}，有效至 ${w.expires}）：${w.reason}`
    : `waived: ${w.id} (owner ${w.owner}, until ${w.expires}): ${w.reason}`;
}

function lawLines(r: DriftReport, lang: Lang): string[] {
  if (r.law.length === 0) return [];
  const failing = r.law.filter((f) => f.status === "fail");
  const out = [
    "",
    lang === "zh"
      ? `## 法律控制项：${failing.length} 项未通过${r.law.length > failing.length ? `，${r.law.length - failing.length} 项已豁免` : ""}`
      : `## Law: ${failing.length} failing${r.law.length > failing.length ? `, ${r.law.length - failing.length} waived` : ""}`,
    "",
  ];
  for (const f of r.law) {
    const mark = f.status === "fail" ? "✗" : "⊘";
    const head = withSeverity(f.id, f.severity, lang, f.title[lang]);
    out.push(`- ${mark} **${head}** \`${f.target}\` — ${both(f.law)}`);
    out.push(
      `  - ${f.message[lang]}${f.location ? (lang === "zh" ? `（${f.location}）` : ` (${f.location})`) : ""}`,
    );
    if (f.waiver) out.push(`  - ${waived(f.waiver, lang)}`);
  }
  return out;
}

export function driftMarkdown(r: DriftReport, lang: Lang): string {
  const title = lang === "zh" ? `# 漂移检查：堆栈 \`${r.stack}\`` : `# Drift check: stack \`${r.stack}\``;
  const out = [title, ""];
  if (r.items.length === 0) {
    out.push(
      lang === "zh" ? `${r.checkedAt}：企业微信与策略一致。` : `${r.checkedAt}: WeCom matches the policy.`,
    );
    if (r.status === "drift")
      out.push(
        "",
        lang === "zh"
          ? "但有强制性法律控制项未通过（见下）。"
          : "But a mandatory legal control fails (below).",
      );
  } else {
    out.push(
      lang === "zh"
        ? zh`${r.checkedAt}：发现 ${r.items.length} 处与策略不一致（手工修改或尚未应用的策略）。`
        : `${r.checkedAt}: ${r.items.length} difference${r.items.length === 1 ? "" : "s"} from the policy (changed by hand, or policy not yet applied).`,
      "",
    );
    for (const i of r.items) out.push(...itemLines(i, lang));
  }
  out.push(...lawLines(r, lang));
  if (r.notes.length) out.push("", ...r.notes.map((n) => `> ${n[lang]}`));
  return out.join("\n") + "\n";
}
