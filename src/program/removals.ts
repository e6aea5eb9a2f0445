/**
 * What a run does to roles the policy no longer declares under their old key (issue 8, "never harm the
 * tenant"): from the stack's last state and the policy, decide per role whether it was renamed (same
 * `tag_id`, or the same tag name, under a new key: the new key gets a Pulumi alias, so the engine moves
 * the resource instead of deleting the old tag and adopting or re-creating it), released (an adopted tag,
 * or `on_removal: release`: it stays in WeCom) or deleted (tag/delete). The program says this in words
 * during every preview and refuses, before declaring any resource, more deletions than tenant.yaml's
 * `change_limits.delete_roles` allows.
 *
 * The decision to release or delete is the provider's (src/provider/resources/role.ts, from the state it
 * recorded); this module reads the same fields so the words match what Delete will do.
 */
import type { PolicyModel } from "../policy/model";
import type { StackResource } from "../pulumi/stack-export";
import type { Bilingual } from "../text";

export const ROLE_TOKEN = "wecom:index:Role";

/** A Role as the stack's last state records it. */
export interface PriorRole {
  key: string;
  tagId: string;
  tagName: string;
  members: number;
  departments: number;
  action: "release" | "delete";
}

export interface Removal extends PriorRole {}

export interface RemovalPlan {
  /** New policy key → the old logical name it continues (Pulumi alias). */
  aliases: Map<string, string>;
  removals: Removal[];
  /** Deletions over the limit: the run must stop before declaring anything. */
  overLimit: boolean;
  limit: number;
}

/** The length of a list output (0 when absent). */
export const countOf = (v: unknown) => (Array.isArray(v) ? v.length : 0);
/** A string output, else undefined. */
export const stringOf = (v: unknown) => (typeof v === "string" ? v : undefined);

/** A resource's logical name: the policy key it was declared under (the URN's last part). */
export const priorKey = (r: StackResource) => r.urn.split("::").pop() ?? r.urn;

/**
 * What deleting a resource of the stack does, as the provider decides it: the `onRemoval` recorded in its
 * state (then in its last inputs), else release an adopted object and delete one the stack created.
 */
export function priorRemoval(r: StackResource): "release" | "delete" {
  const chosen = stringOf(r.outputs["onRemoval"]) ?? stringOf(r.inputs["onRemoval"]);
  if (chosen === "release" || chosen === "delete") return chosen;
  return r.outputs["adopted"] === true ? "release" : "delete";
}

/** The name a resource of the stack was recorded with (its state's, else its last inputs'). */
export const priorName = (r: StackResource) =>
  stringOf(r.outputs["name"]) ?? stringOf(r.inputs["name"]) ?? "";

/**
 * Which resources of the stack the policy continues under a new key, and which it no longer declares.
 * A declared key the stack does not hold claims an orphan with its WeCom id first (import writes it), and
 * by name only when the policy gives no id; each orphan is claimed once. Removals come sorted by key.
 */
export function planRenames<P extends { key: string }>(
  declared: readonly { key: string; id: string | undefined; name: string }[],
  prior: readonly P[],
  idOf: (p: P) => string,
  nameOf: (p: P) => string,
): { aliases: Map<string, string>; removals: P[] } {
  const keys = new Set(declared.map((r) => r.key));
  const orphans = prior.filter((p) => !keys.has(p.key));
  const byKey = new Set(prior.map((p) => p.key));
  const aliases = new Map<string, string>();
  const claimed = new Set<string>();
  const claim = (key: string, match: (p: P) => boolean) => {
    const old = orphans.find((p) => !claimed.has(p.key) && match(p));
    if (!old) return;
    claimed.add(old.key);
    aliases.set(key, old.key);
  };
  const renamed = declared.filter((r) => !byKey.has(r.key));
  for (const r of renamed) if (r.id !== undefined) claim(r.key, (p) => idOf(p) === r.id);
  for (const r of renamed)
    if (!aliases.has(r.key) && r.id === undefined) claim(r.key, (p) => nameOf(p) === r.name);
  const removals = orphans.filter((p) => !claimed.has(p.key)).sort((a, b) => a.key.localeCompare(b.key));
  return { aliases, removals };
}

