/**
 * The summary of the HTML report: verdicts counted per area (the `ARC` of `WC.ARC.2v1`), and the same
 * counts drawn as an inline SVG bar chart — numbers and escaped labels only, no script, no external font.
 */
import type { AuditReport } from "../audit/evaluate";
import type { DriftReport } from "../drift/run";
import { CONTROL_FAMILIES, FAMILY_NAMES, familyOf, type ControlFamily } from "../rules";
import { STATUS_WORDS, type Bilingual, type CheckStatus, type LangOrBoth } from "../text";
import { html, join, type SafeHtml } from "./html-escape";

/** The order statuses are stacked and listed in: what needs attention first. */
export const STATUS_ORDER = [
  "fail",
  "waived",
  "cannot-check",
  "pass",
  "not-applicable",
] as const satisfies readonly CheckStatus[];

export type StatusCounts = Record<CheckStatus, number>;

export interface AreaCounts {
  /** `ARC`; `?` for an id that is not shaped like `WC.<AREA>.n`. */
  readonly area: string;
  readonly name: Bilingual;
  readonly counts: StatusCounts;
}

export const zeroCounts = (): StatusCounts => ({
  pass: 0,
  fail: 0,
  waived: 0,
  "not-applicable": 0,
  "cannot-check": 0,
});

export function areaName(area: string): Bilingual {
  return (FAMILY_NAMES as Readonly<Record<string, Bilingual>>)[area] ?? { zh: area, en: area };
}

function sortAreas(map: Map<string, StatusCounts>): AreaCounts[] {
  const rank = (a: string) => {
    const i = (CONTROL_FAMILIES as readonly string[]).indexOf(a as ControlFamily);
    return i < 0 ? CONTROL_FAMILIES.length : i;
  };
  return [...map.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([area, counts]) => ({ area, name: areaName(area), counts }));
}

/**
 * Per area, how many verdicts (one per control and target, as `audit` counts them in its summary line)
 * are pass, fail, waived, not applicable or cannot check. Every control appears, so an area with only
 * passes is shown too.
 */
export function auditAreaCounts(report: AuditReport): AreaCounts[] {
  const map = new Map<string, StatusCounts>();
  for (const c of report.controls) {
    const area = familyOf(c.id) ?? "?";
    const counts = map.get(area) ?? zeroCounts();
    map.set(area, counts);
    for (const r of c.results) counts[r.status]++;
  }
  return sortAreas(map);
}

/** Per area, the drift check's failing and waived controls (drift lists no passes). */
export function driftAreaCounts(report: DriftReport): AreaCounts[] {
  const map = new Map<string, StatusCounts>();
  for (const f of report.law) {
    const area = familyOf(f.id) ?? "?";
    const counts = map.get(area) ?? zeroCounts();
    map.set(area, counts);
    counts[f.status]++;
  }
  return sortAreas(map);
}

const COLOUR: Readonly<Record<CheckStatus, string>> = {
  fail: "#c62828",
  waived: "#e08a00",
  "cannot-check": "#6a5acd",
  pass: "#2e7d32",
  "not-applicable": "#b0b0b0",
};

const LABEL_W = 250;
const BAR_W = 330;
const COUNT_W = 300;
const ROW_H = 30;
const TOP = 8;

/**
 * A horizontal stacked bar per area, scaled to the largest area; each segment has a tooltip and the row
 * ends with its counts in words. `data-area-pick` lets the page's script filter the controls by area.
 */
export function areaChart(areas: readonly AreaCounts[], lang: LangOrBoth): SafeHtml {
  const word = (s: CheckStatus) =>
    lang === "both" ? `${STATUS_WORDS[s].zh} ${STATUS_WORDS[s].en}` : STATUS_WORDS[s][lang];
  const name = (b: Bilingual) => (lang === "both" ? `${b.zh} ${b.en}` : b[lang]);
  const total = (c: StatusCounts) => STATUS_ORDER.reduce((n, s) => n + c[s], 0);
  const max = Math.max(1, ...areas.map((a) => total(a.counts)));
  const height = TOP * 2 + areas.length * ROW_H;
  const width = LABEL_W + BAR_W + COUNT_W;
  const rows = areas.map((a, i) => {
    const y = TOP + i * ROW_H;
    let x = LABEL_W;
    const segments = STATUS_ORDER.filter((s) => a.counts[s] > 0).map((s) => {
      const w = Math.max(2, (a.counts[s] / max) * BAR_W);
      const rect = html`<rect
        x="${x.toFixed(1)}"
        y="${y + 5}"
        width="${w.toFixed(1)}"
        height="${ROW_H - 10}"
        fill="${COLOUR[s]}"
        class="seg-${s}"
        ><title>${a.area}: ${a.counts[s]} ${word(s)}</title></rect
      >`;
      x += w;
      return rect;
    });
    const summary = STATUS_ORDER.filter(
      (s) => s === "fail" || s === "waived" || s === "pass" || a.counts[s] > 0,
    )
      .map((s) => `${a.counts[s]} ${STATUS_WORDS[s][lang === "both" ? "en" : lang]}`)
      .join(" · ");
    return html`<g class="area-row" data-area-pick="${a.area}" data-testid="chart-${a.area}"
      ><text x="0" y="${y + ROW_H / 2 + 4}" class="chart-label">${a.area} ${name(a.name)}</text
      >${segments}<text x="${LABEL_W + BAR_W + 8}" y="${y + ROW_H / 2 + 4}" class="chart-count"
        >${summary}</text
      ></g
    >`;
  });
  const legend = STATUS_ORDER.map(
    (s) =>
      html`<span class="legend-item"
        ><svg width="12" height="12" aria-hidden="true">
          <rect width="12" height="12" fill="${COLOUR[s]}"></rect>
        </svg>
        ${word(s)}</span
      >`,
  );
  const label = areas
    .map((a) => `${a.area}: ${STATUS_ORDER.map((s) => `${a.counts[s]} ${STATUS_WORDS[s].en}`).join(", ")}`)
    .join("; ");
  return html`<figure class="chart">
    <svg
      xmlns="http://www.w3.org/2000/svg"
      role="img"
      aria-label="${label}"
      viewBox="0 0 ${width} ${height}"
      width="${width}"
      height="${height}"
    >
      ${rows}
    </svg>
    <figcaption class="legend">${join(legend, " ")}</figcaption>
  </figure>`;
}
