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

const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The CheckinRules of a stack export, with what deleting each would do (the provider's rule). */
export function priorCheckinRules(resources: readonly StackResource[]): PriorCheckinRule[] {
  return resources
    .filter((r) => r.type === CHECKIN_RULE_TOKEN)
    .map((r) => {
      const o = r.outputs;
      const chosen = str(o["onRemoval"]) ?? str(r.inputs["onRemoval"]);
      const removal =
        chosen === "release" || chosen === "delete" ? chosen : o["adopted"] === true ? "release" : "delete";
      return {
        key: r.urn.split("::").pop() ?? r.urn,
        groupId: r.id,
        name: str(o["name"]) ?? str(r.inputs["name"]) ?? "",
        members: count(o["members"]),
        departments: count(o["departments"]),
        geofences: count(o["geofences"]),
        wifi: count(o["wifi"]),
        faceRecognition: o["faceRecognition"] === true,
        removal,
      };
    });
}

export function planCheckinRules(model: PolicyModel, prior: readonly PriorCheckinRule[]): CheckinRulePlan {
  const rules = model.checkin.rules;
  const keys = new Set(rules.map((r) => r.key));
  const orphans = prior.filter((p) => !keys.has(p.key));
  const byKey = new Set(prior.map((p) => p.key));
  const aliases = new Map<string, string>();
  const claimed = new Set<string>();
  const claim = (key: string, match: (p: PriorCheckinRule) => boolean) => {
    const old = orphans.find((p) => !claimed.has(p.key) && match(p));
    if (!old) return;
    claimed.add(old.key);
    aliases.set(key, old.key);
  };
  const renamed = rules.filter((r) => !byKey.has(r.key));
  // The group_id decides first (import writes it); the rule name only when the policy gives no id.
  for (const r of renamed) if (r.groupId !== undefined) claim(r.key, (p) => p.groupId === String(r.groupId));
  for (const r of renamed)
    if (!aliases.has(r.key) && r.groupId === undefined) claim(r.key, (p) => p.name === r.name);
  const removals = orphans.filter((p) => !claimed.has(p.key)).sort((a, b) => a.key.localeCompare(b.key));
  return { aliases, removals };
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
