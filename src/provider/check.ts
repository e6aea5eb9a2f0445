/**
 * `check` for every resource type: the inputs are validated against the resource's JSON Schema
 * (schemas/resources/, through src/schema — the one owner of ajv), then the resource module adds what a
 * schema cannot say (case-insensitive duplicates, a leaver missing from the roster, a missing secret).
 * Every failure names its property path (`members[2]`, `admins[0].authType`) in Pulumi's form and says
 * what is wrong in English and Chinese.
 */
import { validateResourceInputs, unescapePointer, type SchemaIssue } from "../schema";
import { resourceSchema } from "../schema/resources";
import { partsFor } from "../policy/schema-problems";
import { containsUnknown, UNKNOWN, unwrapSecrets, type PropertyMap } from "./props";
import type { CheckFailure, Props, ProviderContext, ResourceModule } from "./types";

/** "/admins/0/authType" → "admins[0].authType". */
export function pointerToPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = unescapePointer(raw);
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  }
  return out;
}

/** Whether the value at `pointer` in `data`, or one on the way to it, is not known yet (preview). */
function unknownAlong(data: unknown, pointer: string): boolean {
  let v: unknown = data;
  for (const raw of pointer.split("/").slice(1)) {
    if (v === UNKNOWN) return true;
    if (typeof v !== "object" || v === null) return false;
    v = (v as Record<string, unknown>)[unescapePointer(raw)];
  }
  return containsUnknown(v);
}

function reason(issue: SchemaIssue): string {
  const p = partsFor(issue);
  const en = p.fix ? `${p.message.en}: ${p.fix.en}` : p.message.en;
  const zh = p.fix ? `${p.message.zh}：${p.fix.zh}` : p.message.zh;
  return `${en} / ${zh}`;
}

/** Schema failures for `news`; values not known yet (preview) are never failures. */
export function schemaFailures(token: string, news: PropertyMap): CheckFailure[] {
  const schema = resourceSchema(token);
  if (!schema) return [];
  const data = unwrapSecrets(news) as PropertyMap;
  // Properties the provider computes itself (MemberStatus's desired lists) are not the program's to give.
  for (const k of Object.keys(schema.outputOnly)) delete data[k];
  const out: CheckFailure[] = [];
  for (const issue of validateResourceInputs(token, data)) {
    const at =
      issue.keyword === "uniqueItems" ? `${issue.pointer}/${String(issue.params["j"])}` : issue.pointer;
    if (issue.keyword !== "required" && unknownAlong(data, issue.pointer)) continue;
    out.push({ property: pointerToPath(at), reason: reason(issue) });
  }
  return out;
}

/**
 * The whole `check`: schema failures, then the module's own. Where the module explains a property in
 * its own words (continuous location reporting), its failure replaces the schema's for that property.
 */
export function checkResource(
  m: ResourceModule,
  news: PropertyMap,
  olds: PropertyMap,
  ctx: ProviderContext,
): { inputs: Props; failures: CheckFailure[] } {
  const own = m.check(news, olds, ctx);
  const explained = new Set(own.failures.map((f) => f.property));
  const failures = [
    ...schemaFailures(m.type, news).filter((f) => !explained.has(f.property)),
    ...own.failures,
  ];
  return { inputs: own.inputs, failures };
}
