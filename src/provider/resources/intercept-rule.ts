/**
 * `wecom:index:InterceptRule` — a chat intercept rule (管理聊天敏感词, official doc path/95130): the words
 * and extra semantics (phone, e-mail, red packet) WeCom stops or warns about when a member of the range
 * sends them to an external contact. Managed with the customer-contact app's token: add_intercept_rule,
 * get_intercept_rule_list, get_intercept_rule, update_intercept_rule (the range changes through
 * add_applicable_range / remove_applicable_range), del_intercept_rule.
 *
 * Built like Role (./role.ts): the id is the WeCom rule_id, the logical name the policy key; only declared
 * fields are compared and written; words, semantics and the range are sets; every write is read back; a
 * rule that existed before the stack (imported, adopted) is released, never deleted, when it leaves the
 * policy.
 */
import { RESOURCE_TYPES, type InterceptRuleInputs, type InterceptRuleState } from "../../generated/resources";
import { ERRCODE } from "../../wecom/errcodes";
import { CONSOLE, forApp } from "../../wecom/console-paths";
import { missingDelegatedApp } from "../console-messages";
import { duplicateUserIds, lowerKey, setDelta, setDetailedDiff } from "../diff";
import { isImportRead, parseUrn } from "../import-guard";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import {
  PartialCreateError,
  type CheckFailure,
  type DiffResult,
  type ProviderContext,
  type ResourceModule,
} from "../types";
import { INTERCEPT_RULE_LIMITS, interceptRuleGone, WecomApiError, type WecomClient } from "../../wecom";
import type { InterceptRule as LiveRule, InterceptRulePatch } from "../../wecom/types";

export const INTERCEPT_RULE_TYPE = RESOURCE_TYPES.InterceptRule.token;

/** WeCom's limits live with the wire types (src/wecom/wire.ts); the per-corp count is validate's. */
const LIMITS = INTERCEPT_RULE_LIMITS;

export type InterceptSemantic = NonNullable<InterceptRuleInputs["semantics"]>[number];
export type InterceptAction = InterceptRuleInputs["action"];
export type RemovalAction = NonNullable<InterceptRuleInputs["onRemoval"]>;

/** A rule as WeCom holds it, every field present. */
export interface InterceptRuleValue {
  name: string;
  words: string[];
  semantics: InterceptSemantic[];
  action: InterceptAction;
  members: string[];
  departments: number[];
}

/** The fields a program may declare and the provider then compares and writes, in display order. */
export const RULE_FIELDS = ["name", "words", "semantics", "action", "members", "departments"] as const;
type RuleField = (typeof RULE_FIELDS)[number];
const SET_FIELDS = ["words", "semantics", "members", "departments"] as const;

/** What each set compares by: userids are case-insensitive in WeCom; words and semantics are exact. */
const KEYS: Record<(typeof SET_FIELDS)[number], (v: never) => string> = {
  words: String,
  semantics: String,
  members: lowerKey,
  departments: String,
};

const SEMANTICS: readonly InterceptSemantic[] = ["phone", "email", "red_packet"];
const chars = (s: string): number => [...s].length;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
function ints(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
}

function declared(p: PropertyMap): RuleField[] {
  return RULE_FIELDS.filter((f) => p[f] !== undefined);
}

/** The value of `p`, every field present (a field left out reads as empty). */
export function ruleValue(p: PropertyMap): InterceptRuleValue {
  return {
    name: typeof p["name"] === "string" ? p["name"] : "",
    words: strings(p["words"]),
    semantics: strings(p["semantics"]).filter((s): s is InterceptSemantic =>
      SEMANTICS.includes(s as InterceptSemantic),
    ),
    action: p["action"] === "warn" ? "warn" : "block",
    members: strings(p["members"]),
    departments: ints(p["departments"]),
  };
}

function removalOf(p: PropertyMap): RemovalAction | undefined {
  const v = p["onRemoval"];
  return v === "release" || v === "delete" ? v : undefined;
}

const wasAdopted = (state: PropertyMap) => state["adopted"] === true;

/** Release or delete, from the state (and the last inputs): the policy's choice, else release an adopted rule. */
export function removalAction(state: PropertyMap, oldInputs: PropertyMap = {}): RemovalAction {
  return removalOf(state) ?? removalOf(oldInputs) ?? (wasAdopted(state) ? "release" : "delete");
}

const uniqueBy = <T>(values: readonly T[], key: (v: T) => string): T[] => {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(key(v)) && (seen.add(key(v)), true));
};

