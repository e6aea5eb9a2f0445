/**
 * Typed WeCom API client: one camelCase method per endpoint in wire.ts ENDPOINTS, batching and
 * pagination included. HTTP, tokens, retries and read-backs live in transport.ts; wire ↔ model mapping
 * in mapper.ts.
 *
 * Principals (DESIGN.md §4): contacts endpoints use the contacts-sync secret; agent/* the secret of the
 * app concerned; msgaudit/* the archive secret; security logs the app `securityAgentId`; externalcontact/*
 * the app `customerAgentId`.
 *
 * Writes whose outcome is unknown (transport error or timeout, or errcode -1, on a write endpoint) are
 * read back before anything is re-sent. Every write endpoint has a read-back (the transport refuses to
 * re-send a write without one):
 *
 * | write | read-back | then |
 * |---|---|---|
 * | tag/create | tag/list, by name | found → its id; else re-send |
 * | tag/update | tag/get | name equal → done; else re-send |
 * | tag/delete | tag/list | id gone → done; else re-send |
 * | tag/addtagusers, deltagusers | tag/get | re-send only members still missing / still present |
 * | department/create | department/get of the id, or department/list under the parent by name | found → its id |
 * | department/update | department/get | all patched fields equal → done |
 * | department/delete | department/get | 60123/60003 → done |
 * | user/create | user/get | exists → done |
 * | user/update (setEnabled) | user/get | patched fields equal (enable, or status 2) → done |
 * | user/delete | user/get | 60111/46004 → done |
 * | user/update, user/delete of many (setEnabledMany, deleteMembers) | after all were sent: user/list per department (member-bulk.ts) | re-send only members not as written |
 * | user/batchdelete | user/get per member | re-send only members still present |
 * | agent/set | agent/get | re-send only fields still different (a logo cannot be read: always re-sent) |
 * | resigned/transfer_customer | transfer_result | customers waiting/done count as started; re-send the rest |
 */
import { CONSOLE, inline } from "./console-paths";
import { ERRCODE } from "./errcodes";
import * as W from "./wire";
import * as M from "./mapper";
import type * as T from "./types";
import {
  WecomApiError,
  WecomCredentialError,
  WecomError,
  WecomPartialError,
  type TagBatchOutcome,
} from "./errors";
import type { WecomClientOptions } from "./options";
import {
  ARCHIVE,
  CONTACTS,
  appPrincipal,
  delegatedCredential,
  principalLabel,
  type PrincipalRef,
} from "./principals";
import { logWindows } from "./log-windows";
import { InterceptRuleCalls } from "./intercept-rules";

import { readMemberDetails, type MemberDetailsOptions, type MemberDetailsRead } from "./member-details";
import {
  readMembers,
  writeMembers,
  type MemberSource,
  type MembersRead,
  type MemberWritesOutcome,
  type WriteMembersOptions,
} from "./member-bulk";
import { Transport, type CallSpec, type ReadBackOutcome } from "./transport";
import { CheckinRulesApi } from "./checkin-rules";

const OK: W.WireEnvelope = { errcode: 0 };

/**
 * The one place requests are batched: `items` in order, at most `size` per call (WeCom's documented
 * maximum, wire.ts). Callers (the provider included) pass whole lists; batching is the client's concern.
 */
function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Two lists batched side by side (tag members: ≤ 1000 users with ≤ 100 departments per call). */
function pairedBatches<A, B>(a: readonly A[], sizeA: number, b: readonly B[], sizeB: number): [A[], B[]][] {
  const as = batches(a, sizeA);
  const bs = batches(b, sizeB);
  return Array.from({ length: Math.max(as.length, bs.length) }, (_, i) => [as[i] ?? [], bs[i] ?? []]);
}

/** WeCom userids are unique case-insensitively (wecom-api.md §0): the key they are compared by. */
function userKey(u: string): string {
  return u.toLowerCase();
}

function errcodeOf(e: unknown): number | undefined {
  return e instanceof WecomApiError && !(e instanceof WecomCredentialError) ? e.errcode : undefined;
}

/** A client for one WeCom tenant (corp). Safe to share between concurrent callers. */
export class WecomClient {
  private readonly t: Transport;
  /** Check-in rules (打卡规则, issue 13) with the check-in app's secret: see checkin-rules.ts. */
  readonly checkinRules: CheckinRulesApi;

  constructor(private readonly opts: WecomClientOptions) {
    this.t = new Transport(opts);
    this.checkinRules = new CheckinRulesApi(this.t, Boolean(opts.secrets.checkin));
  }

  // -------------------------------------------------------------------------------------------
  // Tags — contacts principal (a tag can only be changed by the principal that created it)

  async listTags(): Promise<T.Tag[]> {
    const r = await this.t.call<W.TagListResponse>({ endpoint: "tagList", principal: CONTACTS });
    return (r.taglist ?? []).map(M.tagFromWire);
  }

  async getTag(tagId: number): Promise<T.TagDetail> {
    const r = await this.t.call<W.TagGetResponse>({
      endpoint: "tagGet",
      principal: CONTACTS,
      query: { tagid: tagId },
    });
    return M.tagDetailFromWire(tagId, r);
  }

