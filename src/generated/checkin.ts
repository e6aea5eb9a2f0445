/* eslint-disable */
/**
 * GENERATED from schemas/checkin.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * A stable policy key: lowercase letters, digits and hyphens, starting with a letter. 稳定键名。
 */
export type CheckinKey = string;
/**
 * A WeCom userid that appears in the HR roster. 花名册中的成员 userid。
 */
export type CheckinUserId = string;
/**
 * Start of work (work_sec). 上班时间。
 */
export type CheckinClock = string;
/**
 * End of work (off_work_sec). 下班时间。
 */
export type CheckinClock1 = string;
/**
 * A stable policy key: lowercase letters, digits and hyphens, starting with a letter. 稳定键名。
 */
export type CheckinKey1 = string;

/**
 * checkin.yaml — check-in (打卡) rules: who must check in, when, where (geofences, Wi-Fi), with photos or face recognition, why and on which legal basis (WC.CHK.1–3). Optional: a missing file declares no rule. 打卡规则：打卡人员、时间、地点（围栏、Wi-Fi）、拍照或人脸识别、目的与合法性基础。
 */
export interface CheckinFile {
  /**
   * Check-in rules keyed by a stable policy key (the Pulumi logical name, never the WeCom groupid). 以稳定键名索引的打卡规则。
   */
  rules?: {
    [k: string]: CheckinRulePolicy | undefined;
  };
}
/**
 * One check-in rule (打卡规则, official doc path/98041): who checks in, when, where and how, and why the company may locate them. 一条打卡规则。
 */
