/**
 * Generates src/generated/<name>.ts from schemas/<name>.schema.json with json-schema-to-typescript.
 * Run `npx tsc -p . && node dist/schema/generate-types.js` (npm run gen:types) after changing a schema;
 * test/unit/schema/generated-types.test.ts fails while the committed types are stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compile } from "json-schema-to-typescript";
import { readSchema, schemaNames, SCHEMA_DIR } from "./index";

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

/** File name (in src/generated) → content, for every schema, in name order. */
export async function generateAll(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of schemaNames()) {
    const schema = readSchema(name);
    const ts = await compile(schema as Parameters<typeof compile>[0], name, {
      bannerComment: BANNER(name),
      cwd: SCHEMA_DIR,
      additionalProperties: false,
      strictIndexSignatures: true,
      unreachableDefinitions: false,
      style: { printWidth: 110, singleQuote: false, trailingComma: "all" },
    });
    out.set(`${name}.ts`, ts);
  }
  return out;
}

async function main(): Promise<void> {
  fs.mkdirSync(GENERATED_DIR, { recursive: true });
  const files = await generateAll();
  for (const existing of fs.readdirSync(GENERATED_DIR)) {
    if (existing.endsWith(".ts") && !files.has(existing)) fs.rmSync(path.join(GENERATED_DIR, existing));
  }
  for (const [file, content] of files) fs.writeFileSync(path.join(GENERATED_DIR, file), content);
  process.stdout.write(`generated ${files.size} files in ${path.relative(process.cwd(), GENERATED_DIR)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  });
}
