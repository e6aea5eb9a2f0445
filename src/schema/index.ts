/**
 * The one place that touches ajv (DESIGN §2). Loads every JSON Schema under schemas/ into a single
 * ajv instance (draft 2020-12, allErrors) and validates parsed policy data against them, returning
 * plain issues the policy loader turns into bilingual problems.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

import { SCHEMA_DIR } from "./dir";
import { resourceSchema, resourceSchemas } from "./resources";

export { SCHEMA_DIR };

/** One schema violation, independent of ajv's types. */
export interface SchemaIssue {
  /** JSON pointer of the offending value (for unknown fields: of the unknown key). */
  pointer: string;
  keyword: string;
  params: Record<string, unknown>;
  /** The offending value (absent for a missing or unknown field). */
  data?: unknown;
  /** Property names the schema at this point allows (for did-you-mean on unknown fields). */
  allowedProperties?: string[];
  /** Set when the issue is about a mapping key (propertyNames), not a value. */
  propertyName?: string;
  /** ajv's English message, used only for keywords without a message of our own. */
  ajvMessage: string;
}

let ajvInstance: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function schemaFiles(): string[] {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith(".schema.json"))
    .sort();
}

function ajv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  // strictRequired off: `if status=left then required leave_date` names a property declared outside `then`.
  // verbose: keeps parentSchema and data on errors, needed for did-you-mean and "got …" messages.
  const instance = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  addFormats(instance, ["date", "email", "uri", "hostname"]);
  // Annotations of schemas/provider.schema.json: a config key is a secret / its environment fallback.
  instance.addVocabulary(["x-secret", "x-env"]);
  for (const file of schemaFiles()) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")) as object;
    instance.addSchema(schema, file);
  }
  for (const r of resourceSchemas()) instance.addSchema(r.inputs, `resources/${r.file}.schema.json`);
  ajvInstance = instance;
  return instance;
}

/** Names of the available schemas, e.g. `roles` for schemas/roles.schema.json. */
export function schemaNames(): string[] {
  return schemaFiles().map((f) => f.replace(/\.schema\.json$/, ""));
}

/** The parsed JSON Schema `name` (e.g. `roles`). */
export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, `${name}.schema.json`), "utf8")) as Record<
    string,
    unknown
  >;
}

function validator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const found = ajv().getSchema(`${name}.schema.json`);
    if (!found) throw new Error(`no schema ${name}.schema.json in ${SCHEMA_DIR}`);
    v = found;
    validators.set(name, v);
  }
  return v;
}

function toIssue(err: ErrorObject): SchemaIssue | undefined {
  // `if` only says "must match then"; the error from inside `then` carries the actual problem.
  if (err.keyword === "if") return undefined;
  const params = err.params as Record<string, unknown>;
  const issue: SchemaIssue = {
    pointer: err.instancePath,
    keyword: err.keyword,
    params,
    ajvMessage: err.message ?? err.keyword,
  };
  if (err.propertyName !== undefined) issue.propertyName = err.propertyName;
  if (err.keyword === "additionalProperties") {
    issue.pointer = `${err.instancePath}/${escapePointer(String(params["additionalProperty"]))}`;
    const props = (err.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (props) issue.allowedProperties = Object.keys(props);
  } else if (err.keyword !== "required") {
    issue.data = err.data;
  }
  return issue;
}

/** Validate `data` against schemas/<name>.schema.json; [] when valid. */
export function validateAgainst(name: string, data: unknown): SchemaIssue[] {
  const v = validator(name);
  if (v(data)) return [];
  const out: SchemaIssue[] = [];
  for (const err of v.errors ?? []) {
    const issue = toIssue(err);
    if (issue) out.push(issue);
  }
  return out;
}

/**
 * Validate `data` against the subschema at `schemaPointer` inside schemas/<name>.schema.json
 * (e.g. `/properties/roles`), resolving its `$ref`s; [] when valid. Used to check field examples.
 */
export function validateAtSchemaPointer(name: string, schemaPointer: string, data: unknown): SchemaIssue[] {
  const key = `${name}.schema.json#${schemaPointer}`;
  let v = validators.get(key);
  if (!v) {
    const found = ajv().getSchema(key);
    if (!found) throw new Error(`no subschema ${key}`);
    v = found;
    validators.set(key, v);
  }
  if (v(data)) return [];
  return (v.errors ?? []).map(toIssue).filter((i): i is SchemaIssue => i !== undefined);
}

/**
 * Validate a resource's inputs against schemas/resources/<file>.schema.json, by type token. The caller
 * removes what is not a plain value yet (secret wrappers, properties the provider computes).
 */
export function validateResourceInputs(token: string, data: unknown): SchemaIssue[] {
  const r = resourceSchema(token);
  if (!r) throw new Error(`no resource schema for ${token} in ${SCHEMA_DIR}/resources`);
  return validateAgainst(`resources/${r.file}`, data);
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
