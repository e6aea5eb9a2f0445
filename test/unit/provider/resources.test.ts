import { describe, expect, it } from "vitest";
import { rosterDigest } from "../../../src/policy/roster-digest";
import { diffAppAccess } from "../../../src/provider/resources/app-access";
import { checkResource } from "../../../src/provider/check";
import {
  appPatch,
  appSettings,
  checkAppSettings,
  diffAppSettings,
  type AppSettingsState,
} from "../../../src/provider/resources/app-settings";
import { archiveScope, diffArchiveScope } from "../../../src/provider/resources/archive-scope";
import {
  checkCustomerHandover,
  diffCustomerHandover,
} from "../../../src/provider/resources/customer-handover";
import {
  desiredStatus,
  memberStatus,
  diffMemberStatus,
  leaveEnds,
} from "../../../src/provider/resources/member-status";
import type { ProviderContext } from "../../../src/provider/types";
import type { PropertyMap } from "../../../src/provider/props";

type Configured = ReturnType<ProviderContext["configured"]>;

/** A provider context without I/O; an `undefined` in `over` removes that setting (no secret, no app). */
function ctx(
  over: { [K in keyof Configured]?: Configured[K] | undefined } = {},
  now = "2026-11-28T04:00:00Z",
): ProviderContext {
  const configured: Configured = {
    contacts: true,
    archive: true,
    apps: ["1000002", "1000003"],
    customerAgentId: 1000003,
  };
  const set = <K extends keyof Configured>(k: K, v: Configured[K] | undefined): void => {
    if (v === undefined) delete configured[k];
    else configured[k] = v;
  };
  for (const k of Object.keys(over) as (keyof Configured)[]) set(k, over[k]);
  return {
    client: () => {
      throw new Error("no I/O in unit tests");
    },
    configured: () => configured,
    now: () => new Date(now),
  };
}

const live: AppSettingsState = {
  agentId: 1000002,
  name: "外勤助手",
  description: "现场服务派单与定位",
  locationMode: "on-enter",
  reportEnter: true,
  redirectDomain: "field.xinghe-demo.cn",
  homeUrl: "https://field.xinghe-demo.cn",
  closed: false,
};

describe("AppSettings", () => {
  it("compares only the fields the policy declares", () => {
    expect(
      diffAppSettings({ ...live }, { agentId: 1000002, homeUrl: "https://field.xinghe-demo.cn" }).changes,
    ).toBe(false);
    expect(
      diffAppSettings(
        { ...live, homeUrl: "https://evil.example.com" },
        { agentId: 1000002, homeUrl: "https://field.xinghe-demo.cn" },
      ),
    ).toEqual({
      changes: true,
      detailedDiff: { homeUrl: "update" },
    });
  });

  it("writes only what differs, mapped to agent/set fields", () => {
    expect(
      appPatch(live, { agentId: 1000002, locationMode: "off", reportEnter: true, name: "外勤助手" }),
    ).toEqual({ reportLocation: false });
    expect(appPatch(live, { ...live })).toEqual({});
  });

  it("refuses continuous location reporting, which the API can neither read nor write, naming the console path", () => {
    const [f] = checkAppSettings({ agentId: 1000002, locationMode: "continuous" }, ctx());
    expect(f?.property).toBe("locationMode");
    expect(f?.reason).toContain("Receive messages → Set API receiving → Report location");
    expect(f?.reason).toContain("持续上报地理位置无法通过 API 读取或设置");
  });

  it("says which app secret to add and where WeCom shows it", () => {
    const [f] = checkAppSettings({ agentId: 1000005 }, ctx());
    expect(f?.reason).toContain("The secret of app 1000005 is not configured");
    expect(f?.reason).toContain("应用管理 → 应用 → 自建 → 〔应用 1000005〕 → Secret →「查看」");
    expect(f?.reason).toContain(`pulumi config set --secret wecom:appSecrets '{"1000005":"…"}'`);
  });

  it("validates WeCom's limits on names, descriptions, domains and URLs", () => {
    const { failures } = checkResource(
      appSettings,
      {
        agentId: 1000002,
        name: "x".repeat(33),
        description: "短",
        redirectDomain: "https://a.cn/x",
        homeUrl: "ftp://a.cn",
      },
      {},
      ctx(),
    );
    expect(failures.map((f) => f.property)).toEqual(["name", "description", "redirectDomain", "homeUrl"]);
  });
});

