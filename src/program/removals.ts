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

const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The Roles of a stack export, with what deleting each would do (the provider's rule). */
export function priorRoles(resources: readonly StackResource[]): PriorRole[] {
  return resources
    .filter((r) => r.type === ROLE_TOKEN)
    .map((r) => {
      const o = r.outputs;
      const chosen = str(o["onRemoval"]) ?? str(r.inputs["onRemoval"]);
      const action =
        chosen === "release" || chosen === "delete" ? chosen : o["adopted"] === true ? "release" : "delete";
      return {
        key: r.urn.split("::").pop() ?? r.urn,
        tagId: r.id,
        tagName: str(o["name"]) ?? str(r.inputs["name"]) ?? "",
        members: count(o["members"]),
        departments: count(o["departments"]),
        action,
      };
    });
}

export function planRemovals(model: PolicyModel, prior: readonly PriorRole[]): RemovalPlan {
  const keys = new Set(model.roles.map((r) => r.key));
  const orphans = prior.filter((p) => !keys.has(p.key));
  const byKey = new Set(prior.map((p) => p.key));
  const aliases = new Map<string, string>();
  const claimed = new Set<string>();
  const claim = (key: string, match: (p: PriorRole) => boolean) => {
    const old = orphans.find((p) => !claimed.has(p.key) && match(p));
    if (!old) return;
    claimed.add(old.key);
    aliases.set(key, old.key);
  };
  const renamed = model.roles.filter((r) => !byKey.has(r.key));
  // The tag id decides first (import writes it for every role); the tag name only when no id matched.
  for (const r of renamed) if (r.tagId !== undefined) claim(r.key, (p) => p.tagId === String(r.tagId));
  for (const r of renamed)
    if (!aliases.has(r.key) && r.tagId === undefined) claim(r.key, (p) => p.tagName === r.tagName);
  const removals = orphans.filter((p) => !claimed.has(p.key)).sort((a, b) => a.key.localeCompare(b.key));
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
