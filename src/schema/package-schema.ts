/**
 * The Pulumi package schema of `wecom` (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/),
 * built from schemas/resources/*.schema.json and schemas/provider.schema.json — the same files the
 * program's and the provider's types are generated from and `check` validates with. GetSchema returns it,
 * so `pulumi package get-schema`, `pulumi import` code generation and Pulumi YAML programs see exactly the
 * contract the provider implements.
 *
 * JSON Schema → Pulumi: string/integer/number/boolean keep their type, arrays their items, a `$ref` to a
 * titled `$defs` object becomes `#/types/wecom:index:<title>`; patterns, lengths and enums are checked by
 * the provider (`check`) and named in the descriptions, not in the package schema.
 */
import {
  configKeys,
  PACKAGE,
  requiredInputs,
  requiredState,
  resourceSchemas,
  stateProperties,
  inputProperties,
  TOKEN_PREFIX,
  type JsonSchema,
  type ResourceSchema,
} from "./resources";

/** A property or type spec in Pulumi's package schema. */
export type PulumiTypeSpec = Record<string, unknown>;

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  license: string;
  keywords: string[];
  meta: { moduleFormat: string };
  config: { variables: Record<string, PulumiTypeSpec>; required: string[] };
  provider: {
    description: string;
    inputProperties: Record<string, PulumiTypeSpec>;
    properties: Record<string, PulumiTypeSpec>;
  };
  types: Record<string, PulumiTypeSpec>;
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, PulumiTypeSpec>;
      requiredInputs: string[];
      properties: Record<string, PulumiTypeSpec>;
      required: string[];
    }
  >;
}

function resolveRef(r: ResourceSchema, ref: string): JsonSchema {
  const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
  const def = m ? ((r.inputs["$defs"] ?? {}) as Record<string, JsonSchema>)[m[1]!] : undefined;
  if (!def) throw new Error(`schemas/resources/${r.file}.schema.json: cannot resolve ${ref}`);
  return def;
}

/** A type spec for one JSON Schema; named object types are added to `types`. */
function typeSpec(r: ResourceSchema, s: JsonSchema, types: Record<string, PulumiTypeSpec>): PulumiTypeSpec {
  if (typeof s["$ref"] === "string") {
    const def = resolveRef(r, s["$ref"]);
    if (def["type"] === "object" && typeof def["title"] === "string") {
      const token = TOKEN_PREFIX + def["title"];
      if (!types[token]) {
        types[token] = {}; // reserve first: a type may refer to itself
        types[token] = objectType(r, def, types);
      }
      return { $ref: `#/types/${token}` };
    }
    return typeSpec(r, { ...def, ...withoutRef(s) }, types);
  }
  switch (s["type"]) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return { type: s["type"] };
    case "array":
      return { type: "array", items: typeSpec(r, (s["items"] ?? {}) as JsonSchema, types) };
    case "object":
      if (s["properties"]) throw new Error(`${r.file}: an inline object type needs a title under $defs`);
      return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
    default:
      throw new Error(`schemas/resources/${r.file}.schema.json: no Pulumi type for ${JSON.stringify(s)}`);
  }
}

function withoutRef(s: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = s;
  void _ref;
  return rest;
}

/** A property spec: its type and its description (the property's own, else its type's). */
function propertySpec(
  r: ResourceSchema,
  s: JsonSchema,
  types: Record<string, PulumiTypeSpec>,
): PulumiTypeSpec {
  const description =
    typeof s["description"] === "string"
      ? s["description"]
      : typeof s["$ref"] === "string"
        ? resolveRef(r, s["$ref"])["description"]
        : undefined;
  return { ...typeSpec(r, s, types), ...(typeof description === "string" ? { description } : {}) };
}

function objectType(
  r: ResourceSchema,
  def: JsonSchema,
  types: Record<string, PulumiTypeSpec>,
): PulumiTypeSpec {
  const props = (def["properties"] ?? {}) as Record<string, JsonSchema>;
  return {
    type: "object",
    description: def["description"],
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, propertySpec(r, v, types)])),
    required: (def["required"] ?? []) as string[],
  };
}

/** The package schema for provider version `version`. */
export function packageSchema(version: string): PackageSchema {
  const types: Record<string, PulumiTypeSpec> = {};
  const resources: PackageSchema["resources"] = {};
  for (const r of resourceSchemas()) {
    const props = (m: Record<string, JsonSchema>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, propertySpec(r, v, types)]));
    resources[r.token] = {
      description: String(r.inputs["description"]),
      inputProperties: props(inputProperties(r)),
      requiredInputs: requiredInputs(r),
      properties: props(stateProperties(r)),
      required: requiredState(r),
    };
  }
  const variables: Record<string, PulumiTypeSpec> = {};
  for (const k of configKeys()) {
    const env = k.env ? ` Environment fallback: ${k.env}.` : "";
    variables[k.name] = {
      type: k.schema["type"],
      description: `${String(k.schema["description"])}${env}`,
      ...(k.secret ? { secret: true } : {}),
    };
  }
  return {
    name: PACKAGE,
    displayName: "WeCom (企业微信)",
    version,
    description:
      "WeCom (企业微信) governance as code: roles, app settings and access, leavers, message archiving and customer hand-over. 企业微信治理即代码。",
    license: "Apache-2.0",
    keywords: ["pulumi", "wecom", "kind/native", "category/utility"],
    meta: { moduleFormat: "(.*)" },
    // Every key has an environment fallback, so none is required by the schema; `configure` says what is missing.
    config: { variables, required: [] },
    provider: {
      description: "The wecom provider: one WeCom tenant (corp). 一个企业微信企业。",
      inputProperties: variables,
      properties: variables,
    },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
  };
}