/** The Roles of a stack export, with what deleting each would do (the provider's rule). */
export function priorRoles(resources: readonly StackResource[]): PriorRole[] {
  return resources
    .filter((r) => r.type === ROLE_TOKEN)
    .map((r) => ({
      key: priorKey(r),
      tagId: r.id,
      tagName: priorName(r),
      members: countOf(r.outputs["members"]),
      departments: countOf(r.outputs["departments"]),
      action: priorRemoval(r),
    }));
}

export function planRemovals(model: PolicyModel, prior: readonly PriorRole[]): RemovalPlan {
  // The tag id decides first (import writes it for every role); the tag name only when the policy gives none.
  const { aliases, removals } = planRenames(
    model.roles.map((r) => ({
      key: r.key,
      id: r.tagId === undefined ? undefined : String(r.tagId),
      name: r.tagName,
    })),
    prior,
    (p) => p.tagId,
    (p) => p.tagName,
  );
  const limit = model.tenant.changeLimits.deleteRoles;
  const deletions = removals.filter((r) => r.action === "delete").length;
  return { aliases, removals, overLimit: deletions > limit, limit };
}

function tag(r: PriorRole): Bilingual {
  const dep = r.departments ? `, ${r.departments} department(s)` : "";
  const depZh = r.departments ? `、${r.departments} 个部门` : "";
  return {
    en: `tag ${r.tagName} (tagid ${r.tagId}, ${r.members} member(s)${dep})`,
    zh: `标签「${r.tagName}」（tagid ${r.tagId}，${r.members} 名成员${depZh}）`,
  };
}

/** One line per removal and rename, English then Chinese: what the run will do to each tag. */
export function describeRemovals(plan: RemovalPlan): {
  deletes: string[];
  releases: string[];
  renames: string[];
} {
  const deletes: string[] = [];
  const releases: string[] = [];
  for (const r of plan.removals) {
    const t = tag(r);
    if (r.action === "delete")
      deletes.push(
        `role ${r.key} was removed from roles.yaml: WeCom ${t.en} will be DELETED (tag/delete). To keep the tag, restore the role with on_removal: release and run pulumi up before removing it.\n` +
          `  角色 ${r.key} 已从 roles.yaml 移除：企业微信${t.zh}将被删除。如需保留该标签，请先恢复该角色并设置 on_removal: release，运行 pulumi up 后再移除。`,
      );
    else
      releases.push(
        `role ${r.key} was removed from roles.yaml: WeCom ${t.en} is only RELEASED — it stays in WeCom with its members, no longer managed by this stack.\n` +
          `  角色 ${r.key} 已从 roles.yaml 移除：企业微信${t.zh}仅被释放——标签及其成员保留在企业微信中，不再由本 stack 管理。`,
      );
  }
  const renames = [...plan.aliases].map(
    ([key, old]) =>
      `role ${old} is now ${key}: the same WeCom tag stays managed (Pulumi alias); nothing is deleted or re-created.\n` +
      `  角色 ${old} 更名为 ${key}：继续管理同一个企业微信标签（Pulumi alias），不删除也不重建。`,
  );
  return { deletes, releases, renames };
}

/** The run-stopping message when deletions exceed `change_limits.delete_roles`. */
export function overLimitMessage(plan: RemovalPlan): string {
  const dels = plan.removals.filter((r) => r.action === "delete");
  const list = dels.map((r) => `  - ${r.key}: ${tag(r).en} / ${tag(r).zh}`).join("\n");
  return (
    `blast-radius limit: ${dels.length} role tag(s) would be deleted in this run, more than tenant.yaml change_limits.delete_roles (${plan.limit}):\n${list}\n` +
    `Nothing was written to WeCom. If these deletions are intended, raise change_limits.delete_roles in tenant.yaml; to keep a tag instead, restore its role with on_removal: release and run pulumi up first.\n` +
    `本次运行将删除 ${dels.length} 个角色标签，超过 tenant.yaml change_limits.delete_roles（${plan.limit}）。未写入企业微信。如确属预期，请在 tenant.yaml 中提高 change_limits.delete_roles；如需保留标签，请先恢复该角色并设置 on_removal: release，运行 pulumi up。`
  );
}
