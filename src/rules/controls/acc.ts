/**
 * WC.ACC — access rights to personal information are set reasonably (PIPL Art. 51(4)): roles are
 * owned and purposeful and hold no leavers; live app admins stay within the declared list; admin
 * permission changes are surfaced for review.
 */
import type { AdminRights } from "../../generated/resources";
import { filled, hasLeft, type DeclaredContext, type LiveContext } from "../context";
import { formatInstant, instant } from "../dates";
import { cannotCheck, finding, listIds, type Finding } from "../finding";
import { itemRef } from "../../policy/model";
import { appAliases, appLabel, appTarget, joinProblems, unreadApps } from "./common";
import { zh, type Bilingual } from "../../text";

export function checkAcc1(ctx: DeclaredContext): Finding[] {
  const { people } = ctx.model;
  if (ctx.model.roles.length === 0)
    return [
      finding("WC.ACC.1v1", "not-applicable", "roles", {
        zh: "没有声明角色。",
        en: "No roles are declared.",
      }),
    ];
  return ctx.model.roles.map((role) => {
    const problems: Bilingual[] = [];
    let pointer: string | undefined;
    const at = (suffix: string): void => {
      pointer ??= `${role.source}${suffix}`;
    };
    if (!filled(role.owner)) {
      problems.push({ zh: "没有负责人", en: "no owner" });
      at("/owner");
    } else if (hasLeft(people.byId.get(role.owner), ctx.today)) {
      problems.push({ zh: zh`负责人 ${role.owner} 已离职`, en: `its owner ${role.owner} has left` });
      at("/owner");
    }
    if (!filled(role.purpose)) {
      problems.push({ zh: "没有目的", en: "no purpose" });
      at("/purpose");
    }
    const leavers = role.members.filter((u) => hasLeft(people.byId.get(u), ctx.today));
    if (leavers.length > 0) {
      problems.push({
        zh: zh`包含已离职成员：${listIds(leavers, "zh")}`,
        en: `it holds members who have left: ${listIds(leavers, "en")}`,
      });
      // The first leaver as the file lists them (the model's list is sorted).
      const first = itemRef(ctx.model, `${role.source}/members`, leavers[0]!);
      pointer ??= first;
    }
    const target = `role:${role.key}`;
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.ACC.1v1",
        "fail",
        target,
        {
          zh: zh`角色 ${role.key}（${role.tagName}）：${p.zh}。`,
          en: `Role ${role.key} (${role.tagName}): ${p.en}.`,
        },
        { pointer: pointer ?? role.source, evidence: { leavers } },
      );
    }
    return finding(
      "WC.ACC.1v1",
      "pass",
      target,
      {
        zh: zh`角色 ${role.key}（${role.tagName}）有负责人 ${role.owner} 和目的，${role.members.length} 名成员中没有离职人员。`,
        en: `Role ${role.key} (${role.tagName}) has owner ${role.owner}, a purpose, and no leavers among its ${role.members.length} members.`,
      },
      { pointer: role.source },
    );
  });
}

const AUTH: Readonly<Record<AdminRights, Bilingual>> = {
  message: { zh: "发消息", en: "send" },
  manage: { zh: "管理", en: "manage" },
};
/** manage includes message. */
const RANK: Readonly<Record<AdminRights, number>> = { message: 0, manage: 1 };

