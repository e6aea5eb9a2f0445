/**
 * The demo company's check-in rule (issue 13): 总部打卡, the head office's fixed-hours rule — a geofence
 * of 300 m around the (fictional) Suzhou office, two office Wi-Fi networks, Monday to Friday 09:00–18:00,
 * no photo, no face recognition. policies/checkin.yaml declares the same values, so the demo's first
 * preview shows no change (docs/sandbox.md lists them).
 */
import type { WireCheckinGroup } from "../wecom/checkin-wire";
import type { SandboxState, StoredCheckinRule } from "./state";

/** Unix seconds of 2026-03-02 00:00 China Standard Time, when the rule was set up. */
const CREATED = Date.UTC(2026, 2, 2) / 1000 - 8 * 3600;

export const DEMO_CHECKIN_GROUPID = 1;

/** 总部打卡 as getcorpcheckinoption returns it. */
export const DEMO_CHECKIN_RULE: WireCheckinGroup = {
  groupid: DEMO_CHECKIN_GROUPID,
  grouptype: 1,
  groupname: "总部打卡",
  checkindate: [
    {
      workdays: [1, 2, 3, 4, 5],
      checkintime: [
        {
          time_id: 1,
          work_sec: 9 * 3600,
          off_work_sec: 18 * 3600,
          remind_work_sec: 8 * 3600 + 50 * 60,
          remind_off_work_sec: 18 * 3600,
        },
      ],
      flex_on_duty_time: 0,
      flex_off_duty_time: 0,
      noneed_offwork: false,
    },
  ],
  spe_workdays: [],
  spe_offdays: [],
  sync_holidays: true,
  need_photo: false,
  note_can_use_local_pic: false,
  allow_checkin_offworkday: false,
  allow_apply_offworkday: true,
  wifimac_infos: [
    { wifiname: "Xinghe-Office", wifimac: "3c:46:d8:10:20:01" },
    { wifiname: "Xinghe-Office-5G", wifimac: "3c:46:d8:10:20:02" },
  ],
  loc_infos: [
    {
      lat: 31315500,
      lng: 120726000,
      loc_title: "星河智造总部",
      loc_detail: "江苏省苏州市苏州工业园区星湖街888号（示例地址）",
      distance: 300,
    },
  ],
  // The head-office departments; 现场服务部 (9) checks in through 外勤助手 instead.
  range: { userid: [], partyid: [2, 3, 4, 5, 6, 7, 8], tagid: [] },
  white_users: ["zhangwei"],
  type: 0,
  option_out_range: 0,
  use_face_detect: false,
  open_face_live_detect: false,
  // Made through the API by the check-in app, so no creating member (GUESS, as for every API-made rule).
  create_time: CREATED,
};

/** Adds the demo's rule. GUESS: created through the API by the check-in app, so the API may change it. */
export function seedCheckinRules(st: SandboxState): void {
  const rule: StoredCheckinRule = { group: structuredClone(DEMO_CHECKIN_RULE), creator: "checkin" };
  st.checkin_rules = [rule];
  st.next_checkin_groupid = DEMO_CHECKIN_GROUPID + 1;
}
