/**
 * Check-in rule (打卡规则) wire shapes, snake_case as WeCom sends them: 管理打卡规则
 * (https://developer.work.weixin.qq.com/document/path/98041, updated 2025-08-29) and 获取企业所有打卡规则
 * (path/93384). Data only; kept beside wire.ts so the check-in family reads in one place. Field names follow
 * the doc examples and the SKIT SDK models (fudiwei/DotNetCore.SKIT.FlurlHttpClient.Wechat) where the
 * doc's field table could not be read.
 */
import type { WireEnvelope } from "./wire";

/** grouptype: 1 固定时间上下班 (fixed hours), 2 按班次上下班 (shifts), 3 自由上下班 (free). */
export type WireCheckinGroupType = 1 | 2 | 3;

/** One working-time pair, seconds after 00:00 of the day. */
export interface WireCheckinTime {
  time_id?: number;
  work_sec: number;
  off_work_sec: number;
  remind_work_sec?: number;
  remind_off_work_sec?: number;
}

export interface WireCheckinDate {
  /** 0 Sunday, 1 Monday … 6 Saturday. */
  workdays: number[];
  checkintime: WireCheckinTime[];
  /** Milliseconds late allowed (SKIT: 允许迟到时间, 毫秒). */
  flex_on_duty_time?: number;
  /** Milliseconds early allowed. */
  flex_off_duty_time?: number;
  noneed_offwork?: boolean;
  limit_aheadtime?: number;
}

export interface WireCheckinWifi {
  wifiname: string;
  /** MAC address / BSSID, e.g. "c0:7b:bc:37:f8:d3". */
  wifimac: string;
}

/** A geofence: lat/lng are degrees × 1 000 000 (GCJ-02, Tencent Maps), `distance` the radius in metres. */
export interface WireCheckinLocation {
  lat: number;
  lng: number;
  loc_title: string;
  loc_detail: string;
  distance: number;
}

/**
 * Who must check in. The write example (path/98041) names the departments `party_id`; the read example
 * (path/93384) and SKIT's read model name them `partyid`.
 */
export interface WireCheckinRangeWrite {
  userid?: string[];
  party_id?: number[];
  tagid?: number[];
}
export interface WireCheckinRangeRead {
  userid?: string[];
  partyid?: number[];
  tagid?: number[];
}

export interface WireSpecialDay {
  timestamp: number;
  notes?: string;
  checkintime: WireCheckinTime[];
}

/** The `group` object shared by add/update (writes) — every field but grouptype/groupname optional on update. */
export interface WireCheckinGroupWrite {
  /** Update only (ignored on add). */
  groupid?: number;
  grouptype?: WireCheckinGroupType;
  groupname?: string;
  checkindate?: WireCheckinDate[];
  spe_workdays?: WireSpecialDay[];
  spe_offdays?: WireSpecialDay[];
  sync_holidays?: boolean;
  need_photo?: boolean;
  note_can_use_local_pic?: boolean;
  allow_checkin_offworkday?: boolean;
  allow_apply_offworkday?: boolean;
  wifimac_infos?: WireCheckinWifi[];
  loc_infos?: WireCheckinLocation[];
  range?: WireCheckinRangeWrite;
  /** Members exempt from checking in (白名单). */
  white_users?: string[];
  /** 打卡方式 (SKIT); its values are not documented where we could read them. */
  type?: number;
  /** 范围外打卡处理方式 (SKIT); values not documented where we could read them. */
  option_out_range?: number;
  /** 人脸识别 (face recognition when checking in). */
  use_face_detect?: boolean;
  /** 人脸活体识别 (liveness detection). */
  open_face_live_detect?: boolean;
}

/** One rule as getcorpcheckinoption returns it. */
export interface WireCheckinGroup extends Omit<WireCheckinGroupWrite, "range" | "groupid"> {
  groupid: number;
  grouptype: WireCheckinGroupType;
  groupname: string;
  range?: WireCheckinRangeRead;
  create_userid?: string;
  update_userid?: string;
  create_time?: number;
}

export interface CheckinAddOptionRequest {
  /** Default false: the rule applies from the next day (path/98041). */
  effective_now?: boolean;
  group: WireCheckinGroupWrite;
}
export interface CheckinUpdateOptionRequest {
  effective_now?: boolean;
  /** `group.groupid` is required. */
  group: WireCheckinGroupWrite & { groupid: number };
}
/** clear_field: 1 spe_workdays, 2 spe_offdays, 3 wifimac_infos, 4 loc_infos (not both 3 and 4 left empty). */
export type WireCheckinClearField = 1 | 2 | 3 | 4;
export interface CheckinClearArrayFieldRequest {
  groupid: number;
  clear_field: WireCheckinClearField[];
  effective_now?: boolean;
}
export interface CheckinDelOptionRequest {
  groupid: number;
  effective_now?: boolean;
}
export interface CheckinGetCorpOptionResponse extends WireEnvelope {
  group: WireCheckinGroup[];
}
