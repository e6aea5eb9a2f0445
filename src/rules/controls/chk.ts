/**
 * WC.CHK.1–3 — check-in (打卡) rules (LEGAL.md; issue 13).
 *
 * Check-in places and Wi-Fi are whereabouts (行踪轨迹) and a face is biometric data: both sensitive PI (PIPL
 * Art. 28). WC.CHK.1: a rule with geofences or Wi-Fi names its purpose, necessity and notice (Arts. 17, 30)
 * and covers only members with a legal basis — the HR basis under published labour rules, or a valid separate
 * consent (Arts. 13, 29). WC.CHK.2: face recognition has a PIA dated on or before it was switched on, a basis
 * per member and an alternative rule without a face (PIPL Arts. 28, 29, 55; FRT Measures Arts. 4–10, 15).
 * WC.CHK.3: retention within the consent purpose's maximum, and live rules reach nobody the policy does not
 * declare (Arts. 6, 19).
 *
 * Declared checks read the policy alone; live checks compare getcorpcheckinoption's rules (the snapshot) with
 * the policy, matching a live rule to a declared one by groupid, else by name.
 */
import {
  hasItem,
  itemRef,
  type CheckinRulePolicy,
  type PolicyModel,
  type SourceRef,
} from "../../policy/model";
import { zh, type Bilingual } from "../../text";
import { filled, hasLeft, type DeclaredContext, type LiveContext } from "../context";
import { addYears } from "../dates";
import { cannotCheck, finding, listIds, type Finding } from "../finding";
import { descendantDepartments, expandVisibleRange, type LiveCheckinRule } from "../live-snapshot";
import { joinProblems } from "./common";

const NO_RULES: Bilingual = {
  zh: "没有 checkin.yaml：未声明打卡规则。",
  en: "No checkin.yaml: no check-in rule is declared.",
};

/** `checkin:<key>`; a waiver may also name the WeCom groupid. */
export function checkinTarget(rule: Pick<CheckinRulePolicy, "key">): string {
  return `checkin:${rule.key}`;
}

function aliases(rule: CheckinRulePolicy): string[] | undefined {
  return rule.groupId === undefined ? undefined : [`checkin-group:${rule.groupId}`];
}

function label(rule: Pick<CheckinRulePolicy, "key" | "name">): Bilingual {
  return { zh: zh`打卡规则 ${rule.key}（${rule.name}）`, en: `Check-in rule ${rule.key} (${rule.name})` };
}

/** Whether the rule locates members: a geofence or a Wi-Fi network (both are whereabouts). */
export function locates(rule: Pick<CheckinRulePolicy, "geofences" | "wifi">): boolean {
  return rule.geofences.length > 0 || rule.wifi.length > 0;
}

/**
 * Who the rule covers by the policy files alone: listed members, roles' members, and roster members of the
 * listed departments and their sub-departments (tenant.yaml) — people who have left and exempt members
 * (white_users) excluded.
 */
export function declaredCheckinMembers(
  model: PolicyModel,
  rule: Pick<CheckinRulePolicy, "userIds" | "departments" | "exemptMembers">,
  today: string,
): string[] {
  const users = new Set(rule.userIds);
  const depts = descendantDepartments(
    model.tenant.departments.map((d) => ({ id: d.id, parentId: d.parentId })),
    rule.departments,
  );
  for (const p of model.people.members)
    if (p.department !== undefined && depts.has(p.department)) users.add(p.userId);
  return [...users]
    .filter((u) => !hasLeft(model.people.byId.get(u), today) && !rule.exemptMembers.includes(u))
    .sort();
}

interface Basis {
  /** Members without the HR basis or a valid consent. */
  missing: string[];
  /** What is wrong with the basis itself. */
  problems: Bilingual[];
  /** Short description of the basis for a passing message. */
  text: Bilingual;
}

/**
 * The HR basis covers everyone once its consultation record is published (LCL Art. 4); otherwise each member
 * needs a valid consent, on `today`, to a consent purpose marked sensitive with separate consent (PIPL Art. 29).
 */
