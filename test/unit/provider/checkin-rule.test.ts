/**
 * wecom:index:CheckinRule — check (schema + module rules + the check-in secret), diff (only the properties
 * given, sets, the radius and face recognition named), and a round trip against the in-process sandbox with
 * the real client: adopt the seeded 总部打卡, a console edit (face recognition on, a wider radius) shows as
 * drift on exactly those properties, update converges and reads back, delete releases the adopted rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResource } from "../../../src/provider/check";
import { UNKNOWN } from "../../../src/provider/props";
import {
  checkinRemovalAction,
  checkinRule,
  diffCheckinRule,
  patchFor,
} from "../../../src/provider/resources/checkin-rule";
import type { ProviderContext } from "../../../src/provider/types";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import { WecomClient, type CheckinRule as LiveRule } from "../../../src/wecom";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

const offline = (checkin: boolean): ProviderContext => ({
  client: () => {
    throw new Error("check never calls WeCom");
  },
  configured: () => ({ contacts: true, archive: true, checkin, apps: [] }),
  now: () => new Date("2026-11-28T04:00:00Z"),
});

/** What checkin.yaml's demo rule declares (src/program/checkin.ts passes exactly this). */
const HQ = {
  name: "总部打卡",
  members: [],
  departments: [2, 3, 4, 5, 6, 7, 8],
  exemptMembers: ["zhangwei"],
  workdays: ["mon", "tue", "wed", "thu", "fri"],
  times: [{ start: "09:00", end: "18:00" }],
  syncHolidays: true,
  geofences: [
    {
      title: "星河智造总部",
      address: "江苏省苏州市苏州工业园区星湖街888号（示例地址）",
      lat: 31.3155,
      lng: 120.726,
      radiusM: 300,
    },
  ],
  wifi: [
    { name: "Xinghe-Office", mac: "3c:46:d8:10:20:01" },
    { name: "Xinghe-Office-5G", mac: "3c:46:d8:10:20:02" },
  ],
  photoRequired: false,
  faceRecognition: false,
  offWorkdayAllowed: false,
};

describe("CheckinRule check", () => {
  const check = (news: Record<string, unknown>, secret = true) =>
    checkResource(checkinRule, news, {}, offline(secret)).failures;

  it("accepts the demo rule", () => {
    expect(check(HQ)).toEqual([]);
  });

  it("reports every bad property at once: schema, no place and no Wi-Fi, an inverted shift", () => {
    const failures = check({
      ...HQ,
      name: "",
      workdays: ["mon", "funday"],
      times: [{ start: "18:00", end: "09:00" }],
      geofences: [],
      wifi: [{ name: "x", mac: "nope" }],
    });
    expect(failures.map((f) => f.property).sort()).toEqual([
      "name",
      "times[0]",
      "wifi[0].mac",
      "workdays[1]",
    ]);
    const none = check({ ...HQ, geofences: [], wifi: [] });
    expect(none.map((f) => f.property)).toEqual(["geofences"]);
    expect(none[0]!.reason).toContain("WeCom refuses a rule with neither");
  });

  it("says which secret to set and where WeCom shows it when the check-in secret is missing", () => {
    const [f] = check(HQ, false);
    expect(f!.reason).toContain("pulumi config set --secret wecom:checkinSecret");
    expect(f!.reason).toContain("WECOM_CHECKIN_SECRET");
    expect(f!.reason).toContain("Secret → View");
    expect(f!.reason).toContain("可调用打卡接口的应用");
  });
});

describe("CheckinRule diff", () => {
  const state = { ...HQ, groupId: 1, adopted: true };

  it("has no changes against its own state, whatever the order of the sets and the case of MACs", () => {
    const news = {
      ...HQ,
      departments: [8, 7, 6, 5, 4, 3, 2],
      workdays: ["fri", "mon", "thu", "tue", "wed"],
      wifi: [...HQ.wifi].reverse().map((w) => ({ ...w, mac: w.mac.toUpperCase() })),
    };
    expect(diffCheckinRule(state, news)).toEqual({ changes: false, detailedDiff: {} });
  });

  it("names a wider radius and face recognition switched on", () => {
    const live = {
      ...state,
      faceRecognition: true,
      geofences: [{ ...HQ.geofences[0]!, radiusM: 2000 }],
    };
    const d = diffCheckinRule(live, HQ);
    expect(d.changes).toBe(true);
    expect(d.detailedDiff).toEqual({
      faceRecognition: "update",
      "geofences[0]": "update",
    });
  });

  it("compares members as a set, case-insensitively, one entry per member", () => {
    const d = diffCheckinRule(
      { ...state, members: ["Xuli", "linfeng"] },
      { ...HQ, members: ["xuli", "luoping"] },
    );
    expect(d.detailedDiff).toEqual({ "members[1]": "update" });
  });

  it("compares only the properties given: what the policy does not declare never differs", () => {
    const { photoRequired: _p, exemptMembers: _e, syncHolidays: _s, ...fewer } = HQ;
    const live = { ...state, photoRequired: true, exemptMembers: ["gaoyan"], syncHolidays: false };
    expect(diffCheckinRule(live, fewer).changes).toBe(false);
    expect(diffCheckinRule(live, HQ).detailedDiff).toMatchObject({
      photoRequired: "update",
      syncHolidays: "update",
    });
  });

  it("skips unknown values, and records a removal choice as an update", () => {
    expect(diffCheckinRule(state, { ...HQ, members: UNKNOWN }).changes).toBe(false);
    expect(diffCheckinRule(state, { ...HQ, onRemoval: "delete" }).detailedDiff).toEqual({ onRemoval: "add" });
  });

  it("releases an adopted rule and deletes one the stack created, unless the policy says otherwise", () => {
    expect(checkinRemovalAction({ adopted: true })).toBe("release");
    expect(checkinRemovalAction({ adopted: false })).toBe("delete");
    expect(checkinRemovalAction({ adopted: true, onRemoval: "delete" })).toBe("delete");
  });
});

