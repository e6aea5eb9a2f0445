/** A failed `pulumi preview --json` becomes a few lines a person reads: each error once, counted; never JSON. */
import { describe, expect, it } from "vitest";
import { previewFailure } from "../../../src/drift/run";

describe("previewFailure", () => {
  it("one cause repeated by 32 resources is one line with its count, and pulumi's JSON is not shown", () => {
    const diagnostics = Array.from({ length: 32 }, (_, i) => ({
      urn: `urn:pulumi:prod::wecom-policy::wecom:index:Role::r${i}`,
      message: "error: /cgi-bin/tag/get failed: network error: fetch failed (ECONNREFUSED)\n",
      severity: "error",
    }));
    diagnostics.push({ urn: "", message: "error: preview failed\n", severity: "error" });
    diagnostics.push({ urn: "", message: "a warning", severity: "warning" });
    const stdout = JSON.stringify({ steps: [{ op: "same", urn: "x" }], diagnostics }, null, 2);
    const text = previewFailure(stdout, "");
    expect(text.split("\n")).toEqual([
      "pulumi preview failed / pulumi preview 失败:",
      "  error: /cgi-bin/tag/get failed: network error: fetch failed (ECONNREFUSED) (×32)",
    ]);
  });

  it("without JSON, pulumi's own stderr; at most eight distinct lines", () => {
    const stderr = Array.from({ length: 12 }, (_, i) => `error: problem ${i}`).join("\n");
    const lines = previewFailure("", stderr).split("\n");
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe("  … and 4 more");
    expect(previewFailure("{not json", "")).not.toContain("{");
  });
});
