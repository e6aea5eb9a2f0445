/**
 * Pulumi YAML end to end: examples/yaml (a role and an app's settings) with the real CLI, the real Pulumi
 * YAML language host (built by scripts/setup-pulumi.sh), the real provider plugin and the sandbox process.
 * Preview writes nothing; up applies; a console change shows as drift with exit 7. `pulumi import` of
 * every resource type generates YAML that previews with no changes and writes nothing, and an import of
 * an object the stack already manages is refused, naming the resource that manages it.
 * Each test has its own sandbox and stack on a copy of the program (its plugin path made absolute), so it
 * stands alone and may add the imported resources to its copy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_DIR, PulumiWorkspace, SANDBOX_PASSPHRASE } from "../../src/pulumi/workspace";
import { startE2E, TIMEOUT, type E2E } from "./harness";

/** A sandbox process and a stack of its own on a copy of examples/yaml, so each test stands alone. */
async function yamlStack(name: string) {
  const e = await startE2E(`yaml-${name}`);
  const project = path.join(e.dir, "project");
  fs.mkdirSync(project);
  const program = fs
    .readFileSync(path.join(PROJECT_DIR, "examples", "yaml", "Pulumi.yaml"), "utf8")
    .replace("path: ../../bin", `path: ${path.join(PROJECT_DIR, "bin")}`);
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), program);
  const ws = new PulumiWorkspace({
    stateDir: path.join(e.dir, "state"),
    stack: `yaml-${name}-${process.pid}`,
    passphrase: SANDBOX_PASSPHRASE,
    projectDir: project,
  });
  await ws.ensureStack();
  await ws.setConfig("wecom:corpId", e.creds.corpid);
  await ws.setConfig("wecom:corpSecret", e.creds.contacts_secret, true);
  await ws.setConfig("wecom:archiveSecret", e.creds.archive_secret, true);
  await ws.setConfig("wecom:checkinSecret", e.creds.checkin_secret, true);
  await ws.setConfig("wecom:appSecrets", JSON.stringify(e.creds.app_secrets), true);
  await ws.setConfig("wecom:customerAgentId", "1000003");
  await ws.setConfig("wecom:baseUrl", e.sandbox.url);
  const run = async (...args: string[]) => {
    const r = await ws.run([...args, ...ws.stackArgs()]);
    e.outputs.push(r.stdout, r.stderr);
    return r;
  };
  const output = async (key: string) => {
    const r = await ws.run(["stack", "output", "--json", "--stack", ws.stack]);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as Record<string, number>)[key];
  };
  return { e, ws, project, run, output };
}

describe("Pulumi YAML program with the wecom provider (examples/yaml)", () => {
  const open: E2E[] = [];
  afterAll(async () => {
    for (const e of open) await e.close();
  });

  it(
    "previews without writing, applies, and shows a console change as drift (exit 7)",
    async () => {
      const { e, run, output } = await yamlStack("drift");
      open.push(e);
      await e.resetLog();
      const preview = await run("preview", "--json");
      expect(preview.code, preview.stderr).toBe(0);
      const steps = (JSON.parse(preview.stdout) as { steps: { op: string; urn: string }[] }).steps;
      expect(
        steps.filter((s) => s.op === "create").map((s) => s.urn.split("::").slice(2).join("::")),
      ).toEqual(
        expect.arrayContaining(["wecom:index:Role::finance-approvers", "wecom:index:AppSettings::field-app"]),
      );
      expect(await e.writes()).toEqual([]);

      const up = await run("up", "--yes", "--skip-preview");
      expect(up.code, up.stderr + up.stdout).toBe(0);
      const id = await output("financeApproversTagId");
      expect(id).toBeGreaterThan(0);

      await e.sandbox.console("tag/addusers", { tagid: id, userlist: ["liuyang"], operator: "sunhao" });
      const drift = await run("preview", "--refresh", "--expect-no-changes", "--diff");
      expect(drift.code, drift.stderr).toBe(7);
      expect(drift.stdout).toContain("liuyang");

      const converge = await run("up", "--yes", "--refresh", "--skip-preview");
      expect(converge.code, converge.stderr).toBe(0);
      const clean = await run("preview", "--refresh", "--expect-no-changes");
      expect(clean.code, clean.stderr + clean.stdout).toBe(0);
      for (const s of e.secrets) for (const out of e.outputs) expect(out).not.toContain(s);
    },
    TIMEOUT * 2,
  );

  it(
    "imports every resource type as YAML that previews with no changes, and refuses a second import",
    async () => {
      const { e, ws, project, run, output } = await yamlStack("import");
      open.push(e);
      const up = await run("up", "--yes", "--skip-preview");
      expect(up.code, up.stderr + up.stdout).toBe(0);
      const importFile = path.join(e.dir, "import.json");
      fs.writeFileSync(
        importFile,
        JSON.stringify({
          resources: [
            { type: "wecom:index:Role", name: "outsourcers", id: "100" },
            { type: "wecom:index:AppSettings", name: "hr-app", id: "1000005" },
            { type: "wecom:index:AppAccess", name: "hr-app-access", id: "1000005" },
            { type: "wecom:index:MemberStatus", name: "roster", id: "members" },
            { type: "wecom:index:ArchiveScope", name: "archive", id: "archive" },
            { type: "wecom:index:CustomerHandover", name: "handover", id: "handover" },
            // The console-made chat intercept rule of the demo seed (not in any policy): adopted, never deleted.
            { type: "wecom:index:InterceptRule", name: "sales-reminder", id: "ir000001" },

            { type: "wecom:index:CheckinRule", name: "hq-checkin", id: "1" },
          ],
        }),
      );
      const generated = path.join(e.dir, "imported.yaml");
      await e.resetLog();
      const imp = await run("import", "--file", importFile, "--yes", "--out", generated);
      expect(imp.code, imp.stderr + imp.stdout).toBe(0);
      expect(await e.writes(), "an import writes nothing to WeCom").toEqual([]);
      const code = fs.readFileSync(generated, "utf8");
      for (const t of [
        "Role",
        "AppSettings",
        "AppAccess",
        "MemberStatus",
        "ArchiveScope",
        "CustomerHandover",
        "InterceptRule",

        "CheckinRule",
      ])
        expect(code).toMatch(new RegExp(`type: wecom:(index:)?${t}\n`));

      // Paste the generated resources into the program, as Pulumi's message says.
      const body = code.replace(/^resources:\n/m, "");
      const program = fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8");
      fs.writeFileSync(path.join(project, "Pulumi.yaml"), program.replace(/^outputs:/m, `${body}\noutputs:`));
      const same = await run("preview", "--expect-no-changes", "--diff");
      expect(same.code, same.stderr + same.stdout).toBe(0);
      expect(await e.writes()).toEqual([]);

      // The stack manages the 财务审批 tag as finance-approvers: importing it again is refused by name.
      const id = await output("financeApproversTagId");
      const again = await run("import", "wecom:index:Role", "approvers-again", String(id), "--yes");
      expect(again.code).not.toBe(0);
      expect(again.stdout + again.stderr).toContain(
        `is already managed by this stack as "finance-approvers"`,
      );
      const state = await ws.run(["stack", "export", "--stack", ws.stack]);
      expect(state.stdout).not.toContain("approvers-again");
    },
    TIMEOUT * 2,
  );
});
