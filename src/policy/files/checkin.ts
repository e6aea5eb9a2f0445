/**
 * checkin.yaml → Checkin: check-in (打卡) rules — who checks in, when, where (geofences, Wi-Fi), with
 * photos or face recognition, why and on which legal basis (WC.CHK.1–3). The file is optional; a missing
 * one declares no rule. WeCom's model of a rule: official doc path/98041 (管理打卡规则, 2025-08-29).
 */
import type { CheckinFile } from "../../generated/checkin";
import { pointerOf, refOf, type LoadContext } from "../context";
import { appliesTo } from "./applies-to";
import { msg } from "../messages";
import { WEEKDAYS, type Checkin, type CheckinRulePolicy, type Role, type Weekday } from "../model";
import { entries, opt, sortedUnique } from "../util";

export const CHECKIN_FILE = "checkin.yaml";

export const NO_CHECKIN: Checkin = { rules: [], declared: false };

export function normaliseCheckin(ctx: LoadContext, data: CheckinFile, roles: readonly Role[]): Checkin {
  const f = CHECKIN_FILE;
  const raw = entries(data.rules ?? {});
  // Rules name each other (face recognition's alternative rule): declared before any is normalised.
  ctx.known.checkinRules = new Set(raw.map(([key]) => key));
  const roleMembers = new Map(roles.map((r) => [r.key, r.members]));
  const names = new Map<string, string>();
  const groupIds = new Map<number, string>();
  const rules = raw.map(([key, r]): CheckinRulePolicy => {
    const at = (...s: (string | number)[]): string => pointerOf("rules", key, ...s);
    const ref = (...s: (string | number)[]): string => refOf(f, "rules", key, ...s);
    const sameName = names.get(r.name);
    if (sameName !== undefined)
      ctx.report(
        f,
        at("name"),
        msg.duplicateValue({ zh: "规则名称", en: "rule name" }, r.name, `/rules/${sameName}`),
      );
    else names.set(r.name, key);
    if (r.group_id !== undefined) {
      const same = groupIds.get(r.group_id);
      if (same !== undefined)
        ctx.report(
          f,
          at("group_id"),
          msg.duplicateValue({ zh: "规则 groupid", en: "rule groupid" }, r.group_id, `/rules/${same}`),
        );
      else groupIds.set(r.group_id, key);
    }

    const { roleKeys, departments, members, userIds } = appliesTo(ctx, f, at, r.applies_to, roleMembers);
    const exempt = r.exempt_members ?? [];
    exempt.forEach((u, i) => ctx.ref("user", u, f, at("exempt_members", i)));
    if (userIds.length === 0 && departments.length === 0)
      ctx.report(f, at("applies_to"), msg.checkinRangeEmpty());

    r.schedule.times.forEach((t, i) => {
      if (t.start >= t.end) ctx.report(f, at("schedule", "times", i), msg.checkinShiftOrder(t.start, t.end));
    });

    const basis = r.legal_basis;
    if (basis.hr_record === undefined && basis.consent_purpose === undefined)
      ctx.report(f, at("legal_basis"), msg.checkinNoBasis());
    if (basis.hr_record !== undefined)
      ctx.refRecord("consultation", basis.hr_record, f, at("legal_basis", "hr_record"));
    if (basis.consent_purpose !== undefined)
      ctx.ref("consent-purpose", basis.consent_purpose, f, at("legal_basis", "consent_purpose"));
    const face = r.face_recognition ?? { enabled: false };
    if (face.pia !== undefined) ctx.refRecord("pia", face.pia, f, at("face_recognition", "pia"));
    if (face.alternative_rule !== undefined)
      ctx.ref("checkin-rule", face.alternative_rule, f, at("face_recognition", "alternative_rule"));
    const off = r.off_workday ?? { allowed: false };
    const days = new Set<Weekday>(r.schedule.workdays);

    return {
      key,
      name: r.name,
      ...opt("groupId", r.group_id),
      ...opt("onRemoval", r.on_removal),
      roles: sortedUnique(ctx.items(f, at("applies_to", "roles"), roleKeys)),
      departments: sortedUnique(ctx.items(f, at("applies_to", "departments"), departments)),
      members: sortedUnique(ctx.items(f, at("applies_to", "members"), members)),
      userIds,
      exemptMembers: sortedUnique(ctx.items(f, at("exempt_members"), exempt)),
      workdays: WEEKDAYS.filter((d) => days.has(d)),
      times: r.schedule.times.map((t) => ({ start: t.start, end: t.end })),
      syncHolidays: r.schedule.sync_holidays ?? true,
      geofences: (r.geofences ?? []).map((g, i) => ({
        title: g.title,
        ...opt("address", g.address),
        lat: g.lat,
        lng: g.lng,
        radiusM: g.radius_m,
        source: ref("geofences", i),
      })),
      wifi: (r.wifi ?? []).map((w, i) => ({
        name: w.name,
        mac: w.mac.toLowerCase(),
        source: ref("wifi", i),
      })),
      photoRequired: r.photo_required ?? false,
      faceRecognition: {
        enabled: face.enabled,
        ...opt("since", face.since),
        ...opt("pia", face.pia),
        ...opt("alternativeRule", face.alternative_rule),
        source: r.face_recognition ? ref("face_recognition") : ref(),
      },
      offWorkday: {
        allowed: off.allowed,
        ...opt("reason", off.reason),
        source: r.off_workday ? ref("off_workday") : ref(),
      },
      purpose: r.purpose,
      ...opt("necessity", r.necessity),
      ...opt("noticeVersion", r.notice_version),
      legalBasis: {
        ...opt("hrRecord", basis.hr_record),
        ...opt("consentPurpose", basis.consent_purpose),
        source: ref("legal_basis"),
      },
      retentionDays: r.retention_days,
      source: ref(),
    };
  });
  return { rules, declared: true };
}