/** The state: sets sorted and unique, so the stack and reports are stable. */
export function ruleState(
  v: InterceptRuleValue,
  ruleId: string,
  adopted: boolean,
  onRemoval: RemovalAction | undefined,
): InterceptRuleState {
  return {
    name: v.name,
    words: [...new Set(v.words)].sort(),
    semantics: SEMANTICS.filter((s) => v.semantics.includes(s)),
    action: v.action,
    members: uniqueBy(v.members, lowerKey).sort(),
    departments: [...new Set(v.departments)].sort((a, b) => a - b),
    ...(onRemoval !== undefined ? { onRemoval } : {}),
    ruleId,
    adopted,
  };
}

/**
 * WeCom's limits in words a reviewer can act on (the schema says the same in general terms; a failure
 * here replaces the schema's for its property). The range must not be empty: add_intercept_rule needs a
 * user or a department (applicable_range, path/95130).
 */
export function checkInterceptRule(news: PropertyMap, ctx: ProviderContext): CheckFailure[] {
  const f: CheckFailure[] = [];
  const c = ctx.configured();
  if (c.customerAgentId === undefined || !c.apps.includes(String(c.customerAgentId)))
    f.push({
      property: "",
      reason: missingDelegatedApp(
        {
          en: "The customer-contact app (chat intercept rules are managed with its token)",
          zh: "客户联系可调用应用（聊天敏感词规则以其身份管理）",
          configKey: "wecom:customerAgentId",
          envName: "WECOM_CUSTOMER_AGENT_ID",
          agentId: c.customerAgentId,
        },
        CONSOLE.customerContactApps,
      ),
    });
  const name = typeof news["name"] === "string" ? news["name"] : undefined;
  const rule = name !== undefined ? `rule ${name}` : "the rule";
  const ruleZh = name !== undefined ? `规则「${name}」` : "该规则";
  if (name !== undefined && (chars(name) === 0 || chars(name) > LIMITS.nameMaxChars))
    f.push({
      property: "name",
      reason: `the rule name has ${chars(name)} characters; WeCom allows 1–${LIMITS.nameMaxChars} (rule_name) / 规则名称有 ${chars(name)} 个字符，企业微信要求 1–${LIMITS.nameMaxChars} 个`,
    });
  const words = news["words"];
  if (Array.isArray(words) && !containsUnknown(words)) {
    if (words.length > LIMITS.wordsPerRule)
      f.push({
        property: "words",
        reason: `${rule} lists ${words.length} words; WeCom allows at most ${LIMITS.wordsPerRule} per rule (word_list): split them over ${Math.ceil(words.length / LIMITS.wordsPerRule)} rules / ${ruleZh}有 ${words.length} 个敏感词，企业微信每条规则最多 ${LIMITS.wordsPerRule} 个，请拆分为 ${Math.ceil(words.length / LIMITS.wordsPerRule)} 条规则`,
      });
    words.forEach((w: unknown, i: number) => {
      if (typeof w !== "string") return;
      const n = chars(w.trim());
      if (n === 0 || chars(w) > LIMITS.wordMaxChars)
        f.push({
          property: `words[${i}]`,
          reason:
            n === 0
              ? `word ${i + 1} of ${rule} is empty; each word is 1–${LIMITS.wordMaxChars} characters / ${ruleZh}的第 ${i + 1} 个敏感词为空，每个敏感词须为 1–${LIMITS.wordMaxChars} 个字符`
              : `the word "${w}" has ${chars(w)} characters; WeCom allows 1–${LIMITS.wordMaxChars} per word / 敏感词「${w}」有 ${chars(w)} 个字符，企业微信要求每个 1–${LIMITS.wordMaxChars} 个`,
        });
    });
  }
  // GUESS (path/95130 marks word_list required): a rule with neither words nor semantics stops nothing.
  const sem = news["semantics"];
  if (
    Array.isArray(words) &&
    Array.isArray(sem) &&
    !containsUnknown(words) &&
    !containsUnknown(sem) &&
    words.length === 0 &&
    sem.length === 0
  )
    f.push({
      property: "words",
      reason: `${rule} stops nothing: give it words or semantics (phone, email, red_packet) / ${ruleZh}既无敏感词也无拦截语义，不会拦截任何内容：请填写 words 或 semantics`,
    });
  const members = news["members"];
  const departments = news["departments"];
  if (containsUnknown(members) || containsUnknown(departments)) return f;
  const m = Array.isArray(members) ? members : [];
  const d = Array.isArray(departments) ? departments : [];
  if (m.length === 0 && d.length === 0)
    f.push({
      property: "members",
      reason: `${rule} covers nobody: WeCom needs at least one member (applicable_range.user_list) or department (department_list); add a role, member or department to applies_to / ${ruleZh}没有适用范围：企业微信要求至少一名成员或一个部门，请在 applies_to 中加入角色、成员或部门`,
    });
  if (m.length > LIMITS.usersPerRule)
    f.push({
      property: "members",
      reason: `${rule} covers ${m.length} members; WeCom allows at most ${LIMITS.usersPerRule} userids per rule (user_list): cover whole departments instead / ${ruleZh}覆盖 ${m.length} 名成员，企业微信每条规则最多 ${LIMITS.usersPerRule} 个 userid，请改用部门`,
    });
  f.push(...duplicateUserIds(m));
  return f;
}

