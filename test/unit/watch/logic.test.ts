/**
 * What `watch` does between an event and an alert, on data: which resources and controls an event reaches,
 * a burst becoming one check, alerts only for what is new, the robot message within WeCom's 4096 bytes, and
 * robot failures retried off the acknowledgement path.
 */
import { describe, expect, it } from "vitest";
import type { DriftReport } from "../../../src/drift/run";
import { alertMarkdown } from "../../../src/report/watch";
import type { CallbackEvent } from "../../../src/wecom/callback-events";
import { RobotSendError } from "../../../src/wecom/robot";
import { OpenAlerts, itemFix } from "../../../src/watch/alerts";
import { Debouncer } from "../../../src/watch/debounce";
import { indexStack, mergeScopes, scopeOf } from "../../../src/watch/scope";
import { watchKeys } from "../../../src/watch/run";
import { robotSink } from "../../../src/watch/sinks";

const urn = (type: string, name: string) => `urn:pulumi:s::wecom-policy::wecom:index:${type}::${name}`;
const index = indexStack([
  {
    urn: urn("Role", "finance-approvers"),
    type: "wecom:index:Role",
    id: "105",
    inputs: {},
    outputs: { tagId: 105 },
  },
  {
    urn: urn("MemberStatus", "roster"),
    type: "wecom:index:MemberStatus",
    id: "members",
    inputs: {},
    outputs: {},
  },
  {
    urn: urn("ArchiveScope", "archive"),
    type: "wecom:index:ArchiveScope",
    id: "archive",
    inputs: {},
    outputs: {},
  },
  {
    urn: urn("AppAccess", "crm"),
    type: "wecom:index:AppAccess",
    id: "1000003",
    inputs: {},
    outputs: { agentId: 1000003 },
  },
  {
    urn: urn("CustomerHandover", "handover"),
    type: "wecom:index:CustomerHandover",
    id: "h",
    inputs: {},
    outputs: {},
  },
]);
const base = { corpId: "ww", from: "sys", createTime: 1, event: "change_contact" };
const tag = (tagId: number): CallbackEvent => ({
  ...base,
  kind: "tag",
  tagId,
  addUsers: ["fanbing"],
  delUsers: [],
  addParties: [],
  delParties: [],
});

describe("event → scope", () => {
  it("maps a tag to its Role and the access controls; an unmanaged tag or unknown event to nothing", () => {
    const s = scopeOf(tag(105), index)!;
    expect(s.targets).toEqual([urn("Role", "finance-approvers")]);
    expect([...s.controls].every((c) => c.startsWith("WC.ACC."))).toBe(true);
    expect(scopeOf(tag(100), index)).toBeUndefined();
    expect(scopeOf({ ...base, kind: "other", event: "batch_job_result" }, index)).toBeUndefined();
  });

  it("maps a member change to MemberStatus, the ranges and the leaver, archive and location controls", () => {
    const s = scopeOf({ ...base, kind: "user", change: "update_user", userId: "fanbing" }, index)!;
    expect(s.targets).toEqual([
      urn("MemberStatus", "roster"),
      urn("ArchiveScope", "archive"),
      urn("AppAccess", "crm"),
    ]);
    expect([...s.controls]).toEqual(expect.arrayContaining(["WC.LVR.1v1", "WC.ARC.2v1", "WC.LOC.3v1"]));
    const gone = scopeOf({ ...base, kind: "user", change: "delete_user", userId: "fanbing" }, index)!;
    expect(gone.targets).toEqual([urn("MemberStatus", "roster"), urn("CustomerHandover", "handover")]);
    const party = scopeOf({ ...base, kind: "party", change: "update_party", partyId: 9 }, index)!;
    expect(party.targets).toEqual([urn("ArchiveScope", "archive"), urn("AppAccess", "crm")]);
    const ext = scopeOf(
      { ...base, event: "change_external_contact", kind: "external-contact", changeType: "transfer_fail" },
      index,
    )!;
    expect(ext.targets).toEqual([urn("CustomerHandover", "handover"), urn("ArchiveScope", "archive")]);
    expect([...ext.controls]).toEqual(expect.arrayContaining(["WC.LVR.2v1"]));
    const merged = mergeScopes([s, gone, scopeOf(tag(105), index)!]);
    expect(merged.targets).toHaveLength(5);
  });
});

describe("debounce", () => {
  it("turns a burst of 100 events into one run, and events during a run into the next", async () => {
    let t = 0;
    const timers: { fn: () => void; at: number }[] = [];
    const runs: number[][] = [];
    let release!: () => void;
    const d = new Debouncer<number>(
      {
        quietMs: 1000,
        maxWaitMs: 10_000,
        run: async (b) => {
          runs.push(b);
          await new Promise<void>((r) => (release = r));
        },
        setTimer: (fn, ms) => {
          const timer = { fn, at: t + ms };
          timers.push(timer);
          return { cancel: () => timers.splice(timers.indexOf(timer), 1) };
        },
      },
      () => t,
    );
    const advance = (ms: number) => {
      t += ms;
      for (const x of [...timers]) if (x.at <= t) (timers.splice(timers.indexOf(x), 1), x.fn());
    };
    for (let i = 0; i < 100; i++) (d.add(i), advance(10));
    advance(1000);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveLength(100);
    d.add(100);
    advance(5000);
    expect(runs).toHaveLength(1); // still running
    release();
    await new Promise((r) => setImmediate(r));
    advance(1000);
    expect(runs).toEqual([runs[0], [100]]);
    release();
  });
});

