/**
 * Generates src/generated/ from schemas/ with json-schema-to-typescript:
 * - <name>.ts from schemas/<name>.schema.json (policy files, reports, the provider's configuration);
 * - resources/<file>.ts from schemas/resources/<file>.schema.json: one resource's input and state types,
 *   shared by the program and the provider, with its type token;
 * - resources/index.ts: the table of every resource type (tokens, input and state types);
 * - resources/program.ts: the program's resource classes, their arguments typed from the same schemas.
 * Run `npm run build && npm run gen:types` after changing a schema;
 * test/unit/schema/generated-types.test.ts fails while the committed files are stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compile, type Options } from "json-schema-to-typescript";
import { format } from "prettier";
import { readSchema, schemaNames, SCHEMA_DIR } from "./index";
import {
  RESOURCE_SCHEMA_DIR,
  requiredInputs,
  resourceSchemas,
  requiredState,
  stateProperties,
  stateSchema,
  type JsonSchema,
  type ResourceSchema,
} from "./resources";

export const GENERATED_DIR = path.resolve(__dirname, "..", "..", "src", "generated");

const BANNER = (name: string): string =>
  [
    "/* eslint-disable */",
    "/**",
    ` * GENERATED from schemas/${name}.schema.json by src/schema/generate-types.ts — DO NOT EDIT.`,
    " * Change the schema, then run `npm run build && npm run gen:types`.",
    " * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.",
    " */",
  ].join("\n");

const RESOURCE_BANNER = (what: string): string =>
  [
    "/* eslint-disable */",
    "/**",
    ` * GENERATED from ${what} by src/schema/generate-types.ts — DO NOT EDIT.`,
    " * Change the schema, then run `npm run build && npm run gen:types`.",
    " * The contract between the program and the provider (docs/provider.md): both sides use these types.",
    " */",
  ].join("\n");

const STYLE: Options["style"] = { printWidth: 110, singleQuote: false, trailingComma: "all" };

const OPTIONS: Partial<Options> = {
  additionalProperties: false,
  strictIndexSignatures: true,
  unreachableDefinitions: false,
  style: STYLE,
};

/** "app-settings" → "APP_SETTINGS". */
const constName = (file: string) => file.replace(/-/g, "_").toUpperCase();

/** Titled object and enum types under `$defs`: the resource's named types (wecom:index:<title>). */
export function namedTypes(r: ResourceSchema): string[] {
  const defs = (r.inputs["$defs"] ?? {}) as Record<string, JsonSchema>;
  return Object.values(defs)
    .map((d) => d["title"])
    .filter((t): t is string => typeof t === "string");
}

async function resourceFile(r: ResourceSchema): Promise<string> {
  const inputs: JsonSchema = { ...r.inputs, title: `${r.name}Inputs` };
  delete inputs["$id"];
  const inputTypes = await compile(inputs as Parameters<typeof compile>[0], `${r.name}Inputs`, {
    ...OPTIONS,
    bannerComment: RESOURCE_BANNER(`schemas/resources/${r.file}.schema.json`),
    cwd: RESOURCE_SCHEMA_DIR,
  });
  // The state reuses the named types declared with the inputs.
  const stateTypes = await compile(stateSchema(r) as Parameters<typeof compile>[0], `${r.name}State`, {
    ...OPTIONS,
    bannerComment: "",
    cwd: RESOURCE_SCHEMA_DIR,
    declareExternallyReferenced: false,
  });
  const meta = [
    "",
    `/** ${r.token}: its token, its state properties, and those only the provider writes. */`,
    `export const ${constName(r.file)} = {`,
    `  name: ${JSON.stringify(r.name)},`,
    `  token: ${JSON.stringify(r.token)},`,
    `  stateProperties: ${JSON.stringify(Object.keys(stateProperties(r)))},`,
    `  outputOnly: ${JSON.stringify(Object.keys(r.outputOnly))},`,
    "} as const;",
    "",
  ].join("\n");
  return `${inputTypes}\n${stateTypes}${meta}`;
}

