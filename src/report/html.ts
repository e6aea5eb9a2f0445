/**
 * The HTML report (`wecom-policy report --html FILE`): one self-contained page built from the JSON of
 * `audit`, `drift` and `history` — a summary with the verdicts per area drawn as a chart, every control with
 * its evidence, law (always in Chinese and English) and fix with the console path, the drift table with
 * who changed what exactly as the drift report says it, and the policy timeline. No external asset, no
 * request: the stylesheet and the filter script are inline constants (./html-assets.ts) and every value
 * from the tenant or the policy goes through the escaping `html` template (./html-escape.ts).
 */
import type { AuditReport } from "../audit/evaluate";
import type { DriftReport, DriftReportItem } from "../drift/run";
import { control, familyOf, isControlId } from "../rules";
import {
  SEVERITY_WORDS,
  STATUS_WORDS,
  SYNC_WORDS,
  type Bilingual,
  type CheckStatus,
  type LangOrBoth,
  type Severity,
} from "../text";
import { CONSOLE, type ConsolePath } from "../wecom/console-paths";
import { MARK } from "./audit";
import { DRIFT_KIND_WORDS } from "./drift";
import { contentSecurityPolicy, REPORT_CSS, REPORT_JS } from "./html-assets";
import { areaChart, auditAreaCounts, driftAreaCounts, STATUS_ORDER, type AreaCounts } from "./html-chart";
import { constantBlock, EMPTY, html, join, type HtmlValue, type SafeHtml } from "./html-escape";
import type { ReportInputs } from "./html-inputs";
import { historyTimeline } from "./html-history";

export interface HtmlReportOptions {
  /** `zh` or `en` shows the page in that language; `both` shows Chinese then English. Law is always both. */
  readonly lang: LangOrBoth;
  /** When the page was made (shown in the footer). */
  readonly generatedAt: Date;
}

/** The page's own words. */
const W = {
  title: { zh: "企业微信合规报告", en: "WeCom compliance report" },
  summary: { zh: "概览", en: "Summary" },
  controls: { zh: "控制项", en: "Controls" },
  drift: { zh: "漂移", en: "Drift" },
  history: { zh: "策略变更时间线", en: "Policy timeline" },
  stack: { zh: "堆栈", en: "Stack" },
  corp: { zh: "企业", en: "Corp" },
  audited: { zh: "审计时间", en: "Audited" },
  checked: { zh: "检查时间", en: "Checked" },
  policy: { zh: "策略文件", en: "Policy files" },
  notInGit: { zh: "不在 git 中", en: "not in git" },
  dirty: { zh: "有未提交的修改", en: "with uncommitted changes" },
  mandatoryFail: { zh: "强制项未通过", en: "Mandatory failed" },
  advisoryFail: { zh: "建议项未通过", en: "Advisory failed" },
  area: { zh: "领域", en: "Area" },
  total: { zh: "合计", en: "Total" },
  countsNote: {
    zh: "按结论计数：每项控制对每个对象一个结论（与 audit 的汇总行相同）。点击图中的一行可按领域筛选。",
    en: "Counted per verdict: one per control and target (as audit's summary line counts). Click a row of the chart to filter by area.",
  },
  driftOnlyNote: {
    zh: "只有漂移报告：图中为未通过和已豁免的控制项（漂移检查不列出通过项）。",
    en: "Drift report only: the chart shows failing and waived controls (the drift check lists no passes).",
  },
  filter: { zh: "筛选", en: "Filter" },
  allAreas: { zh: "所有领域", en: "All areas" },
  search: { zh: "搜索文字", en: "Search text" },
  shown: { zh: "显示的控制项", en: "controls shown" },
  law: { zh: "法律依据", en: "Law" },
  fix: { zh: "整改", en: "Fix" },
  console: { zh: "管理后台路径", en: "Console path" },
  internal: { zh: "内部控制，无对应法条", en: "internal control, no article" },
  waivedBy: { zh: "已豁免", en: "Waived" },
  owner: { zh: "负责人", en: "owner" },
  until: { zh: "有效至", en: "until" },
  evidence: { zh: "依据", en: "Evidence" },
  unknownControl: {
    zh: "此版本的目录中没有该控制项，无法给出整改说明。",
    en: "This version's catalogue does not have this control, so no fix is shown.",
  },
  resource: { zh: "资源", en: "Resource" },
  setting: { zh: "设置", en: "Setting" },
  change: { zh: "变化", en: "Change" },
  live: { zh: "实际值", en: "Live" },
  declared: { zh: "声明值", en: "Declared" },
  changedBy: { zh: "变更人", en: "Changed by" },
  controlsCol: { zh: "控制项", en: "Controls" },
  unattributed: { zh: "未能确定变更人", en: "unattributed" },
  wholeResource: { zh: "整个资源", en: "whole resource" },
  noDrift: { zh: "企业微信与策略一致。", en: "WeCom matches the policy." },
  driftLaw: { zh: "法律控制项（未通过或已豁免）", en: "Law (failing or waived controls)" },
  notes: { zh: "说明", en: "Notes" },
  target: { zh: "对象", en: "Target" },
  status: { zh: "结论", en: "Status" },
  message: { zh: "说明", en: "Finding" },
  at: { zh: "位置", en: "At" },
  generated: { zh: "生成于", en: "Generated" },
  footer: {
    zh: "本页为自包含文件：无外部资源、不发出任何网络请求，可离线打开。来源：",
    en: "This page is self-contained: no external asset, no network request; it works offline. Built from:",
  },
  none: { zh: "无", en: "none" },
  noMatch: { zh: "没有符合筛选条件的控制项。", en: "No control matches the filters." },
} as const satisfies Record<string, Bilingual>;

