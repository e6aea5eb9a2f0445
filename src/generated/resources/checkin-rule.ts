/* eslint-disable */
/**
 * GENERATED from schemas/resources/checkin-rule.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * A WeCom userid. 企业微信 userid。
 */
export type Userid = string;

/**
 * A check-in (打卡) rule: who checks in, when, where (geofences, Wi-Fi), with photos or face recognition. Managed with the check-in app's secret: checkin/add_checkin_option, update_checkin_option, clear_checkin_option_array_field, del_checkin_option, read with getcorpcheckinoption (official doc path/98041); the id is the WeCom groupid. Only the properties given are compared and written. Deleting the resource releases an imported or adopted rule (it stays in WeCom) and deletes a rule the stack created, unless onRemoval says otherwise. 打卡规则：打卡人员、时间、地点（围栏、Wi-Fi）、拍照或人脸识别。受管资源，id 为规则 groupid；只比较和写入给出的属性。删除资源时接管的规则只释放，由本 stack 创建的规则被删除，onRemoval 另有规定的除外。
 */
export interface CheckinRuleInputs {
  /**
   * The rule name (groupname). 规则名称。
   */
  name: string;
  /**
   * Userids who check in under the rule (range.userid); a set, case-insensitive. 打卡成员 userid 集合。
   */
  members: Userid[];
  /**
   * Department ids whose members, with sub-departments, check in (range.partyid); a set. 打卡部门 id 集合。
   */
  departments: number[];
  /**
   * Userids in the range who need not check in (white_users); a set. Not compared when absent; WeCom cannot empty it through the API. 免打卡成员。
   */
  exemptMembers?: Userid[];
  /**
   * Days of the week with check-in (checkindate.workdays); a set. 工作日集合。
   */
  workdays?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
  /**
   * Shifts on those days (checkindate.checkintime), in order. 上下班时段。
   */
  times?: CheckinShift[];
  /**
   * Statutory holidays are days off (sync_holidays). 同步法定节假日。
   */
  syncHolidays?: boolean;
  /**
   * Places where check-in counts (loc_infos); a set. 打卡地点集合。
   */
  geofences?: CheckinGeofence[];
  /**
   * Office Wi-Fi networks (wifimac_infos); a set keyed by MAC. 办公 Wi-Fi 集合。
   */
  wifi?: CheckinWifi[];
  /**
   * A photo with every check-in (need_photo). 拍照打卡。
   */
  photoRequired?: boolean;
  /**
   * Face recognition on check-in (use_face_detect): biometric data (WC.CHK.2). 人脸识别打卡。
   */
  faceRecognition?: boolean;
  /**
   * Check-in on days off is allowed (allow_checkin_offworkday). 允许非工作日打卡。
   */
  offWorkdayAllowed?: boolean;
  /**
   * What happens to the rule when it leaves the policy: "release" (it stays in WeCom, no longer managed) or "delete" (del_checkin_option). Default: release an adopted rule, delete one the stack created. 规则移出策略时：release 只释放，delete 删除。
   */
  onRemoval?: "release" | "delete";
}
/**
 * A shift: start and end of work, HH:MM. 一个上下班时段。
 */
export interface CheckinShift {
  /**
   * Start of work (work_sec), HH:MM. 上班时间。
   */
  start: string;
  /**
   * End of work (off_work_sec), HH:MM. 下班时间。
   */
  end: string;
}
/**
 * A place: title, optional address, centre in degrees (6 decimals, as WeCom stores them) and radius in metres. 打卡地点。
 */
export interface CheckinGeofence {
  /**
   * Name of the place (loc_title). 地点名称。
   */
  title: string;
  /**
   * Street address (loc_detail); not compared when absent. 详细地址。
   */
  address?: string;
  /**
   * Latitude in degrees. 纬度。
   */
  lat: number;
  /**
   * Longitude in degrees. 经度。
   */
  lng: number;
  /**
   * Radius in metres (distance). 半径（米）。
   */
  radiusM: number;
}
/**
 * An office Wi-Fi access point. 办公 Wi-Fi。
 */
export interface CheckinWifi {
  /**
   * Network name (wifiname). Wi-Fi 名称。
   */
  name: string;
  /**
   * Access point MAC (wifimac), compared case-insensitively. MAC 地址。
   */
  mac: string;
}

/**
 * The state of a wecom:index:CheckinRule: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface CheckinRuleState {
  /**
   * The rule name (groupname). 规则名称。
   */
  name: string;
  /**
   * Userids who check in under the rule (range.userid); a set, case-insensitive. 打卡成员 userid 集合。
   */
  members: Userid[];
  /**
   * Department ids whose members, with sub-departments, check in (range.partyid); a set. 打卡部门 id 集合。
   */
  departments: number[];
  /**
   * Userids in the range who need not check in (white_users); a set. Not compared when absent; WeCom cannot empty it through the API. 免打卡成员。
   */
  exemptMembers?: Userid[];
  /**
   * Days of the week with check-in (checkindate.workdays); a set. 工作日集合。
   */
  workdays?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
  /**
   * Shifts on those days (checkindate.checkintime), in order. 上下班时段。
   */
  times?: CheckinShift[];
  /**
   * Statutory holidays are days off (sync_holidays). 同步法定节假日。
   */
  syncHolidays?: boolean;
  /**
   * Places where check-in counts (loc_infos); a set. 打卡地点集合。
   */
  geofences?: CheckinGeofence[];
  /**
   * Office Wi-Fi networks (wifimac_infos); a set keyed by MAC. 办公 Wi-Fi 集合。
   */
  wifi?: CheckinWifi[];
  /**
   * A photo with every check-in (need_photo). 拍照打卡。
   */
  photoRequired?: boolean;
  /**
   * Face recognition on check-in (use_face_detect): biometric data (WC.CHK.2). 人脸识别打卡。
   */
  faceRecognition?: boolean;
  /**
   * Check-in on days off is allowed (allow_checkin_offworkday). 允许非工作日打卡。
   */
  offWorkdayAllowed?: boolean;
  /**
   * What happens to the rule when it leaves the policy: "release" (it stays in WeCom, no longer managed) or "delete" (del_checkin_option). Default: release an adopted rule, delete one the stack created. 规则移出策略时：release 只释放，delete 删除。
   */
  onRemoval?: "release" | "delete";
  /**
   * The WeCom groupid of the rule. 规则 groupid。
   */
  groupId: number;
  /**
   * Whether the rule existed before the stack managed it (pulumi import, or the import option): then deleting the resource releases it and never calls del_checkin_option. 规则是否在纳入 stack 前已存在：是则删除资源时只释放。
   */
  adopted: boolean;
}

/** wecom:index:CheckinRule: its token, its state properties, and those only the provider writes. */
export const CHECKIN_RULE = {
  name: "CheckinRule",
  token: "wecom:index:CheckinRule",
  stateProperties: [
    "name",
    "members",
    "departments",
    "exemptMembers",
    "workdays",
    "times",
    "syncHolidays",
    "geofences",
    "wifi",
    "photoRequired",
    "faceRecognition",
    "offWorkdayAllowed",
    "onRemoval",
    "groupId",
    "adopted",
  ],
  outputOnly: ["groupId", "adopted"],
} as const;
