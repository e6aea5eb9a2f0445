/**
 * Check-in rules (打卡规则, issue 13): the camelCase model, its one mapping to and from WeCom's wire shapes
 * (checkin-wire.ts), and the typed calls — getcorpcheckinoption (path/93384) and add / update /
 * clear_checkin_option_array_field / del (管理打卡规则, path/98041, 2025-08-29). Reached as
 * `WecomClient.checkinRules`; HTTP, tokens, retries and read-backs stay in transport.ts.
 *
 * Principal: the check-in app's secret (`secrets.checkin`, provider config `wecom:checkinSecret`) — the app
 * placed in 打卡 →「可调用接口的应用」. Every call is limited to 60 a minute (per endpoint, wire.ts).
 *
 * WeCom's update semantics (path/98041 注意 3–4), which the client follows:
 * - an array field of `group` that is absent or empty is NOT updated; a non-empty one replaces the old array;
 * - a non-array field that is present replaces the old value recursively (so `range` is replaced whole);
 * - spe_workdays, spe_offdays, wifimac_infos and loc_infos are emptied only through
 *   clear_checkin_option_array_field, and wifimac_infos and loc_infos may not both be empty;
 * - a rule can be changed or deleted only by the app that created it.
 *
 * Read-backs (every write is confirmed with getcorpcheckinoption):
 *
 * | write | read-back | then |
 * |---|---|---|
 * | add_checkin_option (answers no groupid) | the rules named like the new one that were not there before | found → its groupid; else re-send |
 * | update_checkin_option | the rule; each patched field compared | re-send only the fields still different |
 * | clear_checkin_option_array_field | the rule's cleared arrays | re-send the fields still non-empty |
 * | del_checkin_option | the rule list | groupid gone → done |
 */
import { ERRCODE } from "./errcodes";
import { WecomApiError, WecomCredentialError, WecomError, WecomNotAppliedError } from "./errors";
import { CONSOLE, inline } from "./console-paths";
import { CHECKIN, principalLabel } from "./principals";
import type { Transport, ReadBackOutcome } from "./transport";
import type * as C from "./checkin-wire";
import { ENDPOINTS, type EndpointName, type WireEnvelope } from "./wire";

// ---------------------------------------------------------------------------------------------
// Model

/** grouptype 1 / 2 / 3: 固定时间上下班, 按班次上下班, 自由上下班. */
export type CheckinGroupType = "fixed" | "shift" | "free";

/** Who must check in: members, departments (with their sub-departments) and tags. */
export interface CheckinRange {
  userIds: string[];
  departmentIds: number[];
  tagIds: number[];
}

/** One working-time pair, seconds after 00:00 (09:00 = 32 400). */
export interface CheckinTime {
  workSec: number;
  offWorkSec: number;
  remindWorkSec?: number;
  remindOffWorkSec?: number;
}

/** Working days and their times. */
export interface CheckinDate {
  /** 0 Sunday, 1 Monday … 6 Saturday (WeCom's numbering). */
  weekdays: number[];
  times: CheckinTime[];
  /** Lateness allowed, milliseconds (flex_on_duty_time). */
  flexOnDutyMs?: number;
  /** Early leave allowed, milliseconds (flex_off_duty_time). */
  flexOffDutyMs?: number;
  /** No check-out needed (noneed_offwork). */
  noNeedOffwork?: boolean;
}

/** An office Wi-Fi network: checking in requires being connected to it. */
export interface CheckinWifi {
  name: string;
  /** MAC address / BSSID, lower case (e.g. "c0:7b:bc:37:f8:d3"). */
  mac: string;
}

/** A geofence: checking in requires being within `radiusM` metres of the point. */
export interface CheckinLocation {
  title: string;
  detail: string;
  /** Degrees, GCJ-02 (Tencent Maps), 6 decimals: WeCom stores degrees × 1 000 000 as integers. */
  lat: number;
  lng: number;
  /** Radius in metres (WeCom's `distance`). */
  radiusM: number;
}

