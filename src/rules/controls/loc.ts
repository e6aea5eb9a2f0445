/**
 * WC.LOC — location reporting. 行踪轨迹 is sensitive PI (PIPL Art. 28): purpose, notice, separate
 * consent with necessity and impact (Arts. 13, 14, 17, 29, 30), a prior PIA kept ≥ 3 years (Arts. 55, 56),
 * and live members in range without consent (Art. 29).
 */
import { hasItem, itemRef, type App, type ConsentPurpose } from "../../policy/model";
import { addYears } from "../dates";
import { filled, hasLeft, type DeclaredContext, type LiveContext } from "../context";
import { finding, listIds, type Finding } from "../finding";
import { descendantDepartments, expandVisibleRange } from "../live-snapshot";
import { appAliases, appLabel, appTarget, joinProblems, LOCATION_MODE_TEXT, unreadApps } from "./common";
import { zh, type Bilingual } from "../../text";

function locatingApps(ctx: DeclaredContext): App[] {
  return ctx.model.apps.filter((a) => a.location.mode !== "off");
}

const NO_LOCATION_APP: Bilingual = {
  zh: "没有开启位置上报的应用。",
  en: "No app has location reporting on.",
};

/**
 * Who the declared visible range reaches by the policy files alone: listed users, roster members of the
 * listed departments (and their sub-departments, tenant.yaml) and members of the listed roles — people who
 * have left excluded. Unmanaged tags (`tags`) are known only live (WC.LOC.3).
 */
export function declaredRangeMembers(ctx: DeclaredContext, app: App): string[] {
  const r = app.visibleRange;
  const users = new Set(r.users);
  const depts = descendantDepartments(
    ctx.model.tenant.departments.map((d) => ({ id: d.id, parentId: d.parentId })),
    [
      ...r.departments,
      ...ctx.model.roles.filter((x) => r.roles.includes(x.key)).flatMap((x) => x.departments),
    ],
  );
  for (const p of ctx.model.people.members)
    if (p.department !== undefined && depts.has(p.department)) users.add(p.userId);
  for (const role of ctx.model.roles)
    if (r.roles.includes(role.key)) for (const u of role.members) users.add(u);
  return [...users].filter((u) => !hasLeft(ctx.model.people.byId.get(u), ctx.today)).sort();
}