/** Live state (olds) against the declared inputs (news): only declared fields, sets as sets. */
export function diffInterceptRule(olds: PropertyMap, news: PropertyMap): DiffResult {
  const live = ruleValue(olds);
  const desired = ruleValue(news);
  const detailedDiff: DiffResult["detailedDiff"] = {};
  for (const k of declared(news)) {
    if (containsUnknown(news[k])) continue;
    if (k === "name" || k === "action") {
      if (olds[k] !== news[k]) detailedDiff[k] = "update";
      continue;
    }
    const key = KEYS[k] as (v: unknown) => string;
    Object.assign(
      detailedDiff,
      setDetailedDiff<unknown>(k, live[k] as readonly unknown[], desired[k] as readonly unknown[], key),
    );
  }
  const [was, want] = [removalOf(olds), removalOf(news)];
  if (!containsUnknown(news["onRemoval"]) && was !== want)
    detailedDiff["onRemoval"] = was === undefined ? "add" : want === undefined ? "delete" : "update";
  return { changes: Object.keys(detailedDiff).length > 0, detailedDiff };
}

/** A live rule (get_intercept_rule) as a value of this resource. */
export function liveValue(r: LiveRule): InterceptRuleValue {
  return {
    name: r.name,
    words: r.words,
    semantics: r.semantics,
    action: r.action,
    members: r.range.userIds,
    departments: r.range.departmentIds,
  };
}

/**
 * The update_intercept_rule patch that brings `live` to the declared fields of `news`; undefined when
 * nothing differs. Words and semantics replace the lists; the range changes by added and removed nodes.
 */
