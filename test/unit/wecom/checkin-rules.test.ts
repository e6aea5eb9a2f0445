/**
 * Check-in rules in the client (issue 13): the wire ⇄ model mapping, the comparison the read-backs use,
 * request shapes with the check-in secret, WeCom's update semantics (empty arrays through the clear
 * endpoint), the creator rule (60011) and the credential/read-only refusals before any I/O.
 */
import { describe, expect, it } from "vitest";
import {
  WecomCredentialError,
  WecomNotAppliedError,
  WecomReadOnlyError,
  checkinPatchPending,
  checkinRuleFromWire,
  checkinSettingsToWire,
  type CheckinRule,
} from "../../../src/wecom";
import type { WireCheckinGroup } from "../../../src/wecom/checkin-wire";
import {
  APP_SECRET,
  ARCHIVE_SECRET,
  CONTACTS_SECRET,
  harness,
  rejectionOf,
  type Overrides,
} from "./fake-wecom";

const CHECKIN_SECRET = "FAKE-checkin-secret-xyz";
const withCheckin = (extra: Overrides = {}) =>
  harness({
    secrets: {
      contacts: CONTACTS_SECRET,
      archive: ARCHIVE_SECRET,
      checkin: CHECKIN_SECRET,
      apps: { "1000002": APP_SECRET },
    },
    ...extra,
  });

const LIST = "/cgi-bin/checkin/getcorpcheckinoption";

/** The read example of path/93384, trimmed. */
const wireRule: WireCheckinGroup = {
  grouptype: 1,
  groupid: 69,
  groupname: "打卡规则1",
  checkindate: [
    {
      workdays: [5, 1, 2, 3, 4],
      checkintime: [
        { work_sec: 36000, off_work_sec: 43200, remind_work_sec: 35400, remind_off_work_sec: 43200 },
      ],
      flex_on_duty_time: 0,
      flex_off_duty_time: 0,
      noneed_offwork: true,
    },
  ],
  wifimac_infos: [{ wifiname: "Tencent-WiFi-1", wifimac: "C0:7B:BC:37:F8:D3" }],
  loc_infos: [
    { lat: 30547030, lng: 104062890, loc_title: "腾讯成都大厦", loc_detail: "四川省成都市", distance: 300 },
  ],
  range: { partyid: [3, 1], userid: ["icef", "LiJingZhong"], tagid: [2] },
  white_users: ["canno"],
  need_photo: true,
  note_can_use_local_pic: false,
  allow_checkin_offworkday: true,
  allow_apply_offworkday: true,
  sync_holidays: true,
  use_face_detect: false,
  open_face_live_detect: false,
  option_out_range: 0,
  create_userid: "gaogao",
  update_userid: "sandy",
  create_time: 1606204343,
};

const list = (...groups: WireCheckinGroup[]) => ({ errcode: 0, errmsg: "ok", group: groups });

