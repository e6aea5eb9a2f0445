/** The one --lang parser, detectLang, and the severity/status/sync words. */
import { describe, expect, it } from "vitest";
import {
  CHECK_STATUSES,
  detectLang,
  LangError,
  parseLang,
  SEVERITIES,
  SEVERITY_WORDS,
  severityTag,
  STATUS_WORDS,
  SYNC_WORDS,
} from "../../../src/text";
import { FINDING_STATUSES } from "../../../src/rules/finding";

describe("parseLang", () => {
  it("accepts zh and en in any case", () => {
    expect(parseLang("zh")).toBe("zh");
    expect(parseLang(" EN ")).toBe("en");
  });
  it.each(["fr", "", "zh-CN", "chinese"])("rejects %j with a bilingual message", (raw) => {
    expect(() => parseLang(raw)).toThrow(LangError);
    expect(() => parseLang(raw)).toThrow(
      `--lang must be zh or en, got ${JSON.stringify(raw)} / --lang 须为 zh 或 en`,
    );
  });
});

describe("detectLang", () => {
  it("WECOM_POLICY_LANG wins, then the locale, else en", () => {
    expect(detectLang({ WECOM_POLICY_LANG: "zh", LANG: "en_US.UTF-8" })).toBe("zh");
    expect(detectLang({ WECOM_POLICY_LANG: "fr", LANG: "zh_CN.UTF-8" })).toBe("zh");
    expect(detectLang({ LC_ALL: "en_GB.UTF-8", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(detectLang({})).toBe("en");
  });
});

describe("words", () => {
  it("has a word for every severity and every finding status in both languages", () => {
    for (const s of SEVERITIES) expect(SEVERITY_WORDS[s].zh).not.toBe(SEVERITY_WORDS[s].en);
    for (const s of FINDING_STATUSES) expect(CHECK_STATUSES).toContain(s);
    expect(STATUS_WORDS["not-applicable"]).toEqual({ zh: "不适用", en: "not applicable" });
    expect(STATUS_WORDS["cannot-check"]).toEqual({ zh: "无法检查", en: "cannot check" });
    expect(SYNC_WORDS["in-sync"]).toEqual({ zh: "一致", en: "in sync" });
  });
  it("severityTag uses the reader's parentheses", () => {
    expect(severityTag("mandatory", "zh")).toBe("（强制）");
    expect(severityTag("advisory", "en")).toBe("(advisory)");
  });
});
