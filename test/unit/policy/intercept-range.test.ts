import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../../src/policy";
import { MAX_RULE_USERS } from "../../../src/policy/files/protection";
import { INTERCEPT_RULE_LIMITS } from "../../../src/wecom/wire";

const DEMO = path.resolve(__dirname, "../../../policies");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The demo policies with `n` more active members on the roster, all named in the demo rule's range. */
function withRange(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-policy-range-"));
  dirs.push(dir);
  fs.cpSync(DEMO, dir, { recursive: true });
  const ids = Array.from({ length: n }, (_, i) => `staff${String(i + 1).padStart(5, "0")}`);
  fs.appendFileSync(path.join(dir, "people.csv"), ids.map((u) => `${u},员工,2,active,,\n`).join(""));
  const file = path.join(dir, "protection.yaml");
  const text = fs.readFileSync(file, "utf8");
  const from = "    applies_to:\n      roles: [finance-approvers]\n";
  expect(text.split(from)).toHaveLength(2);
  fs.writeFileSync(file, text.replace(from, `    applies_to:\n      members: [${ids.join(", ")}]\n`));
  return dir;
}

describe("an intercept rule's range", () => {
  it("is bounded by WeCom's per-rule cap, the number the client and the provider use", () => {
    // Not the 1,000 nodes of one call: the client sends a larger range in calls of 1,000.
    expect(MAX_RULE_USERS).toBe(INTERCEPT_RULE_LIMITS.usersPerRule);
    expect(MAX_RULE_USERS).toBe(10_000);
  });

  it("may name 10,000 members; 10,001 is a problem at the rule's applies_to, with a fix", async () => {
    const ok = await loadPolicies(withRange(MAX_RULE_USERS));
    const codes = ok.ok ? [] : ok.problems.map((p) => p.code);
    expect(codes).not.toContain("protection.range-too-large");

    const over = await loadPolicies(withRange(MAX_RULE_USERS + 1));
    expect(over.ok).toBe(false);
    const p = over.ok ? undefined : over.problems.find((q) => q.code === "protection.range-too-large");
    expect(p).toMatchObject({
      file: "protection.yaml",
      pointer: "/intercept_rules/customer-data/applies_to",
    });
    expect(p?.line).toBe(
      fs.readFileSync(path.join(DEMO, "protection.yaml"), "utf8").split("\n").indexOf("    applies_to:") + 1,
    );
    expect(p?.message.en).toContain("covers 10001 members");
    expect(p?.message.en).toContain("at most 10000 per rule");
    expect(p?.fix?.zh).toContain("departments");
  }, 60_000);
});
