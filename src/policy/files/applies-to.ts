/**
 * A rule's `applies_to` (protection.yaml's intercept rules, checkin.yaml's rules): every role, department
 * and member reference checked where it is written, and the userids the rule reaches — its members and the
 * members of its roles.
 */
import type { LoadContext } from "../context";
import { sortedUnique } from "../util";

export interface AppliesTo {
  roles?: string[];
  departments?: number[];
  members?: string[];
}

export function appliesTo(
  ctx: LoadContext,
  file: string,
  at: (...s: (string | number)[]) => string,
  range: AppliesTo,
  roleMembers: ReadonlyMap<string, readonly string[]>,
): { roleKeys: string[]; departments: number[]; members: string[]; userIds: string[] } {
  const roleKeys = range.roles ?? [];
  const departments = range.departments ?? [];
  const members = range.members ?? [];
  roleKeys.forEach((k, i) => ctx.ref("role", k, file, at("applies_to", "roles", i)));
  departments.forEach((d, i) => ctx.ref("department", d, file, at("applies_to", "departments", i)));
  members.forEach((u, i) => ctx.ref("user", u, file, at("applies_to", "members", i)));
  const userIds = sortedUnique([...members, ...roleKeys.flatMap((k) => roleMembers.get(k) ?? [])]);
  return { roleKeys, departments, members, userIds };
}
