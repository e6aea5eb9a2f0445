/** The reachability probe: one TCP connection, a reason in both languages when there is none. */
import * as net from "node:net";
import { describe, expect, it } from "vitest";
import { displayUrl, unreachableReason } from "../../../src/wecom/reachability";
import { unreachableTenant } from "../../../src/tenant";
import { WecomClient } from "../../../src/wecom";

async function listening(): Promise<{ port: number; close: () => Promise<void>; connections: () => number }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise((r) => server.close(() => r())), connections: () => n };
}

describe("unreachableReason", () => {
  it("is undefined when something listens, and sends nothing but a connection", async () => {
    const s = await listening();
    try {
      expect(await unreachableReason(`http://127.0.0.1:${s.port}`)).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it("names a refused connection, in both languages", async () => {
    const s = await listening();
    await s.close();
    const why = await unreachableReason(`http://127.0.0.1:${s.port}/`);
    expect(why).toEqual({ en: "connection refused (ECONNREFUSED)", zh: "连接被拒绝（ECONNREFUSED）" });
  });

  it("refuses what is not an http(s) URL", async () => {
    expect((await unreachableReason("qyapi.weixin.qq.com"))?.en).toBe("not a URL");
    expect((await unreachableReason("ftp://x"))?.en).toBe("ftp: is not http: or https:");
  });

  it("the message names the URL and the key, never a user, password or query", async () => {
    const s = await listening();
    await s.close();
    const msg = await unreachableTenant({ baseUrl: `http://u:secret-pw@127.0.0.1:${s.port}/wecom?k=v` });
    expect(msg).toContain(
      `WeCom is not reachable at http://127.0.0.1:${s.port}/wecom (wecom:baseUrl): connection refused`,
    );
    expect(msg).toContain(`无法连接企业微信 http://127.0.0.1:${s.port}/wecom（wecom:baseUrl）：连接被拒绝`);
    expect(msg).not.toContain("secret-pw");
    expect(msg).not.toContain("k=v");
    expect(msg!.split("\n")).toHaveLength(2);
    expect(displayUrl("https://qyapi.weixin.qq.com")).toBe("https://qyapi.weixin.qq.com");
  });

  it("a client's network error names the base URL and the key, never the secret", async () => {
    const s = await listening();
    await s.close();
    const client = new WecomClient({
      baseUrl: `http://127.0.0.1:${s.port}`,
      corpId: "ww1",
      secrets: { contacts: "the-contacts-secret" },
      readOnly: true,
      retry: { maxAttempts: 1 },
    });
    const err = await client.listTags().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(`network error at http://127.0.0.1:${s.port} (wecom:baseUrl)`);
    expect(err?.message).not.toContain("the-contacts-secret");
  });
});