describe("AppAccess", () => {
  const range = { users: [], departments: [9], tags: [] };
  const admins = [{ userId: "sunhao", authType: "manage" }];

  it("reports each user added to the visible range and each changed admin right", () => {
    const d = diffAppAccess(
      {
        visibleRange: { users: ["gaoyan"], departments: [9], tags: [] },
        admins: [{ userId: "sunhao", authType: "message" }],
      },
      { visibleRange: range, admins },
    );
    expect(d.detailedDiff).toEqual({ "visibleRange.users[0]": "delete", "admins[0]": "update" });
  });

  it("ignores order", () => {
    expect(
      diffAppAccess(
        { visibleRange: { users: ["b", "a"], departments: [2, 1], tags: [] }, admins },
        { visibleRange: { users: ["a", "b"], departments: [1, 2], tags: [] }, admins },
      ).changes,
    ).toBe(false);
  });
});

describe("ArchiveScope", () => {
  it("names the member whose archiving was switched on by hand", () => {
    expect(
      diffArchiveScope({ members: ["guojun", "wuqiang"] }, { members: ["wuqiang"] }).detailedDiff,
    ).toEqual({ "members[0]": "delete" });
  });
});

describe("MemberStatus", () => {
  const inputs = {
    rosterDigest: rosterDigest(["zhengkai", "fanbing", "later"]),
    rosterSize: 3,
    leavers: [
      { userId: "zhengkai", leaveDate: "2026-11-01" },
      { userId: "fanbing", leaveDate: "2026-11-20" },
      { userId: "later", leaveDate: "2026-11-28" },
    ],
    disableWithinHours: 24,
    deleteAfterDays: 20,
  };

  it("a leave date ends at the next midnight, China Standard Time", () => {
    expect(new Date(leaveEnds("2026-11-20")).toISOString()).toBe("2026-11-20T16:00:00.000Z");
  });

  it("disables leavers whose last day is over and deletes those past retention", () => {
    expect(desiredStatus(inputs, new Date("2026-11-28T04:00:00Z"))).toEqual({
      disabled: ["fanbing"],
      deleted: ["zhengkai"],
    });
    // On the last day itself the leaver still works.
    expect(desiredStatus(inputs, new Date("2026-11-28T15:59:59Z")).disabled).not.toContain("later");
    expect(desiredStatus(inputs, new Date("2026-11-28T16:00:00Z")).disabled).toContain("later");
  });

  it("wants only what must be done: never re-enables, and a deleted member counts as cut off", () => {
    const d = diffMemberStatus(
      { rosterDigest: inputs.rosterDigest, disabled: ["later"], deleted: ["fanbing"] },
      { rosterDigest: inputs.rosterDigest, disabled: ["fanbing", "zhengkai"], deleted: [] },
    );
    expect(d.detailedDiff).toEqual({ "disabled[1]": "add" });
  });

  it("records a changed roster by its digest and count, and reads a roster recorded as a list (issue 12)", () => {
    const ids = ["zhengkai", "fanbing", "later"];
    const was = { rosterDigest: rosterDigest(ids), rosterSize: 3, disabled: [], deleted: [] };
    // Case and order do not change the digest: WeCom's userids are case-insensitive.
    expect(rosterDigest(["Later", "FANBING", "zhengkai", "later"])).toBe(was.rosterDigest);
    expect(diffMemberStatus(was, { ...was }).changes).toBe(false);
    const grown = { ...was, rosterDigest: rosterDigest([...ids, "newhire"]), rosterSize: 4 };
    expect(diffMemberStatus(was, grown)).toEqual({
      changes: true,
      detailedDiff: { rosterDigest: "update", rosterSize: "update" },
    });
    // A state written before the digest holds the whole roster: the same roster is no change.
    const legacy = { roster: ["later", "fanbing", "zhengkai"], disabled: [], deleted: [] };
    expect(diffMemberStatus(legacy, was).changes).toBe(false);
    expect(diffMemberStatus(legacy, grown).detailedDiff).toHaveProperty("rosterDigest", "update");
  });

  it("checks leave dates, a leaver listed twice and the roster digest's form", () => {
    const { failures } = checkResource(
      memberStatus,
      {
        ...inputs,
        rosterDigest: "md5:abc",
        leavers: [
          { userId: "ghost", leaveDate: "2026-13-01" },
          { userId: "Ghost", leaveDate: "2026-11-01" },
        ],
      },
      {},
      ctx(),
    );
    expect(failures.map((f) => f.property)).toEqual([
      "rosterDigest",
      "leavers[0].leaveDate",
      "leavers[1].userId",
    ]);
  });

  it("refuses more disables or deletes than the limits allow, before any write, naming everyone (issue 8)", async () => {
    const writes: string[] = [];
    // A tenant that keeps what was written, so the resource's read-back after its writes sees them.
    const disabled = new Set<string>();
    const deleted = new Set<string>();
    const write = (ids: readonly string[], what: string, into: Set<string>) => {
      for (const u of ids) {
        writes.push(`${what} ${u}`);
        into.add(u);
      }
      return { applied: ids, failed: [], verified: "bulk" };
    };
    const client = {
      readMembers: async (ids: readonly string[]) => ({
        members: new Map(
          ids.map((u) => [
            u,
            deleted.has(u)
              ? undefined
              : { userId: u, status: disabled.has(u) ? "disabled" : "active", enabled: !disabled.has(u) },
          ]),
        ),
      }),
      listUserIds: async () =>
        ["zhengkai", "fanbing", "later"].filter((u) => !deleted.has(u)).map((userId) => ({ userId })),
      setEnabledMany: async (ids: readonly string[]) => write(ids, "disable", disabled),
      deleteMembers: async (ids: readonly string[]) => write(ids, "delete", deleted),
    };
    const c = { ...ctx(), client: () => client as never, now: () => new Date("2026-11-29T04:00:00Z") };
    const news = { ...inputs, ...desiredStatus(inputs, c.now()), maxDisables: 1, maxDeletes: 0 };
    const expected =
      "2 leaver(s) would be disabled in this run, more than tenant.yaml change_limits.disable_members (1): fanbing, later";
    await expect(memberStatus.create(c, news, true)).rejects.toThrow(expected);
    await expect(memberStatus.update(c, "members", {}, news, false)).rejects.toThrow(
      "1 leaver(s) would be deleted (user/delete) in this run, more than tenant.yaml change_limits.delete_members (0): zhengkai",
    );
    expect(writes).toEqual([]);
    await memberStatus.update(c, "members", {}, { ...news, maxDisables: 2, maxDeletes: 1 }, false);
    expect(writes.sort()).toEqual(["delete zhengkai", "disable fanbing", "disable later"]);
  });
});

