/**
 * Attribution that is never wrong (issue 9 item 5): a person is named only when an admin-log entry of a
 * fitting type concerns the same object; otherwise the item says that no entry was found and why.
 */
import { describe, expect, it } from "vitest";
import { driftItems, type DriftItem, type PreviewJson } from "../../../src/drift/analyse";
import { attribute, names, type LogSearch } from "../../../src/drift/attribution";
import type { DriftReport } from "../../../src/drift/run";
import { driftMarkdown } from "../../../src/report/drift";
import { validateAgainst } from "../../../src/schema";
import type { AdminOperLog } from "../../../src/wecom/types";

const URN = (type: string, name: string) => `urn:pulumi:sandbox::wecom-policy::wecom:index:${type}::${name}`;
const DAY = 86_400;
const NOW = 1_800_000_000;
const log = (time: number, userId: string, operType: number, detailInfo: string): AdminOperLog => ({
  time,
  userId,
  operType,
  detailInfo,
  ip: "127.0.0.1",
});

/** A role with a member nobody declared, and the role's state. */
function roleItem(
  name: string,
  tagName: string,
  tagId: number,
  member: string,
): [DriftItem, Record<string, unknown>] {
  const preview: PreviewJson = {
    steps: [
      {
        op: "update",
        urn: URN("Role", name),
        detailedDiff: { "members[1]": { kind: "delete" } },
        oldState: { outputs: { name: tagName, members: ["chenjing", member], tagId } },
        newState: { inputs: { name: tagName, members: ["chenjing"] } },
      },
    ],
  };
  return [driftItems(preview)[0]!, { name: tagName, tagId, members: ["chenjing", member] }];
}

const search = (logs: AdminOperLog[] | null, over: Partial<LogSearch> = {}): LogSearch => ({
  logs,
  from: NOW - 7 * DAY,
  to: NOW,
  lastUpdate: NOW - 2 * DAY,
  ...over,
});

