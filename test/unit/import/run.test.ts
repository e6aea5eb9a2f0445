/**
 * runImport end to end in memory: a fake fetch plays a small WeCom tenant (no network), the repository's
 * demo policies are the base, files go to a temporary directory and are checked by the real loader and
 * legal gate.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readLiveTenant } from "../../../src/import/live";
import { ImportUsageError, readBase, runImport } from "../../../src/import/run";
import { main } from "../../../src/cli/main";
import { startProgress } from "../../../src/progress";
import { boot } from "../sandbox/harness";
import { WecomClient } from "../../../src/wecom";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BASE = path.join(ROOT, "policies");
const NOW = new Date("2026-11-28T04:00:00Z");

interface FakeTenant {
  tags: { tagid: number; tagname: string; users: string[]; parties: number[] }[];
  users: { userid: string; department: number; status: 1 | 2 | 4 | 5 }[];
  archive: string[];
}

/** The demo company as WeCom would show it, with the named tweaks of each test. */
function demoTenant(): FakeTenant {
  const rows = fs.readFileSync(path.join(BASE, "people.csv"), "utf8").trim().split("\n").slice(1);
  return {
    tags: [
      {
        tagid: 100,
        tagname: "外包人员",
        users: Array.from({ length: 12 }, (_, i) => `staff${170 + i}`),
        parties: [],
      },
      { tagid: 5, tagname: "财务审批", users: ["chenjing", "zhaolei", "zhangwei"], parties: [] },
    ],
    users: rows.map((r) => {
      const [userid, , dept] = r.split(",");
      return { userid: userid!, department: Number(dept), status: userid === "zhengkai" ? 2 : 1 };
    }),
    archive: ["wuqiang", "xuli", "huangtao", "maxiaoyu"],
  };
}

const APPS: Record<
  number,
  {
    name: string;
    description: string;
    loc: 0 | 1;
    enter: 0 | 1;
    host: string;
    parties: number[];
    admins: [string, 0 | 1][];
  }
> = {
  1000002: {
    name: "外勤助手",
    description: "外勤工单、到场打卡与客户现场记录 / Field work orders and on-site check-in",
    loc: 1,
    enter: 1,
    host: "field",
    parties: [9],
    admins: [
      ["sunhao", 1],
      ["linfeng", 0],
    ],
  },
  1000003: {
    name: "销售助手",
    description: "客户管理与客户联系接口应用 / Customer management; the customer-contact API app",
    loc: 0,
    enter: 0,
    host: "crm",
    parties: [5],
    admins: [
      ["sunhao", 1],
      ["wuqiang", 1],
    ],
  },
  1000004: {
    name: "合规审计",
    description:
      "读取管理端与成员操作日志，用于日志留存与漂移归因 / Reads operation logs for retention and drift attribution",
    loc: 0,
    enter: 0,
    host: "audit",
    parties: [7, 8],
    admins: [["sunhao", 1]],
  },
  1000005: {
    name: "HR助手",
    description: "员工档案、假期与薪资单查询 / Employee records, leave and payslips",
    loc: 0,
    enter: 0,
    host: "hr",
    parties: [1],
    admins: [["wangfang", 1]],
  },
};
const DEPTS = [
  "星河智造",
  "总经办",
  "人力资源部",
  "财务部",
  "销售部",
  "研发部",
  "信息技术部",
  "法务合规部",
  "现场服务部",
];

