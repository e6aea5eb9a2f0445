/**
 * `wecom-policy import` for chat intercept rules (issue 16): every live rule becomes an entry of
 * protection.yaml's `intercept_rules` with its `rule_id`, so adoption imports it (adopted: released, never
 * deleted, when it later leaves the policy). What WeCom cannot know — the key, the purpose, which roles the
 * range stands for, `on_removal` — comes from the base's protection.yaml when a rule of the same rule_id (or
 * name) is there; otherwise the key is made from the rule_id and the purpose is a TODO.
 *
 * The base's `sensitive_roles` and `attestations` are not written: they name roles and evidence files the
 * live tenant may not have, and a sensitive role without a live blocking rule would fail the import's own
 * legal gate (docs/decisions.md, issue 16). The header says so; the user copies them back.
 * Pure functions over data, like ./merge.ts.
 */
import type { Bilingual } from "../text";
import type { LiveInterceptRule } from "./live";
import type { Note, RoleOut } from "./merge";

export type { LiveInterceptRule };

/** What the base's protection.yaml says of a rule (only the fields import keeps). */
export interface BaseInterceptRule {
  name?: string;
  rule_id?: string;
  on_removal?: "release" | "delete";
  purpose?: string;
  applies_to?: { roles?: string[] };
}

/** An entry of protection.yaml's intercept_rules, in the file's field order. */
export interface InterceptRuleOut {
  name: string;
  rule_id: string;
  on_removal?: "release" | "delete";
  words?: string[];
  semantics?: ("phone" | "email" | "red_packet")[];
  action: "block" | "warn";
  applies_to: { roles?: string[]; departments?: number[]; members?: string[] };
  purpose: string;
}

/** The purpose of a rule the base does not know. `TODO` makes it greppable, as for roles. */
export function todoRulePurpose(name: string): string {
  return `TODO 待补充：聊天敏感词规则「${name}」防止哪些信息外泄 / TODO to be completed: what the chat intercept rule "${name}" keeps in`;
}

/** A policy key from a rule_id: lowercase letters, digits and hyphens, starting with a letter. */
export function ruleKeyOf(ruleId: string, taken: ReadonlySet<string>): string {
  const stem = `rule-${ruleId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")}`.slice(0, 60);
  let key = stem.replace(/-+$/, "");
  for (let i = 2; taken.has(key); i++) key = `${stem}-${i}`;
  return key;
}

const SEMANTICS = ["phone", "email", "red_packet"] as const;

/**
 * The live rules as protection.yaml entries, keyed and sorted. A base rule's roles are kept where the live
 * range holds all of what the role stands for (its members and departments, as imported); the rest of the
 * range is written as members and departments.
 */
export function mergeInterceptRules(
  live: readonly LiveInterceptRule[],
  base: Readonly<Record<string, BaseInterceptRule>>,
  roles: Readonly<Record<string, RoleOut>>,
): { rules: Record<string, InterceptRuleOut>; notes: Note[] } {
  const baseEntries = Object.entries(base);
  const used = new Set<string>();
  const taken = new Set(Object.keys(base));
  const out: [string, InterceptRuleOut][] = [];
  const notes: Note[] = [];
  for (const r of [...live].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))) {
    const match =
      baseEntries.find(([k, b]) => !used.has(k) && b.rule_id === r.ruleId) ??
      baseEntries.find(([k, b]) => !used.has(k) && b.rule_id === undefined && b.name === r.name);
    const key = match ? match[0] : ruleKeyOf(r.ruleId, taken);
    used.add(key);
    taken.add(key);
    const b = match?.[1];
    const users = new Set(r.userIds.map((u) => u.toLowerCase()));
    const depts = new Set(r.departmentIds);
    const keptRoles = (b?.applies_to?.roles ?? []).filter((k) => {
      const role = roles[k];
      return (
        role !== undefined &&
        role.members.every((u) => users.has(u.toLowerCase())) &&
        (role.departments ?? []).every((d) => depts.has(d))
      );
    });
    const byRoles = new Set(keptRoles.flatMap((k) => roles[k]!.members.map((u) => u.toLowerCase())));
    const deptsByRoles = new Set(keptRoles.flatMap((k) => roles[k]!.departments ?? []));
    const members = [...r.userIds].filter((u) => !byRoles.has(u.toLowerCase())).sort();
    const departments = [...r.departmentIds].filter((d) => !deptsByRoles.has(d)).sort((x, y) => x - y);
    const appliesTo: InterceptRuleOut["applies_to"] = {
      ...(keptRoles.length ? { roles: [...keptRoles].sort() } : {}),
      ...(departments.length ? { departments } : {}),
      ...(members.length ? { members } : {}),
    };
    const purpose = b?.purpose ?? todoRulePurpose(r.name);
    if (b?.purpose === undefined)
      notes.push({
        file: "protection.yaml",
        zh: `intercept_rules.${key}：规则「${r.name}」（rule_id ${r.ruleId}）的目的待补充`,
        en: `intercept_rules.${key}: the purpose of rule "${r.name}" (rule_id ${r.ruleId}) is to be completed`,
      });
    out.push([
      key,
      {
        name: r.name,
        rule_id: r.ruleId,
        ...(b?.on_removal !== undefined ? { on_removal: b.on_removal } : {}),
        ...(r.words.length ? { words: [...new Set(r.words)].sort() } : {}),
        ...(r.semantics.length ? { semantics: SEMANTICS.filter((s) => r.semantics.includes(s)) } : {}),
        action: r.action,
        applies_to: appliesTo,
        purpose,
      },
    ]);
  }
  const dropped = baseEntries.filter(([k]) => !used.has(k)).map(([k]) => k);
  if (dropped.length)
    notes.push({
      file: "protection.yaml",
      zh: `基础策略中的规则 ${dropped.join("、")} 在企业微信中不存在，未写入；如仍需要，请加回后运行 pulumi up 创建`,
      en: `the base's rules ${dropped.join(", ")} do not exist in WeCom and were not written; add them back and run pulumi up to create them`,
    });
  out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { rules: Object.fromEntries(out), notes };
}

/** The note every imported protection.yaml carries: what of the base was not written, and why. */
export const NOT_COPIED: Note & Bilingual = {
  file: "protection.yaml",
  zh: "基础策略的 sensitive_roles 与 attestations（及 evidence/）未写入：其中的角色与证据文件可能尚不存在；角色纳管后请复制回来",
  en: "the base's sensitive_roles and attestations (and evidence/) were not written: the roles and evidence files they name may not exist yet; copy them back once the roles are adopted",
};
