/**
 * `wecom:index:CheckinRule` — a check-in (打卡) rule: who checks in, when, where, with photos or faces.
 * Managed with the check-in app's secret through the client's `checkinRules` (src/wecom/checkin-rules.ts:
 * add / update / clear_checkin_option_array_field / del, read with getcorpcheckinoption; official doc
 * path/98041). The id is the WeCom groupid; the logical name comes from the policy key (checkin.yaml).
 *
 * Only the properties the program gives are compared and written: WeCom's rule has more (reminders, flex
 * time, special days, liveness detection…) that the policy does not govern, and those stay as they are.
 * The state records the same properties, so a refresh shows drift on them and nothing else. Members,
 * departments, exempt members, workdays, geofences and Wi-Fi are sets. Every write is read back by the
 * client, and the rule is read once more here so the state is what WeCom holds.
 */
import { RESOURCE_TYPES, type CheckinRuleInputs, type CheckinRuleState } from "../../generated/resources";
import type {
  CheckinDate,
  CheckinLocation,
  CheckinRule as LiveRule,
  CheckinRulePatch,
  CheckinTime,
  CheckinWifi,
} from "../../wecom";
import { requireSecret } from "../console-messages";
import { lowerKey, setDetailedDiff } from "../diff";
import { isImportRead } from "../import-guard";
import { containsUnknown, type PropertyMap } from "../props";
import {
  PartialCreateError,
  type CheckFailure,
  type DiffResult,
  type ProviderContext,
  type ResourceModule,
} from "../types";

export const CHECKIN_RULE_TYPE = RESOURCE_TYPES.CheckinRule.token;

type Inputs = CheckinRuleInputs;
type Weekday = NonNullable<Inputs["workdays"]>[number];
type Shift = NonNullable<Inputs["times"]>[number];
type Geofence = NonNullable<Inputs["geofences"]>[number];
type Wifi = NonNullable<Inputs["wifi"]>[number];
type RemovalAction = NonNullable<Inputs["onRemoval"]>;

/** The optional properties: compared and written only when the program gives them. */
const OPTIONAL = [
  "exemptMembers",
  "workdays",
  "times",
  "syncHolidays",
  "geofences",
  "wifi",
  "photoRequired",
  "faceRecognition",
  "offWorkdayAllowed",
] as const;
type Optional = (typeof OPTIONAL)[number];

/** WeCom numbers the days 0 Sunday … 6 Saturday (the client's CheckinDate.weekdays). */
const WEEKDAY_NUMBER: Readonly<Record<Weekday, number>> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};
const WEEKDAY_NAME = Object.fromEntries(Object.entries(WEEKDAY_NUMBER).map(([k, v]) => [v, k])) as Record<
  number,
  Weekday
>;
const WEEK_ORDER: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const toSec = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60;
};
const toClock = (sec: number): string =>
  `${String(Math.floor(sec / 3600)).padStart(2, "0")}:${String(Math.floor((sec % 3600) / 60)).padStart(2, "0")}`;
/** WeCom keeps degrees at 6 decimals (integer micro-degrees). */
const micro = (deg: number): number => Math.round(deg * 1_000_000);

const removalOf = (p: PropertyMap): RemovalAction | undefined =>
  p["onRemoval"] === "release" || p["onRemoval"] === "delete" ? p["onRemoval"] : undefined;
const wasAdopted = (state: PropertyMap): boolean => state["adopted"] === true;

