/**
 * The alert message a WeCom group robot posts (`wecom-policy watch`): WeCom's Markdown subset (headings,
 * bold, inline code, quotes, `<font color="warning">`; path/91770), in the reader's language with the law
 * cited in both, cut to WeCom's 4096-byte limit with a line saying how many alerts did not fit.
 */
import type { Alert } from "../watch/alerts";
import { both, withSeverity, type Lang } from "../text";
import { DRIFT_KIND_WORDS, value } from "./drift";
import { ROBOT_MARKDOWN_MAX_BYTES } from "../wecom/robot";

/** The lines of one alert. */
export function alertLines(a: Alert, lang: Lang): string[] {
  const out: string[] = [];
  if (a.kind === "drift" && a.item) {
    const i = a.item;
    const kind = DRIFT_KIND_WORDS[lang][i.kind] ?? i.kind;
    const at = i.path ? ` \`${i.path}\`` : "";
    out.push(
      lang === "zh"
        ? `**${i.type} \`${i.name}\`**${at}：${kind}（实际 ${value(i.live)}，声明 ${value(i.declared)}）`
        : `**${i.type} \`${i.name}\`**${at}: ${kind} (live ${value(i.live)}, declared ${value(i.declared)})`,
    );
    if (i.changedBy)
      out.push(
        lang === "zh"
          ? `> 变更人：\`${i.changedBy.operator}\`，${i.changedBy.time}：${i.changedBy.detail}`
          : `> changed by \`${i.changedBy.operator}\` at ${i.changedBy.time}: ${i.changedBy.detail}`,
      );
    for (const c of i.controls) {
      out.push(
        `> <font color="warning">${withSeverity(c.id, c.severity, lang, c.title[lang])}</font> — ${both(c.law)}`,
      );
      if (c.reason) out.push(`> ${c.reason[lang]}`);
    }
    if (i.reason) out.push(`> ${i.reason[lang]}`);
  } else if (a.finding) {
    const f = a.finding;
    out.push(
      `<font color="warning">**${withSeverity(f.id, f.severity, lang, f.title[lang])}**</font> \`${f.target}\` — ${both(f.law)}`,
      `> ${f.message[lang]}`,
    );
  }
  out.push(`> ${lang === "zh" ? "处理" : "Fix"}: ${a.fix[lang]}`);
  return out;
}

/** One robot message for the alerts of one check, at most `maxBytes` of UTF-8. */
export function alertMarkdown(
  alerts: readonly Alert[],
  lang: Lang,
  maxBytes = ROBOT_MARKDOWN_MAX_BYTES,
): string {
  const first = alerts[0];
  if (!first) return "";
  const head = [
    lang === "zh"
      ? `### wecom-policy：堆栈 \`${first.stack}\` 发现 ${alerts.length} 项告警`
      : `### wecom-policy: ${alerts.length} alert${alerts.length === 1 ? "" : "s"} on stack \`${first.stack}\``,
    `${lang === "zh" ? "变更事件" : "Change events"}: ${first.events.slice(0, 5).join("; ")}${first.events.length > 5 ? ` (+${first.events.length - 5})` : ""}`,
  ];
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");
  let text = head.join("\n");
  let shown = 0;
  for (const a of alerts) {
    const block = "\n\n" + alertLines(a, lang).join("\n");
    const rest = alerts.length - shown - 1;
    const tail = rest > 0 ? "\n\n" + more(rest, lang) : "";
    if (bytes(text + block + tail) > maxBytes) break;
    text += block;
    shown++;
  }
  if (shown < alerts.length) {
    const note = "\n\n" + more(alerts.length - shown, lang);
    // Even a single alert's block may be too long: cut the text at a character boundary.
    while (bytes(text + note) > maxBytes) text = text.slice(0, -64);
    text += note;
  }
  return text;
}

function more(n: number, lang: Lang): string {
  return lang === "zh"
    ? `……另有 ${n} 项告警未列出（见 watch 的 JSON 输出）`
    : `… ${n} more alert${n === 1 ? "" : "s"} not shown (see watch's JSON output)`;
}
