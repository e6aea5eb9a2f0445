/**
 * The HTML report's stylesheet and script: constants written here, never built from data, so the page's
 * Content-Security-Policy can allow exactly these two by hash and nothing else (no other script, no inline
 * event handler, no request of any kind). The script only filters what is already on the page.
 */
import { createHash } from "node:crypto";

export const REPORT_CSS = `
:root{--fail:#c62828;--waived:#9a5b00;--cannot:#5a4abd;--pass:#2e7d32;--na:#6b6b6b;--line:#ddd;--muted:#555;--bg:#fafafa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#fff}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #1b1b1b;padding-bottom:4px}
h3{font-size:15px;margin:0;display:inline}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
.meta{color:var(--muted);margin:0 0 4px}
table.meta-table{width:auto;margin:4px 0}table.meta-table th,table.meta-table td{border:0;padding:1px 12px 1px 0;background:none;font-weight:normal}
table.meta-table th{color:var(--muted)}
nav.toc{margin:8px 0 0}nav.toc a{margin-right:14px}
.en{color:#444}.bi .en::before{content:" / ";color:#999}.block>.zh,.block>.en{display:block}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:130px;background:var(--bg)}
.card .n{font-size:24px;font-weight:700;display:block}.card.st-fail .n{color:var(--fail)}.card.st-waived .n{color:var(--waived)}
.card.st-pass .n{color:var(--pass)}.card.st-cannot-check .n{color:var(--cannot)}.card.st-not-applicable .n{color:var(--na)}
figure.chart{margin:0 0 8px;overflow-x:auto}.chart-label{font-size:13px;fill:#1b1b1b}.chart-count{font-size:12px;fill:#333}
.area-row{cursor:pointer}.legend{color:var(--muted);font-size:12px}.legend-item{margin-right:12px;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:none;gap:10px;flex-wrap:wrap;align-items:center;padding:8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);margin:6px 0 12px;position:sticky;top:0;z-index:1}
.js .filters{display:flex}
.filters button{border:1px solid #888;border-radius:14px;padding:2px 10px;background:#fff;cursor:pointer;font:inherit}
.filters button[aria-pressed="false"]{opacity:.45;text-decoration:line-through}
details.control{border:1px solid var(--line);border-left-width:6px;border-radius:4px;margin:6px 0;padding:6px 10px}
details.control>summary{cursor:pointer;list-style-position:outside}
details.st-fail{border-left-color:var(--fail)}details.st-waived{border-left-color:#e08a00}details.st-pass{border-left-color:var(--pass)}
details.st-cannot-check{border-left-color:var(--cannot)}details.st-not-applicable{border-left-color:#b0b0b0}
.badge{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:12px;margin-right:6px;font-weight:600}
.badge.st-fail{background:var(--fail)}.badge.st-waived{background:#e08a00}.badge.st-pass{background:var(--pass)}
.badge.st-cannot-check{background:var(--cannot)}.badge.st-not-applicable{background:#8a8a8a}
.badge .en,.badge .bi .en::before{color:inherit}
.sev{font-size:12px;border:1px solid #999;border-radius:3px;padding:0 4px;margin:0 6px}.sev.mandatory{border-color:var(--fail);color:var(--fail)}
.law,.fix,.console{margin:6px 0}.law .label,.fix .label,.console .label{font-weight:600;margin-right:6px}
.fix{background:#fff5f5;border:1px solid #f3c7c7;border-radius:4px;padding:6px 8px}
.console code{background:#eef3ff;padding:1px 4px;border-radius:3px}
ul.results{margin:6px 0;padding-left:18px}ul.results li{margin:3px 0}
.mark{font-weight:700;margin-right:4px}.mark.st-fail{color:var(--fail)}.mark.st-waived{color:#e08a00}.mark.st-pass{color:var(--pass)}
.mark.st-cannot-check{color:var(--cannot)}.mark.st-not-applicable{color:var(--na)}
.loc{color:var(--muted)}.waiver{color:var(--waived)}
dl.evidence{margin:2px 0 2px 4px;display:grid;grid-template-columns:max-content 1fr;gap:0 10px;font-size:12.5px;color:#333}
dl.evidence dt{font-weight:600}dl.evidence dd{margin:0;word-break:break-word}
.who{font-weight:600}.unattributed{color:var(--fail);font-weight:600}
.empty{color:var(--muted);font-style:italic}
ol.timeline{list-style:none;padding-left:0;border-left:3px solid var(--line);margin-left:8px}
ol.timeline>li{position:relative;padding:4px 0 10px 16px}ol.timeline>li::before{content:"";position:absolute;left:-8px;top:10px;width:12px;height:12px;border-radius:50%;background:#1b1b1b}
.changes{margin:4px 0;padding-left:18px}.flip{color:var(--fail)}.flips ul{margin:2px 0;padding-left:18px}
.words{margin:2px 0;white-space:pre-wrap}ins{background:#e6ffec;text-decoration:none}del{background:#ffebe9}
footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{.filters{display:none!important}details.control{break-inside:avoid}details.control[hidden]{display:block!important}tr[hidden]{display:table-row!important}#filter-empty{display:none!important}}
`;

export const REPORT_JS = `"use strict";
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var hidden = {};
  var area = "";
  var query = "";
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-filter-row]"));
  var select = document.getElementById("filter-area");
  var text = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var st = row.getAttribute("data-status");
      var ar = row.getAttribute("data-area") || "";
      var ok = !(st && hidden[st]) && (!area || ar.split(" ").indexOf(area) >= 0) &&
        (!query || row.textContent.toLowerCase().indexOf(query) >= 0);
      row.hidden = !ok;
      if (ok && row.classList.contains("control")) shown++;
    });
    if (count) count.textContent = String(shown);
    var empty = document.getElementById("filter-empty");
    if (empty) empty.hidden = shown > 0;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-status-toggle]"), function (b) {
    b.addEventListener("click", function () {
      var st = b.getAttribute("data-status-toggle");
      hidden[st] = !hidden[st];
      b.setAttribute("aria-pressed", hidden[st] ? "false" : "true");
      apply();
    });
  });
  if (select) select.addEventListener("change", function () { area = select.value; apply(); });
  if (text) text.addEventListener("input", function () { query = text.value.trim().toLowerCase(); apply(); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-area-pick]"), function (el) {
    el.addEventListener("click", function () {
      if (!select) return;
      select.value = el.getAttribute("data-area-pick");
      area = select.value;
      apply();
      var target = document.getElementById("controls");
      if (target) target.scrollIntoView();
    });
  });
  apply();
})();
`;

/** The CSP source for an inline block: `'sha256-…'` of its exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The page's policy: nothing may load or connect (`default-src 'none'`), and only the two constants above
 * run or style the page. An injected `onerror=` or `<script>` would be refused even if escaping failed.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_CSS)}`,
    `script-src ${cspHash(REPORT_JS)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}