describe("mapping", () => {
  it("reads a rule: sorted lists, lower-case MACs, degrees from WeCom's micro-degrees", () => {
    const r = checkinRuleFromWire(wireRule);
    expect(r).toEqual({
      groupId: 69,
      name: "打卡规则1",
      groupType: "fixed",
      range: { userIds: ["LiJingZhong", "icef"], departmentIds: [1, 3], tagIds: [2] },
      exemptUserIds: ["canno"],
      dates: [
        {
          weekdays: [1, 2, 3, 4, 5],
          times: [{ workSec: 36000, offWorkSec: 43200, remindWorkSec: 35400, remindOffWorkSec: 43200 }],
          flexOnDutyMs: 0,
          flexOffDutyMs: 0,
          noNeedOffwork: true,
        },
      ],
      wifi: [{ name: "Tencent-WiFi-1", mac: "c0:7b:bc:37:f8:d3" }],
      locations: [
        { title: "腾讯成都大厦", detail: "四川省成都市", lat: 30.54703, lng: 104.06289, radiusM: 300 },
      ],
      needPhoto: true,
      allowLocalPicInNote: false,
      allowCheckinOffWorkday: true,
      allowApplyOffWorkday: true,
      syncHolidays: true,
      faceRecognition: false,
      faceLiveness: false,
      outOfRangeOption: 0,
      createdBy: "gaogao",
      updatedBy: "sandy",
      createdAt: 1606204343,
    } satisfies CheckinRule);
  });

  it("writes only the fields set, departments as party_id, coordinates as integers, empty arrays left out", () => {
    expect(
      checkinSettingsToWire({
        name: "总部",
        range: { userIds: ["b", "a"], departmentIds: [8, 2], tagIds: [] },
        locations: [{ title: "HQ", detail: "", lat: 31.3155, lng: 120.726, radiusM: 300 }],
        wifi: [],
        faceRecognition: false,
      }),
    ).toEqual({
      groupname: "总部",
      range: { userid: ["a", "b"], party_id: [2, 8], tagid: [] },
      loc_infos: [{ lat: 31315500, lng: 120726000, loc_title: "HQ", loc_detail: "", distance: 300 }],
      use_face_detect: false,
    });
  });

  it("compares members as case-insensitive sets and coordinates at 6 decimals", () => {
    const live = checkinRuleFromWire(wireRule);
    expect(
      checkinPatchPending(live, {
        range: { userIds: ["lijingzhong", "ICEF"], departmentIds: [3, 1], tagIds: [2] },
        locations: [
          { title: "腾讯成都大厦", detail: "四川省成都市", lat: 30.5470301, lng: 104.06289, radiusM: 300 },
        ],
        wifi: [{ name: "Tencent-WiFi-1", mac: "C0:7B:BC:37:F8:D3" }],
        needPhoto: true,
      }),
    ).toEqual({});
    // Reminders and flex times the patch leaves out are not differences; working hours are.
    const hours = (workSec: number) => [
      { weekdays: [5, 4, 3, 2, 1], times: [{ workSec, offWorkSec: 43200 }] },
    ];
    expect(checkinPatchPending(live, { dates: hours(36000) })).toEqual({});
    expect(checkinPatchPending(live, { dates: hours(32400) })).toEqual({ dates: hours(32400) });
    expect(checkinPatchPending(live, { faceRecognition: true, locations: [] })).toEqual({
      faceRecognition: true,
      locations: [],
    });
  });
});

