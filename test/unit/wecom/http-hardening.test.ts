/**
 * Issue 8, item 4: what a hostile or broken server can do to the client over real loopback HTTP —
 * redirects (never followed: a second server proves nothing reaches it), oversized bodies (counted while
 * streaming, never buffered whole), slow drips (one deadline per operation), and answers whose shape is
 * wrong (a string errcode, a create without its id).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  WecomClient,
  WecomShapeError,
  WecomTransportError,
  type WecomClientOptions,
} from "../../../src/wecom";
import { ALL_SECRETS, ARCHIVE_SECRET, APP_SECRET, CONTACTS_SECRET, CORP_ID, rejectionOf } from "./fake-wecom";

interface Seen {
  method: string;
  url: string;
  headers: string;
  body: string;
}

interface Loopback {
  url: string;
  host: string;
  seen: Seen[];
  /** Bytes the handler managed to write before the client went away. */
  written: { bytes: number };
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function loopback(
  handler: (req: IncomingMessage, res: ServerResponse, written: { bytes: number }) => void,
): Promise<Loopback> {
  const seen: Seen[] = [];
  const written = { bytes: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: JSON.stringify(req.headers),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      handler(req, res, written);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    written,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const TOKEN = "TOKEN-loopback-0123456789";

function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A WeCom that issues tokens and hands every other path to `rest`. */
function wecom(rest: (req: IncomingMessage, res: ServerResponse, written: { bytes: number }) => void) {
  return (req: IncomingMessage, res: ServerResponse, written: { bytes: number }) => {
    if ((req.url ?? "").startsWith("/cgi-bin/gettoken"))
      json(res, { errcode: 0, errmsg: "ok", access_token: TOKEN, expires_in: 7200 });
    else rest(req, res, written);
  };
}

function client(baseUrl: string, extra: Partial<WecomClientOptions> = {}): WecomClient {
  return new WecomClient({
    baseUrl,
    corpId: CORP_ID,
    secrets: { contacts: CONTACTS_SECRET, archive: ARCHIVE_SECRET, apps: { "1000002": APP_SECRET } },
    retry: { baseDelayMs: 5, maxDelayMs: 20, jitter: 0, maxAttempts: 3 },
    ...extra,
  });
}

function noSecretIn(text: string): void {
  for (const s of [...ALL_SECRETS, TOKEN]) expect(text).not.toContain(s);
}

describe("redirects are never followed", () => {
  it("302 on gettoken: an error naming the host and status; no secret reaches the second server", async () => {
    const elsewhere = await loopback((_req, res) =>
      json(res, { errcode: 0, access_token: "x", expires_in: 1 }),
    );
    const wecomHost = await loopback((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/cgi-bin/gettoken?stolen=1` });
      res.end();
    });
    const c = client(wecomHost.url);
    for (const call of [() => c.getTag(1), () => c.getPermitUserList(), () => c.getAgent(1000002)]) {
      const e = await rejectionOf(call());
      expect(e).toBeInstanceOf(WecomTransportError);
      expect((e as WecomTransportError).reason).toBe("redirect");
      expect(e.message).toBe(
        `/cgi-bin/gettoken failed: ${wecomHost.host} answered HTTP 302, a redirect to ${elsewhere.host}; ` +
          "redirects are never followed (the request carries a secret or token) — check that wecom:baseUrl " +
          "(WECOM_BASE_URL) is WeCom's API address, https://qyapi.weixin.qq.com",
      );
      noSecretIn(`${e.message} ${JSON.stringify(e)}`);
    }
    // Never retried (a redirect is an answer, not a failure to answer) and never followed.
    expect(wecomHost.seen).toHaveLength(3);
    expect(elsewhere.seen).toEqual([]);
  });

  it("307 on a write: an error naming the host; neither the token nor the body reaches the second server", async () => {
    const elsewhere = await loopback((_req, res) => json(res, { errcode: 0, tagid: 9 }));
    const wecomHost = await loopback(
      wecom((_req, res) => {
        res.writeHead(307, { location: `${elsewhere.url}/cgi-bin/tag/create` });
        res.end();
      }),
    );
    const c = client(wecomHost.url);
    const e = await rejectionOf(c.createTag("secret-project-tag"));
    expect(e).toBeInstanceOf(WecomTransportError);
    expect((e as WecomTransportError).reason).toBe("redirect");
    expect(e.message).toContain(
      `/cgi-bin/tag/create failed: ${wecomHost.host} answered HTTP 307, a redirect to ${elsewhere.host}`,
    );
    noSecretIn(e.message);
    expect(elsewhere.seen).toEqual([]);
    // gettoken, then the write once: not re-sent, not read back as if it might have been applied elsewhere.
    expect(wecomHost.seen.map((s) => s.url.split("?")[0])).toEqual([
      "/cgi-bin/gettoken",
      "/cgi-bin/tag/create",
    ]);
  });
});

describe("response bodies are capped", () => {
  it("a body larger than maxResponseBytes fails while streaming: the server is cut off long before 450 MB", async () => {
    const huge = 450 * 1024 * 1024;
    const wecomHost = await loopback(
      wecom((_req, res, written) => {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.write('{"errcode":0,"taglist":[');
        const pump = (): void => {
          while (written.bytes < huge) {
            written.bytes += chunk.length;
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          res.end("]}");
        };
        res.on("close", () => (written.bytes = Math.min(written.bytes, huge)));
        pump();
      }),
    );
    const c = client(wecomHost.url, { maxResponseBytes: 1024 * 1024, retry: { maxAttempts: 1 } });
    const e = await rejectionOf(c.listTags());
    expect(e).toBeInstanceOf(WecomTransportError);
    expect((e as WecomTransportError).reason).toBe("too-large");
    expect(e.message).toBe(
      "/cgi-bin/tag/list failed: the response body is larger than 1048576 bytes (wecom:maxResponseBytes); reading stopped there",
    );
    expect(wecomHost.written.bytes).toBeLessThan(huge / 4);
  });

  it("a declared content-length above the cap is refused before reading", async () => {
    const wecomHost = await loopback(
      wecom((_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": String(50 * 1024 * 1024),
        });
        res.write('{"errcode":0');
      }),
    );
    const c = client(wecomHost.url, { maxResponseBytes: 4096, retry: { maxAttempts: 1 } });
    const e = await rejectionOf(c.listTags());
    expect((e as WecomTransportError).reason).toBe("too-large");
  });
  it("a body longer than its declared content-length is read only up to that length", async () => {
    // A server that declares 38 bytes and keeps sending: the answer is the declared bytes, nothing more.
    const huge = 200 * 1024 * 1024;
    const wecomHost = await loopback(
      wecom((_req, res, written) => {
        const body = '{"errcode":0,"errmsg":"ok","taglist":[]}';
        const socket = res.socket!;
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        );
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (written.bytes < huge && !socket.destroyed) {
            written.bytes += chunk.length;
            if (!socket.write(chunk)) {
              socket.once("drain", pump);
              return;
            }
          }
        };
        socket.on("error", () => undefined);
        pump();
      }),
    );
    const c = client(wecomHost.url, { maxResponseBytes: 1024 * 1024, retry: { maxAttempts: 1 } });
    expect(await c.listTags()).toEqual([]);
    expect(wecomHost.written.bytes).toBeLessThan(huge / 4);
  });
});

describe("one deadline per operation", () => {
  it("a slow-drip server fails the call at the deadline, however many attempts remain", async () => {
    const wecomHost = await loopback(
      wecom((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"errcode":0,');
        const t = setInterval(() => res.write(" "), 20);
        res.on("close", () => clearInterval(t));
      }),
    );
    const c = client(wecomHost.url, {
      timeoutMs: 150,
      deadlineMs: 400,
      retry: { maxAttempts: 1000, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    });
    const e = await rejectionOf(c.getTag(1));
    expect(e).toBeInstanceOf(WecomTransportError);
    expect((e as WecomTransportError).reason).toBe("deadline");
    expect(e.message).toMatch(
      /^\/cgi-bin\/tag\/get failed: no complete answer within the operation deadline of 400 ms \(wecom:operationDeadlineMs\) after \d attempts?; the last: no response within \d+ ms$/,
    );
    const attempts = wecomHost.seen.filter((s) => s.url.startsWith("/cgi-bin/tag/get")).length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThan(10);
  });
});

describe("every answer's shape is checked", () => {
  it('errcode "60011" as a string is an error, not success', async () => {
    const wecomHost = await loopback(
      wecom((_req, res) =>
        json(res, { errcode: "60011", errmsg: "no privilege", tagname: "x", userlist: [], partylist: [] }),
      ),
    );
    const e = await rejectionOf(client(wecomHost.url).getTag(1));
    expect(e).toBeInstanceOf(WecomShapeError);
    expect(e.message).toBe(
      '/cgi-bin/tag/get failed: the answer does not have WeCom\'s shape: errcode is "60011" (a string), expected a number — ' +
        "nothing was taken from it; if this is WeCom's own answer, report it with the endpoint (doc path/90213)",
    );
  });

  it("tag/create answering errcode 0 without tagid fails precisely, saying the tag may exist", async () => {
    const wecomHost = await loopback(wecom((_req, res) => json(res, { errcode: 0, errmsg: "created" })));
    const e = await rejectionOf(client(wecomHost.url).createTag("finance"));
    expect(e).toBeInstanceOf(WecomShapeError);
    expect((e as WecomShapeError).problems).toEqual(["tagid is missing, expected a number"]);
    expect(e.message).toContain(
      "/cgi-bin/tag/create failed: the answer does not have WeCom's shape: tagid is missing, expected a number",
    );
    expect(e.message).toContain("the write may have been applied");
  });

  it("list entries are checked too: a tag without a numeric id is refused", async () => {
    const wecomHost = await loopback(
      wecom((_req, res) =>
        json(res, {
          errcode: 0,
          taglist: [
            { tagid: 1, tagname: "a" },
            { tagid: "2", tagname: "b" },
          ],
        }),
      ),
    );
    const e = await rejectionOf(client(wecomHost.url).listTags());
    expect((e as WecomShapeError).problems).toEqual([
      'taglist[1].tagid is "2" (a string), expected a number',
    ]);
  });
});
