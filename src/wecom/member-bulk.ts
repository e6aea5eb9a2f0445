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
 * the writes are read back a department at a time with user/list as soon as that department's writes were
 * answered, and only those WeCom does not hold as written are re-sent, up to the retry policy's attempts. A
 * write whose outcome is unknown (timeout, errcode -1) is still read back by the transport before it is
 * re-sent. Below the threshold a read-back per write is cheaper, so the transport reads each one back as
 * before.
 */
import type { MemberDetailsRead } from "./member-details";
import { WecomNotAppliedError } from "./errors";
import { readBackFailed } from "./transport";
import type * as T from "./types";

/** WeCom userids are unique case-insensitively (wecom-api.md §0). */
const key = (u: string): string => u.toLowerCase();

/** Where the client reads members from: department/list, user/list per department, user/get. */
export interface MemberSource {
  departmentIds(): Promise<number[]>;
  /** Every member with its departments (user/list_id). */
  memberDepartments(): Promise<T.MemberDepartments[]>;
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
  /** Read these departments (where the members are), without department/list and its threshold. */
  readonly departments?: readonly number[];
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
    const departments = opts.departments ?? (await src.departmentIds());
    if ((opts.departments || userIds.length > departments.length) && departments.length > 0) {
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

export interface WriteMembersOptions {
  /**
   * Each member's departments (by userid as given), when the caller has just read them: the writes are
   * grouped by them and user/list_id is not called. A member missing here is read back with user/get.
   */
  readonly departmentsOf?: ReadonlyMap<string, readonly number[]>;
}

/**
 * Sends `w` for every member of `userIds` and reads the writes back (see the module comment). Resolves with
 * each member's outcome; it rejects only when the writes could not start (department/list or user/list_id
 * failed).
 *
 * In bulk, the first round is sent department by department (`departmentsOf`, else user/list_id, says where
 * each member is) and each department is read back with its user/list as soon as its writes are answered,
 * while the next departments' writes are still being paced: only the last department's read is left when the
 * last write is answered, instead of a read of the whole tenant (issue 12: 4 s of `up` at 100,000 members,
 * 20,000 leavers). Re-sends, fewer, are read back together.
 */
export async function writeMembers(
  src: MemberSource,
  w: MemberWrite,
  userIds: readonly string[],
  opts: WriteMembersOptions & { readonly maxAttempts: number; readonly verify: boolean },
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
  /** What still differs for each of `answered` (undefined: applied); a read-back that fails fails them. */
  const check = async (
    answered: readonly string[],
    read: Omit<ReadMembersOptions, "perMemberOnly" | "absentIsGone">,
  ): Promise<[string, string | undefined][]> => {
    let live: MembersRead;
    try {
      live = await readMembers(src, answered, {
        ...read,
        perMemberOnly: verified === "per-member",
        ...(w.absentIsGone ? { absentIsGone: true } : {}),
      });
    } catch (cause) {
      // As the transport's read-back failure: applied or not is unknown, never assumed.
      for (const u of answered) failed.set(u, readBackFailed(w.endpoint, cause));
      return [];
    }
    if (live.how === "refused") verified = "per-member";
    return answered.map((u) => [u, w.differs(u, live.members.get(u), live.via.get(u) ?? "user/get")]);
  };
  /** The first round: department by department, each read back once its writes are answered. */
  const byDepartment = async (ids: readonly string[]): Promise<[string, string | undefined][]> => {
    const where = new Map<string, number>();
    for (const m of opts.departmentsOf
      ? [...opts.departmentsOf].map(([userId, departmentIds]) => ({ userId, departmentIds }))
      : await src.memberDepartments()) {
      const d = m.departmentIds[0];
      if (d !== undefined) where.set(key(m.userId), d);
    }
    const groups = new Map<number | undefined, string[]>();
    for (const u of ids) {
      const d = where.get(key(u));
      const group = groups.get(d);
      if (group) group.push(u);
      else groups.set(d, [u]);
    }
    // Started in this order, so the budget paces them in this order. Members whose department is not known
    // (not in `departmentsOf`, or user/list_id does not show them) go last, read back by readMembers' rule.
    const order = [...groups.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    const checked = await Promise.all(
      order.map(async (d) => {
        const answered = await sendAll(groups.get(d) ?? [], (u) => w.send(u));
        return check(answered, d === undefined ? {} : { departments: [d] });
      }),
    );
    return checked.flat();
  };
  let pending: readonly string[] = userIds;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const checked =
      attempt === 1 ? await byDepartment(pending) : await check(await sendAll(pending, (u) => w.send(u)), {});
    const differs = new Map(checked.filter((c): c is [string, string] => c[1] !== undefined));
    pending = [...differs.keys()];
    if (attempt >= opts.maxAttempts) {
      for (const [u, d] of differs)
        failed.set(u, new WecomNotAppliedError({ endpoint: w.endpoint, attempts: attempt, differs: d }));
      break;
    }
  }
  return outcome(verified);
}
