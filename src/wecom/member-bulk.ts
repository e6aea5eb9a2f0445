/**
 * Many members read, and many member writes read back, in one user/list per department instead of one
 * user/get per member (issue 12, "no cliff": 20,000 leavers of 100,000 members). The rule is
 * src/tenant/read.ts's: in bulk when there are more members to read than the tenant has departments (and it
 * has any), member by member otherwise, and member by member when WeCom refuses the bulk read to this secret
 * (48009/48002/48005, member-details.ts). A member the bulk read did not show (its department deleted
 * meanwhile, or it joined since department/list) is read with user/get.
 *
 * Writes: every write is still read back (docs/decisions.md), but not one by one. Each user/update or
 * user/delete is sent, paced like any call, WITHOUT the transport's read-back after an errcode-0 answer;
 * when all were sent they are read back at once, and only those WeCom does not hold as written are re-sent,
 * up to the retry policy's attempts. A write whose outcome is unknown (timeout, errcode -1) is still read
 * back by the transport before it is re-sent. Below the threshold a read-back per write is cheaper, so the
 * transport reads each one back as before.
 */
import type { MemberDetailsRead } from "./member-details";
import { WecomNotAppliedError, WecomTransportError } from "./errors";
import type * as T from "./types";

/** WeCom userids are unique case-insensitively (wecom-api.md §0). */
const key = (u: string): string => u.toLowerCase();

/** Where the client reads members from: department/list, user/list per department, user/get. */
export interface MemberSource {
  departmentIds(): Promise<number[]>;
  readDetails(departmentIds: readonly number[]): Promise<MemberDetailsRead>;
  /** user/get, undefined when the userid does not exist (60111/46004). */
  find(userId: string): Promise<T.Member | undefined>;
}

export type MembersReadHow =
  /** One user/list per department (and user/get for members it did not show). */
  | "bulk"
  /** user/get per member: no more members than departments. */
  | "per-member"
  /** user/get per member because WeCom refused user/list to this secret. */
  | "refused";

export interface MembersRead {
  /** Each userid asked (as given) → what WeCom shows, or undefined when WeCom has no such member. */
  readonly members: ReadonlyMap<string, T.Member | undefined>;
  /** The endpoint each member was read with. */
  readonly via: ReadonlyMap<string, "user/list" | "user/get">;
  readonly how: MembersReadHow;
  /** The refusal's errcode when `how` is "refused". */
  readonly refusedErrcode?: number;
}

export interface ReadMembersOptions {
  /**
   * A member absent from every department's user/list counts as gone without a user/get (the read-back of
   * user/delete) — unless a department vanished during the read, when nobody's absence proves anything.
   */
  readonly absentIsGone?: boolean;
  /** Do not try the bulk read (WeCom refused it earlier in the same operation). */
  readonly perMemberOnly?: boolean;
}

/** The members `userIds` as WeCom shows them, by the fewest calls (see the module comment). */
export async function readMembers(
  src: MemberSource,
  userIds: readonly string[],
  opts: ReadMembersOptions = {},
): Promise<MembersRead> {
  const members = new Map<string, T.Member | undefined>();
  const via = new Map<string, "user/list" | "user/get">();
  let how: MembersReadHow = "per-member";
  let refusedErrcode: number | undefined;
  let rest: readonly string[] = userIds;
  // One member is never more than the departments (a tenant has at least one): no department/list for it.
  if (userIds.length > 1 && !opts.perMemberOnly) {
    const departments = await src.departmentIds();
    if (userIds.length > departments.length && departments.length > 0) {
      const bulk = await src.readDetails(departments);
      if (bulk.kind === "refused") {
        how = "refused";
        refusedErrcode = bulk.errcode;
      } else {
        how = "bulk";
        const seen = new Map(bulk.members.map((m) => [key(m.userId), m]));
        const absentIsGone = opts.absentIsGone === true && bulk.skippedDepartments.length === 0;
        const unseen: string[] = [];
        for (const u of userIds) {
          const m = seen.get(key(u));
          if (m !== undefined || absentIsGone) {
            members.set(u, m);
            via.set(u, "user/list");
          } else unseen.push(u);
        }
        rest = unseen;
      }
    }
  }
  // The client paces user/get under its per-minute budget and caps the calls in flight.
  await Promise.all(
    rest.map(async (u) => {
      members.set(u, await src.find(u));
      via.set(u, "user/get");
    }),
  );
  return { members, via, how, ...(refusedErrcode === undefined ? {} : { refusedErrcode }) };
}

