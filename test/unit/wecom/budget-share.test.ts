/**
 * Issue 12, "one per-minute budget per endpoint and principal, shared by everything": the budget
 * coordinator's protocol (src/wecom/budget-share.ts). Two links stand for two processes; the coordinator's
 * clock is a fake one, so reservations are read as instants without waiting for them.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WecomClient } from "../../../src/wecom";
import { BudgetLink, startBudgetCoordinator, type BudgetCoordinator } from "../../../src/wecom/budget-share";
import type { BudgetKey } from "../../../src/wecom/pacing";
import { CONTACTS_SECRET, CORP_ID, FakeWecom, START_MS } from "./fake-wecom";

const KEY: BudgetKey = {
  baseUrl: "http://wecom.test",
  corpId: CORP_ID,
  principal: "contacts",
  endpoint: "userGet",
};
const LIMITS = { perMinute: 20, perHour: 150_000 };

const open: BudgetCoordinator[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

/** A coordinator on a fake clock of its own (its budgets are not the test process's). */
async function coordinator(state = { now: START_MS }) {
  const now = () => state.now;
  const c = await startBudgetCoordinator({ now });
  open.push(c);
  /** A process's link to it, on the same clock, with no stderr line. */
  const link = () => new BudgetLink(c.socketPath, now, () => undefined);
  return { c, state, now, link };
}

