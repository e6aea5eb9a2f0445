/**
 * WC.GOV — governance: PI protection officer (PIPL Art. 52), incident plan with a drill (Arts. 51(5),
 * 57), training (Art. 51(4)), compliance audits (Art. 54).
 */
import { filled, hasLeft, type DeclaredContext, type LiveContext } from "../context";
import { addDays, addMonths, cstDay, instant } from "../dates";
import { finding, type Finding } from "../finding";
import { zh, type Bilingual } from "../../text";
import { joinProblems } from "./common";

export function checkGov1(ctx: DeclaredContext): Finding[] {
  const o = ctx.model.tenant.piOfficer;
  if (!o) {
    return [
      finding(
        "WC.GOV.1v1",
        "fail",
        "pi-officer",
        { zh: "tenant.yaml 未声明个人信息保护负责人。", en: "tenant.yaml names no PI protection officer." },
        { pointer: ctx.model.tenant.source },
      ),
    ];
  }
  const problems: Bilingual[] = [];
  if (!filled(o.name)) problems.push({ zh: "没有姓名", en: "no name" });
  if (!filled(o.email) && !filled(o.phone)) problems.push({ zh: "没有联系方式", en: "no contact details" });
  if (o.userId !== undefined && hasLeft(ctx.model.people.byId.get(o.userId), ctx.today))
    problems.push({ zh: zh`${o.userId} 已离职`, en: `${o.userId} has left` });
  const who = o.userId !== undefined ? `${o.name} (${o.userId})` : o.name;
  if (problems.length > 0) {
    const p = joinProblems(problems);
    return [
      finding(
        "WC.GOV.1v1",
        "fail",
        "pi-officer",
        { zh: zh`个人信息保护负责人 ${who}：${p.zh}。`, en: `PI protection officer ${who}: ${p.en}.` },
        { pointer: o.source },
      ),
    ];
  }
  return [
    finding(
      "WC.GOV.1v1",
      "pass",
      "pi-officer",
      {
        zh: zh`已声明个人信息保护负责人 ${who} 及联系方式。`,
        en: `PI protection officer ${who} is declared with contact details.`,
      },
      { pointer: o.source },
    ),
  ];
}

export function checkGov2(ctx: DeclaredContext): Finding[] {
  const plan = ctx.model.records.incidentPlan;
  if (!plan) {
    return [
      finding(
        "WC.GOV.2v1",
        "fail",
        "incident-plan",
        {
          zh: "records.yaml 未声明个人信息安全事件应急预案。",
          en: "records.yaml declares no incident response plan.",
        },
        { pointer: ctx.model.records.source },
      ),
    ];
  }
  const problems: Bilingual[] = [];
  if (!filled(plan.owner)) problems.push({ zh: "没有负责人", en: "no owner" });
  else if (hasLeft(ctx.model.people.byId.get(plan.owner), ctx.today))
    problems.push({ zh: zh`负责人 ${plan.owner} 已离职`, en: `its owner ${plan.owner} has left` });
  if (plan.contacts.length === 0) problems.push({ zh: "没有联系人", en: "no contacts" });
  const earliest = addMonths(ctx.today, -12);
  const lastDrill = plan.drills
    .map((d) => d.date)
    .filter((d) => d <= ctx.today)
    .sort()
    .pop();
  if (lastDrill === undefined) problems.push({ zh: "从未演练", en: "no drill on record" });
  else if (lastDrill < earliest)
    problems.push({
      zh: zh`最近一次演练在 ${lastDrill}，早于 12 个月前（${earliest}）`,
      en: `the last drill was on ${lastDrill}, more than 12 months ago (before ${earliest})`,
    });
  if (problems.length > 0) {
    const p = joinProblems(problems);
    return [
      finding(
        "WC.GOV.2v1",
        "fail",
        "incident-plan",
        { zh: zh`应急预案 ${plan.id}：${p.zh}。`, en: `Incident response plan ${plan.id}: ${p.en}.` },
        { pointer: plan.source, evidence: { lastDrill: lastDrill ?? null, earliestAccepted: earliest } },
      ),
    ];
  }
  return [
    finding(
      "WC.GOV.2v1",
      "pass",
      "incident-plan",
      {
        zh: zh`应急预案 ${plan.id} 有负责人 ${plan.owner}、${plan.contacts.length} 名联系人，最近一次演练在 ${lastDrill ?? ""}。`,
        en: `Incident response plan ${plan.id} has owner ${plan.owner}, ${plan.contacts.length} contact${plan.contacts.length === 1 ? "" : "s"} and a drill on ${lastDrill ?? ""}.`,
      },
      { pointer: plan.source },
    ),
  ];
}

