/**
 * Every governance resource end to end, nothing faked: the real Pulumi CLI, the real provider plugin
 * process and the sandbox tenant process, on the demo policies. For each resource: a change made by hand
 * in the console is drift (`preview --refresh --expect-no-changes` exits 7 and names the changed field),
 * and `up` converges where the API can write — or fails precisely, naming the console path, where it
 * cannot. Preview and drift checks never call a write endpoint. The first two tests have a fresh tenant of
 * their own; the others share one applied stack, each leaving it in sync, so each test stands alone.
 */
import { afterAll, describe, expect, it } from "vitest";
import { WecomClient } from "../../src/wecom";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E } from "./harness";

interface Step {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string }> | null;
  oldState?: { outputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown> };
}
interface PreviewJson {
  steps: Step[];
}

describe("governance resources end to end", () => {
  const open: E2E[] = [];
  afterAll(async () => {
    for (const x of open) await x.close();
  });
  /** A sandbox process and a stack of the demo policies of its own, nothing applied yet. */
  const fresh = async (name: string): Promise<E2E> => {
    const x = await startE2E(`res-${name}`, { policies: DEMO_POLICIES });
    open.push(x);
    return x;
  };
  /**
   * The demo policies applied with `pulumi up`: the state each drift test starts from. Made once per file and
   * shared; each test puts the tenant back in sync before it ends (it checks so), so any one test can run
   * alone (`-t`) or after the others.
   */
  let shared: Promise<E2E> | undefined;
  const applied = async (): Promise<void> => {
    e = await (shared ??= fresh("applied").then(async (x) => {
      const up = await x.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      return x;
    }));
    contacts = new WecomClient({
      baseUrl: e.sandbox.url,
      corpId: e.creds.corpid,
      secrets: { contacts: e.creds.contacts_secret },
    });
  };
  let e: E2E;
  let contacts: WecomClient;
  const pulumi = (...args: string[]) => e.pulumi(...args);
  const writes = () => e.writes();
  const resetLog = () => e.resetLog();

  /** Run the drift check; expect exit 7 and return the one non-refresh step for `name`. */
  const drift = async (name: string): Promise<Step> => {
    await resetLog();
    const r = await pulumi("preview", "--refresh", "--expect-no-changes", "--json");
    expect(r.code, r.stderr).toBe(7);
    expect(await writes()).toEqual([]);
    const json = JSON.parse(r.stdout) as PreviewJson;
    const changed = json.steps.filter((s) => s.op !== "refresh" && s.op !== "same");
    expect(changed.map((s) => s.urn.split("::").slice(-2).join("::"))).toEqual([name]);
    return changed[0]!;
  };
  const inSync = async () => {
    await resetLog();
    const r = await pulumi("preview", "--refresh", "--expect-no-changes", "--json");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await writes()).toEqual([]);
  };
  const resolve = (step: Step, p: string): unknown => {
    const m = /^([\w.]+)\[(\d+)\]$/.exec(p)!;
    const list = m[1]!
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], step.oldState?.outputs);
    return (list as unknown[])[Number(m[2])];
  };

  it(
    "preview of the demo policies declares every resource type and writes nothing",
    async () => {
      e = await fresh("preview");
      await resetLog();
      const r = await pulumi("preview", "--json");
      expect(r.code, r.stderr).toBe(0);
      const types = new Set(
        (JSON.parse(r.stdout) as PreviewJson).steps
          .filter((s) => s.op === "create")
          .map((s) => s.urn.split("::")[2]),
      );
      for (const t of [
        "Role",
        "AppSettings",
        "AppAccess",
        "MemberStatus",
        "ArchiveScope",
        "CustomerHandover",
        "InterceptRule",
      ])
        expect(types, t).toContain(`wecom:index:${t}`);
      expect(await writes()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "up applies the policies: the leaver past the SLA is disabled, the departed member's customers are handed over",
    async () => {
      e = await fresh("up");
      contacts = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { contacts: e.creds.contacts_secret },
      });
      expect((await contacts.getMember("fanbing")).status).toBe("active");
      const r = await pulumi("up", "--yes", "--skip-preview");
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect((await contacts.getMember("fanbing")).status).toBe("disabled");
      const cc = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { apps: e.creds.app_secrets },
        customerAgentId: 1000003,
      });
      expect((await cc.getUnassignedList()).filter((c) => c.handoverUserId === "zhengkai")).toEqual([]);
      await inSync();
    },
    TIMEOUT,
  );

  it(
    "AppSettings: a home URL changed by hand is drift, and up writes it back",
    async () => {
      await applied();
      await e.sandbox.console("agent/set", {
        operator: "sunhao",
        agentid: 1000002,
        home_url: "https://evil.example.com",
      });
      const step = await drift("wecom:index:AppSettings::field-assistant");
      expect(step.detailedDiff).toEqual({ homeUrl: expect.objectContaining({ kind: "update" }) });
      expect(step.oldState?.outputs?.["homeUrl"]).toBe("https://evil.example.com");
      const up = await pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const app = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { apps: e.creds.app_secrets },
      });
      expect((await app.getAgent(1000002)).homeUrl).toBe("https://field.xinghe-demo.cn");
      await inSync();
    },
    TIMEOUT,
  );

  it(
    "AppAccess: a visible range widened by hand is drift; up refuses and names the console path until an admin fixes it",
    async () => {
      await applied();
      await e.sandbox.console("agent/visible_range", {
        operator: "sunhao",
        agentid: 1000002,
        users: ["gaoyan"],
        parties: [9],
      });
      const step = await drift("wecom:index:AppAccess::field-assistant");
      const [p, d] = Object.entries(step.detailedDiff ?? {})[0]!;
      expect(d.kind).toBe("delete");
      expect(resolve(step, p)).toBe("gaoyan");

      await resetLog();
      const up = await pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code).not.toBe(0);
      const text = up.stdout + up.stderr;
      expect(text).toContain("App Management → Apps → Self-built → [app] → Visible range → Edit");
      expect(text).toContain("应用管理 → 应用 → 自建 → 〔应用〕 → 可见范围 →「编辑」");
      expect(await writes()).toEqual([]);

      await e.sandbox.console("agent/visible_range", {
        operator: "sunhao",
        agentid: 1000002,
        users: [],
        parties: [9],
      });
      await inSync();
    },
    TIMEOUT,
  );

  it(
    "ArchiveScope: archiving switched on by hand for a member is drift; up names the 会话内容存档 console path",
    async () => {
      await applied();
      await e.sandbox.console("msgaudit/permit", { operator: "sunhao", add: ["guojun"] });
      const step = await drift("wecom:index:ArchiveScope::archive");
      const [p] = Object.keys(step.detailedDiff ?? {});
      expect(resolve(step, p!)).toBe("guojun");
      const up = await pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain("会话内容存档");
      await e.sandbox.console("msgaudit/permit", { operator: "sunhao", remove: ["guojun"] });
      await inSync();
    },
    TIMEOUT,
  );

  it(
    "MemberStatus: a leaver re-enabled by hand is drift, and up disables them again",
    async () => {
      await applied();
      await e.sandbox.console("user/enable", { operator: "sunhao", userid: "fanbing", enable: 1 });
      const step = await drift("wecom:index:MemberStatus::roster");
      const [p, d] = Object.entries(step.detailedDiff ?? {})[0]!;
      expect(d.kind).toBe("add");
      expect((step.newState?.inputs?.["disabled"] as string[])[Number(/\[(\d+)\]/.exec(p)![1])]).toBe(
        "fanbing",
      );
      const up = await pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await contacts.getMember("fanbing")).status).toBe("disabled");
      await inSync();
    },
    TIMEOUT,
  );

  it(
    "CustomerHandover: a leaver removed by hand leaves a customer unassigned; drift names it and up hands it over",
    async () => {
      await applied();
      const added = (await e.sandbox.console("member/add_customer", { userid: "fanbing" })) as {
        external_userid: string;
      };
      await e.sandbox.console("user/leave", { operator: "sunhao", userid: "fanbing" });
      const step = await drift("wecom:index:CustomerHandover::handover");
      const [p, d] = Object.entries(step.detailedDiff ?? {})[0]!;
      expect(d.kind).toBe("delete");
      expect(resolve(step, p)).toBe(`fanbing/${added.external_userid}`);
      const up = await pulumi("up", "--yes", "--skip-preview", "--refresh");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const cc = new WecomClient({
        baseUrl: e.sandbox.url,
        corpId: e.creds.corpid,
        secrets: { apps: e.creds.app_secrets },
        customerAgentId: 1000003,
      });
      expect(await cc.transferResult("fanbing", "wuqiang")).toEqual([
        expect.objectContaining({ externalUserId: added.external_userid, status: "waiting" }),
      ]);
      await inSync();
    },
    TIMEOUT,
  );

  it(
    "the corp secrets appear in no output and not in plaintext in the stack export",
    async () => {
      await applied();
      await inSync();
      const exported = await e.ws.run(["stack", "export", "--stack", e.ws.stack]);
      expect(exported.code).toBe(0);
      for (const out of [...e.outputs, exported.stdout])
        for (const s of e.secrets) expect(out.includes(s)).toBe(false);
    },
    TIMEOUT,
  );
});
