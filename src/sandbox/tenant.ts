/**
 * The live tenant: persisted state plus lookup indexes and the visible-range rules that decide what a
 * principal may see (wecom-api.md §0). Handlers mutate `state` and call `touch()` — naming the members and
 * departments they changed, so the indexes follow without a rebuild; the server journals a touched tenant's
 * change before it answers (journal.ts).
 */
import type { WireUserStatus } from "../wecom/wire";
import type {
  PrincipalKey,
  SandboxState,
  StoredAgent,
  StoredDepartment,
  StoredTag,
  StoredUser,
} from "./state";

export type Principal =
  { kind: "contacts" } | { kind: "archive" } | { kind: "checkin" } | { kind: "app"; agentid: number };

export function principalKey(p: Principal): PrincipalKey {
  return p.kind === "app" ? `app:${p.agentid}` : p.kind;
}

/** What an app token may see: departments (with descendants) and members (lower-cased userids). */
export interface VisibleRange {
  departments: ReadonlySet<number>;
  users: ReadonlySet<string>;
}

/**
 * What a write changed in the directory, so the indexes follow in O(changed) instead of a rebuild
 * (issue 12). Everything else a handler touches (tags, apps, logs, rules, customers) is not indexed.
 */
export interface DirectoryChange {
  /** Members created or whose userid, department, mobile or e-mail may have changed (the same objects). */
  users?: readonly StoredUser[];
  /** Members no longer in `state.users`. */
  removedUsers?: readonly StoredUser[];
  /** Departments were added, removed, renamed or moved (a few dozen: that index is rebuilt). */
  departments?: boolean;
}

/** The indexed fields of a member as last indexed, to take them out again when they change. */
interface Indexed {
  key: string;
  mobile: string;
  email: string;
  departments: readonly number[];
}

export class Tenant {
  /** Bumped by every change; the per-app range cache compares against it. */
  private rev = 0;
  private readonly users = new Map<string, StoredUser>();
  // Arrays, not sets: one or two members per value, and 100 000 small sets cost startup time and memory.
  private readonly byMobile = new Map<string, StoredUser[]>();
  private readonly byEmail = new Map<string, StoredUser[]>();
  private readonly members = new Map<number, Set<StoredUser>>();
  private readonly indexed = new Map<StoredUser, Indexed>();
  private departments = new Map<number, StoredDepartment>();
  private children = new Map<number, number[]>();
  private ranges = new Map<number, { rev: number; range: VisibleRange }>();
  /** A member's user/list_id rows as JSON, built on first read and dropped when the member changes. */
  private readonly rowsJson = new Map<StoredUser, string>();
  /** Bumped when any member is added, removed or re-indexed: list_id blocks built before it are stale. */
  private membersGen = 0;
  /** list_id rows of LIST_BLOCK consecutive members as one JSON text, by block number. */
  private readonly rowBlocks = new Map<number, { gen: number; json: string }>();
  /** Read answers by key (issue 12), each valid while the generation it depends on holds: {@link memo}. */
  private readonly memos = new Map<string, { gen: number; value: unknown }>();
  /** True when state changed since the last flush. */
  dirty = false;

  constructor(readonly state: SandboxState) {
    this.indexDepartments();
    for (const u of state.users) this.indexUser(u);
  }

  /**
   * Records a change: the server persists before replying. Handlers that change members or departments
   * say which (`change`), so the indexes are updated for them alone.
   */
  touch(change?: DirectoryChange): void {
    this.rev++;
    this.dirty = true;
    if (!change) return;
    if (change.departments) this.indexDepartments();
    if (change.users?.length || change.removedUsers?.length) this.membersGen++;
    for (const u of change.removedUsers ?? []) this.unindexUser(u);
    for (const u of change.users ?? []) this.reindexUser(u);
  }

  /**
   * A value derived from the tenant (an encoded read answer), built once and kept until what it depends on
   * changes: "members" — any member added, removed or re-indexed (userid, departments, mobile, e-mail);
   * "any" — any change at all. `build` may throw; nothing is kept then.
   */
  memo<T>(key: string, dependsOn: "members" | "any", build: () => T): T {
    const gen = dependsOn === "members" ? this.membersGen : this.rev;
    const cached = this.memos.get(key);
    if (cached?.gen === gen) return cached.value as T;
    const value = build();
    // Keys come from callers (cursors, limits): bounded, and rebuilt on demand after a clear.
    if (this.memos.size >= MEMO_MAX) this.memos.clear();
    this.memos.set(key, { gen, value });
    return value;
  }

  private indexDepartments(): void {
    this.departments = new Map(this.state.departments.map((d) => [d.id, d]));
    this.children = new Map();
    for (const d of this.state.departments) {
      const list = this.children.get(d.parentid) ?? [];
      list.push(d.id);
      this.children.set(d.parentid, list);
    }
  }

