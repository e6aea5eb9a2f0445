/**
 * `wecom-policy import` end to end, nothing faked: the sandbox tenant process, the real CLI as a child
 * process, the real Pulumi CLI and provider plugin. After hand-made console changes, import writes
 * policy files that load cleanly, adopts the tenant into a stack without a single WeCom write, and the
 * drift check on that stack is clean. Where the HR roster and WeCom disagree, the roster's fact is kept
 * and the conflict names its line. Each test has its own sandbox process and directories, so it stands
 * alone. Needs `npx tsc -p .` first (the CLI, program and plugin run from dist/).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadPolicies } from "../../src/policy";
import { PROJECT_DIR, PulumiWorkspace, SANDBOX_PASSPHRASE } from "../../src/pulumi/workspace";
import { WecomClient } from "../../src/wecom";
import { runCli as cli, startE2E, TIMEOUT, type E2E } from "./harness";

/**
 * A sandbox of the demo company as an existing tenant looks: a tag made through the API, people added to it
 * by hand, an app's range widened to that tag, a member disabled in the console whom HR lists as active
 * (staff001), and — unless `fanbingEnabled` — the leaver fanbing already disabled, as HR's roster says.
 */
async function existingTenant(open: E2E[], name: string, opts: { fanbingEnabled?: boolean } = {}) {
  const e = await startE2E(`import-${name}`);
  open.push(e);
  const contacts = new WecomClient({
    baseUrl: e.sandbox.url,
    corpId: e.creds.corpid,
    secrets: { contacts: e.creds.contacts_secret },
  });
  const tagId = await contacts.createTag("审计观察员");
  await e.sandbox.console("tag/addusers", {
    operator: "sunhao",
    tagid: tagId,
    userlist: ["gaoyan", "guojun"],
  });
  await e.sandbox.console("agent/visible_range", { operator: "sunhao", agentid: 1000004, tags: [tagId] });
  await e.sandbox.console("user/enable", { operator: "sunhao", userid: "staff001", enable: 0 });
  if (!opts.fanbingEnabled)
    await e.sandbox.console("user/enable", { operator: "sunhao", userid: "fanbing", enable: 0 });
  await e.resetLog();
  return { e, tagId };
}

const rosterLine = (userid: string) =>
  fs
    .readFileSync(path.join(PROJECT_DIR, "policies", "people.csv"), "utf8")
    .split("\n")
    .findIndex((l) => l.startsWith(`${userid},`)) + 1;

