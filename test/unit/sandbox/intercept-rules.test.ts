/**
 * The sandbox's chat intercept rules (管理聊天敏感词, path/95130): WeCom's limits and permissions as the doc
 * states them, the guessed errcodes, the demo's hand-made rule, console edits with their admin log entry,
 * and persistence across a restart.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await boot();
});
afterEach(async () => {
  await h.close();
});

const now = () => Math.floor(h.clock.ms / 1000);
const CC = 1000003;
const add = (body: object, who: number = CC) => h.api(who, "externalcontact/add_intercept_rule", { body });
const update = (body: object, who: number = CC) =>
  h.api(who, "externalcontact/update_intercept_rule", { body });
const get = (rule_id: string, who: number = CC) =>
  h.api(who, "externalcontact/get_intercept_rule", { body: { rule_id } });
const rule = (extra: object = {}) => ({
  rule_name: "测试规则",
  word_list: ["身份证号"],
  semantics_list: [1, 2],
  intercept_type: 1,
  applicable_range: { user_list: ["wuqiang"], department_list: [] },
  ...extra,
});

describe("intercept rules", () => {
  it("seeds the demo with one warn-only rule made by hand in the console", async () => {
    const list = await h.api(CC, "externalcontact/get_intercept_rule_list");
    expect(list).toMatchObject({ errcode: 0, errmsg: "ok" });
    expect(list.rule_list).toEqual([
      { rule_id: "ir000001", rule_name: "销售私下交易提醒", create_time: expect.any(Number) },
    ]);
    expect((await get("ir000001")).rule).toEqual({
      rule_id: "ir000001",
      rule_name: "销售私下交易提醒",
      word_list: ["私下转账", "加我微信", "返点"],
      extra_rule: { semantics_list: [3] },
      intercept_type: 2,
      applicable_range: { user_list: [], department_list: [5] },
      create_time: expect.any(Number),
    });
    // Made in the console: no app may change or delete it (GUESS 60011).
    expect((await update({ rule_id: "ir000001", intercept_type: 1 })).errcode).toBe(60011);
    expect(
      (await h.api(CC, "externalcontact/del_intercept_rule", { body: { rule_id: "ir000001" } })).errcode,
    ).toBe(60011);
  });

  it("only apps in 客户联系 可调用应用 may call, with POST/GET as documented", async () => {
    expect((await h.api(1000002, "externalcontact/get_intercept_rule_list")).errcode).toBe(48002);
    expect((await h.api("contacts", "externalcontact/get_intercept_rule_list")).errcode).toBe(48002);
    expect(
      (await h.api(CC, "externalcontact/get_intercept_rule_list", { method: "POST", body: {} })).errcode,
    ).toBe(43001);
  });

  it("checks the documented limits (GUESS 40058 for each)", async () => {
    const refused = async (extra: object) => (await add(rule(extra))).errcode;
    expect(await refused({ rule_name: "" })).toBe(40058);
    expect(await refused({ rule_name: "一".repeat(21) })).toBe(40058);
    expect(await refused({ word_list: ["一".repeat(33)] })).toBe(40058);
    expect(await refused({ word_list: Array.from({ length: 301 }, (_, i) => `w${i}`) })).toBe(40058);
    expect(await refused({ semantics_list: [4] })).toBe(40058);
    expect(await refused({ intercept_type: 3 })).toBe(40058);
    expect(await refused({ applicable_range: {} })).toBe(40058);
    expect(await refused({ word_list: [], semantics_list: [] })).toBe(40058);
    expect(await refused({ rule_name: "销售私下交易提醒" })).toBe(40058);
    // Exactly at the limits is fine: 20 characters, 300 words of 32 characters.
    const ok = await refused({
      rule_name: "一".repeat(20),
      word_list: Array.from({ length: 300 }, (_, i) => `${i}`.padEnd(32, "字")),
    });
    expect(ok).toBe(0);
  });

  it("keeps the range inside the app's visible range and cuts get's range to it", async () => {
    // 1000003 sees Sales (department 5), not Human Resources (department 3, wangfang).
    expect((await add(rule({ applicable_range: { user_list: ["wangfang"] } }))).errcode).toBe(60011);
    expect((await add(rule({ applicable_range: { department_list: [3] } }))).errcode).toBe(60011);
    expect((await add(rule({ applicable_range: { user_list: ["ghost"] } }))).errcode).toBe(40031);
    expect((await add(rule({ applicable_range: { department_list: [999] } }))).errcode).toBe(40066);
    // A rule edited by hand to reach Human Resources shows only what the app sees.
    const { rule_id } = await add(rule());
    await h.console("intercept_rule/edit", { operator: "sunhao", rule_id, department_list: [3, 5] });
    expect((await get(rule_id)).rule.applicable_range).toEqual({
      user_list: ["wuqiang"],
      department_list: [5],
    });
  });

  it("updates only the fields sent: words replace (empty ignored), semantics replace (empty clears), range by add/remove", async () => {
    const { rule_id } = await add(rule());
    expect(
      await update({
        rule_id,
        word_list: [],
        extra_rule: { semantics_list: [] },
        intercept_type: 2,
        add_applicable_range: { user_list: ["xuli"], department_list: [5] },
        remove_applicable_range: { user_list: ["WuQiang"] },
      }),
    ).toMatchObject({ errcode: 0, errmsg: "ok" });
    expect((await get(rule_id)).rule).toMatchObject({
      rule_name: "测试规则",
      word_list: ["身份证号"],
      extra_rule: { semantics_list: [] },
      intercept_type: 2,
      applicable_range: { user_list: ["xuli"], department_list: [5] },
    });
    // add's top-level semantics_list is not an update field.
    await update({ rule_id, semantics_list: [1], word_list: ["开户行", "银行卡号"] });
    expect((await get(rule_id)).rule).toMatchObject({
      word_list: ["开户行", "银行卡号"],
      extra_rule: { semantics_list: [] },
    });
    // Removing everyone is refused (GUESS), and nothing changes when one field is bad.
    expect(
      (await update({ rule_id, remove_applicable_range: { user_list: ["xuli"], department_list: [5] } }))
        .errcode,
    ).toBe(40058);
    expect((await update({ rule_id, rule_name: "改名", intercept_type: 7 })).errcode).toBe(40058);
    expect((await get(rule_id)).rule.rule_name).toBe("测试规则");
    // An unknown rule_id (GUESS 40058).
    expect((await update({ rule_id: "nope" })).errcode).toBe(40058);
  });

  it("holds at most 100 rules per corp; deleting frees a place and ids are not reused", async () => {
    const ids: string[] = [];
    for (let i = 1; i < 100; i++) ids.push((await add(rule({ rule_name: `规则${i}` }))).rule_id as string);
    expect((await add(rule({ rule_name: "第101条" }))).errcode).toBe(40058);
    expect(
      await h.api(CC, "externalcontact/del_intercept_rule", { body: { rule_id: ids[0] } }),
    ).toMatchObject({ errcode: 0, errmsg: "ok" });
    const again = await add(rule({ rule_name: "第101条" }));
    expect(again.errcode).toBe(0);
    expect(ids).not.toContain(again.rule_id);
    expect((await get(ids[0] as string)).errcode).toBe(40058);
  });

  it("console: edits a rule by hand (block → warn), logged in the admin log with the changed fields", async () => {
    const { rule_id } = await add(rule());
    const edit = await h.console("intercept_rule/edit", {
      operator: "sunhao",
      rule_id,
      intercept_type: 2,
      word_list: ["身份证号", "护照号"],
    });
    expect(edit.status).toBe(200);
    expect(edit.json.changed).toEqual(["word_list", "intercept_type"]);
    expect(edit.json.log).toEqual({
      time: now(),
      userid: "sunhao",
      oper_type: 13,
      detail_info: "修改聊天敏感词规则「测试规则」：敏感词 = 身份证号、护照号；拦截方式 = 仅发警告",
      ip: "127.0.0.1",
    });
    expect((await get(rule_id)).rule).toMatchObject({ intercept_type: 2, word_list: ["身份证号", "护照号"] });
    // The app that created it may switch it back.
    expect((await update({ rule_id, intercept_type: 1 })).errcode).toBe(0);
    const log = await h.api(1000004, "security/admin_oper_log/list", {
      body: { start_time: now() - 60, end_time: now() },
    });
    expect(log.record_list).toEqual([expect.objectContaining({ userid: "sunhao", oper_type: 13 })]);
    // Bad edits are refused like the API refuses them.
    const bad = await h.console("intercept_rule/edit", { operator: "sunhao", rule_id, intercept_type: 5 });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/errcode 40058/);
    const none = await h.console("intercept_rule/edit", { operator: "sunhao", rule_id, intercept_type: 1 });
    expect(none.json).toEqual({ ok: true, rule_id, changed: [] });
  });

  it("console: adds and deletes rules by hand; a console rule belongs to no app", async () => {
    const made = await h.console("intercept_rule/add", {
      operator: "zhoumin",
      rule_name: "人事提醒",
      word_list: ["开户行"],
      intercept_type: 1,
      applicable_range: { user_list: ["wangfang"] },
    });
    expect(made.status).toBe(200);
    expect(made.json.log).toMatchObject({
      oper_type: 13,
      detail_info: "新建聊天敏感词规则「人事提醒」：拦截方式 = 警告并拦截发送",
    });
    const id = made.json.rule_id as string;
    expect((await get(id)).rule.applicable_range).toEqual({ user_list: [], department_list: [] });
    expect((await update({ rule_id: id, intercept_type: 2 })).errcode).toBe(60011);
    const gone = await h.console("intercept_rule/delete", { operator: "zhoumin", rule_id: id });
    expect(gone.json.log.detail_info).toBe("删除聊天敏感词规则「人事提醒」");
    expect((await h.api(CC, "externalcontact/get_intercept_rule_list")).rule_list).toHaveLength(1);
  });
});

describe("intercept rules in the state file", () => {
  it("survive a restart; a state file without them loads with none", async () => {
    await h.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wp-ir-"));
    try {
      const file = path.join(dir, "s.json");
      h = await boot({ stateFile: file });
      const { rule_id } = await add(rule());
      await h.close();
      h = await boot({ stateFile: file });
      expect((await get(rule_id)).rule.rule_name).toBe("测试规则");
      await h.close();
      const st = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
      delete st["intercept_rules"];
      delete st["intercept_rule_seq"];
      fs.writeFileSync(file, JSON.stringify(st));
      h = await boot({ stateFile: file });
      expect((await h.api(CC, "externalcontact/get_intercept_rule_list")).rule_list).toEqual([]);
      expect((await add(rule())).rule_id).toBe("ir000001");
    } finally {
      await h.close();
      h = await boot();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