export function checkLoc1(ctx: DeclaredContext): Finding[] {
  const apps = locatingApps(ctx);
  if (apps.length === 0) return [finding("WC.LOC.1v1", "not-applicable", "apps", NO_LOCATION_APP)];
  return apps.map((app) => {
    const loc = app.location;
    const problems: Bilingual[] = [];
    if (!filled(loc.purpose)) problems.push({ zh: "未写明位置上报目的", en: "no location purpose" });
    const cp: ConsentPurpose | undefined =
      loc.consentPurpose === undefined
        ? undefined
        : ctx.model.consentPurposes.find((p) => p.key === loc.consentPurpose);
    if (!cp) {
      problems.push({ zh: "未引用同意目的", en: "no consent purpose" });
    } else {
      const k = cp.key;
      if (!cp.sensitive)
        problems.push({
          zh: zh`同意目的 ${k} 未标记为敏感个人信息`,
          en: `consent purpose ${k} is not marked sensitive`,
        });
      if (!cp.separateConsent)
        problems.push({
          zh: zh`同意目的 ${k} 未要求单独同意`,
          en: `consent purpose ${k} does not require separate consent`,
        });
      if (!filled(cp.noticeVersion))
        problems.push({
          zh: zh`同意目的 ${k} 没有告知版本`,
          en: `consent purpose ${k} has no notice version`,
        });
      if (!filled(cp.necessity))
        problems.push({
          zh: zh`同意目的 ${k} 未说明处理的必要性`,
          en: `consent purpose ${k} does not state why the processing is necessary`,
        });
      if (!filled(cp.impact))
        problems.push({
          zh: zh`同意目的 ${k} 未说明对个人权益的影响`,
          en: `consent purpose ${k} does not state the impact on the individual`,
        });
    }
    // Separate consent (PIPL Art. 29) is given by each person: everyone the declared range reaches must
    // have given it before location reporting reaches them.
    let missing: string[] = [];
    if (cp) {
      missing = declaredRangeMembers(ctx, app).filter(
        (u) => ctx.model.consentLedger.validOn(u, cp.key, ctx.today) === undefined,
      );
      if (missing.length > 0)
        problems.push({
          zh: `其声明的可见范围内有 ${missing.length} 人没有对 ${cp.key} 的有效单独同意：${listIds(missing, "zh")}`,
          en: `${missing.length} ${missing.length === 1 ? "person" : "people"} in its declared visible range ${missing.length === 1 ? "has" : "have"} no valid separate consent to ${cp.key}: ${listIds(missing, "en")}`,
        });
    }
    const label = appLabel(app);
    const mode = LOCATION_MODE_TEXT[loc.mode];
    if (problems.length > 0) {
      const p = joinProblems(problems);
      // Only the range is wrong: point at the first member without consent that apps.yaml lists, else
      // at the visible range.
      const users = `${app.visibleRange.source}/users`;
      const named = missing.find((u) => hasItem(ctx.model, users, u));
      const onlyRange = missing.length > 0 && problems.length === 1;
      return finding(
        "WC.LOC.1v1",
        "fail",
        appTarget(app.agentId),
        { zh: zh`${label.zh}${mode.zh}，但${p.zh}。`, en: `${label.en} ${mode.en}, but: ${p.en}.` },
        {
          pointer: onlyRange
            ? named !== undefined
              ? itemRef(ctx.model, users, named)
              : app.visibleRange.source
            : loc.source,
          aliases: appAliases(app),
          evidence: {
            mode: loc.mode,
            consentPurpose: loc.consentPurpose ?? null,
            ...(missing.length ? { withoutConsent: missing } : {}),
          },
        },
      );
    }
    const key = cp?.key ?? "";
    const notice = cp?.noticeVersion ?? "";
    return finding(
      "WC.LOC.1v1",
      "pass",
      appTarget(app.agentId),
      {
        zh: zh`${label.zh}${mode.zh}，已写明目的，并以敏感、单独同意的同意目的 ${key}（告知版本 ${notice}）为依据。`,
        en: `${label.en} ${mode.en} with a purpose and the sensitive, separate-consent purpose ${key} (notice ${notice}).`,
      },
      { pointer: loc.source, aliases: appAliases(app) },
    );
  });
}

export function checkLoc2(ctx: DeclaredContext): Finding[] {
  const apps = locatingApps(ctx);
  if (apps.length === 0) return [finding("WC.LOC.2v1", "not-applicable", "apps", NO_LOCATION_APP)];
  return apps.map((app) => {
    const loc = app.location;
    const label = appLabel(app);
    const target = appTarget(app.agentId);
    const pia =
      loc.piaRecord === undefined ? undefined : ctx.model.records.pias.find((p) => p.id === loc.piaRecord);
    if (!pia) {
      return finding(
        "WC.LOC.2v1",
        "fail",
        target,
        {
          zh: zh`${label.zh}${LOCATION_MODE_TEXT[loc.mode].zh}，但没有个人信息保护影响评估记录。`,
          en: `${label.en} ${LOCATION_MODE_TEXT[loc.mode].en} but has no PIA record.`,
        },
        { pointer: loc.source, aliases: appAliases(app) },
      );
    }
    const problems: Bilingual[] = [];
    // PIPL Art. 55: the assessment comes before the processing. Same-day counts as before.
    const startedOn = loc.since ?? ctx.today;
    if (pia.date > startedOn) {
      problems.push(
        loc.since !== undefined
          ? {
              zh: zh`影响评估 ${pia.id} 的日期 ${pia.date} 晚于开启位置上报的日期 ${loc.since}`,
              en: `PIA ${pia.id} is dated ${pia.date}, after location reporting started on ${loc.since}`,
            }
          : {
              zh: zh`影响评估 ${pia.id} 的日期 ${pia.date} 在未来`,
              en: `PIA ${pia.id} is dated ${pia.date}, in the future`,
            },
      );
    }
    // PIPL Art. 56: the report is kept for at least three years.
    const minKeep = addYears(pia.date, 3);
    if (pia.keepUntil < minKeep) {
      problems.push({
        zh: zh`影响评估 ${pia.id} 只保存到 ${pia.keepUntil}，第五十六条要求至少保存到 ${minKeep}`,
        en: `PIA ${pia.id} is kept only until ${pia.keepUntil}; PIPL Art. 56 requires at least ${minKeep}`,
      });
    }
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.LOC.2v1",
        "fail",
        target,
        { zh: zh`${label.zh}：${p.zh}。`, en: `${label.en}: ${p.en}.` },
        {
          pointer: pia.source,
          aliases: appAliases(app),
          evidence: { pia: pia.id, date: pia.date, keepUntil: pia.keepUntil },
        },
      );
    }
    return finding(
      "WC.LOC.2v1",
      "pass",
      target,
      {
        zh: zh`${label.zh}的位置上报有影响评估 ${pia.id}（${pia.date}，保存至 ${pia.keepUntil}）。`,
        en: `${label.en} has PIA ${pia.id} (${pia.date}, kept until ${pia.keepUntil}) for location reporting.`,
      },
      { pointer: loc.source, aliases: appAliases(app) },
    );
  });
}

