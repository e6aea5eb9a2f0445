/**
 * checkin.yaml → `wecom:index:CheckinRule` resources (issue 13). One resource per rule, named by its
 * policy key; a rule with `group_id` adopts that WeCom rule (the `import` option), so it is released,
 * never deleted, when it leaves the policy. Only what the policy governs is passed: exempt members when it
 * lists some (WeCom cannot empty white_users through the API), everything else always — photo, face
 * recognition and off-day check-in default to off in checkin.yaml, so "off" is declared and compared.
A key that continues an older one gets a Pulumi alias (./checkin-rule-removals.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PolicyModel } from "../policy/model";
import { CheckinRule } from "./resources";

export function declareCheckinRules(
  model: PolicyModel,
  aliases: ReadonlyMap<string, string> = new Map(),
): Record<string, CheckinRule> {
  const out: Record<string, CheckinRule> = {};
  for (const r of model.checkin.rules) {
    // A key that continues an older one (./checkin-rule-removals.ts) moves that resource: an alias, not an import.
    const old = aliases.get(r.key);
    const opts: pulumi.CustomResourceOptions =
      old !== undefined
        ? { aliases: [{ name: old }] }
        : r.groupId !== undefined
          ? { import: String(r.groupId) }
          : {};
    out[r.key] = new CheckinRule(
      r.key,
      {
        name: r.name,
        // WeCom's range.userid: the members listed and the roles' members (roles are not tags here).
        members: r.userIds,
        departments: r.departments,
        ...(r.exemptMembers.length > 0 ? { exemptMembers: r.exemptMembers } : {}),
        workdays: r.workdays,
        times: r.times,
        syncHolidays: r.syncHolidays,
        geofences: r.geofences.map((g) => ({
          title: g.title,
          ...(g.address !== undefined ? { address: g.address } : {}),
          lat: g.lat,
          lng: g.lng,
          radiusM: g.radiusM,
        })),
        wifi: r.wifi.map((w) => ({ name: w.name, mac: w.mac })),
        photoRequired: r.photoRequired,
        faceRecognition: r.faceRecognition.enabled,
        offWorkdayAllowed: r.offWorkday.allowed,
        ...(r.onRemoval !== undefined ? { onRemoval: r.onRemoval } : {}),
      },
      opts,
    );
  }
  return out;
}