describe("attribution", () => {
  it("an API change followed by an unrelated console change by another admin names nobody", () => {
    // liuyang was added to 财务审批 through the API (no log entry); then sunhao changed another tag and an app.
    const [item, state] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    const logs = [
      log(NOW - DAY, "sunhao", 3, "标签「HR数据访问」添加成员：gaoyan"),
      log(NOW - DAY + 60, "sunhao", 8, "修改应用「销售助手」设置：home_url"),
      log(NOW - DAY + 120, "zhoumin", 3, "成员离职：liuyang2"),
    ];
    const r = attribute(item, search(logs), state);
    expect(r).not.toHaveProperty("changedBy");
    expect(r).toEqual({
      unattributed: expect.objectContaining({ reason: "no-entry" }),
    });
    if (!("unattributed" in r)) throw new Error("unreachable");
    expect(r.unattributed.note.en).toContain("No operation-log entry concerns this object");
    expect(r.unattributed.note.en).toContain("WeCom does not log changes made through the API");
    expect(r.unattributed.note.zh).toContain("企业微信不记录通过 API 所做的修改");
  });

  it("two admins changing two roles are each named for their own", () => {
    const [finance, fState] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    const [hr, hState] = roleItem("hr-data", "HR数据访问", 105, "gaoyan");
    const logs = [
      log(NOW - 3600, "sunhao", 3, "标签「财务审批」添加成员：liuyang"),
      log(NOW - 1800, "zhoumin", 3, "标签「HR数据访问」添加成员：gaoyan"),
    ];
    expect(attribute(finance, search(logs), fState)).toEqual({
      changedBy: {
        operator: "sunhao",
        time: new Date((NOW - 3600) * 1000).toISOString(),
        operType: 3,
        detail: "标签「财务审批」添加成员：liuyang",
      },
    });
    expect(attribute(hr, search(logs), hState)).toEqual({
      changedBy: expect.objectContaining({
        operator: "zhoumin",
        detail: "标签「HR数据访问」添加成员：gaoyan",
      }),
    });
  });

  it("a change older than the log searched says so, and names nobody", () => {
    // An admin added gaoyan to the field app's visible range ten days ago; the drift check read seven days.
    const item: DriftItem = {
      type: "AppAccess",
      name: "field-assistant",
      urn: URN("AppAccess", "field-assistant"),
      op: "update",
      path: "visibleRange.users[0]",
      kind: "delete",
      live: "gaoyan",
    };
    const state = { name: "外勤助手", agentId: 1000002 };
    const r = attribute(
      item,
      search([log(NOW - DAY, "wangfang", 8, "修改应用「销售助手」设置：home_url")]),
      state,
    );
    expect(r).toEqual({
      unattributed: {
        reason: "before-window",
        searchedFrom: new Date((NOW - 7 * DAY) * 1000).toISOString(),
        searchedTo: new Date(NOW * 1000).toISOString(),
        note: expect.objectContaining({
          en: expect.stringMatching(
            /^No entry in the operation log searched \(.+ to .+\) concerns this object\. The change may be older than that/,
          ),
        }),
      },
    });
    // A managed role changed before a window that starts after the last update: also "may be older".
    const [role, rState] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    expect(attribute(role, search([], { lastUpdate: NOW - 30 * DAY }), rState)).toEqual({
      unattributed: expect.objectContaining({ reason: "before-window" }),
    });
    // The same entry inside a longer search (the archive) names the admin.
    const old = log(NOW - 10 * DAY, "zhoumin", 8, "修改应用「外勤助手」可见范围：成员[gaoyan] 部门[] 标签[]");
    expect(attribute(item, search([old], { from: NOW - 200 * DAY }), state)).toEqual({
      changedBy: expect.objectContaining({ operator: "zhoumin" }),
    });
  });

  it("an entry about the same tag but another member, or of another type, names nobody", () => {
    const [item, state] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    const logs = [
      log(NOW - 60, "sunhao", 3, "标签「财务审批」添加成员：liuyang2"),
      log(NOW - 50, "sunhao", 8, "标签「财务审批」添加成员：liuyang"),
      log(NOW - 40, "sunhao", 3, "标签「财务审批组」添加成员：liuyang"),
    ];
    expect(attribute(item, search(logs), state)).toEqual({
      unattributed: expect.objectContaining({ reason: "no-entry" }),
    });
  });

  it("an entry from before the stack's last update does not explain a managed setting (up converged it)", () => {
    const [item, state] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    const logs = [log(NOW - 5 * DAY, "sunhao", 3, "标签「财务审批」添加成员：liuyang")];
    expect(attribute(item, search(logs, { lastUpdate: NOW - 2 * DAY }), state)).toEqual({
      unattributed: expect.objectContaining({ reason: "no-entry" }),
    });
    expect(attribute(item, search(logs, { lastUpdate: NOW - 6 * DAY }), state)).toEqual({
      changedBy: expect.objectContaining({ operator: "sunhao" }),
    });
  });

  it("the newest entry about the object wins; the archive range is matched by member", () => {
    const item: DriftItem = {
      type: "ArchiveScope",
      name: "archive",
      urn: URN("ArchiveScope", "archive"),
      op: "update",
      path: "members[3]",
      kind: "delete",
      live: "staff001",
    };
    const logs = [
      log(NOW - 300, "sunhao", 11, "修改会话内容存档开启范围：添加[staff001] 移除[]"),
      log(NOW - 100, "zhoumin", 11, "修改会话内容存档开启范围：添加[staff001] 移除[]"),
      log(NOW - 50, "wangfang", 11, "修改会话内容存档开启范围：添加[staff002] 移除[]"),
    ];
    expect(attribute(item, search(logs), {})).toEqual({
      changedBy: expect.objectContaining({ operator: "zhoumin" }),
    });
  });

  it("says so when the log could not be read", () => {
    const [item, state] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    expect(attribute(item, search(null), state)).toEqual({
      unattributed: expect.objectContaining({ reason: "logs-unavailable" }),
    });
  });

  it("matches whole names only", () => {
    expect(names("标签「财务审批」添加成员：liuyang、lina", "lina")).toBe(true);
    expect(names("标签「财务审批」添加成员：linan", "lina")).toBe(false);
    expect(names("标签「财务审批组」", "财务审批")).toBe(false);
    expect(names("修改应用 1000002 设置", "1000002")).toBe(true);
    expect(names("修改应用 10000021 设置", "1000002")).toBe(false);
  });
});

describe("the report", () => {
  it("prints the reason and validates against the schema", () => {
    const [item, state] = roleItem("finance-approvers", "财务审批", 104, "liuyang");
    const report: DriftReport = {
      version: 2,
      stack: "sandbox",
      checkedAt: "2026-11-28T23:38:57.854Z",
      status: "drift",
      items: [{ ...item, controls: [], ...attribute(item, search([]), state) }] as DriftReport["items"],
      law: [],
      notes: [],
    };
    expect(validateAgainst("drift-report", report)).toEqual([]);
    expect(driftMarkdown(report, "en")).toContain(
      "  - changed by: unknown. No operation-log entry concerns this object since the stack's last update",
    );
    expect(driftMarkdown(report, "zh")).toContain("  - 变更人：未知。自堆栈上次更新");
    expect(driftMarkdown(report, "en")).not.toMatch(/likely/);
  });
});
