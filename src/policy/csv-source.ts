/**
 * CSV tables (HR roster, consent ledger) with line numbers. Rows are addressed by the JSON pointer
 * `/rows/<index>/<column>`, index 0 being the first data row. Each row keeps only its cells and its
 * line; column positions are computed on demand from the file text, so a 100k-row file costs little
 * more than its cells.
 */
import { parse, type Options } from "csv-parse/sync";
import { pointerSegments, type Position } from "./yaml-source";

export interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  /** Cells by header name; empty cells are left out. */
  cells: Record<string, string>;
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

/** Start columns (1-based) of each field in one line of CSV text, honouring quotes. */
function fieldStarts(line: string): number[] {
  const starts = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) starts.push(i + 2);
  }
  return starts;
}

/**
 * The records of a CSV text that has nothing for a CSV parser to decide — no quote, every line ending in
 * "\n" or "\r\n", no blank-looking line that is not empty, every record as many fields as the first — or
 * undefined, and the caller parses it with csv-parse. Exactly what csv-parse gives for such a text with the
 * options above (a test compares the two): lines split at commas; each field trimmed of CR, LF, form
 * feed, space and tab at its start and of any white space at its end; empty lines skipped. csv-parse
 * takes 0.5–1.2 s for a 100,000-row roster, which the program reads on every preview (issue 12); this
 * takes a tenth of that.
 */
export function plainRecords(text: string): Parsed[] | undefined {
  if (text.includes('"')) return undefined;
  const lines = text.split("\n");
  // One line ending throughout (csv-parse takes the first it meets as the record delimiter).
  const crs = text.split("\r").length - 1;
  if (crs !== 0 && (crs !== lines.length - 1 || text.split("\r\n").length !== lines.length)) return undefined;
  const out: Parsed[] = [];
  let width = -1;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line === "") continue;
    // A line of white space only is for csv-parse to judge.
    if (line.trim() === "") return undefined;
    const fields = line.split(",");
    if (width < 0) width = fields.length;
    else if (fields.length !== width) return undefined;
    for (let f = 0; f < fields.length; f++) fields[f] = trimField(fields[f]!);
    out.push({ fields, line: i + 1 });
  }
  return out;
}

const LEADING = /^[\r\n\f \t]+/;
const trimField = (f: string): string => (f === "" ? f : f.replace(LEADING, "").trimEnd());

export interface Parsed {
  fields: string[];
  /** Line the record starts on. */
  line: number;
}

/** The records csv-parse finds, with what it could not read as issues (line and message). */
export function parsedRecords(text: string, issues: CsvIssue[]): Parsed[] {
  const options: Options<Parsed, string[]> = {
    skip_empty_lines: true,
    trim: true,
    relax_column_count: false,
    skip_records_with_error: true,
    // info.lines is the line a record ends on; a quoted field may span lines, so count back.
    on_record: (fields, info): Parsed => {
      let spanned = 0;
      for (const f of fields) for (let i = f.indexOf("\n"); i >= 0; i = f.indexOf("\n", i + 1)) spanned++;
      return { fields, line: info.lines - spanned };
    },
    on_skip: (err) => {
      if (err) {
        const line = typeof err.lines === "number" ? err.lines : 1;
        issues.push({ code: err.code, message: err.message, position: { line, column: 1 } });
      }
      return undefined;
    },
  };
  // The typings' overloads cannot express on_record changing the record type; the options above are
  // checked against Options<Parsed, string[]>.
  return parse(text, options as unknown as Options) as unknown as Parsed[];
}

export function parseCsv(file: string, input: string): CsvSource {
  const text = input.replace(/^\uFEFF/, "");
  const issues: CsvIssue[] = [];
  const records = plainRecords(text) ?? parsedRecords(text, issues);
  const first = records[0];
  const header = first ? first.fields.map((h) => h.trim()) : [];
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    const cells: Record<string, string> = {};
    rec.fields.forEach((value, c) => {
      const name = header[c];
      if (name !== undefined && value !== "") cells[name] = value;
    });
    rows.push({ line: rec.line, cells });
  }
  const headerLine = first ? first.line : 1;

  let lineStarts: number[] | undefined;
  const lineText = (line: number): string => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    }
    const start = lineStarts[line - 1] ?? text.length;
    const end = lineStarts[line] ?? text.length;
    return text.slice(start, end).replace(/\r?\n$/, "");
  };
  const column = (line: number, name: string | undefined): number => {
    const c = name === undefined ? -1 : header.indexOf(name);
    return c >= 0 ? (fieldStarts(lineText(line))[c] ?? 1) : 1;
  };

  const locate = (pointer: string): { position: Position; pointer: string } => {
    const [kind, index, name] = pointerSegments(pointer);
    if (kind === "header" && first) {
      return { position: { line: headerLine, column: column(headerLine, index) }, pointer };
    }
    if (kind === "rows" && index !== undefined && /^\d+$/.test(index)) {
      const row = rows[Number(index)];
      if (row) {
        const known = name !== undefined && header.includes(name);
        return {
          position: { line: row.line, column: column(row.line, known ? name : undefined) },
          pointer: known ? pointer : `/rows/${index}`,
        };
      }
    }
    return { position: { line: headerLine, column: 1 }, pointer: "" };
  };
  return { kind: "csv", file, header, rows, issues, locate };
}
