/**
 * Text in both report languages, and the reader's language. The one home for these types: everything
 * that shows text to people (problems, findings, drift, audit, import notes) imports them from here.
 */

/** Text in both report languages. Build the Chinese side with {@link zh} so Latin words are spaced. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** The report languages, in the order `--lang` lists them. */
export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** A `--lang` value that is neither `zh` nor `en`; commands report it as a usage error (exit 64, src/cli/exit-codes.ts). */
export class LangError extends Error {
  override readonly name = "LangError";
  constructor(
    readonly value: string,
    allowed: readonly string[] = LANGS,
  ) {
    const en =
      allowed.length === 2 ? allowed.join(" or ") : `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`;
    const zh =
      allowed.length === 2 ? allowed.join(" 或 ") : `${allowed.slice(0, -1).join("、")} 或 ${allowed.at(-1)}`;
    super(`--lang must be ${en}, got ${JSON.stringify(value)} / --lang 须为 ${zh}`);
  }
}

/**
 * The one parser for `--lang`: exactly `zh` or `en` (any case, surrounding spaces ignored); anything else
 * throws {@link LangError}. Commands take it through `langOption()` in src/cli/options.ts.
 */
export function parseLang(raw: string): Lang {
  const v = raw.trim().toLowerCase();
  if (isLang(v)) return v;
  throw new LangError(raw);
}

/** A page can show both languages side by side (`report --html --lang both`). */
export type LangOrBoth = Lang | "both";

/** `--lang zh|en|both` for outputs that can show both languages; anything else throws {@link LangError}. */
export function parseLangOrBoth(raw: string): LangOrBoth {
  const v = raw.trim().toLowerCase();
  if (v === "both" || isLang(v)) return v;
  throw new LangError(raw, [...LANGS, "both"]);
}

/**
 * The reader's language when no `--lang` is given: WECOM_POLICY_LANG if it starts with zh or en; then the
 * first of LC_ALL, LC_MESSAGES, LANG that is set: zh* → zh, else en.
 */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const explicit = env["WECOM_POLICY_LANG"]?.trim().toLowerCase();
  if (explicit?.startsWith("zh")) return "zh";
  if (explicit?.startsWith("en")) return "en";
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const value = env[name];
    if (value) return value.toLowerCase().startsWith("zh") ? "zh" : "en";
  }
  return "en";
}

/** `--lang` when given, else {@link detectLang}. */
export function langOrDetect(lang: Lang | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  return lang ?? detectLang(env);
}

/** Both languages on one line, Chinese first: `中文 / English` (for text shown before the language is known). */
export function both(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
