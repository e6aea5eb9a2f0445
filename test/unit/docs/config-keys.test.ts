/**
 * README's "Configuration keys" table lists every key the code reads (issue 10): the `wecom:` keys and their
 * environment variables are taken from src/provider/config.ts (each read is `get|num|limit("key", "ENV")`),
 * the `wecom-policy:` keys from anything in src/ that names one, and the provider's package schema must
 * declare the same `wecom:` keys. A key added to the code without a row here fails this test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_KEYS } from "../../../src/provider/config";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** `wecom:` keys and their environment variables, as src/provider/config.ts reads them. */
function providerKeys(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const m of read("src/provider/config.ts").matchAll(/\b(?:get|num|limit)\("(\w+)", "(\w+)"/g))
    keys.set(`wecom:${m[1]}`, [...(keys.get(`wecom:${m[1]}`) ?? []), m[2]!]);
  return keys;
}

/** The table under "### Configuration keys": first cell → the whole row. */
function table(): Map<string, string> {
  const readme = read("README.md");
  const start = readme.indexOf("### Configuration keys");
  expect(start, "README has a Configuration keys section").toBeGreaterThan(-1);
  const section = readme.slice(start, readme.indexOf("\n#", start + 5));
  const rows = new Map<string, string>();
  for (const line of section.split("\n").filter((l) => l.startsWith("| `"))) {
    const first = line.split("|")[1]!;
    for (const k of first.matchAll(/`([\w-]+:\w+)`/g)) rows.set(k[1]!, line);
  }
  return rows;
}

describe("README configuration keys", () => {
  const keys = providerKeys();
  const rows = table();

  it("the code reads the keys this test expects to find (the pattern still matches)", () => {
    expect([...keys.keys()]).toEqual(
      expect.arrayContaining(["wecom:corpId", "wecom:corpSecret", "wecom:customerAgentId", "wecom:baseUrl"]),
    );
  });

  it("the secrets' keys the messages name are the keys the code reads", () => {
    for (const { configKey, envName } of Object.values(SECRET_KEYS))
      expect(keys.get(configKey), configKey).toContain(envName);
  });

  it("every wecom: key has a row naming its environment variables", () => {
    for (const [key, envs] of keys) {
      const row = rows.get(key);
      expect(row, `README's Configuration keys table has no row for ${key}`).toBeDefined();
      for (const env of envs) expect(row, `${key}'s row names ${env}`).toContain(`\`${env}\``);
    }
  });

  it("every wecom-policy: key the code reads has a row", () => {
    const named = new Set<string>();
    for (const f of sources(path.join(ROOT, "src")))
      for (const m of fs.readFileSync(f, "utf8").matchAll(/"(wecom-policy:\w+)"/g)) named.add(m[1]!);
    expect(named.size).toBeGreaterThan(0);
    for (const k of named)
      expect(rows.has(k), `README's Configuration keys table has no row for ${k}`).toBe(true);
  });

  it("the table names no key the code does not read, and the package schema declares the same keys", () => {
    const schema = JSON.parse(read("schemas/provider.schema.json")) as {
      properties: Record<string, unknown>;
    };
    const declared = Object.keys(schema.properties).map((k) => `wecom:${k}`);
    expect(declared.sort()).toEqual([...keys.keys()].sort());
    for (const k of rows.keys())
      if (k.startsWith("wecom:")) expect(keys.has(k), `${k} is in README but never read`).toBe(true);
  });

  it("each secret row and each app row says where WeCom shows it", () => {
    for (const k of [
      "wecom:corpId",
      "wecom:corpSecret",
      "wecom:appSecrets",
      "wecom:archiveSecret",
      "wecom:customerAgentId",
      "wecom:securityAgentId",
    ])
      expect(rows.get(k), k).toMatch(/→/);
  });
});