/** Everything the client can write on a rule; a patch sets a subset. */
export interface CheckinRuleSettings {
  name?: string;
  groupType?: CheckinGroupType;
  range?: CheckinRange;
  /** Members exempt from checking in (white_users). WeCom cannot empty it through the API. */
  exemptUserIds?: string[];
  /** Working days and times (checkindate). WeCom cannot empty it through the API. */
  dates?: CheckinDate[];
  /** `[]` empties it (clear_checkin_option_array_field 3). */
  wifi?: CheckinWifi[];
  /** `[]` empties it (clear_checkin_option_array_field 4). */
  locations?: CheckinLocation[];
  /** need_photo: a photo with every check-in. */
  needPhoto?: boolean;
  /** note_can_use_local_pic: notes may attach pictures from the phone's album. */
  allowLocalPicInNote?: boolean;
  /** allow_checkin_offworkday: checking in on days off is allowed. */
  allowCheckinOffWorkday?: boolean;
  /** allow_apply_offworkday (SKIT: 允许提交补卡申请). */
  allowApplyOffWorkday?: boolean;
  /** sync_holidays: statutory holidays are days off. */
  syncHolidays?: boolean;
  /** use_face_detect: face recognition when checking in (biometric data). */
  faceRecognition?: boolean;
  /** open_face_live_detect: liveness detection on the face. */
  faceLiveness?: boolean;
  /** option_out_range (范围外打卡处理方式): WeCom's raw value; its meanings are not documented where we read. */
  outOfRangeOption?: number;
}

/** A rule to create: name, type and range are required. */
export interface NewCheckinRule extends CheckinRuleSettings {
  name: string;
  groupType: CheckinGroupType;
  range: CheckinRange;
}

/** Fields to change on an existing rule; absent fields stay as they are. */
export type CheckinRulePatch = CheckinRuleSettings;

/** A rule as getcorpcheckinoption returns it. */
export interface CheckinRule {
  groupId: number;
  name: string;
  groupType: CheckinGroupType;
  range: CheckinRange;
  exemptUserIds: string[];
  dates: CheckinDate[];
  wifi: CheckinWifi[];
  locations: CheckinLocation[];
  needPhoto: boolean;
  allowLocalPicInNote: boolean;
  allowCheckinOffWorkday: boolean;
  allowApplyOffWorkday: boolean;
  syncHolidays: boolean;
  faceRecognition: boolean;
  faceLiveness: boolean;
  outOfRangeOption?: number;
  /** create_userid / update_userid / create_time when WeCom sends them. */
  createdBy?: string;
  updatedBy?: string;
  createdAt?: number;
}

/** The array fields clear_checkin_option_array_field can empty. */
export type CheckinArrayField = "specialWorkdays" | "specialOffdays" | "wifi" | "locations";