export interface CheckinRulePolicy {
  /**
   * The rule name WeCom shows (groupname), unique in the company. 规则名称（groupname），企业内唯一。
   */
  name: string;
  /**
   * Existing WeCom groupid to adopt; leave out for a rule still to be created. An adopted rule is released, never deleted, when it leaves the policy unless on_removal says delete. 要纳管的已有规则 groupid。
   */
  group_id?: number;
  /**
   * What `pulumi up` does to the WeCom rule once it leaves checkin.yaml: `release` (the rule stays in WeCom, no longer managed) or `delete` (del_checkin_option). Default: release an adopted rule, delete one the stack created. 规则移出策略后：release 只释放，delete 删除。
   */
  on_removal?: "release" | "delete";
  /**
   * Who must check in under the rule (range): roles are expanded to their members; at least one member or department. 打卡人员：角色展开为其成员；成员与部门不能同时为空。
   */
  applies_to: {
    /**
     * Keys of roles in roles.yaml whose members check in under the rule. 打卡角色（roles.yaml 键名）。
     */
    roles?: CheckinKey[];
    /**
     * Department ids (from tenant.yaml) whose members, with sub-departments, check in under the rule. 打卡部门 id。
     */
    departments?: number[];
    /**
     * Roster userids who check in under the rule besides the roles' and departments' members. 额外的打卡成员 userid。
     */
    members?: CheckinUserId[];
  };
  /**
   * Roster userids inside the range who need not check in (white_users). 无需打卡的成员（白名单）。
   */
  exempt_members?: CheckinUserId[];
  /**
   * Working days and check-in times (checkindate): the days of the week and up to three shifts of start and end. 工作日与上下班时间。
   */
  schedule: {
    /**
     * Days of the week on which members check in: mon, tue, wed, thu, fri, sat, sun. 工作日。
     *
     * @minItems 1
     */
    workdays: [
      "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun",
      ...("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[],
    ];
    /**
     * Shifts, each a start (上班) and an end (下班) time; at most three a day. 上下班时段，最多三段。
     *
     * @minItems 1
     * @maxItems 3
     */
    times:
      | [
          {
            start: CheckinClock;
            end: CheckinClock1;
          },
        ]
      | [
          {
            start: CheckinClock;
            end: CheckinClock1;
          },
          {
            start: CheckinClock;
            end: CheckinClock1;
          },
        ]
      | [
          {
            start: CheckinClock;
            end: CheckinClock1;
          },
          {
            start: CheckinClock;
            end: CheckinClock1;
          },
          {
            start: CheckinClock;
            end: CheckinClock1;
          },
        ];
    /**
     * Follow the statutory holiday calendar (sync_holidays): no check-in on public holidays, check-in on make-up working days. Default true. 同步法定节假日，默认 true。
     */
    sync_holidays?: boolean;
  };
  /**
   * Places where check-in counts (loc_infos): a title, the centre in decimal degrees as WeCom stores them (GCJ-02, Tencent Maps) and a radius in metres. Location is 行踪轨迹, sensitive PI (PIPL Art. 28). 打卡地点：名称、中心坐标与半径（米）。
   */
  geofences?: {
    /**
     * Name of the place as WeCom shows it (loc_title). 地点名称。
     */
    title: string;
    /**
     * The street address WeCom shows under the title (loc_detail). 详细地址。
     */
    address?: string;
    /**
     * Latitude in decimal degrees (WeCom stores it times 1,000,000). 纬度。
     */
    lat: number;
    /**
     * Longitude in decimal degrees (WeCom stores it times 1,000,000). 经度。
     */
    lng: number;
    /**
     * Radius around the centre in metres (distance) within which check-in counts. 打卡范围半径（米）。
     */
    radius_m: number;
  }[];
  /**
   * Office Wi-Fi networks whose access point counts as being at work (wifimac_infos). A device's Wi-Fi also locates the member. 办公 Wi-Fi。
   */
  wifi?: {
    /**
     * The network name (wifiname). Wi-Fi 名称。
     */
    name: string;
    /**
     * The access point's MAC address (wifimac), six hex pairs separated by colons. 接入点 MAC 地址。
     */
    mac: string;
  }[];
  /**
   * Members must take a photo to check in (need_photo). Default false. 打卡时必须拍照，默认 false。
   */
  photo_required?: boolean;
  /**
   * Face recognition on check-in. Face data is biometric, sensitive PI (PIPL Art. 28) and falls under the FRT Measures (人脸识别技术应用安全管理办法, 2025-06-01): a PIA before it is switched on and another way to check in for anyone who declines (WC.CHK.2). 人脸识别打卡。
   */
  face_recognition?: {
    /**
     * Whether the rule verifies members' faces. 是否开启人脸识别。
     */
    enabled: boolean;
    /**
     * The day face recognition was or will be switched on; the PIA must be dated on or before it. 开启日期。
     */
    since?: string;
    /**
     * Id of the PIA in records.yaml that assessed face recognition for this rule (PIPL Art. 55, FRT Art. 9). 影响评估记录编号。
     */
    pia?: string;
    alternative_rule?: CheckinKey1;
  };
  /**
   * Check-in on days off (allow_checkin_offworkday). Locating members on their rest days needs a reason. 非工作日打卡。
   */
  off_workday?: {
    /**
     * Whether members may check in on days off. 是否允许非工作日打卡。
     */
    allowed: boolean;
    /**
     * Why check-in on days off is needed (overtime records, on-call duty); required by WC.CHK.1 when allowed. 允许非工作日打卡的理由。
     */
    reason?: string;
  };
  /**
   * Why members check in under this rule (PIPL Arts. 6, 28: a specific purpose). 打卡目的。
   */
  purpose: string;
  /**
   * Why locating members (or verifying their faces) is necessary for the purpose (PIPL Art. 28 sufficient necessity, Art. 30); required by WC.CHK.1 for a rule with geofences or Wi-Fi. 处理的必要性。
   */
  necessity?: string;
  /**
   * Version of the notice that tells members what the rule collects, why and its impact (PIPL Arts. 17, 30); required by WC.CHK.1 for a rule with geofences or Wi-Fi. 告知版本。
   */
  notice_version?: string;
  /**
   * What allows the company to collect the check-in data: the HR basis (PIPL Art. 13(1)(2)) with its labour-rules consultation record (LCL Art. 4), a consent purpose from consent.yaml, or both. 合法性基础：人力资源管理（附劳动规章制度民主程序记录）、同意目的，或两者。
   */
  legal_basis: {
    /**
     * Id of the consultation record in records.yaml for the labour rules that make check-in part of HR management. 劳动规章制度民主程序记录编号。
     */
    hr_record?: string;
    /**
     * Key of the consent purpose in consent.yaml; each member without the HR basis needs a valid consent to it. 同意目的（consent.yaml 键名）。
     */
    consent_purpose?: string;
  };
  /**
   * How long check-in records (times, places, Wi-Fi, photos) are kept, in days (PIPL Art. 19). 打卡数据保存天数。
   */
  retention_days: number;
}
