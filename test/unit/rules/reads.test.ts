/** Every path a control reads (src/rules/reads.ts) names a field of a policy schema. */
import { describe, expect, it } from "vitest";
import { CONTROL_IDS } from "../../../src/rules/catalogue";
import { CONTROL_READS, controlsReading, pathTouches } from "../../../src/rules/reads";
import { readSchema } from "../../../src/schema";

type Node = {
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  $ref?: string;
  items?: Node;
  $defs?: Record<string, Node>;
};

function resolves(pattern: string): boolean {
  const [schemaName, pointer = ""] = pattern.split("#");
  const root = readSchema(schemaName!) as Node;
  let node: Node | undefined = root;
  const deref = (n: Node | undefined): Node | undefined =>
    n?.$ref ? root.$defs?.[n.$ref.split("/").pop()!] : n;
  for (const seg of pointer.split("/").filter((s) => s !== "")) {
    node = deref(node);
    if (!node) return false;
    if (seg === "*") {
      node = typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
    } else if (node.properties?.[seg]) node = node.properties[seg];
    else if (node.items && deref(node.items)?.properties?.[seg]) node = deref(node.items)!.properties![seg];
    else return false;
  }
  return node !== undefined;
}

describe("CONTROL_READS", () => {
  it("covers every control, and each path is a field of its schema", () => {
    expect(Object.keys(CONTROL_READS).sort()).toEqual([...CONTROL_IDS].sort());
    const unknown = Object.values(CONTROL_READS)
      .flat()
      .filter((p) => !resolves(p));
    expect(unknown).toEqual([]);
  });

  it("matches by prefix either way, `*` for any key", () => {
    expect(pathTouches("apps#/apps/*/location", "apps#/apps/field-assistant/location/mode")).toBe(true);
    expect(pathTouches("apps#/apps/*/location", "apps#/apps/field-assistant")).toBe(true);
    expect(pathTouches("apps#/apps/*/location", "apps#/apps/field-assistant/admins")).toBe(false);
    expect(pathTouches("consent-row#", "consent-row#/withdrawn")).toBe(true);
    expect(controlsReading("archive#/retention_days")).toEqual(["WC.ARC.4v1"]);
  });
});
