/**
 * protection.yaml's intercept rules → `wecom:index:InterceptRule` resources (issue 16). The logical name is
 * the policy key; a `rule_id` in the policy adopts that existing rule (the `import` option); a key that
 * continues an older one gets a Pulumi alias (./intercept-rule-removals.ts).
 *
 * WeCom's applicable_range takes userids and department ids only — no tags (official doc path/95130) —
 * so a role in `applies_to.roles` is expanded to what holds it: its members (the loader's `userIds`) and
 * its departments (docs/decisions.md). A change to a role's members therefore changes the rule's range at
 * the next `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InterceptRulePolicy, PolicyModel } from "../policy/model";
import { InterceptRule } from "./resources";

/** The range WeCom is given: the rule's own departments plus its roles' departments, sorted, unique. */
export function ruleDepartments(model: PolicyModel, rule: InterceptRulePolicy): number[] {
  const byKey = new Map(model.roles.map((r) => [r.key, r.departments]));
  const all = [...rule.departments, ...rule.roles.flatMap((k) => byKey.get(k) ?? [])];
  return [...new Set(all)].sort((a, b) => a - b);
}

/** One InterceptRule per rule, keyed by policy key; returns [key, rule_id output] pairs for the stack outputs. */
export function declareInterceptRules(
  model: PolicyModel,
  aliases: ReadonlyMap<string, string> = new Map(),
): [string, pulumi.Output<string>][] {
  return model.protection.interceptRules.map((r) => {
    const old = aliases.get(r.key);
    const opts: pulumi.CustomResourceOptions =
      old !== undefined ? { aliases: [{ name: old }] } : r.ruleId !== undefined ? { import: r.ruleId } : {};
    const res = new InterceptRule(
      r.key,
      {
        name: r.name,
        words: r.words,
        semantics: r.semantics,
        action: r.action,
        members: r.userIds,
        departments: ruleDepartments(model, r),
        ...(r.onRemoval !== undefined ? { onRemoval: r.onRemoval } : {}),
      },
      opts,
    );
    return [r.key, res.ruleId];
  });
}
