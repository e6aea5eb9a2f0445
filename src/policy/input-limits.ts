/**
 * What a policy file may not be, whoever wrote it (issue 8): larger than a size cap (checked before the
 * file is read — a 200 MB file took 740 MB of memory), nested deeper than any policy needs (the YAML
 * parser overflowed its stack), or carrying control characters in names, ids and keys (a NUL inside a
 * quoted tag name passed validation and would have been sent to WeCom).
 */

/** Policy files nest a few levels; 64 leaves room for any real file and none for a stack overflow. */
export const MAX_NESTING = 64;

/** Default cap on one policy file: a 100 000-row roster CSV is about 5 MB. */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** The cap in force: `WECOM_POLICY_MAX_FILE_BYTES` when it is a positive whole number. */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["WECOM_POLICY_MAX_FILE_BYTES"];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_FILE_BYTES;
}

/**
 * Fields of free text (purposes, descriptions, reasons): line breaks and tabs are allowed there, other
 * control characters nowhere. Every other string — names, ids, keys, list items, dates — is one line.
 */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  "description",
  "purpose",
  "necessity",
  "impact",
  "reason",
  "detail",
  "scenario",
  "evidence",
  "topic",
  "title",
  "title_en",
  "title_zh",
  "document",
  "reference",
]);

/** C0 controls but TAB, LF, CR; DEL; C1 controls. Never allowed. */
const ALWAYS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** Also refused in one-line values: TAB, LF, CR, the Unicode line separators and bidi overrides. */
const ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

const C0_NAMES = [
  "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
]; // prettier-ignore

/** "U+0000 NUL", "U+202E". */
export function codePointName(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = cp < 32 ? C0_NAMES[cp] : cp === 0x7f ? "DEL" : undefined;
  return name ? `${hex} ${name}` : hex;
}

/** The value with every control character written as \uXXXX, so a message never carries one. */
export function visible(s: string, max = 40): string {
  const cut = [...s].length > max ? `${[...s].slice(0, max).join("")}…` : s;
  return cut.replace(
    new RegExp(ONE_LINE.source, "gu"),
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

export interface ControlCharacter {
  /** JSON pointer of the value, or of the key for a key. */
  pointer: string;
  /** The string, as written. */
  text: string;
  /** 1-based character index of the first offending character. */
  index: number;
  char: string;
  /** The string is a mapping key. */
  key: boolean;
  /** The field allows line breaks and tabs (free text). */
  freeText: boolean;
}

const escapeSeg = (s: string): string => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** The first forbidden character of `s`, or undefined. */
function offending(s: string, pattern: RegExp): { index: number; char: string } | undefined {
  const m = pattern.exec(s);
  if (!m) return undefined;
  return { index: [...s.slice(0, m.index)].length + 1, char: m[0] };
}

/**
 * Every string in `data` (keys included) holding a forbidden control character. `data` is at most
 * MAX_NESTING deep (the YAML reader refuses deeper documents), so recursion is bounded.
 */
export function controlCharacters(data: unknown): ControlCharacter[] {
  const out: ControlCharacter[] = [];
  const walk = (v: unknown, pointer: string, field: string | undefined): void => {
    if (typeof v === "string") {
      const freeText = field !== undefined && FREE_TEXT_FIELDS.has(field);
      const bad = offending(v, freeText ? ALWAYS : ONE_LINE);
      if (bad) out.push({ pointer, text: v, ...bad, key: false, freeText });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${pointer}/${i}`, undefined));
    } else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const at = `${pointer}/${escapeSeg(k)}`;
        const bad = offending(k, ONE_LINE);
        if (bad) out.push({ pointer: at, text: k, ...bad, key: true, freeText: false });
        walk(item, at, k);
      }
    }
  };
  walk(data, "", undefined);
  return out;
}

/** Control characters in the cells of CSV rows (`/rows/<i>/<column>`); every cell is one line. */
export function csvControlCharacters(
  rows: readonly { cells: Readonly<Record<string, string>> }[],
): ControlCharacter[] {
  const out: ControlCharacter[] = [];
  rows.forEach((row, i) => {
    for (const [column, text] of Object.entries(row.cells)) {
      const bad = offending(text, ONE_LINE);
      if (bad)
        out.push({ pointer: `/rows/${i}/${escapeSeg(column)}`, text, ...bad, key: false, freeText: false });
    }
  });
  return out;
}
