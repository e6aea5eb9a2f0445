/**
 * The policy timeline of the HTML report, from `wecom-policy history --json`: one entry per commit that
 * changed policies/ — commit, author, date — with its changes in policy terms and the controls each touches.
 *
 * `history --json` is being written alongside this report (issue 10 item 1); until its schema is on main
 * this reads the fields by name, defensively, and shows a file it cannot read as escaped JSON rather than
 * guessing.
 */
import type { Bilingual } from "../text";
import { EMPTY, html, type SafeHtml } from "./html-escape";
import type { HistoryReport } from "./html-inputs";

interface Texts {
  inline(b: Bilingual): SafeHtml;
  block(b: Bilingual): SafeHtml;
}

const W = {
  history: { zh: "策略变更时间线", en: "Policy timeline" },
  unknown: {
    zh: "此版本无法识别该历史文件的格式，以下按原样显示。",
    en: "This version does not know this history file's format; it is shown as it is.",
  },
  empty: { zh: "该范围内 policies/ 没有变更。", en: "No change to policies/ in this range." },
  controls: { zh: "涉及控制项", en: "Controls" },
} as const satisfies Record<string, Bilingual>;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
const bilingual = (v: unknown): Bilingual | undefined => {
  if (typeof v === "string") return { zh: v, en: v };
  if (isRec(v) && typeof v["zh"] === "string" && typeof v["en"] === "string")
    return { zh: v["zh"], en: v["en"] };
  return undefined;
};
const first = (o: Rec, keys: readonly string[]): unknown =>
  keys.map((k) => o[k]).find((v) => v !== undefined);

function author(v: unknown): string | undefined {
  if (isRec(v)) return str(v["name"]) ?? str(v["email"]);
  return str(v);
}

function changeItem(c: unknown, t: Texts): SafeHtml {
  if (!isRec(c)) {
    const b = bilingual(c);
    return b ? html`<li>${t.block(b)}</li>` : EMPTY;
  }
  const text = bilingual(first(c, ["text", "summary", "description", "message", "title"]));
  const file = str(first(c, ["file", "path"]));
  const controls = Array.isArray(c["controls"])
    ? c["controls"].map((x) => (isRec(x) ? str(x["id"]) : str(x))).filter((x): x is string => x !== undefined)
    : [];
  return html`<li class="change">
    ${file ? html`<code>${file}</code> ` : EMPTY}${text ? t.block(text) : EMPTY}${
      controls.length > 0
        ? html` <span class="loc"
            >${t.inline(W.controls)}:
            ${controls.map((id, i) => html`${i > 0 ? ", " : ""}<code>${id}</code>`)}</span
          >`
        : EMPTY
    }
  </li>`;
}

function entry(e: unknown, t: Texts): SafeHtml {
  if (!isRec(e)) return EMPTY;
  const commit = str(first(e, ["commit", "sha", "hash"]));
  const who = author(first(e, ["author", "authorName"]));
  const when = str(first(e, ["date", "time", "authoredAt", "committedAt"]));
  const subject = bilingual(first(e, ["subject", "message", "summary"]));
  const changes = first(e, ["changes", "items"]);
  return html`<li class="commit" data-commit="${commit ?? ""}">
    <div>
      ${when ? html`<strong>${when}</strong> ` : EMPTY}${
        who ? html`<span class="who">${who}</span> ` : EMPTY
      }${commit ? html`<code>${commit.slice(0, 12)}</code> ` : EMPTY}${subject ? t.inline(subject) : EMPTY}
    </div>
    ${
      Array.isArray(changes)
        ? html`<ul class="changes">
            ${changes.map((c) => changeItem(c, t))}
          </ul>`
        : EMPTY
    }
  </li>`;
}

/** The timeline section, newest first as the history lists it. */
export function historyTimeline(history: HistoryReport, t: Texts): SafeHtml {
  const entries = first(history, ["commits", "entries"]);
  const body = Array.isArray(entries)
    ? entries.length === 0
      ? html`<p class="empty">${t.inline(W.empty)}</p>`
      : html`<ol class="timeline">
          ${entries.map((e) => entry(e, t))}
        </ol>`
    : html`<p class="meta">${t.inline(W.unknown)}</p>
        <pre class="mono">${JSON.stringify(history, null, 2)}</pre>`;
  return html`<section id="history">
    <h2>${t.inline(W.history)}</h2>
    ${body}
  </section>`;
}
