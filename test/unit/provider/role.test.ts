import { describe, expect, it } from "vitest";
import { checkResource } from "../../../src/provider/check";
import { diffRole, role } from "../../../src/provider/resources/role";
import type { ProviderContext } from "../../../src/provider/types";
import { UNKNOWN } from "../../../src/provider/props";

// The whole check, as the gRPC server runs it: the resource's JSON Schema, then the module's own rules.
const ctx: ProviderContext = {
  client: () => {
    throw new Error("check never calls WeCom");
  },
  configured: () => ({ contacts: true, archive: true, apps: [] }),
  now: () => new Date("2026-11-28T04:00:00Z"),
};
const check = (news: Record<string, unknown>) => checkResource(role, news, {}, ctx).failures;

describe("Role check", () => {
  it("accepts a valid role", () => {
    expect(check({ name: "财务审批", members: ["chenjing", "zhaolei"], departments: [4] })).toEqual([]);
  });

  it("reports every bad property with its path, from the schema and from the module", () => {
    const failures = check({ name: "", members: ["ok", "-bad", "OK", 7], departments: [0, 2.5] });
    expect(failures.map((f) => f.property).sort()).toEqual([
      "departments[0]",
      "departments[1]",
      "members[1]",
      "members[2]",
      "members[3]",
      "name",
    ]);
    expect(failures.find((f) => f.property === "members[2]")!.reason).toContain(
      "userid OK is listed twice (also at members[0]; userids are case-insensitive)",
    );
    expect(failures.find((f) => f.property === "members[3]")!.reason).toBe(
      "expected a string, got an integer (7) / 应为字符串，实际为整数 (7)",
    );
  });

  it("limits tag names to 32 characters, counting CJK characters as one", () => {
    expect(check({ name: "财".repeat(32), members: [] })).toEqual([]);
    expect(check({ name: "财".repeat(33), members: [] })[0]!.reason).toContain("32");
  });

  it("names a property the schema does not know, and a missing one", () => {
    const failures = check({ name: "x", memebrs: [] });
    expect(failures.map((f) => f.property).sort()).toEqual(["", "memebrs"]);
  });

  it("skips values that are unknown during preview", () => {
    expect(check({ name: UNKNOWN, members: UNKNOWN })).toEqual([]);
    expect(check({ name: "x", members: ["a"], departments: [UNKNOWN] })).toEqual([]);
  });
});

describe("Role diff", () => {
  const live = { name: "财务审批", members: ["chenjing", "liuyang", "zhaolei"], departments: [4], tagId: 1 };

  it("is empty when only the order differs", () => {
    expect(
      diffRole(live, { name: "财务审批", members: ["zhaolei", "liuyang", "chenjing"], departments: [4] }),
    ).toEqual({
      changes: false,
      detailedDiff: {},
    });
  });

  it("compares userids case-insensitively, as WeCom does", () => {
    expect(diffRole(live, { ...live, members: ["ChenJing", "liuyang", "zhaolei"] }).changes).toBe(false);
  });

  it("reports one entry per member added or removed, indexed into the list that holds it", () => {
    const d = diffRole(live, {
      name: "财务审批",
      members: ["chenjing", "zhaolei", "zhangwei"],
      departments: [4, 5],
    });
    expect(d.changes).toBe(true);
    expect(d.detailedDiff).toEqual({ "members[2]": "add", "members[1]": "delete", "departments[1]": "add" });
  });

  it("reports a rename as an update of name, never a replace", () => {
    const d = diffRole(live, { ...live, name: "财务审批组" });
    expect(d).toEqual({ changes: true, detailedDiff: { name: "update" } });
  });
});

describe("Role diff when an addition and a removal share an index", () => {
  it("reports the index once, as an update", () => {
    const d = diffRole(
      { name: "r", members: ["a", "b"], departments: [] },
      { name: "r", members: ["a", "c"], departments: [] },
    );
    expect(d.detailedDiff).toEqual({ "members[1]": "update" });
  });
});