function basisFor(ctx: DeclaredContext, rule: CheckinRulePolicy, members: readonly string[]): Basis {
  const { hrRecord, consentPurpose } = rule.legalBasis;
  const problems: Bilingual[] = [];
  if (hrRecord !== undefined) {
    const rec = ctx.model.records.consultations.find((c) => c.id === hrRecord);
    if (rec && rec.publishedOn <= ctx.today)
      return {
        missing: [],
        problems,
        text: {
          zh: zh`以人力资源管理为基础（${rec.id}，${rec.publishedOn} 公示）`,
          en: `on the HR basis (${rec.id}, published ${rec.publishedOn})`,
        },
      };
    problems.push(
      rec
        ? {
            zh: zh`民主程序记录 ${rec.id} 到 ${rec.publishedOn} 才公示`,
            en: `consultation record ${rec.id} is published only on ${rec.publishedOn}`,
          }
        : { zh: zh`没有民主程序记录 ${hrRecord}`, en: `no consultation record ${hrRecord}` },
    );
  }
  if (consentPurpose === undefined) {
    if (hrRecord === undefined) problems.push({ zh: "未写明合法性基础", en: "no legal basis" });
    return { missing: [...members], problems, text: { zh: "", en: "" } };
  }
  const cp = ctx.model.consentPurposes.find((p) => p.key === consentPurpose);
  if (!cp) {
    problems.push({ zh: zh`没有同意目的 ${consentPurpose}`, en: `no consent purpose ${consentPurpose}` });
    return { missing: [...members], problems, text: { zh: "", en: "" } };
  }
  if (!cp.sensitive)
    problems.push({
      zh: zh`同意目的 ${cp.key} 未标记为敏感个人信息`,
      en: `consent purpose ${cp.key} is not marked sensitive`,
    });
  if (!cp.separateConsent)
    problems.push({
      zh: zh`同意目的 ${cp.key} 未要求单独同意`,
      en: `consent purpose ${cp.key} does not require separate consent`,
    });
  const missing = members.filter((u) => ctx.model.consentLedger.validOn(u, cp.key, ctx.today) === undefined);
  return {
    missing,
    problems,
    text: { zh: zh`以单独同意 ${cp.key} 为基础`, en: `on the separate consent ${cp.key}` },
  };
}

function missingText(missing: readonly string[], what: Bilingual): Bilingual {
  const n = missing.length;
  return {
    zh: `其覆盖的 ${n} 人既无人力资源管理基础也无对${what.zh}的有效单独同意：${listIds(missing, "zh")}`,
    en: `${n} ${n === 1 ? "person it covers has" : "people it covers have"} neither the HR basis nor a valid separate consent to ${what.en}: ${listIds(missing, "en")}`,
  };
}

const LOCATION_PURPOSE: Bilingual = { zh: "位置同意目的", en: "a location consent purpose" };
const FACE_PURPOSE: Bilingual = { zh: "人脸识别同意目的", en: "a face-recognition consent purpose" };

/**
 * A basis's problems, each with where to point: its own at the rule's legal basis, then — when members lack
 * one — who they are and the consent they lack (the rule's consent purpose, else `purpose`) at the first
 * of them the rule lists.
 */
function basisFindings(
  ctx: DeclaredContext,
  rule: CheckinRulePolicy,
  basis: Basis,
  purpose: Bilingual,
): { problem: Bilingual; pointer: SourceRef }[] {
  const out = basis.problems.map((problem) => ({ problem, pointer: rule.legalBasis.source }));
  if (basis.missing.length > 0) {
    const named = rule.legalBasis.consentPurpose;
    out.push({
      problem: missingText(basis.missing, named === undefined ? purpose : { zh: named, en: named }),
      pointer: missingPointer(ctx.model, rule, basis.missing),
    });
  }
  return out;
}

/** Where to point a finding about members without a basis: the first one the rule lists, else the basis. */
function missingPointer(model: PolicyModel, rule: CheckinRulePolicy, missing: readonly string[]): SourceRef {
  const list = `${rule.source}/applies_to/members`;
  const named = missing.find((u) => hasItem(model, list, u));
  return named !== undefined ? itemRef(model, list, named) : rule.legalBasis.source;
}

