/**
 * `watch` in process: a signed, encrypted update_tag callback for a leaver put into a role reaches an alert
 * through the direct check (no `pulumi preview`); `wecom:baseUrl` is probed once at start-up, not before
 * each check, and again after a check fails (review of issue 14). The workspace is a fake that answers
 * `pulumi config`, `stack export` and `stack history`; the tenant is the in-process sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../../src/policy";
import { clientFromConfig } from "../../../src/tenant";
import { callbackKeys, encrypt, signature } from "../../../src/wecom/callback-crypto";
import { callbackXml } from "../../../src/wecom/callback-events";
import { startWatch, type WatchHandle } from "../../../src/watch/run";
import { driftHarness, POLICIES, type DriftHarness } from "../drift/run-harness";

const TOKEN = "unitWatchToken";
const AES = "unitWatchEncodingAesKey0123456789abcdefghij";
const ROLE = "urn:pulumi:unit::wecom-policy::wecom:index:Role::finance-approvers";

describe("watch (in process)", () => {
  let h: DriftHarness;
  let watch: WatchHandle;
  let tagId = 0;
  const logs: string[] = [];
  const alerts: string[] = [];
  const probes: string[] = [];
  let down: string | undefined;

  const until = async (cond: () => boolean, what: string) => {
    const end = Date.now() + 10_000;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${logs.join("\n")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const send = async (add: string[]) => {
    const keys = callbackKeys(TOKEN, AES);
    const xml = callbackXml({
      ToUserName: h.settings.provider.corpId,
      FromUserName: "sys",
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: "event",
      Event: "change_contact",
      ChangeType: "update_tag",
      TagId: tagId,
      AddUserItems: add.join(","),
    });
    const enc = encrypt(keys, xml, h.settings.provider.corpId);
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.random()).slice(2);
    const query = `msg_signature=${signature(TOKEN, ts, nonce, enc)}&timestamp=${ts}&nonce=${nonce}`;
    const body = callbackXml({ ToUserName: h.settings.provider.corpId, AgentID: "", Encrypt: enc });
    const res = await fetch(`${watch.url}/?${query}`, { method: "POST", body });
    expect(await res.text()).toBe("success");
  };

  beforeAll(async () => {
    let exportJson = "{}";
    h = await driftHarness((args) => {
      if (args[0] === "config") return { code: 0, stdout: "{}", stderr: "" };
      if (args[0] === "stack" && args[1] === "export") return { code: 0, stdout: exportJson, stderr: "" };
      if (args[0] === "preview") throw new Error("the direct check ran pulumi preview");
      return { code: 0, stdout: "[]", stderr: "" };
    });
    const loaded = await loadPolicies(POLICIES);
    if (!loaded.ok) throw new Error("the demo policies do not load");
    const role = loaded.model.roles.find((r) => r.key === "finance-approvers")!;
    const client = clientFromConfig(h.settings.provider, { readOnly: false });
    tagId = await client.createTag(role.tagName);
    await client.addTagMembers(tagId, { userIds: role.members, partyIds: [] });
    exportJson = JSON.stringify({
      deployment: {
        resources: [{ urn: ROLE, type: "wecom:index:Role", id: String(tagId), outputs: { tagId } }],
      },
    });
    const started = await startWatch(h.ws, {
      host: "127.0.0.1",
      port: 0,
      lang: "en",
      quietMs: 50,
      maxWaitMs: 1000,
      sinceDays: 1,
      stdout: (t) => alerts.push(t),
      log: (l) => logs.push(l),
      env: {
        ...h.env,
        WECOM_CALLBACK_TOKEN: TOKEN,
        WECOM_CALLBACK_ENCODING_AES_KEY: AES,
        // A closed sandbox fails a read within 2 s instead of retrying for a minute.
        WECOM_OPERATION_DEADLINE_MS: "2000",
      },
      probe: async (cfg) => {
        probes.push(cfg.baseUrl);
        return down;
      },
    });
    if ("error" in started) throw new Error(started.error);
    watch = started;
  });
  afterAll(async () => {
    await watch?.stop();
    await h?.close();
  });

  it("alerts a leaver put into a role from the tenant read, probing wecom:baseUrl only at start-up", async () => {
    expect(probes).toHaveLength(1);
    await fetch(`${h.sb.url}/__console/tag/addusers`, {
      method: "POST",
      body: JSON.stringify({ operator: "sunhao", tagid: tagId, userlist: ["fanbing"] }),
    });
    await send(["fanbing"]);
    await until(() => alerts.length > 0, "the alert");
    expect(JSON.parse(alerts[0]!)).toMatchObject({
      kind: "drift",
      item: { type: "Role", live: "fanbing", controls: [{ id: "WC.ACC.1v1" }] },
    });
    expect(logs.join("\n")).toMatch(
      /check #1 done in \d+ ms: 1 drift item\(s\).*read directly: 1, through pulumi preview: 0/,
    );
    await send(["fanbing"]);
    await until(() => logs.some((l) => l.startsWith("check #2 done")), "the second check");
    expect(probes).toHaveLength(1);
    expect(h.calls.filter((c) => c[0] === "preview")).toEqual([]);
  });

  it("probes again after a failed check and logs why", async () => {
    await h.sb.close();
    down = "WeCom is not reachable (unit test)";
    await send(["fanbing"]).catch(() => undefined);
    await until(() => logs.some((l) => l === down), "the probe's line");
    expect(logs.join("\n")).toMatch(/check #3 failed after \d+ ms/);
    expect(probes).toHaveLength(2);
  });
});
