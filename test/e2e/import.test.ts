/**
 * `wecom-policy import` end to end, nothing faked: the sandbox tenant process, the real CLI as a child
 * process, the real Pulumi CLI and provider plugin. After hand-made console changes, import writes
 * policy files that load cleanly, adopts the tenant into a stack without a single WeCom write, and the
 * drift check on that stack is clean. Needs `npx tsc -p .` first (the CLI, program and plugin run from dist/).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SANDBOX_TODAY } from "../../src/today";
import { loadPolicies } from "../../src/policy";
import { startSandboxProcess, type SandboxProcess } from "../../src/pulumi/sandbox-process";
import { PROJECT_DIR, PulumiWorkspace, SANDBOX_PASSPHRASE } from "../../src/pulumi/workspace";
import { cstDay } from "../../src/rules/dates";
import { WecomClient } from "../../src/wecom";
import { runCli as cli, TIMEOUT, type LoggedRequest } from "./harness";

describe("wecom-policy import", () => {
  let dir: string;
  let sandbox: SandboxProcess;
  let tagId: number;
  const requests = async () => (await sandbox.get("/__console/requests")) as LoggedRequest[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-e2e-import-"));
    sandbox = await startSandboxProcess({ stateFile: path.join(dir, "sandbox.json"), seed: "demo" });
    const creds = await sandbox.credentials();
    const contacts = new WecomClient({
      baseUrl: sandbox.url,
      corpId: creds.corpid,
      secrets: { contacts: creds.contacts_secret },
    });
    // What an existing tenant looks like: a tag made through the API, people added by hand, an app's
    // range widened to that tag, and a member disabled in the console.
    tagId = await contacts.createTag("审计观察员");
    await sandbox.console("tag/addusers", {
      operator: "sunhao",
      tagid: tagId,
      userlist: ["gaoyan", "guojun"],
    });
    await sandbox.console("agent/visible_range", { operator: "sunhao", agentid: 1000004, tags: [tagId] });
    await sandbox.console("user/enable", { operator: "sunhao", userid: "staff001", enable: 0 });
    // fanbing left on 2026-11-20 and her location consent ended with it: enabled, she would still be in the
    // location app's range without consent, which stops the import's legal gate (WC.LOC.1).
    await sandbox.console("user/enable", { operator: "sunhao", userid: "fanbing", enable: 0 });
  }, TIMEOUT);

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "writes valid policy files and adopts the tenant with no WeCom write; the drift check is clean",
    async () => {
      const out = path.join(dir, "policies");
      const stateDir = path.join(dir, "ws");
      await sandbox.console("requests/reset", { operator: "e2e" });
      const r = await cli(["import", "--sandbox", sandbox.url, "--out", out, "--state-dir", stateDir]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/2 roles 角色, 4 apps 应用, 200 members 成员 \(3 leavers/);
      expect(r.stdout).toMatch(/drift check clean/);
      // Secrets never reach the output.
      const creds = await sandbox.credentials();
      for (const s of [creds.contacts_secret, creds.archive_secret, ...Object.values(creds.app_secrets)])
        expect(r.stdout + r.stderr).not.toContain(s);

      const logged = await requests();
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.filter((q) => q.write)).toEqual([]);

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
      // The import date is the sandbox stack's pinned "today", the day the program's own checks use.
      expect(m.people.byId.get("staff001")).toMatchObject({
        status: "left",
        leaveDate: cstDay(new Date(SANDBOX_TODAY)),
      });
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
      expect(parse(fs.readFileSync(path.join(out, "consent.yaml"), "utf8"))).toEqual(
        parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "consent.yaml"), "utf8")),
      );

      // The stack's state holds every resource; a fresh drift check against it changes nothing.
      await sandbox.console("requests/reset", { operator: "e2e" });
      const ws = new PulumiWorkspace({ stateDir, stack: "sandbox", passphrase: SANDBOX_PASSPHRASE });
      const exported = await ws.run(["stack", "export", "--stack", "sandbox", "--non-interactive"]);
      const types = (
        JSON.parse(exported.stdout) as { deployment: { resources: { type: string }[] } }
      ).deployment.resources.map((x) => x.type);
      expect(types.filter((t) => t === "wecom:index:Role")).toHaveLength(2);
      expect(types.filter((t) => t === "wecom:index:AppSettings")).toHaveLength(4);
      const check = await ws.run(["preview", "--refresh", "--expect-no-changes", ...ws.stackArgs()]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect((await requests()).filter((q) => q.write)).toEqual([]);

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
        sandbox.url,
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
      expect((await requests()).filter((q) => q.write)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "a live tenant that breaks a mandatory control is reported (bilingual, file:line) and not adopted",
    async () => {
      // A disabled member still holding a role: WC.ACC.1 fails on the imported files.
      await sandbox.console("user/enable", { operator: "sunhao", userid: "gaoyan", enable: 0 });
      const out = path.join(dir, "bad");
      const stateDir = path.join(dir, "ws-bad");
      const r = await cli(["import", "--sandbox", sandbox.url, "--out", out, "--state-dir", stateDir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/WC\.ACC\.1v1 role:tag-\d+/);
      expect(r.stderr).toMatch(/roles\.yaml:\d+/);
      expect(r.stderr).toMatch(/gaoyan/);
      expect(r.stdout).toMatch(/nothing was adopted/);
      expect(fs.existsSync(path.join(stateDir, "backend"))).toBe(false);
      await sandbox.console("user/enable", { operator: "sunhao", userid: "gaoyan", enable: 1 });
    },
    TIMEOUT,
  );

  it(
    "a re-import that would delete or update a resource of the stack is refused before pulumi up",
    async () => {
      // Renaming a role's key in the base would make `up` delete the old Role and import the tag again
      // under the new name: import previews the existing stack first and stops.
      const out = path.join(dir, "policies");
      const base = path.join(dir, "renamed");
      fs.cpSync(out, base, { recursive: true });
      const roles = path.join(base, "roles.yaml");
      fs.writeFileSync(roles, fs.readFileSync(roles, "utf8").replace(`  tag-${tagId}:`, "  auditors:"));
      await sandbox.console("requests/reset", { operator: "e2e" });
      const r = await cli([
        "import",
        "--sandbox",
        sandbox.url,
        "--base",
        base,
        "--out",
        path.join(dir, "renamed-out"),
        "--state-dir",
        path.join(dir, "ws"),
      ]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(/would update or delete resources; nothing was applied/);
      // The provider refuses to import the tag under a second name, naming the resource that manages it.
      expect(r.stderr).toMatch(new RegExp(`already managed by this stack as \\\\?"tag-${tagId}\\\\?"`));
      expect((await requests()).filter((q) => q.write)).toEqual([]);
    },
    TIMEOUT,
  );

  it("a real tenant without --stack is a usage error before any call", async () => {
    const env = {
      WECOM_CORP_ID: "ww-not-called",
      WECOM_CORP_SECRET: "x",
      WECOM_BASE_URL: "http://127.0.0.1:9",
    };
    const r = await cli(["import", "--out", path.join(dir, "none")], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stack/);
    expect(fs.existsSync(path.join(dir, "none"))).toBe(false);
  });
});