describe("calls", () => {
  it("list: POST {} with the check-in secret's token, rules sorted by groupid", async () => {
    const { client, fake } = withCheckin();
    fake.on(LIST, list({ ...wireRule, groupid: 70 }, wireRule));
    expect((await client.checkinRules.list()).map((r) => r.groupId)).toEqual([69, 70]);
    expect(fake.requests.map((r) => [r.method, r.path, r.query["corpsecret"] ?? null, r.body])).toEqual([
      ["GET", "/cgi-bin/gettoken", CHECKIN_SECRET, undefined],
      ["POST", LIST, null, {}],
    ]);
    expect(client.checkinRules.configured).toBe(true);
  });

  it("create: finds the new groupid by name among the rules that were not there before", async () => {
    const { client, fake } = withCheckin();
    const same = { ...wireRule, groupname: "新规则" };
    fake.on(LIST, list({ ...same, groupid: 3 }), list({ ...same, groupid: 3 }, { ...same, groupid: 9 }));
    fake.on("/cgi-bin/checkin/add_checkin_option", { errcode: 0, errmsg: "ok" });
    const id = await client.checkinRules.create({
      name: "新规则",
      groupType: "fixed",
      range: { userIds: ["icef"], departmentIds: [], tagIds: [] },
      wifi: [{ name: "W", mac: "AA:BB:CC:DD:EE:FF" }],
    });
    expect(id).toBe(9);
    expect(fake.requests.find((r) => r.path.endsWith("add_checkin_option"))?.body).toEqual({
      effective_now: true,
      group: {
        grouptype: 1,
        groupname: "新规则",
        wifimac_infos: [{ wifiname: "W", wifimac: "aa:bb:cc:dd:ee:ff" }],
        range: { userid: ["icef"], party_id: [], tagid: [] },
      },
    });
  });

  it("update: group.groupid and the patched fields only; an emptied array goes through the clear endpoint", async () => {
    const { client, fake } = withCheckin();
    fake.on("/cgi-bin/checkin/update_checkin_option", { errcode: 0, errmsg: "ok" });
    fake.on("/cgi-bin/checkin/clear_checkin_option_array_field", { errcode: 0, errmsg: "ok" });
    await client.checkinRules.update(69, { faceRecognition: false, locations: [] }, { effectiveNow: false });
    expect(fake.requests.filter((r) => r.method === "POST").map((r) => [r.path, r.body])).toEqual([
      [
        "/cgi-bin/checkin/update_checkin_option",
        { effective_now: false, group: { use_face_detect: false, groupid: 69 } },
      ],
      [
        "/cgi-bin/checkin/clear_checkin_option_array_field",
        { groupid: 69, clear_field: [4], effective_now: false },
      ],
    ]);
  });

  it("refuses before any I/O what WeCom's API cannot do: emptying checkindate or white_users", async () => {
    const { client, fake } = withCheckin();
    const e = await rejectionOf(client.checkinRules.update(69, { exemptUserIds: [] }));
    expect(e.message).toContain("white_users of check-in rule 69 cannot be emptied through WeCom's API");
    await expect(client.checkinRules.update(69, { dates: [] })).rejects.toThrow(/checkindate/);
    expect(fake.requests).toEqual([]);
  });

  it("delete: groupid and effective_now (default true)", async () => {
    const { client, fake } = withCheckin();
    fake.on("/cgi-bin/checkin/del_checkin_option", { errcode: 0, errmsg: "ok" });
    await client.checkinRules.delete(69);
    expect(fake.requests.at(-1)?.body).toEqual({ groupid: 69, effective_now: true });
  });

  it("60011 says a rule belongs to the app (or console) that created it", async () => {
    const { client, fake } = withCheckin();
    fake.on("/cgi-bin/checkin/update_checkin_option", { errcode: 60011, errmsg: "no privilege" });
    const e = await rejectionOf(client.checkinRules.update(69, { needPhoto: false }));
    expect(e).toMatchObject({ errcode: 60011, endpoint: "checkinUpdateOption", principal: "checkin" });
    expect(e.message).toContain("can be changed or deleted only by the app that created it (path/98041)");
  });

  it("48002 says where to allow the app to call the check-in API", async () => {
    const { client, fake } = withCheckin();
    fake.on(LIST, { errcode: 48002, errmsg: "api forbidden" });
    const e = await rejectionOf(client.checkinRules.list());
    expect(e).toMatchObject({ errcode: 48002, endpoint: "checkinGetCorpOption" });
    expect(e.message).toContain("may not call the check-in API: put it in 应用管理 → 应用 → 打卡 → API");
  });

  it("without the check-in secret: a credential error naming wecom:checkinSecret, no I/O", async () => {
    const { client, fake } = harness();
    expect(client.checkinRules.configured).toBe(false);
    const e = await rejectionOf(client.checkinRules.list());
    expect(e).toBeInstanceOf(WecomCredentialError);
    expect(e.message).toContain("check-in app secret is not configured: add it as wecom:checkinSecret");
    expect(fake.requests).toEqual([]);
  });

  it("a read-only client refuses every check-in write before any I/O", async () => {
    const { client, fake } = withCheckin({ readOnly: true });
    const rules = client.checkinRules;
    const rule = {
      name: "x",
      groupType: "fixed" as const,
      range: { userIds: [], departmentIds: [], tagIds: [] },
    };
    await expect(rules.create(rule)).rejects.toBeInstanceOf(WecomReadOnlyError);
    await expect(rules.update(1, { needPhoto: true })).rejects.toBeInstanceOf(WecomReadOnlyError);
    await expect(rules.clearArrays(1, ["wifi"])).rejects.toBeInstanceOf(WecomReadOnlyError);
    await expect(rules.delete(1)).rejects.toBeInstanceOf(WecomReadOnlyError);
    expect(fake.requests).toEqual([]);
  });
});

describe("read-back after an errcode-0 write", () => {
  it("re-sends only the fields still different, then reports what never landed", async () => {
    const { client, fake } = withCheckin({ verifyWrites: true });
    fake.always("/cgi-bin/checkin/update_checkin_option", { errcode: 0, errmsg: "ok" });
    fake.always(LIST, list(wireRule));
    const e = await rejectionOf(client.checkinRules.update(69, { needPhoto: true, faceRecognition: true }));
    expect(e).toBeInstanceOf(WecomNotAppliedError);
    expect(e.message).toContain("getcorpcheckinoption still shows rule 69 with other faceRecognition");
    const sent = fake.requests.filter((r) => r.path.endsWith("update_checkin_option")).map((r) => r.body);
    expect(sent).toEqual([
      { effective_now: true, group: { need_photo: true, use_face_detect: true, groupid: 69 } },
      { effective_now: true, group: { use_face_detect: true, groupid: 69 } },
      { effective_now: true, group: { use_face_detect: true, groupid: 69 } },
    ]);
  });

  it("delete is done once the rule is gone from the list", async () => {
    const { client, fake } = withCheckin({ verifyWrites: true });
    fake.on("/cgi-bin/checkin/del_checkin_option", { errcode: 0, errmsg: "ok" });
    fake.on(LIST, list());
    await client.checkinRules.delete(69);
    expect(fake.log.filter((l) => !l.startsWith("GET /cgi-bin/gettoken"))).toHaveLength(2);
  });
});