/** Release or delete: the policy's choice, else release an adopted rule and delete one the stack created. */
export function checkinRemovalAction(state: PropertyMap, oldInputs: PropertyMap = {}): RemovalAction {
  return removalOf(state) ?? removalOf(oldInputs) ?? (wasAdopted(state) ? "release" : "delete");
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const ints = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
const objects = <T>(v: unknown): T[] =>
  Array.isArray(v) ? v.filter((x): x is T => typeof x === "object" && x !== null) : [];

/** The inputs as plain values; optional properties only when given. */
export function checkinInputs(p: PropertyMap): Inputs {
  const out: Inputs = {
    name: typeof p["name"] === "string" ? p["name"] : "",
    members: strings(p["members"]),
    departments: ints(p["departments"]),
  };
  if (p["exemptMembers"] !== undefined) out.exemptMembers = strings(p["exemptMembers"]);
  if (p["workdays"] !== undefined) out.workdays = strings(p["workdays"]) as Weekday[];
  if (p["times"] !== undefined)
    out.times = objects<Shift>(p["times"]).map((t) => ({ start: String(t.start), end: String(t.end) }));
  if (typeof p["syncHolidays"] === "boolean") out.syncHolidays = p["syncHolidays"];
  if (p["geofences"] !== undefined)
    out.geofences = objects<Geofence>(p["geofences"]).map((g) => ({
      title: String(g.title),
      ...(typeof g.address === "string" ? { address: g.address } : {}),
      lat: Number(g.lat),
      lng: Number(g.lng),
      radiusM: Number(g.radiusM),
    }));
  if (p["wifi"] !== undefined)
    out.wifi = objects<Wifi>(p["wifi"]).map((w) => ({
      name: String(w.name),
      mac: String(w.mac).toLowerCase(),
    }));
  if (typeof p["photoRequired"] === "boolean") out.photoRequired = p["photoRequired"];
  if (typeof p["faceRecognition"] === "boolean") out.faceRecognition = p["faceRecognition"];
  if (typeof p["offWorkdayAllowed"] === "boolean") out.offWorkdayAllowed = p["offWorkdayAllowed"];
  const onRemoval = removalOf(p);
  if (onRemoval !== undefined) out.onRemoval = onRemoval;
  return out;
}

/** A live rule in the resource's vocabulary, every property present. */
export function fromLive(rule: LiveRule): Required<Omit<Inputs, "onRemoval">> {
  const days = new Set(rule.dates.flatMap((d) => d.weekdays).map((n) => WEEKDAY_NAME[n]));
  return {
    name: rule.name,
    members: [...rule.range.userIds].sort(),
    departments: [...rule.range.departmentIds].sort((a, b) => a - b),
    exemptMembers: [...rule.exemptUserIds].sort(),
    workdays: WEEK_ORDER.filter((d) => days.has(d)),
    // GUESS: a fixed-hours rule has one checkindate; its times are the rule's shifts.
    times: (rule.dates[0]?.times ?? []).map((t) => ({
      start: toClock(t.workSec),
      end: toClock(t.offWorkSec),
    })),
    syncHolidays: rule.syncHolidays,
    geofences: rule.locations.map((l) => ({
      title: l.title,
      ...(l.detail !== "" ? { address: l.detail } : {}),
      lat: l.lat,
      lng: l.lng,
      radiusM: l.radiusM,
    })),
    wifi: rule.wifi.map((w) => ({ name: w.name, mac: w.mac.toLowerCase() })),
    photoRequired: rule.needPhoto,
    faceRecognition: rule.faceRecognition,
    offWorkdayAllowed: rule.allowCheckinOffWorkday,
  };
}

/** A geofence's identity for set comparison: the centre at WeCom's precision, the radius and the title. */
const fenceKey = (g: Geofence): string => `${micro(g.lat)},${micro(g.lng)}@${g.radiusM} ${g.title}`;
/** The address is compared only where the program gives one. */
const fenceKeyAs =
  (declared: readonly Geofence[]) =>
  (g: Geofence): string => {
    const withAddress = declared.some((d) => d.address !== undefined && fenceKey(d) === fenceKey(g));
    return withAddress ? `${fenceKey(g)} ${g.address ?? ""}` : fenceKey(g);
  };
const wifiKey = (w: Wifi): string => `${w.mac.toLowerCase()} ${w.name}`;
const shiftsKey = (ts: readonly Shift[]): string => ts.map((t) => `${t.start}-${t.end}`).join(",");

/**
 * The state: name, members and departments, the optional properties `shape` gives (live values), the
 * removal choice and the outputs. On an import (`shape` undefined) every property is recorded.
 */
function stateOf(
  live: ReturnType<typeof fromLive>,
  shape: Inputs | undefined,
  groupId: number,
  adopted: boolean,
  onRemoval: RemovalAction | undefined,
): CheckinRuleState {
  const out: Record<string, unknown> = {
    name: live.name,
    members: live.members,
    departments: live.departments,
  };
  for (const k of OPTIONAL) if (shape === undefined || shape[k] !== undefined) out[k] = live[k];
  if (onRemoval !== undefined) out["onRemoval"] = onRemoval;
  return { ...(out as unknown as Inputs), groupId, adopted } as CheckinRuleState;
}

/** The state a preview expects: the inputs as given, sets sorted. */
function stateFromInputs(i: Inputs, groupId: number, adopted: boolean): CheckinRuleState {
  return {
    ...i,
    members: [...new Set(i.members)].sort(),
    departments: [...new Set(i.departments)].sort((a, b) => a - b),
    ...(i.exemptMembers ? { exemptMembers: [...new Set(i.exemptMembers)].sort() } : {}),
    ...(i.workdays ? { workdays: WEEK_ORDER.filter((d) => i.workdays!.includes(d)) } : {}),
    groupId,
    adopted,
  };
}

/** What the schema cannot say: WeCom refuses a rule with neither Wi-Fi nor a place (path/98041). */
export function checkCheckinRule(news: PropertyMap): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const g = news["geofences"];
  const w = news["wifi"];
  if (containsUnknown(g) || containsUnknown(w)) return failures;
  const none = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
  if (none(g) && none(w))
    failures.push({
      property: "geofences",
      reason:
        "a check-in rule needs at least one place (geofences) or one Wi-Fi network (wifi): WeCom refuses a rule with neither / " +
        "打卡规则至少需要一个打卡地点（geofences）或一个 Wi-Fi（wifi），企业微信不接受两者皆空的规则",
    });
  const times = objects<Shift>(news["times"]);
  times.forEach((t, i) => {
    if (typeof t.start === "string" && typeof t.end === "string" && toSec(t.start) >= toSec(t.end))
      failures.push({
        property: `times[${i}]`,
        reason: `the shift starts at ${t.start}, not before its end at ${t.end} / 上班时间 ${t.start} 不早于下班时间 ${t.end}`,
      });
  });
  return failures;
}