export function rulePatch(live: InterceptRuleValue, news: PropertyMap): InterceptRulePatch | undefined {
  const desired = ruleValue(news);
  const keys = new Set(declared(news));
  const patch: InterceptRulePatch = {};
  if (keys.has("name") && live.name !== desired.name) patch.name = desired.name;
  if (keys.has("action") && live.action !== desired.action) patch.action = desired.action;
  const words = setDelta(live.words, desired.words);
  if (keys.has("words") && words.added.length + words.removed.length > 0)
    patch.words = [...new Set(desired.words)].sort();
  const sem = setDelta(live.semantics, desired.semantics);
  if (keys.has("semantics") && sem.added.length + sem.removed.length > 0)
    patch.semantics = SEMANTICS.filter((x) => desired.semantics.includes(x));
  const users = keys.has("members") ? setDelta(live.members, desired.members, lowerKey) : undefined;
  const parties = keys.has("departments")
    ? setDelta(live.departments, desired.departments, String)
    : undefined;
  if (users?.added.length || parties?.added.length)
    patch.addRange = { userIds: users?.added ?? [], departmentIds: parties?.added ?? [] };
  if (users?.removed.length || parties?.removed.length)
    patch.removeRange = { userIds: users?.removed ?? [], departmentIds: parties?.removed ?? [] };
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** How `live` differs from the declared fields just written, in words; empty when it holds exactly that. */
export function ruleDifferences(live: InterceptRuleValue, written: PropertyMap): string[] {
  const out: string[] = [];
  const w = ruleValue(written);
  const keys = new Set(declared(written));
  if (keys.has("name") && live.name !== w.name) out.push(`the name ${live.name}, not ${w.name}`);
  if (keys.has("action") && live.action !== w.action) out.push(`action ${live.action}, not ${w.action}`);
  for (const k of SET_FIELDS) {
    if (!keys.has(k)) continue;
    const key = KEYS[k] as (v: unknown) => string;
    const d = setDelta<unknown>(w[k] as unknown[], live[k] as unknown[], key);
    if (d.removed.length) out.push(`${k} missing: ${d.removed.join(", ")}`);
    if (d.added.length) out.push(`${k} nobody wrote: ${d.added.join(", ")}`);
  }
  return out;
}

/**
 * get_intercept_rule after a write: the state records what WeCom holds. When it differs from what was
 * written the step fails ("inconsistent result after apply") with the live state recorded, so the next
 * `up` corrects it (as Role does, issue 8).
 */
async function confirmRule(
  client: WecomClient,
  ruleId: string,
  written: PropertyMap,
  adopted: boolean,
  onRemoval: RemovalAction | undefined,
): Promise<InterceptRuleState> {
  const live = liveValue(await client.getInterceptRule(ruleId));
  const state = ruleState(live, ruleId, adopted, onRemoval);
  const differs = ruleDifferences(live, written);
  if (differs.length > 0)
    throw new PartialCreateError(ruleId, state, [
      `inconsistent result after apply: InterceptRule ${live.name} (rule_id ${ruleId}): get_intercept_rule shows ${differs.join("; ")}. ` +
        "The rule is recorded in the stack with what WeCom holds; `pulumi up` again corrects it. / " +
        `应用后结果不一致：敏感词规则「${live.name}」（rule_id ${ruleId}）与写入的不同；已按企业微信中的实际内容记录，再次运行 pulumi up 即可纠正。`,
    ]);
  return state;
}

/** A rule of that name exists and this stack cannot prove it created it: how to adopt it instead. */
export function ruleAlreadyExists(urn: string, name: string, ruleId: string): string {
  const key = parseUrn(urn).name || "<rule key>";
  return (
    `add_intercept_rule: WeCom already has a chat intercept rule named ${name} (rule_id ${ruleId}), and this stack has no record of creating it, so it is not taken over. Nothing was changed.\n` +
    `To manage that rule as ${key}, add under intercept_rules.${key} in protection.yaml:\n` +
    `    rule_id: ${ruleId}\n` +
    `or, in a Pulumi YAML program, run: pulumi import ${INTERCEPT_RULE_TYPE} ${key} ${ruleId}\n` +
    `To keep it apart, give the rule another name.\n` +
    `企业微信中已有名为「${name}」的敏感词规则（rule_id ${ruleId}），本 stack 没有创建它的记录，因此不会接管，未做任何修改。如需由 ${key} 管理，请在 protection.yaml 的 intercept_rules.${key} 下添加 rule_id: ${ruleId}（或运行 pulumi import ${INTERCEPT_RULE_TYPE} ${key} ${ruleId}）；否则请更换规则名称。`
  );
}

/**
 * add_intercept_rule, safe across interrupted runs: the intent is journalled before the call; a rule of
 * the same name is adopted only when an intent of an earlier run names this URN and this name (and, if
 * that run saw the rule_id, the same one). WeCom's answer to a duplicate name is not documented, so the
 * name is looked up in the list before the add instead of branching on an errcode.
 */
async function addOrAdoptOurs(
  ctx: ProviderContext,
  client: WecomClient,
  urn: string,
  value: InterceptRuleValue,
): Promise<string> {
  const journal = urn ? ctx.intents : undefined;
  const prior = journal?.get(urn);
  const ours = prior !== undefined && prior.name === value.name ? prior : undefined;
  const existing = (await client.listInterceptRules()).find((r) => r.name === value.name);
  if (existing) {
    if (ours && (ours.id === undefined || ours.id === existing.ruleId)) {
      journal?.record({ ...ours, id: existing.ruleId });
      return existing.ruleId;
    }
    throw new Error(ruleAlreadyExists(urn, value.name, existing.ruleId));
  }
  const intent = ours ?? {
    urn,
    type: INTERCEPT_RULE_TYPE,
    name: value.name,
    startedAt: new Date().toISOString(),
  };
  journal?.record(intent);
  const ruleId = await client
    .addInterceptRule({
      name: value.name,
      words: [...new Set(value.words)].sort(),
      semantics: SEMANTICS.filter((x) => value.semantics.includes(x)),
      action: value.action,
      range: { userIds: uniqueBy(value.members, lowerKey), departmentIds: [...new Set(value.departments)] },
    })
    .catch((err: unknown) => {
      throw explainNoPrivilege(err, "add", value.name, ctx.configured().customerAgentId);
    });
  journal?.record({ ...intent, id: ruleId });
  return ruleId;
}

/**
 * 60011 on a rule's write, in words that say what to do: the range must lie inside the customer-contact
 * app's visible range, and only the app that created a rule may change or delete it (path/95130) — a rule
 * made in the console and adopted can be changed there only.
 */
export function explainNoPrivilege(
  err: unknown,
  op: "add" | "update" | "delete",
  name: string,
  agentId: number | undefined,
): unknown {
  if (!(err instanceof WecomApiError) || err.errcode !== ERRCODE.noPrivilege) return err;
  const range = agentId === undefined ? CONSOLE.appVisibleRange : forApp(CONSOLE.appVisibleRange, agentId);
  const app = agentId === undefined ? "the customer-contact app" : `app ${agentId}`;
  const appZh = agentId === undefined ? "客户联系可调用应用" : `应用 ${agentId}`;
  const inRange = `the rule's members and departments must lie inside ${app}'s visible range (${range.en})`;
  const inRangeZh = `规则的成员与部门须在${appZh}的可见范围内（${range.zh}）`;
  const created = `WeCom lets only the app that created a rule change or delete it: a rule made in the console (or by another app) is changed by hand at ${CONSOLE.chatInterceptRules.en}`;
  const createdZh = `企业微信只允许创建规则的应用修改或删除它：在管理后台（或由其他应用）创建的规则请在 ${CONSOLE.chatInterceptRules.zh} 手工修改`;
  return new Error(
    `${op}_intercept_rule ${name}: errcode 60011 (no privilege). ` +
      (op === "add" ? `The ${inRange.slice(4)}.` : `Either ${inRange}, or ${created}.`) +
      "\n" +
      `${op}_intercept_rule「${name}」：错误码 60011（无权限）。` +
      (op === "add" ? `${inRangeZh}。` : `${inRangeZh}；或者${createdZh}。`),
  );
}

export const interceptRule: ResourceModule = {
  type: INTERCEPT_RULE_TYPE,

  check(news, _olds, ctx) {
    return { inputs: news, failures: checkInterceptRule(news, ctx) };
  },

  diff(_id, olds, news) {
    return diffInterceptRule(olds, news);
  },

  async create(ctx, inputs, preview, urn = "") {
    const desired = ruleValue(inputs);
    const onRemoval = removalOf(inputs);
    if (preview) return { id: "", outs: { ...ruleState(desired, "", false, onRemoval), ruleId: undefined } };
    const client = ctx.client();
    const ruleId = await addOrAdoptOurs(ctx, client, urn, desired);
    // An adopted leftover of an interrupted run may differ from the policy: bring it there first.
    const patch = rulePatch(liveValue(await client.getInterceptRule(ruleId)), inputs);
    if (patch) await client.updateInterceptRule(ruleId, patch);
    return { id: ruleId, outs: await confirmRule(client, ruleId, inputs, false, onRemoval) };
  },

  async read(ctx, id, state, inputs) {
    const found = await ctx.client().findInterceptRule(id);
    if (!found) return undefined;
    const live = liveValue(found);
    // Read without state or inputs is an import: the rule existed before the stack, so it is adopted.
    const onRemoval = removalOf(state) ?? removalOf(inputs);
    const props = ruleState(live, id, wasAdopted(state) || isImportRead(state, inputs), onRemoval);
    // Inputs in the shape the program declared them: the fields it manages (all of them on import).
    const keys = declared(inputs);
    const liveInputs: PropertyMap = {};
    for (const k of keys.length ? keys : RULE_FIELDS) liveInputs[k] = props[k];
    if (onRemoval !== undefined) liveInputs["onRemoval"] = onRemoval;
    return { id, props, inputs: liveInputs };
  },

  async update(ctx, id, olds, news, preview) {
    const onRemoval = removalOf(news);
    const adopted = wasAdopted(olds);
    if (preview) return ruleState({ ...ruleValue(olds), ...pick(news) }, id, adopted, onRemoval);
    const client = ctx.client();
    // Compare against what WeCom holds now, not the state: a hand-made change is corrected exactly and an
    // already-applied change is not re-sent.
    const patch = rulePatch(liveValue(await client.getInterceptRule(id)), news);
    if (patch)
      await client.updateInterceptRule(id, patch).catch((err: unknown) => {
        throw explainNoPrivilege(err, "update", ruleValue(news).name, ctx.configured().customerAgentId);
      });
    return confirmRule(client, id, news, adopted, onRemoval);
  },

  async delete(ctx, id, state, oldInputs) {
    // An imported or adopted rule is released unless the policy said `on_removal: delete` for it.
    if (removalAction(state, oldInputs) === "release") return;
    try {
      await ctx.client().deleteInterceptRule(id);
    } catch (err) {
      // Already gone is what a delete wants.
      if (!interceptRuleGone(err))
        throw explainNoPrivilege(err, "delete", ruleValue(state).name, ctx.configured().customerAgentId);
    }
  },
};

/** The declared fields of `news`, as a partial value. */
function pick(news: PropertyMap): Partial<InterceptRuleValue> {
  const v = ruleValue(news);
  return Object.fromEntries(declared(news).map((k) => [k, v[k]]));
}