export function checkChk1(ctx: DeclaredContext): Finding[] {
  const rules = ctx.model.checkin.rules;
  if (rules.length === 0) return [finding("WC.CHK.1v1", "not-applicable", "checkin", NO_RULES)];
  return rules.map((rule) => {
    const l = label(rule);
    const target = checkinTarget(rule);
    if (!locates(rule))
      return finding(
        "WC.CHK.1v1",
        "pass",
        target,
        { zh: zh`${l.zh}不使用位置或 Wi-Fi。`, en: `${l.en} uses neither location nor Wi-Fi.` },
        { pointer: rule.source, aliases: aliases(rule) },
      );
    const found: { problem: Bilingual; pointer: SourceRef }[] = [];
    if (!filled(rule.necessity))
      found.push({
        problem: {
          zh: "未说明定位的必要性（necessity）",
          en: "no statement of why locating members is necessary (necessity)",
        },
        pointer: rule.source,
      });
    if (!filled(rule.noticeVersion))
      found.push({
        problem: { zh: "没有告知版本（notice_version）", en: "no notice version (notice_version)" },
        pointer: rule.source,
      });
    if (rule.offWorkday.allowed && !filled(rule.offWorkday.reason))
      found.push({
        problem: {
          zh: "允许非工作日打卡但未写明理由",
          en: "check-in on days off is allowed without a reason",
        },
        pointer: rule.offWorkday.source,
      });
    const members = declaredCheckinMembers(ctx.model, rule, ctx.today);
    const basis = basisFor(ctx, rule, members);
    found.push(...basisFindings(ctx, rule, basis, LOCATION_PURPOSE));
    if (found.length > 0) {
      const p = joinProblems(found.map((x) => x.problem));
      return finding(
        "WC.CHK.1v1",
        "fail",
        target,
        { zh: zh`${l.zh}使用位置或 Wi-Fi，但${p.zh}。`, en: `${l.en} uses location or Wi-Fi, but: ${p.en}.` },
        {
          pointer: found[0]!.pointer,
          aliases: aliases(rule),
          evidence: {
            members: members.length,
            ...(basis.missing.length ? { withoutBasis: basis.missing } : {}),
          },
        },
      );
    }
    return finding(
      "WC.CHK.1v1",
      "pass",
      target,
      {
        zh: zh`${l.zh}使用位置或 Wi-Fi，已写明目的、必要性和告知版本 ${rule.noticeVersion ?? ""}，覆盖的 ${members.length} 人${basis.text.zh}。`,
        en: `${l.en} uses location or Wi-Fi with a purpose, necessity and notice ${rule.noticeVersion ?? ""}; the ${members.length} people it covers are ${basis.text.en}.`,
      },
      { pointer: rule.source, aliases: aliases(rule) },
    );
  });
}

