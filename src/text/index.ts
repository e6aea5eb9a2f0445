/**
 * Text for people in Chinese and English: the {@link Bilingual} type, the reader's {@link Lang} and its one
 * parser, the severity/status/sync words, and the {@link zh} tag that spaces Chinese and Latin text.
 *
 * ```ts
 * import { zh, type Bilingual, SEVERITY_WORDS } from "../text";
 * const msg: Bilingual = { zh: zh`同意目的${key}未要求单独同意`, en: `consent purpose ${key} does not ask for separate consent` };
 * ```
 */
export * from "./bilingual";
export * from "./spacing";
export * from "./words";
