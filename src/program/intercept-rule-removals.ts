/**
 * What a run does to chat intercept rules protection.yaml no longer declares under their old key — the
 * same "never harm the tenant" rule as roles (./removals.ts, issue 8): a rule whose key changed but whose
 * `rule_id` (or, without one, name) matches a rule of the stack continues it (a Pulumi alias); any other
 * rule of the stack is released (adopted, or `on_removal: release`: it stays in WeCom) or deleted
 * (del_intercept_rule). The program says which in every preview, before the engine acts.
 *
 * The decision is the provider's (src/provider/resources/intercept-rule.ts `removalAction`, from the state
 * it recorded); this module reads the same fields so the words match what Delete will do.
 */
import type { PolicyModel } from "../policy/model";
import type { StackResource } from "../pulumi/stack-export";
import type { Bilingual } from "../text";
import { countOf, planRenames, priorKey, priorName, priorRemoval, stringOf } from "./removals";

export const INTERCEPT_RULE_TOKEN = "wecom:index:InterceptRule";

/** An InterceptRule as the stack's last state records it. */
export interface PriorInterceptRule {
  key: string;
  ruleId: string;
  name: string;
  words: number;
  semantics: string[];
  action: string;
  members: number;
  departments: number;
  /** What deleting the resource does. */
  removal: "release" | "delete";
}

export interface InterceptRulePlan {
  /** New policy key → the old logical name it continues (Pulumi alias). */
  aliases: Map<string, string>;
  removals: PriorInterceptRule[];
}

/** The InterceptRules of a stack export, with what deleting each would do (the provider's rule). */
export function priorInterceptRules(resources: readonly StackResource[]): PriorInterceptRule[] {
  return resources
    .filter((r) => r.type === INTERCEPT_RULE_TOKEN)
    .map((r) => {
      const o = r.outputs;
      return {
        key: priorKey(r),
        ruleId: r.id,
        name: priorName(r),
        words: countOf(o["words"]),
        semantics: Array.isArray(o["semantics"]) ? o["semantics"].map(String) : [],
        action: stringOf(o["action"]) ?? "",
        members: countOf(o["members"]),
        departments: countOf(o["departments"]),
        removal: priorRemoval(r),
      };
    });
}

export function planInterceptRules(
  model: PolicyModel,
  prior: readonly PriorInterceptRule[],
): InterceptRulePlan {
  // The rule_id decides first (import writes it); the rule name only when the policy gives no id.
  return planRenames(
    model.protection.interceptRules.map((r) => ({ key: r.key, id: r.ruleId, name: r.name })),
    prior,
    (p) => p.ruleId,
    (p) => p.name,
  );
}

function describeRule(r: PriorInterceptRule): Bilingual {
  const action = r.action === "warn" ? "warn only" : "block";
  const actionZh = r.action === "warn" ? "仅警告" : "拦截";
  const sem = r.semantics.length ? `, ${r.semantics.join("+")}` : "";
  return {
    en: `chat intercept rule ${r.name} (rule_id ${r.ruleId}, ${action}, ${r.words} word(s)${sem}, ${r.members} member(s), ${r.departments} department(s))`,
    zh: `聊天敏感词规则「${r.name}」（rule_id ${r.ruleId}，${actionZh}，${r.words} 个敏感词${r.semantics.length ? `，${r.semantics.join("+")}` : ""}，${r.members} 名成员，${r.departments} 个部门）`,
  };
}

/** One warning per removal and rename, English then Chinese: what the run will do to each WeCom rule. */
export function describeInterceptRulePlan(plan: InterceptRulePlan): string[] {
  const renames = [...plan.aliases].map(
    ([key, old]) =>
      `intercept rule ${old} is now ${key}: the same WeCom rule stays managed (Pulumi alias); nothing is deleted or re-created.\n` +
      `  敏感词规则 ${old} 更名为 ${key}：继续管理同一条企业微信规则（Pulumi alias），不删除也不重建。`,
  );
  const removals = plan.removals.map((r) => {
    const d = describeRule(r);
    return r.removal === "delete"
      ? `intercept rule ${r.key} was removed from protection.yaml: WeCom ${d.en} will be DELETED (del_intercept_rule), and its members can then send what it stopped. To keep the rule, restore it with on_removal: release and run pulumi up before removing it.\n` +
          `  敏感词规则 ${r.key} 已从 protection.yaml 移除：企业微信${d.zh}将被删除，其成员此后可发送原被拦截的内容。如需保留，请先恢复该规则并设置 on_removal: release，运行 pulumi up 后再移除。`
      : `intercept rule ${r.key} was removed from protection.yaml: WeCom ${d.en} is only RELEASED — it stays in WeCom and keeps working, no longer managed by this stack.\n` +
          `  敏感词规则 ${r.key} 已从 protection.yaml 移除：企业微信${d.zh}仅被释放——规则保留在企业微信中并继续生效，不再由本 stack 管理。`;
  });
  return [...renames, ...removals];
}
