/**
 * The HR roster as MemberStatus carries it: a digest and a count, never the list (issue 12: the whole
 * company in every Check, Diff and Read, and twice in the state). The program computes it from the
 * policy; the provider compares it and turns a roster recorded by an older version (a list) into it.
 */
import { createHash } from "node:crypto";

/**
 * `rosterDigest`: SHA-256 of the userids lower-cased (WeCom compares userids case-insensitively), unique,
 * sorted and joined by newlines, as "sha256:" + 64 hex digits; `rosterSize`: how many distinct userids.
 * One pass over the roster for both.
 */
export function rosterSummary(userIds: readonly string[]): { rosterDigest: string; rosterSize: number } {
  const ids = [...new Set(userIds.map((u) => u.toLowerCase()))].sort();
  return {
    rosterDigest: `sha256:${createHash("sha256").update(ids.join("\n")).digest("hex")}`,
    rosterSize: ids.length,
  };
}

/** The digest alone (see {@link rosterSummary}). */
export const rosterDigest = (userIds: readonly string[]): string => rosterSummary(userIds).rosterDigest;
