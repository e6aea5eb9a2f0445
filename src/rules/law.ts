/**
 * Law references as data, and their citations in Chinese and English.
 *
 * Numbering follows /work/shared/LEGAL.md: PIPL 2021; CSL as amended by the NPCSC decision of
 * 2025-10-28 (in force 2026-01-01), which inserted a new Art. 3 and a new Art. 20 — so a CSL reference
 * carries its current number and, where it moved, the pre-2026 number, and both are shown.
 */

export const LAW_CODES = ["PIPL", "CSL", "DSL", "LCL", "XBP", "AUCL", "FRT"] as const;
export type LawCode = (typeof LAW_CODES)[number];

import type { Bilingual, Lang } from "../text";
/** @deprecated Import `Bilingual` and `Lang` from src/text (their one home). */
export type { Bilingual, Lang } from "../text";

/**
 * One article (optionally one paragraph 款 and/or one item 项 of it). English notation follows the
 * usual convention: "Art. 13(1)(2)" = paragraph 1, item 2; an article with a single paragraph and
 * items is written "Art. 23(3)" (item 3), as LEGAL.md does.
 */
export interface LawRef {
  readonly law: LawCode;
  readonly article: number;
  readonly paragraph?: number;
  readonly item?: number;
  /** The article's number before the 2026 CSL renumbering, when it changed. */
  readonly formerArticle?: number;
  readonly citation: Bilingual;
}

interface LawName {
  readonly zh: string;
  readonly zhFull: string;
  readonly en: string;
  readonly enFull: string;
}

export const LAW_NAMES: Readonly<Record<LawCode, LawName>> = {
  PIPL: {
    zh: "《个人信息保护法》",
    zhFull: "《中华人民共和国个人信息保护法》",
    en: "PIPL",
    enFull: "Personal Information Protection Law of the PRC (2021)",
  },
  CSL: {
    zh: "《网络安全法》",
    zhFull: "《中华人民共和国网络安全法》（2025年10月28日修正，2026年1月1日施行）",
    en: "CSL",
    enFull: "Cybersecurity Law of the PRC (as amended 2025-10-28, in force 2026-01-01)",
  },
  DSL: {
    zh: "《数据安全法》",
    zhFull: "《中华人民共和国数据安全法》",
    en: "DSL",
    enFull: "Data Security Law of the PRC",
  },
  LCL: {
    zh: "《劳动合同法》",
    zhFull: "《中华人民共和国劳动合同法》",
    en: "LCL",
    enFull: "Labour Contract Law of the PRC",
  },
  XBP: {
    zh: "《促进和规范数据跨境流动规定》",
    zhFull: "《促进和规范数据跨境流动规定》（国家互联网信息办公室，2024年3月22日）",
    en: "XBP",
    enFull: "Provisions on Promoting and Regulating Cross-Border Data Flows (CAC, 2024-03-22)",
  },
  AUCL: {
    zh: "《反不正当竞争法》",
    zhFull: "《中华人民共和国反不正当竞争法》（2025年6月27日修订，2025年10月15日施行）",
    en: "AUCL",
    enFull: "Anti-Unfair Competition Law of the PRC (revised 2025-06-27, in force 2025-10-15)",
  },
  FRT: {
    zh: "《人脸识别技术应用安全管理办法》",
    zhFull: "《人脸识别技术应用安全管理办法》（国家互联网信息办公室、公安部令第19号，2025年6月1日施行）",
    en: "FRT Measures",
    enFull:
      "Measures for the Security Management of the Application of Facial Recognition Technology (CAC and Ministry of Public Security Order No. 19, in force 2025-06-01)",
  },
};

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;

/** 1 → 一, 10 → 十, 13 → 十三, 28 → 二十八, 40 → 四十, 105 → 一百零五 (article numbers stay < 1000). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`article number out of range: ${n}`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = "";
  if (hundreds > 0) out += `${DIGITS[hundreds]}百`;
  if (tens > 0) out += `${hundreds === 0 && tens === 1 ? "" : DIGITS[tens]}十`;
  else if (hundreds > 0 && ones > 0) out += "零";
  if (ones > 0) out += DIGITS[ones];
  return out;
}

function zhPart(article: number, paragraph: number | undefined, item: number | undefined): string {
  let s = `第${chineseNumeral(article)}条`;
  if (paragraph !== undefined) s += `第${chineseNumeral(paragraph)}款`;
  if (item !== undefined) s += `第（${chineseNumeral(item)}）项`;
  return s;
}

function enPart(article: number, paragraph: number | undefined, item: number | undefined): string {
  let s = `${article}`;
  if (paragraph !== undefined) s += `(${paragraph})`;
  if (item !== undefined) s += `(${item})`;
  return s;
}

export interface LawRefInput {
  readonly paragraph?: number;
  readonly item?: number;
  readonly formerArticle?: number;
}

/** Builds a {@link LawRef} with its citation, e.g. `ref("CSL", 23, { item: 3, formerArticle: 21 })`. */
export function ref(law: LawCode, article: number, opts: LawRefInput = {}): LawRef {
  const name = LAW_NAMES[law];
  let zh = `${name.zh}${zhPart(article, opts.paragraph, opts.item)}`;
  let en = `${name.en} Art. ${enPart(article, opts.paragraph, opts.item)}`;
  if (opts.formerArticle !== undefined) {
    zh += `（原${zhPart(opts.formerArticle, opts.paragraph, opts.item)}）`;
    en += ` (formerly ${enPart(opts.formerArticle, opts.paragraph, opts.item)})`;
  }
  return {
    law,
    article,
    ...(opts.paragraph !== undefined ? { paragraph: opts.paragraph } : {}),
    ...(opts.item !== undefined ? { item: opts.item } : {}),
    ...(opts.formerArticle !== undefined ? { formerArticle: opts.formerArticle } : {}),
    citation: { zh, en },
  };
}

/**
 * All citations of a control for one line of a report, grouped by law in the order given:
 * "PIPL Arts. 13, 14; LCL Art. 4" / "《个人信息保护法》第十三条、第十四条；《劳动合同法》第四条".
 */
export function citeAll(refs: readonly LawRef[], lang: Lang): string {
  if (refs.length === 0) return lang === "zh" ? "（内部控制，无对应法条）" : "(internal control, no article)";
  const groups: LawRef[][] = [];
  for (const r of refs) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.law === r.law) last.push(r);
    else groups.push([r]);
  }
  return groups
    .map((g) => {
      const name = LAW_NAMES[(g[0] as LawRef).law];
      if (lang === "zh") return `${name.zh}${g.map((r) => r.citation.zh.slice(name.zh.length)).join("、")}`;
      const parts = g.map((r) => r.citation.en.slice(`${name.en} Art. `.length));
      return `${name.en} ${g.length === 1 ? "Art." : "Arts."} ${parts.join(", ")}`;
    })
    .join(lang === "zh" ? "；" : "; ");
}
