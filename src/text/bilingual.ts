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
  constructor(readonly value: string) {
    super(`--lang must be zh or en, got ${JSON.stringify(value)} / --lang 须为 zh 或 en`);
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