export function checkGov3(ctx: DeclaredContext): Finding[] {
  // Each duty with where it is declared: a finding points at the member's first duty (the role's owner
  // field, or their own line in an app's admins), the line that makes training required.
  const duties = new Map<string, { duty: Bilingual; at: string }[]>();
  const add = (userId: string, duty: Bilingual, at: string): void => {
    const list = duties.get(userId) ?? [];
    list.push({ duty, at });
    duties.set(userId, list);
  };
  for (const r of ctx.model.roles)
    if (filled(r.owner))
      add(r.owner, { zh: zh`角色 ${r.key} 负责人`, en: `owner of role ${r.key}` }, `${r.source}/owner`);
  for (const a of ctx.model.apps)
    for (const adm of a.admins)
      add(adm.userId, { zh: zh`应用 ${a.agentId} 管理员`, en: `admin of app ${a.agentId}` }, adm.source);
  const people = [...duties.keys()].filter((u) => !hasLeft(ctx.model.people.byId.get(u), ctx.today)).sort();
  if (people.length === 0) {
    return [
      finding("WC.GOV.3v1", "not-applicable", "training", {
        zh: "没有角色负责人或应用管理员。",
        en: "There are no role owners or app admins.",
      }),
    ];
  }
  const earliest = addMonths(ctx.today, -12);
  const trained = new Set<string>();
  for (const t of ctx.model.records.trainings)
    if (t.date >= earliest && t.date <= ctx.today) for (const u of t.attendees) trained.add(u);
  const failures = people
    .filter((u) => !trained.has(u))
    .map((u) => {
      const d = duties.get(u) ?? [];
      return finding(
        "WC.GOV.3v1",
        "fail",
        `member:${u}`,
        {
          zh: zh`成员 ${u}（${d.map((x) => x.duty.zh).join("、")}）在 ${earliest} 之后没有参加安全培训。`,
          en: `Member ${u} (${d.map((x) => x.duty.en).join(", ")}) has no security training since ${earliest}.`,
        },
        { pointer: d[0]?.at ?? ctx.model.records.source },
      );
    });
  if (failures.length > 0) return failures;
  return [
    finding(
      "WC.GOV.3v1",
      "pass",
      "training",
      {
        zh: zh`${people.length} 名角色负责人和应用管理员均在最近 12 个月内参加过安全培训。`,
        en: `All ${people.length} role owners and app admins attended security training within the last 12 months.`,
      },
      { pointer: ctx.model.records.source },
    ),
  ];
}

export function checkGov4(ctx: LiveContext): Finding[] {
  const interval = ctx.model.tenant.complianceAuditIntervalDays;
  const pointer = ctx.model.tenant.source;
  if (interval === undefined) {
    return [
      finding(
        "WC.GOV.4v1",
        "fail",
        "compliance-audit",
        {
          zh: "tenant.yaml 未声明合规审计间隔（compliance_audit_interval_days）。",
          en: "tenant.yaml declares no compliance audit interval (compliance_audit_interval_days).",
        },
        { pointer },
      ),
    ];
  }
  const last = ctx.snapshot.lastComplianceReportAt;
  const earliest = addDays(ctx.today, -interval);
  if (last === null || cstDay(instant(last)) < earliest) {
    return [
      finding(
        "WC.GOV.4v1",
        "fail",
        "compliance-audit",
        last === null
          ? { zh: "从未生成过合规报告。", en: "No compliance report has been produced." }
          : {
              zh: zh`最近一次合规报告生成于 ${cstDay(instant(last))}，超过声明的 ${interval} 天审计间隔。`,
              en: `The last compliance report was produced on ${cstDay(instant(last))}, longer ago than the declared ${interval}-day audit interval.`,
            },
        { pointer, evidence: { lastComplianceReportAt: last, intervalDays: interval } },
      ),
    ];
  }
  return [
    finding(
      "WC.GOV.4v1",
      "pass",
      "compliance-audit",
      {
        zh: zh`最近一次合规报告生成于 ${cstDay(instant(last))}，在 ${interval} 天审计间隔内。`,
        en: `The last compliance report was produced on ${cstDay(instant(last))}, within the ${interval}-day audit interval.`,
      },
      { pointer },
    ),
  ];
}
