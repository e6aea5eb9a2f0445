/**
 * `wecom-policy watch` end to end: the sandbox process calls back (its URL verification, then signed and
 * encrypted change_contact events), the real CLI receives them, runs the targeted drift check through the
 * real Pulumi CLI and provider plugin, and alerts through the sandbox's group robot. A console change to a
 * role reaches the robot naming the member and the control (the latency is printed; the bound asserted is
 * generous: this suite asserts behaviour, `npm run bench -- watch` measures); an in-sync event sends
 * nothing; a burst of 100 events is one check; SIGTERM stops it cleanly. Nothing is written to WeCom.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRECT_TYPES } from "../../src/drift/direct";
import { runDrift } from "../../src/drift/run";
import { parseStackExport } from "../../src/pulumi/stack-export";
import { PROJECT_DIR } from "../../src/pulumi/workspace";
import { DRIFT_LIVE_CONTROLS, type ControlId } from "../../src/rules";
import { runCli, startE2E, TIMEOUT, type E2E } from "./harness";

const TOKEN = "e2eWatchToken";
const AES = "e2eWatchEncodingAesKey0123456789abcdefghijk";
const ROBOT_KEY = "e2e-robot-key";
/** Generous: a loaded 2-core machine has taken over 30 s for one preview. Figures: `npm run bench -- watch`. */
const LATENCY_BOUND_MS = Number(process.env["WECOM_POLICY_WATCH_LATENCY_BOUND_MS"] ?? 60_000);

interface RobotMessage {
  receivedAt: number;
  content: string;
}

