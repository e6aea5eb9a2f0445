/**
 * Issue 12, "no quadratic step": drift analysis sorts with one collator and a numeric fast path, and
 * attribution searches an index of the log built once per run. These tests pin the behaviour (the order
 * and the entry chosen) against the straightforward definitions; the time is measured by
 * `npm run bench -- scale-steps`.
 */
import { describe, expect, it } from "vitest";
import { comparePaths, driftItems, type DriftItem, type PreviewJson } from "../../../src/drift/analyse";
import { attribute, names, type LogSearch } from "../../../src/drift/attribution";
import type { AdminOperLog } from "../../../src/wecom/types";

const URN = (type: string, name: string) => `urn:pulumi:sandbox::wecom-policy::wecom:index:${type}::${name}`;
const NOW = 1_800_000_000;

describe("drift item order", () => {
  it("sorts by resource, then path as the numeric collator does, indexes as numbers", () => {
    const paths = [
      "members[10]",
      "members[2]",
      "departments[3]",
      "members[1]",
      "homeUrl",
      "visibleRange.userIds[11]",
      "visibleRange.userIds[9]",
      "members[100]",
      "name",
      "members[2].x",
      "Members[5]",
      "a1[3]",
      "a1[20]",
    ];
    const preview: PreviewJson = {
      steps: [
        {
          op: "update",
          urn: URN("Role", "b"),
          detailedDiff: Object.fromEntries(paths.map((p) => [p, { kind: "update" }])),
        },
        {
          op: "update",
          urn: URN("Role", "a"),
          detailedDiff: { "members[3]": { kind: "add" }, "members[12]": { kind: "add" } },
        },
      ],
    };
    const items = driftItems(preview);
    expect(items.map((i) => `${i.name} ${i.path}`)).toEqual([
      "a members[3]",
      "a members[12]",
      ...[...paths].sort(comparePaths).map((p) => `b ${p}`),
    ]);
    expect(
      items
        .filter((i) => i.name === "b")
        .map((i) => i.path)
        .slice(0, 4),
    ).toEqual(["a1[3]", "a1[20]", "departments[3]", "homeUrl"]);
  });
});

/** The definition before the index: filter the whole log, keep entries naming object and member, newest first. */
function naive(item: DriftItem, search: LogSearch, state: Record<string, unknown>): string | undefined {
  const member = typeof item.live === "string" ? item.live : undefined;
  const object = [state["name"], state["tagId"]].map(String);
  return [...search.logs!]
    .filter((l) => l.operType === 3 && l.time >= search.lastUpdate)
    .filter((l) => object.some((o) => names(l.detailInfo, o)) && (!member || names(l.detailInfo, member)))
    .sort((a, b) => b.time - a.time)[0]?.userId;
}

describe("attribution over an index of the log", () => {
  const members = ["chenjing", "liuyang", "liuyang2", "Zhao.Lei", "gao-yan", "周敏"];
  const tags = ["财务审批", "Finance Team", "104"];

  it("names the same entry as filtering and sorting the whole log would, for every item", () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const logs: AdminOperLog[] = Array.from({ length: 400 }, (_, i) => ({
      time: NOW - 100 + rnd(60),
      userId: `admin${i}`,
      operType: [3, 3, 8, 11][rnd(4)]!,
      detailInfo: `标签「${tags[rnd(3)]}」添加成员：${members[rnd(6)]}${rnd(3) === 0 ? `,${members[rnd(6)]}` : ""}`,
      ip: "127.0.0.1",
    }));
    const search: LogSearch = { logs, from: NOW - 1000, to: NOW, lastUpdate: NOW - 70 };
    let compared = 0;
    for (const tag of tags)
      for (const member of members) {
        const preview: PreviewJson = {
          steps: [
            {
              op: "update",
              urn: URN("Role", "r"),
              detailedDiff: { "members[0]": { kind: "delete" } },
              oldState: { outputs: { name: tag, tagId: 104, members: [member] } },
              newState: { inputs: { name: tag, members: [] } },
            },
          ],
        };
        const [item] = driftItems(preview);
        const state = { name: tag, tagId: 104 };
        const got = attribute(item!, search, state);
        const want = naive(item!, search, state);
        expect("changedBy" in got ? got.changedBy.operator : undefined).toBe(want);
        compared++;
      }
    expect(compared).toBe(18);
  });

  it("between entries of the same second, the first in the log wins, as a stable sort leaves it", () => {
    const logs = [
      {
        time: NOW - 10,
        userId: "first",
        operType: 3,
        detailInfo: "标签「财务审批」添加成员：liuyang",
        ip: "",
      },
      {
        time: NOW - 10,
        userId: "second",
        operType: 3,
        detailInfo: "标签「财务审批」添加成员：liuyang",
        ip: "",
      },
    ];
    const [item] = driftItems({
      steps: [
        {
          op: "update",
          urn: URN("Role", "r"),
          detailedDiff: { "members[0]": { kind: "delete" } },
          oldState: { outputs: { name: "财务审批", members: ["liuyang"] } },
        },
      ],
    });
    const got = attribute(
      item!,
      { logs, from: NOW - 100, to: NOW, lastUpdate: NOW - 50 },
      { name: "财务审批" },
    );
    expect("changedBy" in got && got.changedBy.operator).toBe("first");
  });
});