  /** Creates a tag; returns its id. Read-back: tag/list, looked up by name (tag names are unique). */
  async createTag(name: string, tagId?: number): Promise<number> {
    const body: W.TagCreateRequest = { tagname: name, ...(tagId !== undefined && { tagid: tagId }) };
    const r = await this.t.call<W.TagCreateResponse>({
      endpoint: "tagCreate",
      principal: CONTACTS,
      body,
      readBack: async (answer) => {
        const found = (await this.listTags()).find((t) => t.name === name);
        if (!found) return { applied: false, differs: `tag/list has no tag named ${name}` };
        if (answer && answer.tagid !== found.tagId)
          return {
            applied: false,
            resend: false,
            differs: `tag/list has ${name} as tag ${found.tagId}, the answer said ${answer.tagid}`,
          };
        return { applied: true, response: { tagid: found.tagId } };
      },
    });
    return r.tagid;
  }

  /** Renames a tag. Read-back: tag/get, compares the name. */
  async updateTag(tagId: number, name: string): Promise<void> {
    await this.t.call<W.WireEnvelope>({
      endpoint: "tagUpdate",
      principal: CONTACTS,
      body: { tagid: tagId, tagname: name } satisfies W.TagUpdateRequest,
      readBack: async () => {
        const live = (await this.getTag(tagId)).name;
        return live === name
          ? { applied: true, response: OK }
          : { applied: false, differs: `tag/get shows the name ${live}, expected ${name}` };
      },
    });
  }

  /** Deletes a tag. Read-back: tag/list, applied when the id is gone. */
  async deleteTag(tagId: number): Promise<void> {
    await this.t.call<W.WireEnvelope>({
      endpoint: "tagDelete",
      principal: CONTACTS,
      query: { tagid: tagId },
      readBack: async () =>
        (await this.listTags()).some((t) => t.tagId === tagId)
          ? { applied: false, differs: `tag/list still lists tag ${tagId}` }
          : { applied: true, response: OK },
    });
  }

  /**
   * Adds members in batches of ≤ 1000 users / ≤ 100 departments. Members WeCom refuses (partial success,
   * or a whole batch "all list invalid" 40070) make it throw WecomPartialError after every batch was sent.
   * Read-back per batch: tag/get, then only the members still missing are re-sent.
   */
  async addTagMembers(tagId: number, m: T.TagMembers): Promise<void> {
    await this.changeTagMembers("tagAddUsers", tagId, m);
  }

  /**
   * Removes members, batched like addTagMembers; refused members (partial success, or 40031 "all list
   * invalid") → WecomPartialError. Read-back per batch: tag/get, then only members still present are re-sent.
   */
  async removeTagMembers(tagId: number, m: T.TagMembers): Promise<void> {
    await this.changeTagMembers("tagDelUsers", tagId, m);
  }

