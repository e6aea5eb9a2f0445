/** The zh tag and spaceCjk: one space between Han and Latin text, values never changed. */
import { describe, expect, it } from "vitest";
import { needsSpace, spaceCjk, zh } from "../../../src/text";

describe("spaceCjk", () => {
  it.each([
    ["超过retention.yaml中", "超过 retention.yaml 中"],
    ["同意目的chat-archive的", "同意目的 chat-archive 的"],
    ["保存184天", "保存 184 天"],
    ["运行`pulumi up`后", "运行 `pulumi up` 后"],
    ["IT负责人", "IT 负责人"],
    // Already spaced, or next to full-width punctuation: unchanged.
    ["超过 retention.yaml 中", "超过 retention.yaml 中"],
    ["（chat-archive）、「HR助手」", "（chat-archive）、「HR 助手」"],
    ["English only", "English only"],
    ["纯中文句子。", "纯中文句子。"],
  ])("%s → %s", (input, expected) => {
    expect(spaceCjk(input)).toBe(expected);
  });
});

describe("zh tag", () => {
  it("spaces where a value meets Chinese text (the issue's examples)", () => {
    const limit = "retention.yaml 中会话存档";
    expect(zh`存档会话保存 ${400} 天，超过${limit}的最长保存期限 ${365} 天。`).toBe(
      "存档会话保存 400 天，超过 retention.yaml 中会话存档的最长保存期限 365 天。",
    );
    const purpose = "同意目的 chat-archive";
    expect(zh`超过${purpose}的最长保存期限`).toBe("超过同意目的 chat-archive 的最长保存期限");
    expect(zh`成员${"fanbing"}已离职`).toBe("成员 fanbing 已离职");
  });

  it("never changes a value: names mixing Han and Latin are quoted as written", () => {
    expect(zh`角色 ${"财务2组"} 的成员 ${"Lily李"}`).toBe("角色 财务2组 的成员 Lily李");
    expect(zh`角色${"财务2组"}的成员`).toBe("角色财务2组的成员");
  });

  it("adds no space next to punctuation, spaces or empty values", () => {
    expect(zh`应用「${"field-assistant"}」：${"ok"}`).toBe("应用「field-assistant」：ok");
    expect(zh`已于 ${"2026-11-20"} 离职`).toBe("已于 2026-11-20 离职");
    expect(zh`超过${""}天`).toBe("超过天");
    expect(zh`${"abc"}${"中"}`).toBe("abc 中");
    expect(zh`纯中文`).toBe("纯中文");
  });

  it("needsSpace is symmetric and only for Han next to Latin", () => {
    expect(needsSpace("中", "a")).toBe(true);
    expect(needsSpace("a", "中")).toBe(true);
    expect(needsSpace("中", "（")).toBe(false);
    expect(needsSpace("a", "b")).toBe(false);
    expect(needsSpace(undefined, "a")).toBe(false);
  });
});
