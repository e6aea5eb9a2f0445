/**
 * The client ⇄ sandbox contract (suite.ts), against the sandbox as a separate process — `wecom-policy
 * sandbox --port 0`, compiled by set-up — talking HTTP over loopback, as the provider does.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandboxProcess } from "../../src/pulumi/sandbox-process";
import { useSandbox } from "./suite";

useSandbox(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-contract-"));
  const proc = await startSandboxProcess({ stateFile: path.join(dir, "sandbox.json"), seed: "demo" });
  return {
    url: proc.url,
    close: async () => {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