/** Resolves once `cond` holds (I/O on the socket), checking every turn of the event loop. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
}

describe("budget coordinator", () => {
  it("lives in a fresh directory only its user may enter, and removes it when closed", async () => {
    const { c } = await coordinator();
    const dir = path.dirname(c.socketPath);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(c.socketPath).isSocket()).toBe(true);
    await c.close();
    open.length = 0;
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("two processes sharing one budget never exceed the limit in any minute", async () => {
    const { c, link } = await coordinator();
    const a = link();
    const b = link();
    // Both ask for 30 turns at once, interleaved: every answer is the instant that call may start.
    const waits = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).reserve(KEY, LIMITS)),
    );
    const starts = waits.map((w) => START_MS + w!).sort((x, y) => x - y);
    for (const s of starts) {
      const inMinute = starts.filter((t) => t >= s && t < s + 60_000).length;
      // 5 % at once and 90 % a minute of 20: at most 19 in any 60 s.
      expect(inMinute).toBeLessThanOrEqual(19);
    }
    expect(c.stats.permits).toBe(60);
    // Separate budgets would each have started one call at once and paced 18 a minute: 36 together.
    expect(starts.filter((t) => t < START_MS + 60_000).length).toBeLessThanOrEqual(19);
  });

  it("a 45009 reported by one process makes the other wait the block out", async () => {
    const { c, state, link } = await coordinator();
    const a = link();
    const b = link();
    expect(await a.reserve(KEY, LIMITS)).toBeLessThanOrEqual(0);
    expect(await b.reserve(KEY, LIMITS)).toBeGreaterThan(0);
    state.now += 120_000;
    a.report(KEY, LIMITS, 50);
    // Pushed to b at once, before b asks for anything.
    await until(() => b.blockedUntil(KEY) > state.now);
    expect(b.blockedUntil(KEY)).toBe(state.now + 60_000);
    expect(c.stats.blocks).toBe(1);
    // b's next turn is after the block; so is a's.
    expect(await b.reserve(KEY, LIMITS)).toBeGreaterThanOrEqual(60_000);
    expect(await a.reserve(KEY, LIMITS)).toBeGreaterThanOrEqual(60_000);
    // Another key (another API) is not held.
    expect(await b.reserve({ ...KEY, endpoint: "tagGet" }, LIMITS)).toBeLessThanOrEqual(0);
    // A process that links during the block learns it from its first answer.
    const late = link();
    expect(await late.reserve(KEY, LIMITS)).toBeGreaterThanOrEqual(60_000);
    expect(late.blockedUntil(KEY)).toBe(state.now + 60_000);
  });

  it("answers to calls sent before a known block do not extend it", async () => {
    const { state, link } = await coordinator();
    const a = link();
    await a.reserve(KEY, LIMITS);
    a.report(KEY, LIMITS, 0);
    await until(() => a.blockedUntil(KEY) === START_MS + 60_000);
    state.now += 1_000;
    a.report(KEY, LIMITS, 2_000);
    await a.reserve(KEY, LIMITS);
    expect(a.blockedUntil(KEY)).toBe(START_MS + 60_000);
  });

  it("closes a connection that sends what is not its protocol, and serves the others", async () => {
    const { c, link } = await coordinator();
    for (const bad of [
      "not json",
      JSON.stringify({ id: 1, op: "reserve", key: ["u", "c", "contacts", "noSuchEndpoint"], ...LIMITS }),
      JSON.stringify({
        id: 1,
        op: "reserve",
        key: ["u", "c", "contacts", "userGet"],
        perMinute: -1,
        perHour: 1,
      }),
      "x".repeat(10_000),
    ]) {
      const s = net.createConnection(c.socketPath);
      s.write(`${bad}\n`);
      await new Promise((r) => s.on("close", r));
    }
    expect(c.stats.refused).toBe(4);
    const a = link();
    expect(await a.reserve(KEY, LIMITS)).toBeLessThanOrEqual(0);
  });
});

describe("without the coordinator", () => {
  it("a missing socket: the link is down at once, said once in both languages", async () => {
    const warn = vi.fn();
    const link = new BudgetLink("/nonexistent/wecom-policy-budget.sock", Date.now, warn);
    expect(await link.reserve(KEY, LIMITS)).toBeUndefined();
    expect(link.down).toBe(true);
    expect(await link.reserve(KEY, LIMITS)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    const text = String(warn.mock.calls[0]![0]);
    expect(text).toContain("WECOM_POLICY_BUDGET_SOCKET");
    expect(text).toContain("50 % of WeCom's limits");
    expect(text).toContain("共享的企业微信调用预算不可用");
  });

  it("a coordinator that goes away: the link falls back, and the calls waiting get no turn from it", async () => {
    const { c, state } = await coordinator();
    const warn = vi.fn();
    const link = new BudgetLink(c.socketPath, () => state.now, warn);
    expect(await link.reserve(KEY, LIMITS)).toBeLessThanOrEqual(0);
    await c.close();
    open.length = 0;
    await until(() => link.down);
    expect(await link.reserve(KEY, LIMITS)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("a client given a dead socket still completes every call, paced at half of each limit", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const state = { now: START_MS };
      const at: number[] = [];
      const fake = new FakeWecom().always("/cgi-bin/user/get", (req) => {
        at.push(state.now);
        return {
          errcode: 0,
          errmsg: "ok",
          userid: req.query["userid"],
          name: "n",
          department: [1],
          status: 1,
        };
      });
      const client = new WecomClient({
        baseUrl: "http://wecom.test",
        corpId: CORP_ID,
        secrets: { contacts: CONTACTS_SECRET },
        fetch: fake.fetch.bind(fake),
        now: () => state.now,
        // Sleeps move the fake clock: the calls' starting instants are what is checked.
        sleep: async (ms) => {
          state.now += Math.max(0, ms);
        },
        perMinute: { userGet: 40 },
        budgetSocket: "/nonexistent/wecom-policy-budget.sock",
      });
      for (let i = 0; i < 30; i++) await client.getMember(`u${i}`);
      expect(at).toHaveLength(30);
      // Half of 40 a minute: 5 % at once (1), 90 % a minute (18) — never the 38 a minute of the full share.
      for (const s of at) expect(at.filter((t) => t >= s && t < s + 60_000).length).toBeLessThanOrEqual(19);
      const said = stderr.mock.calls.map((c) => String(c[0])).filter((t) => t.includes("BUDGET_SOCKET"));
      expect(said.length).toBeLessThanOrEqual(1);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe("what crosses the socket", () => {
  it("a request per call naming endpoint and principal, never a secret or a token", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budget-test-"));
    const sock = path.join(dir, "s.sock");
    const lines: string[] = [];
    // A stand-in coordinator that records every line and lets each call go at once.
    const server = net.createServer((s) => {
      let buf = "";
      s.setEncoding("utf8").on("data", (chunk: string) => {
        buf += chunk;
        for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          lines.push(line);
          const { id } = JSON.parse(line) as { id: number };
          s.write(`${JSON.stringify({ id, waitMs: 0 })}\n`);
        }
      });
    });
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const fake = new FakeWecom().always("/cgi-bin/user/get", (req) => ({
        errcode: 0,
        errmsg: "ok",
        userid: req.query["userid"],
        name: "n",
        department: [1],
        status: 1,
      }));
      const now = () => Date.now();
      const client = new WecomClient({
        baseUrl: "http://wecom.test",
        corpId: CORP_ID,
        secrets: { contacts: CONTACTS_SECRET },
        fetch: fake.fetch.bind(fake),
        now,
        budgetSocket: sock,
      });
      await Promise.all([client.getMember("a"), client.getMember("b")]);
      // gettoken and two user/get: one request each.
      expect(lines).toHaveLength(3);
      const sent = lines.map((l) => JSON.parse(l) as { op: string; key: string[] });
      expect(sent.map((m) => m.key[3]).sort()).toEqual(["gettoken", "userGet", "userGet"]);
      expect(sent.every((m) => m.op === "reserve" && m.key[2] === "contacts")).toBe(true);
      const all = lines.join("\n");
      expect(all).not.toContain(CONTACTS_SECRET);
      for (const t of fake.tokensIssued) expect(all).not.toContain(t);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
