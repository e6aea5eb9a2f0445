/**
 * `wecom-policy --help | head -3`: once the reader has closed the pipe, output stops quietly (review of
 * issue 14: Node's unhandled EPIPE trace). The real CLI with a closed pipe, and the writer on a fake stream.
 */
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { pipeWriter } from "../../../src/cli/main";

// The compiled CLI itself (bin/wecom-policy would first recompile a stale dist/: bin/build-check.js).
const MAIN = path.resolve(__dirname, "..", "..", "..", "dist", "cli", "main.js");
const BUILT = fs.existsSync(MAIN);

describe("stdout closed by its reader", () => {
  it("EPIPE silences further writes; another error is still thrown", () => {
    const stream = Object.assign(new EventEmitter(), { written: [] as string[] });
    const write = pipeWriter({
      on: stream.on.bind(stream) as never,
      write: ((t: string) => stream.written.push(t) > 0) as never,
    });
    write("one\n");
    stream.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    stream.emit("error", Object.assign(new Error("destroyed"), { code: "ERR_STREAM_DESTROYED" }));
    write("two\n");
    expect(stream.written).toEqual(["one\n"]);
    const other = Object.assign(new EventEmitter(), { write: () => true });
    pipeWriter(other as never);
    expect(() => other.emit("error", Object.assign(new Error("EIO"), { code: "EIO" }))).toThrow("EIO");
  });

  it.skipIf(!BUILT)(
    "`wecom-policy --help` into a pipe closed after the first chunk exits 0, nothing on stderr",
    async () => {
      const child = spawn(process.execPath, [MAIN, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
      child.stdout.once("data", () => child.stdout.destroy());
      const code = await new Promise<number | null>((r) => child.once("exit", r));
      expect(stderr).toBe("");
      expect(code).toBe(0);
    },
  );
});
