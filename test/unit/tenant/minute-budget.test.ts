import { describe, expect, it } from "vitest";
import { MinuteBudget } from "../../../src/tenant";

describe("MinuteBudget (user/get pacing under WeCom's per-minute limit)", () => {
  it("lets `limit` calls start at once, then makes the next wait until the oldest is 60 s old", async () => {
    let t = 1_000_000;
    const sleeps: number[] = [];
    const budget = new MinuteBudget(
      3,
      () => t,
      async (ms) => {
        sleeps.push(ms);
        t += ms;
      },
    );
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await budget.take();
      starts.push(t);
      t += 1000;
    }
    expect(starts.map((x) => x - 1_000_000)).toEqual([0, 1000, 2000, 60_000, 61_000, 62_000, 120_000]);
    expect(sleeps).toEqual([57_000, 57_000]);
    // The real property: no 60 s window ever holds more than 3 starts.
    for (let i = 0; i + 3 < starts.length; i++)
      expect(starts[i + 3]! - starts[i]!).toBeGreaterThanOrEqual(60_000);
  });

  it("serves concurrent callers in order and never exceeds the limit in any window", async () => {
    let t = 0;
    const budget = new MinuteBudget(
      5,
      () => t,
      async (ms) => {
        t += ms;
      },
    );
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 23 }, () => budget.take().then(() => starts.push(t))));
    expect(starts).toHaveLength(23);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    for (let i = 0; i + 5 < starts.length; i++)
      expect(starts[i + 5]! - starts[i]!).toBeGreaterThanOrEqual(60_000);
    // 23 calls at 5 per minute need four full minutes of waiting, no more.
    expect(starts[22]).toBe(240_000);
  });
});
