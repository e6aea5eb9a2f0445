/**
 * Chat intercept rules (管理聊天敏感词, path/95130): add, list, get, update, delete. Only apps in 客户联系
 * "可调用应用" (the demo: 1000003). What the doc says is enforced as it says: ≤ 100 rules per corp, a name
 * of 1–20 characters, ≤ 300 words of 1–32 characters, semantics 1–3, intercept_type 1 or 2, the range inside
 * the calling app's visible range with ≤ 1000 userids and ≤ 1000 departments per call and ≤ 10 000 userids
 * per rule, the range in get_intercept_rule cut to the app's visible range, and only the app that created a
 * rule may update or delete it. The errcodes for breaking those rules are not documented (GUESS, below).
 * The console (console.ts) creates and edits rules by hand with the same checks.
 */
import { INTERCEPT_RULE_LIMITS as L } from "../../wecom/wire";
import { WeComError } from "../errors";
import type { StoredInterceptRule } from "../state";
import { principalKey, type Principal, type Tenant } from "../tenant";
import { type Handler, ERRCODE } from "./call";
import { customerContactApp } from "./external";

// GUESS: every malformed field, every limit, an unknown rule_id and a duplicate rule name answer 40058
// (invalid parameter) with a detail; WeCom's own codes for them are not documented.
const E58 = ERRCODE.invalidParameter58;

/** UTF-8 characters, as the doc counts them (not bytes, not UTF-16 units). */
const chars = (s: string): number => [...s].length;

type Body = Readonly<Record<string, unknown>>;

export function interceptRules(tenant: Tenant): readonly StoredInterceptRule[] {
  return tenant.state.intercept_rules ?? [];
}

function ruleName(v: unknown, existing: readonly StoredInterceptRule[], except?: string): string {
  if (typeof v !== "string" || chars(v) < 1 || chars(v) > L.nameMaxChars)
    throw new WeComError(E58, `rule_name must be 1-${L.nameMaxChars} characters`);
  // GUESS: rule names are unique in a corp (the console's list shows rules by name).
  if (existing.some((r) => r.rule_name === v && r.rule_id !== except))
    throw new WeComError(E58, `rule_name ${v} exists`);
  return v;
}

/** Words, duplicates dropped (GUESS: WeCom keeps one of each). */
function wordList(v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((w) => typeof w === "string"))
    throw new WeComError(E58, "word_list must be a list of strings");
  const words = [...new Set(v as string[])];
  if (words.length > L.wordsPerRule)
    throw new WeComError(E58, `word_list holds more than ${L.wordsPerRule} words`);
  if (words.some((w) => chars(w) < 1 || chars(w) > L.wordMaxChars))
    throw new WeComError(E58, `each word must be 1-${L.wordMaxChars} characters`);
  return words;
}

function semanticsList(v: unknown): (1 | 2 | 3)[] {
  if (!Array.isArray(v) || !v.every((x) => x === 1 || x === 2 || x === 3))
    throw new WeComError(E58, "semantics_list values must be 1 (phone), 2 (e-mail) or 3 (red packet)");
  return [...new Set(v as (1 | 2 | 3)[])].sort((a, b) => a - b);
}

function interceptType(v: unknown): 1 | 2 {
  if (v !== 1 && v !== 2)
    throw new WeComError(E58, "intercept_type must be 1 (warn and block) or 2 (warn only)");
  return v;
}

/**
 * A range object's lists with canonical userids. `principal`: the calling app, whose visible range must
 * hold every node; absent for the console (an admin sees the whole directory).
 */
function range(
  tenant: Tenant,
  v: unknown,
  field: string,
  principal: Principal | undefined,
): { users: string[]; departments: number[] } {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new WeComError(E58, `${field} must be an object`);
  const o = v as Body;
  const users = o["user_list"] ?? [];
  const departments = o["department_list"] ?? [];
  if (!Array.isArray(users) || !users.every((u) => typeof u === "string"))
    throw new WeComError(E58, `${field}.user_list must be a list of userids`);
  if (
    !Array.isArray(departments) ||
    !departments.every((d) => typeof d === "number" && Number.isSafeInteger(d))
  )
    throw new WeComError(E58, `${field}.department_list must be a list of department ids`);
  if (users.length > L.rangeNodesPerCall || departments.length > L.rangeNodesPerCall)
    throw new WeComError(E58, `${field} holds more than ${L.rangeNodesPerCall} userids or departments`);
  const canonical = (users as string[]).map((u) => {
    const found = tenant.user(u);
    // GUESS: an unknown userid answers 40031 (invalid userid list).
    if (!found) throw new WeComError(ERRCODE.invalidUserList, `${field}.user_list: ${u}`);
    // GUESS: a member outside the app's visible range answers 60011 (no privilege), as elsewhere.
    if (principal && !tenant.canSeeUser(principal, found.userid))
      throw new WeComError(
        ERRCODE.noPrivilege,
        `${field}.user_list: ${u} is outside the app's visible range`,
      );
    return found.userid;
  });
  for (const d of departments as number[]) {
    // GUESS: an unknown department answers 40066 (invalid department list).
    if (!tenant.department(d))
      throw new WeComError(ERRCODE.invalidDepartmentList, `${field}.department_list: ${d}`);
    if (principal && !tenant.canSeeDepartment(principal, d))
      throw new WeComError(
        ERRCODE.noPrivilege,
        `${field}.department_list: ${d} is outside the app's visible range`,
      );
  }
  return { users: [...new Set(canonical)], departments: [...new Set(departments as number[])] };
}

