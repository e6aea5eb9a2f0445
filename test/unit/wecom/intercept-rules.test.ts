/**
 * Chat intercept rules (管理聊天敏感词, path/95130) in the client: the wire ⇄ model mapping, the request
 * each method sends (principal, path, body), batching of range changes, refusals before any I/O, and the
 * read-backs of add, update and delete.
 */
import { describe, expect, it } from "vitest";
import {
  WecomCredentialError,
  WecomError,
  WecomReadOnlyError,
  interceptRuleGone,
  type InterceptRule,
} from "../../../src/wecom";
import { splitInterceptPatch } from "../../../src/wecom/intercept-rules";
import * as M from "../../../src/wecom/mapper";
import type { WireInterceptRule } from "../../../src/wecom/wire";
import { harness, rejectionOf } from "./fake-wecom";

const P = "/cgi-bin/externalcontact/";
const wireRule: WireInterceptRule = {
  rule_id: 1,
  rule_name: "客户信息",
  word_list: ["银行卡号", "身份证号", "银行卡号"],
  extra_rule: { semantics_list: [2, 1] },
  intercept_type: 1,
  applicable_range: { user_list: ["lisi", "zhangsan"], department_list: [5, 2] },
  create_time: 1_700_000_000,
};
const live: InterceptRule = {
  ruleId: "r1",
  name: "客户信息",
  words: ["身份证号", "银行卡号"],
  semantics: ["email", "phone"],
  action: "block",
  range: { userIds: ["lisi", "zhangsan"], departmentIds: [2, 5] },
  createTime: 1_700_000_000,
};

describe("intercept rule mapping", () => {
  it("reads a rule as sets in the policy's vocabulary, keeping the id asked for", () => {
    expect(M.interceptRuleFromWire("r1", wireRule)).toEqual(live);
    // WxJava models the detail's semantics flat on the rule; both shapes read the same.
    const { extra_rule: _, ...flat } = wireRule;
    expect(M.interceptRuleFromWire("r1", { ...flat, semantics_list: [3] }).semantics).toEqual(["red_packet"]);
    // An undocumented intercept_type reads as the weaker action; unknown semantics are left out.
    expect(M.interceptRuleFromWire("r1", { ...wireRule, intercept_type: 9 as 1 }).action).toBe("warn");
    expect(M.interceptSemanticsFromWire([1, 7, 1])).toEqual(["phone"]);
  });

  it("writes add's body with semantics top-level and update's with extra_rule, empty lists left out", () => {
    expect(
      M.newInterceptRuleToWire({
        name: "n",
        words: ["b", "a", "b"],
        semantics: ["red_packet", "phone"],
        action: "warn",
        range: { userIds: ["u2", "u1"], departmentIds: [] },
      }),
    ).toEqual({
      rule_name: "n",
      word_list: ["a", "b"],
      semantics_list: [1, 3],
      intercept_type: 2,
      applicable_range: { user_list: ["u1", "u2"] },
    });
    expect(M.interceptRulePatchToWire("r1", { semantics: [], removeRange: { departmentIds: [5] } })).toEqual({
      rule_id: "r1",
      extra_rule: { semantics_list: [] },
      remove_applicable_range: { department_list: [5] },
    });
  });

  it("finds what of a patch the live rule does not show yet; userids case-insensitively", () => {
    expect(
      M.interceptRulePatchPending(live, {
        name: "客户信息",
        words: ["银行卡号", "身份证号"],
        semantics: ["phone"],
        action: "block",
        addRange: { userIds: ["LiSi", "wangwu"], departmentIds: [5] },
        removeRange: { userIds: ["zhaoliu", "ZhangSan"], departmentIds: [2] },
      }),
    ).toEqual({
      semantics: ["phone"],
      addRange: { userIds: ["wangwu"], departmentIds: [] },
      removeRange: { userIds: ["ZhangSan"], departmentIds: [2] },
    });
  });

  it("splits range changes into calls of at most 1000 nodes, the first carrying the fields", () => {
    const users = Array.from({ length: 2500 }, (_, i) => `u${i}`);
    const parts = splitInterceptPatch({ action: "block", addRange: { userIds: users, departmentIds: [1] } });
    expect(
      parts.map((p) => [p.action, p.addRange?.userIds?.length, p.addRange?.departmentIds?.length]),
    ).toEqual([
      ["block", 1000, 1],
      [undefined, 1000, 0],
      [undefined, 500, 0],
    ]);
    expect(splitInterceptPatch({ name: "x" })).toEqual([{ name: "x" }]);
  });
});