describe("CheckinRule patch", () => {
  const live: LiveRule = {
    groupId: 1,
    name: "总部打卡",
    groupType: "fixed",
    range: { userIds: [], departmentIds: [2, 3], tagIds: [100] },
    exemptUserIds: [],
    dates: [
      {
        weekdays: [1, 2, 3, 4, 5],
        times: [{ workSec: 32400, offWorkSec: 64800, remindWorkSec: 31800, remindOffWorkSec: 64800 }],
        flexOnDutyMs: 0,
      },
    ],
    wifi: [],
    locations: [{ title: "总部", detail: "星湖街888号", lat: 31.3155, lng: 120.726, radiusM: 2000 }],
    needPhoto: false,
    allowLocalPicInNote: false,
    allowCheckinOffWorkday: false,
    allowApplyOffWorkday: true,
    syncHolidays: true,
    faceRecognition: true,
    faceLiveness: false,
  };

  it("writes only what differs, keeps the tags of the range and the reminders of the shift", () => {
    const p = patchFor(
      {
        name: "总部打卡",
        members: ["xuli"],
        departments: [2, 3],
        workdays: ["mon", "tue", "wed", "thu", "fri", "sat"],
        times: [{ start: "09:00", end: "18:00" }],
        geofences: [{ title: "总部", lat: 31.3155, lng: 120.726, radiusM: 300 }],
        faceRecognition: false,
      },
      live,
    );
    expect(p).toEqual({
      range: { userIds: ["xuli"], departmentIds: [2, 3], tagIds: [100] },
      dates: [
        {
          weekdays: [1, 2, 3, 4, 5, 6],
          times: [{ workSec: 32400, offWorkSec: 64800, remindWorkSec: 31800, remindOffWorkSec: 64800 }],
          flexOnDutyMs: 0,
        },
      ],
      locations: [{ title: "总部", detail: "星湖街888号", lat: 31.3155, lng: 120.726, radiusM: 300 }],
      faceRecognition: false,
    });
  });
});

describe("CheckinRule against the sandbox", () => {
  let sandbox: SandboxHandle;
  let ctx: ProviderContext;
  const consoleAction = async (action: string, body: object) => {
    const r = await fetch(`${sandbox.url}/__console/${action}`, {
      method: "POST",
      body: JSON.stringify({ operator: "sunhao", ...body }),
    });
    expect(r.status).toBe(200);
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true });
    const creds = (await (await fetch(`${sandbox.url}/__console/credentials`)).json()) as ConsoleCredentials;
    const client = new WecomClient({
      baseUrl: sandbox.url,
      corpId: creds.corpid,
      secrets: { checkin: creds.checkin_secret, apps: {} },
    });
    ctx = { ...offline(true), client: () => client };
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("adopts the seeded rule with no change, shows a console edit as drift, converges and is released", async () => {
    const imported = await checkinRule.read(ctx, "1", {}, {});
    expect(imported?.props).toMatchObject({ ...HQ, groupId: 1, adopted: true });
    expect(checkinRule.diff("1", imported!.props as Record<string, unknown>, HQ).changes).toBe(false);

    await consoleAction("checkin/face", { groupid: 1, use_face_detect: true });
    await consoleAction("checkin/radius", { groupid: 1, distance: 1500 });
    const refreshed = await checkinRule.read(ctx, "1", imported!.props as Record<string, unknown>, HQ);
    expect(refreshed?.props).toMatchObject({ faceRecognition: true, geofences: [{ radiusM: 1500 }] });
    const drift = checkinRule.diff("1", refreshed!.props as Record<string, unknown>, HQ);
    expect(Object.keys(drift.detailedDiff).sort()).toEqual(["faceRecognition", "geofences[0]"]);

    const after = await checkinRule.update(ctx, "1", refreshed!.props as Record<string, unknown>, HQ, false);
    expect(after).toMatchObject({ faceRecognition: false, geofences: [{ radiusM: 300 }], adopted: true });
    const again = await checkinRule.read(ctx, "1", after as Record<string, unknown>, HQ);
    expect(checkinRule.diff("1", again!.props as Record<string, unknown>, HQ).changes).toBe(false);

    await checkinRule.delete(ctx, "1", after as Record<string, unknown>, HQ);
    expect(await ctx.client().checkinRules.get(1)).toBeDefined();
  });

  it("creates, reads back and deletes a rule of its own", async () => {
    const mine = { ...HQ, name: "研发打卡", departments: [6], exemptMembers: ["guojun"] };
    const { id, outs } = await checkinRule.create(ctx, mine, false);
    expect(outs).toMatchObject({ name: "研发打卡", departments: [6], adopted: false });
    await checkinRule.delete(ctx, id, outs as Record<string, unknown>, mine);
    expect(await ctx.client().checkinRules.get(Number(id))).toBeUndefined();
  });
});