describe("wecom-policy watch (real sandbox callbacks, CLI, pulumi and plugin)", () => {
  let e: E2E;
  let watch: ChildProcess;
  let stdout = "";
  let stderr = "";
  let financeTag = 0;
  let watchUrl = "";

  const messages = async () => (await e.sandbox.get("/__console/robot/messages")) as RobotMessage[];
  const checksDone = () => stderr.match(/check #\d+ done/g)?.length ?? 0;
  const waitFor = async (cond: () => boolean | Promise<boolean>, what: string, ms = TIMEOUT) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    e = await startE2E("watch", { policies: "copy" });
    await e.ws.setConfig("wecom-policy:callbackToken", TOKEN, true);
    await e.ws.setConfig("wecom-policy:callbackEncodingAesKey", AES, true);
    const up = await e.pulumi("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    financeTag = (await e.roleTags())["finance-approvers"]!;
    await e.sandbox.console("robot", { key: ROBOT_KEY });

    watch = spawn(
      process.execPath,
      [
        path.join(PROJECT_DIR, "dist", "cli", "main.js"),
        "watch",
        "--listen",
        "127.0.0.1:0",
        "--state-dir",
        e.dir,
        "--stack",
        e.ws.stack,
        "--debounce",
        "3000",
        "--lang",
        "en",
        "--alert-file",
        path.join(e.dir, "alerts.jsonl"),
      ],
      {
        cwd: PROJECT_DIR,
        env: { ...process.env, WECOM_ROBOT_KEY: ROBOT_KEY },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    watch.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const url = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: watch.stdout! }).once("line", (line) => {
        const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) resolve(m[1]!);
        else reject(new Error(`unexpected first line: ${line}\n${stderr}`));
      });
      watch.once("exit", (code) => reject(new Error(`watch exited with ${code}\n${stderr}`)));
    });
    watchUrl = url;
    watch.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    // As an admin saves the callback settings in the console: WeCom verifies the URL first.
    expect(
      await e.sandbox.console("callback", {
        operator: "sunhao",
        url: `${url}/`,
        token: TOKEN,
        encoding_aes_key: AES,
      }),
    ).toEqual({ ok: true, verified: true });
    await e.resetLog();
  }, TIMEOUT);

  afterAll(async () => {
    if (watch && watch.exitCode === null) watch.kill("SIGKILL");
    await e?.close();
  });

  it(
    "alerts a leaver put back into 财务审批 by hand: the member, who did it, the control, the fix",
    async () => {
      const t0 = Date.now();
      await e.sandbox.console("tag/addusers", {
        operator: "sunhao",
        tagid: financeTag,
        userlist: ["fanbing"],
      });
      await waitFor(async () => (await messages()).length > 0, "the robot message");
      const [msg] = await messages();
      const latency = msg!.receivedAt - t0;
      console.log(`watch: console change → group robot alert in ${latency} ms`);
      expect(latency).toBeLessThan(LATENCY_BOUND_MS);
      expect(msg!.content).toContain("**Role `finance-approvers`** `members[");
      expect(msg!.content).toContain("live `fanbing`");
      expect(msg!.content).toContain("changed by `sunhao`");
      expect(msg!.content).toMatch(/WC\.ACC\.1v1 \(mandatory\).*PIPL Art\. 51\(4\)/);
      expect(msg!.content).toContain("Fix: Run `pulumi up`");
      expect(Buffer.byteLength(msg!.content, "utf8")).toBeLessThanOrEqual(4096);
      const [alert] = stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, any>);
      expect(alert).toMatchObject({
        kind: "drift",
        events: [`update_tag ${financeTag} (+fanbing)`],
        item: {
          type: "Role",
          name: "finance-approvers",
          live: "fanbing",
          changedBy: { operator: "sunhao" },
          controls: [{ id: "WC.ACC.1v1" }],
        },
      });
      // The alert file holds the same JSON line.
      expect(fs.readFileSync(path.join(e.dir, "alerts.jsonl"), "utf8").trim()).toBe(
        stdout.trim().split("\n")[0],
      );
      expect(stderr).toMatch(/check #1: 1 event\(s\) → Role finance-approvers/);
      // Answered from the tenant read, without pulumi (src/drift/direct.ts).
      expect(stderr).toMatch(
        /check #1 done in \d+ ms: .*\(resources read directly: 1, through pulumi preview: 0\)/,
      );
      expect(await e.writes()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "sends nothing for an event after which the tenant matches the policy",
    async () => {
      const before = (await messages()).length;
      const done = checksDone();
      await e.sandbox.console("tag/delusers", {
        operator: "sunhao",
        tagid: financeTag,
        userlist: ["fanbing"],
      });
      await waitFor(() => checksDone() > done, "the check after the undo");
      expect(stderr).toMatch(
        /check #\d+ done in \d+ ms: 0 drift item\(s\), 0 failing mandatory control\(s\), 0 new alert\(s\)/,
      );
      expect((await messages()).length).toBe(before);
    },
    TIMEOUT,
  );

  it(
    "alerts a leaver re-enabled by hand: MemberStatus and the leaver control",
    async () => {
      const before = (await messages()).length;
      await e.sandbox.console("user/enable", { operator: "zhoumin", userid: "fanbing", enable: 1 });
      await waitFor(async () => (await messages()).length > before, "the robot message");
      const msg = (await messages()).at(-1)!.content;
      expect(msg).toContain("fanbing");
      expect(msg).toMatch(/WC\.LVR\.1v1 \(mandatory\)/);
      expect(stderr).toMatch(/event update_user fanbing/);
      expect(stderr).toMatch(/check #\d+: 1 event\(s\) → .*MemberStatus roster/);
      expect(stderr).toMatch(/check #\d+ done in \d+ ms: .*through pulumi preview: 0\)/);
      // Undo by hand: the next check finds the tenant in sync again and sends nothing.
      const done = checksDone();
      await e.sandbox.console("user/enable", { operator: "zhoumin", userid: "fanbing", enable: 0 });
      await waitFor(() => checksDone() > done, "the check after the undo");
      expect((await messages()).length).toBe(before + 1);
    },
    TIMEOUT,
  );

  it(
    "makes one check of a burst of 100 events (the burst fits the --debounce quiet period)",
    async () => {
      const done = checksDone();
      const before = (await messages()).length;
      for (let i = 0; i < 50; i++) {
        await e.sandbox.console("tag/addusers", {
          operator: "sunhao",
          tagid: financeTag,
          userlist: ["liuyang"],
        });
        await e.sandbox.console("tag/delusers", {
          operator: "sunhao",
          tagid: financeTag,
          userlist: ["liuyang"],
        });
      }
      await waitFor(() => checksDone() > done, "the burst's check");
      // Had the burst been split, its second part would be checked after this one: wait for the quiet period.
      await new Promise((r) => setTimeout(r, 10_000));
      const checks = stderr.match(/check #\d+: \d+ event\(s\)/g)!.slice(done);
      expect(checks).toEqual([expect.stringMatching(/: 100 event\(s\)$/)]);
      expect((await messages()).length).toBe(before);
      expect(await e.writes()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "the direct check finds the same items, citations and attribution as pulumi preview",
    async () => {
      // One hand-made change of each kind watch reads directly: a role's members, a leaver re-enabled, the
      // archive range, an app's visible range and admins.
      const changes: [string, Record<string, unknown>, Record<string, unknown>][] = [
        ["tag/addusers", { tagid: financeTag, userlist: ["fanbing", "liuyang"] }, { action: "tag/delusers" }],
        ["tag/delusers", { tagid: financeTag, userlist: ["zhaolei"] }, { action: "tag/addusers" }],
        ["user/enable", { userid: "fanbing", enable: 1 }, { enable: 0 }],
        ["msgaudit/permit", { add: ["liuyang"] }, { add: undefined, remove: ["liuyang"] }],
        ["agent/visible_range", { agentid: 1000005, users: ["liuyang"] }, { users: [] }],
        [
          "agent/admins",
          {
            agentid: 1000005,
            admins: [
              { userid: "wangfang", auth_type: 1 },
              { userid: "liuyang", auth_type: 1 },
            ],
          },
          { admins: [{ userid: "wangfang", auth_type: 1 }] },
        ],
      ];
      for (const [action, body] of changes) await e.sandbox.console(action, { operator: "sunhao", ...body });
      const exported = await e.ws.run(["stack", "export", "--stack", e.ws.stack, "--non-interactive"]);
      const state = parseStackExport(exported.stdout).resources;
      const targets = state
        .filter((r) => DIRECT_TYPES.has(r.type.replace("wecom:index:", "")))
        .map((r) => r.urn)
        .sort();
      const scope = { targets, controls: new Set<ControlId>(DRIFT_LIVE_CONTROLS) };
      const now = new Date();
      const direct = await runDrift(e.ws, { now, sinceDays: 1, scope, state });
      const preview = await runDrift(e.ws, { now, sinceDays: 1, scope });
      if (!("report" in direct) || !("report" in preview))
        throw new Error(`a check failed: ${JSON.stringify([direct, preview])}`);
      expect(direct.compared).toEqual({ direct: targets.length, preview: 0 });
      expect(preview.compared).toEqual({ direct: 0, preview: targets.length });
      const kinds = new Set(direct.report.items.map((i) => i.type));
      expect([...kinds].sort()).toEqual(["AppAccess", "ArchiveScope", "MemberStatus", "Role"]);
      expect(direct.report.items).toEqual(preview.report.items);
      expect(direct.report.law).toEqual(preview.report.law);
      expect(direct.report.notes).toEqual(preview.report.notes);
      for (const [action, body, undo] of changes) {
        const { action: other, ...rest } = undo as { action?: string };
        const back = Object.fromEntries(
          Object.entries({ ...body, ...rest }).filter(([, v]) => v !== undefined),
        );
        await e.sandbox.console(other ?? action, { operator: "sunhao", ...back });
      }
    },
    TIMEOUT,
  );

  it(
    "refuses a forged callback with one log line, and stops gracefully on SIGTERM",
    async () => {
      const forged = await fetch(
        `${watchUrl}/?msg_signature=${"0".repeat(40)}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1`,
        {
          method: "POST",
          body: "<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[AAAA]]></Encrypt></xml>",
        },
      );
      expect(forged.status).toBe(403);
      await waitFor(() => /refused POST from .*: bad msg_signature/.test(stderr), "the refusal's log line");
      const lines = stderr.split("\n").length;
      const exit = new Promise<number | null>((r) => watch.once("exit", (code) => r(code)));
      watch.kill("SIGTERM");
      expect(await exit).toBe(0);
      expect(
        stderr
          .split("\n")
          .slice(lines - 1)
          .join("\n"),
      ).toMatch(/SIGTERM: stopping[\s\S]*stopped/);
      for (const s of [...e.secrets, TOKEN, AES, ROBOT_KEY]) expect(stdout + stderr).not.toContain(s);
      const r = await runCli(["watch", "--listen", "nonsense"]);
      expect(r.code).toBe(64);
    },
    TIMEOUT,
  );
});
