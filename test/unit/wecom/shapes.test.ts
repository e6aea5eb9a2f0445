import { describe, expect, it } from "vitest";
import { RESPONSE_SHAPES, shapeProblems } from "../../../src/wecom/shapes";

describe("shapeProblems", () => {
  const users = RESPONSE_SHAPES.userList;
  const member = (i: number) => ({ userid: `u${i}`, name: "成员", status: 1, department: [1] });

  it("names each problem by its full path, however deep, and only problems", () => {
    const answer = {
      userlist: [member(0), { ...member(1), department: [1, "2"] }, { name: 3, status: 1 }],
    };
    expect(shapeProblems(answer, users)).toEqual([
      'userlist[1].department[1] is "2" (a string), expected a number',
      "userlist[2].userid is missing, expected a string",
      "userlist[2].name is 3 (a number), expected a string",
    ]);
    expect(shapeProblems(answer, users, "page")).toContain(
      "page.userlist[2].userid is missing, expected a string",
    );
    expect(shapeProblems({ userlist: "x" }, users)).toEqual(['userlist is "x" (a string), expected a list']);
    expect(shapeProblems(null, users)).toEqual(["the answer is null, expected an object"]);
  });

  it("stops after five problems and says there are more", () => {
    const bad = Array.from({ length: 100_000 }, (_, i) => ({ userid: i }));
    const p = shapeProblems({ userlist: bad }, users);
    expect(p).toHaveLength(6);
    expect(p[0]).toBe("userlist[0].userid is 0 (a number), expected a string");
    expect(p[5]).toBe("and more");
  });

  it("accepts 100,000 well-formed members", () => {
    const ok = { userlist: Array.from({ length: 100_000 }, (_, i) => member(i)) };
    expect(shapeProblems(ok, users)).toEqual([]);
  });
});
