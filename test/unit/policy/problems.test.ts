/** formatProblems, detectLang and did-you-mean: the small pieces every message depends on. */
import { describe, expect, it } from "vitest";
import { detectLang, formatProblems, type Problem } from "../../../src/policy";
import { didYouMean, editDistance } from "../../../src/policy/did-you-mean";

const problem = (over: Partial<Problem>): Problem => ({
  file: "roles.yaml",
  line: 1,
  column: 1,
  pointer: "",
  code: "x",
  message: { zh: "中", en: "en" },
  ...over,
});

describe("formatProblems", () => {
  it("prints the DESIGN §5 shape, sorted by file, line and column, in either language", () => {
    const problems = [
      problem({ file: "tenant.yaml", line: 2, column: 1, message: { zh: "乙", en: "b" } }),
      problem({
        line: 14,
        column: 9,
        pointer: "/roles/finance/members/2",
        message: { zh: "未知成员 `lisii`", en: "unknown user `lisii`" },
        fix: { zh: "是否应为 `lisi`？", en: "did you mean `lisi`?" },
      }),
      problem({ line: 3, column: 7, message: { zh: "甲", en: "a" } }),
    ];
    expect(formatProblems(problems, "en")).toBe(
      [
        "roles.yaml:3:7 — a",
        "roles.yaml:14:9 /roles/finance/members/2 — unknown user `lisii` — did you mean `lisi`?",
        "tenant.yaml:2:1 — b",
      ].join("\n"),
    );
    expect(formatProblems(problems, "zh").split("\n")[1]).toBe(
      "roles.yaml:14:9 /roles/finance/members/2 — 未知成员 `lisii` — 是否应为 `lisi`？",
    );
  });

  it("keeps one line per problem when a value contains a newline", () => {
    expect(formatProblems([problem({ message: { zh: "a\nb", en: "a\nb" } })], "en")).toBe(
      "roles.yaml:1:1 — a\\nb",
    );
  });
});

describe("detectLang", () => {
  it("prefers WECOM_POLICY_LANG, then LC_ALL, LC_MESSAGES, LANG", () => {
    expect(detectLang({ WECOM_POLICY_LANG: "zh", LANG: "en_US.UTF-8" })).toBe("zh");
    expect(detectLang({ WECOM_POLICY_LANG: "en", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(detectLang({ LC_ALL: "zh_CN.UTF-8", LANG: "en_US.UTF-8" })).toBe("zh");
    expect(detectLang({ LC_ALL: "C", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(detectLang({ LC_MESSAGES: "zh_TW.UTF-8" })).toBe("zh");
    expect(detectLang({ LANG: "zh_CN.GB18030" })).toBe("zh");
    expect(detectLang({})).toBe("en");
  });
});

describe("didYouMean", () => {
  it("counts a swap as one edit and suggests only close matches", () => {
    expect(editDistance("lisii", "lisi")).toBe(1);
    expect(editDistance("lsii", "lisi")).toBe(1);
    expect(didYouMean("lisii", ["lisi", "lina", "zhangwei"])).toBe("lisi");
    expect(didYouMean("tagname", ["tag_name", "tag_id", "purpose"])).toBe("tag_name");
    expect(didYouMean("Owner", ["owner"])).toBe("owner");
    expect(didYouMean("xyz", ["lisi", "lina"])).toBeUndefined();
    expect(didYouMean("lina", ["lina"])).toBeUndefined();
  });

  it("breaks ties deterministically", () => {
    expect(didYouMean("lin", ["lind", "lina"])).toBe("lina");
  });
});
