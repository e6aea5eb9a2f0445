/**
 * After `pulumi preview` fails, drift returns only once the law's reads it started beside the preview have
 * ended (review of issue 14: they ran on in the background, racing the command's exit or watch's next check).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIFT_EXIT, runDrift } from "../../../src/drift/run";
import { driftHarness, NOW, type DriftHarness } from "./run-harness";

describe("runDrift after a failed preview", () => {
  let h: DriftHarness;
  beforeAll(async () => {
    h = await driftHarness((args) =>
      args[0] === "preview"
        ? { code: 255, stdout: "", stderr: "error: the engine could not start" }
        : { code: 0, stdout: "[]", stderr: "" },
    );
  });
  afterAll(async () => h?.close());

  it("reports the failure after the admin-log read it started has finished", async () => {
    let logReadEnded = false;
    const out = await runDrift(h.ws, {
      now: NOW,
      sinceDays: 7,
      settings: h.settings,
      env: {},
      readLogs: async () => {
        await new Promise((r) => setTimeout(r, 300));
        logReadEnded = true;
        return [];
      },
    });
    expect(out).toMatchObject({
      code: DRIFT_EXIT.error,
      error: expect.stringContaining("the engine could not start"),
    });
    expect(logReadEnded).toBe(true);
  });
});