/** Compares only what `news` gives; `olds` is the (refreshed) state. */
export function diffCheckinRule(olds: PropertyMap, news: PropertyMap): DiffResult {
  const live = checkinInputs(olds);
  const want = checkinInputs(news);
  const d: DiffResult["detailedDiff"] = {};
  const given = (k: string): boolean => news[k] !== undefined && !containsUnknown(news[k]);
  if (given("name") && live.name !== want.name) d["name"] = "update";
  if (given("members")) Object.assign(d, setDetailedDiff("members", live.members, want.members, lowerKey));
  if (given("departments"))
    Object.assign(d, setDetailedDiff("departments", live.departments, want.departments));
  if (given("exemptMembers"))
    Object.assign(
      d,
      setDetailedDiff("exemptMembers", live.exemptMembers ?? [], want.exemptMembers ?? [], lowerKey),
    );
  if (given("workdays"))
    Object.assign(d, setDetailedDiff("workdays", live.workdays ?? [], want.workdays ?? []));
  if (given("times") && shiftsKey(live.times ?? []) !== shiftsKey(want.times ?? [])) d["times"] = "update";
  if (given("geofences")) {
    const key = fenceKeyAs(want.geofences ?? []);
    Object.assign(d, setDetailedDiff("geofences", live.geofences ?? [], want.geofences ?? [], key));
  }
  if (given("wifi")) Object.assign(d, setDetailedDiff("wifi", live.wifi ?? [], want.wifi ?? [], wifiKey));
  for (const k of ["syncHolidays", "photoRequired", "faceRecognition", "offWorkdayAllowed"] as const)
    if (given(k) && live[k] !== want[k]) d[k] = live[k] === undefined ? "add" : "update";
  const [was, now] = [removalOf(olds), removalOf(news)];
  if (!containsUnknown(news["onRemoval"]) && was !== now)
    d["onRemoval"] = was === undefined ? "add" : now === undefined ? "delete" : "update";
  return { changes: Object.keys(d).length > 0, detailedDiff: d };
}

