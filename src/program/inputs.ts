/**
 * The inputs the program declares for Role, MemberStatus, AppAccess and CustomerHandover, built from the
 * policy model alone (no Pulumi SDK here): src/program/declare.ts registers them, and `watch`'s direct check
 * (src/drift/direct.ts) diffs the tenant against exactly the same values.
 */
import type { PolicyModel } from "../policy";
import { rosterSummary } from "../policy/roster-digest";

type RoleModel = PolicyModel["roles"][number];
type AppModel = PolicyModel["apps"][number];

export function roleInputsOf(role: RoleModel) {
  return {
    name: role.tagName,
    members: role.members,
    departments: role.departments,
    ...(role.onRemoval !== undefined ? { onRemoval: role.onRemoval } : {}),
  };
}

/** Members who have left with a leave date: MemberStatus's leavers, CustomerHandover's hand-overs. */
const leaversOf = (model: PolicyModel) =>
  model.people.members.filter((p) => p.status === "left" && p.leaveDate !== undefined);

/** The roster as MemberStatus takes it: a digest and a count, never the list (issue 12). */
export function rosterOf(model: PolicyModel): { rosterDigest: string; rosterSize: number } {
  return rosterSummary(model.people.members.map((p) => p.userId));
}

export function memberStatusInputsOf(model: PolicyModel) {
  return {
    ...rosterOf(model),
    leavers: leaversOf(model).map((p) => ({ userId: p.userId, leaveDate: p.leaveDate! })),
    disableWithinHours: model.retention.leavers.disableWithinHours,
    deleteAfterDays: model.retention.leavers.deleteAfterDays,
    maxDisables: model.tenant.changeLimits.disableMembers,
    maxDeletes: model.tenant.changeLimits.deleteMembers,
  };
}

export function takeoversOf(model: PolicyModel): { handoverUserId: string; takeoverUserId: string }[] {
  return leaversOf(model).flatMap((p) =>
    p.customerTakeover === undefined
      ? []
      : [{ handoverUserId: p.userId, takeoverUserId: p.customerTakeover }],
  );
}

/** An app's visible-range tags: those it lists, then its roles' tag ids, in order. */
export const appTags = (app: AppModel, roleTagIds: readonly number[]): number[] =>
  [...app.visibleRange.tags, ...roleTagIds].sort((x, y) => x - y);

/** AppAccess inputs with `tags` as the caller has them (numbers, or the program's Output of them). */
export function appAccessInputsOf<T>(app: AppModel, tags: T) {
  return {
    agentId: app.agentId,
    visibleRange: { users: app.visibleRange.users, departments: app.visibleRange.departments, tags },
    admins: app.admins.map((a) => ({ userId: a.userId, authType: a.authType })),
  };
}