export function checkChk2(ctx: DeclaredContext): Finding[] {
  const rules = ctx.model.checkin.rules;
  if (rules.length === 0) return [finding("WC.CHK.2v1", "not-applicable", "checkin", NO_RULES)];
  return rules.map((rule) => {
    const l = label(rule);
    // A rule without face recognition satisfies the control: FRT Art. 4's least intrusive way.
    if (!rule.faceRecognition.enabled)
      return finding(
        "WC.CHK.2v1",
        "pass",
        checkinTarget(rule),
        { zh: zh`${l.zh}不使用人脸识别。`, en: `${l.en} does not use face recognition.` },
        { pointer: rule.faceRecognition.source, aliases: aliases(rule) },
      );
    const fr = rule.faceRecognition;
    const found: { problem: Bilingual; pointer: SourceRef }[] = [];
    const pia = fr.pia === undefined ? undefined : ctx.model.records.pias.find((p) => p.id === fr.pia);
    if (!pia) {
      found.push({
        problem: { zh: "没有个人信息保护影响评估记录", en: "no PIA record" },
        pointer: fr.source,
      });
    } else {
      // PIPL Art. 55, FRT Art. 9: the assessment comes first; same day counts as before.
      const startedOn = fr.since ?? ctx.today;
      if (pia.date > startedOn)
        found.push({
          problem:
            fr.since !== undefined
              ? {
                  zh: zh`影响评估 ${pia.id} 的日期 ${pia.date} 晚于开启人脸识别的日期 ${fr.since}`,
                  en: `PIA ${pia.id} is dated ${pia.date}, after face recognition was switched on on ${fr.since}`,
                }
              : {
                  zh: zh`影响评估 ${pia.id} 的日期 ${pia.date} 在未来`,
                  en: `PIA ${pia.id} is dated ${pia.date}, in the future`,
                },
          pointer: fr.source,
        });
      const minKeep = addYears(pia.date, 3);
      if (pia.keepUntil < minKeep)
        found.push({
          problem: {
            zh: zh`影响评估 ${pia.id} 只保存到 ${pia.keepUntil}，至少应保存到 ${minKeep}`,
            en: `PIA ${pia.id} is kept only until ${pia.keepUntil}; it must be kept until at least ${minKeep}`,
          },
          pointer: pia.source,
        });
    }
    // FRT Art. 10: never the only way — members who decline check in under a rule without a face.
    const alt =
      fr.alternativeRule === undefined ? undefined : rules.find((r) => r.key === fr.alternativeRule);
    if (!alt)
      found.push({
        problem: {
          zh: "没有不使用人脸识别的替代规则（alternative_rule）",
          en: "no alternative rule without face recognition (alternative_rule)",
        },
        pointer: fr.source,
      });
    else if (alt.key === rule.key || alt.faceRecognition.enabled)
      found.push({
        problem: {
          zh: zh`替代规则 ${alt.key} 本身也使用人脸识别`,
          en: `alternative rule ${alt.key} uses face recognition itself`,
        },
        pointer: fr.source,
      });
    const members = declaredCheckinMembers(ctx.model, rule, ctx.today);
    const basis = basisFor(ctx, rule, members);
    found.push(...basisFindings(ctx, rule, basis, FACE_PURPOSE));
    if (found.length > 0) {
      const p = joinProblems(found.map((x) => x.problem));
      return finding(
        "WC.CHK.2v1",
        "fail",
        checkinTarget(rule),
        { zh: zh`${l.zh}使用人脸识别，但${p.zh}。`, en: `${l.en} uses face recognition, but: ${p.en}.` },
        {
          pointer: found[0]!.pointer,
          aliases: aliases(rule),
          evidence: {
            pia: fr.pia ?? null,
            since: fr.since ?? null,
            alternativeRule: fr.alternativeRule ?? null,
            ...(basis.missing.length ? { withoutBasis: basis.missing } : {}),
          },
        },
      );
    }
    return finding(
      "WC.CHK.2v1",
      "pass",
      checkinTarget(rule),
      {
        zh: zh`${l.zh}使用人脸识别，有影响评估 ${pia?.id ?? ""}（${pia?.date ?? ""}）、替代规则 ${alt?.key ?? ""}，覆盖的 ${members.length} 人${basis.text.zh}。`,
        en: `${l.en} uses face recognition with PIA ${pia?.id ?? ""} (${pia?.date ?? ""}) and alternative rule ${alt?.key ?? ""}; the ${members.length} people it covers are ${basis.text.en}.`,
      },
      { pointer: fr.source, aliases: aliases(rule) },
    );
  });
}

