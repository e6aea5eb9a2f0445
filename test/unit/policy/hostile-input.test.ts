/**
 * Issue 8, item 5: policy files written to hurt — too large, too deep, carrying control characters —
 * are refused with a located, bilingual problem. Cases that fit the corpus's "edit the valid set" pattern
 * live in test/fixtures/invalid/ (control-*, yaml-deep-nesting, yaml-nesting-over-limit); these do not.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblems, loadPolicies } from "../../../src/policy";
import { materialise } from "./fixture-cases";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function validCopy(name: string): string {
  const dir = materialise({ name, base: "valid", files: {} });
  dirs.push(dir);
  return dir;
}

describe("size cap", () => {
  it("a 200 MB roster is refused from its size, before it is read", async () => {
    const dir = validCopy("huge-roster");
    // Sparse: 200 MB on paper, nothing on disk. Reading it would take hundreds of MB of memory.
    fs.truncateSync(path.join(dir, "people.csv"), 200 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const result = await loadPolicies(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatProblems(result.problems, "en").split("\n")).toContain(
      "people.csv:1:1 — `people.csv` is 200.0 MiB, more than the 32.0 MiB a policy file may be; it was not read (the limit is WECOM_POLICY_MAX_FILE_BYTES)",
    );
    expect(formatProblems(result.problems, "zh")).toContain(
      "`people.csv` 大小为 200.0 MiB，超过策略文件上限 32.0 MiB；未读取该文件",
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("the cap applies to YAML files too and can be set by WECOM_POLICY_MAX_FILE_BYTES", async () => {
    const dir = validCopy("capped");
    const saved = process.env["WECOM_POLICY_MAX_FILE_BYTES"];
    process.env["WECOM_POLICY_MAX_FILE_BYTES"] = "1024";
    try {
      const result = await loadPolicies(dir);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.filter((p) => p.code === "file.too-large").map((p) => p.file)).toContain(
        "roles.yaml",
      );
    } finally {
      if (saved === undefined) delete process.env["WECOM_POLICY_MAX_FILE_BYTES"];
      else process.env["WECOM_POLICY_MAX_FILE_BYTES"] = saved;
    }
  });
});

describe("nesting", () => {
  it("block nesting 200 levels deep is located at the level that passes the limit", async () => {
    const dir = validCopy("block-deep");
    const lines = Array.from({ length: 200 }, (_, i) => `${" ".repeat(i + 1)}k${i}:`);
    fs.appendFileSync(path.join(dir, "retention.yaml"), `deep:\n${lines.join("\n")} 1\n`);
    const result = await loadPolicies(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatProblems(result.problems, "en");
    expect(text).toMatch(/^retention\.yaml:\d+:\d+ — nested more than 64 levels deep from here/m);
    expect(text).not.toContain("call stack");
  });
});

describe("control characters", () => {
  it("free text may break lines but holds no other control character", async () => {
    const dir = validCopy("free-text");
    const file = path.join(dir, "roles.yaml");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(
      file,
      text.replace(
        "purpose: Approve payments above 50,000 CNY; members see supplier bank details / 审批五万元以上付款",
        'purpose: "Approve payments\\nabove 50,000 CNY\\u001b[31m"',
      ),
    );
    const result = await loadPolicies(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatProblems(result.problems, "en")).toBe(
      "roles.yaml:17:14 /roles/finance-approvers/purpose — value `Approve payments\\u000aabove 50,000 CNY\\u001b[31m` " +
        "has the control character U+001B ESC at character 34 — text fields may hold line breaks and tabs but no other " +
        "control character — retype it without that character",
    );
  });
});
