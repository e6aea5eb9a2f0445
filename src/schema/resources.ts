/**
 * The `wecom` package's resource contract, read from schemas/resources/*.schema.json (one file per
 * resource type) and schemas/provider.schema.json (the provider's configuration). Everything that crosses
 * the gRPC boundary is derived from here: the type tokens, the program's argument types and the
 * provider's input and state types (src/generated/resources, by generate-types.ts), the inputs `check`
 * validates (validateResourceInputs in ./index) and the Pulumi package schema GetSchema returns
 * (./package-schema). Adding a resource type starts with one schema file: docs/provider.md.
 *
 * File conventions (test/unit/schema/conventions.test.ts):
 * - the top-level schema is the resource's inputs; its `title` is the type name (token `wecom:index:<title>`);
 * - `$defs.outputs`, when present, holds the properties the provider adds to the inputs in the state
 *   (always present there); every input is also part of the state;
 * - an object under `$defs` with a `title` is a named type (`wecom:index:<title>` in the package schema).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SCHEMA_DIR } from "./dir";

export type JsonSchema = Record<string, unknown>;

/** The package name and the module of every token. */
export const PACKAGE = "wecom";
export const TOKEN_PREFIX = `${PACKAGE}:index:`;

export interface ResourceSchema {
  /** File stem under schemas/resources, e.g. "app-settings". */
  file: string;
  /** Type name, e.g. "AppSettings". */
  name: string;
  /** Type token, e.g. "wecom:index:AppSettings". */
  token: string;
  /** The parsed schema file (the inputs, with `$defs`). */
  inputs: JsonSchema;
  /** Properties only the provider writes (`$defs.outputs.properties`), by name. */
  outputOnly: Record<string, JsonSchema>;
}

export const RESOURCE_SCHEMA_DIR = path.join(SCHEMA_DIR, "resources");

let cached: ResourceSchema[] | undefined;

/** Every resource schema, in file-name order. */
export function resourceSchemas(): ResourceSchema[] {
  cached ??= fs
    .readdirSync(RESOURCE_SCHEMA_DIR)
    .filter((f) => f.endsWith(".schema.json"))
    .sort()
    .map((f) => {
      const inputs = JSON.parse(fs.readFileSync(path.join(RESOURCE_SCHEMA_DIR, f), "utf8")) as JsonSchema;
      const name = String(inputs["title"]);
      const defs = (inputs["$defs"] ?? {}) as Record<string, JsonSchema>;
      const outputOnly = (defs["outputs"]?.["properties"] ?? {}) as Record<string, JsonSchema>;
      return { file: f.replace(/\.schema\.json$/, ""), name, token: TOKEN_PREFIX + name, inputs, outputOnly };
    });
  return cached;
}

export function resourceSchema(token: string): ResourceSchema | undefined {
  return resourceSchemas().find((r) => r.token === token);
}

export function inputProperties(r: ResourceSchema): Record<string, JsonSchema> {
  return (r.inputs["properties"] ?? {}) as Record<string, JsonSchema>;
}

export function requiredInputs(r: ResourceSchema): string[] {
  return (r.inputs["required"] ?? []) as string[];
}

/** Every property of the state: the inputs plus what the provider adds. */
export function stateProperties(r: ResourceSchema): Record<string, JsonSchema> {
  return { ...inputProperties(r), ...r.outputOnly };
}

/** State properties always present: the required inputs and everything the provider adds. */
export function requiredState(r: ResourceSchema): string[] {
  return [...new Set([...requiredInputs(r), ...Object.keys(r.outputOnly)])];
}

/**
 * The state as one JSON Schema (title `<Name>State`), for json-schema-to-typescript; `$defs` are the
 * resource file's own, so its `$ref`s resolve.
 */
export function stateSchema(r: ResourceSchema): JsonSchema {
  const { $defs } = r.inputs as { $defs?: Record<string, JsonSchema> };
  const defs = { ...($defs ?? {}) };
  delete defs["outputs"];
  return {
    title: `${r.name}State`,
    description: `The state of a ${r.token}: its inputs as WeCom holds them, plus what the provider adds.`,
    type: "object",
    additionalProperties: false,
    required: requiredState(r),
    properties: stateProperties(r),
    $defs: defs,
  };
}

/** schemas/provider.schema.json: the provider's configuration keys (`wecom:<key>`). */
export function providerConfigSchema(): JsonSchema {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, "provider.schema.json"), "utf8")) as JsonSchema;
}

export interface ConfigKey {
  name: string;
  schema: JsonSchema;
  secret: boolean;
  /** The environment variable the provider falls back to. */
  env?: string;
}

export function configKeys(): ConfigKey[] {
  const props = (providerConfigSchema()["properties"] ?? {}) as Record<string, JsonSchema>;
  return Object.entries(props).map(([name, schema]) => ({
    name,
    schema,
    secret: schema["x-secret"] === true,
    ...(typeof schema["x-env"] === "string" ? { env: schema["x-env"] } : {}),
  }));
}
