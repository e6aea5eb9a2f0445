import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResource } from "../../../src/provider/check";
import { IntentJournal } from "../../../src/provider/intents";
import { UNKNOWN, type PropertyMap } from "../../../src/provider/props";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import { WecomClient } from "../../../src/wecom";
import type { ConsoleCredentials } from "../../../src/wecom/wire";
import {
  diffInterceptRule,
  interceptRule,
  removalAction,
  ruleDifferences,
  rulePatch,
  ruleState,
  ruleValue,
} from "../../../src/provider/resources/intercept-rule";
import type { ProviderContext } from "../../../src/provider/types";

const ctx = (customerAgentId: number | null = 1000006): ProviderContext => ({
  client: () => {
    throw new Error("check never calls WeCom");
  },
  configured: () => ({
    contacts: true,
    archive: true,
    apps: customerAgentId === null ? [] : [String(customerAgentId)],
    ...(customerAgentId === null ? {} : { customerAgentId }),
  }),
  now: () => new Date("2026-12-03T04:00:00Z"),
});
const check = (news: Record<string, unknown>, c = ctx()) =>
  checkResource(interceptRule, news, {}, c).failures;

const valid = {
  name: "客户与供应商敏感信息",
  words: ["身份证号", "银行账号"],
  semantics: ["phone", "email"],
  action: "block",
  members: ["chenjing", "zhaolei"],
  departments: [],
};

describe("InterceptRule check", () => {
  it("accepts a valid rule", () => {
    expect(check(valid)).toEqual([]);
  });

  it("asks for the customer-contact app when it is not configured", () => {
    const [f] = check(valid, ctx(null));
    expect(f!.property).toBe("");
    expect(f!.reason).toContain("wecom:customerAgentId");
    expect(f!.reason).toContain("客户联系");
  });

  it("refuses more than 300 words with the count and how many rules to split them into", () => {
    const words = Array.from({ length: 412 }, (_, i) => `词${i}`);
    const failures = check({ ...valid, words });
    expect(failures).toEqual([
      {
        property: "words",
        reason:
          "rule 客户与供应商敏感信息 lists 412 words; WeCom allows at most 300 per rule (word_list): split them over 2 rules / 规则「客户与供应商敏感信息」有 412 个敏感词，企业微信每条规则最多 300 个，请拆分为 2 条规则",
      },
    ]);
    expect(check({ ...valid, words: words.slice(0, 300) })).toEqual([]);
  });

  it("counts a word's characters, not its bytes: 32 CJK characters pass, 33 fail, blank fails", () => {
    expect(check({ ...valid, words: ["账".repeat(32)] })).toEqual([]);
    const failures = check({ ...valid, words: ["ok", "账".repeat(33), "  "] });
    expect(failures.map((f) => f.property)).toEqual(["words[1]", "words[2]"]);
    expect(failures[0]!.reason).toContain("has 33 characters; WeCom allows 1–32 per word");
    expect(failures[0]!.reason).toContain("企业微信要求每个 1–32 个");
    expect(failures[1]!.reason).toBe(
      "word 3 of rule 客户与供应商敏感信息 is empty; each word is 1–32 characters / 规则「客户与供应商敏感信息」的第 3 个敏感词为空，每个敏感词须为 1–32 个字符",
    );
  });

  it("limits the rule name to 20 characters", () => {
    expect(check({ ...valid, name: "名".repeat(20) })).toEqual([]);
    const [f] = check({ ...valid, name: "名".repeat(21) });
    expect(f!.property).toBe("name");
    expect(f!.reason).toContain("21 characters; WeCom allows 1–20 (rule_name)");
  });

  it("refuses a range that covers nobody, in both languages", () => {
    const failures = check({ ...valid, members: [], departments: [] });
    expect(failures).toEqual([
      {
        property: "members",
        reason:
          "rule 客户与供应商敏感信息 covers nobody: WeCom needs at least one member (applicable_range.user_list) or department (department_list); add a role, member or department to applies_to / 规则「客户与供应商敏感信息」没有适用范围：企业微信要求至少一名成员或一个部门，请在 applies_to 中加入角色、成员或部门",
      },
    ]);
    expect(check({ ...valid, members: [], departments: [2] })).toEqual([]);
  });

  it("refuses a rule with neither words nor semantics", () => {
    expect(check({ ...valid, words: [], semantics: [] })).toEqual([
      {
        property: "words",
        reason:
          "rule 客户与供应商敏感信息 stops nothing: give it words or semantics (phone, email, red_packet) / 规则「客户与供应商敏感信息」既无敏感词也无拦截语义，不会拦截任何内容：请填写 words 或 semantics",
      },
    ]);
    expect(check({ ...valid, words: [], semantics: ["phone"] })).toEqual([]);
  });

  it("names a userid listed twice (case-insensitively)", () => {
    const [f] = check({ ...valid, members: ["chenjing", "ChenJing"] });
    expect(f).toEqual({
      property: "members[1]",
      reason:
        "userid ChenJing is listed twice (also at members[0]; userids are case-insensitive) / userid ChenJing 重复（另见 members[0]，userid 不区分大小写）",
    });
  });

  it("takes the schema's word for enums and types", () => {
    const failures = check({ ...valid, action: "stop", semantics: ["phone", "fax"] });
    expect(failures.map((f) => f.property).sort()).toEqual(["action", "semantics[1]"]);
  });

  it("skips values not known yet (preview)", () => {
    expect(check({ ...valid, members: UNKNOWN, words: UNKNOWN })).toEqual([]);
  });
});