function nextRuleId(tenant: Tenant): string {
  const seq = (tenant.state.intercept_rule_seq ?? 0) + 1;
  tenant.state.intercept_rule_seq = seq;
  return `ir${String(seq).padStart(6, "0")}`;
}

/**
 * A new rule from add_intercept_rule's fields (semantics_list top-level, applicable_range), checked;
 * stored and returned. `creator` is the calling app, or "console".
 */
export function createInterceptRule(
  tenant: Tenant,
  body: Body,
  principal: Principal | undefined,
  now: number,
): StoredInterceptRule {
  const existing = interceptRules(tenant);
  const name = ruleName(body["rule_name"], existing);
  const words = wordList(body["word_list"]);
  const semantics = body["semantics_list"] === undefined ? [] : semanticsList(body["semantics_list"]);
  // GUESS: a rule needs at least one word or one semantics (the doc marks word_list required).
  if (words.length === 0 && semantics.length === 0)
    throw new WeComError(E58, "word_list is empty and there are no semantics");
  const type = interceptType(body["intercept_type"]);
  const r = range(tenant, body["applicable_range"], "applicable_range", principal);
  if (r.users.length === 0 && r.departments.length === 0)
    throw new WeComError(E58, "applicable_range needs user_list or department_list");
  if (existing.length >= L.rulesPerCorp)
    throw new WeComError(E58, `the corp has ${L.rulesPerCorp} rules, WeCom's limit`);
  const rule: StoredInterceptRule = {
    rule_id: nextRuleId(tenant),
    rule_name: name,
    word_list: words,
    semantics_list: semantics,
    intercept_type: type,
    user_list: r.users,
    department_list: r.departments,
    create_time: now,
    creator: principal ? principalKey(principal) : "console",
  };
  tenant.state.intercept_rules = [...existing, rule];
  tenant.touch();
  return rule;
}

function ruleOf(tenant: Tenant, v: unknown): StoredInterceptRule {
  if (typeof v !== "string" || v === "") throw new WeComError(E58, "rule_id is required");
  const rule = interceptRules(tenant).find((r) => r.rule_id === v);
  if (!rule) throw new WeComError(E58, `invalid rule_id ${v}`);
  return rule;
}

/** Only the app that created a rule may change it (path/95130); console rules belong to no app. */
function ownRule(call: Parameters<Handler>[0]): StoredInterceptRule {
  const rule = ruleOf(call.tenant, call.body["rule_id"]);
  // GUESS: another app's (or a console-made) rule answers 60011 (no privilege).
  if (rule.creator !== principalKey(call.principal))
    throw new WeComError(ERRCODE.noPrivilege, `rule ${rule.rule_id} was not created by this app`);
  return rule;
}

const add: Handler = (call) => {
  customerContactApp(call);
  return { rule_id: createInterceptRule(call.tenant, call.body, call.principal, call.now).rule_id };
};

const list: Handler = (call) => {
  customerContactApp(call);
  return {
    rule_list: interceptRules(call.tenant).map((r) => ({
      rule_id: r.rule_id,
      rule_name: r.rule_name,
      create_time: r.create_time,
    })),
  };
};

const get: Handler = (call) => {
  customerContactApp(call);
  const { tenant, principal } = call;
  const r = ruleOf(tenant, call.body["rule_id"]);
  return {
    rule: {
      rule_id: r.rule_id,
      rule_name: r.rule_name,
      word_list: [...r.word_list],
      extra_rule: { semantics_list: [...r.semantics_list] },
      intercept_type: r.intercept_type,
      applicable_range: {
        user_list: r.user_list.filter((u) => tenant.canSeeUser(principal, u)),
        department_list: r.department_list.filter((d) => tenant.canSeeDepartment(principal, d)),
      },
      create_time: r.create_time,
    },
  };
};

