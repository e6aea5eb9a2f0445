/** Problems found in policy files, and how they read in a terminal. */
import type { Bilingual, Lang } from "../text";

/** @deprecated Import `Lang` and `detectLang` from src/text (their one home). */
export { detectLang, type Lang } from "../text";

/** One thing wrong with the policy files: where, what, and (when it can be guessed) the fix. */
export interface Problem {
  /** File relative to the policies directory. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** JSON pointer into the file's data (`/rows/<i>/<column>` for CSV). */
  pointer: string;
  /** Stable machine code, e.g. `ref.unknown-user`, `schema.required`. */
  code: string;
  message: Bilingual;
  fix?: Bilingual;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** One line per problem, sorted by file, line and column:
 * `roles.yaml:14:9 /roles/finance/members/2 — unknown user `lisii` — did you mean `lisi`?` */
export function formatProblems(problems: readonly Problem[], lang: Lang): string {
  return [...problems]
    .sort(compareProblems)
    .map((p) => {
      const where = `${p.file}:${p.line}:${p.column}${p.pointer ? " " + p.pointer : ""}`;
      const fix = p.fix ? ` — ${p.fix[lang]}` : "";
      // One line per problem, whatever a quoted value contains.
      return `${where} — ${p.message[lang]}${fix}`.replace(/\r?\n/g, "\\n");
    })
    .join("\n");
}
