/**
 * Building HTML from values that come from the tenant or the policy (member and role names, purposes,
 * operation-log details, commit messages) without ever letting one become markup.
 *
 * Every value interpolated into an {@link html} template is escaped with `escape-html` (`&`, `<`, `>`, `"`,
 * `'`), so it is safe as element text and inside a double- or single-quoted attribute. Only fragments built
 * by `html` itself (a {@link SafeHtml}) are inserted as they are; there is no other way to insert raw text,
 * and the page's own CSS and script are constants of src/report/html-page.ts that hold no value.
 *
 * Never interpolate into an unquoted attribute, a URL attribute (`href`, `src`), an event handler, a
 * `<style>` or a `<script>`: escaping does not make a value safe there. The report has no such place.
 */
import escapeHtml from "escape-html";

/** Markup built by {@link html}: inserted into another template as it is. */
export class SafeHtml {
  /** @internal Use {@link html}, {@link join} or {@link EMPTY}; there is no public raw constructor. */
  constructor(
    private readonly markup: string,
    brand: typeof BRAND,
  ) {
    if (brand !== BRAND) throw new Error("SafeHtml is built only by html``");
  }
  toString(): string {
    return this.markup;
  }
}

const BRAND = Symbol("SafeHtml");

/** A value a template accepts: text (escaped), a number, markup from `html`, or a list of these. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join("");
  return escapeHtml(String(value));
}

/** The tag for every piece of the report's markup: interpolated values are escaped, fragments kept. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? "");
  return new SafeHtml(out, BRAND);
}

/** Fragments joined by a separator (itself escaped when it is text). */
export function join(parts: readonly HtmlValue[], separator: HtmlValue = ""): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(parts.map(render).join(sep), BRAND);
}

export const EMPTY = new SafeHtml("", BRAND);

/** Escape one value as text; for code that needs the string (tests, attribute values built elsewhere). */
export function escapeText(value: string): string {
  return escapeHtml(value);
}

/**
 * A page constant (the report's stylesheet and script, written in this repository) as markup. Refuses any
 * text that could close its element early, so even a later edit cannot smuggle a value in unnoticed.
 */
export function constantBlock(tag: "style" | "script", text: string): SafeHtml {
  if (/<\/(style|script)/i.test(text) || /<!--/.test(text))
    throw new Error(`a <${tag}> constant must not contain a closing tag or a comment opener`);
  return new SafeHtml(`<${tag}>${text}</${tag}>`, BRAND);
}