/** Text in the page's language(s): inline (`中文 / English` for both) or as a block (one line each). */
function texts(lang: LangOrBoth) {
  const inline = (b: Bilingual): SafeHtml =>
    lang === "both"
      ? html`<span class="bi"
          ><span class="zh" lang="zh-CN">${b.zh}</span><span class="en" lang="en">${b.en}</span></span
        >`
      : html`${b[lang]}`;
  const block = (b: Bilingual): SafeHtml =>
    lang === "both"
      ? html`<span class="block"
          ><span class="zh" lang="zh-CN">${b.zh}</span><span class="en" lang="en">${b.en}</span></span
        >`
      : html`${b[lang]}`;
  /** Law is cited in both languages whatever the page's language. */
  const law = (b: Bilingual): SafeHtml =>
    html`<span class="block"
      ><span class="zh" lang="zh-CN">${b.zh}</span><span class="en" lang="en">${b.en}</span></span
    >`;
  /** Plain text (for an attribute or an <option>): `中文 / English` for both. */
  const plain = (b: Bilingual): string => (lang === "both" ? `${b.zh} / ${b.en}` : b[lang]);
  return { inline, block, law, plain };
}

type Texts = ReturnType<typeof texts>;

const ALL_CONSOLE_PATHS: readonly ConsolePath[] = Object.values(CONSOLE);

/** The console paths a remediation names, found in the one table of console paths. */
export function consolePathsIn(remediation: Bilingual): ConsolePath[] {
  return ALL_CONSOLE_PATHS.filter((p) => remediation.en.includes(p.en) || remediation.zh.includes(p.zh));
}