export function checkLoc3(ctx: LiveContext): Finding[] {
  const live = ctx.snapshot.apps.filter((a) => a.locationReporting !== "off");
  // A declared location app that could not be read cannot be checked; an unread app declared without
  // location reporting is for WC.ACC.2 / WC.XB.2 to name.
  const locating = new Set(locatingApps(ctx).map((a) => a.agentId));
  const unread = unreadApps(ctx, "WC.LOC.3v1").filter((f) => locating.has(Number(f.target.slice(4))));
  if (live.length === 0 && unread.length === 0)
    return [finding("WC.LOC.3v1", "not-applicable", "apps", NO_LOCATION_APP)];
  const byUser = new Map(ctx.snapshot.members.map((m) => [m.userId, m]));
  return [
    ...unread,
    ...live.map((liveApp) => {
      const declared = ctx.model.apps.find((a) => a.agentId === liveApp.agentId);
      const purpose = declared?.location.consentPurpose;
      const label = declared
        ? appLabel(declared)
        : { zh: `应用 ${liveApp.agentId}`, en: `App ${liveApp.agentId}` };
      const inRange = [...expandVisibleRange(ctx.snapshot, liveApp.visibleRange)].filter((u) => {
        const m = byUser.get(u);
        return m !== undefined && m.enabled !== false && m.status !== 5;
      });
      const missing = inRange
        .filter(
          (u) =>
            purpose === undefined || ctx.model.consentLedger.validOn(u, purpose, ctx.today) === undefined,
        )
        .sort();
      const target = appTarget(liveApp.agentId);
      const pointer = declared?.location.source;
      if (missing.length === 0) {
        return finding(
          "WC.LOC.3v1",
          "pass",
          target,
          {
            zh: `${label.zh}可见范围内的 ${inRange.length} 名成员都有有效的位置同意。`,
            en: `All ${inRange.length} members in the visible range of ${label.en} have a valid location consent.`,
          },
          { pointer, aliases: appAliases(declared) },
        );
      }
      const range = declared?.visibleRange.source;
      const users = range === undefined ? undefined : `${range}/users`;
      const named = users === undefined ? undefined : missing.find((u) => hasItem(ctx.model, users, u));
      return finding(
        "WC.LOC.3v1",
        "fail",
        target,
        {
          zh: `${label.zh}可见范围内有 ${missing.length} 名成员没有有效的位置同意：${listIds(missing, "zh")}。`,
          en: `${missing.length} of ${inRange.length} members in the visible range of ${label.en} have no valid location consent: ${listIds(missing, "en")}.`,
        },
        {
          // The first member without consent whom apps.yaml names in the visible range (others are in it
          // through a department or a role: the visible range itself).
          pointer: named !== undefined ? itemRef(ctx.model, users!, named) : (range ?? pointer),
          aliases: appAliases(declared),
          evidence: { consentPurpose: purpose ?? null, members: missing },
        },
      );
    }),
  ];
}
