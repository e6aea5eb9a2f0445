/**
 * Plugins stop with the engine (issue 8): the health check against the engine's address, the provider's
 * stop (Cancel, engine gone) and the client's refusal to start a write while stopping.
 */
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it, vi } from "vitest";
import { engineAddressOf, watchEngine } from "../../../src/pulumi/engine-health";
import { WecomProvider } from "../../../src/provider/server";
import { WecomClient, WecomStoppedError } from "../../../src/wecom";

async function engine(): Promise<{ address: string; server: grpc.Server }> {
  // A gRPC server without the health service answers UNIMPLEMENTED, which counts as alive (as in Pulumi).
  const server = new grpc.Server();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, server };
}

describe("engine health check", () => {
  it("finds the engine address after the logging flags", () => {
    expect(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "x", "127.0.0.1:9"])).toBe("127.0.0.1:9");
    expect(engineAddressOf(["--root", "/p", "127.0.0.1:8"])).toBe("127.0.0.1:8");
    expect(engineAddressOf([])).toBe("");
  });

  it("stays quiet while the engine answers and reports once when it is gone", async () => {
    const e = await engine();
    const gone = vi.fn();
    const watch = watchEngine(e.address, gone, { intervalMs: 20, deadlineMs: 500 });
    let checks = 0;
    await vi.waitFor(() => {
      expect(++checks).toBeGreaterThan(10);
    });
    expect(gone).not.toHaveBeenCalled();
    e.server.forceShutdown();
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(gone.mock.calls[0]![0]).toContain(`the Pulumi engine at ${e.address} is gone`);
    watch.stop();
  });
});

describe("stopping: no new write starts", () => {
  it("a client that is stopping refuses a write before any I/O and still reads", async () => {
    const fetch = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            errcode: 0,
            access_token: "t",
            expires_in: 7200,
            tagname: "x",
            userlist: [],
            partylist: [],
          }),
        ),
    );
    let reason: string | undefined;
    const client = new WecomClient({
      baseUrl: "http://127.0.0.1:9",
      corpId: "ww1",
      secrets: { contacts: "s" },
      fetch: fetch as unknown as typeof globalThis.fetch,
      stopping: () => reason,
    });
    reason = "the Pulumi engine cancelled the run";
    await expect(client.createTag("x")).rejects.toBeInstanceOf(WecomStoppedError);
    await expect(client.createTag("x")).rejects.toThrow(
      "not sent: the Pulumi engine cancelled the run; no new write starts while the run stops",
    );
    expect(fetch).not.toHaveBeenCalled();
    await client.getTag(1);
    expect(fetch).toHaveBeenCalled();
  });

  it("Cancel makes the provider's client stop writing; stop() waits for the requests in flight", async () => {
    let stopping: (() => string | undefined) | undefined;
    const p = new WecomProvider({
      makeClient: (_cfg, s) => {
        stopping = s;
        return {} as WecomClient;
      },
      listStack: async () => [],
    });
    const svc = p.service() as unknown as Record<
      string,
      (call: { request: unknown }, cb: (e: unknown) => void) => void
    >;
    (p as unknown as { config: object }).config = { corpId: "ww1", contactsSecret: "s", appSecrets: {} };
    p.client();
    expect(stopping!()).toBeUndefined();
    await new Promise((resolve) => svc["cancel"]!({ request: {} }, resolve));
    expect(stopping!()).toBe("the Pulumi engine cancelled the run");
    await expect(p.stop("gone", 50)).resolves.toBeUndefined();
  });
});