const report = (items: DriftReport["items"], law: DriftReport["law"] = []): DriftReport => ({
  version: 2,
  stack: "s",
  checkedAt: "2026-12-02T00:00:00.000Z",
  status: items.length || law.length ? "drift" : "in-sync",
  items,
  law,
  notes: [],
});
const item = {
  type: "Role",
  name: "finance-approvers",
  urn: urn("Role", "finance-approvers"),
  op: "update",
  path: "members[1]",
  kind: "delete",
  live: "fanbing",
  controls: [],
  changedBy: {
    operator: "sunhao",
    time: "2026-12-02T00:00:00.000Z",
    operType: 3,
    detail: "标签「财务审批」添加成员：fanbing",
  },
} as DriftReport["items"][number];

describe("alerts", () => {
  it("alerts a drift once while it stays, again after a check found it fixed", () => {
    const open = new OpenAlerts();
    const scope = scopeOf(tag(105), index)!;
    const ctx = { events: ["update_tag 105 (+fanbing)"], eventAt: "t", agentIds: index.agentIdByUrn };
    expect(open.update(report([item]), scope, ctx)).toHaveLength(1);
    expect(open.update(report([item]), scope, ctx)).toHaveLength(0);
    expect(open.update(report([]), scope, ctx)).toHaveLength(0);
    expect(open.update(report([item]), scope, ctx)).toMatchObject([
      { kind: "drift", item: { live: "fanbing" } },
    ]);
  });

  it("says how to fix: pulumi up for what the API writes, the console path for what it cannot", () => {
    expect(itemFix(item).en).toMatch(/^Run `pulumi up`/);
    const range = { ...item, type: "AppAccess", name: "crm", path: "visibleRange.users[0]" };
    expect(itemFix(range, 1000003).en).toContain("[app 1000003] → Visible range → Edit");
    expect(itemFix({ ...item, type: "ArchiveScope", path: "members[0]" }).zh).toContain("会话内容存档");
  });

  it("fits the robot's 4096 bytes, saying how many alerts did not fit", () => {
    const open = new OpenAlerts();
    const many = Array.from({ length: 80 }, (_, i) => ({
      ...item,
      path: `members[${i}]`,
      live: `member${i}`,
    }));
    const alerts = open.update(report(many), scopeOf(tag(105), index)!, {
      events: ["e"],
      eventAt: "t",
      agentIds: new Map(),
    });
    for (const lang of ["zh", "en"] as const) {
      const md = alertMarkdown(alerts, lang);
      expect(Buffer.byteLength(md, "utf8")).toBeLessThanOrEqual(4096);
      expect(md).toMatch(lang === "en" ? /… \d+ more alerts not shown/ : /另有 \d+ 项告警未列出/);
      expect(md).toContain("sunhao");
    }
  });
});

describe("robot sink", () => {
  it("retries retryable failures without blocking emit, and gives up on the others", async () => {
    const calls: string[] = [];
    const logs: string[] = [];
    let fail = 2;
    const sink = robotSink({
      baseUrl: "http://127.0.0.1:1",
      key: "k",
      log: (l) => logs.push(l),
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 },
      sleep: async () => {},
      send: async (_u, _k, content) => {
        calls.push(content);
        if (content === "bad")
          throw new RobotSendError("the robot webhook answered errcode 93000", false, 93000);
        if (fail-- > 0) throw new RobotSendError("the robot webhook answered HTTP 500", true);
      },
    });
    sink.emit([], "hello");
    sink.emit([], "bad");
    expect(calls).toEqual([]); // emit returns at once: sending happens off the caller's path
    await sink.flush(1000);
    expect(calls).toEqual(["hello", "hello", "hello", "bad"]);
    expect(logs).toEqual([
      expect.stringMatching(/attempt 1 failed/),
      expect.stringMatching(/attempt 2 failed/),
      "robot: alert message delivered on attempt 3",
      expect.stringMatching(/NOT delivered after 1 attempt\(s\): .*93000/),
    ]);
    expect(logs.join("\n")).not.toContain("key=");
  });
});

describe("callback secrets", () => {
  const settings = (tool: Record<string, string>) =>
    ({ provider: {} as never, policiesDir: "p", tool }) as Parameters<typeof watchKeys>[0];

  it("come from the stack's secret config, else the environment, and say where to set them when missing", () => {
    const aes = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    expect("keys" in watchKeys(settings({ callbackToken: "Tok", callbackEncodingAesKey: aes }), {})).toBe(
      true,
    );
    expect(
      "keys" in
        watchKeys(settings({}), { WECOM_CALLBACK_TOKEN: "Tok", WECOM_CALLBACK_ENCODING_AES_KEY: aes }),
    ).toBe(true);
    const missing = watchKeys(settings({ callbackToken: "Tok" }), {});
    expect("error" in missing && missing.error).toMatch(
      /EncodingAESKey is not configured: `pulumi config set --secret wecom-policy:callbackEncodingAesKey` \(or WECOM_CALLBACK_ENCODING_AES_KEY\)[\s\S]*Contacts Sync → Set event-receiving server/,
    );
    const bad = watchKeys(settings({ callbackToken: "Tok", callbackEncodingAesKey: "tooShortSecret" }), {});
    expect("error" in bad && bad.error).toMatch(/43 letters and digits/);
    expect("error" in bad && bad.error).not.toContain("tooShortSecret");
  });
});
