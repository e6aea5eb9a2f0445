/**
 * Issue 12, "shared by everything": the pulumi commands whose provider plugin calls WeCom get the run's
 * budget coordinator in WECOM_POLICY_BUDGET_SOCKET (src/pulumi/workspace.ts); the others do not, a socket the
 * process was given is passed on, and `shareBudget: false` turns it off. A fake `pulumi` prints what it got.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PulumiWorkspace } from "../../../src/pulumi/workspace";
import { BUDGET_SOCKET_ENV } from "../../../src/wecom/budget-share";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-budget-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\nprintf '%s' "$${BUDGET_SOCKET_ENV}"\n`, {
  mode: 0o755,
});
// Our language host is not needed: a file of that name keeps bin/ off PATH.
fs.writeFileSync(path.join(dir, "pulumi-language-nodejs"), "", { mode: 0o755 });

const workspace = (over: { shareBudget?: boolean; env?: Record<string, string> } = {}) =>
  new PulumiWorkspace({
    stateDir: path.join(dir, "state"),
    stack: "s",
    cliDir: dir,
    projectDir: dir,
    ...over,
  });

describe("PulumiWorkspace and the shared budget", () => {
  it("preview and up get a live coordinator's socket, the same one; config and stack export do not", async () => {
    const ws = workspace();
    const preview = (await ws.run(["preview"])).stdout;
    expect(preview).not.toBe("");
    expect((await ws.run(["up", "--yes"])).stdout).toBe(preview);
    expect((await ws.run(["config", "--json"])).stdout).toBe("");
    expect((await ws.run(["stack", "export"])).stdout).toBe("");
    expect(fs.statSync(path.dirname(preview)).mode & 0o777).toBe(0o700);
    // It answers: the provider plugin's transport would get its turns from it.
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.createConnection(preview);
      s.on("error", reject);
      s.setEncoding("utf8").once("data", (d: string) => {
        s.destroy();
        resolve(d);
      });
      s.write(
        `${JSON.stringify({ id: 1, op: "reserve", key: ["http://x", "c", "contacts", "userGet"], perMinute: 10_000, perHour: 150_000 })}\n`,
      );
    });
    expect(JSON.parse(answer)).toEqual({ id: 1, waitMs: 0 });
  });

  it("passes on a socket it was given, and none with shareBudget: false", async () => {
    const given = workspace({ env: { [BUDGET_SOCKET_ENV]: "/run/given.sock" } });
    expect((await given.run(["preview"])).stdout).toBe("/run/given.sock");
    expect((await workspace({ shareBudget: false }).run(["preview"])).stdout).toBe("");
  });
});