/** One kind of member write, as the client sends and checks it. */
export interface MemberWrite {
  readonly endpoint: "userUpdate" | "userDelete";
  /** One write, not read back after an errcode-0 answer (an unknown outcome still is, by the transport). */
  send(userId: string): Promise<void>;
  /** One write read back by the transport after its answer (below the bulk threshold). */
  sendReadBack(userId: string): Promise<void>;
  /**
   * What still differs for the member as `via` shows it (`live` undefined: no such member), or undefined
   * when WeCom holds the write.
   */
  differs(userId: string, live: T.Member | undefined, via: string): string | undefined;
  /** user/delete: absence from every department's user/list proves the delete (readMembers `absentIsGone`). */
  readonly absentIsGone?: boolean;
}

export type MemberWritesVerified =
  /** Read back all at once: one user/list per department (and user/get for members it did not show). */
  | "bulk"
  /** Read back by the transport after each answer: no more writes than departments. */
  | "per-write"
  /** Read back with a user/get per member: WeCom refused the bulk read. */
  | "per-member"
  /** Not read back: the client was built with `verifyWrites: false` (request-shape tests). */
  | "off";

/** Who WeCom holds as written, and who not and why: never half-applied silently. */
export interface MemberWritesOutcome {
  /** Userids whose write WeCom holds (read back), in the order given. */
  readonly applied: readonly string[];
  /** Userids whose write failed (WeCom's error) or did not stick after every attempt, in the order given. */
  readonly failed: readonly { readonly userId: string; readonly error: Error }[];
  readonly verified: MemberWritesVerified;
}

/**
 * Sends `w` for every member of `userIds` and reads the writes back (see the module comment). Resolves with
 * each member's outcome; it rejects only when the writes could not start (department/list failed).
 */
export async function writeMembers(
  src: MemberSource,
  w: MemberWrite,
  userIds: readonly string[],
  opts: { readonly maxAttempts: number; readonly verify: boolean },
): Promise<MemberWritesOutcome> {
  const failed = new Map<string, Error>();
  const outcome = (verified: MemberWritesVerified): MemberWritesOutcome => ({
    applied: userIds.filter((u) => !failed.has(u)),
    failed: userIds.flatMap((u) => {
      const error = failed.get(u);
      return error ? [{ userId: u, error }] : [];
    }),
    verified,
  });
  const sendAll = async (ids: readonly string[], one: (u: string) => Promise<void>): Promise<string[]> => {
    const answered: string[] = [];
    await Promise.all(
      ids.map(async (u) => {
        try {
          await one(u);
          answered.push(u);
        } catch (e) {
          failed.set(u, e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
    return answered;
  };
  const departments = userIds.length > 1 && opts.verify ? (await src.departmentIds()).length : 0;
  if (!opts.verify || userIds.length <= departments || departments === 0) {
    await sendAll(userIds, (u) => w.sendReadBack(u));
    return outcome(opts.verify ? "per-write" : "off");
  }
  let verified: MemberWritesVerified = "bulk";
  let pending: readonly string[] = userIds;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answered = await sendAll(pending, (u) => w.send(u));
    let live: MembersRead;
    try {
      live = await readMembers(src, answered, {
        perMemberOnly: verified === "per-member",
        ...(w.absentIsGone ? { absentIsGone: true } : {}),
      });
    } catch (cause) {
      // The same words as the transport's read-back failure: applied or not is unknown, never assumed.
      for (const u of answered)
        failed.set(
          u,
          new WecomTransportError({
            endpoint: w.endpoint,
            cause,
            reason: "read-back",
            detail: `WeCom answered errcode 0 but the read-back that confirms the write failed: ${
              cause instanceof Error ? cause.message : String(cause)
            }; \`pulumi preview --refresh\` shows whether it was applied`,
          }),
        );
      break;
    }
    if (live.how === "refused") verified = "per-member";
    const differs = new Map<string, string>();
    for (const u of answered) {
      const d = w.differs(u, live.members.get(u), live.via.get(u) ?? "user/get");
      if (d !== undefined) differs.set(u, d);
    }
    pending = answered.filter((u) => differs.has(u));
    if (attempt >= opts.maxAttempts) {
      for (const u of pending)
        failed.set(
          u,
          new WecomNotAppliedError({ endpoint: w.endpoint, attempts: attempt, differs: differs.get(u) }),
        );
      break;
    }
  }
  return outcome(verified);
}
