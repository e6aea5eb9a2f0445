/**
 * End to end, nothing faked: the real Pulumi CLI (v3.248.0), the real provider plugin process
 * (bin/pulumi-resource-wecom), the program compiled from src/program, and the sandbox tenant as its own
 * HTTP process — for wecom:index:Role (WeCom tags).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSandboxStack } from "../../src/cli/commands/demo";
import { startSandboxProcess, type SandboxProcess } from "../../src/pulumi/sandbox-process";
import { PROJECT_DIR, type PulumiResult, type PulumiWorkspace } from "../../src/pulumi/workspace";
import { WecomClient } from "../../src/wecom";
import type { ConsoleCredentials } from "../../src/wecom/wire";

interface PreviewJson {
  steps: {
    op: string;
    urn: string;
    detailedDiff?: Record<string, { kind: string }> | null;
    oldState?: { outputs?: Record<string, unknown> };
    newState?: { inputs?: Record<string, unknown> };
  }[];
  changeSummary: Record<string, number>;
}

interface LoggedRequest {
  path: string;
  write: boolean;
}

const ROLES = ["finance-approvers", "hr-data", "wecom-admins", "sales-archive", "field-location"];

describe("wecom:index:Role end to end (real pulumi CLI, plugin process, sandbox process)", () => {
  let dir: string;
  let sandbox: SandboxProcess;
  let ws: PulumiWorkspace;
  let creds: ConsoleCredentials;
  let client: WecomClient;
  const outputs: string[] = [];

  const pulumi = async (...args: string[]): Promise<PulumiResult> => {
    const r = await ws.run([...args, ...ws.stackArgs()]);
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const writesSinceReset = async (): Promise<LoggedRequest[]> =>
    ((await sandbox.get("/__console/requests")) as LoggedRequest[]).filter((r) => r.write);
  const resetLog = () => sandbox.console("requests/reset", { operator: "e2e" });
  const tagByName = async (name: string) => {
    const tag = (await client.listTags()).find((t) => t.name === name);
    return tag ? client.getTag(tag.tagId) : undefined;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-e2e-role-"));
    sandbox = await startSandboxProcess({ stateFile: path.join(dir, "sandbox.json"), seed: "demo" });
    creds = await sandbox.credentials();
    ws = await configureSandboxStack(
      sandbox,
      dir,
      path.join(PROJECT_DIR, "policies"),
      `e2e-role-${process.pid}`,
    );
    client = new WecomClient({
      baseUrl: sandbox.url,
      corpId: creds.corpid,
      secrets: { contacts: creds.contacts_secret },
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("preview shows every role as a create and writes nothing to WeCom", async () => {
    await resetLog();
    const r = await pulumi("preview", "--json");
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as PreviewJson;
    const creates = json.steps.filter((s) => s.op === "create" && s.urn.includes("::wecom:index:Role::"));
    expect(creates.map((s) => s.urn.split("::").pop()).sort()).toEqual([...ROLES].sort());
    expect(await writesSinceReset()).toEqual([]);
    expect(await tagByName("财务审批")).toBeUndefined();
  }, 120_000);

  it("up creates the tags with their members", async () => {
    const r = await pulumi("up", "--yes", "--skip-preview");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const finance = await tagByName("财务审批");
    expect(finance?.userIds.sort()).toEqual(["chenjing", "zhangwei", "zhaolei"]);
    const sales = await tagByName("销售会话存档");
    expect(sales?.userIds.sort()).toEqual(["huangtao", "maxiaoyu", "wuqiang", "xuli"]);
  }, 120_000);

  it("a member added by hand in the console is drift: preview --refresh --expect-no-changes exits 7 and names the member", async () => {
    const finance = await tagByName("财务审批");
    expect(finance).toBeDefined();
    await sandbox.console("tag/addusers", {
      operator: "sunhao",
      tagid: finance!.tagId,
      userlist: ["liuyang"],
    });
    await resetLog();

    const r = await pulumi("preview", "--refresh", "--expect-no-changes", "--json");
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
    expect(await writesSinceReset()).toEqual([]);
  }, 120_000);

  it("a second up converges and the drift check then exits 0", async () => {
    const up = await pulumi("up", "--yes", "--skip-preview", "--refresh");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect((await tagByName("财务审批"))?.userIds.sort()).toEqual(["chenjing", "zhangwei", "zhaolei"]);
    const check = await pulumi("preview", "--refresh", "--expect-no-changes", "--json");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 120_000);

  it("the corp secret appears in no output and not in plaintext in the stack export", async () => {
    const exported = await ws.run(["stack", "export", "--stack", ws.stack]);
    outputs.push(exported.stdout, exported.stderr);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("wecom-policy");
    const secret = creds.contacts_secret;
    expect(secret.length).toBeGreaterThan(8);
    for (const out of outputs) expect(out).not.toContain(secret);
    const stateFiles = fs
      .readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".json") || f.endsWith(".yaml"));
    for (const f of stateFiles) {
      if (f === "sandbox.json") continue; // the sandbox tenant's own database holds its secrets
      expect(fs.readFileSync(path.join(dir, f), "utf8"), f).not.toContain(secret);
    }
  }, 120_000);
});