function value(v: unknown): string {
  if (v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function severity(s: Severity, t: Texts): SafeHtml {
  return html`<span class="sev ${s}">${t.inline(SEVERITY_WORDS[s])}</span>`;
}

function statusBadge(s: CheckStatus, t: Texts): SafeHtml {
  return html`<span class="badge st-${s}">${MARK[s]} ${t.inline(STATUS_WORDS[s])}</span>`;
}

function header(inputs: ReportInputs, t: Texts): SafeHtml {
  const a = inputs.audit;
  const d = inputs.drift;
  const stack = a?.stack ?? d?.stack;
  const row = (label: Bilingual, value: HtmlValue) =>
    html`<tr>
      <th scope="row">${t.inline(label)}</th>
      <td>${value}</td>
    </tr>`;
  const rows: SafeHtml[] = [];
  if (stack !== undefined) rows.push(row(W.stack, html`<code>${stack}</code>`));
  if (a) {
    rows.push(row(W.corp, html`<code>${a.corpId}</code>`));
    rows.push(row(W.audited, a.auditedAt));
    const commit = a.policy.commit
      ? html`<code>${a.policy.commit.slice(0, 12)}</code
          >${a.policy.dirty ? html` (${t.inline(W.dirty)})` : EMPTY}`
      : t.inline(W.notInGit);
    rows.push(row(W.policy, html`${commit} · <code>${a.policy.contentHash}</code>`));
  }
  if (d) rows.push(row(W.checked, d.checkedAt));
  const nav = [
    html`<a href="#summary">${t.inline(W.summary)}</a>`,
    a ? html`<a href="#controls">${t.inline(W.controls)}</a>` : EMPTY,
    d ? html`<a href="#drift">${t.inline(W.drift)}</a>` : EMPTY,
    inputs.history ? html`<a href="#history">${t.inline(W.history)}</a>` : EMPTY,
  ];
  return html`<header>
    <h1>${t.inline(W.title)}</h1>
    <table class="meta-table">
      ${rows}
    </table>
    <nav class="toc">${nav}</nav>
  </header>`;
}

function summaryTable(areas: readonly AreaCounts[], t: Texts): SafeHtml {
  const head = STATUS_ORDER.map((s) => t.inline(STATUS_WORDS[s]));
  const rows = areas.map(
    (a) =>
      html`<tr data-area="${a.area}">
        <th scope="row"><code>${a.area}</code> ${t.inline(a.name)}</th>
        ${STATUS_ORDER.map((s) => html`<td class="num" data-count="${a.area}-${s}">${a.counts[s]}</td>`)}
      </tr>`,
  );
  return table("areas", [t.inline(W.area), ...head], rows);
}

/** A table with one header row; each header is the content of its `<th>`. */
function table(cls: string, headers: readonly HtmlValue[], rows: HtmlValue): SafeHtml {
  return html`<table class="${cls}">
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function summarySection(inputs: ReportInputs, lang: LangOrBoth, t: Texts): SafeHtml {
  const a = inputs.audit;
  if (a) {
    const s = a.summary;
    const cards: [string, Bilingual, number][] = [
      ["fail", W.mandatoryFail, s.mandatoryFailures],
      ["fail", W.advisoryFail, s.advisoryFailures],
      ["waived", STATUS_WORDS.waived, s.waived],
      ["pass", STATUS_WORDS.pass, s.passed],
      ["not-applicable", STATUS_WORDS["not-applicable"], s.notApplicable],
      ["cannot-check", STATUS_WORDS["cannot-check"], s.cannotCheck],
    ];
    const ids = ["mandatory-fail", "advisory-fail", "waived", "pass", "not-applicable", "cannot-check"];
    const areas = auditAreaCounts(a);
    return html`<section id="summary">
      <h2>${t.inline(W.summary)}</h2>
      <div class="cards">
        ${cards.map(
          ([st, label, n], i) =>
            html`<div class="card st-${st}" data-summary="${ids[i]}">
              <span class="n">${n}</span>${t.inline(label)}
            </div>`,
        )}
      </div>
      ${areaChart(areas, lang)}
      <p class="meta">${t.inline(W.countsNote)}</p>
      ${summaryTable(areas, t)}
    </section>`;
  }
  const d = inputs.drift;
  if (d) {
    const areas = driftAreaCounts(d);
    return html`<section id="summary">
      <h2>${t.inline(W.summary)}</h2>
      <div class="cards">
        <div class="card st-${d.status === "drift" ? "fail" : "pass"}" data-summary="sync">
          <span class="n">${d.items.length}</span>${t.inline(SYNC_WORDS[d.status])}
        </div>
        <div class="card st-fail" data-summary="law-fail">
          <span class="n">${d.law.filter((f) => f.status === "fail").length}</span
          >${t.inline(STATUS_WORDS.fail)}
        </div>
        <div class="card st-waived" data-summary="law-waived">
          <span class="n">${d.law.filter((f) => f.status === "waived").length}</span
          >${t.inline(STATUS_WORDS.waived)}
        </div>
      </div>
      ${areas.length > 0 ? areaChart(areas, lang) : EMPTY}
      <p class="meta">${t.inline(W.driftOnlyNote)}</p>
      ${areas.length > 0 ? summaryTable(areas, t) : EMPTY}
    </section>`;
  }
  return html`<section id="summary"><h2>${t.inline(W.summary)}</h2></section>`;
}

function filters(areas: readonly AreaCounts[], counts: Record<CheckStatus, number>, t: Texts): SafeHtml {
  const toggles = STATUS_ORDER.filter((s) => counts[s] > 0).map(
    (s) =>
      html`<button type="button" data-status-toggle="${s}" aria-pressed="true">
        ${MARK[s]} ${t.inline(STATUS_WORDS[s])} (${counts[s]})
      </button>`,
  );
  const options = areas.map((a) => html`<option value="${a.area}">${a.area} — ${t.plain(a.name)}</option>`);
  return html`<div class="filters" role="search">
    <strong>${t.inline(W.filter)}:</strong>${toggles}
    <label
      ><select id="filter-area" aria-label="${t.plain(W.area)}">
        <option value="">${t.plain(W.allAreas)}</option>
        ${options}
      </select></label
    >
    <label
      ><input
        id="filter-text"
        type="search"
        placeholder="${t.plain(W.search)}"
        aria-label="${t.plain(W.search)}"
    /></label>
    <span><span id="filter-count"></span> ${t.inline(W.shown)}</span>
  </div>`;
}

type AuditControl = AuditReport["controls"][number];
type AuditResult = AuditControl["results"][number];

function evidenceList(e: Record<string, unknown> | undefined): SafeHtml {
  if (!e || Object.keys(e).length === 0) return EMPTY;
  const rows = Object.keys(e)
    .sort()
    .map(
      (k) =>
        html`<dt>${k}</dt>
          <dd class="mono">${value(e[k])}</dd>`,
    );
  return html`<dl class="evidence" aria-label="${W.evidence.en}">${rows}</dl>`;
}

function waiverLine(w: NonNullable<AuditResult["waiver"]>, t: Texts): SafeHtml {
  return html`<div class="waiver">
    ${t.inline(W.waivedBy)}: <code>${w.id}</code> (${t.inline(W.owner)} <span class="who">${w.owner}</span>,
    ${t.inline(W.until)} ${w.expires}): ${w.reason}
  </div>`;
}

function resultItem(r: AuditResult, t: Texts): SafeHtml {
  return html`<li class="result st-${r.status}" data-target="${r.target}">
    <span class="mark st-${r.status}" title="${STATUS_WORDS[r.status].en}">${MARK[r.status]}</span
    ><code>${r.target}</code>:
    ${t.block(r.message)}${
      r.location ? html` <span class="loc">(${r.location})</span>` : EMPTY
    }${r.waiver ? waiverLine(r.waiver, t) : EMPTY}${evidenceList(r.evidence as Record<string, unknown> | undefined)}
  </li>`;
}

function fixBlock(c: AuditControl, t: Texts): SafeHtml {
  if (c.status !== "fail" && c.status !== "waived") return EMPTY;
  if (!isControlId(c.id)) return html`<div class="fix">${t.block(W.unknownControl)}</div>`;
  const rem = control(c.id).remediation;
  const paths = consolePathsIn(rem);
  return html`<div class="fix">
    <span class="label">${t.inline(W.fix)}:</span>${t.block(rem)}${
      paths.length > 0
        ? html`<div class="console">
            <span class="label">${t.inline(W.console)}:</span
            >${paths.map((p) => html`<div>${t.block({ zh: p.zh, en: p.en })}</div>`)}
          </div>`
        : EMPTY
    }
  </div>`;
}

function controlBlock(c: AuditControl, t: Texts): SafeHtml {
  const area = familyOf(c.id) ?? "?";
  const open = c.status === "fail" || c.status === "waived" || c.status === "cannot-check";
  const law = c.law.zh || c.law.en ? t.law(c.law) : t.inline(W.internal);
  return html`<details
    class="control st-${c.status}"
    data-filter-row
    data-status="${c.status}"
    data-area="${area}"
    data-severity="${c.severity}"
    id="control-${c.id}"
    ${open ? html` open` : EMPTY}
  >
    <summary>
      ${statusBadge(c.status, t)}<code>${c.id}</code>${severity(c.severity, t)}
      <h3>${t.inline(c.title)}</h3>
    </summary>
    <div class="law"><span class="label">${t.inline(W.law)}:</span>${law}</div>
    <ul class="results">
      ${c.results.map((r) => resultItem(r, t))}
    </ul>
    ${fixBlock(c, t)}
  </details>`;
}

function controlsSection(a: AuditReport, t: Texts): SafeHtml {
  const areas = auditAreaCounts(a);
  const counts = { pass: 0, fail: 0, waived: 0, "not-applicable": 0, "cannot-check": 0 } as Record<
    CheckStatus,
    number
  >;
  for (const c of a.controls) counts[c.status]++;
  return html`<section id="controls">
    <h2>${t.inline(W.controls)} (${a.controls.length})</h2>
    ${filters(areas, counts, t)} ${a.controls.map((c) => controlBlock(c, t))}
    <p id="filter-empty" class="empty" hidden>${t.inline(W.noMatch)}</p>
  </section>`;
}

function attribution(i: DriftReportItem, t: Texts): SafeHtml {
  if (i.changedBy) {
    const c = i.changedBy;
    return html`<span class="who" data-operator="${c.operator}">${c.operator}</span><br /><span class="loc"
        >${c.time}</span
      ><br />${c.detail}`;
  }
  const note = i.unattributed?.note;
  return html`<span class="unattributed">${t.inline(W.unattributed)}</span
    >${note ? html`<br />${t.block(note)}` : EMPTY}`;
}

function driftControls(i: DriftReportItem, t: Texts): SafeHtml {
  const cited = i.controls.map(
    (c) =>
      html`<div>
        <code>${c.id}</code>${severity(c.severity, t)}${t.inline(c.title)}
        <div class="law">${t.law(c.law)}</div>
        ${
          c.reason ? html`<div>${t.block(c.reason)}</div>` : EMPTY
        }${c.waiver ? waiverLine(c.waiver, t) : EMPTY}
      </div>`,
  );
  return html`${cited}${i.reason ? html`<div>${t.block(i.reason)}</div>` : EMPTY}`;
}

function driftSection(d: DriftReport, t: Texts): SafeHtml {
  const kind = (k: string): SafeHtml =>
    t.inline({ zh: DRIFT_KIND_WORDS.zh[k] ?? k, en: DRIFT_KIND_WORDS.en[k] ?? k });
  const rows = d.items.map((i) => {
    const areas = [...new Set(i.controls.map((c) => familyOf(c.id) ?? "?"))].join(" ");
    return html`<tr
      data-filter-row
      data-area="${areas}"
      class="drift-item${i.changedBy ? "" : " is-unattributed"}"
    >
      <td>${i.type} <code>${i.name}</code></td>
      <td>${i.path ? html`<code>${i.path}</code>` : t.inline(W.wholeResource)}</td>
      <td>${kind(i.kind)}</td>
      <td class="mono">${value(i.live)}</td>
      <td class="mono">${value(i.declared)}</td>
      <td>${attribution(i, t)}</td>
      <td>${driftControls(i, t)}</td>
    </tr>`;
  });
  const items =
    d.items.length === 0
      ? html`<p>${d.checkedAt}: ${t.inline(W.noDrift)}</p>`
      : table(
          "drift",
          [W.resource, W.setting, W.change, W.live, W.declared, W.changedBy, W.controlsCol].map((w) =>
            t.inline(w),
          ),
          rows,
        );
  const law =
    d.law.length === 0
      ? EMPTY
      : html`<h3>${t.inline(W.driftLaw)}</h3>
          ${table(
            "drift-law",
            [W.status, W.controlsCol, W.target, W.message, W.law].map((w) => t.inline(w)),
            d.law.map(
              (f) =>
                html`<tr data-filter-row data-status="${f.status}" data-area="${familyOf(f.id) ?? "?"}">
                  <td>${statusBadge(f.status, t)}</td>
                  <td><code>${f.id}</code>${severity(f.severity, t)}${t.inline(f.title)}</td>
                  <td><code>${f.target}</code></td>
                  <td>
                    ${t.block(f.message)}${
                      f.location ? html` <span class="loc">(${f.location})</span>` : EMPTY
                    }${f.waiver ? waiverLine(f.waiver, t) : EMPTY}
                  </td>
                  <td>${t.law(f.law)}</td>
                </tr>`,
            ),
          )}`;
  const notes =
    d.notes.length === 0
      ? EMPTY
      : html`<h3>${t.inline(W.notes)}</h3>
          <ul>
            ${d.notes.map((n) => html`<li>${t.block(n)}</li>`)}
          </ul>`;
  return html`<section id="drift">
    <h2>
      ${t.inline(W.drift)}:
      <span class="badge st-${d.status === "drift" ? "fail" : "pass"}"
        >${t.inline(SYNC_WORDS[d.status])}</span
      >
      <span class="meta">${d.checkedAt}</span>
    </h2>
    ${items}${law}${notes}
  </section>`;
}

/** The whole page as one string. */
export function htmlReport(inputs: ReportInputs, opts: HtmlReportOptions): string {
  const t = texts(opts.lang);
  const lang = opts.lang === "en" ? "en" : "zh-CN";
  const stack = inputs.audit?.stack ?? inputs.drift?.stack;
  const title = `${opts.lang === "en" ? W.title.en : W.title.zh}${stack !== undefined ? ` — ${stack}` : ""}`;
  const sources = join(
    [
      inputs.audit ? html`<code>wecom-policy audit --json</code> (${inputs.audit.auditedAt})` : EMPTY,
      inputs.drift ? html`<code>wecom-policy drift --json</code> (${inputs.drift.checkedAt})` : EMPTY,
      inputs.history ? html`<code>wecom-policy history --json</code>` : EMPTY,
    ].filter((x) => x !== EMPTY),
    "; ",
  );
  const body: HtmlValue[] = [
    header(inputs, t),
    summarySection(inputs, opts.lang, t),
    inputs.audit ? controlsSection(inputs.audit, t) : EMPTY,
    inputs.drift ? driftSection(inputs.drift, t) : EMPTY,
    inputs.history ? historyTimeline(inputs.history, t) : EMPTY,
  ];
  const page = html`<!DOCTYPE html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        ${constantBlock("style", REPORT_CSS)}
      </head>
      <body>
        <main>
          ${body}
          <footer>
            ${t.inline(W.footer)} ${sources}. ${t.inline(W.generated)} ${opts.generatedAt.toISOString()}.
          </footer>
        </main>
        ${constantBlock("script", REPORT_JS)}
      </body>
    </html> `;
  return page.toString();
}