describe("InterceptRule diff: only declared fields, sets as sets", () => {
  const live = { ...ruleState(ruleValue(valid), "rule-1", false, undefined) };

  it("is empty when only the order or the userids' case differ", () => {
    expect(
      diffInterceptRule(live, {
        ...valid,
        words: ["银行账号", "身份证号"],
        semantics: ["email", "phone"],
        members: ["ZhaoLei", "chenjing"],
      }),
    ).toEqual({ changes: false, detailedDiff: {} });
  });

  it("names the field a console edit changed: block → warn", () => {
    expect(diffInterceptRule({ ...live, action: "warn" }, valid)).toEqual({
      changes: true,
      detailedDiff: { action: "update" },
    });
  });

  it("reports one entry per word, semantic and member added or removed", () => {
    const d = diffInterceptRule(live, {
      ...valid,
      words: ["身份证号", "开户行"],
      semantics: ["phone"],
      members: ["chenjing", "zhaolei", "zhangwei"],
      departments: [3],
    });
    // 开户行 is added at desired[1] and 银行账号 removed from live[1]: one path, an update.
    expect(d.detailedDiff).toEqual({
      "words[1]": "update",
      "semantics[1]": "delete",
      "members[2]": "add",
      "departments[0]": "add",
    });
  });

  it("ignores fields the program does not declare (a rule imported with its name and action only)", () => {
    expect(diffInterceptRule(live, { name: valid.name, action: "block" }).changes).toBe(false);
  });

  it("records a change of the removal choice as an update", () => {
    expect(diffInterceptRule(live, { ...valid, onRemoval: "release" }).detailedDiff).toEqual({
      onRemoval: "add",
    });
  });
});

describe("InterceptRule patch: what update_intercept_rule is sent", () => {
  const live = ruleValue({ ...valid, action: "warn" });

  it("sends only what differs, the range as additions and removals", () => {
    expect(
      rulePatch(live, { ...valid, members: ["chenjing", "zhangwei"], departments: [2], words: valid.words }),
    ).toEqual({
      action: "block",
      addRange: { userIds: ["zhangwei"], departmentIds: [2] },
      removeRange: { userIds: ["zhaolei"], departmentIds: [] },
    });
  });

  it("sends the whole word list when the set changes, and nothing when only the order does", () => {
    expect(rulePatch(ruleValue(valid), { ...valid, words: ["银行账号", "身份证号"] })).toBeUndefined();
    expect(rulePatch(ruleValue(valid), { ...valid, words: ["开户行", "身份证号"] })).toEqual({
      words: ["开户行", "身份证号"],
    });
  });

  it("leaves undeclared fields alone", () => {
    expect(rulePatch(live, { name: valid.name, action: "warn" })).toBeUndefined();
  });

  it("reads back in words what WeCom holds differently from what was written", () => {
    expect(ruleDifferences({ ...ruleValue(valid), action: "warn", members: ["chenjing"] }, valid)).toEqual([
      "action warn, not block",
      "members missing: zhaolei",
    ]);
  });
});

describe("InterceptRule removal", () => {
  it("releases an adopted rule, deletes a created one, and follows an explicit onRemoval", () => {
    expect(removalAction({ adopted: true })).toBe("release");
    expect(removalAction({ adopted: false })).toBe("delete");
    expect(removalAction({ adopted: true, onRemoval: "delete" })).toBe("delete");
    expect(removalAction({ adopted: false }, { onRemoval: "release" })).toBe("release");
  });
});

