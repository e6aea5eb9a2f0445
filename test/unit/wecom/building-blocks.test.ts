import { describe, expect, it } from "vitest";
import {
  invalidUsersFromWire,
  memberDepartmentsFromRows,
  memberStatusFromWire,
} from "../../../src/wecom/mapper";
import { Semaphore } from "../../../src/wecom/semaphore";
import { TokenCache } from "../../../src/wecom/token-cache";
import { redact } from "../../../src/wecom/transport";

describe("mapper", () => {
  it("splits invalidlist on '|' and ignores empty parts", () => {
    expect(invalidUsersFromWire({ invalidlist: "a|b" })).toEqual(["a", "b"]);
    expect(invalidUsersFromWire({ invalidlist: "" })).toEqual([]);
    expect(invalidUsersFromWire({})).toEqual([]);
  });

  it("merges list_id rows per member with sorted, unique departments", () => {
    expect(
      memberDepartmentsFromRows([
        { userid: "b", department: 9 },
        { userid: "a", department: 3 },
        { userid: "b", department: 2 },
        { userid: "b", department: 9 },
      ]),
    ).toEqual([
      { userId: "b", departmentIds: [2, 9] },
      { userId: "a", departmentIds: [3] },
    ]);
  });

  it("maps every documented member status", () => {
    expect([1, 2, 4, 5].map(memberStatusFromWire)).toEqual(["active", "disabled", "inactive", "exited"]);
  });
});

describe("Semaphore", () => {
  it("runs at most `capacity` tasks at once, in arrival order", async () => {
    const gate = new Semaphore(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      gate.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => release.push(r));
        running--;
      }),
    );
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("rejects a capacity below 1", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe("TokenCache", () => {
  it("does not let a stale token evict a fresh one", async () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    let n = 0;
    const issue = async () => ({ token: `t${++n}`, expiresInS: 7200 });
    expect(await cache.get("k", issue)).toBe("t1");
    cache.invalidate("k", "t1");
    expect(await cache.get("k", issue)).toBe("t2");
    cache.invalidate("k", "t1");
    expect(await cache.get("k", issue)).toBe("t2");
    now += 7200 * 1000;
    expect(await cache.get("k", issue)).toBe("t3");
  });

  it("a failed gettoken is not cached: the next caller tries again", async () => {
    const cache = new TokenCache(() => 0);
    let fail = true;
    const issue = async () => {
      if (fail) throw new Error("boom");
      return { token: "ok", expiresInS: 7200 };
    };
    await expect(cache.get("k", issue)).rejects.toThrow("boom");
    fail = false;
    expect(await cache.get("k", issue)).toBe("ok");
  });
});

describe("redact", () => {
  it("removes known secrets and any access_token/corpsecret query value", () => {
    expect(redact("x FAKE-s y", ["FAKE-s"])).toBe("x [redacted] y");
    expect(redact("GET /a?corpsecret=abc&access_token=xyz z", [])).toBe(
      "GET /a?corpsecret=[redacted]&access_token=[redacted] z",
    );
  });
});