function fakeFetch(t: FakeTenant, calls: string[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const p = url.pathname.replace("/cgi-bin/", "");
    calls.push(p);
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    const agent = Number(url.searchParams.get("agentid") ?? body["agentid"]);
    const ok = (o: object) =>
      new Response(JSON.stringify({ errcode: 0, errmsg: "ok", ...o }), {
        headers: { "content-type": "application/json" },
      });
    switch (p) {
      case "gettoken":
        return ok({ access_token: `tok-${url.searchParams.get("corpsecret")}`, expires_in: 7200 });
      case "department/list":
        return ok({ department: DEPTS.map((name, i) => ({ id: i + 1, name, parentid: i === 0 ? 0 : 1 })) });
      case "tag/list":
        return ok({ taglist: t.tags.map((x) => ({ tagid: x.tagid, tagname: x.tagname })) });
      case "tag/get": {
        const tag = t.tags.find((x) => x.tagid === Number(url.searchParams.get("tagid")))!;
        return ok({
          tagname: tag.tagname,
          userlist: tag.users.map((userid) => ({ userid, name: userid })),
          partylist: tag.parties,
        });
      }
      case "user/list_id":
        return ok({
          next_cursor: "",
          dept_user: t.users.map((u) => ({ userid: u.userid, department: u.department })),
        });
      case "user/list": {
        // path/90201: the members directly in one department, with the user/get fields.
        const d = Number(url.searchParams.get("department_id"));
        return ok({
          userlist: t.users
            .filter((u) => u.department === d)
            .map((u) => ({
              userid: u.userid,
              name: `N-${u.userid}`,
              department: [u.department],
              main_department: u.department,
              status: u.status,
              enable: u.status === 2 ? 0 : 1,
            })),
        });
      }
      case "user/get": {
        const u = t.users.find((x) => x.userid === url.searchParams.get("userid"))!;
        return ok({
          userid: u.userid,
          name: `N-${u.userid}`,
          department: [u.department],
          main_department: u.department,
          status: u.status,
          enable: u.status === 2 ? 0 : 1,
        });
      }
      case "agent/get": {
        const a = APPS[agent]!;
        return ok({
          agentid: agent,
          name: a.name,
          description: a.description,
          allow_userinfos: { user: [] },
          allow_partys: { partyid: a.parties },
          allow_tags: { tagid: [] },
          close: 0,
          redirect_domain: `${a.host}.xinghe-demo.cn`,
          report_location_flag: a.loc,
          isreportenter: a.enter,
          home_url: `https://${a.host}.xinghe-demo.cn`,
        });
      }
      case "agent/get_admin_list":
        return ok({ admin: APPS[agent]!.admins.map(([userid, auth_type]) => ({ userid, auth_type })) });
      case "msgaudit/get_permit_user_list":
        return ok({ ids: t.archive });
      default:
        return ok({});
    }
  }) as typeof fetch;
}

