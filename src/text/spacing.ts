/**
 * Spacing between Chinese and Latin text, the way Chinese technical writing does it: one space between a
 * Han character and an adjacent Latin letter, digit or inline-code backtick ("超过 retention.yaml 中",
 * "同意目的 chat-archive 的", "保存 184 天"), none next to full-width punctuation ("（chat-archive）").
 *
 * Generated Chinese text is built with the {@link zh} tag, which spaces the literal parts and the
 * boundaries where a value meets them but never changes a value itself: a role named `财务2组` or a member
 * named `Lily李` is quoted exactly as written.
 */

// Han ideographs (CJK Unified Ideographs, Extension A, compatibility ideographs). Punctuation such as
// 「」（），。、： is deliberately excluded: no space goes between it and Latin text.
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
// What counts as the Latin side: letters, digits, and the backtick that opens or closes inline code.
const LATIN = "A-Za-z0-9`";

const HAN_THEN_LATIN = new RegExp(`([${HAN}])([${LATIN}])`, "gu");
const LATIN_THEN_HAN = new RegExp(`([${LATIN}])([${HAN}])`, "gu");
const IS_HAN = new RegExp(`[${HAN}]`, "u");
const IS_LATIN = new RegExp(`[${LATIN}]`, "u");

/** True when `a` followed directly by `b` needs a space between them (one Han, the other Latin). */
export function needsSpace(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return (IS_HAN.test(a) && IS_LATIN.test(b)) || (IS_LATIN.test(a) && IS_HAN.test(b));
}

/**
 * Puts one space between each Han character and an adjacent Latin letter, digit or backtick in `text`.
 * Use it on text we wrote; for text that contains values (names, ids) use {@link zh}, which leaves them
 * alone.
 */
export function spaceCjk(text: string): string {
  return text.replace(HAN_THEN_LATIN, "$1 $2").replace(LATIN_THEN_HAN, "$1 $2");
}

/**
 * Tag for generated Chinese text: `` zh`超过${limit}的最长保存期限 ${days} 天` ``. The literal parts are
 * spaced with {@link spaceCjk}; a space is added where a literal's Han character meets a value's first or
 * last Latin character (and the reverse); the values themselves are inserted unchanged.
 */
export function zh(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let out = spaceCjk(strings[0] ?? "");
  for (let i = 0; i < values.length; i++) {
    const value = String(values[i]);
    const next = spaceCjk(strings[i + 1] ?? "");
    // The character before the value is the end of what is built so far (a literal, or an earlier value
    // directly adjacent); the one after it is the next literal's first character.
    if (value !== "" && needsSpace(out.at(-1), value[0])) out += " ";
    out += value;
    const last = value === "" ? out.at(-1) : value.at(-1);
    if (needsSpace(last, next[0])) out += " ";
    out += next;
  }
  return out;
}
