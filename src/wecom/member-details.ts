/**
 * Every member's details (name, departments, status, enable) in one call per department: user/list
 * (获取部门成员详情, path/90201) instead of one user/get per member (issue 12: 97 % of a 100,000-member
 * import). Research and decision: docs/import.md, docs/decisions.md.
 *
 * - user/list answers the user/get fields, `status` included, for the members directly in one department;
 *   the current page (path/96260, 2024-07-24) lists only `department_id`, so no `fetch_child`: one call per
 *   department of department/list, a member in several departments deduplicated by userid.
 * - Since 2022-08-15 10:00 the contacts-sync secret may not call it from IPs added to 通讯录同步 after that
 *   date: WeCom answers 48009 ("api forbidden for contact assistant", devtool e=48009). That refusal — or
 *   48002/48005 — is reported as `refused`, and the caller reads member by member with user/get.
 * - A department deleted between department/list and user/list (60003/60123) is skipped: its members are
 *   missing from the result and the caller reads them with user/get.
 *
 * Calls go through the transport, so they are paced by user/list's per-minute budget (src/wecom/pacing.ts)
 * and retried like every other call.
 */
import { WecomApiError, WecomCredentialError } from "./errors";
import { ERRCODE } from "./errcodes";
import * as M from "./mapper";
import { CONTACTS } from "./principals";
import { mapLimit } from "./semaphore";
import type { Transport } from "./transport";
import type * as T from "./types";
import type * as W from "./wire";

/** WeCom refuses the endpoint to this secret or IP: read member by member instead. */
export const BULK_REFUSED: ReadonlySet<number> = new Set([
  ERRCODE.contactAssistantForbidden,
  ERRCODE.apiForbidden,
  ERRCODE.apiDeprecated,
]);

/** The department is gone (deleted since department/list): its members are left to user/get. */
const DEPARTMENT_GONE: ReadonlySet<number> = new Set([
  ERRCODE.departmentNotFound,
  ERRCODE.invalidDepartmentId,
]);

export type MemberDetailsRead =
  | {
      readonly kind: "read";
      /** Each member once, in the order first seen. */
      readonly members: readonly T.Member[];
      /** Departments that no longer existed when read (their members are not in `members`). */
      readonly skippedDepartments: readonly number[];
    }
  | { readonly kind: "refused"; readonly errcode: number; readonly reason: string };

export interface MemberDetailsOptions {
  /** Parallel user/list calls (the transport also caps in-flight calls). Default 8. */
  readonly concurrency?: number;
  /** Told after each department is read (progress). */
  readonly onDepartment?: () => void;
}

function refusal(e: unknown): number | undefined {
  return e instanceof WecomApiError && !(e instanceof WecomCredentialError) && BULK_REFUSED.has(e.errcode)
    ? e.errcode
    : undefined;
}

/**
 * user/list of each department (contacts principal), `concurrency` at a time. Once one call is refused no
 * further call starts, so a refusal costs at most `concurrency` calls and no round trip of its own.
 */
export async function readMemberDetails(
  t: Transport,
  departmentIds: readonly number[],
  opts: MemberDetailsOptions = {},
): Promise<MemberDetailsRead> {
  const skipped: number[] = [];
  let refused: { errcode: number; reason: string } | undefined;
  const one = async (departmentId: number): Promise<T.Member[]> => {
    if (refused) return [];
    try {
      const r = await t.call<W.UserListResponse>({
        endpoint: "userList",
        principal: CONTACTS,
        query: { department_id: departmentId },
      });
      return (r.userlist ?? []).map(M.memberFromWire);
    } catch (e) {
      const code = refusal(e);
      if (code !== undefined) {
        refused ??= { errcode: code, reason: e instanceof Error ? e.message : String(e) };
        return [];
      }
      if (
        e instanceof WecomApiError &&
        !(e instanceof WecomCredentialError) &&
        DEPARTMENT_GONE.has(e.errcode)
      ) {
        skipped.push(departmentId);
        return [];
      }
      throw e;
    } finally {
      opts.onDepartment?.();
    }
  };
  const pages = await mapLimit(departmentIds, opts.concurrency ?? 8, one);
  if (refused) return { kind: "refused", ...refused };
  const seen = new Set<string>();
  const members: T.Member[] = [];
  for (const page of pages)
    for (const m of page) {
      if (seen.has(m.userId)) continue;
      seen.add(m.userId);
      members.push(m);
    }
  return { kind: "read", members, skippedDepartments: skipped.sort((a, b) => a - b) };
}
