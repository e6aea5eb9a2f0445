import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportStack } from "../../../src/pulumi/stack-export";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A `pulumi` on PATH that fails its first `failures` runs with `message` (counted in a file), then prints a
 * checkpoint with one tag.
 */
function fakePulumi(name: string, failures: number, message: string): NodeJS.ProcessEnv {
  const bin = path.join(dir, name);
  fs.mkdirSync(bin);
  const count = path.join(bin, "count");
  fs.writeFileSync(count, "0");
  const doc = JSON.stringify({
    deployment: {
      resources: [{ urn: "urn:pulumi:s::p::wecom:index:Role::r", type: "wecom:index:Role", id: "7" }],
    },
  });
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/bin/sh\nn=$(cat ${count}); echo $((n + 1)) > ${count}\n` +
      `if [ "$n" -lt ${failures} ]; then echo '${message}' >&2; exit 255; fi\necho '${doc}'\n`,
    { mode: 0o755 },
  );
  return { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}` };
}
const runs = (name: string) => Number(fs.readFileSync(path.join(dir, name, "count"), "utf8"));

describe("exportStack", () => {
  it("reads again a checkpoint caught mid-write (EOF), and gets the stack", async () => {
    const env = fakePulumi("torn", 2, "error: failed to load checkpoint: EOF");
    const doc = await exportStack("s", { env, cwd: dir, pauseMs: 1 });
    expect(doc.resources.map((r) => r.id)).toEqual(["7"]);
    expect(runs("torn")).toBe(3);
  });

  it("gives up after five torn reads with pulumi's message", async () => {
    const env = fakePulumi("always", 99, "error: failed to load checkpoint: unexpected end of JSON input");
    await expect(exportStack("s", { env, cwd: dir, pauseMs: 1 })).rejects.toThrow(
      "pulumi stack export: error: failed to load checkpoint: unexpected end of JSON input",
    );
    expect(runs("always")).toBe(5);
  });

  it("does not repeat any other failure", async () => {
    const env = fakePulumi("other", 99, "error: no stack named 's' found");
    await expect(exportStack("s", { env, cwd: dir, pauseMs: 1 })).rejects.toThrow("no stack named");
    expect(runs("other")).toBe(1);
  });
});
