/**
 * Issue 12, "no cliff": every call is paced under its endpoint's documented per-minute limit by one budget
 * per endpoint and principal, shared by every client with the same clock, and a 45009 block is waited out
 * instead of failing. Fake time throughout: a scheduler resolves sleeps in order of their deadlines, so a
 * minute of pacing runs in milliseconds.
 */
import { describe, expect, it } from "vitest";
import { role } from "../../../src/provider/resources/role";
import type { ProviderContext } from "../../../src/provider/types";
import { listenToPacing, WecomApiError, WecomClient, WecomPartialError } from "../../../src/wecom";
import type { PaceWaitEvent } from "../../../src/wecom";
import { EndpointBudget, DEFAULT_PACE_POLICY, resolvePacePolicy } from "../../../src/wecom/pacing";
import {
  CONTACTS_SECRET,
  CORP_ID,
  FakeWecom,
  START_MS,
  harness,
  rejectionOf,
  type Recorded,
} from "./fake-wecom";

/** Virtual time: `sleep` resolves when `run` advances the clock to its deadline, earliest first. */
function fakeTime() {
  const state = { now: START_MS };
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  let seq = 0;
  const now = () => state.now;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => timers.push({ at: state.now + Math.max(0, ms), seq: seq++, resolve }));
  const idle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  /** Drives the timers until `p` settles. */
  async function run<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await idle();
      if (settled) return p;
      if (timers.length === 0) continue;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const t = timers.shift()!;
      state.now = Math.max(state.now, t.at);
      t.resolve();
    }
  }
  return { now, sleep, run, state };
}

const TAG_GET = { errcode: 0, errmsg: "ok", tagname: "t", userlist: [], partylist: [] };
const USER_GET = (req: Recorded) => ({
  errcode: 0,
  errmsg: "ok",
  userid: req.query["userid"],
  name: "n",
  department: [1],
  status: 1,
});

/** A client on `fake` with the virtual clock; `at` records the virtual instant of every request. */
function paced(time: ReturnType<typeof fakeTime>, fake: FakeWecom, over: Record<string, unknown> = {}) {
  const at: { path: string; t: number }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    at.push({ path: new URL(String(input)).pathname, t: time.now() });
    return fake.fetch(input, init);
  }) as typeof globalThis.fetch;
  const client = new WecomClient({
    baseUrl: "http://wecom.test",
    corpId: CORP_ID,
    secrets: { contacts: CONTACTS_SECRET },
    fetch,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    retry: { baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5, maxAttempts: 3 },
    ...over,
  });
  return { client, at };
}

