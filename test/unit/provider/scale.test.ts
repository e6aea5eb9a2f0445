/**
 * Issue 12: the provider's steps that grow with the tenant are linear, and `up` reads each leaver once.
 * These tests pin behaviour (what is planned, grouped and read); `npm run bench -- scale-steps` measures
 * the time at 100,000 elements.
 */
import { describe, expect, it } from "vitest";
import { setDelta, setDetailedDiff, lowerKey } from "../../../src/provider/diff";
import { createObserved } from "../../../src/provider/observed";
import { handoverPlan } from "../../../src/provider/resources/customer-handover";
import {
  desiredStatus,
  diffMemberStatus,
  memberStatus,
  planned,
} from "../../../src/provider/resources/member-status";
import { PartialCreateError, type ProviderContext } from "../../../src/provider/types";
import { rosterDigest } from "../../../src/policy/roster-digest";

describe("set diffs", () => {
  it("report each element once, case-insensitively, at the index of its first occurrence", () => {
    expect(setDetailedDiff("members", ["a", "B", "c", "c"], ["b", "d", "D", "a"], lowerKey)).toEqual({
      "members[1]": "add",
      "members[2]": "delete",
    });
    expect(setDelta(["a", "B", "x", "X"], ["b", "C", "c"], lowerKey)).toEqual({
      added: ["C"],
      removed: ["a", "x"],
    });
    // An index both added (desired) and removed (live) is an update.
    expect(setDetailedDiff("d", [1, 2], [3, 2], String)).toEqual({ "d[0]": "update" });
  });
});

describe("MemberStatus leaver selection", () => {
  it("plans the userids behind disabled[i] / deleted[i], sorted, ignoring other keys", () => {
    const inputs = { disabled: ["zhao", "an", "qian"], deleted: ["wu"] };
    expect(
      planned(
        {
          changes: true,
          detailedDiff: {
            "disabled[2]": "add",
            "disabled[0]": "add",
            "deleted[0]": "add",
            rosterDigest: "update",
          },
        },
        inputs,
      ),
    ).toEqual({ disabled: ["qian", "zhao"], deleted: ["wu"] });
  });

  it("wants every leaver not yet cut off, at any size, by the index in the desired list", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `u${i}`);
    const news = { disabled: ids, deleted: [] };
    const d = diffMemberStatus(
      { disabled: ids.filter((_, i) => i % 3 === 0).map((u) => u.toUpperCase()) },
      news,
    );
    expect(Object.keys(d.detailedDiff)).toHaveLength(2000);
    expect(planned(d, news).disabled).toEqual(ids.filter((_, i) => i % 3 !== 0).sort());
  });
});

describe("MemberStatus apply", () => {
  it("reads the leavers once (client.readMembers) and never lists the tenant: the client read each write back", async () => {
    const calls: string[] = [];
    const disabled = new Set(["was"]);
    const outcome = (ids: readonly string[]) => ({ applied: ids, failed: [], verified: "bulk" });
    const client = {
      readMembers: async (ids: readonly string[]) => {
        calls.push(`read ${[...ids].sort().join(" ")}`);
        return {
          members: new Map(
            ids.map((u) => [
              u,
              u === "gone"
                ? undefined
                : { userId: u, status: disabled.has(u) ? "disabled" : "active", enabled: !disabled.has(u) },
            ]),
          ),
        };
      },
      listUserIds: async () => {
        calls.push("user/list_id");
        return [];
      },
      setEnabledMany: async (ids: readonly string[], enabled: boolean) => {
        calls.push(`user/update ${ids.join(" ")} enable=${Number(enabled)}`);
        return outcome(ids);
      },
      deleteMembers: async (ids: readonly string[]) => {
        calls.push(`user/delete ${ids.join(" ")}`);
        return outcome(ids);
      },
    };
    const ctx: ProviderContext = {
      client: () => client as never,
      configured: () => ({ contacts: true, archive: false, apps: [] }),
      now: () => new Date("2026-12-20T04:00:00Z"),
    };
    const inputs = {
      rosterDigest: rosterDigest(["was", "now", "old", "gone"]),
      rosterSize: 4,
      leavers: [
        { userId: "was", leaveDate: "2026-11-20" },
        { userId: "now", leaveDate: "2026-12-10" },
        { userId: "old", leaveDate: "2026-11-01" },
        { userId: "gone", leaveDate: "2026-11-02" },
      ],
      disableWithinHours: 24,
      deleteAfterDays: 30,
    };
    const news = { ...inputs, ...desiredStatus(inputs, ctx.now()) };
    const out = await memberStatus.update(ctx, "members", {}, news, false);
    // Who is not on the roster is drift's to list (issue 12): no user/list_id here.
    expect(calls.sort()).toEqual(["read gone now old was", "user/delete old", "user/update now enable=0"]);
    expect(out).toMatchObject({
      disabled: ["now", "was"],
      deleted: ["gone", "old"],
      overdue: [],
    });
  });
});

describe("CustomerHandover plan", () => {
  it("groups pending customers per leaver case-insensitively, in the order takeovers are declared", () => {
    const plan = handoverPlan(
      ["Li/wm1", "li/wm2", "zhou/wm3", "li/wm/4", "nobody/wm5"],
      [
        { handoverUserId: "zhou", takeoverUserId: "boss" },
        { handoverUserId: "ghost", takeoverUserId: "boss" },
        { handoverUserId: "LI", takeoverUserId: "wang" },
      ],
    );
    expect(plan).toEqual([
      { takeover: { handoverUserId: "zhou", takeoverUserId: "boss" }, externalUserIds: ["wm3"] },
      { takeover: { handoverUserId: "LI", takeoverUserId: "wang" }, externalUserIds: ["wm1", "wm2", "wm/4"] },
    ]);
  });
});

describe("observed resources' messages", () => {
  it("list every differing path under its property, in order, once per property", async () => {
    const paths = Array.from({ length: 2000 }, (_, i) => [`members[${i}]`, "delete"] as const);
    const e = await createObserved(
      "range",
      {
        readLive: async () => ({ members: [] }),
        diff: () => ({ changes: true, detailedDiff: Object.fromEntries([...paths, ["name", "update"]]) }),
        what: { zh: "可见范围", en: "the visible range" },
        where: (p) => ({ zh: `后台 ${p}`, en: `console ${p}` }) as never,
      },
      {},
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PartialCreateError);
    const message = (e as Error).message;
    expect(message).toContain(`the visible range: members[0] (delete), members[1] (delete),`);
    expect(message).toContain(`members[1999] (delete) differ from the policy`);
    expect(message).toContain("console members");
    expect(message).toContain("the visible range: name (update) differ from the policy");
    expect(message.match(/console members/g)).toHaveLength(1);
  });
});