export function checkAcc2(ctx: LiveContext): Finding[] {
  const unread = unreadApps(ctx, "WC.ACC.2v1");
  if (ctx.snapshot.apps.length === 0 && unread.length === 0)
    return [
      finding("WC.ACC.2v1", "not-applicable", "apps", {
        zh: "租户中没有应用。",
        en: "The tenant has no apps.",
      }),
    ];
  const read = ctx.snapshot.apps.map((live) => {
    const target = appTarget(live.agentId);
    const declared = ctx.model.apps.find((a) => a.agentId === live.agentId);
    const label = declared ? appLabel(declared) : { zh: zh`应用 ${live.agentId}`, en: `App ${live.agentId}` };
    if (live.admins === null) {
      return cannotCheck(
        "WC.ACC.2v1",
        target,
        ctx.snapshot.gaps?.apps,
        { zh: `无法读取${label.zh}的管理员列表。`, en: `The admin list of ${label.en} could not be read.` },
        { aliases: appAliases(declared) },
      );
    }
    const declaredAuth = new Map((declared?.admins ?? []).map((a) => [a.userId, a.authType]));
    // An admin is undeclared when absent from apps.yaml, or holding 管理 where only 发消息 was declared.
    const extra = live.admins
      .filter((a) => {
        const d = declaredAuth.get(a.userId);
        return d === undefined || RANK[a.authType] > RANK[d];
      })
      .sort((x, y) => (x.userId < y.userId ? -1 : 1));
    const problems: Bilingual[] = [];
    // The first problem that has a place in apps.yaml: an admin declared with less than they hold (that
    // admin's auth_type), else the admin list (an undeclared admin has no line yet), else max_admins.
    let pointer: string | undefined;
    if (!declared) problems.push({ zh: "未在 apps.yaml 中声明", en: "is not declared in apps.yaml" });
    if (extra.length > 0) {
      const upgraded = extra.find((a) => declaredAuth.has(a.userId));
      const item = upgraded && declared?.admins.find((d) => d.userId === upgraded.userId);
      if (declared) pointer = item ? `${item.source}/auth_type` : `${declared.source}/admins`;
      problems.push({
        zh: zh`有未声明的管理员：${extra.map((a) => `${a.userId}（${AUTH[a.authType].zh}）`).join("、")}`,
        en: `has admins not in apps.yaml: ${extra.map((a) => `${a.userId} (${AUTH[a.authType].en})`).join(", ")}`,
      });
    }
    const max = declared?.maxAdmins;
    if (max !== undefined && live.admins.length > max) {
      if (declared) pointer ??= `${declared.source}/max_admins`;
      problems.push({
        zh: zh`有 ${live.admins.length} 名管理员，超过声明的上限 ${max}`,
        en: `has ${live.admins.length} admins, more than the declared ${max}`,
      });
    }
    const sensitive: Bilingual = declared?.sensitiveData
      ? { zh: "（该应用处理敏感个人信息）", en: " (the app touches sensitive personal information)" }
      : { zh: "", en: "" };
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.ACC.2v1",
        "fail",
        target,
        { zh: zh`${label.zh}${p.zh}${sensitive.zh}。`, en: `${label.en} ${p.en}${sensitive.en}.` },
        {
          pointer,
          aliases: appAliases(declared),
          evidence: { live: live.admins.map((a) => a.userId), undeclared: extra.map((a) => a.userId) },
        },
      );
    }
    return finding(
      "WC.ACC.2v1",
      "pass",
      target,
      {
        zh: zh`${label.zh}的 ${live.admins.length} 名管理员都已声明。`,
        en: `${label.en} has ${live.admins.length} admin${live.admins.length === 1 ? "" : "s"}, all declared.`,
      },
      { pointer: declared ? `${declared.source}/admins` : undefined, aliases: appAliases(declared) },
    );
  });
  return [...read, ...unread];
}

/** admin_oper_log oper_type 2 = 权限管理 (permission-management changes). */
const PERMISSION_CHANGE = 2;

export function checkAcc3(ctx: LiveContext): Finding[] {
  const log = ctx.snapshot.adminLog;
  if (log === null) {
    return [
      cannotCheck("WC.ACC.3v1", "admin-log", ctx.snapshot.gaps?.adminLog, {
        zh: "未采集管理端操作日志。",
        en: "The admin operation log was not collected.",
      }),
    ];
  }
  const since = ctx.snapshot.previousCheckAt === null ? null : instant(ctx.snapshot.previousCheckAt);
  const changes = log
    .filter((e) => e.operType === PERMISSION_CHANGE && (since === null || instant(e.time) > since))
    .sort((x, y) => instant(x.time).getTime() - instant(y.time).getTime());
  if (changes.length === 0) {
    const window: Bilingual =
      since === null
        ? { zh: "已采集的日志中", en: "in the collected log" }
        : { zh: zh`自 ${formatInstant(since)} 以来`, en: `since ${formatInstant(since)}` };
    return [
      finding("WC.ACC.3v1", "pass", "admin-log", {
        zh: zh`${window.zh}没有管理权限变更。`,
        en: `No admin-permission change ${window.en}.`,
      }),
    ];
  }
  return changes.map((e) => {
    const at = formatInstant(instant(e.time));
    return finding(
      "WC.ACC.3v1",
      "fail",
      `admin-log:${instant(e.time).toISOString()}`,
      {
        zh: zh`${e.operator} 于 ${at} 变更了管理权限：${e.detail}。`,
        en: `Admin permissions changed by ${e.operator} at ${at}: ${e.detail}.`,
      },
      { evidence: { operator: e.operator, time: e.time, operType: e.operType, detail: e.detail } },
    );
  });
}
