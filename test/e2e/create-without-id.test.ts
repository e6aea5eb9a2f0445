/**
 * A tag/create that WeCom applies but answers without its tagid (issue 8), end to end with the sandbox's
 * omit fault: the first `pulumi up` refuses the answer precisely and records no role; the next plain
 * `pulumi up` converges by itself — the create meets 40071, finds the tag by name and adopts it, proven the
 * stack's own by the create-intent journal (src/provider/intents.ts) — with no duplicate tag and no manual
 * `tag_id:` line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStackExport } from "../../src/pulumi/stack-export";
import { WecomClient } from "../../src/wecom";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E } from "./harness";

describe("tag/create answered without its tagid (real CLI, plugin, sandbox)", () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E("create-without-id", { policies: DEMO_POLICIES });
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "the faulted up refuses precisely; the next up adopts the tags it made and converges, each tag once",
    async () => {
      const client = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { contacts: e.creds.contacts_secret },
      });
      const before = new Set((await client.listTags()).map((t) => t.tagId));
      await e.sandbox.console("faults", {
        omitFields: [{ path: "/cgi-bin/tag/create", field: "tagid", count: 100 }],
      });
      const faulted = await e.pulumi("up", "--yes", "--skip-preview");
      expect(faulted.code, faulted.stdout + faulted.stderr).not.toBe(0);
      expect(faulted.stdout + faulted.stderr).toContain("tagid is missing, expected a number");
      const made = (await client.listTags()).filter((t) => !before.has(t.tagId));
      expect(made.length).toBeGreaterThan(0);

      await fetch(`${e.sandbox.url}/__console/faults`, { method: "DELETE" });
      const next = await e.pulumi("up", "--yes", "--skip-preview");
      expect(next.code, next.stdout + next.stderr).toBe(0);
      const tags = await client.listTags();
      expect(tags.length, "no duplicate tag").toBe(new Set(tags.map((t) => t.name)).size);
      // The tags the faulted run made are the ones the stack now manages.
      const state = parseStackExport((await e.ws.run(["stack", "export", "--stack", e.ws.stack])).stdout);
      const roleIds = new Set(state.resources.filter((r) => r.type === "wecom:index:Role").map((r) => r.id));
      for (const t of made) expect(roleIds.has(String(t.tagId)), t.name).toBe(true);
      const clean = await e.pulumi("preview", "--expect-no-changes");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    },
    TIMEOUT * 2,
  );
});