  private indexUser(u: StoredUser): void {
    const entry: Indexed = {
      key: u.userid.toLowerCase(),
      mobile: u.mobile,
      email: u.email.toLowerCase(),
      departments: [...u.department],
    };
    this.indexed.set(u, entry);
    this.users.set(entry.key, u);
    if (entry.mobile !== "") addToList(this.byMobile, entry.mobile, u);
    if (entry.email !== "") addToList(this.byEmail, entry.email, u);
    for (const d of entry.departments) addTo(this.members, d, u);
  }

  /** Moves a member's index entries to its current fields; unchanged departments keep their order. */
  private reindexUser(u: StoredUser): void {
    this.rowsJson.delete(u);
    const old = this.indexed.get(u);
    if (!old) return this.indexUser(u);
    const now: Indexed = {
      key: u.userid.toLowerCase(),
      mobile: u.mobile,
      email: u.email.toLowerCase(),
      departments: [...u.department],
    };
    this.indexed.set(u, now);
    if (old.key !== now.key) {
      if (this.users.get(old.key) === u) this.users.delete(old.key);
      this.users.set(now.key, u);
    }
    if (old.mobile !== now.mobile) {
      removeFromList(this.byMobile, old.mobile, u);
      if (now.mobile !== "") addToList(this.byMobile, now.mobile, u);
    }
    if (old.email !== now.email) {
      removeFromList(this.byEmail, old.email, u);
      if (now.email !== "") addToList(this.byEmail, now.email, u);
    }
    for (const d of old.departments) if (!now.departments.includes(d)) removeFrom(this.members, d, u);
    for (const d of now.departments) if (!old.departments.includes(d)) addTo(this.members, d, u);
  }

  private unindexUser(u: StoredUser): void {
    this.rowsJson.delete(u);
    const entry = this.indexed.get(u);
    if (!entry) return;
    this.indexed.delete(u);
    if (this.users.get(entry.key) === u) this.users.delete(entry.key);
    removeFromList(this.byMobile, entry.mobile, u);
    removeFromList(this.byEmail, entry.email, u);
    for (const d of entry.departments) removeFrom(this.members, d, u);
  }

  /** Another member than `self` with this mobile (unique in a corp). */
  otherWithMobile(mobile: string, self: StoredUser | undefined): StoredUser | undefined {
    for (const u of this.byMobile.get(mobile) ?? []) if (u !== self) return u;
    return undefined;
  }

  /** Another member than `self` with this e-mail, case-insensitively (unique in a corp). */
  otherWithEmail(email: string, self: StoredUser | undefined): StoredUser | undefined {
    for (const u of this.byEmail.get(email.toLowerCase()) ?? []) if (u !== self) return u;
    return undefined;
  }

  /** userids are case-insensitive in WeCom (wecom-api.md §0). */
  user(userid: string): StoredUser | undefined {
    return this.users.get(userid.toLowerCase());
  }

  department(id: number): StoredDepartment | undefined {
    return this.departments.get(id);
  }

  childDepartments(id: number): readonly number[] {
    return this.children.get(id) ?? [];
  }

  /** The department and every department below it, parents before children. */
  subtree(id: number): number[] {
    if (!this.departments.has(id)) return [];
    const out: number[] = [];
    const queue = [id];
    while (queue.length > 0) {
      const d = queue.shift() as number;
      out.push(d);
      for (const c of this.children.get(d) ?? []) queue.push(c);
    }
    return out;
  }

  /** Members directly in a department. */
  membersOf(id: number): ReadonlySet<StoredUser> {
    return this.members.get(id) ?? EMPTY;
  }

  tag(tagid: number): StoredTag | undefined {
    return this.state.tags.find((t) => t.tagid === tagid);
  }

  agent(agentid: number): StoredAgent | undefined {
    return this.state.agents.find((a) => a.agentid === agentid);
  }

  /** status as user/get reports it: 2 disabled wins, then 5 exited, 1 activated, 4 not activated. */
  status(u: StoredUser): WireUserStatus {
    if (u.enable === 0) return 2;
    if (u.left_at !== undefined) return 5;
    return u.activated ? 1 : 4;
  }

  /** Left the corp (for hand-over): marked by console user/leave or deleted through the API. */
  dimissionTime(userid: string): number | undefined {
    const u = this.user(userid);
    if (u?.left_at !== undefined) return u.left_at;
    const key = Object.keys(this.state.deleted_members).find((k) => k.toLowerCase() === userid.toLowerCase());
    return key === undefined ? undefined : this.state.deleted_members[key];
  }

  /**
   * An app's visible range; undefined for principals that see the whole directory. GUESS: the check-in app
   * is treated as seeing the whole directory (path/98041 does not limit a rule's range to it).
   */
  range(p: Principal): VisibleRange | undefined {
    if (p.kind !== "app") return undefined;
    const cached = this.ranges.get(p.agentid);
    if (cached && cached.rev === this.rev) return cached.range;
    const app = this.agent(p.agentid);
    const departments = new Set<number>();
    const users = new Set<string>();
    if (app) {
      const roots = [...app.allow_partys];
      for (const tagid of app.allow_tags) {
        const tag = this.tag(tagid);
        if (!tag) continue;
        roots.push(...tag.partylist);
        for (const u of tag.userlist) users.add(u.toLowerCase());
      }
      for (const r of roots) for (const d of this.subtree(r)) departments.add(d);
      for (const d of departments) for (const u of this.membersOf(d)) users.add(u.userid.toLowerCase());
      for (const u of app.allow_users) users.add(u.toLowerCase());
    }
    const range = { departments, users };
    this.ranges.set(p.agentid, { rev: this.rev, range });
    return range;
  }