export function checkChk3Declared(ctx: DeclaredContext): Finding[] {
  const rules = ctx.model.checkin.rules;
  if (rules.length === 0) return [finding("WC.CHK.3v1", "not-applicable", "checkin", NO_RULES)];
  return rules.map((rule) => {
    const l = label(rule);
    const cp =
      rule.legalBasis.consentPurpose === undefined
        ? undefined
        : ctx.model.consentPurposes.find((p) => p.key === rule.legalBasis.consentPurpose);
    const max = cp?.maxRetentionDays;
    if (cp && max !== undefined && rule.retentionDays > max)
      return finding(
        "WC.CHK.3v1",
        "fail",
        checkinTarget(rule),
        {
          zh: zh`${l.zh}的打卡数据保存 ${rule.retentionDays} 天，超过同意目的 ${cp.key} 允许的 ${max} 天。`,
          en: `${l.en} keeps check-in data ${rule.retentionDays} days, longer than the ${max} days consent purpose ${cp.key} allows.`,
        },
        { pointer: `${rule.source}/retention_days`, aliases: aliases(rule) },
      );
    return finding(
      "WC.CHK.3v1",
      "pass",
      checkinTarget(rule),
      {
        zh: zh`${l.zh}的打卡数据保存 ${rule.retentionDays} 天${max !== undefined ? zh`，不超过同意目的允许的 ${max} 天` : ""}。`,
        en: `${l.en} keeps check-in data ${rule.retentionDays} days${max !== undefined ? `, within the ${max} days its consent purpose allows` : ""}.`,
      },
      { pointer: `${rule.source}/retention_days`, aliases: aliases(rule) },
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Live

/** The declared rule a live rule is: same groupid, else (a rule not adopted yet) same name. */
export function declaredFor(model: PolicyModel, live: LiveCheckinRule): CheckinRulePolicy | undefined {
  return (
    model.checkin.rules.find((r) => r.groupId === live.groupId) ??
    model.checkin.rules.find((r) => r.groupId === undefined && r.name === live.name)
  );
}

function liveTarget(live: LiveCheckinRule, declared: CheckinRulePolicy | undefined): string {
  return declared ? checkinTarget(declared) : `checkin-group:${live.groupId}`;
}

function liveLabel(live: LiveCheckinRule): Bilingual {
  return {
    zh: zh`企业微信打卡规则「${live.name}」（${live.groupId}）`,
    en: `WeCom check-in rule "${live.name}" (${live.groupId})`,
  };
}

/** Active members a live rule reaches. */
function liveMembers(ctx: LiveContext, live: LiveCheckinRule): string[] {
  const byUser = new Map(ctx.snapshot.members.map((m) => [m.userId, m]));
  return [
    ...expandVisibleRange(ctx.snapshot, {
      userIds: live.range.userIds,
      departmentIds: live.range.departmentIds,
      tagIds: live.range.tagIds,
    }),
  ]
    .filter((u) => {
      const m = byUser.get(u);
      return m !== undefined && m.enabled !== false && m.status !== 5 && !live.exemptUserIds.includes(u);
    })
    .sort();
}

function unread(ctx: LiveContext, id: "WC.CHK.1v1" | "WC.CHK.2v1" | "WC.CHK.3v1"): Finding[] | undefined {
  const rules = ctx.snapshot.checkinRules;
  if (rules !== undefined && rules !== null) return undefined;
  if (!ctx.model.checkin.declared) return [finding(id, "not-applicable", "checkin", NO_RULES)];
  return [
    cannotCheck(id, "checkin", ctx.snapshot.checkinRulesGap, {
      zh: "未读取企业微信的打卡规则。",
      en: "The tenant's check-in rules were not read.",
    }),
  ];
}

const fence = (g: { lat: number; lng: number; radiusM: number }): string => `${g.lat},${g.lng}@${g.radiusM}m`;

export function checkChk1Live(ctx: LiveContext): Finding[] {
  const skipped = unread(ctx, "WC.CHK.1v1");
  if (skipped) return skipped;
  const live = (ctx.snapshot.checkinRules ?? []).filter((r) => r.locations.length > 0 || r.wifi.length > 0);
  if (live.length === 0)
    return [
      finding("WC.CHK.1v1", "not-applicable", "checkin", {
        zh: "企业微信中没有使用位置或 Wi-Fi 的打卡规则。",
        en: "No check-in rule in WeCom uses location or Wi-Fi.",
      }),
    ];
  return live.map((lr) => {
    const declared = declaredFor(ctx.model, lr);
    const l = liveLabel(lr);
    const members = liveMembers(ctx, lr);
    const target = liveTarget(lr, declared);
    if (!declared)
      return finding(
        "WC.CHK.1v1",
        "fail",
        target,
        {
          zh: zh`${l.zh}使用位置或 Wi-Fi 定位 ${members.length} 人，但 checkin.yaml 未声明它，没有目的和合法性基础。`,
          en: `${l.en} locates ${members.length} people by location or Wi-Fi but is not declared in checkin.yaml: no purpose, no legal basis.`,
        },
        { evidence: { groupId: lr.groupId, members } },
      );
    const problems: Bilingual[] = [];
    const declaredFences = new Set(declared.geofences.map(fence));
    const extraFences = lr.locations.filter((g) => !declaredFences.has(fence(g)));
    if (extraFences.length > 0)
      problems.push({
        zh: `有 checkin.yaml 未声明的打卡地点或半径：${extraFences.map((g) => `${g.title} ${g.radiusM} 米`).join("、")}`,
        en: `it has places or radii checkin.yaml does not declare: ${extraFences.map((g) => `${g.title} ${g.radiusM} m`).join(", ")}`,
      });
    const declaredMacs = new Set(declared.wifi.map((w) => w.mac));
    const extraWifi = lr.wifi.filter((w) => !declaredMacs.has(w.mac.toLowerCase()));
    if (extraWifi.length > 0)
      problems.push({
        zh: `有 checkin.yaml 未声明的 Wi-Fi：${extraWifi.map((w) => `${w.name}（${w.mac}）`).join("、")}`,
        en: `it has Wi-Fi networks checkin.yaml does not declare: ${extraWifi.map((w) => `${w.name} (${w.mac})`).join(", ")}`,
      });
    if (lr.allowCheckinOffWorkday && !declared.offWorkday.allowed)
      problems.push({
        zh: "允许非工作日打卡，而 checkin.yaml 不允许",
        en: "it allows check-in on days off, which checkin.yaml does not",
      });
    const basis = basisFor(ctx, declared, members);
    problems.push(...basisFindings(ctx, declared, basis, LOCATION_PURPOSE).map((f) => f.problem));
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.CHK.1v1",
        "fail",
        target,
        { zh: zh`${l.zh}：${p.zh}。`, en: `${l.en}: ${p.en}.` },
        {
          pointer: declared.source,
          aliases: aliases(declared),
          evidence: {
            groupId: lr.groupId,
            ...(extraFences.length ? { undeclaredGeofences: extraFences.map(fence) } : {}),
            ...(extraWifi.length ? { undeclaredWifi: extraWifi.map((w) => w.mac) } : {}),
            ...(basis.missing.length ? { withoutBasis: basis.missing } : {}),
          },
        },
      );
    }
    return finding(
      "WC.CHK.1v1",
      "pass",
      target,
      {
        zh: zh`${l.zh}的地点和 Wi-Fi 与 checkin.yaml 一致，覆盖的 ${members.length} 人${basis.text.zh}。`,
        en: `${l.en} has the places and Wi-Fi checkin.yaml declares; the ${members.length} people it covers are ${basis.text.en}.`,
      },
      { pointer: declared.source, aliases: aliases(declared) },
    );
  });
}

export function checkChk2Live(ctx: LiveContext): Finding[] {
  const skipped = unread(ctx, "WC.CHK.2v1");
  if (skipped) return skipped;
  const live = (ctx.snapshot.checkinRules ?? []).filter((r) => r.faceRecognition);
  if (live.length === 0)
    return [
      finding("WC.CHK.2v1", "not-applicable", "checkin", {
        zh: "企业微信中没有使用人脸识别的打卡规则。",
        en: "No check-in rule in WeCom uses face recognition.",
      }),
    ];
  const declaredChecks = new Map(checkChk2(ctx).map((f) => [f.target, f]));
  return live.map((lr) => {
    const declared = declaredFor(ctx.model, lr);
    const l = liveLabel(lr);
    const target = liveTarget(lr, declared);
    const members = liveMembers(ctx, lr);
    if (!declared || !declared.faceRecognition.enabled)
      return finding(
        "WC.CHK.2v1",
        "fail",
        target,
        {
          zh: declared
            ? zh`${l.zh}开启了人脸识别，而 checkin.yaml 声明不使用人脸识别：${members.length} 人的人脸信息在没有影响评估和替代方式的情况下被处理。`
            : zh`${l.zh}开启了人脸识别，但 checkin.yaml 未声明它：${members.length} 人的人脸信息没有影响评估和替代方式。`,
          en: declared
            ? `${l.en} has face recognition on, which checkin.yaml declares off: ${members.length} people's faces are processed without a PIA or an alternative.`
            : `${l.en} has face recognition on but is not declared in checkin.yaml: ${members.length} people's faces without a PIA or an alternative.`,
        },
        {
          ...(declared ? { pointer: declared.faceRecognition.source, aliases: aliases(declared) } : {}),
          evidence: { groupId: lr.groupId, members },
        },
      );
    // Declared on: the declared conditions (PIA, alternative, basis) decide, re-checked for the live range.
    const basis = basisFor(ctx, declared, members);
    const d = declaredChecks.get(checkinTarget(declared));
    if (d?.status === "fail" || basis.missing.length > 0 || basis.problems.length > 0) {
      const parts = basisFindings(ctx, declared, basis, FACE_PURPOSE).map((f) => f.problem);
      const p = parts.length > 0 ? joinProblems(parts) : (d?.message ?? { zh: "", en: "" });
      return finding(
        "WC.CHK.2v1",
        "fail",
        target,
        { zh: zh`${l.zh}开启了人脸识别：${p.zh}`, en: `${l.en} has face recognition on: ${p.en}` },
        {
          pointer: declared.faceRecognition.source,
          aliases: aliases(declared),
          evidence: { groupId: lr.groupId, ...(basis.missing.length ? { withoutBasis: basis.missing } : {}) },
        },
      );
    }
    return finding(
      "WC.CHK.2v1",
      "pass",
      target,
      {
        zh: zh`${l.zh}的人脸识别与 checkin.yaml 一致，覆盖的 ${members.length} 人${basis.text.zh}。`,
        en: `${l.en} uses face recognition as checkin.yaml declares; the ${members.length} people it covers are ${basis.text.en}.`,
      },
      { pointer: declared.faceRecognition.source, aliases: aliases(declared) },
    );
  });
}

export function checkChk3Live(ctx: LiveContext): Finding[] {
  const skipped = unread(ctx, "WC.CHK.3v1");
  if (skipped) return skipped;
  const live = ctx.snapshot.checkinRules ?? [];
  if (live.length === 0)
    return [
      finding("WC.CHK.3v1", "not-applicable", "checkin", {
        zh: "企业微信中没有打卡规则。",
        en: "WeCom has no check-in rule.",
      }),
    ];
  const declaredMembers = new Set(
    ctx.model.checkin.rules.flatMap((r) => declaredCheckinMembers(ctx.model, r, ctx.today)),
  );
  const outside = new Map<string, number[]>();
  for (const lr of live)
    for (const u of liveMembers(ctx, lr))
      if (!declaredMembers.has(u)) outside.set(u, [...(outside.get(u) ?? []), lr.groupId]);
  const ids = [...outside.keys()].sort();
  if (ids.length === 0)
    return [
      finding("WC.CHK.3v1", "pass", "checkin", {
        zh: zh`企业微信的 ${live.length} 条打卡规则只覆盖 checkin.yaml 声明的成员。`,
        en: `The ${live.length} check-in rules in WeCom cover only members checkin.yaml declares.`,
      }),
    ];
  return [
    finding(
      "WC.CHK.3v1",
      "fail",
      "checkin",
      {
        zh: `企业微信的打卡规则覆盖了 checkin.yaml 任何规则都未声明的 ${ids.length} 人：${listIds(ids, "zh")}。`,
        en: `WeCom's check-in rules cover ${ids.length} ${ids.length === 1 ? "person" : "people"} no rule in checkin.yaml declares: ${listIds(ids, "en")}.`,
      },
      { evidence: { members: Object.fromEntries(ids.map((u) => [u, outside.get(u) ?? []])) } },
    ),
  ];
}