const update: Handler = (call) => {
  customerContactApp(call);
  const { tenant, principal, body } = call;
  const rule = ownRule(call);
  // Everything is checked before anything changes.
  const name =
    body["rule_name"] === undefined
      ? undefined
      : ruleName(body["rule_name"], interceptRules(tenant), rule.rule_id);
  // path/95130: an empty word_list is ignored.
  const words = body["word_list"] === undefined ? undefined : wordList(body["word_list"]);
  const extra = body["extra_rule"];
  if (extra !== undefined && (typeof extra !== "object" || extra === null || Array.isArray(extra)))
    throw new WeComError(E58, "extra_rule must be an object");
  const rawSemantics = (extra as Body | undefined)?.["semantics_list"];
  // path/95130: an empty semantics_list clears the semantics. A top-level semantics_list (add's shape) is
  // not an update field and is ignored.
  const semantics = rawSemantics === undefined ? undefined : semanticsList(rawSemantics);
  const type = body["intercept_type"] === undefined ? undefined : interceptType(body["intercept_type"]);
  const addRange =
    body["add_applicable_range"] === undefined
      ? undefined
      : range(tenant, body["add_applicable_range"], "add_applicable_range", principal);
  const removeRange =
    body["remove_applicable_range"] === undefined
      ? undefined
      : range(tenant, body["remove_applicable_range"], "remove_applicable_range", principal);
  const lower = (u: string): string => u.toLowerCase();
  const drop = new Set((removeRange?.users ?? []).map(lower));
  const users = rule.user_list.filter((u) => !drop.has(lower(u)));
  for (const u of addRange?.users ?? []) if (!users.some((x) => lower(x) === lower(u))) users.push(u);
  const departments = rule.department_list.filter((d) => !(removeRange?.departments ?? []).includes(d));
  for (const d of addRange?.departments ?? []) if (!departments.includes(d)) departments.push(d);
  if (users.length > L.usersPerRule)
    throw new WeComError(E58, `a rule holds at most ${L.usersPerRule} userids`);
  // GUESS: a change that leaves the rule without any member or department is refused, as add refuses it.
  if (users.length === 0 && departments.length === 0)
    throw new WeComError(E58, "the rule would apply to nobody");
  const nextWords = words !== undefined && words.length > 0 ? words : rule.word_list;
  const nextSemantics = semantics ?? rule.semantics_list;
  if (nextWords.length === 0 && nextSemantics.length === 0)
    throw new WeComError(E58, "the rule would have no words and no semantics");
  if (name !== undefined) rule.rule_name = name;
  rule.word_list = nextWords;
  rule.semantics_list = nextSemantics;
  if (type !== undefined) rule.intercept_type = type;
  rule.user_list = users;
  rule.department_list = departments;
  tenant.touch();
  return {};
};

const del: Handler = (call) => {
  customerContactApp(call);
  const rule = ownRule(call);
  call.tenant.state.intercept_rules = interceptRules(call.tenant).filter((r) => r !== rule);
  call.tenant.touch();
  return {};
};

/**
 * What an admin changes by hand in the console (客户联系 → 聊天管理 → 敏感词 → 编辑): any of rule_name,
 * word_list, semantics_list, intercept_type, user_list, department_list (lists replace). Returns the changed
 * fields, for the admin log. The console may edit any rule, whoever created it.
 */
export function editInterceptRule(
  tenant: Tenant,
  body: Body,
): { rule: StoredInterceptRule; changed: string[] } {
  const rule = ruleOf(tenant, body["rule_id"]);
  const next: StoredInterceptRule = { ...rule };
  if (body["rule_name"] !== undefined)
    next.rule_name = ruleName(body["rule_name"], interceptRules(tenant), rule.rule_id);
  if (body["word_list"] !== undefined) next.word_list = wordList(body["word_list"]);
  if (body["semantics_list"] !== undefined) next.semantics_list = semanticsList(body["semantics_list"]);
  if (body["intercept_type"] !== undefined) next.intercept_type = interceptType(body["intercept_type"]);
  if (body["user_list"] !== undefined || body["department_list"] !== undefined) {
    const r = range(
      tenant,
      {
        user_list: body["user_list"] ?? rule.user_list,
        department_list: body["department_list"] ?? rule.department_list,
      },
      "range",
      undefined,
    );
    next.user_list = r.users;
    next.department_list = r.departments;
  }
  if (next.word_list.length === 0 && next.semantics_list.length === 0)
    throw new WeComError(E58, "the rule would have no words and no semantics");
  if (next.user_list.length === 0 && next.department_list.length === 0)
    throw new WeComError(E58, "the rule would apply to nobody");
  const same = (a: readonly unknown[], b: readonly unknown[]): boolean =>
    a.length === b.length && a.every((x) => b.includes(x));
  const changed = [
    next.rule_name !== rule.rule_name && "rule_name",
    !same(next.word_list, rule.word_list) && "word_list",
    !same(next.semantics_list, rule.semantics_list) && "semantics_list",
    next.intercept_type !== rule.intercept_type && "intercept_type",
    (!same(next.user_list, rule.user_list) || !same(next.department_list, rule.department_list)) &&
      "applicable_range",
  ].filter((x): x is string => typeof x === "string");
  Object.assign(rule, next);
  if (changed.length > 0) tenant.touch();
  return { rule, changed };
}

/** Deletes any rule by hand (the console). */
export function removeInterceptRule(tenant: Tenant, ruleId: unknown): StoredInterceptRule {
  const rule = ruleOf(tenant, ruleId);
  tenant.state.intercept_rules = interceptRules(tenant).filter((r) => r !== rule);
  tenant.touch();
  return rule;
}

export const interceptRuleHandlers = {
  externalAddInterceptRule: add,
  externalGetInterceptRuleList: list,
  externalGetInterceptRule: get,
  externalUpdateInterceptRule: update,
  externalDelInterceptRule: del,
} as const;
