import { describe, expect, it } from "vitest";
import { formatFindings, previewGate, evaluateDeclared, summarise } from "../../../src/rules";
import { baseModel, NOW, waiver } from "./builders";

describe("previewGate", () => {
  it("lets a clean policy through with a one-line report", () => {
    const g = previewGate(baseModel(), NOW);
    expect(g.blocked).toBe(false);
    expect(g.warnings).toEqual([]);
    expect(g.report).toBe(
      "策略法律检查通过。强制项失败 0 个，建议项失败 0 个，已豁免 0 个，通过 16 个，不适用 6 个。\n" +
        "Legal checks passed. 0 mandatory failures, 0 advisory failures, 0 waived, 16 passed, 6 not applicable.\n",
    );
  });

  it("blocks on a mandatory failure with id, target, article, message and fix in both languages", () => {
    const m = baseModel();
    delete m.archive.piaRecord;
    const g = previewGate(m, NOW, {
      locate: (ref) => ({ file: "archive.yaml", line: 1, column: 1, pointer: ref.replace(/^[^#]*#/, "") }),
    });
    expect(g.blocked).toBe(true);
    expect(g.report).toBe(
      [
        "策略法律检查未通过：1 项强制性控制失败，未声明任何资源。",
        "Legal checks failed: 1 mandatory control finding; no resources were declared.",
        "",
        "✗ WC.ARC.3v1 archive — 会话内容存档须有影响评估 / Message archiving needs a PI impact assessment",
        "    法律依据：《个人信息保护法》第五十五条",
        "    Law: PIPL Art. 55",
        "    问题：会话内容存档已开启，但没有个人信息保护影响评估记录。",
        "    Problem: Message archiving is on but has no PIA record.",
        "    整改：在 records.yaml 登记会话存档的影响评估，并在 archive.yaml 中引用。",
        "    Fix: Record a PIA for message archiving in records.yaml and reference it from archive.yaml.",
        "    位置 / At: archive.yaml:1:1",
        "",
        "强制项失败 1 个，建议项失败 0 个，已豁免 0 个，通过 15 个，不适用 6 个。",
        "1 mandatory failure, 0 advisory failures, 0 waived, 15 passed, 6 not applicable.",
        "",
      ].join("\n"),
    );
  });

  it("prints advisory failures as warnings without blocking", () => {
    const m = baseModel();
    delete m.tenant.piOfficer;
    const g = previewGate(m, NOW);
    expect(g.blocked).toBe(false);
    expect(g.warnings).toEqual([
      "[WC.GOV.1v1] pi-officer: tenant.yaml 未声明个人信息保护负责人。 / tenant.yaml names no PI protection officer.",
    ]);
  });

  it("does not block on a waived mandatory failure, and blocks again once the waiver expires", () => {
    const m = baseModel();
    delete m.archive.piaRecord;
    m.waivers = [waiver("WC.ARC.3v1", "archive", { expires: "2026-11-28" })];
    expect(previewGate(m, NOW).blocked).toBe(false);
    const g = previewGate(m, new Date("2026-11-29T04:00:00Z"));
    expect(g.blocked).toBe(true);
    expect(g.report).toContain("✗ WC.WVR.1v1 waiver:w1");
    expect(g.report).toContain("✗ WC.ARC.3v1 archive");
  });
});

describe("summarise and formatFindings", () => {
  it("counts by status and severity and keeps the worst status per control", () => {
    const m = baseModel();
    delete m.archive.piaRecord;
    delete m.tenant.piOfficer;
    const s = summarise(evaluateDeclared(m, { now: NOW }));
    expect(s).toMatchObject({
      mandatoryFailures: 1,
      advisoryFailures: 1,
      failed: 2,
      waived: 0,
      blocked: true,
    });
    expect(s.byControl["WC.ARC.3v1"]).toBe("fail");
    expect(s.byControl["WC.LOC.1v1"]).toBe("pass");
    expect(s.byControl["WC.WVR.1v1"]).toBe("not-applicable");
  });

  it("formats a failure in Chinese with law, fix and location", () => {
    const m = baseModel();
    delete m.records.incidentPlan;
    const text = formatFindings(
      evaluateDeclared(m, { now: NOW }).filter((f) => f.status === "fail"),
      "zh",
    );
    expect(text).toBe(
      [
        "✗ WC.GOV.2v1（强制）incident-plan",
        "    records.yaml 未声明个人信息安全事件应急预案。",
        "    法律依据：《个人信息保护法》第五十一条第（五）项、第五十七条",
        "    整改：在 records.yaml 登记应急预案的负责人、联系人，并组织演练、记录日期。",
        "    位置：records.yaml#",
        "强制项失败 1 个，建议项失败 0 个，已豁免 0 个，通过 0 个，不适用 0 个。",
        "",
      ].join("\n"),
    );
  });
});
