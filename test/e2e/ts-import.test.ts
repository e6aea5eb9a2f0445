/**
 * `pulumi import` in this project's TypeScript program (issue 11). The program is generated from
 * policies/ (src/program), so it has no place for generated code, and our language host does not
 * generate any: the documented path is `pulumi import --generate-code=false` under the logical name the
 * program gives the object (the policy key; `roster`, `archive`, `handover`), with the object in the
 * policy files. Here a second stack on the same tenant and the same policy files imports every object the
 * first one manages — every resource type — writes nothing to WeCom, and then previews with no changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSandboxStack } from "../../src/pulumi/sandbox-stack";
import { parseStackExport } from "../../src/pulumi/stack-export";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E } from "./harness";

describe("pulumi import into the TypeScript program (real CLI, plugin, sandbox)", () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E("ts-import", { policies: DEMO_POLICIES });
    const up = await e.pulumi("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "every resource type imports with --generate-code=false under its policy key and previews with no changes",
    async () => {
      const managed = await e.ws.run(["stack", "export", "--stack", e.ws.stack]);
      expect(managed.code, managed.stderr).toBe(0);
      const resources = parseStackExport(managed.stdout)
        .resources.filter((r) => r.type.startsWith("wecom:index:"))
        .map((r) => ({ type: r.type, name: r.urn.split("::").at(-1)!, id: r.id }));
      expect(new Set(resources.map((r) => r.type))).toEqual(
        new Set([
          "wecom:index:Role",
          "wecom:index:AppSettings",
          "wecom:index:AppAccess",
          "wecom:index:MemberStatus",
          "wecom:index:ArchiveScope",
          "wecom:index:CustomerHandover",
          "wecom:index:InterceptRule",

          "wecom:index:CheckinRule",
        ]),
      );

      // A second stack for the same tenant and policy files, with nothing in its state.
      const b = await configureSandboxStack(e.sandbox, e.dir, DEMO_POLICIES, `${e.ws.stack}-b`);
      const run = async (...args: string[]) => {
        const r = await b.run([...args, ...b.stackArgs()]);
        e.outputs.push(r.stdout, r.stderr);
        return r;
      };
      const file = path.join(e.dir, "import.json");
      fs.writeFileSync(file, JSON.stringify({ resources }));
      await e.resetLog();
      const imp = await run("import", "--file", file, "--yes", "--generate-code=false");
      expect(imp.code, imp.stdout + imp.stderr).toBe(0);
      expect(await e.writes(), "an import writes nothing to WeCom").toEqual([]);
      const state = parseStackExport((await b.run(["stack", "export", "--stack", b.stack])).stdout);
      expect(state.resources.filter((r) => r.type.startsWith("wecom:index:"))).toHaveLength(resources.length);

      const clean = await run("preview", "--expect-no-changes", "--diff");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      expect(await e.writes()).toEqual([]);
      for (const s of e.secrets) for (const out of e.outputs) expect(out).not.toContain(s);
    },
    TIMEOUT * 2,
  );
});