export interface CheckinWriteOptions {
  /**
   * effective_now: apply today rather than from tomorrow (WeCom's default is false). The client's default is
   * true, so a read-back and the next drift check see the rule that is in force.
   */
  effectiveNow?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Mapping (the one place the check-in wire shapes become the model and back)

const GROUP_TYPE_FROM_WIRE: Readonly<Record<C.WireCheckinGroupType, CheckinGroupType>> = {
  1: "fixed",
  2: "shift",
  3: "free",
};
const GROUP_TYPE_TO_WIRE: Readonly<Record<CheckinGroupType, C.WireCheckinGroupType>> = {
  fixed: 1,
  shift: 2,
  free: 3,
};
export const CLEAR_FIELD: Readonly<Record<CheckinArrayField, C.WireCheckinClearField>> = {
  specialWorkdays: 1,
  specialOffdays: 2,
  wifi: 3,
  locations: 4,
};

const MICRO = 1_000_000;
/** Degrees → WeCom's integer micro-degrees. */
export const toMicroDegrees = (deg: number): number => Math.round(deg * MICRO);
/** WeCom's integer micro-degrees → degrees with 6 decimals. */
export const fromMicroDegrees = (micro: number): number => Math.round(micro) / MICRO;

const sortedNumbers = (xs: readonly number[] | undefined): number[] =>
  [...new Set(xs ?? [])].sort((a, b) => a - b);
const sortedStrings = (xs: readonly string[] | undefined): string[] =>
  [...new Set(xs ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function timeFromWire(t: C.WireCheckinTime): CheckinTime {
  return {
    workSec: t.work_sec,
    offWorkSec: t.off_work_sec,
    ...(t.remind_work_sec !== undefined && { remindWorkSec: t.remind_work_sec }),
    ...(t.remind_off_work_sec !== undefined && { remindOffWorkSec: t.remind_off_work_sec }),
  };
}

function timeToWire(t: CheckinTime, index: number): C.WireCheckinTime {
  return {
    // GUESS: time_id numbers the pairs from 1, as in the doc's example.
    time_id: index + 1,
    work_sec: t.workSec,
    off_work_sec: t.offWorkSec,
    ...(t.remindWorkSec !== undefined && { remind_work_sec: t.remindWorkSec }),
    ...(t.remindOffWorkSec !== undefined && { remind_off_work_sec: t.remindOffWorkSec }),
  };
}

function dateFromWire(d: C.WireCheckinDate): CheckinDate {
  return {
    weekdays: sortedNumbers(d.workdays),
    times: (d.checkintime ?? []).map(timeFromWire),
    ...(d.flex_on_duty_time !== undefined && { flexOnDutyMs: d.flex_on_duty_time }),
    ...(d.flex_off_duty_time !== undefined && { flexOffDutyMs: d.flex_off_duty_time }),
    ...(d.noneed_offwork !== undefined && { noNeedOffwork: d.noneed_offwork }),
  };
}

function dateToWire(d: CheckinDate): C.WireCheckinDate {
  return {
    workdays: sortedNumbers(d.weekdays),
    checkintime: d.times.map(timeToWire),
    ...(d.flexOnDutyMs !== undefined && { flex_on_duty_time: d.flexOnDutyMs }),
    ...(d.flexOffDutyMs !== undefined && { flex_off_duty_time: d.flexOffDutyMs }),
    ...(d.noNeedOffwork !== undefined && { noneed_offwork: d.noNeedOffwork }),
  };
}

const wifiFromWire = (w: C.WireCheckinWifi): CheckinWifi => ({
  name: w.wifiname ?? "",
  mac: w.wifimac.toLowerCase(),
});
const wifiToWire = (w: CheckinWifi): C.WireCheckinWifi => ({
  wifiname: w.name,
  wifimac: w.mac.toLowerCase(),
});

const locationFromWire = (l: C.WireCheckinLocation): CheckinLocation => ({
  title: l.loc_title ?? "",
  detail: l.loc_detail ?? "",
  lat: fromMicroDegrees(l.lat),
  lng: fromMicroDegrees(l.lng),
  radiusM: l.distance,
});
const locationToWire = (l: CheckinLocation): C.WireCheckinLocation => ({
  lat: toMicroDegrees(l.lat),
  lng: toMicroDegrees(l.lng),
  loc_title: l.title,
  loc_detail: l.detail,
  distance: l.radiusM,
});

const rangeToWire = (r: CheckinRange): C.WireCheckinRangeWrite => ({
  userid: sortedStrings(r.userIds),
  party_id: sortedNumbers(r.departmentIds),
  tagid: sortedNumbers(r.tagIds),
});

/** One rule of getcorpcheckinoption in the model; lists sorted, MACs lower-cased. */
export function checkinRuleFromWire(g: C.WireCheckinGroup): CheckinRule {
  const range = (g.range ?? {}) as C.WireCheckinRangeRead & C.WireCheckinRangeWrite;
  return {
    groupId: g.groupid,
    name: g.groupname,
    // GUESS: an unknown grouptype is reported as "fixed" rather than failing the whole read.
    groupType: GROUP_TYPE_FROM_WIRE[g.grouptype] ?? "fixed",
    range: {
      userIds: sortedStrings(range.userid),
      // path/93384 reads `partyid`; accept the write spelling `party_id` too.
      departmentIds: sortedNumbers(range.partyid ?? range.party_id),
      tagIds: sortedNumbers(range.tagid),
    },
    exemptUserIds: sortedStrings(g.white_users),
    dates: (g.checkindate ?? []).map(dateFromWire),
    wifi: (g.wifimac_infos ?? []).map(wifiFromWire),
    locations: (g.loc_infos ?? []).map(locationFromWire),
    needPhoto: g.need_photo ?? false,
    allowLocalPicInNote: g.note_can_use_local_pic ?? false,
    allowCheckinOffWorkday: g.allow_checkin_offworkday ?? false,
    allowApplyOffWorkday: g.allow_apply_offworkday ?? false,
    syncHolidays: g.sync_holidays ?? false,
    faceRecognition: g.use_face_detect ?? false,
    faceLiveness: g.open_face_live_detect ?? false,
    ...(g.option_out_range !== undefined && { outOfRangeOption: g.option_out_range }),
    ...(g.create_userid !== undefined && { createdBy: g.create_userid }),
    ...(g.update_userid !== undefined && { updatedBy: g.update_userid }),
    ...(g.create_time !== undefined && { createdAt: g.create_time }),
  };
}

/**
 * The `group` object for add/update: only the fields the settings set. Empty arrays are left out (WeCom
 * ignores them on update; {@link CheckinRulesApi.update} empties wifi/locations through the clear endpoint).
 */
export function checkinSettingsToWire(s: CheckinRuleSettings): C.WireCheckinGroupWrite {
  const nonEmpty = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;
  return {
    ...(s.groupType !== undefined && { grouptype: GROUP_TYPE_TO_WIRE[s.groupType] }),
    ...(s.name !== undefined && { groupname: s.name }),
    ...(nonEmpty(s.dates) && { checkindate: s.dates.map(dateToWire) }),
    ...(s.syncHolidays !== undefined && { sync_holidays: s.syncHolidays }),
    ...(s.needPhoto !== undefined && { need_photo: s.needPhoto }),
    ...(s.allowLocalPicInNote !== undefined && { note_can_use_local_pic: s.allowLocalPicInNote }),
    ...(s.allowCheckinOffWorkday !== undefined && { allow_checkin_offworkday: s.allowCheckinOffWorkday }),
    ...(s.allowApplyOffWorkday !== undefined && { allow_apply_offworkday: s.allowApplyOffWorkday }),
    ...(nonEmpty(s.wifi) && { wifimac_infos: s.wifi.map(wifiToWire) }),
    ...(nonEmpty(s.locations) && { loc_infos: s.locations.map(locationToWire) }),
    ...(s.range !== undefined && { range: rangeToWire(s.range) }),
    ...(nonEmpty(s.exemptUserIds) && { white_users: sortedStrings(s.exemptUserIds) }),
    ...(s.outOfRangeOption !== undefined && { option_out_range: s.outOfRangeOption }),
    ...(s.faceRecognition !== undefined && { use_face_detect: s.faceRecognition }),
    ...(s.faceLiveness !== undefined && { open_face_live_detect: s.faceLiveness }),
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison (read-backs; also usable by a diff)

const lower = (xs: readonly string[]): string[] => sortedStrings(xs.map((x) => x.toLowerCase()));

function canonical(field: keyof CheckinRuleSettings, v: unknown): string {
  switch (field) {
    case "range": {
      const r = v as CheckinRange;
      // userids are case-insensitive in WeCom (wecom-api.md §0); members compare as sets.
      return JSON.stringify([lower(r.userIds), sortedNumbers(r.departmentIds), sortedNumbers(r.tagIds)]);
    }
    case "exemptUserIds":
      return JSON.stringify(lower(v as string[]));
    case "wifi":
      return JSON.stringify((v as CheckinWifi[]).map((w) => `${w.mac.toLowerCase()} ${w.name}`).sort());
    case "locations":
      return JSON.stringify(
        (v as CheckinLocation[])
          .map((l) =>
            JSON.stringify([toMicroDegrees(l.lat), toMicroDegrees(l.lng), l.radiusM, l.title, l.detail]),
          )
          .sort(),
      );
    case "dates":
      return JSON.stringify(
        (v as CheckinDate[]).map((d) => {
          const w = dateToWire(d);
          return [
            w.workdays,
            w.checkintime.map((t) => [t.work_sec, t.off_work_sec, t.remind_work_sec, t.remind_off_work_sec]),
            w.flex_on_duty_time,
            w.flex_off_duty_time,
            w.noneed_offwork,
          ];
        }),
      );
    default:
      return JSON.stringify(v);
  }
}

/**
 * The live working days with only the optional fields the wanted ones set (reminders, flex times,
 * noNeedOffwork): what the policy leaves out, WeCom may fill in (GUESS: e.g. a default reminder), and
 * that is not a difference.
 */
function maskDates(live: readonly CheckinDate[], wanted: readonly CheckinDate[]): CheckinDate[] {
  return live.map((d, i) => {
    const w = wanted[i];
    if (!w) return d;
    const times = d.times.map((t, j) => {
      const wt = w.times[j];
      if (!wt) return t;
      return {
        workSec: t.workSec,
        offWorkSec: t.offWorkSec,
        ...(wt.remindWorkSec !== undefined &&
          t.remindWorkSec !== undefined && { remindWorkSec: t.remindWorkSec }),
        ...(wt.remindOffWorkSec !== undefined &&
          t.remindOffWorkSec !== undefined && { remindOffWorkSec: t.remindOffWorkSec }),
      };
    });
    return {
      weekdays: d.weekdays,
      times,
      ...(w.flexOnDutyMs !== undefined && d.flexOnDutyMs !== undefined && { flexOnDutyMs: d.flexOnDutyMs }),
      ...(w.flexOffDutyMs !== undefined &&
        d.flexOffDutyMs !== undefined && { flexOffDutyMs: d.flexOffDutyMs }),
      ...(w.noNeedOffwork !== undefined &&
        d.noNeedOffwork !== undefined && { noNeedOffwork: d.noNeedOffwork }),
    };
  });
}

/**
 * The fields of `patch` that `live` does not show yet (empty when the patch is applied). Lists compare as
 * sets (members case-insensitively), coordinates at WeCom's precision (6 decimals); in working days only
 * the optional fields the patch sets are compared. Usable as a diff of declared against live fields.
 */
export function checkinPatchPending(live: CheckinRule, patch: CheckinRulePatch): CheckinRulePatch {
  const pending: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch) as [keyof CheckinRuleSettings, unknown][]) {
    if (v === undefined) continue;
    const raw = (live as unknown as Record<string, unknown>)[k];
    const have =
      k === "dates" && Array.isArray(raw) ? maskDates(raw as CheckinDate[], v as CheckinDate[]) : raw;
    if (have === undefined || canonical(k, have) !== canonical(k, v)) pending[k] = v;
  }
  return pending as CheckinRulePatch;
}

// ---------------------------------------------------------------------------------------------
// Calls

const OK: WireEnvelope = { errcode: 0 };
const ARRAY_OF: Readonly<Record<CheckinArrayField, "wifi" | "locations" | undefined>> = {
  specialWorkdays: undefined,
  specialOffdays: undefined,
  wifi: "wifi",
  locations: "locations",
};

/**
 * The check-in rule calls of one client. Every method needs the check-in secret; without it each throws
 * the "not configured" WecomCredentialError before any I/O ({@link configured} says so in advance).
 */
export class CheckinRulesApi {
  constructor(
    private readonly t: Transport,
    /** Whether the check-in secret is configured (a reader reports "not read" instead of calling). */
    readonly configured: boolean,
  ) {}

  /** Every check-in rule of the corp (getcorpcheckinoption), sorted by groupid. */
  async list(): Promise<CheckinRule[]> {
    const r = await this.call<C.CheckinGetCorpOptionResponse>("checkinGetCorpOption", {});
    return (r.group ?? []).map(checkinRuleFromWire).sort((a, b) => a.groupId - b.groupId);
  }

  /** One rule, or undefined when the corp has no rule with that groupid. */
  async get(groupId: number): Promise<CheckinRule | undefined> {
    return (await this.list()).find((r) => r.groupId === groupId);
  }

  /**
   * Creates a rule and returns its groupid. add_checkin_option answers without one (path/98041), so the
   * rule is found by name among the rules that did not exist before the call (the highest groupid when
   * several match). `wifi` or `locations` must be non-empty (WeCom refuses a rule with neither).
   */
  async create(rule: NewCheckinRule, opts: CheckinWriteOptions = {}): Promise<number> {
    this.t.assertWritable("checkinAddOption");
    const before = new Set((await this.list()).map((r) => r.groupId));
    let found: number | undefined;
    const lookup = async (): Promise<number | undefined> => {
      const fresh = (await this.list()).filter((r) => r.name === rule.name && !before.has(r.groupId));
      return fresh.length === 0 ? undefined : Math.max(...fresh.map((r) => r.groupId));
    };
    const body: C.CheckinAddOptionRequest = {
      effective_now: opts.effectiveNow ?? true,
      group: checkinSettingsToWire(rule),
    };
    await this.write("checkinAddOption", body, async () => {
      found = await lookup();
      return found === undefined
        ? { applied: false, differs: `getcorpcheckinoption has no new rule named ${rule.name}` }
        : { applied: true, response: OK };
    });
    found ??= await lookup();
    if (found === undefined) {
      throw new WecomNotAppliedError({
        endpoint: "checkinAddOption",
        attempts: 1,
        differs: `getcorpcheckinoption has no new rule named ${rule.name}`,
      });
    }
    return found;
  }

  /**
   * Changes the fields `patch` sets (update_checkin_option; `range` is replaced whole). `wifi: []` and
   * `locations: []` are emptied with clear_checkin_option_array_field after the update. `dates: []` and
   * `exemptUserIds: []` cannot be emptied through the API and are refused before any I/O. An empty patch
   * makes no call. Read-back: the rule, each field compared; only fields still different are re-sent.
   */
  async update(groupId: number, patch: CheckinRulePatch, opts: CheckinWriteOptions = {}): Promise<void> {
    this.t.assertWritable("checkinUpdateOption");
    for (const k of ["dates", "exemptUserIds"] as const) {
      if (patch[k]?.length === 0) {
        throw new WecomError(
          `${k === "dates" ? "checkindate" : "white_users"} of check-in rule ${groupId} cannot be emptied ` +
            "through WeCom's API (update ignores empty arrays and clear_checkin_option_array_field does not " +
            "cover it, path/98041): change it in the admin console",
        );
      }
    }
    const clear = (["wifi", "locations"] as const).filter((k) => patch[k]?.length === 0);
    const rest: CheckinRulePatch = { ...patch };
    for (const k of clear) delete rest[k];
    const effectiveNow = opts.effectiveNow ?? true;
    if (Object.keys(rest).some((k) => rest[k as keyof CheckinRulePatch] !== undefined)) {
      const body = (p: CheckinRulePatch): C.CheckinUpdateOptionRequest => ({
        effective_now: effectiveNow,
        group: { ...checkinSettingsToWire(p), groupid: groupId },
      });
      await this.write("checkinUpdateOption", body(rest), async () => {
        const live = await this.get(groupId);
        if (!live)
          return { applied: false, resend: false, differs: `check-in rule ${groupId} no longer exists` };
        const pending = checkinPatchPending(live, rest);
        return Object.keys(pending).length === 0
          ? { applied: true, response: OK }
          : {
              applied: false,
              differs: `getcorpcheckinoption still shows rule ${groupId} with other ${Object.keys(pending).join(", ")}`,
              body: body(pending),
            };
      });
    }
    if (clear.length > 0) await this.clearArrays(groupId, clear, opts);
  }

  /** Empties array fields of a rule (clear_checkin_option_array_field). Read-back: the rule's arrays. */
  async clearArrays(
    groupId: number,
    fields: readonly CheckinArrayField[],
    opts: CheckinWriteOptions = {},
  ): Promise<void> {
    this.t.assertWritable("checkinClearOptionArrayField");
    if (fields.length === 0) return;
    const body = (fs: readonly CheckinArrayField[]): C.CheckinClearArrayFieldRequest => ({
      groupid: groupId,
      clear_field: [...new Set(fs.map((f) => CLEAR_FIELD[f]))].sort(),
      effective_now: opts.effectiveNow ?? true,
    });
    await this.write("checkinClearOptionArrayField", body(fields), async () => {
      const live = await this.get(groupId);
      if (!live)
        return { applied: false, resend: false, differs: `check-in rule ${groupId} no longer exists` };
      // GUESS: the special days are not part of the model, so only wifi and locations can be confirmed.
      const left = fields.filter((f) => {
        const k = ARRAY_OF[f];
        return k !== undefined && live[k].length > 0;
      });
      return left.length === 0
        ? { applied: true, response: OK }
        : { applied: false, differs: `rule ${groupId} still has ${left.join(", ")}`, body: body(left) };
    });
  }

  /** Deletes a rule (del_checkin_option). Read-back: the rule list, done when the groupid is gone. */
  async delete(groupId: number, opts: CheckinWriteOptions = {}): Promise<void> {
    const body: C.CheckinDelOptionRequest = { groupid: groupId, effective_now: opts.effectiveNow ?? true };
    await this.write("checkinDelOption", body, async () =>
      (await this.get(groupId))
        ? { applied: false, differs: `getcorpcheckinoption still lists rule ${groupId}` }
        : { applied: true, response: OK },
    );
  }

  /** One write with its read-back. */
  private async write(
    endpoint: EndpointName,
    body: unknown,
    readBack: (answer?: WireEnvelope) => Promise<ReadBackOutcome<WireEnvelope>>,
  ): Promise<void> {
    await this.call<WireEnvelope>(endpoint, body, readBack);
  }

  /**
   * One call with the check-in secret. Two errcodes get their check-in meaning: 48002 (the app is not in
   * 打卡 →「可调用接口的应用」) and 60011 (a rule can be changed only by the app that created it).
   */
  private async call<R extends WireEnvelope>(
    endpoint: EndpointName,
    body: unknown,
    readBack?: (answer?: R) => Promise<ReadBackOutcome<R>>,
  ): Promise<R> {
    try {
      return await this.t.call<R>({ endpoint, principal: CHECKIN, body, ...(readBack && { readBack }) });
    } catch (e) {
      if (!(e instanceof WecomApiError) || e instanceof WecomCredentialError) throw e;
      const detail =
        e.errcode === ERRCODE.apiForbidden
          ? `the app whose secret is wecom:checkinSecret may not call the check-in API: put it in ` +
            `${inline(CONSOLE.checkinApiApps)} (since 2023-12-01 the 打卡 app's own secret is refused for new corps, path/93384)`
          : e.errcode === ERRCODE.noPrivilege && ENDPOINTS[endpoint].write
            ? "a check-in rule can be changed or deleted only by the app that created it (path/98041); a rule made " +
              "in the admin console or by another app stays theirs — change it there, or leave it out of checkin.yaml"
            : undefined;
      if (detail === undefined) throw e;
      throw new WecomApiError({ errcode: e.errcode, endpoint, principal: principalLabel(CHECKIN), detail });
    }
  }
}
