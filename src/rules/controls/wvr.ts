/**
 * WC.WVR.1 — waivers are accountable and temporary: a reason, an owner and an expiry still in the
 * future (the expiry day itself is the last day in force). A waiver that fails this silences nothing.
 */
import type { IsoDate, Waiver } from "../../policy/model";
import { isControlId } from "../catalogue";
import { filled, hasLeft, type DeclaredContext } from "../context";
import { finding, type Finding } from "../finding";
import { zh, type Bilingual } from "../../text";
import { joinProblems } from "./common";

/**
 * Why a waiver cannot silence anything (empty when it can). Shared with `applyWaivers` so that the
 * WC.WVR.1 finding and the silencing never disagree.
 */
export function waiverProblems(w: Waiver, today: IsoDate): Bilingual[] {
  const problems: Bilingual[] = [];
  if (!isControlId(w.control)) {
    const hint = isControlId(`${w.control}v1`) ? `${w.control}v1` : undefined;
    problems.push({
      zh: zh`控制项 ${w.control} 不存在${hint ? `（是否应为 ${hint}？）` : ""}`,
      en: `names unknown control ${w.control}${hint ? ` (did you mean ${hint}?)` : ""}`,
    });
  } else if (w.control === "WC.WVR.1v1") {
    problems.push({ zh: "不能豁免 WC.WVR.1v1 本身", en: "cannot waive WC.WVR.1v1 itself" });
  }
  if (!filled(w.reason)) problems.push({ zh: "没有理由", en: "no reason" });
  if (!filled(w.owner)) problems.push({ zh: "没有负责人", en: "no owner" });
  if (w.expires < today) problems.push({ zh: zh`已于 ${w.expires} 到期`, en: `expired on ${w.expires}` });
  return problems;
}

export function checkWvr1(ctx: DeclaredContext): Finding[] {
  const { waivers } = ctx.model;
  if (waivers.length === 0)
    return [
      finding("WC.WVR.1v1", "not-applicable", "waivers", { zh: "没有豁免。", en: "There are no waivers." }),
    ];
  return waivers.map((w) => {
    const problems = waiverProblems(w, ctx.today);
    // An owner who has left cannot answer for the risk; flagged here, though applyWaivers (which has no
    // roster) still honours the waiver until it expires.
    if (filled(w.owner) && hasLeft(ctx.model.people.byId.get(w.owner), ctx.today))
      problems.push({ zh: zh`负责人 ${w.owner} 已离职`, en: `its owner ${w.owner} has left` });
    const head: Bilingual = {
      zh: zh`豁免 ${w.id}（${w.control}，对象 ${w.target}）`,
      en: `Waiver ${w.id} (${w.control} for ${w.target})`,
    };
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.WVR.1v1",
        "fail",
        `waiver:${w.id}`,
        { zh: zh`${head.zh}：${p.zh}。`, en: `${head.en}: ${p.en}.` },
        { pointer: w.source },
      );
    }
    return finding(
      "WC.WVR.1v1",
      "pass",
      `waiver:${w.id}`,
      {
        zh: zh`${head.zh}由 ${w.owner} 负责，有效至 ${w.expires}。`,
        en: `${head.en} is owned by ${w.owner} and in force until ${w.expires}.`,
      },
      { pointer: w.source },
    );
  });
}
