/** `wecom-policy logs verify` through the command line (no network): exit codes and both languages. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main";
import { ARCHIVE_FILE } from "../../../src/logs/archive";
import { syncLogs } from "../../../src/logs/sync";
import type { ProgressSink } from "../../../src/progress";

const NOW = 1_800_000_000_000;
let dir: string;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "wecom-policy", ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-logs-cli-"));
  const events: string[] = [];
  const progress: ProgressSink = {
    update: () => {},
    tick: () => events.push("tick"),
    phase: (label, total) => events.push(`${label.en} ${total}`),
    waiting: () => {},
    resumed: () => {},
  };
  await syncLogs(
    dir,
    {
      listAdminOperLogs: async (q) =>
        [
          {
            time: NOW / 1000 - 3600,
            userId: "sunhao",
            operType: 3,
            detailInfo: "成员离职：zhengkai",
            ip: "1.1.1.1",
          },
        ].filter((r) => r.time >= q.start && r.time <= q.end),
      listMemberOperLogs: async () => [],
    },
    { corpId: "ww1", now: NOW, progress },
  );
  // The progress line hears of each log's windows and each window done.
  expect(events.filter((e) => e === "tick")).toHaveLength(52);
  expect(events).toContain("logs sync: admin operation log (windows) 26");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("wecom-policy logs verify", () => {
  it("exits 0 on an intact archive, in English and Chinese", async () => {
    const en = await run("logs", "verify", "--archive", dir, "--lang", "en");
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/^the log archive is intact: .*, 55 record\(s\), head 55 [0-9a-f]{64}\n$/);
    const zh = await run("logs", "verify", "--archive", dir, "--lang", "zh");
    expect(zh.out).toMatch(/^日志归档完好：/);
  });

  it("exits 3 naming a deleted record, 1 when there is no archive, 64 on a bad flag", async () => {
    const file = path.join(dir, ARCHIVE_FILE);
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    lines.splice(9, 1);
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const bad = await run("logs", "verify", "--archive", dir, "--lang", "en");
    expect(bad.code).toBe(3);
    expect(bad.out).toBe(
      `the log archive was tampered with (${dir}):\n- deleted: record 10 deleted (expected at line 10)\n`,
    );
    const zh = await run("logs", "verify", "--archive", dir, "--lang", "zh");
    expect(zh.out).toContain("- deleted: 记录 10 被删除（应在第 10 行）");
    const none = await run("logs", "verify", "--archive", path.join(dir, "nothing"), "--lang", "en");
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/does not exist: run `wecom-policy logs sync` first/);
    expect((await run("logs", "verify", "--lang", "fr")).code).toBe(64);
  });

  it("--stack NAME finds the archive under .wecom-policy/logs/NAME, logged in to a Pulumi backend or not", async () => {
    const r = await run("logs", "verify", "--stack", `no-such-stack-${process.pid}`, "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.err).toContain(path.join(".wecom-policy", "logs", `no-such-stack-${process.pid}`));
    expect(r.err).not.toContain("not logged in");
  });
});
