/**
 * The policy timeline of the HTML report, from `wecom-policy history --json` (or `diff --json`;
 * schemas/history-report.schema.json): one entry per commit that changed the policy files, oldest first as
 * the history lists them — commit, author, date, subject — with each change in policy terms (a free-text
 * change as its word diff), the controls it touches, and the declared controls whose verdict flipped.
 */
import type { ControlChange, Entry, HistoryReport } from "../generated/history-report";
import { STATUS_WORDS, type Bilingual, type CheckStatus } from "../text";
import { EMPTY, html, type SafeHtml } from "./html-escape";

interface Texts {
  inline(b: Bilingual): SafeHtml;
  block(b: Bilingual): SafeHtml;
  law(b: Bilingual): SafeHtml;
}

const W = {
  history: { zh: "策略变更时间线", en: "Policy timeline" },
  diff: { zh: "策略变更", en: "Policy change" },
  range: { zh: "范围", en: "Range" },
  workingTree: { zh: "工作区（未提交的修改）", en: "working tree (uncommitted changes)" },
  renamed: { zh: "重命名", en: "renamed" },
  invalid: { zh: "策略文件在此提交无法加载", en: "the policy files do not load at this commit" },
  noChange: {
    zh: "策略无实质变化（仅格式、顺序或注释）。",
    en: "No change in policy terms (formatting, order or comments only).",
  },
  empty: { zh: "该范围内策略文件没有变更。", en: "No change to the policy files in this range." },
  touches: { zh: "涉及", en: "touches" },
  flips: { zh: "控制项结论变化", en: "Control results that changed" },
} as const satisfies Record<string, Bilingual>;

function status(s: CheckStatus | null, t: Texts): SafeHtml {
  return s === null ? html`—` : html`<span class="st st-${s}">${t.inline(STATUS_WORDS[s])}</span>`;
}

function words(c: Entry["changes"][number]): SafeHtml {
  if (!c.words) return EMPTY;
  return html`<div class="words mono">
    ${c.words.map((w) =>
      w.added ? html`<ins>${w.value}</ins>` : w.removed ? html`<del>${w.value}</del>` : html`${w.value}`,
    )}
  </div>`;
}

function flip(c: ControlChange, t: Texts): SafeHtml {
  const worse = c.after === "fail";
  return html`<li class="${worse ? "flip" : "unflip"}" data-control="${c.controlId}">
    <code>${c.controlId}</code> ${t.inline(c.title)} <code>${c.target}</code>: ${status(c.before, t)} →
    ${status(c.after, t)} — ${t.block(c.message)}${c.law ? t.law(c.law) : EMPTY}
  </li>`;
}

function entry(e: Entry, t: Texts): SafeHtml {
  const head =
    e.commit === null
      ? html`<strong>${t.inline(W.workingTree)}</strong
          >${e.base ? html` ← <code>${e.base.slice(0, 12)}</code>` : EMPTY}`
      : html`${e.date ? html`<strong>${e.date}</strong> ` : EMPTY}${
          e.author
            ? html`<span class="who">${e.author.name}</span>
                <span class="loc">&lt;${e.author.email}&gt;</span> `
            : EMPTY
        }<code>${e.commit.slice(0, 12)}</code>${e.subject ? html` — ${e.subject}` : EMPTY}`;
  const renames = e.renames.map(
    (r) => html`<li>↪ ${t.inline(W.renamed)} <code>${r.from}</code> → <code>${r.to}</code></li>`,
  );
  const invalid = e.invalid
    ? html`<li class="flip">
        ${t.inline(W.invalid)} (${e.invalid.count}):
        ${e.invalid.problems.map((p) => html`<div class="mono">${p}</div>`)}
      </li>`
    : EMPTY;
  const changes = e.changes.map(
    (c) =>
      html`<li class="change" data-area="${c.area}">
        ${t.block(c.text)}${words(c)}${
          c.controls.length > 0
            ? html` <span class="loc"
                >${t.inline(W.touches)}
                ${c.controls.map((id, i) => html`${i > 0 ? ", " : ""}<code>${id}</code>`)}</span
              >`
            : EMPTY
        }
      </li>`,
  );
  const none =
    !e.invalid && e.changes.length === 0 ? html`<li class="empty">${t.inline(W.noChange)}</li>` : EMPTY;
  const flips =
    e.controls.length > 0
      ? html`<div class="flips">
          <strong>${t.inline(W.flips)}:</strong>
          <ul>
            ${e.controls.map((c) => flip(c, t))}
          </ul>
        </div>`
      : EMPTY;
  return html`<li class="commit" data-commit="${e.commit ?? "working-tree"}">
    <div>${head}</div>
    <ul class="changes">
      ${renames}${invalid}${changes}${none}
    </ul>
    ${flips}
  </li>`;
}

/** The timeline section. */
export function historyTimeline(history: HistoryReport, t: Texts): SafeHtml {
  const body =
    history.entries.length === 0
      ? html`<p class="empty">${t.inline(W.empty)}</p>`
      : html`<ol class="timeline">
          ${history.entries.map((e) => entry(e, t))}
        </ol>`;
  return html`<section id="history">
    <h2>${t.inline(history.kind === "diff" ? W.diff : W.history)}</h2>
    <p class="meta">${t.inline(W.range)}: <code>${history.range}</code> · <code>${history.dir}</code></p>
    ${body}
  </section>`;
}