describe("runImport", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-import-unit-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (t: FakeTenant, calls: string[], over: { baseDir?: string; outDir?: string } = {}) =>
    runImport({
      baseDir: over.baseDir ?? BASE,
      outDir: over.outDir ?? path.join(dir, "out"),
      client: new WecomClient({
        baseUrl: "https://wecom.test",
        corpId: "ww5a1d0c0ffee00001",
        secrets: {
          contacts: "c",
          archive: "a",
          apps: Object.fromEntries(Object.keys(APPS).map((k) => [k, `s${k}`])),
        },
        readOnly: true,
        fetch: fakeFetch(t, calls),
        retry: { maxAttempts: 1 },
      }),
      corpId: "ww5a1d0c0ffee00001",
      agentIds: Object.keys(APPS).map(Number),
      archive: true,
      now: NOW,
      schemaDir: "../schemas",
      lang: "en",
    });

  it("writes files that pass the loader and the legal gate, keeping the base's human fields, with reads only", async () => {
    const calls: string[] = [];
    const r = await run(demoTenant(), calls);
    expect(r.report).toBe("");
    expect(r.valid).toBe(true);
    expect(
      calls.filter(
        (c) =>
          !/^(gettoken|department\/list|tag\/(list|get)|user\/(list_id|list|get)|agent\/(get|get_admin_list)|msgaudit\/get_permit_user_list)$/.test(
            c,
          ),
      ),
    ).toEqual([]);
    // Status in bulk: one user/list per department, no user/get.
    expect(calls.filter((c) => c === "user/list").length).toBe(DEPTS.length);
    expect(calls.filter((c) => c === "user/get")).toEqual([]);
    expect(r.files).toEqual([
      "apps.yaml",
      "archive.yaml",
      "checkin.yaml",
      "consent-ledger.csv",
      "consent.yaml",
      "crossborder.yaml",
      "people.csv",
      "people.yaml",
      "records.yaml",
      "retention.yaml",
      "roles.yaml",
      "tenant.yaml",
      "waivers.yaml",
    ]);
    const out = r.outDir;
    const roles = parse(fs.readFileSync(path.join(out, "roles.yaml"), "utf8")).roles;
    // Matched by tag name: the base's key, purpose and owner; the tag id to adopt.
    expect(roles["finance-approvers"]).toMatchObject({
      tag_id: 5,
      owner: "chenjing",
      members: ["chenjing", "zhangwei", "zhaolei"],
    });
    expect(roles["finance-approvers"].purpose).toMatch(/^Approve payments above 50,000 CNY/);
    expect(roles["tag-100"]).toMatchObject({ owner: "liuyang" });
    for (const f of [
      "consent.yaml",
      "retention.yaml",
      "records.yaml",
      "crossborder.yaml",
      "waivers.yaml",
      "consent-ledger.csv",
    ])
      expect(fs.readFileSync(path.join(out, f), "utf8"), f).toBe(fs.readFileSync(path.join(BASE, f), "utf8"));
    const csv = fs.readFileSync(path.join(out, "people.csv"), "utf8");
    expect(csv).toContain("\nzhengkai,郑凯,5,left,2026-11-01\n");
    // HR's record of a leaver is kept although WeCom still has the account enabled; the conflict names the row.
    expect(csv).toContain("\nfanbing,范冰,9,left,2026-11-20\n");
    expect(r.merged.conflicts.map((c) => [c.kind, c.blocking, c.where])).toEqual([
      ["leaver-enabled", true, "people.csv:20:1"],
    ]);
    expect(r.merged.conflicts[0]!.en).toMatch(
      /^fanbing left on 2026-11-20 per people\.csv:20:1, but the account is still enabled in WeCom/,
    );
    expect(csv).toContain("\nstaff001,N-staff001,3,active,\n");
    expect(fs.readFileSync(path.join(out, "roles.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schemas\/roles\.schema\.json\n/,
    );
  });

  it("re-importing with the output as base gives the same files (idempotent)", async () => {
    const out = path.join(dir, "out");
    await run(demoTenant(), []);
    const first = Object.fromEntries(
      fs.readdirSync(out).map((f) => [f, fs.readFileSync(path.join(out, f), "utf8")]),
    );
    const again = await run(demoTenant(), [], { baseDir: out, outDir: out });
    expect(again.valid).toBe(true);
    const second = Object.fromEntries(
      fs.readdirSync(out).map((f) => [f, fs.readFileSync(path.join(out, f), "utf8")]),
    );
    // The second run's headers drop the one-time notes about the original base (roles without a tag,
    // takeovers, fanbing); the data is the same, and from then on the bytes are too.
    for (const f of Object.keys(first))
      if (f.endsWith(".yaml")) expect(parse(second[f]!), f).toEqual(parse(first[f]!));
      else expect(second[f], f).toBe(first[f]);
    const third = await run(demoTenant(), [], { baseDir: out, outDir: out });
    expect(third.valid).toBe(true);
    for (const f of Object.keys(second))
      expect(fs.readFileSync(path.join(out, f), "utf8"), f).toBe(second[f]);
  });

  it("a live state that breaks a mandatory control is reported with file:line and the run is not valid", async () => {
    // HR says fanbing left; WeCom still has him in the finance approvers' tag.
    const t = demoTenant();
    t.tags.find((x) => x.tagid === 5)!.users.push("fanbing");
    const r = await run(t, []);
    expect(r.valid).toBe(false);
    expect(r.report).toMatch(/WC\.ACC\.1v1 role:finance-approvers/);
    expect(r.report).toMatch(/roles\.yaml:\d+:\d+ \/roles\/finance-approvers\/members\/1/);
  });

  it("a member HR lists as active but WeCom has disabled stays active; the conflict names the roster line", async () => {
    const t = demoTenant();
    t.users.find((u) => u.userid === "zhaolei")!.status = 2;
    const r = await run(t, []);
    expect(r.valid).toBe(true);
    const line =
      fs
        .readFileSync(path.join(BASE, "people.csv"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("zhaolei,")) + 1;
    expect(fs.readFileSync(path.join(r.outDir, "people.csv"), "utf8")).toMatch(
      /\nzhaolei,[^,]*,\d+,active,\n/,
    );
    expect(r.merged.conflicts.find((c) => c.kind === "active-disabled")).toMatchObject({
      blocking: false,
      where: `people.csv:${line}:1`,
    });
  });

  it("an archived member whose consent the base ledger records as withdrawn: ledger kept, the ledger row named", async () => {
    const t = demoTenant();
    t.archive.push("fanbing");
    const r = await run(t, []);
    const c = r.merged.conflicts.find((x) => x.kind === "archive-without-consent");
    // fanbing never consented to chat-archive: the conflict points at archive.yaml's consent purpose.
    expect(c).toMatchObject({ blocking: false, where: expect.stringMatching(/^archive\.yaml:\d+:\d+$/) });
    expect(fs.readFileSync(path.join(r.outDir, "consent-ledger.csv"), "utf8")).toBe(
      fs.readFileSync(path.join(BASE, "consent-ledger.csv"), "utf8"),
    );
  });

  it("a missing base directory is a usage error", async () => {
    await expect(readBase(path.join(dir, "nope"))).rejects.toBeInstanceOf(ImportUsageError);
    fs.mkdirSync(path.join(dir, "empty"));
    await expect(readBase(path.join(dir, "empty"))).rejects.toThrow(/no tenant\.yaml/);
  });
});

describe("import progress (a fake terminal: counts, and the reason for a wait, redrawn every second)", () => {
  const client = (t: FakeTenant) =>
    new WecomClient({
      baseUrl: "https://wecom.test",
      corpId: "ww5a1d0c0ffee00001",
      secrets: { contacts: "c" },
      readOnly: true,
      fetch: fakeFetch(t, []),
      retry: { maxAttempts: 1 },
    });

  it("while WeCom blocks user/get (45009), the line says so and counts down each heartbeat", async () => {
    let t = 1_000_000;
    // One clock for the client and the reader: the reader hears the client's waits through its budgets.
    const clock = () => t;
    let out = "";
    let heartbeat: (() => void) | undefined;
    const line = startProgress({
      label: { zh: "导入", en: "import" },
      lang: "en",
      tty: true,
      write: (x) => void (out += x),
      columns: () => 200,
      now: clock,
      setInterval: (fn, ms) => {
        expect(ms).toBeLessThanOrEqual(1000);
        heartbeat = fn;
        return {};
      },
      clearInterval: () => {},
    });
    const screen = () => out.split("\r\x1b[2K").at(-1) ?? "";
    const seen: string[] = [];
    const tenant = fakeFetch(demoTenant(), []);
    let userGets = 0;
    const answer = (errcode: number, errmsg: string) =>
      new Response(JSON.stringify({ errcode, errmsg }), { status: 200 });
    // The sync secret may not read in bulk (48009, since 2022-08-15): member by member, and the 101st
    // user/get is refused: WeCom blocks user/get for a minute (wecom-api.md §7.2).
    const blocking = (async (input: string | URL | Request, init?: RequestInit) => {
      const p = new URL(String(input)).pathname;
      if (p === "/cgi-bin/user/list") return answer(48009, "api forbidden for contact assistant");
      if (p === "/cgi-bin/user/get" && ++userGets === 101) return answer(45009, "api freq out of limit");
      return tenant(input, init);
    }) as typeof fetch;
    const live = await readLiveTenant(
      new WecomClient({
        baseUrl: "https://wecom.test",
        corpId: "ww5a1d0c0ffee00001",
        secrets: { contacts: "c" },
        readOnly: true,
        fetch: blocking,
        retry: { maxAttempts: 1 },
        // A burst wider than the 200 user/get, so the only wait is WeCom's block (this fake sleep turns even
        // a few ms of pacing into a heartbeat).
        pacing: { burstShare: 0.05, steadyShare: 0.9 },
        now: clock,
        // The 60 s block, as a terminal sees it: a heartbeat every second and nothing else happening.
        sleep: async (ms) => {
          for (let waited = 0; waited < ms; waited += 1000) {
            t += 1000;
            heartbeat!();
            seen.push(screen());
          }
        },
      }),
      { corpId: "ww5a1d0c0ffee00001", agentIds: [], archive: false, sink: line, concurrency: 1, now: clock },
    );
    line.stop();
    expect(live.members.length).toBeGreaterThan(100);
    const n = live.members.length;
    expect(seen[0]).toBe(
      `import: members 100/${n} (${Math.floor((100 / n) * 100)}%) · 1 s elapsed · waiting: WeCom blocked user/get for a minute (45009, over its per-minute limit), resumes in 59 s`,
    );
    expect(seen[29]).toMatch(
      / · waiting: WeCom blocked user\/get for a minute \(45009, [^)]+\), resumes in 30 s$/,
    );
    // Every heartbeat of the wait drew a line with the countdown, and the read went on after it.
    expect(seen.filter((l) => / resumes in \d+ s$/.test(l)).length).toBeGreaterThanOrEqual(59);
    expect(userGets).toBe(n + 1);
    expect(out.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("the command draws the live line only when stderr is a terminal; without one, only the step lines", async () => {
    const h = await boot({ seed: "demo" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-import-progress-"));
    try {
      const runCmd = async (tty: boolean) => {
        let err = "";
        let stdout = "";
        const code = await main(
          [
            "node",
            "wecom-policy",
            "import",
            "--sandbox",
            h.url,
            "--out",
            path.join(dir, String(tty)),
            "--no-adopt",
            "--lang",
            "en",
          ],
          { stdout: (x) => void (stdout += x), stderr: (x) => void (err += x), stderrTTY: tty },
        );
        return { code, err, stdout };
      };
      const ci = await runCmd(false);
      expect(ci.code, ci.err + ci.stdout).toBe(0);
      expect(ci.err).not.toContain("\r");
      expect(ci.err).not.toMatch(/import: members \d+\/\d+/);
      // Every member's status in one user/list per department (the demo tenant has 9), not 200 user/get.
      expect(ci.err).toMatch(/^import: {3}members \(user\/list_id \+ user\/list × 9 departments\)$/m);
      const tty = await runCmd(true);
      expect(tty.code, tty.err).toBe(0);
      expect(tty.err).toMatch(/\r\x1b\[2Kimport: member details \d+\/9 \(\d+%\) · \d+ s elapsed/);
      // The same step lines reach both; the terminal also got the live line, cleared at the end.
      const steps = (s: string) =>
        s.split(/\r\x1b\[2K|\n/).filter((l) => l.startsWith("import: ") && !/ · /.test(l));
      expect(steps(tty.err)).toEqual(steps(ci.err).map((l) => l.replace(String(false), String(true))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await h.close();
    }
  });
});
