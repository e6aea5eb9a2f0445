/**
 * WC.LVR — leavers. Disabling accounts and reassigning customers rest mainly on access rights
 * (PIPL Art. 51(4)); deleting after retention is PIPL Art. 47. Kept under the articles LEGAL.md names.
 */
import type { Person } from "../../policy/model";
import { type LiveContext } from "../context";
import { addDays, addHours, cstDay, formatInstant, instant, startOfCstDay } from "../dates";
import { cannotCheck, finding, type Finding } from "../finding";
import { zh } from "../../text";

function leavers(ctx: LiveContext): (Person & { leaveDate: string })[] {
  return ctx.model.people.members.filter(
    (p): p is Person & { leaveDate: string } => p.status === "left" && p.leaveDate !== undefined,
  );
}

/**
 * The leave date "passes" at the end of that calendar day (CST): the member may work their last day.
 * The SLA runs from then.
 */
export function disableDeadline(leaveDate: string, slaHours: number): Date {
  return addHours(startOfCstDay(addDays(leaveDate, 1)), slaHours);
}

export function checkLvr1(ctx: LiveContext): Finding[] {
  const sla = ctx.model.retention.leavers.disableWithinHours;
  const now = instant(ctx.snapshot.now);
  const live = new Map(ctx.snapshot.members.map((m) => [m.userId, m]));
  const due = leavers(ctx).filter((p) => disableDeadline(p.leaveDate, sla) < now);
  const failures = due
    .filter((p) => live.get(p.userId)?.enabled === true)
    .sort((a, b) => (a.userId < b.userId ? -1 : 1))
    .map((p) => {
      const deadline = disableDeadline(p.leaveDate, sla);
      const late = Math.floor((now.getTime() - deadline.getTime()) / 3600_000);
      return finding(
        "WC.LVR.1v1",
        "fail",
        `member:${p.userId}`,
        {
          zh: zh`成员 ${p.userId} 已于 ${p.leaveDate} 离职，仍为启用状态，超过 ${sla} 小时禁用时限 ${late} 小时（时限 ${formatInstant(deadline)}）。`,
          en: `Member ${p.userId} left on ${p.leaveDate} and is still enabled, ${late} hours past the ${sla}-hour SLA (deadline ${formatInstant(deadline)}).`,
        },
        { pointer: p.source, evidence: { leaveDate: p.leaveDate, deadline: deadline.toISOString() } },
      );
    });
  if (failures.length > 0) return failures;
  return [
    finding(
      "WC.LVR.1v1",
      "pass",
      "members",
      due.length === 0
        ? { zh: zh`没有超过 ${sla} 小时禁用时限的离职人员。`, en: `No leaver is past the ${sla}-hour SLA.` }
        : {
            zh: zh`超过 ${sla} 小时禁用时限的 ${due.length} 名离职人员均已禁用或删除。`,
            en: `All ${due.length} leavers past the ${sla}-hour SLA are disabled or deleted.`,
          },
      { pointer: ctx.model.retention.leavers.source },
    ),
  ];
}

export function checkLvr2(ctx: LiveContext): Finding[] {
  const list = ctx.snapshot.unassignedCustomers;
  if (list === null) {
    return [
      cannotCheck("WC.LVR.2v1", "customers", ctx.snapshot.gaps?.unassignedCustomers, {
        zh: "未采集待分配的离职成员客户（get_unassigned_list）。",
        en: "Departed members' unassigned customers were not collected (get_unassigned_list).",
      }),
    ];
  }
  const days = ctx.model.retention.leavers.transferCustomersWithinDays;
  const now = instant(ctx.snapshot.now);
  const byMember = new Map<string, { count: number; dimission: Date }>();
  for (const c of list) {
    const t = instant(c.dimissionTime);
    const cur = byMember.get(c.handoverUserId);
    byMember.set(c.handoverUserId, {
      count: (cur?.count ?? 0) + 1,
      dimission: cur && cur.dimission < t ? cur.dimission : t,
    });
  }
  const failures: Finding[] = [];
  for (const [userId, { count, dimission }] of [...byMember].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const deadline = addHours(dimission, days * 24);
    if (deadline >= now) continue;
    failures.push(
      finding(
        "WC.LVR.2v1",
        "fail",
        `member:${userId}`,
        {
          zh: zh`成员 ${userId} 已于 ${cstDay(dimission)} 离职，仍有 ${count} 名客户未分配，超过 ${days} 天转接时限（${cstDay(deadline)}）。`,
          en: `Member ${userId} left on ${cstDay(dimission)} and ${count} customer${count === 1 ? " is" : "s are"} still unassigned, past the ${days}-day transfer deadline (${cstDay(deadline)}).`,
        },
        {
          // The leaver's roster row, where customer_takeover names who takes the customers over.
          pointer: ctx.model.people.byId.get(userId)?.source,
          evidence: { customers: count, dimissionTime: dimission.toISOString() },
        },
      ),
    );
  }
  if (failures.length > 0) return failures;
  return [
    finding(
      "WC.LVR.2v1",
      "pass",
      "customers",
      {
        zh: zh`没有超过 ${days} 天转接时限的离职成员客户（${list.length} 名客户待分配）。`,
        en: `No departed member's customers are past the ${days}-day transfer deadline (${list.length} waiting).`,
      },
      { pointer: ctx.model.retention.leavers.source },
    ),
  ];
}

export function checkLvr3(ctx: LiveContext): Finding[] {
  const days = ctx.model.retention.leavers.deleteAfterDays;
  const live = new Set(ctx.snapshot.members.map((m) => m.userId));
  const due = leavers(ctx).filter((p) => addDays(p.leaveDate, days) < ctx.today);
  const failures = due
    .filter((p) => live.has(p.userId))
    .sort((a, b) => (a.userId < b.userId ? -1 : 1))
    .map((p) =>
      finding(
        "WC.LVR.3v1",
        "fail",
        `member:${p.userId}`,
        {
          zh: zh`成员 ${p.userId} 已于 ${p.leaveDate} 离职，账号应在 ${days} 天后（${addDays(p.leaveDate, days)}）删除，但仍存在。`,
          en: `Member ${p.userId} left on ${p.leaveDate}; the account was due for deletion after ${days} days (${addDays(p.leaveDate, days)}) but still exists.`,
        },
        { pointer: p.source },
      ),
    );
  if (failures.length > 0) return failures;
  return [
    finding(
      "WC.LVR.3v1",
      "pass",
      "members",
      {
        zh: zh`没有超过 ${days} 天删除期限仍存在的离职人员账号。`,
        en: `No leaver account is kept past the ${days}-day deletion deadline.`,
      },
      { pointer: ctx.model.retention.leavers.source },
    ),
  ];
}