/** The client's dates for `want`, keeping what WeCom holds that the policy does not govern (reminders, flex). */
function datesFor(want: Inputs, live: LiveRule | undefined): CheckinDate[] | undefined {
  if (want.workdays === undefined && want.times === undefined) return undefined;
  const base = live?.dates[0];
  const weekdays = (want.workdays ?? fromLiveDays(live)).map((d) => WEEKDAY_NUMBER[d]);
  const times: CheckinTime[] = want.times
    ? want.times.map((t) => {
        const kept = base?.times.find((x) => x.workSec === toSec(t.start) && x.offWorkSec === toSec(t.end));
        return kept ?? { workSec: toSec(t.start), offWorkSec: toSec(t.end) };
      })
    : (base?.times ?? []);
  return [
    {
      ...(base ?? {}),
      weekdays,
      times,
    },
  ];
}
const fromLiveDays = (live: LiveRule | undefined): Weekday[] => (live ? fromLive(live).workdays : []);

const locationOf = (g: Geofence, live: LiveRule | undefined): CheckinLocation => ({
  title: g.title,
  // WeCom needs loc_detail; keep the live one for the same place when the policy gives none.
  detail:
    g.address ??
    live?.locations.find((l) => micro(l.lat) === micro(g.lat) && micro(l.lng) === micro(g.lng))?.detail ??
    g.title,
  lat: g.lat,
  lng: g.lng,
  radiusM: g.radiusM,
});

/** The client patch that turns `live` into `want`, for the properties `want` gives and that differ. */
export function patchFor(want: Inputs, live: LiveRule): CheckinRulePatch {
  const have = fromLive(live);
  const p: CheckinRulePatch = {};
  if (want.name !== have.name) p.name = want.name;
  const sameSet = (a: readonly (string | number)[], b: readonly (string | number)[]) =>
    JSON.stringify([...a].map(String).map(lowerKey).sort()) ===
    JSON.stringify([...b].map(String).map(lowerKey).sort());
  if (!sameSet(want.members, have.members) || !sameSet(want.departments, have.departments))
    // update replaces `range` whole: keep the tags WeCom holds (the policy does not name tags).
    p.range = { userIds: want.members, departmentIds: want.departments, tagIds: [...live.range.tagIds] };
  if (want.exemptMembers && !sameSet(want.exemptMembers, have.exemptMembers))
    p.exemptUserIds = want.exemptMembers;
  if (
    (want.workdays && !sameSet(want.workdays, have.workdays)) ||
    (want.times && shiftsKey(want.times) !== shiftsKey(have.times))
  )
    p.dates = datesFor(want, live)!;
  if (want.geofences) {
    const key = fenceKeyAs(want.geofences);
    if (!sameSet(want.geofences.map(key), have.geofences.map(key)))
      p.locations = want.geofences.map((g) => locationOf(g, live));
  }
  if (want.wifi && !sameSet(want.wifi.map(wifiKey), have.wifi.map(wifiKey)))
    p.wifi = want.wifi.map((w): CheckinWifi => ({ name: w.name, mac: w.mac }));
  if (want.syncHolidays !== undefined && want.syncHolidays !== have.syncHolidays)
    p.syncHolidays = want.syncHolidays;
  if (want.photoRequired !== undefined && want.photoRequired !== have.photoRequired)
    p.needPhoto = want.photoRequired;
  if (want.faceRecognition !== undefined && want.faceRecognition !== have.faceRecognition)
    p.faceRecognition = want.faceRecognition;
  if (want.offWorkdayAllowed !== undefined && want.offWorkdayAllowed !== have.offWorkdayAllowed)
    p.allowCheckinOffWorkday = want.offWorkdayAllowed;
  return p;
}

type Client = ReturnType<ProviderContext["client"]>;

/**
 * Reads the rule back and returns the state; when WeCom does not hold what was written, the rule is
 * recorded as it is and the step fails, so the next `up` corrects it.
 */
async function confirm(
  client: Client,
  groupId: number,
  want: Inputs,
  adopted: boolean,
): Promise<CheckinRuleState> {
  const live = await client.checkinRules.get(groupId);
  if (!live)
    throw new Error(
      `check-in rule ${groupId} (${want.name}) is gone after the write / 打卡规则 ${groupId} 写入后不存在`,
    );
  const state = stateOf(fromLive(live), want, groupId, adopted, want.onRemoval);
  const pending = Object.keys(patchFor(want, live));
  if (pending.length > 0)
    throw new PartialCreateError(String(groupId), state, [
      `inconsistent result after apply: CheckinRule ${want.name} (groupid ${groupId}): getcorpcheckinoption shows other ${pending.join(", ")}. ` +
        "The rule is recorded with what WeCom holds; `pulumi up` again corrects it. / " +
        `应用后结果不一致：打卡规则 ${want.name}（${groupId}）的 ${pending.join("、")} 与写入的不同；已按企业微信中的实际内容记录，再次运行 pulumi up 即可纠正。`,
    ]);
  return state;
}

