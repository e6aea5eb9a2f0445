/**
 * What a run does to check-in rules checkin.yaml no longer declares under their old key — the same
 * "never harm the tenant" rule as roles (./removals.ts) and chat intercept rules
 * (./intercept-rule-removals.ts): a rule whose key changed but whose `group_id` (or, without one, name)
 * matches a rule of the stack continues it (a Pulumi alias); any other rule of the stack is released
 * (adopted, or `on_removal: release`: it stays in WeCom) or deleted (del_checkin_option). The program
 * says which in every preview, before the engine acts.
 *
 * The decision is the provider's (src/provider/resources/checkin-rule.ts `checkinRemovalAction`, from the
 * state it recorded, then the old inputs); this module reads the same fields so the words match what
 * Delete will do.
 */
import type { PolicyModel } from "../policy/model";
import type { StackResource } from "../pulumi/stack-export";
import type { Bilingual } from "../text";
import { countOf, planRenames, priorKey, priorName, priorRemoval } from "./removals";

export const CHECKIN_RULE_TOKEN = "wecom:index:CheckinRule";

/** A CheckinRule as the stack's last state records it. */
export interface PriorCheckinRule {
  key: string;
  /** WeCom's groupid (the resource id). */
  groupId: string;
  name: string;
  members: number;
  departments: number;
  geofences: number;
  wifi: number;
  faceRecognition: boolean;
  /** What deleting the resource does. */
  removal: "release" | "delete";
}

export interface CheckinRulePlan {
  /** New policy key → the old logical name it continues (Pulumi alias). */
  aliases: Map<string, string>;
  removals: PriorCheckinRule[];
}

/** The CheckinRules of a stack export, with what deleting each would do (the provider's rule). */
export function priorCheckinRules(resources: readonly StackResource[]): PriorCheckinRule[] {
  return resources
    .filter((r) => r.type === CHECKIN_RULE_TOKEN)
    .map((r) => {
      const o = r.outputs;
      return {
        key: priorKey(r),
        groupId: r.id,
        name: priorName(r),
        members: countOf(o["members"]),
        departments: countOf(o["departments"]),
        geofences: countOf(o["geofences"]),
        wifi: countOf(o["wifi"]),
        faceRecognition: o["faceRecognition"] === true,
        removal: priorRemoval(r),
      };
    });
}

export function planCheckinRules(model: PolicyModel, prior: readonly PriorCheckinRule[]): CheckinRulePlan {
  // The group_id decides first (import writes it); the rule name only when the policy gives no id.
  return planRenames(
    model.checkin.rules.map((r) => ({
      key: r.key,
      id: r.groupId === undefined ? undefined : String(r.groupId),
      name: r.name,
    })),
    prior,
    (p) => p.groupId,
    (p) => p.name,
  );
}

function describeRule(r: PriorCheckinRule): Bilingual {
  const face = r.faceRecognition ? ", face recognition" : "";
  const faceZh = r.faceRecognition ? "，人脸识别" : "";
  return {
    en: `check-in rule ${r.name} (group_id ${r.groupId}, ${r.members} member(s), ${r.departments} department(s), ${r.geofences} place(s), ${r.wifi} Wi-Fi${face})`,
    zh: `打卡规则「${r.name}」（group_id ${r.groupId}，${r.members} 名成员，${r.departments} 个部门，${r.geofences} 个打卡地点，${r.wifi} 个 Wi-Fi${faceZh}）`,
  };
}

/** One warning per removal and rename, English then Chinese: what the run will do to each WeCom rule. */
export function describeCheckinRulePlan(plan: CheckinRulePlan): string[] {
  const renames = [...plan.aliases].map(
    ([key, old]) =>
      `check-in rule ${old} is now ${key}: the same WeCom rule stays managed (Pulumi alias); nothing is deleted or re-created.\n` +
      `  打卡规则 ${old} 更名为 ${key}：继续管理同一条企业微信打卡规则（Pulumi alias），不删除也不重建。`,
  );
  const removals = plan.removals.map((r) => {
    const d = describeRule(r);
    return r.removal === "delete"
      ? `check-in rule ${r.key} was removed from checkin.yaml: WeCom ${d.en} will be DELETED (del_checkin_option), and its members then no longer check in under it. To keep the rule, restore it with on_removal: release and run pulumi up before removing it.\n` +
          `  打卡规则 ${r.key} 已从 checkin.yaml 移除：企业微信${d.zh}将被删除，其成员此后不再按该规则打卡。如需保留，请先恢复该规则并设置 on_removal: release，运行 pulumi up 后再移除。`
      : `check-in rule ${r.key} was removed from checkin.yaml: WeCom ${d.en} is only RELEASED — it stays in WeCom and keeps working, no longer managed by this stack.\n` +
          `  打卡规则 ${r.key} 已从 checkin.yaml 移除：企业微信${d.zh}仅被释放——规则保留在企业微信中并继续生效，不再由本 stack 管理。`;
  });
  return [...renames, ...removals];
}