  canSeeUser(p: Principal, userid: string): boolean {
    const r = this.range(p);
    return r === undefined || r.users.has(userid.toLowerCase());
  }

  canSeeDepartment(p: Principal, id: number): boolean {
    const r = this.range(p);
    return r === undefined || r.departments.has(id);
  }

  /**
   * One page of user/list_id rows (one per member and department, in directory order) from `position`,
   * read straight from the member list: O(page), no copy of the directory. A position is
   * `memberIndex * ROW_STRIDE + departmentIndex`; `next` is undefined at the end.
   */
  listIdPage(
    position: number,
    limit: number,
  ): { rows: { userid: string; department: number }[]; next?: number } {
    const users = this.state.users;
    let i = Math.floor(position / ROW_STRIDE);
    let j = position % ROW_STRIDE;
    const rows: { userid: string; department: number }[] = [];
    while (i < users.length) {
      const u = users[i] as StoredUser;
      if (j >= u.department.length) {
        i++;
        j = 0;
        continue;
      }
      if (rows.length === limit) return { rows, next: i * ROW_STRIDE + j };
      rows.push({ userid: u.userid, department: u.department[j] as number });
      j++;
    }
    return { rows };
  }

  /**
   * The same page as {@link listIdPage}, as the JSON text of its rows array (issue 12: list_id throughput
   * at 100 000 members). Whole blocks of LIST_BLOCK members come from a cached text, other whole members
   * from a per-member fragment, split members at the page's edges are built; a change to any member makes
   * the blocks stale (O(1)), and they are rebuilt from the fragments as pages are read.
   */
  listIdPageJson(position: number, limit: number): { json: string; count: number; next?: number } {
    const users = this.state.users;
    let i = Math.floor(position / ROW_STRIDE);
    let j = position % ROW_STRIDE;
    const parts: string[] = [];
    let count = 0;
    while (i < users.length && count < limit) {
      const u = users[i] as StoredUser;
      const n = u.department.length;
      if (j >= n) {
        i++;
        j = 0;
        continue;
      }
      if (j === 0 && i % LIST_BLOCK === 0 && i + LIST_BLOCK <= users.length) {
        const rows = this.blockRows(i);
        if (count + rows <= limit) {
          const text = this.blockJson(i);
          if (text !== "") parts.push(text);
          count += rows;
          i += LIST_BLOCK;
          continue;
        }
      }
      const take = Math.min(n - j, limit - count);
      parts.push(j === 0 && take === n ? this.memberJson(u) : rowJson(u, j, j + take));
      count += take;
      j += take;
    }
    while (i < users.length && j >= (users[i] as StoredUser).department.length) {
      i++;
      j = 0;
    }
    const json = `[${parts.join(",")}]`;
    return i < users.length ? { json, count, next: i * ROW_STRIDE + j } : { json, count };
  }

  private memberJson(u: StoredUser): string {
    let text = this.rowsJson.get(u);
    if (text === undefined) {
      text = rowJson(u, 0, u.department.length);
      this.rowsJson.set(u, text);
    }
    return text;
  }

  private blockRows(start: number): number {
    let rows = 0;
    for (let k = start; k < start + LIST_BLOCK; k++)
      rows += (this.state.users[k] as StoredUser).department.length;
    return rows;
  }

  private blockJson(start: number): string {
    const cached = this.rowBlocks.get(start);
    if (cached && cached.gen === this.membersGen) return cached.json;
    const parts: string[] = [];
    for (let k = start; k < start + LIST_BLOCK; k++) {
      const u = this.state.users[k] as StoredUser;
      if (u.department.length > 0) parts.push(this.memberJson(u));
    }
    const json = parts.join(",");
    this.rowBlocks.set(start, { gen: this.membersGen, json });
    return json;
  }
}

/** `{"userid":…,"department":d}` for departments [from, to) of a member. */
function rowJson(u: StoredUser, from: number, to: number): string {
  const id = JSON.stringify(u.userid);
  const parts: string[] = [];
  for (let j = from; j < to; j++) parts.push(`{"userid":${id},"department":${u.department[j] as number}}`);
  return parts.join(",");
}

/** Positions in user/list_id: a member has at most 100 departments (path/90195). */
const ROW_STRIDE = 128;

/** Read answers kept at most (a list_id page at limit 10 000 is about 400 KB). */
const MEMO_MAX = 512;

/** Members per cached list_id block. */
const LIST_BLOCK = 64;

const EMPTY: ReadonlySet<StoredUser> = new Set();

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set([v]));
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const set = m.get(k);
  if (!set) return;
  set.delete(v);
  if (set.size === 0) m.delete(k);
}

function addToList<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function removeFromList<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (!list) return;
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) m.delete(k);
}
