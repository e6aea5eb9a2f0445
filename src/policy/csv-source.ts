/**
 * CSV tables (HR roster, consent ledger) with line numbers. Rows are addressed by the JSON pointer
 * `/rows/<index>/<column>`, index 0 being the first data row; positions are computed on demand from
 * the raw row text so a 100k-row file keeps only what it must.
 */
import { parse } from "csv-parse/sync";
import { pointerSegments, type Position } from "./yaml-source";

export interface CsvRow {
  /** 1-based line of the row in the file. */
  line: number;
  /** Cells by header name; empty cells are left out. */
  cells: Record<string, string>;
  raw: string;
}

export interface CsvIssue {
  code: string;
  message: string;
  position: Position;
}

export interface CsvSource {
  kind: "csv";
  file: string;
  header: string[];
  rows: CsvRow[];
  issues: CsvIssue[];
  locate(pointer: string): { position: Position; pointer: string };
}

/** Start columns (1-based) of each field in one raw CSV line, honouring quotes. */
function fieldStarts(raw: string): number[] {
  const starts = [1];
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) starts.push(i + 2);
  }
  return starts;
}

export function parseCsv(file: string, text: string): CsvSource {
  const issues: CsvIssue[] = [];
  const records: { info: { lines: number }; raw: string; record: string[] }[] = parse(
    text.replace(/^\uFEFF/, ""),
    {
      info: true,
      raw: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) {
          const line = typeof err.lines === "number" ? err.lines : 1;
          issues.push({ code: err.code, message: err.message, position: { line, column: 1 } });
        }
        return undefined;
      },
    },
  ) as unknown as { info: { lines: number }; raw: string; record: string[] }[];
  const first = records[0];
  const header = first ? first.record.map((h) => h.trim()) : [];
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    const cells: Record<string, string> = {};
    rec.record.forEach((value, c) => {
      const name = header[c];
      if (name !== undefined && value !== "") cells[name] = value;
    });
    // info.lines is the line the record ends on; records here never span lines unless quoted.
    const line = rec.info.lines - (rec.raw.replace(/\r?\n$/, "").split("\n").length - 1);
    rows.push({ line, cells, raw: rec.raw });
  }
  const headerLine = first ? first.info.lines : 1;
  const locate = (pointer: string): { position: Position; pointer: string } => {
    const [kind, index, column] = pointerSegments(pointer);
    if (kind === "header" && first) {
      const c = index === undefined ? -1 : header.indexOf(index);
      const starts = fieldStarts(first.raw);
      return { position: { line: headerLine, column: c >= 0 ? (starts[c] ?? 1) : 1 }, pointer };
    }
    if (kind === "rows" && index !== undefined && /^\d+$/.test(index)) {
      const row = rows[Number(index)];
      if (row) {
        const c = column === undefined ? -1 : header.indexOf(column);
        const starts = fieldStarts(row.raw);
        return {
          position: { line: row.line, column: c >= 0 ? (starts[c] ?? 1) : 1 },
          pointer: column === undefined || c < 0 ? `/rows/${index}` : pointer,
        };
      }
    }
    return { position: { line: headerLine, column: 1 }, pointer: "" };
  };
  return { kind: "csv", file, header, rows, issues, locate };
}
