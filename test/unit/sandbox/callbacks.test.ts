/**
 * The sandbox calls back like WeCom: the callback URL verified with an echostr before it is saved, console
 * changes to tags and members delivered as signed, encrypted change_contact events (checked by the real
 * receiver of `watch`), the sync assistant's own API changes not called back, slow receivers retried three
 * times; and the group robot webhook with WeCom's key, size and rate rules.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callbackKeys } from "../../../src/wecom/callback-crypto";
import type { CallbackEvent } from "../../../src/wecom/callback-events";
import { startReceiver, type Receiver } from "../../../src/watch/receiver";
import { boot, type Harness } from "./harness";

const TOKEN = "Tok3n";
const AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

let h: Harness;
let r: Receiver;
let events: CallbackEvent[];
let logs: string[];

beforeAll(() => {
  process.env["WECOM_SANDBOX_CALLBACK_TIMEOUT_MS"] = "300";
  process.env["WECOM_SANDBOX_ROBOT_KEY"] = "robot-key";
});
afterAll(() => {
  delete process.env["WECOM_SANDBOX_CALLBACK_TIMEOUT_MS"];
  delete process.env["WECOM_SANDBOX_ROBOT_KEY"];
});
beforeEach(async () => {
  h = await boot();
  events = [];
  logs = [];
  r = await startReceiver("127.0.0.1", 0, {
    keys: callbackKeys(TOKEN, AES),
    corpId: h.creds.corpid,
    onEvent: (e) => events.push(e),
    log: (l) => logs.push(l),
    ready: () => true,
  });
});
afterEach(async () => {
  await r.close();
  await h.close();
});

const configure = (url: string, token = TOKEN) =>
  h.console("callback", { operator: "sunhao", url, token, encoding_aes_key: AES });
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((ok) => setTimeout(ok, 10));
};

describe("sandbox callbacks", () => {
  it("verifies the URL before saving it, as WeCom's console does", async () => {
    expect((await configure(`${r.url}/`, "WrongToken")).json.error).toMatch(
      /URL verification failed: the URL answered HTTP 403/,
    );
    expect(logs).toEqual([expect.stringMatching(/bad msg_signature/)]);
    expect((await configure(`${r.url}/`)).json).toEqual({ ok: true, verified: true });
    expect((await configure("http://10.1.2.3/")).json.error).toMatch(/loopback/);
  });

  it("delivers console changes to tags and members as change_contact events", async () => {
    await configure(`${r.url}/`);
    await h.console("tag/addusers", { operator: "sunhao", tagid: 100, userlist: ["lina"] });
    await h.console("user/enable", { operator: "sunhao", userid: "lina", enable: 0 });
    await h.console("user/leave", { operator: "sunhao", userid: "lina" });
    await until(() => events.length >= 3);
    expect(events).toMatchObject([
      { kind: "tag", tagId: 100, addUsers: ["lina"], delUsers: [] },
      { kind: "user", change: "update_user", userId: "lina" },
      { kind: "user", change: "delete_user", userId: "lina" },
    ]);
    expect(events[0]!.corpId).toBe(h.creds.corpid);
  });

  it("does not call the sync assistant back for its own API changes", async () => {
    await configure(`${r.url}/`);
    expect(
      (await h.api("contacts", "tag/addtagusers", { body: { tagid: 100, userlist: ["lina"] } })).errcode,
    ).toBe(0);
    await h.console("tag/delusers", { operator: "sunhao", tagid: 100, userlist: ["lina"] });
    await until(() => events.length >= 1);
    await new Promise((ok) => setTimeout(ok, 50));
    expect(events).toMatchObject([{ kind: "tag", tagId: 100, addUsers: [], delUsers: ["lina"] }]);
  });

  it("retries a receiver that answers too slowly, three times at most", async () => {
    let calls = 0;
    const slow: Server = createServer((req, res) => {
      calls++;
      // The verification GET and the second POST are answered at once; the first POST after 1 s.
      const delay = req.method === "POST" && calls === 2 ? 1000 : 0;
      setTimeout(() => {
        if (req.method === "GET") {
          // Answer the verification by handing it to the real receiver.
          fetch(`${r.url}${req.url}`).then(async (x) => res.end(await x.text()));
        } else res.end("success");
      }, delay);
    });
    await new Promise<void>((ok) => slow.listen(0, "127.0.0.1", ok));
    try {
      const port = (slow.address() as AddressInfo).port;
      expect((await configure(`http://127.0.0.1:${port}/`)).json.verified).toBe(true);
      await h.console("tag/addusers", { operator: "sunhao", tagid: 100, userlist: ["lina"] });
      let deliveries: { attempt: number; status: number | null }[] = [];
      for (let i = 0; i < 200 && deliveries.length < 2; i++) {
        await new Promise((ok) => setTimeout(ok, 10));
        deliveries = (await h.raw("/__console/callback/deliveries")).json;
      }
      expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([
        [1, null],
        [2, 200],
      ]);
    } finally {
      slow.closeAllConnections();
      await new Promise((ok) => slow.close(ok));
    }
  });
});

describe("sandbox group robot", () => {
  const send = (key: string, content: string) =>
    h.raw(`/cgi-bin/webhook/send?key=${key}`, {
      method: "POST",
      body: JSON.stringify({ msgtype: "markdown", markdown: { content } }),
    });

  it("records markdown messages for its key and answers like WeCom otherwise", async () => {
    expect((await send("robot-key", "### hello")).json).toEqual({ errcode: 0, errmsg: "ok" });
    expect((await send("other", "x")).json.errcode).toBe(93000);
    expect((await send("robot-key", "字".repeat(1366))).json.errcode).toBe(40058); // 4098 bytes
    await h.console("robot", { failNext: 1 });
    expect((await send("robot-key", "x")).status).toBe(500);
    const messages = (await h.raw("/__console/robot/messages")).json as { content: string }[];
    expect(messages.map((m) => m.content)).toEqual(["### hello"]);
    for (let i = 0; i < 19; i++) await send("robot-key", `m${i}`);
    expect((await send("robot-key", "one too many")).json.errcode).toBe(45009);
  });
});
