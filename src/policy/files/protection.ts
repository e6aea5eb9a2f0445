/**
 * protection.yaml → Protection: chat intercept rules, the roles that reach sensitive data, and attested
 * console-only protections (WC.SEC.1, WC.SEC.2). The file is optional; a missing one declares nothing.
 *
 * The evidence files' hashes are read by the loader (it owns file I/O) and handed in, so the controls stay
 * pure functions of the model.
 */
import type { ProtectionFile } from "../../generated/protection";
import { CONSOLE } from "../../wecom/console-paths";
import { INTERCEPT_RULE_LIMITS } from "../../wecom/wire";
import { pointerOf, refOf, type LoadContext } from "../context";
import { didYouMean } from "../did-you-mean";
import { appliesTo } from "./applies-to";
import { msg } from "../messages";
import type {
  Attestation,
  InterceptRulePolicy,
  InterceptSemantic,
  Protection,
  Role,
  SensitiveRole,
} from "../model";
import { entries, opt, sortedUnique } from "../util";

export const PROTECTION_FILE = "protection.yaml";

/**
 * The most userids one rule may cover: WeCom's per-rule cap (path/95130, 10,000), not the 1,000 nodes of
 * one call — the client sends a larger range in calls of 1,000 (add, then update's add_applicable_range).
 * One number, the client's, so validate and the provider cannot disagree.
 */
export const MAX_RULE_USERS = INTERCEPT_RULE_LIMITS.usersPerRule;

/** What the loader read of an evidence file: its SHA-256, or why it could not be read. */
export type EvidenceHashes = ReadonlyMap<string, { sha256: string } | { missing: string }>;

/** Evidence paths named by the file, for the loader to hash before normalising. */
export function evidenceFiles(data: ProtectionFile): string[] {
  return sortedUnique(entries(data.attestations ?? {}).map(([, a]) => a.evidence.file));
}

export const NO_PROTECTION: Protection = {
  interceptRules: [],
  sensitiveRoles: [],
  attestations: [],
  declared: false,
};

export function normaliseProtection(
  ctx: LoadContext,
  data: ProtectionFile,
  roles: readonly Role[],
  hashes: EvidenceHashes,
): Protection {
  const f = PROTECTION_FILE;
  const roleMembers = new Map(roles.map((r) => [r.key, r.members]));
  const names = new Map<string, string>();
  const ruleIds = new Map<string, string>();
  const interceptRules = entries(data.intercept_rules ?? {}).map(([key, r]): InterceptRulePolicy => {
    const at = (...s: (string | number)[]): string => pointerOf("intercept_rules", key, ...s);
    const sameName = names.get(r.name);
    if (sameName !== undefined)
      ctx.report(
        f,
        at("name"),
        msg.duplicateValue({ zh: "规则名称", en: "rule name" }, r.name, `/intercept_rules/${sameName}`),
      );
    else names.set(r.name, key);
    if (r.rule_id !== undefined) {
      const same = ruleIds.get(r.rule_id);
      if (same !== undefined)
        ctx.report(
          f,
          at("rule_id"),
          msg.duplicateValue({ zh: "规则 id", en: "rule id" }, r.rule_id, `/intercept_rules/${same}`),
        );
      else ruleIds.set(r.rule_id, key);
    }
    const { roleKeys, departments, members, userIds } = appliesTo(ctx, f, at, r.applies_to, roleMembers);
    if (userIds.length === 0 && departments.length === 0)
      ctx.report(f, at("applies_to"), msg.interceptRangeEmpty());
    if (userIds.length > MAX_RULE_USERS)
      ctx.report(f, at("applies_to"), msg.interceptTooManyUsers(userIds.length, MAX_RULE_USERS));
    return {
      key,
      name: r.name,
      ...opt("ruleId", r.rule_id),
      ...opt("onRemoval", r.on_removal),
      words: sortedUnique(ctx.items(f, at("words"), r.words ?? [])),
      semantics: sortedUnique<InterceptSemantic>(r.semantics ?? []),
      action: r.action,
      roles: sortedUnique(ctx.items(f, at("applies_to", "roles"), roleKeys)),
      departments: sortedUnique(ctx.items(f, at("applies_to", "departments"), departments)),
      members: sortedUnique(ctx.items(f, at("applies_to", "members"), members)),
      userIds,
      purpose: r.purpose,
      source: refOf(f, "intercept_rules", key),
    };
  });

  const sensitiveRoles = entries(data.sensitive_roles ?? {}).map(([role, s]): SensitiveRole => {
    ctx.ref("role", role, f, pointerOf("sensitive_roles", role));
    return {
      role,
      data: s.data,
      talksToCustomers: s.talks_to_customers,
      source: refOf(f, "sensitive_roles", role),
    };
  });

  const paths = Object.keys(CONSOLE);
  const attestations = entries(data.attestations ?? {}).map(([key, a]): Attestation => {
    const at = (...s: string[]): string => pointerOf("attestations", key, ...s);
    if (!paths.includes(a.console_path))
      ctx.report(
        f,
        at("console_path"),
        msg.consolePathUnknown(a.console_path, didYouMean(a.console_path, paths)),
      );
    ctx.ref("user", a.attested_by, f, at("attested_by"));
    const read = hashes.get(a.evidence.file);
    const actual = read && "sha256" in read ? read.sha256 : null;
    const missing = read && "missing" in read ? read.missing : read ? undefined : "not read";
    return {
      key,
      setting: a.setting,
      expected: a.expected,
      consolePath: a.console_path,
      attestedBy: a.attested_by,
      attestedOn: a.attested_on,
      intervalDays: a.interval_days,
      evidence: {
        file: a.evidence.file,
        sha256: a.evidence.sha256,
        actualSha256: actual,
        ...opt("missingReason", missing),
      },
      source: refOf(f, "attestations", key),
    };
  });

  return { interceptRules, sensitiveRoles, attestations, declared: true };
}