describe("wecom-policy import", () => {
  const open: E2E[] = [];
  afterAll(async () => {
    for (const e of open) await e.close();
  });

  it(
    "writes valid policy files and adopts the tenant with no WeCom write; the drift check is clean",
    async () => {
      const { e, tagId } = await existingTenant(open, "adopt");
      const out = path.join(e.dir, "policies");
      const stateDir = path.join(e.dir, "ws");
      const r = await cli(["import", "--sandbox", e.sandbox.url, "--out", out, "--state-dir", stateDir]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/2 roles 角色, 4 apps 应用, 200 members 成员 \(2 leavers/);
      expect(r.stdout).toContain(", 1 intercept rules 敏感词规则");
      expect(r.stdout).toMatch(/drift check clean/);
      // HR lists staff001 as active: kept, and the disagreement names the roster's line (Chinese, then English).
      expect(r.stderr).toContain(`! 花名册记录 staff001 在职（people.csv:${rosterLine("staff001")}:1）`);
      expect(r.stderr).toContain(
        `\n  The roster says staff001 is active per people.csv:${rosterLine("staff001")}:1, but the account is disabled in WeCom: kept as active`,
      );
      // Secrets never reach the output.
      for (const secret of e.secrets) expect(r.stdout + r.stderr).not.toContain(secret);
      expect(await e.writes()).toEqual([]);

      const loaded = await loadPolicies(out);
      expect(loaded.ok, loaded.ok ? "" : JSON.stringify(loaded.problems, null, 1)).toBe(true);
      if (!loaded.ok) return;
      const m = loaded.model;
      const role = m.roles.find((x) => x.tagId === tagId)!;
      expect(role).toMatchObject({
        key: `tag-${tagId}`,
        tagName: "审计观察员",
        owner: "liuyang",
        members: ["gaoyan", "guojun"],
      });
      expect(role.purpose).toMatch(/^TODO/);
      expect(m.roles.find((x) => x.tagId === 100)?.members).toHaveLength(12);
      expect(m.apps.find((a) => a.agentId === 1000004)?.visibleRange).toMatchObject({
        departments: [7, 8],
        roles: [`tag-${tagId}`],
        tags: [],
      });
      expect(m.apps.find((a) => a.agentId === 1000002)).toMatchObject({
        key: "field-assistant",
        sensitiveData: true,
        maxAdmins: 2,
        location: { mode: "on-enter", consentPurpose: "location-tracking" },
      });
      // The HR roster decides who has left and when, not WeCom's enabled flag.
      expect(m.people.byId.get("staff001")).toMatchObject({ status: "active" });
      expect(m.people.byId.get("zhengkai")).toMatchObject({
        status: "left",
        leaveDate: "2026-11-01",
        name: "郑凯",
      });
      expect(m.people.byId.get("fanbing")).toMatchObject({ status: "left", leaveDate: "2026-11-20" });
      expect(m.archive).toMatchObject({
        enabled: true,
        members: ["huangtao", "maxiaoyu", "wuqiang", "xuli"],
        legalBasis: "consent",
      });
      expect(fs.readFileSync(path.join(out, "roles.yaml"), "utf8")).toMatch(
        /^# yaml-language-server: .*\n#\n# 角色.*\n#\n# 由 wecom-policy import .*ww5a1d0c0ffee00001/,
      );
      // The console-made chat intercept rule is written with its rule_id (adopted) and a TODO purpose.
      expect(m.protection.interceptRules).toMatchObject([
        {
          key: "rule-ir000001",
          ruleId: "ir000001",
          name: "销售私下交易提醒",
          action: "warn",
          semantics: ["red_packet"],
          departments: [5],
          members: [],
        },
      ]);
      expect(m.protection.interceptRules[0]!.purpose).toMatch(/^TODO/);
      expect(parse(fs.readFileSync(path.join(out, "consent.yaml"), "utf8"))).toEqual(
        parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "consent.yaml"), "utf8")),
      );

      // The stack's state holds every resource; a fresh drift check against it changes nothing.
      await e.resetLog();
      const ws = new PulumiWorkspace({ stateDir, stack: "sandbox", passphrase: SANDBOX_PASSPHRASE });
      const exported = await ws.run(["stack", "export", "--stack", "sandbox", "--non-interactive"]);
      const types = (
        JSON.parse(exported.stdout) as { deployment: { resources: { type: string }[] } }
      ).deployment.resources.map((x) => x.type);
      expect(types.filter((t) => t === "wecom:index:Role")).toHaveLength(2);
      expect(types.filter((t) => t === "wecom:index:AppSettings")).toHaveLength(4);
      expect(types.filter((t) => t === "wecom:index:InterceptRule")).toHaveLength(1);
      const check = await ws.run(["preview", "--refresh", "--expect-no-changes", ...ws.stackArgs()]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(await e.writes()).toEqual([]);

      // Re-import into the same stack and directory (the iterate-and-complete loop): the same data, the
      // unfinished purpose still listed in the header, the stack unchanged, still no write.
      const read = (f: string) => fs.readFileSync(path.join(out, f), "utf8");
      const before = Object.fromEntries(
        ["roles.yaml", "apps.yaml", "archive.yaml", "tenant.yaml", "people.yaml"].map((f) => [
          f,
          parse(read(f)),
        ]),
      );
      const roster = read("people.csv");
      const again = await cli([
        "import",
        "--sandbox",
        e.sandbox.url,
        "--base",
        out,
        "--out",
        out,
        "--state-dir",
        stateDir,
      ]);
      expect(again.code, again.stderr).toBe(0);
      for (const [f, data] of Object.entries(before)) expect(parse(read(f)), f).toEqual(data);
      expect(read("people.csv")).toBe(roster);
      expect(read("roles.yaml")).toMatch(
        new RegExp(`# +Role tag-${tagId} \\(tag "审计观察员"\\) still has no purpose`),
      );
      expect(await e.writes()).toEqual([]);
    },
    2 * TIMEOUT, // two imports, each adopting with pulumi up and a drift check
  );

  it(
    "a leaver HR lists whose account is still enabled stays a leaver; the conflict names people.csv's line and blocks adoption",
    async () => {
      const { e } = await existingTenant(open, "leaver", { fanbingEnabled: true });
      const out = path.join(e.dir, "policies");
      const stateDir = path.join(e.dir, "ws");
      const r = await cli(["import", "--sandbox", e.sandbox.url, "--out", out, "--state-dir", stateDir]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toContain(
        `✗ fanbing 已于 2026-11-20 离职（people.csv:${rosterLine("fanbing")}:1），但其企业微信账号仍启用`,
      );
      expect(r.stderr).toContain(
        `  fanbing left on 2026-11-20 per people.csv:${rosterLine("fanbing")}:1, but the account is still enabled in WeCom`,
      );
      expect(r.stdout).toMatch(/Adopting would write to WeCom; nothing was adopted/);
      expect(fs.readFileSync(path.join(out, "people.csv"), "utf8")).toMatch(
        /\nfanbing,范冰,9,left,2026-11-20\n/,
      );
      expect(fs.existsSync(path.join(stateDir, "backend"))).toBe(false);
      // --no-adopt writes the same files and succeeds: `pulumi up` is then the reviewed step that disables.
      const noAdopt = await cli(["import", "--sandbox", e.sandbox.url, "--out", out, "--no-adopt"]);
      expect(noAdopt.code, noAdopt.stderr).toBe(0);
      expect(noAdopt.stderr).toMatch(/fanbing left on 2026-11-20/);
      expect(await e.writes()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "a live tenant that breaks a mandatory control is reported (bilingual, file:line) and not adopted",
    async () => {
      // The HR leaver zhengkai (disabled in WeCom) still holds a tag: WC.ACC.1 fails on the imported files.
      const { e } = await existingTenant(open, "gate");
      await e.sandbox.console("tag/addusers", { operator: "sunhao", tagid: 100, userlist: ["zhengkai"] });
      const out = path.join(e.dir, "bad");
      const stateDir = path.join(e.dir, "ws-bad");
      const r = await cli(["import", "--sandbox", e.sandbox.url, "--out", out, "--state-dir", stateDir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/WC\.ACC\.1v1 role:tag-100/);
      expect(r.stderr).toMatch(/roles\.yaml:\d+:\d+ \/roles\/tag-100\/members\/\d+/);
      expect(r.stderr).toMatch(/zhengkai/);
      expect(r.stdout).toMatch(/nothing was adopted/);
      expect(fs.existsSync(path.join(stateDir, "backend"))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "a re-import whose base renames a role's key keeps the tag: the stack follows the rename (alias), no WeCom write",
    async () => {
      // Issue 8: renaming a key while keeping its tag_id (which import writes for every role) used to delete
      // the tag through the old key and then fail to import it under the new one.
      const { e, tagId } = await existingTenant(open, "rename");
      const out = path.join(e.dir, "policies");
      const stateDir = path.join(e.dir, "ws");
      const first = await cli(["import", "--sandbox", e.sandbox.url, "--out", out, "--state-dir", stateDir]);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const base = path.join(e.dir, "renamed");
      fs.cpSync(out, base, { recursive: true });
      const roles = path.join(base, "roles.yaml");
      fs.writeFileSync(roles, fs.readFileSync(roles, "utf8").replace(`  tag-${tagId}:`, "  auditors:"));
      await e.resetLog();
      const r = await cli([
        "import",
        "--sandbox",
        e.sandbox.url,
        "--base",
        base,
        "--out",
        out,
        "--state-dir",
        stateDir,
      ]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(await e.writes()).toEqual([]);
      const ws = new PulumiWorkspace({ stateDir, stack: "sandbox", passphrase: SANDBOX_PASSPHRASE });
      const exported = await ws.run(["stack", "export", "--stack", "sandbox", "--non-interactive"]);
      const roleUrns = (
        JSON.parse(exported.stdout) as { deployment: { resources: { urn: string; id?: string }[] } }
      ).deployment.resources
        .filter((res) => res.urn.includes("::wecom:index:Role::"))
        .map((res) => `${res.urn.split("::").pop()} ${res.id}`);
      expect(roleUrns).toContain(`auditors ${tagId}`);
      expect(roleUrns).not.toContain(`tag-${tagId} ${tagId}`);
      const creds = e.creds;
      const contacts = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: creds.corpid,
        secrets: { contacts: creds.contacts_secret },
      });
      expect((await contacts.getTag(tagId)).userIds.sort()).toEqual(["gaoyan", "guojun"]);
    },
    2 * TIMEOUT, // an import that adopts, then the refused one
  );

  it("a real tenant without --stack is a usage error before any call", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-e2e-import-usage-"));
    try {
      const env = {
        WECOM_CORP_ID: "ww-not-called",
        WECOM_CORP_SECRET: "x",
        WECOM_BASE_URL: "http://127.0.0.1:9",
      };
      const r = await cli(["import", "--out", path.join(dir, "none")], env);
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(/--stack/);
      expect(fs.existsSync(path.join(dir, "none"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
