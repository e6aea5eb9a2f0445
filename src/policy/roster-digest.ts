/**
 * The HR roster as MemberStatus carries it: a digest and a count, never the list (issue 12: the whole
 * company in every Check, Diff and Read, and twice in the state). The program computes it from the
 * policy; the provider compares it and turns a roster recorded by an older version (a list) into it.
 */
import { createHash } from "node:crypto";

/**
 * SHA-256 of the userids lower-cased (WeCom compares userids case-insensitively), unique, sorted and
 * joined by newlines, as "sha256:" + 64 hex digits.
 */
export function rosterDigest(userIds: readonly string[]): string {
  const ids = [...new Set(userIds.map((u) => u.toLowerCase()))].sort();
  return `sha256:${createHash("sha256").update(ids.join("\n")).digest("hex")}`;
}

/** How many distinct userids (case-insensitive) the roster holds. */
export const rosterSize = (userIds: readonly string[]): number =>
  new Set(userIds.map((u) => u.toLowerCase())).size;
