import { describe, expect, it } from "vitest";
import { CONTROL_IDS, CONTROLS, chineseNumeral, citeAll, control, ref } from "../../../src/rules";
import { DECLARED_CHECKS, LIVE_CHECKS } from "../../../src/rules/engine";

describe("the catalogue", () => {
  it("holds every LEGAL.md control once, versioned v1, in catalogue order", () => {
    expect(CONTROLS.map((c) => c.id)).toEqual([...CONTROL_IDS]);
    expect(CONTROL_IDS).toHaveLength(28);
    for (const id of CONTROL_IDS) expect(id).toMatch(/^WC\.(LOC|ARC|LOG|ACC|LVR|XB|GOV|SEC|CHK|WVR)\.\d+v1$/);
  });

  it("has bilingual title, description, satisfiedBy and remediation for every control", () => {
    for (const c of CONTROLS) {
      for (const text of [c.title, c.description, c.satisfiedBy, c.remediation]) {
        expect(text.zh.length, `${c.id} zh`).toBeGreaterThan(3);
        expect(text.en.length, `${c.id} en`).toBeGreaterThan(3);
        expect(text.zh, `${c.id} zh has Chinese`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it("matches LEGAL.md's severity, kind and laws", () => {
    const row = (id: (typeof CONTROL_IDS)[number]) => {
      const c = control(id);
      return `${c.severity} ${c.kind} ${citeAll(c.articles, "en")}`;
    };
    expect(row("WC.LOC.1v1")).toBe("mandatory declared PIPL Arts. 13, 14, 17, 28, 29, 30");
    expect(row("WC.ARC.1v1")).toBe("mandatory declared PIPL Arts. 13, 14; LCL Art. 4");
    expect(row("WC.LOG.1v1")).toBe("mandatory live CSL Art. 23(3) (formerly 21(3))");
    expect(row("WC.XB.1v1")).toBe("mandatory declared PIPL Arts. 38, 39; XBP Art. 5(2)");
    expect(row("WC.XB.2v1")).toBe("mandatory declared+live PIPL Art. 38");
    expect(row("WC.XB.3v1")).toBe("mandatory declared PIPL Art. 40; CSL Art. 39 (formerly 37)");
    expect(row("WC.GOV.2v1")).toBe("mandatory declared PIPL Arts. 51(5), 57");
    expect(row("WC.GOV.4v1")).toBe("advisory live PIPL Art. 54");
    expect(row("WC.SEC.1v1")).toBe("mandatory declared+live PIPL Art. 51(3); DSL Art. 27; AUCL Art. 10(4)");
    expect(row("WC.SEC.2v1")).toBe("advisory declared PIPL Art. 51(3); AUCL Art. 10(4)");
    expect(row("WC.CHK.1v1")).toBe("mandatory declared+live PIPL Arts. 13, 17, 28, 29, 30");
    expect(row("WC.CHK.2v1")).toBe(
      "mandatory declared+live PIPL Arts. 28, 29, 55; FRT Measures Arts. 4, 5, 6, 8, 9, 10, 15",
    );
    expect(row("WC.CHK.3v1")).toBe("advisory declared+live PIPL Arts. 6, 19");
    expect(row("WC.WVR.1v1")).toBe("mandatory declared (internal control, no article)");
    const advisory = CONTROLS.filter((c) => c.severity === "advisory").map((c) => c.id);
    expect(advisory).toEqual([
      "WC.LOC.3v1",
      "WC.ARC.5v1",
      "WC.ACC.2v1",
      "WC.ACC.3v1",
      "WC.LVR.2v1",
      "WC.LVR.3v1",
      "WC.GOV.1v1",
      "WC.GOV.3v1",
      "WC.GOV.4v1",
      "WC.SEC.2v1",
      "WC.CHK.3v1",
    ]);
  });

  it("runs each control in the engine exactly where its kind says", () => {
    const declared = new Set(DECLARED_CHECKS.map(([id]) => id));
    const live = new Set(LIVE_CHECKS.map(([id]) => id));
    for (const c of CONTROLS) {
      expect([declared.has(c.id), live.has(c.id)], c.id).toEqual([c.kind !== "live", c.kind !== "declared"]);
    }
  });

  it("names console paths in the remediation of live controls that need the console", () => {
    expect(control("WC.ARC.2v1").remediation.zh).toContain("安全与管理 → 管理工具 → 会话内容存档");
    expect(control("WC.LOC.3v1").remediation.en).toContain(
      "App Management → Apps → Self-built → [app] → Visible range",
    );
    expect(control("WC.LVR.2v1").remediation.zh).toContain("客户与上下游 → 客户联系 → 离职继承");
  });
});

describe("citations", () => {
  it("writes Chinese article numbers", () => {
    expect([1, 4, 10, 13, 20, 28, 40, 51, 57, 100, 105, 110].map(chineseNumeral)).toEqual([
      "一",
      "四",
      "十",
      "十三",
      "二十",
      "二十八",
      "四十",
      "五十一",
      "五十七",
      "一百",
      "一百零五",
      "一百一十",
    ]);
  });

  it("cites the renumbered CSL with its former number in both languages", () => {
    expect(ref("CSL", 23, { item: 3, formerArticle: 21 }).citation).toEqual({
      zh: "《网络安全法》第二十三条第（三）项（原第二十一条第（三）项）",
      en: "CSL Art. 23(3) (formerly 21(3))",
    });
    expect(ref("PIPL", 13, { paragraph: 1, item: 2 }).citation).toEqual({
      zh: "《个人信息保护法》第十三条第一款第（二）项",
      en: "PIPL Art. 13(1)(2)",
    });
    expect(ref("XBP", 5, { item: 2 }).citation.zh).toBe("《促进和规范数据跨境流动规定》第五条第（二）项");
  });

  it("groups a control's articles by law", () => {
    const refs = [ref("PIPL", 47), ref("PIPL", 51, { item: 4 }), ref("CSL", 39, { formerArticle: 37 })];
    expect(citeAll(refs, "en")).toBe("PIPL Arts. 47, 51(4); CSL Art. 39 (formerly 37)");
    expect(citeAll(refs, "zh")).toBe(
      "《个人信息保护法》第四十七条、第五十一条第（四）项；《网络安全法》第三十九条（原第三十七条）",
    );
  });
});