describe("intercept rule calls", () => {
  it("use the customer-contact app's token: GET list, POST get/add/update/del with WeCom's bodies", async () => {
    const { client, fake } = harness();
    fake.always(`${P}get_intercept_rule_list`, {
      errcode: 0,
      rule_list: [{ rule_id: "r1", rule_name: "客户信息", create_time: 1_700_000_000 }],
    });
    fake.always(`${P}get_intercept_rule`, { errcode: 0, rule: wireRule });
    fake.always(`${P}add_intercept_rule`, { errcode: 0, errmsg: "ok", rule_id: "r2" });
    fake.always(`${P}update_intercept_rule`, { errcode: 0, errmsg: "ok" });
    fake.always(`${P}del_intercept_rule`, { errcode: 0, errmsg: "ok" });
    expect(await client.listInterceptRules()).toEqual([
      { ruleId: "r1", name: "客户信息", createTime: 1_700_000_000 },
    ]);
    expect(await client.getInterceptRule("r1")).toEqual(live);
    expect(
      await client.addInterceptRule({
        name: "新规则",
        words: ["开户行"],
        semantics: ["phone", "email"],
        action: "block",
        range: { userIds: ["zhangsan"], departmentIds: [2] },
      }),
    ).toBe("r2");
    await client.updateInterceptRule("r2", { action: "warn", addRange: { userIds: ["lisi"] } });
    await client.deleteInterceptRule("r2");
    const calls = fake.requests.filter((r) => r.path.startsWith(P));
    expect(calls.map((r) => [r.method, r.path.slice(P.length), r.body])).toEqual([
      ["GET", "get_intercept_rule_list", undefined],
      ["POST", "get_intercept_rule", { rule_id: "r1" }],
      [
        "POST",
        "add_intercept_rule",
        {
          rule_name: "新规则",
          word_list: ["开户行"],
          semantics_list: [1, 2],
          intercept_type: 1,
          applicable_range: { user_list: ["zhangsan"], department_list: [2] },
        },
      ],
      [
        "POST",
        "update_intercept_rule",
        { rule_id: "r2", intercept_type: 2, add_applicable_range: { user_list: ["lisi"] } },
      ],
      ["POST", "del_intercept_rule", { rule_id: "r2" }],
    ]);
    // customerAgentId is 1000002 in the harness: every call uses that app's token.
    const tokenCall = fake.requests.find((r) => r.path === "/cgi-bin/gettoken");
    expect(tokenCall?.query["corpsecret"]).toBe("FAKE-app-1000002-secret-xyz");
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/gettoken")).toHaveLength(1);
  });

  it("refuses before any I/O: no customer-contact app, a read-only client, words [] on update", async () => {
    const none = harness({ customerAgentId: undefined });
    expect(await rejectionOf(none.client.listInterceptRules())).toBeInstanceOf(WecomCredentialError);
    expect(none.fake.requests).toEqual([]);
    const ro = harness({ readOnly: true });
    expect(await rejectionOf(ro.client.deleteInterceptRule("r1"))).toBeInstanceOf(WecomReadOnlyError);
    expect(await rejectionOf(ro.client.updateInterceptRule("r1", { action: "block" }))).toBeInstanceOf(
      WecomReadOnlyError,
    );
    expect(ro.fake.requests).toEqual([]);
    const { client, fake } = harness();
    const e = await rejectionOf(client.updateInterceptRule("r1", { words: [] }));
    expect(e).toBeInstanceOf(WecomError);
    expect(e.message).toContain("WeCom ignores an empty word_list");
    await client.updateInterceptRule("r1", {});
    expect(fake.requests).toEqual([]);
  });

  it("a rule WeCom does not know is undefined for findInterceptRule (guessed 40058)", async () => {
    const { client, fake } = harness();
    fake.always(`${P}get_intercept_rule`, { errcode: 40058, errmsg: "invalid parameter" });
    expect(await client.findInterceptRule("gone")).toBeUndefined();
    expect(interceptRuleGone(await rejectionOf(client.getInterceptRule("gone")))).toBe(true);
  });

  it("adds more than 1000 members as add + update batches", async () => {
    const { client, fake } = harness();
    fake.always(`${P}add_intercept_rule`, { errcode: 0, errmsg: "ok", rule_id: "r9" });
    fake.always(`${P}update_intercept_rule`, { errcode: 0, errmsg: "ok" });
    const users = Array.from({ length: 1500 }, (_, i) => `u${String(i).padStart(4, "0")}`);
    await client.addInterceptRule({
      name: "n",
      words: ["w"],
      semantics: [],
      action: "block",
      range: { userIds: users, departmentIds: [] },
    });
    const bodies = fake.requests
      .filter((r) => r.path.startsWith(P))
      .map((r) => r.body as Record<string, unknown>);
    expect(bodies.map((b) => Object.keys(b).sort())).toEqual([
      ["applicable_range", "intercept_type", "rule_name", "word_list"],
      ["add_applicable_range", "rule_id"],
    ]);
    expect((bodies[1]?.["add_applicable_range"] as { user_list: string[] }).user_list).toHaveLength(500);
  });
});