  private async changeTagMembers(
    endpoint: "tagAddUsers" | "tagDelUsers",
    tagId: number,
    m: T.TagMembers,
  ): Promise<void> {
    this.t.assertWritable(endpoint);
    const adding = endpoint === "tagAddUsers";
    // GUESS: deltagusers answers 40031 when every member of the batch is invalid (doc copy of path/90215);
    // addtagusers answers 40070 (path/90214).
    const allInvalid = adding ? ERRCODE.allTagMembersInvalid : ERRCODE.invalidUserList;
    const outcomes: TagBatchOutcome[] = [];
    for (const [userIds, partyIds] of pairedBatches(
      m.userIds ?? [],
      W.TAG_USERS_BATCH,
      m.partyIds ?? [],
      W.TAG_PARTIES_BATCH,
    )) {
      const body = (u: readonly string[], p: readonly number[]): W.TagUsersRequest => ({
        tagid: tagId,
        ...(u.length > 0 && { userlist: [...u] }),
        ...(p.length > 0 && { partylist: [...p] }),
      });
      const readBack = async (answer?: W.TagUsersResponse): Promise<ReadBackOutcome<W.TagUsersResponse>> => {
        const live = await this.getTag(tagId);
        // Sets, not `some` inside `filter`: a batch of 1,000 against a tag of 100,000 members was 10⁸
        // comparisons per read-back (issue 12). Userids compare case-insensitively (wecom-api.md §0).
        const inTag = new Set(live.userIds.map(userKey));
        const inTagParties = new Set(live.partyIds);
        // After an errcode-0 answer, members WeCom named as invalid are not expected to have changed.
        const refusedUsers = new Set((answer ? M.invalidUsersFromWire(answer) : []).map(userKey));
        const refusedParties = new Set(answer ? M.invalidPartiesFromWire(answer) : []);
        const pending = {
          users: userIds.filter((u) => inTag.has(userKey(u)) !== adding && !refusedUsers.has(userKey(u))),
          parties: partyIds.filter((p) => inTagParties.has(p) !== adding && !refusedParties.has(p)),
        };
        if (pending.users.length === 0 && pending.parties.length === 0)
          return { applied: true, response: OK };
        const what = [...pending.users, ...pending.parties.map((p) => `department ${p}`)].join(", ");
        return {
          applied: false,
          differs: `tag/get of tag ${tagId} shows ${adding ? "still missing" : "still present"}: ${what}`,
          body: body(pending.users, pending.parties),
        };
      };
      try {
        const r = await this.t.call<W.TagUsersResponse>({
          endpoint,
          principal: CONTACTS,
          body: body(userIds, partyIds),
          readBack,
        });
        const invalidUserIds = M.invalidUsersFromWire(r);
        const invalidPartyIds = M.invalidPartiesFromWire(r);
        const applied = invalidUserIds.length + invalidPartyIds.length > 0 ? "partial" : "all";
        outcomes.push({ userIds, partyIds, applied, invalidUserIds, invalidPartyIds });
      } catch (e) {
        if (errcodeOf(e) !== allInvalid) throw e;
        outcomes.push({
          userIds,
          partyIds,
          applied: "none",
          invalidUserIds: userIds,
          invalidPartyIds: partyIds,
        });
      }
    }
    const invalidUserIds = outcomes.flatMap((o) => o.invalidUserIds);
    const invalidPartyIds = outcomes.flatMap((o) => o.invalidPartyIds);
    if (invalidUserIds.length + invalidPartyIds.length > 0) {
      throw new WecomPartialError({
        errcode: outcomes.some((o) => o.applied === "none") ? allInvalid : ERRCODE.ok,
        endpoint,
        principal: principalLabel(CONTACTS),
        invalidUserIds,
        invalidPartyIds,
        batches: outcomes,
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Departments — contacts principal

  /** The department `id` and all its descendants (whole tree without `id`). */
  async listDepartments(id?: number): Promise<T.Department[]> {
    const r = await this.t.call<W.DepartmentListResponse>({
      endpoint: "departmentList",
      principal: CONTACTS,
      query: { id },
    });
    return (r.department ?? []).map(M.departmentFromWire);
  }

  /** department/simplelist: ids, parents and order below `id` (whole tree without `id`). */
  async listDepartmentRefs(id?: number): Promise<T.DepartmentRef[]> {
    const r = await this.t.call<W.DepartmentSimplelistResponse>({
      endpoint: "departmentSimplelist",
      principal: CONTACTS,
      query: { id },
    });
    return (r.department_id ?? []).map(M.departmentRefFromWire);
  }

  async getDepartment(id: number): Promise<T.Department> {
    const r = await this.t.call<W.DepartmentGetResponse>({
      endpoint: "departmentGet",
      principal: CONTACTS,
      query: { id },
    });
    return M.departmentFromWire(r.department);
  }

  /**
   * Creates a department; returns its id. Read-back: department/get of the requested id, or, without
   * one, department/list under the parent looking for a child with the same name.
   */
  async createDepartment(d: T.NewDepartment): Promise<number> {
    const r = await this.t.call<W.DepartmentCreateResponse>({
      endpoint: "departmentCreate",
      principal: CONTACTS,
      body: M.newDepartmentToWire(d),
      readBack: async () => {
        // GUESS: names are unique among siblings (60008 "department exists" covers id or name).
        const found =
          d.id !== undefined
            ? await this.findDepartment(d.id)
            : (await this.listDepartments(d.parentId)).find(
                (x) => x.parentId === d.parentId && x.name === d.name,
              );
        return found && found.name === d.name && found.parentId === d.parentId
          ? { applied: true, response: { id: found.id } }
          : { applied: false, differs: `department/get finds no department ${d.name} under ${d.parentId}` };
      },
    });
    return r.id;
  }

  /** Read-back: department/get, every patched field compared. */
  async updateDepartment(id: number, patch: T.DepartmentPatch): Promise<void> {
    await this.t.call<W.WireEnvelope>({
      endpoint: "departmentUpdate",
      principal: CONTACTS,
      body: M.departmentPatchToWire(id, patch),
      readBack: async () => {
        const live = await this.getDepartment(id);
        const same =
          (patch.name === undefined || patch.name === live.name) &&
          (patch.nameEn === undefined || patch.nameEn === live.nameEn) &&
          (patch.parentId === undefined || patch.parentId === live.parentId) &&
          (patch.order === undefined || patch.order === live.order);
        return same
          ? { applied: true, response: OK }
          : { applied: false, differs: `department/get of ${id} does not show the new values` };
      },
    });
  }

  /** Read-back: department/get; applied when WeCom no longer knows the id. */
  async deleteDepartment(id: number): Promise<void> {
    await this.t.call<W.WireEnvelope>({
      endpoint: "departmentDelete",
      principal: CONTACTS,
      query: { id },
      readBack: async () =>
        (await this.findDepartment(id))
          ? { applied: false, differs: `department/get still finds department ${id}` }
          : { applied: true, response: OK },
    });
  }

  /** department/get, or undefined when the id does not exist. */
  private async findDepartment(id: number): Promise<T.Department | undefined> {
    try {
      return await this.getDepartment(id);
    } catch (e) {
      // GUESS: department/get of an unknown id answers 60123 (invalid department id) or 60003 (not found).
      const code = errcodeOf(e);
      if (code === ERRCODE.invalidDepartmentId || code === ERRCODE.departmentNotFound) return undefined;
      throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Members — contacts principal

  async getMember(userId: string): Promise<T.Member> {
    const r = await this.t.call<W.UserGetResponse>({
      endpoint: "userGet",
      principal: CONTACTS,
      query: { userid: userId },
    });
    return M.memberFromWire(r);
  }

  /** Read-back: user/get; applied when the userid exists. */
  async createMember(m: T.NewMember): Promise<void> {
    await this.t.call<W.WireEnvelope>({
      endpoint: "userCreate",
      principal: CONTACTS,
      body: M.newMemberToWire(m),
      readBack: async () =>
        (await this.findMember(m.userId))
          ? { applied: true, response: OK }
          : { applied: false, differs: `user/get does not find ${m.userId}` },
    });
  }

  /**
   * Read-back: user/get, every patched field compared (departments as a set). A field WeCom withholds
   * from the caller (mobile, email) counts as not applied, so the idempotent update is re-sent.
   */
  async updateMember(userId: string, patch: T.MemberPatch): Promise<void> {
    await this.t.call<W.WireEnvelope>(this.updateMemberCall(userId, patch));
  }

  /** user/update of one member with its read-back (updateMember's, and setEnabledMany's re-send check). */
  private updateMemberCall(userId: string, patch: T.MemberPatch): CallSpec<W.WireEnvelope> {
    return {
      endpoint: "userUpdate",
      principal: CONTACTS,
      body: M.memberPatchToWire(userId, patch),
      readBack: async (answer) => {
        const live = await this.findMember(userId);
        if (!live) return { applied: false, differs: `user/get does not find ${userId}` };
        const sameSet = (a: readonly number[], b: readonly number[]): boolean =>
          a.length === b.length && [...a].sort().join() === [...b].sort().join();
        // GUESS: user/get may not echo `enable` (unconfirmed); status 2 (disabled) stands in for it.
        const liveEnabled = live.enabled ?? live.status !== "disabled";
        const differs: string[] = [];
        const field = (name: string, wanted: unknown, is: unknown, same = wanted === is): void => {
          if (wanted !== undefined && !same)
            differs.push(`${name} is ${JSON.stringify(is)}, expected ${JSON.stringify(wanted)}`);
        };
        field("name", patch.name, live.name);
        if (patch.departmentIds !== undefined)
          field(
            "department",
            patch.departmentIds,
            live.departmentIds,
            sameSet(patch.departmentIds, live.departmentIds),
          );
        // After an errcode-0 answer, mobile and email are not compared: WeCom ignores a new mobile of an
        // activated member without error, and withholds both from some callers (path/90197, §2.2).
        if (!answer) {
          field("mobile", patch.mobile, live.mobile);
          field("email", patch.email, live.email);
        }
        field("position", patch.position, live.position);
        field("main_department", patch.mainDepartment, live.mainDepartment);
        field("enable", patch.enabled === undefined ? undefined : Number(patch.enabled), Number(liveEnabled));
        return differs.length === 0
          ? { applied: true, response: OK }
          : { applied: false, differs: `user/get of ${userId}: ${differs.join(", ")}` };
      },
    };
  }

  /** Disables (enable=0) or re-enables a member: user/update. */
  async setEnabled(userId: string, enabled: boolean): Promise<void> {
    await this.updateMember(userId, { enabled });
  }

  /**
   * Disables (enable=0) or re-enables many members: a user/update each, paced, every write read back — in
   * bulk when there are more writes than departments (one user/list per department, member-bulk.ts), then
   * only the members WeCom does not hold as written re-sent. Never rejects for one member: resolves with
   * who was applied and who failed, and why.
   */
  async setEnabledMany(
    userIds: readonly string[],
    enabled: boolean,
    opts: WriteMembersOptions = {},
  ): Promise<MemberWritesOutcome> {
    if (userIds.length > 0) this.t.assertWritable("userUpdate");
    return writeMembers(
      this.memberSource(),
      {
        endpoint: "userUpdate",
        send: async (u) => {
          await this.t.call<W.WireEnvelope>({
            ...this.updateMemberCall(u, { enabled }),
            readBackOnSuccess: false,
          });
        },
        sendReadBack: (u) => this.setEnabled(u, enabled),
        differs: (u, live, via) => {
          if (!live) return `${via} does not find ${u}`;
          // As updateMember's read-back: status 2 (disabled) stands in for an `enable` not echoed.
          const liveEnabled = live.enabled ?? live.status !== "disabled";
          return liveEnabled === enabled
            ? undefined
            : `${via} of ${u}: enable is ${Number(liveEnabled)}, expected ${Number(enabled)}`;
        },
      },
      userIds,
      { maxAttempts: this.t.policy.maxAttempts, verify: this.t.verifiesWrites, ...opts },
    );
  }

  /** Read-back: user/get; applied when the userid is gone (60111). */
  async deleteMember(userId: string): Promise<void> {
    await this.t.call<W.WireEnvelope>(this.deleteMemberCall(userId));
  }

  private deleteMemberCall(userId: string): CallSpec<W.WireEnvelope> {
    return {
      endpoint: "userDelete",
      principal: CONTACTS,
      query: { userid: userId },
      readBack: async () =>
        (await this.findMember(userId))
          ? { applied: false, differs: `user/get still finds ${userId}` }
          : { applied: true, response: OK },
    };
  }

  /**
   * Deletes many members: a user/delete each, paced, every delete read back like setEnabledMany's writes —
   * in bulk, a member absent from every department's user/list is gone (unless a department vanished during
   * that read: then user/get). Resolves with who was deleted and who not, and why.
   */
  async deleteMembers(
    userIds: readonly string[],
    opts: WriteMembersOptions = {},
  ): Promise<MemberWritesOutcome> {
    if (userIds.length > 0) this.t.assertWritable("userDelete");
    return writeMembers(
      this.memberSource(),
      {
        endpoint: "userDelete",
        absentIsGone: true,
        send: async (u) => {
          await this.t.call<W.WireEnvelope>({ ...this.deleteMemberCall(u), readBackOnSuccess: false });
        },
        sendReadBack: (u) => this.deleteMember(u),
        differs: (u, live, via) => (live ? `${via} still finds ${u}` : undefined),
      },
      userIds,
      { maxAttempts: this.t.policy.maxAttempts, verify: this.t.verifiesWrites, ...opts },
    );
  }

  /**
   * The members `userIds` as WeCom shows them (undefined: no such member), by the fewest calls: one
   * user/list per department when there are more of them than departments, user/get each otherwise or when
   * WeCom refuses the bulk read to this secret (member-bulk.ts).
   */
  async readMembers(userIds: readonly string[]): Promise<MembersRead> {
    return readMembers(this.memberSource(), userIds);
  }

  private memberSource(): MemberSource {
    return {
      departmentIds: async () => (await this.listDepartments()).map((d) => d.id),
      memberDepartments: () => this.listUserIds(),
      readDetails: (ids) => this.readMemberDetails(ids),
      find: (u) => this.findMember(u),
    };
  }

  /**
   * Deletes members in batches of ≤ 200 (one invalid userid fails its whole batch — path/90199).
   * Read-back per batch: user/get of each member of the batch; only those still present are re-sent.
   */
  async batchDeleteMembers(userIds: readonly string[]): Promise<void> {
    this.t.assertWritable("userBatchDelete");
    for (const batch of batches(userIds, W.USER_BATCH_DELETE)) {
      await this.t.call<W.WireEnvelope>({
        endpoint: "userBatchDelete",
        principal: CONTACTS,
        body: { useridlist: batch } satisfies W.UserBatchDeleteRequest,
        readBack: async () => {
          const present = await Promise.all(batch.map(async (u) => ((await this.findMember(u)) ? [u] : [])));
          const still = present.flat();
          return still.length === 0
            ? { applied: true, response: OK }
            : {
                applied: false,
                differs: `user/get still finds ${still.join(", ")}`,
                body: { useridlist: still } satisfies W.UserBatchDeleteRequest,
              };
        },
      });
    }
  }

  /** user/get, or undefined when the userid does not exist. */
  private async findMember(userId: string): Promise<T.Member | undefined> {
    try {
      return await this.getMember(userId);
    } catch (e) {
      const code = errcodeOf(e);
      if (code === ERRCODE.userNotFound || code === ERRCODE.userNotExist) return undefined;
      throw e;
    }
  }

  /** user/simplelist of one department (`fetchChild` recurses where WeCom still supports it). */
  async listMembersSimple(departmentId: number, fetchChild?: boolean): Promise<T.MemberRef[]> {
    const r = await this.t.call<W.UserSimplelistResponse>({
      endpoint: "userSimplelist",
      principal: CONTACTS,
      query: {
        department_id: departmentId,
        fetch_child: fetchChild === undefined ? undefined : Number(fetchChild),
      },
    });
    return (r.userlist ?? []).map(M.memberRefFromWire);
  }

  /**
   * Every member's details, one user/list per department (src/wecom/member-details.ts), or `refused` when
   * WeCom does not let this secret read them in bulk (48009 since 2022-08-15): then read with getMember.
   */
  async readMemberDetails(
    departmentIds: readonly number[],
    opts?: MemberDetailsOptions,
  ): Promise<MemberDetailsRead> {
    return readMemberDetails(this.t, departmentIds, opts);
  }

  /** user/list of one department, full member details. */
  async listMembers(departmentId: number, fetchChild?: boolean): Promise<T.Member[]> {
    const r = await this.t.call<W.UserListResponse>({
      endpoint: "userList",
      principal: CONTACTS,
      query: {
        department_id: departmentId,
        fetch_child: fetchChild === undefined ? undefined : Number(fetchChild),
      },
    });
    return (r.userlist ?? []).map(M.memberFromWire);
  }

  /**
   * Every member of the corp with its departments: user/list_id pages of ≤ 10 000 rows followed through
   * `next_cursor`, its one-row-per-(member, department) rows merged per member.
   */
  async listUserIds(): Promise<T.MemberDepartments[]> {
    const rows: W.UserListIdResponse["dept_user"] = [];
    for await (const r of this.pages<W.UserListIdResponse>(
      "userListId",
      CONTACTS,
      (cursor) =>
        ({
          limit: W.USER_LIST_ID_LIMIT,
          ...(cursor !== undefined && { cursor }),
        }) satisfies W.UserListIdRequest,
      (r) => r.next_cursor || undefined,
    ))
      for (const row of r.dept_user ?? []) rows.push(row);
    return M.memberDepartmentsFromRows(rows);
  }

  /**
   * The one pagination loop: every page of a cursor-paginated endpoint (POST, cursor in the body), one
   * call each, until `next` says there is none. A server that hands back a cursor it already gave is an
   * error rather than an endless walk.
   */
  private async *pages<R extends W.WireEnvelope>(
    endpoint: W.EndpointName,
    principal: PrincipalRef,
    request: (cursor: string | undefined) => unknown,
    next: (page: R) => string | undefined,
  ): AsyncGenerator<R> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await this.t.call<R>({ endpoint, principal, body: request(cursor) });
      yield page;
      const c = next(page);
      if (c === undefined) return;
      if (seen.has(c)) {
        throw new WecomError(
          `${W.ENDPOINTS[endpoint].path} failed: pagination returned cursor it already returned`,
        );
      }
      seen.add(c);
      cursor = c;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Apps — each app's own secret (an app token reads and sets only its own app)

  async getAgent(agentId: number): Promise<T.Agent> {
    const r = await this.t.call<W.AgentGetResponse>({
      endpoint: "agentGet",
      principal: appPrincipal(agentId),
      query: { agentid: agentId },
    });
    return M.agentFromWire(r);
  }

  /**
   * The apps visible to the configured app secrets: agent/list with each app's token (a self-built
   * app's token lists only itself), merged and sorted by agentid.
   */
  async listAgents(): Promise<T.AgentSummary[]> {
    const ids = Object.keys(this.opts.secrets.apps ?? {})
      .map(Number)
      .filter((n) => Number.isInteger(n))
      .sort((a, b) => a - b);
    if (ids.length === 0) {
      throw this.t.missing("agentList", "app", {
        kind: "app",
        name: "app secret",
        configKey: "wecom:appSecrets",
        consolePath: inline(CONSOLE.appSecret),
      });
    }
    const byId = new Map<number, T.AgentSummary>();
    for (const id of ids) {
      const r = await this.t.call<W.AgentListResponse>({
        endpoint: "agentList",
        principal: appPrincipal(id),
      });
      for (const a of r.agentlist ?? [])
        if (!byId.has(a.agentid)) byId.set(a.agentid, M.agentSummaryFromWire(a));
    }
    return [...byId.values()].sort((a, b) => a.agentId - b.agentId);
  }

  /**
   * agent/set with that app's secret; an empty patch makes no call. Read-back: agent/get, then only the
   * fields that still differ are re-sent (a logo cannot be read back, so it is always re-sent).
   */
  async setAgent(agentId: number, patch: T.AgentPatch): Promise<void> {
    this.t.assertWritable("agentSet");
    if (Object.keys(patch).length === 0) return;
    await this.t.call<W.WireEnvelope>({
      endpoint: "agentSet",
      principal: appPrincipal(agentId),
      body: M.agentPatchToWire(agentId, patch),
      readBack: async (answer) => {
        const pending = M.agentPatchPending(await this.getAgent(agentId), patch);
        // A logo cannot be read back: after an errcode-0 answer it is taken as applied.
        if (answer) delete pending.logoMediaId;
        return Object.keys(pending).length === 0
          ? { applied: true, response: OK }
          : {
              applied: false,
              differs: `agent/get of ${agentId} still differs in ${Object.keys(pending).join(", ")}`,
              body: M.agentPatchToWire(agentId, pending),
            };
      },
    });
  }

  /** agent/get_admin_list with the app's own token (documented for 代开发/third-party tokens only). */
  async getAgentAdmins(agentId: number): Promise<T.AgentAdmin[]> {
    const r = await this.t.call<W.AgentGetAdminListResponse>({
      endpoint: "agentGetAdminList",
      principal: appPrincipal(agentId),
      body: { agentid: agentId } satisfies W.AgentGetAdminListRequest,
    });
    return (r.admin ?? []).map(M.agentAdminFromWire);
  }

  // -------------------------------------------------------------------------------------------
  // Message archive — archive secret

  /** Members with message archiving on, optionally for one edition. */
  async getPermitUserList(edition?: T.ArchiveEdition): Promise<string[]> {
    const body: W.GetPermitUserListRequest =
      edition === undefined ? {} : { type: M.archiveEditionToWire(edition) };
    const r = await this.t.call<W.GetPermitUserListResponse>({
      endpoint: "msgauditGetPermitUserList",
      principal: ARCHIVE,
      body,
    });
    return [...(r.ids ?? [])];
  }

  /** External contacts' consent to archiving of 1:1 chats, in batches of ≤ 100 pairs. */
  async checkSingleAgree(pairs: readonly T.SingleAgreeQuery[]): Promise<T.SingleAgree[]> {
    const out: T.SingleAgree[] = [];
    for (const batch of batches(pairs, W.CHECK_SINGLE_AGREE_BATCH)) {
      const r = await this.t.call<W.CheckSingleAgreeResponse>({
        endpoint: "msgauditCheckSingleAgree",
        principal: ARCHIVE,
        body: { info: batch.map(M.singleAgreeQueryToWire) } satisfies W.CheckSingleAgreeRequest,
      });
      out.push(...(r.agreeinfo ?? []).map(M.singleAgreeFromWire));
    }
    return out;
  }

  /** Consent of each external member of a group chat. */
  async checkRoomAgree(roomId: string): Promise<T.RoomAgree[]> {
    const r = await this.t.call<W.CheckRoomAgreeResponse>({
      endpoint: "msgauditCheckRoomAgree",
      principal: ARCHIVE,
      body: { roomid: roomId } satisfies W.CheckRoomAgreeRequest,
    });
    return (r.agreeinfo ?? []).map(M.roomAgreeFromWire);
  }

  // -------------------------------------------------------------------------------------------
  // Security logs — the app `securityAgentId`

  /**
   * Admin-console operation log between `start` and `end` (Unix seconds, inclusive). The range is split
   * into ≤ 7-day windows, each followed through `has_more`/`next_cursor`. Refuses, before any I/O, a
   * start older than 180 days (WeCom keeps no more). `end` is clamped to now.
   */
  async listAdminOperLogs(q: T.OperLogQuery): Promise<T.AdminOperLog[]> {
    const records = await this.operLogs<W.AdminOperLogListResponse>("adminOperLogList", q);
    return records.map(M.adminOperLogFromWire);
  }

  /** Member operation records; windows, pagination and limits as listAdminOperLogs. */
  async listMemberOperLogs(q: T.OperLogQuery): Promise<T.MemberOperLog[]> {
    const records = await this.operLogs<W.MemberOperLogListResponse>("memberOperLogList", q);
    return records.map(M.memberOperLogFromWire);
  }

  private async operLogs<R extends W.AdminOperLogListResponse | W.MemberOperLogListResponse>(
    endpoint: "adminOperLogList" | "memberOperLogList",
    q: T.OperLogQuery,
  ): Promise<R["record_list"]> {
    const path = W.ENDPOINTS[endpoint].path;
    const nowS = Math.floor(this.t.now() / 1000);
    const oldest = nowS - W.LOG_MAX_AGE_SECONDS;
    if (!Number.isInteger(q.start) || !Number.isInteger(q.end)) {
      throw new WecomError(`${path} refused: start and end must be whole Unix seconds`);
    }
    if (q.start < oldest) {
      throw new WecomError(
        `${path} refused: start ${new Date(q.start * 1000).toISOString()} is more than 180 days ago; WeCom only ` +
          `returns logs since ${new Date(oldest * 1000).toISOString()} (archive older logs with \`wecom-policy logs sync\`)`,
      );
    }
    // GUESS: end_time must be before now (path/100179 "< now"), so it is clamped to now − 1 s.
    const end = Math.min(q.end, nowS - 1);
    if (end < q.start) throw new WecomError(`${path} refused: end is before start`);
    const principal = this.delegated("security", endpoint);
    const out: R["record_list"] = [];
    for (const { startTime, endTime, from } of logWindows(q.start, end))
      for await (const r of this.pages<R>(
        endpoint,
        principal,
        (cursor) =>
          ({
            start_time: startTime,
            end_time: endTime,
            ...(q.operType !== undefined && { oper_type: q.operType }),
            ...(q.userId !== undefined && { userid: q.userId }),
            limit: W.LOG_PAGE_LIMIT,
            ...(cursor !== undefined && { cursor }),
          }) satisfies W.OperLogListRequest,
        (r) => (r.has_more ? (r.next_cursor ?? "") : undefined),
      ))
        for (const rec of (r.record_list ?? []) as R["record_list"])
          if (startTime === from || rec.time >= from) out.push(rec);
    return out;
  }

  /** The app configured for a delegated role, or a "not configured" credential error (no I/O). */
  private delegated(role: "security" | "customer", endpoint: W.EndpointName): PrincipalRef {
    const agentId = role === "security" ? this.opts.securityAgentId : this.opts.customerAgentId;
    if (agentId === undefined) {
      throw this.t.missing(endpoint, `${role}-app`, delegatedCredential(role));
    }
    return appPrincipal(agentId);
  }

  // -------------------------------------------------------------------------------------------
  // Departed members' customers — the app `customerAgentId`

  /** Customers of departed members not yet handed over, every page (page_size 1000, cursor). */
  async getUnassignedList(): Promise<T.UnassignedCustomer[]> {
    const principal = this.delegated("customer", "externalGetUnassignedList");
    const out: T.UnassignedCustomer[] = [];
    for await (const r of this.pages<W.GetUnassignedListResponse>(
      "externalGetUnassignedList",
      principal,
      (cursor) =>
        ({
          page_size: W.UNASSIGNED_PAGE_SIZE,
          ...(cursor !== undefined && { cursor }),
        }) satisfies W.GetUnassignedListRequest,
      // GUESS: the last page says is_last=true and/or an empty next_cursor; either ends the walk.
      (r) => (r.is_last || !r.next_cursor ? undefined : r.next_cursor),
    ))
      for (const c of r.info ?? []) out.push(M.unassignedFromWire(c));
    return out;
  }

  /**
   * Hands a departed member's customers over, in batches of ≤ 100; returns WeCom's per-customer result
   * (errcode 0 = hand-over started). Per-customer failures are returned, not thrown. Read-back per batch:
   * transfer_result for the pair; customers it lists as done or waiting count as started, the rest are
   * re-sent.
   */
  async transferCustomer(
    handoverUserId: string,
    takeoverUserId: string,
    externalUserIds: readonly string[],
  ): Promise<T.CustomerTransfer[]> {
    this.t.assertWritable("externalTransferCustomer");
    const principal = this.delegated("customer", "externalTransferCustomer");
    const out: T.CustomerTransfer[] = [];
    for (const batch of batches(externalUserIds, W.TRANSFER_CUSTOMER_BATCH)) {
      const confirmed: string[] = [];
      const body = (ids: readonly string[]): W.TransferCustomerRequest => ({
        handover_userid: handoverUserId,
        takeover_userid: takeoverUserId,
        external_userid: [...ids],
      });
      const r = await this.t.call<W.TransferCustomerResponse>({
        endpoint: "externalTransferCustomer",
        principal,
        body: body(batch),
        readBack: async (answer) => {
          // GUESS: transfer_result lists a customer (status 2 waiting) as soon as transfer_customer
          // accepted it.
          const started = new Set(
            (await this.transferResult(handoverUserId, takeoverUserId))
              .filter((c) => c.status === "done" || c.status === "waiting")
              .map((c) => c.externalUserId),
          );
          if (answer) {
            // After an answer, only the customers it accepted (errcode 0) must have started.
            const accepted = (answer.customer ?? [])
              .filter((c) => c.errcode === 0)
              .map((c) => c.external_userid);
            const missing = accepted.filter((id) => !started.has(id));
            return missing.length === 0
              ? { applied: true, response: answer }
              : {
                  applied: false,
                  differs: `transfer_result does not list ${missing.join(", ")} as handed over`,
                  body: body(missing),
                };
          }
          confirmed.splice(0, confirmed.length, ...batch.filter((id) => started.has(id)));
          const rest = batch.filter((id) => !started.has(id));
          return rest.length === 0
            ? { applied: true, response: { customer: [] } }
            : {
                applied: false,
                differs: `transfer_result does not list ${rest.join(", ")}`,
                body: body(rest),
              };
        },
      });
      const results = new Map<string, number>(confirmed.map((id) => [id, 0]));
      for (const c of r.customer ?? []) results.set(c.external_userid, c.errcode);
      for (const id of batch) {
        const errcode = results.get(id);
        // GUESS: WeCom answers for every customer sent; one it leaves out is reported as -1 (not started,
        // try again later) rather than assumed started.
        out.push(M.customerTransferFromWire({ external_userid: id, errcode: errcode ?? ERRCODE.busy }));
      }
    }
    return out;
  }

  /** Status of every customer handed from `handoverUserId` to `takeoverUserId`, all pages. */
  async transferResult(handoverUserId: string, takeoverUserId: string): Promise<T.CustomerTransferResult[]> {
    const principal = this.delegated("customer", "externalTransferResult");
    const out: T.CustomerTransferResult[] = [];
    for await (const r of this.pages<W.TransferResultResponse>(
      "externalTransferResult",
      principal,
      (cursor) =>
        ({
          handover_userid: handoverUserId,
          takeover_userid: takeoverUserId,
          ...(cursor !== undefined && { cursor }),
        }) satisfies W.TransferResultRequest,
      (r) => r.next_cursor || undefined,
    ))
      for (const c of r.customer ?? []) out.push(M.transferResultFromWire(c));
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Chat intercept rules (管理聊天敏感词) — the app `customerAgentId`; batching and read-backs in
  // intercept-rules.ts

  private get interceptRules(): InterceptRuleCalls {
    return new InterceptRuleCalls(this.t, (endpoint) => this.delegated("customer", endpoint));
  }

  /** Every rule of the corp: id, name, creation time (get_intercept_rule_list). */
  listInterceptRules(): Promise<T.InterceptRuleSummary[]> {
    return this.interceptRules.list();
  }

  /** One rule (get_intercept_rule); its range only as far as the app's visible range reaches. */
  getInterceptRule(ruleId: string): Promise<T.InterceptRule> {
    return this.interceptRules.get(ruleId);
  }

  /** get_intercept_rule, or undefined when the rule does not exist. */
  findInterceptRule(ruleId: string): Promise<T.InterceptRule | undefined> {
    return this.interceptRules.find(ruleId);
  }

  /** Creates a rule; returns its rule_id. Read-back: get_intercept_rule_list. */
  addInterceptRule(rule: T.NewInterceptRule): Promise<string> {
    return this.interceptRules.add(rule);
  }

  /** Changes a rule: fields given replace, the range changes by add/remove. Read-back: get_intercept_rule. */
  updateInterceptRule(ruleId: string, patch: T.InterceptRulePatch): Promise<void> {
    return this.interceptRules.update(ruleId, patch);
  }

  /** Deletes a rule (only one this app created). Read-back: get_intercept_rule_list. */
  deleteInterceptRule(ruleId: string): Promise<void> {
    return this.interceptRules.delete(ruleId);
  }
}
