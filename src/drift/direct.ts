/**
 * The drift check without Pulumi, for `wecom-policy watch`: the resources an event can affect are compared
 * straight from the tenant snapshot the law check reads anyway (src/tenant readTenant: tags with members,
 * the roster's leavers with their status, the archive permit list, each app's range and admins) with what
 * the policy declares, through the provider's own diff functions. The result is what
 * `pulumi preview --refresh` would show for them — the same steps, so the same drift items
 * (./analyse.ts), citations and attribution — in a fraction of the time: no engine, no plugin, no second
 * read of the tenant (issue 14: an alert within 5 s of a console change).
 *
 * What it cannot decide it leaves to the preview (`undecided`): a resource whose object is gone from the
 * tenant or from the policy (the preview plans a create or a delete), a part the snapshot could not read (a
 * secret not configured, an app that could not be read), a role whose tag the stack does not know, and
 * every type not listed in {@link DIRECT_TYPES} (AppSettings: no event targets it). Scheduled `drift` always runs the preview
 * (docs/decisions.md, "watch reads the tenant directly").
 *
 * The declared inputs below are those src/program/declare.ts gives each resource; a unit test declares the
 * program's resources with Pulumi's mocks and compares (test/unit/drift/direct.test.ts).
 */
import type { PolicyModel } from "../policy";
import type { StackResource } from "../pulumi/stack-export";
import type { PropertyMap } from "../provider/props";
import { diffAppAccess } from "../provider/resources/app-access";
import { diffArchiveScope } from "../provider/resources/archive-scope";
import { diffCustomerHandover } from "../provider/resources/customer-handover";
import { desiredStatus, diffMemberStatus, leavers, liveProps } from "../provider/resources/member-status";
import { diffRole } from "../provider/resources/role";
import type { DiffResult } from "../provider/types";
import type { LiveSnapshot } from "../rules/live-snapshot";
import type { PreviewStep } from "./analyse";
import {
  appAccessInputsOf,
  appTags,
  memberStatusInputsOf,
  roleInputsOf,
  takeoversOf,
} from "../program/inputs";

const TYPE_PREFIX = "wecom:index:";

/** Resource types the snapshot can decide; others always go through `pulumi preview`. */
export const DIRECT_TYPES: ReadonlySet<string> = new Set([
  "Role",
  "MemberStatus",
  "ArchiveScope",
  "AppAccess",
  "CustomerHandover",
]);

export interface DirectResult {
  /** One step per decided resource, as `pulumi preview --refresh --json --show-sames` would give it. */
  steps: PreviewStep[];
  /** URNs the snapshot cannot decide: check them with the preview. */
  undecided: string[];
}

const shortType = (r: StackResource) =>
  r.type.startsWith(TYPE_PREFIX) ? r.type.slice(TYPE_PREFIX.length) : r.type;
const nameOf = (urn: string) => urn.split("::")[3] ?? "";
const sortStrings = (xs: readonly string[]) => [...new Set(xs)].sort();
const sortNumbers = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

/** The preview's step for a resource whose live state (`olds`) and declared inputs (`news`) are known. */
function step(urn: string, olds: PropertyMap, news: PropertyMap, d: DiffResult): PreviewStep {
  return {
    op: d.changes ? "update" : "same",
    urn,
    detailedDiff: Object.fromEntries(Object.entries(d.detailedDiff).map(([p, kind]) => [p, { kind }])),
    oldState: { outputs: olds },
    newState: { inputs: news, outputs: { ...olds, ...news } },
  };
}

/** Role inputs as src/program/declare.ts declares them. */
export function declaredRole(role: PolicyModel["roles"][number]): PropertyMap {
  return roleInputsOf(role);
}

/** MemberStatus inputs as src/program/declare.ts declares them, with what the provider's check adds. */
export function declaredMemberStatus(model: PolicyModel, now: Date): PropertyMap {
  const inputs: PropertyMap = memberStatusInputsOf(model);
  return { ...inputs, ...desiredStatus(inputs, now) };
}

/** AppAccess inputs as src/program/declare.ts declares them; `undefined` when a role's tag is unknown. */
export function declaredAppAccess(
  app: PolicyModel["apps"][number],
  tagOfRole: (key: string) => number | undefined,
): PropertyMap | undefined {
  const roleTags = app.visibleRange.roles.map(tagOfRole);
  if (roleTags.some((t) => t === undefined)) return undefined;
  return appAccessInputsOf(app, appTags(app, roleTags as number[]));
}

/** CustomerHandover inputs as src/program/declare.ts declares them; `undefined` when it declares none. */
export function declaredCustomerHandover(model: PolicyModel): PropertyMap | undefined {
  const takeovers = takeoversOf(model);
  return takeovers.length ? { takeovers } : undefined;
}

/**
 * MemberStatus's live state as the provider's read gives it (readLive in member-status.ts), from the
 * snapshot: each leaver of the recorded inputs disabled (user/get status 2 or 5, or enable 0) or deleted
 * (not listed). `undefined` when a leaver the check needs was not read in detail.
 */