describe("intercept rule read-backs", () => {
  const verified = () => harness({ verifyWrites: true });

  it("update: re-sends only what get_intercept_rule does not show yet", async () => {
    const { client, fake } = verified();
    fake.always(`${P}update_intercept_rule`, { errcode: 0, errmsg: "ok" });
    const after = (type: number, users: string[]) => ({
      errcode: 0,
      rule: {
        ...wireRule,
        intercept_type: type,
        applicable_range: { user_list: users, department_list: [2, 5] },
      },
    });
    fake.on(
      `${P}get_intercept_rule`,
      after(2, ["lisi", "zhangsan"]),
      after(1, ["lisi", "zhangsan", "wangwu"]),
    );
    await client.updateInterceptRule("r1", { action: "block", addRange: { userIds: ["wangwu"] } });
    expect(fake.requests.filter((r) => r.path === `${P}update_intercept_rule`).map((r) => r.body)).toEqual([
      { rule_id: "r1", intercept_type: 1, add_applicable_range: { user_list: ["wangwu"] } },
      { rule_id: "r1", intercept_type: 1, add_applicable_range: { user_list: ["wangwu"] } },
    ]);
  });

  it("add whose answer was lost: found by name with the same settings → its id, not sent again", async () => {
    const { client, fake } = verified();
    fake.on(`${P}add_intercept_rule`, { throw: new TypeError("fetch failed: ECONNRESET") });
    fake.always(`${P}get_intercept_rule_list`, {
      errcode: 0,
      rule_list: [{ rule_id: "r1", rule_name: "客户信息", create_time: 1 }],
    });
    fake.always(`${P}get_intercept_rule`, { errcode: 0, rule: wireRule });
    const id = await client.addInterceptRule({
      name: "客户信息",
      words: ["身份证号", "银行卡号"],
      semantics: ["phone", "email"],
      action: "block",
      range: { userIds: ["lisi"], departmentIds: [] },
    });
    expect(id).toBe("r1");
    expect(fake.requests.filter((r) => r.path === `${P}add_intercept_rule`)).toHaveLength(1);
  });

  it("add whose answer was lost: a same-named rule with other settings is not overwritten or re-sent", async () => {
    const { client, fake } = verified();
    fake.on(`${P}add_intercept_rule`, { throw: new TypeError("fetch failed: ECONNRESET") });
    fake.always(`${P}get_intercept_rule_list`, {
      errcode: 0,
      rule_list: [{ rule_id: "r1", rule_name: "客户信息", create_time: 1 }],
    });
    fake.always(`${P}get_intercept_rule`, { errcode: 0, rule: { ...wireRule, intercept_type: 2 } });
    const e = await rejectionOf(
      client.addInterceptRule({
        name: "客户信息",
        words: ["身份证号", "银行卡号"],
        semantics: ["phone", "email"],
        action: "block",
        range: { userIds: ["lisi"], departmentIds: [] },
      }),
    );
    expect(e.message).toContain("a rule named 客户信息 exists (r1) with other words, semantics or action");
    expect(fake.requests.filter((r) => r.path === `${P}add_intercept_rule`)).toHaveLength(1);
  });

  it("delete: applied once the list no longer has the id", async () => {
    const { client, fake } = verified();
    fake.always(`${P}del_intercept_rule`, { errcode: 0, errmsg: "ok" });
    fake.always(`${P}get_intercept_rule_list`, { errcode: 0, rule_list: [] });
    await client.deleteInterceptRule("r1");
    expect(fake.log.filter((l) => l.includes(P)).map((l) => l.split(" token")[0])).toEqual([
      `POST ${P}del_intercept_rule`,
      `GET ${P}get_intercept_rule_list`,
    ]);
  });
});
