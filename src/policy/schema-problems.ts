/** Turns schema issues from src/schema into bilingual problems with positions. */
import { validateAgainst, type SchemaIssue } from "../schema";
import type { LoadContext } from "./context";
import { didYouMean } from "./did-you-mean";
import { msg, type MessageParts } from "./messages";

const COMPARISONS: Record<string, string> = {
  minimum: "≥",
  maximum: "≤",
  exclusiveMinimum: ">",
  exclusiveMaximum: "<",
  minLength: "≥",
  maxLength: "≤",
  minItems: "≥",
  maxItems: "≤",
  minProperties: "≥",
  maxProperties: "≤",
};

/** The bilingual message (and fix) for one schema issue; also used by the provider's `check`. */
export function partsFor(issue: SchemaIssue): MessageParts {
  const p = issue.params;
  switch (issue.keyword) {
    case "additionalProperties": {
      const field = String(p["additionalProperty"]);
      return msg.unknownField(field, didYouMean(field, issue.allowedProperties ?? []));
    }
    case "required":
      return msg.requiredField(String(p["missingProperty"]));
    case "type": {
      const t = p["type"];
      return msg.wrongType(Array.isArray(t) ? t.map(String) : String(t).split(","), issue.data);
    }
    case "enum":
      return msg.notInEnum(issue.data, (p["allowedValues"] as unknown[] | undefined) ?? []);
    case "const":
      return msg.notInEnum(issue.data, [p["allowedValue"]]);
    case "format":
      return msg.badFormat(issue.data, String(p["format"]));
    case "pattern":
      return msg.badPattern(issue.data, String(p["pattern"]));
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return msg.outOfRange(issue.data, COMPARISONS[issue.keyword]!, p["limit"]);
    case "minLength":
    case "maxLength":
      return msg.badLength("string", COMPARISONS[issue.keyword]!, p["limit"]);
    case "minItems":
    case "maxItems":
      return msg.badLength("array", COMPARISONS[issue.keyword]!, p["limit"]);
    // protection.yaml's intercept_rules: WeCom allows at most 100 rules per company (path/95130).
    case "minProperties":
    case "maxProperties": {
      const n = issue.data && typeof issue.data === "object" ? Object.keys(issue.data).length : undefined;
      return msg.badLength("object", COMPARISONS[issue.keyword]!, p["limit"], n);
    }
    case "uniqueItems": {
      const items = issue.data as unknown[];
      const { later, earlier } = duplicatePair(issue.params);
      return msg.duplicateItem(items[later], earlier);
    }
    default:
      return msg.schemaOther(issue.ajvMessage);
  }
}

/**
 * The two indexes of a uniqueItems error, later first. ajv's order depends on the item type (scalar items
 * are scanned from the end with an index map: `i` is the earlier one; other items by pairwise comparison:
 * `i` is the later one), so take the larger as the repeat.
 */
function duplicatePair(params: Readonly<Record<string, unknown>>): { later: number; earlier: number } {
  const i = Number(params["i"]);
  const j = Number(params["j"]);
  return { later: Math.max(i, j), earlier: Math.min(i, j) };
}

/**
 * Validate `data` against schema `schema` and report each issue once. A `propertyNames` failure
 * produces two ajv errors (the pattern on the key, then propertyNames itself): reported as one.
 * Returns whether the data is valid.
 */
export function checkSchema(
  ctx: LoadContext,
  file: string,
  schema: string,
  data: unknown,
  base = "",
): boolean {
  return schemaIssues(ctx, file, schema, data, base).length === 0;
}

/** As {@link checkSchema}, returning the pointers of the offending values. */
export function schemaIssues(
  ctx: LoadContext,
  file: string,
  schema: string,
  data: unknown,
  base = "",
): string[] {
  const pointers: string[] = [];
  const issues = validateAgainst(schema, data);
  // A misspelt field shows up twice: unknown `tagname` and missing `tag_name`. Report it once, as the
  // unknown field with its suggestion.
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.keyword !== "additionalProperties") continue;
    const guess = didYouMean(String(issue.params["additionalProperty"]), issue.allowedProperties ?? []);
    if (guess !== undefined)
      misspelt.add(`${issue.pointer.slice(0, issue.pointer.lastIndexOf("/"))}\0${guess}`);
  }
  for (const issue of issues) {
    if (
      issue.keyword === "required" &&
      misspelt.has(`${issue.pointer}\0${String(issue.params["missingProperty"])}`)
    ) {
      pointers.push(issue.pointer);
      continue;
    }
    if (issue.keyword === "propertyNames") continue;
    const propertyName = issue.propertyName;
    if (propertyName !== undefined) {
      const pointer = `${base}${issue.pointer}/${propertyName.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const pattern = issue.keyword === "pattern" ? String(issue.params["pattern"]) : issue.ajvMessage;
      ctx.report(file, pointer, msg.badKey(propertyName, pattern));
      pointers.push(pointer);
      continue;
    }
    // uniqueItems points at the list; name the later duplicate so the position lands on it.
    const pointer =
      issue.keyword === "uniqueItems"
        ? `${base}${issue.pointer}/${duplicatePair(issue.params).later}`
        : base + issue.pointer;
    ctx.report(file, pointer, partsFor(issue));
    pointers.push(pointer);
  }
  return pointers;
}

/**
 * Remove the entries of keyed mappings (`/roles/<key>`, `/records/pias/<id>`, …) or lists
 * (`/ledger/<i>`; `kept` then maps each remaining item to its original index) that hold an issue,
 * so the rest of a file can still be normalised and its references checked. Returns undefined when an
 * issue lies outside such an entry (the file's shape itself is wrong). `mapPaths` lists the pointers
 * of the keyed mappings, e.g. ["/roles"].
 */
export function pruneEntries(
  data: unknown,
  pointers: readonly string[],
  mapPaths: readonly string[],
): { data: unknown; pruned: Map<string, Set<string>>; kept: Map<string, number[]> } | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const pruned = new Map<string, Set<string>>();
  for (const pointer of pointers) {
    const mapPath = mapPaths.find((m) => pointer.startsWith(m + "/"));
    if (mapPath === undefined) return undefined;
    const key = pointer
      .slice(mapPath.length + 1)
      .split("/")[0]!
      .replace(/~1/g, "/")
      .replace(/~0/g, "~");
    const container = copy[mapPath.slice(1)];
    if (typeof container !== "object" || container === null) return undefined;
    let set = pruned.get(mapPath);
    if (!set) pruned.set(mapPath, (set = new Set()));
    set.add(key);
  }
  const kept = new Map<string, number[]>();
  for (const [mapPath, keys] of pruned) {
    const top = mapPath.slice(1);
    const container = copy[top] as Record<string, unknown> | unknown[];
    if (Array.isArray(container)) {
      // Lists keep the original index of each remaining item so pointers still name the right line.
      const indices = container.map((_, i) => i).filter((i) => !keys.has(String(i)));
      kept.set(mapPath, indices);
      copy[top] = indices.map((i) => container[i]);
    } else {
      const rest = { ...container };
      for (const key of keys) delete rest[key];
      copy[top] = rest;
    }
  }
  return { data: copy, pruned, kept };
}