/** The most starts in any window of `ms` (inclusive of its start). */
function busiest(times: readonly number[], ms: number): number {
  const s = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("the per-minute budget", () => {
  it("lets a burst of 1 % through at once, then paces at 94 % of the limit a minute", () => {
    const b = new EndpointBudget(10_000, 150_000, DEFAULT_PACE_POLICY);
    const starts = Array.from({ length: 2000 }, () => b.reserve(0));
    // (GCRA in floating point: the burst's last start may be 10⁻¹³ ms after 0.)
    expect(starts.slice(0, 100).every((t) => t < 1e-9)).toBe(true);
    expect(starts[100]).toBeGreaterThan(0);
    // 9,400 a minute: one every 6.38 ms after the burst.
    expect(starts[100]).toBeCloseTo(60_000 / 9400, 6);
    expect(starts[1999]! - starts[1000]!).toBeCloseTo((999 * 60_000) / 9400, 3);
    const many = Array.from({ length: 30_000 }, () => b.reserve(0));
    expect(busiest([...starts, ...many], 60_000)).toBeLessThanOrEqual(9_500);
  });

  it("also keeps under the hourly limit (150,000 calls an hour per API), pacing 120,000 calls by the minute alone", () => {
    const b = new EndpointBudget(10_000, 150_000, DEFAULT_PACE_POLICY);
    const starts = Array.from({ length: 160_000 }, () => b.reserve(0));
    expect(busiest(starts, 3_600_000)).toBeLessThanOrEqual(142_500);
    expect(busiest(starts, 60_000)).toBeLessThanOrEqual(9_500);
    expect(starts[119_999]!).toBeCloseTo(((120_000 - 100) * 60_000) / 9400, -1);
    // Beyond that, 22,500 an hour (15 %): the 40,000 more start over 6,400 s.
    expect(starts[159_999]!).toBeGreaterThanOrEqual(6_399_000);
  });

  it("after a 45009 nothing starts until the block ends, and answers to calls already in flight do not extend it", () => {
    const b = new EndpointBudget(10_000, 150_000, DEFAULT_PACE_POLICY);
    expect(b.reserve(1_000)).toBe(1_000);
    expect(b.block(1_000, 1_050, 60_000)).toBe(61_050);
    // A call sent before the block began, refused a little later: the same block.
    expect(b.block(1_010, 1_100, 60_000)).toBe(61_050);
    expect(b.reserve(2_000)).toBe(61_050);
    // No burst right after the block: the steady pace.
    expect(b.reserve(2_000)).toBeCloseTo(61_050 + 60_000 / 9400, 6);
    // A call sent after the block ended and refused again: a new block.
    expect(b.block(70_000, 70_020, 60_000)).toBe(130_020);
  });

  it("refuses shares that could exceed the limit", () => {
    expect(() => resolvePacePolicy({ burstShare: 0.5, steadyShare: 0.6 })).toThrow(/add up to at most 1/);
  });
});

describe("pacing in the transport", () => {
  it("paces concurrent calls instead of bursting: at most 95 % of the limit in any 60 s", async () => {
    const time = fakeTime();
    const fake = new FakeWecom().always("/cgi-bin/user/get", USER_GET);
    const { client, at } = paced(time, fake, { perMinute: { userGet: 100 } });
    const ids = Array.from({ length: 300 }, (_, i) => `u${i}`);
    await time.run(Promise.all(ids.map((u) => client.getMember(u))));
    const sent = at.filter((a) => a.path === "/cgi-bin/user/get").map((a) => a.t - START_MS);
    expect(sent).toHaveLength(300);
    expect(busiest(sent, 60_000)).toBeLessThanOrEqual(95);
    // 1 at once, then 94 a minute: (300 − 1) / 94 minutes.
    expect(Math.max(...sent)).toBeCloseTo((299 * 60_000) / 94, -2);
  });

  it("the time spent waiting for a turn does not count against the operation deadline", async () => {
    const time = fakeTime();
    const fake = new FakeWecom().always("/cgi-bin/user/get", USER_GET);
    const { client } = paced(time, fake, { perMinute: { userGet: 100 }, deadlineMs: 1_000 });
    const got = await time.run(Promise.all(Array.from({ length: 40 }, (_, i) => client.getMember(`u${i}`))));
    expect(got).toHaveLength(40);
    expect(time.now() - START_MS).toBeGreaterThan(20_000);
  });

  it("one budget per endpoint and principal is shared by every client with the same clock", async () => {
    const time = fakeTime();
    const fake = new FakeWecom().always("/cgi-bin/user/get", USER_GET).always("/cgi-bin/tag/get", TAG_GET);
    const a = paced(time, fake, { perMinute: { userGet: 100, tagGet: 100 } });
    const b = paced(time, fake, { perMinute: { userGet: 100, tagGet: 100 } });
    await time.run(
      Promise.all([
        ...Array.from({ length: 150 }, (_, i) => a.client.getMember(`a${i}`)),
        ...Array.from({ length: 150 }, (_, i) => b.client.getMember(`b${i}`)),
        ...Array.from({ length: 50 }, (_, i) => b.client.getTag(i)),
      ]),
    );
    const userGets = [...a.at, ...b.at].filter((x) => x.path === "/cgi-bin/user/get").map((x) => x.t);
    expect(userGets).toHaveLength(300);
    expect(busiest(userGets, 60_000)).toBeLessThanOrEqual(95);
    // tag/get has its own budget: its 50 calls were not held behind user/get's 300.
    const tagGets = b.at.filter((x) => x.path === "/cgi-bin/tag/get").map((x) => x.t - START_MS);
    expect(Math.max(...tagGets)).toBeLessThan(60_000);
  });

  it("waits out a 45009 block for every call of that API, then goes on; other APIs are not held", async () => {
    const time = fakeTime();
    const fake = new FakeWecom().always("/cgi-bin/tag/get", TAG_GET);
    let blockedUntil = 0;
    let userGets = 0;
    // A WeCom that allows 20 user/get and then blocks the API for 60 s (src/sandbox/rate-limit.ts).
    fake.always("/cgi-bin/user/get", (req) => {
      if (time.now() < blockedUntil) return { errcode: 45009, errmsg: "api freq out of limit" };
      if (++userGets === 21) {
        blockedUntil = time.now() + 60_000;
        return { errcode: 45009, errmsg: "api freq out of limit" };
      }
      return USER_GET(req);
    });
    const waits: PaceWaitEvent[] = [];
    const stop = listenToPacing({ waiting: (e) => waits.push(e), resumed: () => {} }, time.now);
    const { client, at } = paced(time, fake);
    const members = Promise.all(Array.from({ length: 60 }, (_, i) => client.getMember(`u${i}`)));
    const tag = time.run(members).then(() => undefined);
    await tag;
    stop();
    const got = await members;
    expect(got).toHaveLength(60);
    const refused = fake.requests.filter((r) => r.path === "/cgi-bin/user/get").length - 60;
    // Only calls already in flight when the block began were refused; none was sent during it.
    expect(refused).toBeLessThanOrEqual(16);
    const during = at.filter(
      (x) => x.path === "/cgi-bin/user/get" && x.t > blockedUntil - 60_000 + 1 && x.t < blockedUntil,
    );
    expect(during).toHaveLength(0);
    expect(waits.some((w) => w.cause === "blocked" && w.endpoint === "userGet")).toBe(true);
    // A tag/get during the block is not held.
    const t0 = time.now();
    await time.run(client.getTag(1));
    expect(time.now()).toBe(t0);
  });

  it("fails with the 45009 after waiting out `maxBlocks` blocks (an hour or day block outlasts any run)", async () => {
    const time = fakeTime();
    const fake = new FakeWecom().always("/cgi-bin/user/get", {
      errcode: 45009,
      errmsg: "api freq out of limit",
    });
    const { client } = paced(time, fake, { pacing: { maxBlocks: 2 } });
    const e = await time.run(rejectionOf(client.getMember("u1")));
    expect((e as WecomApiError).errcode).toBe(45009);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/user/get")).toHaveLength(3);
    expect(time.now() - START_MS).toBe(120_000);
  });

  it("without pacing (benchmarks), 45009 is retried like -1 with backoff", async () => {
    const { client, fake, sleeps } = harness({ pacing: false });
    fake.on("/cgi-bin/tag/get", { errcode: 45009 }, TAG_GET);
    await client.getTag(1);
    expect(sleeps).toEqual([75]);
  });

  it("gettoken goes through the same attempt loop: -1 is retried with backoff, a bad secret is not", async () => {
    const { client, fake, sleeps } = harness();
    fake.on("/cgi-bin/gettoken", { errcode: -1 });
    fake.always("/cgi-bin/tag/get", TAG_GET);
    await client.getTag(1);
    expect(fake.log.slice(0, 3)).toEqual([
      "GET /cgi-bin/gettoken",
      "GET /cgi-bin/gettoken",
      "GET /cgi-bin/tag/get token=TOKEN-1",
    ]);
    expect(sleeps).toEqual([75]);
  });
});

describe("batching has one owner", () => {
  it("Role hands the client every added member at once; past 1,000 every batch is sent and the partial failure names refused members of all of them", async () => {
    const fake = new FakeWecom();
    const added = Array.from({ length: 2500 }, (_, i) => `m${i}`);
    fake.always("/cgi-bin/tag/get", { errcode: 0, tagname: "t", userlist: [], partylist: [] });
    fake.on(
      "/cgi-bin/tag/addtagusers",
      { errcode: 0, errmsg: "ok", invalidlist: "m5|m7" },
      { errcode: 0, errmsg: "ok" },
      { errcode: 0, errmsg: "ok", invalidlist: "m2400" },
    );
    const { client } = harness({}, fake);
    const calls: number[] = [];
    const spy = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === "addTagMembers")
          return (tagId: number, m: { userIds?: string[] }) => {
            calls.push(m.userIds?.length ?? 0);
            return target.addTagMembers(tagId, m);
          };
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const ctx: ProviderContext = {
      client: () => spy,
      configured: () => ({ contacts: true, archive: false, apps: [] }),
      now: () => new Date(START_MS),
    };
    const e = await rejectionOf(
      role.update(ctx, "7", { name: "t", members: [] }, { name: "t", members: added }, false),
    );
    expect(calls).toEqual([2500]);
    expect(e).toBeInstanceOf(WecomPartialError);
    const p = e as WecomPartialError;
    expect(p.invalidUserIds).toEqual(["m5", "m7", "m2400"]);
    expect(p.batches.map((b) => [b.userIds.length, b.applied])).toEqual([
      [1000, "partial"],
      [1000, "all"],
      [500, "partial"],
    ]);
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/tag/addtagusers")).toHaveLength(3);
  });
});
