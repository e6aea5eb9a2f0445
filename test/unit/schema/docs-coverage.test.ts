/** docs/policies.md documents every field of every policy schema, so the guide cannot fall behind. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readSchema } from "../../../src/schema";

const DOC = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "docs", "policies.md"), "utf8");

/** Every property name declared anywhere in the schema (including $defs). */
function fieldNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== "object") return out;
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === "properties" && value && typeof value === "object") {
      for (const [name, sub] of Object.entries(value)) {
        out.add(name);
        fieldNames(sub, out);
      }
    } else if (key !== "examples" && key !== "if") fieldNames(value, out);
  }
  return out;
}

function section(file: string): string {
  const start = DOC.indexOf(`\n## ${file}\n`);
  if (start < 0) return "";
  const next = DOC.indexOf("\n## ", start + 1);
  return DOC.slice(start, next < 0 ? undefined : next);
}

const FILES: [string, string[]][] = [
  ["tenant.yaml", ["tenant"]],
  ["roles.yaml", ["roles"]],
  ["apps.yaml", ["apps"]],
  ["archive.yaml", ["archive"]],
  ["consent.yaml", ["consent", "consent-row"]],
  ["retention.yaml", ["retention"]],
  ["people.yaml", ["people", "people-row"]],
  ["crossborder.yaml", ["crossborder"]],
  ["records.yaml", ["records"]],
  ["waivers.yaml", ["waivers"]],
  ["protection.yaml", ["protection"]],
  ["checkin.yaml", ["checkin"]],
];

describe.each(FILES)("docs/policies.md § %s", (file, schemas) => {
  it("names every field of its schemas", () => {
    const text = section(file);
    expect(text).not.toBe("");
    const missing: string[] = [];
    for (const schema of schemas) {
      expect(text).toContain(`schemas/${schema}.schema.json`);
      for (const name of fieldNames(readSchema(schema))) {
        if (!new RegExp("`([^`]*[.\\]>])?" + name + "`").test(text)) missing.push(`${schema}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