function indexFile(rs: ResourceSchema[]): string {
  const lines = [RESOURCE_BANNER("schemas/resources/*.schema.json"), ""];
  for (const r of rs) {
    const types = [`${r.name}Inputs`, `${r.name}State`, ...namedTypes(r)];
    lines.push(`import { ${constName(r.file)} } from "./${r.file}";`);
    lines.push(`import type { ${types.join(", ")} } from "./${r.file}";`);
  }
  const exported = [...new Set(rs.flatMap((r) => [`${r.name}Inputs`, `${r.name}State`, ...namedTypes(r)]))];
  lines.push("", `export type { ${exported.join(", ")} };`, "");
  lines.push("/** Every resource type of the wecom package, by name. */");
  lines.push("export const RESOURCE_TYPES = {");
  for (const r of rs) lines.push(`  ${r.name}: ${constName(r.file)},`);
  lines.push("} as const;", "");
  lines.push("export type ResourceTypeName = keyof typeof RESOURCE_TYPES;");
  lines.push('export type ResourceToken = (typeof RESOURCE_TYPES)[ResourceTypeName]["token"];', "");
  lines.push("/** Each resource type's inputs, by name. */");
  lines.push("export interface ResourceInputs {");
  for (const r of rs) lines.push(`  ${r.name}: ${r.name}Inputs;`);
  lines.push("}", "");
  lines.push("/** Each resource type's state (outputs), by name. */");
  lines.push("export interface ResourceStates {");
  for (const r of rs) lines.push(`  ${r.name}: ${r.name}State;`);
  lines.push("}", "");
  return lines.join("\n");
}

const doc = (s: unknown, indent = ""): string => {
  const text = typeof s === "string" ? s.replace(/\*\//g, "*\\/") : "";
  return text ? `${indent}/** ${text} */\n` : "";
};

function programFile(rs: ResourceSchema[]): string {
  const lines = [
    RESOURCE_BANNER("schemas/resources/*.schema.json"),
    'import * as pulumi from "@pulumi/pulumi";',
    `import type { ${rs.flatMap((r) => [`${r.name}Inputs`, `${r.name}State`]).join(", ")} } from "./index";`,
    "",
    "/** A program argument: the value, or a promise or Output of it, at any depth. */",
    "export type Arg<T> = pulumi.Input<",
    "  [T] extends [(infer U)[]] ? Arg<U>[] : [T] extends [object] ? Args<T> : T",
    ">;",
    "/** A resource's arguments: its inputs, each of them an Arg. */",
    "export type Args<T> = { [K in keyof T]: Arg<T[K]> };",
    "",
  ];
  for (const r of rs) {
    const state = stateProperties(r);
    const required = new Set(requiredState(r));
    lines.push(doc(r.inputs["description"]).trimEnd());
    lines.push(`export class ${r.name} extends pulumi.CustomResource {`);
    for (const [prop, schema] of Object.entries(state)) {
      const t = `${r.name}State[${JSON.stringify(prop)}]`;
      lines.push(doc(schema["description"], "  ").trimEnd());
      lines.push(
        `  declare readonly ${prop}: pulumi.Output<${required.has(prop) ? t : `${t} | undefined`}>;`,
      );
    }
    // Required inputs are always in args; every other state property is registered as undefined.
    const mustPass = new Set(requiredInputs(r));
    const unset = Object.keys(state)
      .filter((p) => !mustPass.has(p))
      .map((p) => `${p}: undefined`);
    lines.push(
      "",
      `  constructor(name: string, args: Args<${r.name}Inputs>, opts?: pulumi.CustomResourceOptions) {`,
      `    // Every state property is registered, so each is an Output even when the program leaves it out.`,
      `    super(${JSON.stringify(r.token)}, name, { ${[...unset, "...args"].join(", ")} }, opts);`,
      "  }",
      "}",
      "",
    );
  }
  return lines.join("\n");
}

/** File path under src/generated → content, for every schema, in name order. */
export async function generateAll(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of schemaNames()) {
    const schema = readSchema(name);
    const ts = await compile(schema as Parameters<typeof compile>[0], name, {
      ...OPTIONS,
      bannerComment: BANNER(name),
      cwd: SCHEMA_DIR,
    });
    out.set(`${name}.ts`, ts);
  }
  const rs = resourceSchemas();
  const pretty = (ts: string) => format(ts, { parser: "typescript", ...STYLE });
  for (const r of rs) out.set(`resources/${r.file}.ts`, await pretty(await resourceFile(r)));
  out.set("resources/index.ts", await pretty(indexFile(rs)));
  out.set("resources/program.ts", await pretty(programFile(rs)));
  return out;
}

/** Every .ts file under dir, as paths relative to it. */
export function listGenerated(dir = GENERATED_DIR): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

async function main(): Promise<void> {
  const files = await generateAll();
  for (const existing of listGenerated())
    if (!files.has(existing)) fs.rmSync(path.join(GENERATED_DIR, existing));
  for (const [file, content] of files) {
    fs.mkdirSync(path.dirname(path.join(GENERATED_DIR, file)), { recursive: true });
    fs.writeFileSync(path.join(GENERATED_DIR, file), content);
  }
  process.stdout.write(`generated ${files.size} files in ${path.relative(process.cwd(), GENERATED_DIR)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  });
}
