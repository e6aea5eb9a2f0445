/** The progress line: counts, elapsed time and the wait reason on a TTY; nothing extra without one. */
import { describe, expect, it } from "vitest";
import { duration, fit, perMinuteLimit, startProgress } from "../../../src/progress";
import type { Lang } from "../../../src/text";

function harness(tty: boolean, lang: Lang = "en") {
  let t = 1_000_000;
  let out = "";
  let tick: (() => void) | undefined;
  let cleared = false;
  const p = startProgress({
    label: { zh: "导入：成员", en: "import: members" },
    total: 10_000,
    lang,
    tty,
    write: (s) => void (out += s),
    columns: () => 200,
    now: () => t,
    setInterval: (fn) => {
      tick = fn;
      return {};
    },
    clearInterval: () => void (cleared = true),
  });
  return {
    p,
    out: () => out,
    /** The live line as a terminal shows it now. */
    screen: () => out.split("\r\x1b[2K").at(-1) ?? "",
    advance(ms: number) {
      t += ms;
      tick?.();
    },
    timerStarted: () => tick !== undefined,
    cleared: () => cleared,
  };
}

describe("startProgress on a TTY", () => {
  it("shows counts, and while paced the reason and a countdown that moves every heartbeat", () => {
    const h = harness(true);
    h.p.update(5000);
    // Updates are throttled to 10 a second; the heartbeat draws the latest counts.
    h.advance(1000);
    expect(h.screen()).toBe("import: members 5000/10000 (50%) · 1 s elapsed");
    h.p.waiting(perMinuteLimit("user/get", 8000), 1_001_000 + 59_000);
    expect(h.screen()).toBe(
      "import: members 5000/10000 (50%) · 1 s elapsed · waiting: WeCom's per-minute limit (8,000 user/get calls a minute), resumes in 59 s",
    );
    // Nothing else happens for a while: the heartbeat still redraws, with the countdown.
    h.advance(1000);
    h.advance(1000);
    expect(h.screen()).toMatch(/· 3 s elapsed · waiting: .*, resumes in 57 s$/);
    h.advance(57_000);
    h.p.tick();
    h.advance(1000);
    expect(h.screen()).toBe("import: members 5001/10000 (50%) · 1 min 1 s elapsed");
  });

  it("reads natively in Chinese", () => {
    const h = harness(true, "zh");
    h.p.update(5000);
    h.p.waiting(perMinuteLimit("user/get", 8000), 1_000_000 + 61_000);
    expect(h.screen()).toBe(
      "导入：成员 5000/10000 (50%) · 已用 0 秒 · 等待：企业微信每分钟限调用 user/get 8,000 次，1 分 1 秒后继续",
    );
  });

  it("prints log lines above the live line and clears it on stop", () => {
    const h = harness(true);
    h.p.update(10);
    h.advance(1000);
    h.p.log("import: apps");
    expect(h.out()).toContain("\r\x1b[2Kimport: apps\n");
    expect(h.screen()).toMatch(/^import: members 10\/10000/);
    h.p.stop();
    expect(h.out().endsWith("\r\x1b[2K")).toBe(true);
    expect(h.cleared()).toBe(true);
    h.p.update(11);
    expect(h.out().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("a new phase restarts the counts", () => {
    const h = harness(true);
    h.p.update(10);
    h.p.phase({ zh: "导入：应用", en: "import: apps" }, 3);
    expect(h.screen()).toBe("import: apps 0/3 (0%) · 0 s elapsed");
  });
});

describe("startProgress without a TTY (CI)", () => {
  it("writes only the log lines and starts no timer", () => {
    const h = harness(false);
    h.p.update(5000);
    h.p.waiting(perMinuteLimit("user/get", 8000), 1_059_000);
    h.p.log("import: apps");
    h.p.tick();
    h.p.stop();
    expect(h.out()).toBe("import: apps\n");
    expect(h.timerStarted()).toBe(false);
  });
});

describe("helpers", () => {
  it("duration", () => {
    expect(duration(41_000, "en")).toBe("41 s");
    expect(duration(125_000, "en")).toBe("2 min 5 s");
    expect(duration(125_000, "zh")).toBe("2 分 5 秒");
    expect(duration(-5, "en")).toBe("0 s");
  });
  it("fit cuts to the terminal width, counting Han as two columns", () => {
    expect(fit("abcdef", 10)).toBe("abcdef");
    expect(fit("abcdefghijkl", 6)).toBe("abcde…");
    expect(fit("导入成员导入成员", 7)).toBe("导入成…");
  });
});
