/**
 * Options several commands share, each parsed in one place so every command rejects bad values the same
 * way (commander reports the error; `main` exits 64, src/cli/exit-codes.ts).
 */
import { InvalidArgumentError, Option } from "commander";
import { LangError, parseLang, type Lang } from "../text";

/**
 * `--lang zh|en`. A value that is neither (`--lang fr`) is a usage error in every command that takes it.
 * Absent, the command falls back to `detectLang()` (WECOM_POLICY_LANG, then the locale).
 */
export function langOption(what = "report language"): Option {
  return new Option(
    "--lang <lang>",
    `${what}: zh | en (default: WECOM_POLICY_LANG, then the locale)`,
  ).argParser((raw: string): Lang => {
    try {
      return parseLang(raw);
    } catch (err) {
      if (err instanceof LangError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  });
}