export const checkinRule: ResourceModule = {
  type: CHECKIN_RULE_TYPE,

  check(news, _olds, ctx) {
    const failures = checkCheckinRule(news);
    failures.push(
      ...requireSecret(ctx, "checkin", {
        en: "the self-built app allowed to call the check-in API",
        zh: "可调用打卡接口的自建应用",
      }),
    );
    return { inputs: news, failures };
  },

  diff(_id, olds, news) {
    return diffCheckinRule(olds, news);
  },

  async create(ctx, inputs, preview) {
    const want = checkinInputs(inputs);
    if (preview) return { id: "", outs: { ...stateFromInputs(want, 0, false), groupId: undefined } };
    const client = ctx.client();
    const groupId = await client.checkinRules.create({
      name: want.name,
      groupType: "fixed",
      range: { userIds: want.members, departmentIds: want.departments, tagIds: [] },
      ...(want.exemptMembers?.length ? { exemptUserIds: want.exemptMembers } : {}),
      ...(datesFor(want, undefined) ? { dates: datesFor(want, undefined)! } : {}),
      ...(want.geofences ? { locations: want.geofences.map((g) => locationOf(g, undefined)) } : {}),
      ...(want.wifi ? { wifi: want.wifi.map((w) => ({ name: w.name, mac: w.mac })) } : {}),
      ...(want.syncHolidays !== undefined ? { syncHolidays: want.syncHolidays } : {}),
      ...(want.photoRequired !== undefined ? { needPhoto: want.photoRequired } : {}),
      ...(want.faceRecognition !== undefined ? { faceRecognition: want.faceRecognition } : {}),
      ...(want.offWorkdayAllowed !== undefined ? { allowCheckinOffWorkday: want.offWorkdayAllowed } : {}),
    });
    return { id: String(groupId), outs: await confirm(client, groupId, want, false) };
  },

  async read(ctx, id, state, inputs) {
    const groupId = Number(id);
    const live = await ctx.client().checkinRules.get(groupId);
    if (!live) return undefined;
    const importing = isImportRead(state, inputs);
    // The properties the program gave last (inputs), else those the state records; all on an import.
    const shape = importing ? undefined : checkinInputs(Object.keys(inputs).length > 0 ? inputs : state);
    const onRemoval = removalOf(state) ?? removalOf(inputs);
    const props = stateOf(fromLive(live), shape, groupId, wasAdopted(state) || importing, onRemoval);
    const { groupId: _g, adopted: _a, ...asInputs } = props;
    return { id, props, inputs: asInputs };
  },

  async update(ctx, id, olds, news, preview) {
    const groupId = Number(id);
    const want = checkinInputs(news);
    if (preview) return stateFromInputs(want, groupId, wasAdopted(olds));
    const client = ctx.client();
    // Against what WeCom holds now, so a hand edit is corrected exactly and nothing applied is re-sent.
    const live = await client.checkinRules.get(groupId);
    if (!live)
      throw new Error(
        `check-in rule ${groupId} (${want.name}) no longer exists in WeCom; \`pulumi refresh\` forgets it and the next \`up\` creates it / 打卡规则 ${groupId} 已不存在`,
      );
    const patch = patchFor(want, live);
    if (Object.keys(patch).length > 0) await client.checkinRules.update(groupId, patch);
    return confirm(client, groupId, want, wasAdopted(olds));
  },

  async delete(ctx, id, state, oldInputs) {
    // An adopted rule is released unless the policy said delete: it stays in WeCom (never-harm rule).
    if (checkinRemovalAction(state, oldInputs) === "release") return;
    const client = ctx.client();
    if (!(await client.checkinRules.get(Number(id)))) return;
    await client.checkinRules.delete(Number(id));
  },
};
