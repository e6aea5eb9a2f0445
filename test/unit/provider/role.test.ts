import { describe, expect, it } from "vitest";
import { checkRole, diffRole } from "../../../src/provider/resources/role";
import { UNKNOWN } from "../../../src/provider/props";

describe("Role check", () => {
  it("accepts a valid role", () => {
    expect(checkRole({ name: "财务审批", members: ["chenjing", "zhaolei"], departments: [4] })).toEqual([]);
  });

  it("reports every bad property with its path", () => {
    const failures = checkRole({ name: "", members: ["ok", "-bad", "OK", 7], departments: [0, 2.5] });
    expect(failures.map((f) => f.property)).toEqual([
      "name",
      "members[1]",
      "members[2]",
      "members[3]",
      "departments[0]",
      "departments[1]",
    ]);
    expect(failures[2]!.reason).toContain(
      "userid OK is listed twice (also at members[0]; userids are case-insensitive)",
    );
  });

  it("limits tag names to 32 characters, counting CJK characters as one", () => {
    expect(checkRole({ name: "财".repeat(32), members: [] })).toEqual([]);
    expect(checkRole({ name: "财".repeat(33), members: [] })[0]!.reason).toContain(
      "tag name has 33 characters",
    );
  });

  it("skips values that are unknown during preview", () => {
    expect(checkRole({ name: UNKNOWN, members: UNKNOWN })).toEqual([]);
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
