/**
 * The live tenant: persisted state plus lookup indexes and the visible-range rules that decide what a
 * principal may see (wecom-api.md §0). Handlers mutate `state` and call `touch()`; the server persists
 * a touched tenant before it answers.
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

export class Tenant {
  /** Bumped by every change; caches compare against it. */
  private rev = 0;
  private indexedRev = -1;
  private users = new Map<string, StoredUser>();
  private departments = new Map<number, StoredDepartment>();
  private children = new Map<number, number[]>();
  private members = new Map<number, StoredUser[]>();
  private ranges = new Map<number, { rev: number; range: VisibleRange }>();
  private listRows: { rev: number; rows: { userid: string; department: number }[] } | undefined;
  /** True when state changed since the last flush. */
  dirty = false;

  constructor(readonly state: SandboxState) {}

  /** Records a change: indexes rebuild lazily, the server persists before replying. */
  touch(): void {
    this.rev++;
    this.dirty = true;
  }

  private index(): void {
    if (this.indexedRev === this.rev) return;
    this.users = new Map(this.state.users.map((u) => [u.userid.toLowerCase(), u]));
    this.departments = new Map(this.state.departments.map((d) => [d.id, d]));
    this.children = new Map();
    for (const d of this.state.departments) {
      const list = this.children.get(d.parentid) ?? [];
      list.push(d.id);
      this.children.set(d.parentid, list);
    }
    this.members = new Map();
    for (const u of this.state.users) {
      for (const d of u.department) {
        const list = this.members.get(d) ?? [];
        list.push(u);
        this.members.set(d, list);
      }
    }
    this.indexedRev = this.rev;
  }

  /** userids are case-insensitive in WeCom (wecom-api.md §0). */
  user(userid: string): StoredUser | undefined {
    this.index();
    return this.users.get(userid.toLowerCase());
  }

  department(id: number): StoredDepartment | undefined {
    this.index();
    return this.departments.get(id);
  }

  childDepartments(id: number): readonly number[] {
    this.index();
    return this.children.get(id) ?? [];
  }

  /** The department and every department below it, parents before children. */
  subtree(id: number): number[] {
    this.index();
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
  membersOf(id: number): readonly StoredUser[] {
    this.index();
    return this.members.get(id) ?? [];
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

  /** user/list_id rows: one per (member, department), in directory order; cached between changes. */
  listIdRows(): readonly { userid: string; department: number }[] {
    if (this.listRows && this.listRows.rev === this.rev) return this.listRows.rows;
    const rows: { userid: string; department: number }[] = [];
    for (const u of this.state.users)
      for (const d of u.department) rows.push({ userid: u.userid, department: d });
    this.listRows = { rev: this.rev, rows };
    return rows;
  }
}
