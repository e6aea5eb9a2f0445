/**
 * Maps the normalised policy model to resources. Logical names are the stable policy keys (never WeCom
 * numeric ids), so renaming a tag in roles.yaml updates it in place instead of replacing it.
 */
import { appAccessInputsOf, appTags, memberStatusInputsOf, roleInputsOf, takeoversOf } from "./inputs";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyModel } from "../policy/model";
import { AppAccess, AppSettings, ArchiveScope, CustomerHandover, MemberStatus, Role } from "./resources";
import { declareInterceptRules } from "./intercept-rules";

import { declareCheckinRules } from "./checkin";

/**
 * `aliases`: policy key → the logical name the same role had in the stack before a rename
 * (src/program/removals.ts), so the engine moves the resource instead of deleting the old one;
 * `ruleAliases` the same for intercept rules (src/program/intercept-rule-removals.ts), `checkinAliases`
 * for check-in rules (src/program/checkin-rule-removals.ts).
 */
export function declareResources(
  model: PolicyModel,
  aliases: ReadonlyMap<string, string> = new Map(),
  ruleAliases: ReadonlyMap<string, string> = new Map(),
  checkinAliases: ReadonlyMap<string, string> = new Map(),
): Record<string, unknown> {
  const roles = new Map<string, Role>();
  for (const r of model.roles) {
    const old = aliases.get(r.key);
    const opts: pulumi.CustomResourceOptions =
      old !== undefined
        ? { aliases: [{ name: old }] }
        : r.tagId !== undefined
          ? { import: String(r.tagId) }
          : {};
    roles.set(r.key, new Role(r.key, roleInputsOf(r), opts));
  }

  for (const a of model.apps) {
    new AppSettings(a.key, {
      agentId: a.agentId,
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      // "continuous" is passed through so the provider's check can explain why the API cannot manage it.
      locationMode: a.location.mode as "off" | "on-enter",
      reportEnter: a.reportEnter,
      ...(a.redirectDomain !== undefined ? { redirectDomain: a.redirectDomain } : {}),
      ...(a.homeUrl !== undefined ? { homeUrl: a.homeUrl } : {}),
    });
    const roleTags = a.visibleRange.roles.map((k) => roles.get(k)!.tagId);
    new AppAccess(
      a.key,
      appAccessInputsOf(
        a,
        pulumi.all(roleTags).apply((ids) => appTags(a, ids)),
      ),
    );
  }

  const memberStatus = new MemberStatus("roster", memberStatusInputsOf(model));

  new ArchiveScope("archive", { members: model.archive.enabled ? model.archive.members : [] });

  const takeovers = takeoversOf(model);
  let handover: CustomerHandover | undefined;
  if (takeovers.length) handover = new CustomerHandover("handover", { takeovers });

  const interceptRules = declareInterceptRules(model, ruleAliases);

  const checkinRules = declareCheckinRules(model, checkinAliases);

  return {
    roles: Object.fromEntries([...roles].map(([k, r]) => [k, r.tagId])),
    ...(Object.keys(checkinRules).length
      ? { checkinRules: Object.fromEntries(Object.entries(checkinRules).map(([k, r]) => [k, r.groupId])) }
      : {}),
    leaversOverdue: memberStatus.overdue,
    ...(handover
      ? { customersPending: handover.pending, customersWithoutTakeover: handover.undeclared }
      : {}),
    ...(interceptRules.length ? { interceptRules: Object.fromEntries(interceptRules) } : {}),
  };
}