describe("MemberStatus import", () => {
  it("records whom WeCom has cut off already, so declared leavers who are disabled preview as nothing to do", async () => {
    const members = [
      { userId: "fanbing", status: "disabled", enabled: false },
      { userId: "lina", status: "active", enabled: true },
      { userId: "zhengkai", status: "exited" },
    ];
    const calls: string[] = [];
    const client = {
      listUserIds: async () => members.map(({ userId }) => ({ userId, departmentIds: [2] })),
      listDepartments: async () => [
        { id: 1, parentId: 0, name: "公司" },
        { id: 2, parentId: 1, name: "财务部" },
      ],
      listMembers: async (id: number, fetchChild?: boolean) => {
        calls.push(`user/list ${id}${fetchChild ? " +children" : ""}`);
        return members;
      },
      readMembers: async (ids: readonly string[]) => {
        if (ids.length) throw new Error("an import reads no member one by one");
        return { members: new Map() };
      },
      getMember: async () => {
        throw new Error("an import needs no user/get per member");
      },
    };
    const c = { ...ctx(), client: () => client as never };
    const r = await memberStatus.read(c, "members", {}, {});
    expect(r?.props).toMatchObject({
      rosterDigest: rosterDigest(["fanbing", "lina", "zhengkai"]),
      rosterSize: 3,
      disabled: ["fanbing", "zhengkai"],
    });
    expect(calls).toEqual(["user/list 1 +children"]);
    // The policy's leavers, already cut off: no change.
    const news = {
      rosterDigest: rosterDigest(["zhengkai", "lina", "fanbing"]),
      rosterSize: 3,
      leavers: [
        { userId: "fanbing", leaveDate: "2026-11-20" },
        { userId: "zhengkai", leaveDate: "2026-11-01" },
      ],
      disableWithinHours: 24,
    };
    expect(
      diffMemberStatus(r!.props as PropertyMap, { ...news, ...desiredStatus(news, c.now()) }).changes,
    ).toBe(false);
  });
});

