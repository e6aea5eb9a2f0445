/**
 * The callback receiver on a real loopback port: URL verification, an event acknowledged and handed on,
 * and every refusal — bad signature, wrong receive id, replay (old timestamp, nonce reused), malformed XML,
 * oversized body — answered with an error, one log line, and no event. WeCom's retries are acknowledged
 * and dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackKeys, encrypt, signature } from "../../../src/wecom/callback-crypto";
import { callbackXml, type CallbackEvent } from "../../../src/wecom/callback-events";
import { startReceiver, type Receiver } from "../../../src/watch/receiver";

const CORP = "ww5a1d0c0ffee00001";
const TOKEN = "Tok3n";
const AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const keys = callbackKeys(TOKEN, AES);
const NOW = 1_796_000_000;

let r: Receiver;
let events: CallbackEvent[];
let logs: string[];
let ready: boolean;

beforeEach(async () => {
  events = [];
  logs = [];
  ready = true;
  r = await startReceiver("127.0.0.1", 0, {
    keys,
    corpId: CORP,
    onEvent: (e) => events.push(e),
    log: (l) => logs.push(l),
    ready: () => ready,
    now: () => NOW * 1000,
    maxBodyBytes: 4096,
  });
});
afterEach(async () => {
  await r.close();
});

const tagEvent = (extra: Record<string, string | number> = {}) =>
  callbackXml({
    ToUserName: CORP,
    FromUserName: "sys",
    CreateTime: NOW,
    MsgType: "event",
    Event: "change_contact",
    ChangeType: "update_tag",
    TagId: 105,
    AddUserItems: "fanbing",
    ...extra,
  });

function signed(encrypted: string, o: { ts?: number; nonce?: string; token?: string } = {}) {
  const ts = String(o.ts ?? NOW);
  const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9));
  const sig = signature(o.token ?? TOKEN, ts, nonce, encrypted);
  return `msg_signature=${sig}&timestamp=${ts}&nonce=${nonce}`;
}

async function post(message: string, o: Parameters<typeof signed>[1] & { receiveId?: string } = {}) {
  const enc = encrypt(keys, message, o.receiveId ?? CORP);
  const body = callbackXml({ ToUserName: CORP, AgentID: "", Encrypt: enc });
  const res = await fetch(`${r.url}/?${signed(enc, o)}`, { method: "POST", body });
  await new Promise((ok) => setImmediate(ok));
  return { status: res.status, text: await res.text() };
}

describe("watch receiver", () => {
  it("answers WeCom's URL verification with the decrypted echostr", async () => {
    const enc = encrypt(keys, "1616140317555161061", CORP);
    const res = await fetch(`${r.url}/?${signed(enc)}&echostr=${encodeURIComponent(enc)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1616140317555161061");
  });

  it("acknowledges an event with `success` and hands it on once; a retry is acknowledged and dropped", async () => {
    const enc = encrypt(keys, tagEvent(), CORP);
    const body = callbackXml({ ToUserName: CORP, AgentID: "", Encrypt: enc });
    const send = async (query: string) => {
      const res = await fetch(`${r.url}/?${query}`, { method: "POST", body });
      await new Promise((ok) => setImmediate(ok));
      return { status: res.status, text: await res.text() };
    };
    const query = signed(enc);
    expect(await send(query)).toEqual({ status: 200, text: "success" });
    expect(events).toMatchObject([{ kind: "tag", tagId: 105, addUsers: ["fanbing"], delUsers: [] }]);
    // The same request again, and the same ciphertext under a fresh nonce: retries, not processed.
    expect(await send(query)).toEqual({ status: 200, text: "success" });
    expect(logs.at(-1)).toMatch(/duplicate delivery .* acknowledged, not processed/);
    expect(await send(signed(enc))).toEqual({ status: 200, text: "success" });
    expect(logs.at(-1)).toMatch(/retry of an event already received \(update_tag 105 \(\+fanbing\)\)/);
    expect(events).toHaveLength(1);
    // The same text encrypted anew is another event (e.g. the same member added twice in one second).
    expect(await post(tagEvent())).toEqual({ status: 200, text: "success" });
    expect(events).toHaveLength(2);
  });

  it("parses member, department and unknown events; unknown ones are acknowledged", async () => {
    const base = { ToUserName: CORP, FromUserName: "sys", CreateTime: NOW, MsgType: "event" };
    await post(
      callbackXml({
        ...base,
        Event: "change_contact",
        ChangeType: "update_user",
        UserID: "fanbing",
        Department: "1,9",
      }),
    );
    await post(callbackXml({ ...base, Event: "change_contact", ChangeType: "delete_party", Id: 9 }));
    expect(await post(callbackXml({ ...base, Event: "batch_job_result" }))).toEqual({
      status: 200,
      text: "success",
    });
    expect(events).toMatchObject([
      { kind: "user", change: "update_user", userId: "fanbing", departments: [1, 9] },
      { kind: "party", change: "delete_party", partyId: 9 },
      { kind: "other", event: "batch_job_result" },
    ]);
  });

  const refused = async (res: { status: number }, status: number, line: RegExp) => {
    expect(res.status).toBe(status);
    expect(events).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(line);
  };

  it("refuses a bad signature", async () => {
    await refused(
      await post(tagEvent(), { token: "other" }),
      403,
      /^refused POST from .*: bad msg_signature/,
    );
  });

  it("refuses a message for another receive id (corp)", async () => {
    await refused(
      await post(tagEvent(), { receiveId: "wwsomeoneelse" }),
      403,
      /wrong receive id "wwsomeoneelse"/,
    );
  });

  it("refuses a replay: a timestamp outside the window, or a nonce used for another message", async () => {
    await refused(
      await post(tagEvent(), { ts: NOW - 3600 }),
      403,
      /replay or clock skew: timestamp \d+ is 3600 s from now/,
    );
    logs.length = 0;
    expect((await post(tagEvent(), { nonce: "42" })).status).toBe(200);
    events.length = 0;
    await refused(
      await post(tagEvent({ TagId: 106 }), { nonce: "42" }),
      403,
      /replay: nonce 42 .* already used/,
    );
  });

  it("refuses malformed XML, outside and inside the encryption", async () => {
    const res = await fetch(`${r.url}/?${signed("x")}`, { method: "POST", body: "<xml><Encrypt>" });
    await refused(res, 400, /malformed body: not well-formed XML/);
    logs.length = 0;
    await refused(await post("not xml at all"), 400, /malformed event/);
    logs.length = 0;
    const doctype = await fetch(`${r.url}/?${signed("x")}`, {
      method: "POST",
      body: '<!DOCTYPE x [<!ENTITY a "b">]><xml><ToUserName>a</ToUserName><Encrypt>&a;</Encrypt></xml>',
    });
    await refused(doctype, 400, /DOCTYPE or ENTITY/);
  });

  it("refuses an oversized body without reading it", async () => {
    const res = await fetch(`${r.url}/?${signed("x")}`, {
      method: "POST",
      body: "<xml>" + "a".repeat(10_000) + "</xml>",
    });
    await refused(res, 413, /body of \d+ bytes exceeds 4096/);
  });

  it("serves /healthz always and /readyz only while ready", async () => {
    expect((await fetch(`${r.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${r.url}/readyz`)).status).toBe(200);
    ready = false;
    expect((await fetch(`${r.url}/readyz`)).status).toBe(503);
  });
});