describe("InterceptRule against the sandbox: create, console edit, read, update, delete, adoption", () => {
  let sb: SandboxHandle;
  let client: WecomClient;
  let live: ProviderContext;
  const urn = "urn:pulumi:prod::wecom-policy::wecom:index:InterceptRule::customer-data";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intercept-intents-"));

  beforeAll(async () => {
    sb = await startSandbox({ quiet: true });
    const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
    client = new WecomClient({
      baseUrl: sb.url,
      corpId: creds.corpid,
      secrets: { contacts: creds.contacts_secret, apps: creds.app_secrets },
      customerAgentId: 1000003,
    });
    live = { ...ctx(1000003), client: () => client, intents: new IntentJournal(dir) };
  });
  afterAll(async () => {
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const consoleEdit = async (body: Record<string, unknown>) => {
    const res = await fetch(`${sb.url}/__console/intercept_rule/edit`, {
      method: "POST",
      body: JSON.stringify({ operator: "sunhao", ...body }),
    });
    expect(res.status).toBe(200);
  };

  it("creates the rule, reads it back, and records it as created by the stack", async () => {
    const preview = await interceptRule.create(live, valid, true, urn);
    expect(preview.id).toBe("");
    const { id, outs } = await interceptRule.create(live, valid, false, urn);
    expect(outs).toEqual({
      name: "客户与供应商敏感信息",
      words: ["身份证号", "银行账号"],
      semantics: ["phone", "email"],
      action: "block",
      members: ["chenjing", "zhaolei"],
      departments: [],
      ruleId: id,
      adopted: false,
    });
    expect((await client.getInterceptRule(id)).action).toBe("block");

    // Switched to warn-only by hand: a refresh shows it, the diff names the field, update converges.
    await consoleEdit({ rule_id: id, intercept_type: 2, user_list: ["chenjing", "zhaolei", "zhangwei"] });
    const read = await interceptRule.read(live, id, outs as PropertyMap, valid);
    expect(read!.props).toMatchObject({ action: "warn", members: ["chenjing", "zhangwei", "zhaolei"] });
    const diff = interceptRule.diff(id, read!.props as PropertyMap, valid);
    expect(diff.detailedDiff).toEqual({ action: "update", "members[1]": "delete" });
    const after = await interceptRule.update(live, id, read!.props as PropertyMap, valid, false);
    expect(after).toMatchObject({ action: "block", members: ["chenjing", "zhaolei"], adopted: false });
    expect(interceptRule.diff(id, after as PropertyMap, valid).changes).toBe(false);

    // The range changes through add/remove: a department in, a member out.
    const moved = await interceptRule.update(
      live,
      id,
      after as PropertyMap,
      { ...valid, members: ["chenjing"], departments: [5] },
      false,
    );
    expect(moved).toMatchObject({ members: ["chenjing"], departments: [5] });

    // Created by the stack: leaving the policy deletes it.
    await interceptRule.delete(live, id, moved as PropertyMap, valid);
    expect((await client.listInterceptRules()).some((r) => r.ruleId === id)).toBe(false);
    expect(await interceptRule.read(live, id, moved as PropertyMap, valid)).toBeUndefined();
  });

  it("refuses to take over a same-named rule it cannot prove it made, saying how to adopt it", async () => {
    const err = await interceptRule
      .create(
        live,
        { ...valid, name: "销售私下交易提醒", departments: [5] },
        false,
        urn.replace("customer-data", "sales"),
      )
      .catch((e: Error) => e);
    expect((err as Error).message).toContain("    rule_id: ir000001\n");
    expect((err as Error).message).toContain("pulumi import wecom:index:InterceptRule sales ir000001");
  });

  it("says which members lie outside the app's visible range when add_intercept_rule answers 60011", async () => {
    const err = await interceptRule
      .create(
        live,
        { ...valid, name: "人事", members: ["wangfang"] },
        false,
        urn.replace("customer-data", "hr"),
      )
      .catch((e: Error) => e);
    expect((err as Error).message).toContain(
      "add_intercept_rule 人事: errcode 60011 (no privilege). The rule's members and departments must lie inside app 1000003's visible range",
    );
  });

  it("imports the console's rule as adopted and releases it, never deleting it", async () => {
    const imported = await interceptRule.read(live, "ir000001", {}, {});
    expect(imported!.props).toMatchObject({ name: "销售私下交易提醒", action: "warn", adopted: true });
    expect(imported!.inputs).toEqual({
      name: "销售私下交易提醒",
      words: ["加我微信", "私下转账", "返点"],
      semantics: ["red_packet"],
      action: "warn",
      members: [],
      departments: [5],
    });
    // A console-made rule can be changed only in the console: the update says so, in both languages.
    const refused = await interceptRule
      .update(
        live,
        "ir000001",
        imported!.props as PropertyMap,
        { ...imported!.inputs, action: "block" },
        false,
      )
      .catch((e: Error) => e);
    expect((refused as Error).message).toContain(
      "update_intercept_rule 销售私下交易提醒: errcode 60011 (no privilege). Either the rule's members and departments must lie inside app 1000003's visible range",
    );
    expect((refused as Error).message).toContain("企业微信只允许创建规则的应用修改或删除它");
    await interceptRule.delete(
      live,
      "ir000001",
      imported!.props as PropertyMap,
      imported!.inputs as PropertyMap,
    );
    expect((await client.listInterceptRules()).some((r) => r.ruleId === "ir000001")).toBe(true);
  });
});
