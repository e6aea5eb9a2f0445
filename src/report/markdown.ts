/**
 * Markdown that is safe to post: text from the tenant or the policy files (names, purposes, reasons) is
 * shown as written, never as markup — a role named `<img src=x onerror=alert(1)>` stays text, a pipe does not
 * open a table cell, a backtick does not open code.
 */

/** Escapes Markdown and HTML in inline text (GitHub-flavoured Markdown). */
export function mdText(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1")
    .replace(/\r?\n/g, " ");
}

/** Inline code that cannot be broken out of: a value with backticks is fenced with a longer run. */
export function mdCode(s: string): string {
  const flat = s.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  // Inside a table cell a pipe still ends the cell, even in code.
  return `${fence}${pad}${flat.replace(/\|/g, "\\|")}${pad}${fence}`;
}
