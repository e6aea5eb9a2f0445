/**
 * Figures in README.md that come from somewhere else are checked against it, so they cannot go stale
 * (issue 15): tool versions against scripts/setup-pulumi.sh and package.json, the demo company's counts
 * against policies/, and no measured timing quoted by hand (timings live in generated documents:
 * docs/benchmarks.md from `npm run bench`, docs/reliability.md from `npm run reliability`). The resource
 * count of the demo preview is checked against a real `pulumi preview` in test/e2e/gate.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
const README = read("README.md");
const SETUP = read("scripts/setup-pulumi.sh");
const PKG = JSON.parse(read("package.json")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
};

/** The first capture of `re` in `text`; fails the test when there is none. */
function one(text: string, re: RegExp, what: string): string {
  const m = re.exec(text);
  expect(m, what).not.toBeNull();
  return m![1]!;
}

/** README without fenced code blocks (commands and sample output may show anything). */
const PROSE = README.replace(/^```[\s\S]*?^```$/gm, "");

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

describe("README.md figures", () => {
  it("the Pulumi CLI version is the one scripts/setup-pulumi.sh builds, and the SDK's", () => {
    const cli = one(SETUP, /^PULUMI_VERSION="\$\{PULUMI_VERSION:-(\d+\.\d+\.\d+)\}"$/m, "PULUMI_VERSION");
    expect(PKG.dependencies["@pulumi/pulumi"]).toBe(cli);
    const mentioned = [...README.matchAll(/\bv(3\.\d+\.\d+)\b/g)].map((m) => m[1]);
    expect(mentioned.length).toBeGreaterThan(0);
    expect(new Set(mentioned)).toEqual(new Set([cli]));
    expect(one(README, /`pulumi` ≥ (\d+\.\d+(?:\.\d+)?)/, "pulumi ≥")).toBe(cli);
  });

  it("the Pulumi YAML host version is the one the set-up builds", () => {
    const yaml = one(SETUP, /^PULUMI_YAML_VERSION="\$\{PULUMI_YAML_VERSION:-(\d+\.\d+\.\d+)\}"$/m, "YAML");
    expect(one(README, /`pulumi-language-yaml` v(\d+\.\d+\.\d+)/, "pulumi-language-yaml")).toBe(yaml);
  });

  it("the Go version is the one the CLI's build module declares and the set-up asks for", () => {
    const go = one(SETUP, /^go (\d+\.\d+\.\d+)$/m, "go directive");
    for (const m of SETUP.matchAll(/Go >= (\d+\.\d+(?:\.\d+)?)/g)) expect(m[1]).toBe(go);
    expect(one(README, /Go ≥ (\d+\.\d+(?:\.\d+)?)/, "Go ≥")).toBe(go);
  });

  it("the Node.js version is one package.json accepts", () => {
    const node = one(README, /Node\.js (\d+)/, "Node.js");
    expect(PKG.engines.node.startsWith(`>=${node}.`)).toBe(true);
  });

  it("the demo company's counts are those of policies/", () => {
    const rows = read("policies/people.csv").trim().split("\n").slice(1);
    const apps = Object.keys((parse(read("policies/apps.yaml")) as { apps: object }).apps);
    const roles = Object.keys((parse(read("policies/roles.yaml")) as { roles: object }).roles);
    const leavers = rows.filter((r) => r.split(",")[3] === "left");
    expect(PROSE).toContain(`${rows.length} people, ${apps.length} apps`);
    expect(PROSE).toContain(`${NUMBER_WORDS[leavers.length]} leavers`);
    expect(PROSE).toContain(`${NUMBER_WORDS[roles.length]} roles (tags) created`);
  });

  it("the demo preview's count is the wecom resources plus the stack (the count itself: test/e2e/gate.test.ts)", () => {
    const m =
      /`pulumi preview --diff` — (\d+) to create \((\d+) `wecom:index:\*` resources and the stack itself\)/.exec(
        README,
      );
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]) + 1);
  });

  it("quotes no measured timing or throughput by hand", () => {
    const timings = PROSE.split("\n").filter((l) =>
      /\d\s?(ms|µs|s|sec|seconds|min|minutes|hours?)\b(?!\w)|\d\/s\b|≈\s?\d/.test(l.replace(/`[^`]*`/g, "")),
    );
    expect(timings).toEqual([]);
  });
});
