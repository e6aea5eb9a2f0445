/**
 * House rules for schemas/ (DESIGN §5): draft 2020-12, `additionalProperties: false` on every object,
 * a description on every field, examples — and the examples must themselves be valid.
 */
import { describe, expect, it } from "vitest";
import { readSchema, schemaNames, validateAgainst, validateAtSchemaPointer } from "../../../src/schema";
import { resourceSchemas } from "../../../src/schema/resources";

type Schema = Record<string, unknown>;

/** Visit every subschema with its path. */
function walk(schema: unknown, at: string, visit: (s: Schema, at: string) => void): void {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return;
  const s = schema as Schema;
  visit(s, at);
  for (const key of ["properties", "$defs"] as const) {
    const children = s[key] as Record<string, unknown> | undefined;
    if (children)
      for (const [name, child] of Object.entries(children)) walk(child, `${at}/${key}/${name}`, visit);
  }
  // `if` only tests a value (status: left); it declares no fields.
  for (const key of ["items", "additionalProperties", "then"] as const) walk(s[key], `${at}/${key}`, visit);
}

// Free-form by design: a finding's evidence is whatever facts its control collected.
const OPEN_OBJECTS = new Set(["validate-output#/$defs/finding/properties/evidence"]);

// Policy files and reports at the top, the wecom package's resources under schemas/resources/.
const ALL = [...schemaNames(), ...resourceSchemas().map((r) => `resources/${r.file}`)];

describe.each(ALL)("schemas/%s.schema.json", (name) => {
  const schema = readSchema(name);

  it("is draft 2020-12 with an $id, a title and examples", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema["$id"]).toBe(`https://wecom-policy.local/schemas/${name}.schema.json`);
    expect(typeof schema["title"]).toBe("string");
    expect(Array.isArray(schema["examples"])).toBe(true);
  });

  it("closes every object and describes every field, with examples", () => {
    const defs = (schema["$defs"] ?? {}) as Record<string, Schema>;
    const hasExamples = (sub: Schema): boolean => {
      if (Array.isArray(sub["examples"])) return true;
      const ref = sub["$ref"];
      return typeof ref === "string" && Array.isArray(defs[ref.split("/").pop()!]?.["examples"]);
    };
    const gaps: string[] = [];
    walk(schema, name + "#", (s, at) => {
      if (
        s["type"] === "object" &&
        s["properties"] &&
        !OPEN_OBJECTS.has(at) &&
        s["additionalProperties"] !== false
      )
        gaps.push(`${at}: additionalProperties is not false`);
      const props = (s["properties"] ?? {}) as Record<string, Schema>;
      for (const [field, sub] of Object.entries(props)) {
        if (typeof sub["description"] !== "string" || sub["description"] === "")
          gaps.push(`${at}/properties/${field}: no description`);
        if (!hasExamples(sub)) gaps.push(`${at}/properties/${field}: no examples`);
      }
    });
    expect(gaps).toEqual([]);
  });

  it("accepts its own top-level examples", () => {
    for (const example of schema["examples"] as unknown[]) expect(validateAgainst(name, example)).toEqual([]);
  });

  it("accepts every field's own examples", () => {
    const wrong: string[] = [];
    walk(schema, "", (s, at) => {
      for (const [i, example] of ((s["examples"] as unknown[] | undefined) ?? []).entries()) {
        const issues = validateAtSchemaPointer(name, at, example);
        if (issues.length > 0)
          wrong.push(`${at || "/"} example ${i}: ${issues[0]!.ajvMessage} at ${issues[0]!.pointer}`);
      }
    });
    expect(wrong).toEqual([]);
  });
});