function liveMemberStatus(
  given: PropertyMap,
  snapshot: LiveSnapshot,
  needed: ReadonlySet<string>,
  now: Date,
): PropertyMap | undefined {
  const byId = new Map(snapshot.members.map((m) => [m.userId, m]));
  const disabled: string[] = [];
  const deleted: string[] = [];
  for (const l of leavers(given["leavers"])) {
    const m = byId.get(l.userId);
    if (m === undefined) deleted.push(l.userId);
    else if (m.status === undefined && m.enabled === undefined) {
      // Not read in detail (not a leaver by today's roster): the check does not depend on it unless needed.
      if (needed.has(l.userId.toLowerCase())) return undefined;
    } else if (m.status === 2 || m.status === 5 || m.enabled === false) disabled.push(l.userId);
  }
  return liveProps(now.getTime(), given, disabled, deleted);
}

/**
 * Steps for the `targets` (URNs) the snapshot decides, and the rest as `undecided`. `state` is the stack's
 * last checkpoint (`pulumi stack export`): the recorded ids, tag ids and inputs the provider's read uses.
 */
export function directSteps(
  targets: readonly string[],
  state: readonly StackResource[],
  model: PolicyModel,
  snapshot: LiveSnapshot,
  now: Date,
): DirectResult {
  const byUrn = new Map(state.map((r) => [r.urn, r]));
  const roleTag = new Map<string, number>();
  for (const r of state)
    if (shortType(r) === "Role") {
      const t = Number(r.outputs["tagId"] ?? r.id);
      if (Number.isSafeInteger(t)) roleTag.set(nameOf(r.urn), t);
    }
  const steps: PreviewStep[] = [];
  const undecided: string[] = [];
  for (const urn of targets) {
    const r = byUrn.get(urn);
    const s = r === undefined ? undefined : decide(r, model, snapshot, now, roleTag);
    if (s) steps.push(s);
    else undecided.push(urn);
  }
  return { steps, undecided };
}

function decide(
  r: StackResource,
  model: PolicyModel,
  snapshot: LiveSnapshot,
  now: Date,
  roleTag: ReadonlyMap<string, number>,
): PreviewStep | undefined {
  const name = nameOf(r.urn);
  switch (shortType(r)) {
    case "Role": {
      const role = model.roles.find((x) => x.key === name);
      const tagId = roleTag.get(name);
      const tag = snapshot.tags.find((t) => t.tagId === tagId);
      if (!role || !tag) return undefined;
      const onRemoval = r.outputs["onRemoval"] ?? r.inputs["onRemoval"];
      const olds: PropertyMap = {
        name: tag.name,
        members: sortStrings(tag.userIds),
        departments: sortNumbers(tag.departmentIds),
        ...(onRemoval === "release" || onRemoval === "delete" ? { onRemoval } : {}),
        tagId: tag.tagId,
        adopted: r.outputs["adopted"] === true,
      };
      const news = declaredRole(role);
      return step(r.urn, olds, news, diffRole(olds, news));
    }
    case "MemberStatus": {
      const news = declaredMemberStatus(model, now);
      const needed = new Set(
        [...(news["disabled"] as string[]), ...(news["deleted"] as string[])].map((u) => u.toLowerCase()),
      );
      const olds = liveMemberStatus(r.inputs, snapshot, needed, now);
      if (!olds) return undefined;
      return step(r.urn, olds, news, diffMemberStatus(olds, news));
    }
    case "ArchiveScope": {
      const permit = snapshot.archive.permitUserIds;
      if (permit === null) return undefined;
      const olds: PropertyMap = { members: sortStrings(permit) };
      const news: PropertyMap = { members: model.archive.enabled ? model.archive.members : [] };
      return step(r.urn, olds, news, diffArchiveScope(olds, news));
    }
    case "AppAccess": {
      const app = model.apps.find((a) => a.key === name);
      const live = app && snapshot.apps.find((a) => a.agentId === app.agentId);
      if (!app || !live || live.admins === null) return undefined;
      const news = declaredAppAccess(app, (k) => roleTag.get(k));
      if (!news) return undefined;
      const olds: PropertyMap = {
        agentId: app.agentId,
        visibleRange: {
          users: [...live.visibleRange.userIds].sort(),
          departments: sortNumbers(live.visibleRange.departmentIds),
          tags: sortNumbers(live.visibleRange.tagIds),
        },
        admins: live.admins.map((a) => ({ userId: a.userId, authType: a.authType })),
      };
      return step(r.urn, olds, news, diffAppAccess(olds, news));
    }
    case "CustomerHandover": {
      // The provider's read sorts the unassigned customers by the takeovers it recorded (readLive).
      const unassigned = snapshot.unassignedCustomers;
      const news = declaredCustomerHandover(model);
      if (unassigned === null || !news) return undefined;
      const recorded = (Array.isArray(r.inputs["takeovers"]) ? r.inputs["takeovers"] : []).filter(
        (t): t is { handoverUserId: string; takeoverUserId: string } =>
          typeof t === "object" &&
          t !== null &&
          typeof (t as { handoverUserId?: unknown }).handoverUserId === "string" &&
          typeof (t as { takeoverUserId?: unknown }).takeoverUserId === "string",
      );
      const declared = new Set(recorded.map((t) => t.handoverUserId.toLowerCase()));
      const pending: string[] = [];
      const undeclared: string[] = [];
      for (const c of unassigned)
        (declared.has(c.handoverUserId.toLowerCase()) ? pending : undeclared).push(
          `${c.handoverUserId}/${c.externalUserId}`,
        );
      const olds: PropertyMap = {
        takeovers: recorded,
        pending: pending.sort(),
        undeclared: undeclared.sort(),
      };
      return step(r.urn, olds, news, diffCustomerHandover(olds, news));
    }
    default:
      return undefined;
  }
}
