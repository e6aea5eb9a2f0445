/**
 * `report --html`'s workflow: read and check the inputs (./html-inputs.ts), build the page (./html.ts) and
 * write it in one step (a temporary file renamed over the target, so a reader never sees half a report).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Bilingual, LangOrBoth } from "../text";
import { htmlReport } from "./html";
import { loadReportInputs, type InputProblem, type ReportInputFiles, type ReportInputs } from "./html-inputs";

export interface HtmlReportRequest {
  readonly out: string;
  readonly inputs: ReportInputFiles;
  readonly lang: LangOrBoth;
  readonly now: Date;
}

export type HtmlReportOutcome =
  | { readonly ok: true; readonly file: string; readonly bytes: number; readonly done: Bilingual }
  | { readonly ok: false; readonly usage: readonly InputProblem[] }
  | { readonly ok: false; readonly error: Bilingual };

export function writeHtmlReport(req: HtmlReportRequest): HtmlReportOutcome {
  const loaded = loadReportInputs(req.inputs);
  if (!loaded.ok) return { ok: false, usage: loaded.problems };
  const page = htmlReport(loaded.inputs, { lang: req.lang, generatedAt: req.now });
  const file = path.resolve(req.out);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, page);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return {
      ok: false,
      error: {
        zh: `无法写入 ${file}（${code}）。`,
        en: `cannot write ${file} (${code}).`,
      },
    };
  }
  const bytes = Buffer.byteLength(page);
  return { ok: true, file, bytes, done: doneLine(file, bytes, loaded.inputs) };
}

function doneLine(file: string, bytes: number, inputs: ReportInputs): Bilingual {
  const kib = (bytes / 1024).toFixed(1);
  const parts: Bilingual[] = [];
  if (inputs.audit)
    parts.push({
      zh: `${inputs.audit.controls.length} 项控制`,
      en: `${inputs.audit.controls.length} controls`,
    });
  if (inputs.drift)
    parts.push({ zh: `${inputs.drift.items.length} 处漂移`, en: `${inputs.drift.items.length} drift items` });
  if (inputs.history) parts.push({ zh: "策略变更时间线", en: "the policy timeline" });
  return {
    zh: `已写入 ${file}（${kib} KiB，自包含，可离线打开）：${parts.map((p) => p.zh).join("、")}。`,
    en: `wrote ${file} (${kib} KiB, self-contained, works offline): ${parts.map((p) => p.en).join(", ")}.`,
  };
}
