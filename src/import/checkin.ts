/**
 * checkin.yaml for `wecom-policy import` (issue 13): the base file with each live check-in rule adopted —
 * matched by `group_id`, else by name — and its facts (name, who, when, where, photo, face, off-day check-in)
 * taken from WeCom, while what WeCom cannot know (purpose, necessity, notice, legal basis, retention, the PIA
 * and alternative rule of face recognition, the off-day reason) stays as the base wrote it, comments
 * included. A live rule the base does not know gets a key `checkin-<groupid>` and a note: its purpose and
 * legal basis must be written before the preview passes (the loader says so with file:line). A base rule
 * whose `group_id` is gone from WeCom loses it, so `up` creates the rule again — also noted.
 */
import { isMap, parseDocument, type Document } from "yaml";
import type { CheckinRule } from "../wecom";
import type { Note } from "./merge";

const FILE = "checkin.yaml";
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const WEEK_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const clock = (sec: number): string =>
  `${String(Math.floor(sec / 3600)).padStart(2, "0")}:${String(Math.floor((sec % 3600) / 60)).padStart(2, "0")}`;

/** The facts of a live rule, in checkin.yaml's words. */
export function liveFacts(rule: CheckinRule): Record<string, unknown> {
  const days = new Set(rule.dates.flatMap((d) => d.weekdays).map((n) => DAY_NAMES[n]));
  return {
    name: rule.name,
    group_id: rule.groupId,
    schedule: {
      workdays: WEEK_ORDER.filter((d) => days.has(d)),
      times: (rule.dates[0]?.times ?? []).map((t) => ({ start: clock(t.workSec), end: clock(t.offWorkSec) })),
      sync_holidays: rule.syncHolidays,
    },
    geofences: rule.locations.map((l) => ({
      title: l.title,
      ...(l.detail ? { address: l.detail } : {}),
      lat: l.lat,
      lng: l.lng,
      radius_m: l.radiusM,
    })),
    wifi: rule.wifi.map((w) => ({ name: w.name, mac: w.mac })),
    photo_required: rule.needPhoto,
  };
}

type Rules = Record<string, Record<string, unknown>>;

const sorted = <T extends string | number>(xs: readonly T[]): T[] =>
  [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The merged checkin.yaml text (without the import header) and the notes for its header. `roleMembers`:
 * each base role's members, so a rule whose range the base wrote with roles keeps them when they still
 * name exactly the live members.
 */
export function mergeCheckin(
  baseText: string | undefined,
  live: readonly CheckinRule[],
  roleMembers: ReadonlyMap<string, readonly string[]>,
): { doc: Document; notes: Note[] } {
  const doc = parseDocument(baseText ?? "rules: {}\n", { schema: "core" });
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
  const plain = (doc.toJS() ?? {}) as { rules?: Rules };
  const base: Rules = plain.rules ?? {};
  const notes: Note[] = [];
  const taken = new Set<string>();

  for (const rule of live) {
    const key =
      Object.keys(base).find((k) => base[k]!["group_id"] === rule.groupId) ??
      Object.keys(base).find((k) => base[k]!["group_id"] === undefined && base[k]!["name"] === rule.name);
    const facts = liveFacts(rule);
    const at = (k: string, ...path: string[]) => ["rules", k, ...path];
    if (key === undefined) {
      const fresh = `checkin-${rule.groupId}`;
      taken.add(fresh);
      doc.setIn(
        at(fresh),
        doc.createNode({
          ...facts,
          applies_to: appliesTo(rule.range.userIds, rule.range.departmentIds),
          ...(rule.exemptUserIds.length ? { exempt_members: sorted(rule.exemptUserIds) } : {}),
          face_recognition: { enabled: rule.faceRecognition },
          off_workday: { allowed: rule.allowCheckinOffWorkday },
          purpose: `TODO: why members of ${rule.name} check in / 填写打卡目的`,
          legal_basis: {},
          retention_days: 730,
        }),
      );
      notes.push({
        file: FILE,
        zh: `rules.${fresh}（企业微信中的「${rule.name}」）：填写打卡目的、必要性、告知版本和合法性基础（hr_record 或 consent_purpose），并确认保存天数`,
        en: `rules.${fresh} (WeCom's "${rule.name}"): write its purpose, necessity, notice version and legal basis (hr_record or consent_purpose), and check the retention`,
      });
      continue;
    }
    taken.add(key);
    for (const [field, value] of Object.entries(facts)) doc.setIn(at(key, field), doc.createNode(value));
    // Who: keep the base's roles and members when they still name exactly the live userids.
    const b = (base[key]!["applies_to"] ?? {}) as { roles?: string[]; members?: string[] };
    const written = sorted([
      ...(b.members ?? []),
      ...(b.roles ?? []).flatMap((r) => roleMembers.get(r) ?? []),
    ]);
    const same =
      JSON.stringify(written.map((u) => u.toLowerCase())) ===
      JSON.stringify(sorted(rule.range.userIds.map((u) => u.toLowerCase())));
    doc.setIn(
      at(key, "applies_to"),
      doc.createNode({
        ...(same && b.roles?.length ? { roles: b.roles } : {}),
        ...(same ? (b.members?.length ? { members: b.members } : {}) : appliesTo(rule.range.userIds, [])),
        ...(rule.range.departmentIds.length ? { departments: sorted(rule.range.departmentIds) } : {}),
      }),
    );
    if (rule.exemptUserIds.length)
      doc.setIn(at(key, "exempt_members"), doc.createNode(sorted(rule.exemptUserIds)));
    else doc.deleteIn(at(key, "exempt_members"));
    doc.setIn(at(key, "face_recognition", "enabled"), rule.faceRecognition);
    doc.setIn(at(key, "off_workday", "allowed"), rule.allowCheckinOffWorkday);
    if (rule.range.tagIds.length)
      notes.push({
        file: FILE,
        zh: `rules.${key}：企业微信中的打卡人员含标签 ${rule.range.tagIds.join("、")}，checkin.yaml 无法表达，请改为角色或成员`,
        en: `rules.${key}: WeCom's range holds tags ${rule.range.tagIds.join(", ")}, which checkin.yaml cannot express; list them as roles or members`,
      });
  }

  for (const [key, rule] of Object.entries(base)) {
    if (taken.has(key) || rule["group_id"] === undefined) continue;
    doc.deleteIn(["rules", key, "group_id"]);
    notes.push({
      file: FILE,
      zh: `rules.${key}：企业微信中已没有规则 ${String(rule["group_id"])}，pulumi up 将重新创建它`,
      en: `rules.${key}: WeCom no longer has rule ${String(rule["group_id"])}; pulumi up creates it again`,
    });
  }
  return { doc, notes };
}

function appliesTo(userIds: readonly string[], departments: readonly number[]): Record<string, unknown> {
  return {
    ...(userIds.length ? { members: sorted(userIds) } : {}),
    ...(departments.length ? { departments: sorted(departments) } : {}),
  };
}