describe("CustomerHandover", () => {
  it("reports each pending customer of a leaver with a declared takeover, not the others", () => {
    const d = diffCustomerHandover(
      { pending: ["fanbing/wm2", "zhengkai/wm1"] },
      { takeovers: [{ handoverUserId: "zhengkai", takeoverUserId: "wuqiang" }] },
    );
    expect(d.detailedDiff).toEqual({ "pending[1]": "delete" });
  });

  it("needs the customer-contact app and refuses self-takeovers and duplicates", () => {
    const failures = checkCustomerHandover(
      {
        takeovers: [
          { handoverUserId: "a", takeoverUserId: "A" },
          { handoverUserId: "b", takeoverUserId: "c" },
          { handoverUserId: "b", takeoverUserId: "d" },
        ],
      },
      ctx({ customerAgentId: undefined }),
    );
    expect(failures.map((f) => f.property)).toEqual([
      "",
      "takeovers[0].takeoverUserId",
      "takeovers[2].handoverUserId",
    ]);
    expect(failures[0]?.reason).toContain(
      "Customers & Partners → Customer Contact → Customers → API → Apps allowed to call",
    );
  });

  it("names the key that is missing: customerAgentId when no app is named, that app's secret when it has none", () => {
    const [noApp] = checkCustomerHandover({ takeovers: [] }, ctx({ customerAgentId: undefined }));
    expect(noApp?.reason).toContain(
      "The customer-contact app is not configured: set its agentid with `pulumi config set wecom:customerAgentId <agentid>` (or WECOM_CUSTOMER_AGENT_ID)",
    );
    expect(noApp?.reason).toContain(
      "未配置客户联系可调用应用：请运行 `pulumi config set wecom:customerAgentId <agentid>`",
    );
    expect(noApp?.reason).not.toContain("--secret wecom:appSecrets");
    const [noSecret] = checkCustomerHandover({ takeovers: [] }, ctx({ customerAgentId: 1000007 }));
    expect(noSecret?.reason).toContain(
      `The secret of app 1000007 (wecom:customerAgentId) is not configured: set it with \`pulumi config set --secret wecom:appSecrets '{"1000007":"…"}'\` (or WECOM_APP_SECRETS)`,
    );
    expect(noSecret?.reason).toContain("〔应用 1000007〕 → Secret");
  });
});

describe("a resource whose secret is not configured", () => {
  const none = {
    ...ctx(),
    configured: () => ({ contacts: false, archive: false, checkin: false, apps: [] }),
  };
  it.each([
    [memberStatus, "wecom:corpSecret", "WECOM_CORP_SECRET", "it alone may disable members"],
    [archiveScope, "wecom:archiveSecret", "WECOM_ARCHIVE_SECRET", undefined],
  ] as const)("%# fails check naming the key, its variable and why", (m, key, env, why) => {
    const [f, ...rest] = m.check({}, {}, none as never).failures;
    expect(rest.filter((r) => r.reason.includes("is not configured"))).toEqual([]);
    expect(f?.property).toBe("");
    expect(f?.reason).toContain(
      `is not configured: set it with \`pulumi config set --secret ${key} …\` (or ${env})`,
    );
    expect(f?.reason).toMatch(/\n未配置.+Secret/);
    if (why) expect(f?.reason).toContain(`(${why})`);
  });
});
