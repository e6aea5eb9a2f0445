/**
 * End to end, nothing faked: the real Pulumi CLI (v3.248.0), the real provider plugin process
 * (bin/pulumi-resource-wecom), the program compiled from src/program, and the sandbox tenant as its own
 * HTTP process — for wecom:index:Role (WeCom tags). A test that needs a fresh tenant has its own sandbox
 * and stack; the others share one applied stack and leave it in sync, so each test stands alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WecomClient } from "../../src/wecom";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E } from "./harness";

interface PreviewJson {
  steps: {
    op: string;
    urn: string;
    detailedDiff?: Record<string, { kind: string }> | null;
    oldState?: { outputs?: Record<string, unknown> };
  }[];
}

const ROLES = ["finance-approvers", "hr-data", "wecom-admins", "sales-archive", "field-location"];

describe("wecom:index:Role end to end (real pulumi CLI, plugin process, sandbox process)", () => {
  const open: E2E[] = [];
  afterAll(async () => {
    for (const e of open) await e.close();
  });

  /** A sandbox process and a stack of the demo policies of its own, nothing applied yet. */
  const fresh = async (name: string) => {
    const e = await startE2E(`role-${name}`, { policies: DEMO_POLICIES });
    open.push(e);
    const client = new WecomClient({
      baseUrl: e.sandbox.url,
      corpId: e.creds.corpid,
      secrets: { contacts: e.creds.contacts_secret },
    });
    const tagByName = async (tagName: string) => {
      const tag = (await client.listTags()).find((t) => t.name === tagName);
      return tag ? client.getTag(tag.tagId) : undefined;
    };
    return { e, tagByName };
  };
  /**
   * The demo policies applied with `pulumi up`: the state the drift tests start from. Made once per file and
   * shared; each test that changes the tenant puts it back in sync before it ends, so any one test can run
   * alone (`-t`) or after the others.
   */
  let shared: ReturnType<typeof fresh> | undefined;
  const applied = () =>
    (shared ??= fresh("applied").then(async (t) => {
      const up = await t.e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      return t;
    }));

  it(
    "preview shows every role as a create and writes nothing to WeCom",
    async () => {
      const { e, tagByName } = await fresh("preview");
      await e.resetLog();
      const r = await e.pulumi("preview", "--json");
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as PreviewJson;
      const creates = json.steps.filter((s) => s.op === "create" && s.urn.includes("::wecom:index:Role::"));
      expect(creates.map((s) => s.urn.split("::").pop()).sort()).toEqual([...ROLES].sort());
      expect(await e.writes()).toEqual([]);
      expect(await tagByName("财务审批")).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    "up creates the tags with their members",
    async () => {
      const { e, tagByName } = await fresh("up");
      const r = await e.pulumi("up", "--yes", "--skip-preview");
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const finance = await tagByName("财务审批");
      expect(finance?.userIds.sort()).toEqual(["chenjing", "zhangwei", "zhaolei"]);
      const sales = await tagByName("销售会话存档");
      expect(sales?.userIds.sort()).toEqual(["huangtao", "maxiaoyu", "wuqiang", "xuli"]);
    },
    TIMEOUT,
  );

  it(
    "a member added by hand in the console is drift: preview --refresh --expect-no-changes exits 7 and names the member",
    async () => {
      const { e, tagByName } = await applied();
      const finance = await tagByName("财务审批");
      expect(finance).toBeDefined();
      await e.sandbox.console("tag/addusers", {
        operator: "sunhao",
        tagid: finance!.tagId,
        userlist: ["liuyang"],
      });
      await e.resetLog();

      const r = await e.pulumi("preview", "--refresh", "--expect-no-changes", "--json");
      expect(r.code).toBe(7);
      const json = JSON.parse(r.stdout) as PreviewJson;
      const step = json.steps.find((s) => s.urn.endsWith("::finance-approvers") && s.op !== "refresh");
      expect(step?.op).toBe("update");
      const paths = Object.entries(step?.detailedDiff ?? {});
      expect(paths).toHaveLength(1);
      const [memberPath, diff] = paths[0]!;
      expect(diff.kind).toBe("delete");
      // The path points at the member in the live (refreshed) list.
      const index = Number(/^members\[(\d+)\]$/.exec(memberPath)?.[1]);
      expect((step?.oldState?.outputs?.["members"] as string[])[index]).toBe("liuyang");
      // A drift check reads; it never writes.
      expect(await e.writes()).toEqual([]);
      // Back in sync for whatever runs next.
      await e.sandbox.console("tag/delusers", {
        operator: "sunhao",
        tagid: finance!.tagId,
        userlist: ["liuyang"],
      });
    },
    TIMEOUT,
  );

  it(
    "a second up converges a hand-made change and the drift check then exits 0",
    async () => {
      const { e, tagByName } = await applied();
      const finance = await tagByName("财务审批");
      await e.sandbox.console("tag/addusers", {
        operator: "sunhao",
        tagid: finance!.tagId,
        userlist: ["liuyang"],
      });
      const up = await e.pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await tagByName("财务审批"))?.userIds.sort()).toEqual(["chenjing", "zhangwei", "zhaolei"]);
      const check = await e.pulumi("preview", "--refresh", "--expect-no-changes", "--json");
      expect(check.code, check.stdout + check.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "the corp secret appears in no output and not in plaintext in the stack export",
    async () => {
      const { e } = await applied();
      // Some output of its own: a refresh that reads every resource with the secrets.
      const check = await e.pulumi("preview", "--refresh", "--diff");
      expect(check.code, check.stdout + check.stderr).toBe(0);
      const exported = await e.ws.run(["stack", "export", "--stack", e.ws.stack]);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain("wecom-policy");
      const secret = e.creds.contacts_secret;
      expect(secret.length).toBeGreaterThan(8);
      for (const out of [...e.outputs, exported.stdout, exported.stderr]) expect(out).not.toContain(secret);
      const stateFiles = fs
        .readdirSync(e.dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".json") || f.endsWith(".yaml"));
      for (const f of stateFiles) {
        if (f === "sandbox.json") continue; // the sandbox tenant's own database holds its secrets
        expect(fs.readFileSync(path.join(e.dir, f), "utf8"), f).not.toContain(secret);
      }
    },
    TIMEOUT,
  );
});
