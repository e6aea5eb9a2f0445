import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logWindows } from "../../../src/wecom/log-windows";

const WEEK = 7 * 24 * 3600;

describe("logWindows", () => {
  it("tiles [start, end] exactly, each window ≤ 7 days with end_time > start_time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
        fc.integer({ min: 0, max: 200 * 24 * 3600 }),
        (start, span) => {
          const end = start + span;
          const ws = logWindows(start, end);
          expect(ws[0]?.from).toBe(start);
          expect(ws.at(-1)?.endTime).toBe(end);
          ws.forEach((w, i) => {
            expect(w.endTime).toBeGreaterThan(w.startTime);
            expect(w.endTime - w.startTime).toBeLessThan(WEEK);
            expect(w.startTime === w.from || (w.startTime === w.from - 1 && w.endTime === w.from)).toBe(true);
            const next = ws[i + 1];
            if (next) expect(next.from).toBe(w.endTime + 1);
          });
        },
      ),
    );
  });

  it("examples: 7 days − 1 s is one window; 7 days is two, the second a one-second window", () => {
    expect(logWindows(100, 100 + WEEK - 1)).toEqual([{ startTime: 100, endTime: 100 + WEEK - 1, from: 100 }]);
    expect(logWindows(100, 100 + WEEK)).toEqual([
      { startTime: 100, endTime: 100 + WEEK - 1, from: 100 },
      { startTime: 100 + WEEK - 1, endTime: 100 + WEEK, from: 100 + WEEK },
    ]);
    expect(logWindows(100, 99)).toEqual([]);
  });
});
