/**
 * Who made a drifted change — only when the admin operation log says so. WeCom's admin log (path/100179)
 * records console changes with an operator, a time, an oper_type and free text, but no object id, and it
 * never records changes made through the API. So a person is named only when an entry of a fitting
 * oper_type concerns the same object: it names the tag or app (by name or id), and, for a role member, the
 * archive range, a leaver or a hand-over, the member. Otherwise the item says plainly that no entry was
 * found and why that can be (issue 9 item 5: in an audit trail a wrong name is worse than none).
 *
 * Pure functions over data; reading the log (from the API or the local archive) is ./run.ts.
 */
import type { Bilingual } from "../text";
import { ADMIN_OPER_TYPE } from "../wecom/wire";
import type { AdminOperLog } from "../wecom/types";
import type { DriftItem } from "./analyse";

/** The log entry behind a drifted change. */
export interface Attribution {
  operator: string;
  /** ISO 8601. */
  time: string;
  operType: number;
  detail: string;
}

/**
 * Why nobody is named: `no-entry` — the logs searched cover the time the change can have been made, and
 * no entry concerns the object (so it was made through the API, which WeCom does not log); `before-window`
 * — no entry in the logs searched, and the change may be older than them; `logs-unavailable` — the log
 * could not be read.
 */
export type UnattributedReason = "no-entry" | "before-window" | "logs-unavailable";

export interface Unattributed {
  reason: UnattributedReason;
  /** The span of log searched (ISO 8601), when a log was read. */
  searchedFrom?: string;
  searchedTo?: string;
  /** The plain sentence the report prints. */
  note: Bilingual;
}

/** What the attribution had to go on. */
export interface LogSearch {
  /** Entries of the admin log from `from` to `to`; `null` when the log could not be read. */
  logs: readonly AdminOperLog[] | null;
  /** Unix seconds: the span the entries cover. */
  from: number;
  to: number;
  /**
   * Unix seconds of the stack's last update (0 when unknown). A writable setting that drifts was changed
   * after it — `up` would have converged it — so a managed resource's change is no older than this.
   */
  lastUpdate: number;
}

export type AttributionResult = { changedBy: Attribution } | { unattributed: Unattributed };

/**
 * Admin-log oper_types that can explain a change to each resource type (path/100179): tags and members
 * are contacts changes (3); app settings and visible ranges app changes (8); admins permission changes
 * (2); the archive range contacts-and-chat management (11).
 */
const OPER_TYPES: Record<string, readonly number[]> = {
  Role: [ADMIN_OPER_TYPE.contacts, ADMIN_OPER_TYPE.contactsAndChat],
  AppSettings: [ADMIN_OPER_TYPE.app],
  AppAccess: [ADMIN_OPER_TYPE.app, ADMIN_OPER_TYPE.permission],
  ArchiveScope: [ADMIN_OPER_TYPE.contactsAndChat, ADMIN_OPER_TYPE.other],
  MemberStatus: [ADMIN_OPER_TYPE.contacts],
  CustomerHandover: [ADMIN_OPER_TYPE.contacts, ADMIN_OPER_TYPE.externalContact],
};

/** Types `pulumi up` converges: a drift in them was made after the stack's last update. */
const MANAGED = new Set(["Role", "AppSettings", "MemberStatus", "CustomerHandover"]);

/**
 * What an entry must name to concern the item: `object` — one of these names (the tag or app); `member` —
 * this userid. Both when both are given.
 */
interface Wanted {
  object?: string[];
  member?: string;
}

function userIdOf(v: unknown): string | undefined {
  if (typeof v === "string") return v.includes("/") ? v.split("/")[0] : v;
  if (v && typeof v === "object" && typeof (v as { userId?: unknown }).userId === "string")
    return (v as { userId: string }).userId;
  return undefined;
}

function wanted(item: DriftItem, state?: Record<string, unknown>): Wanted | undefined {
  const names = (keys: string[]) =>
    keys
      .map((k) => state?.[k])
      .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
      .map(String)
      .filter((s) => s.length > 0);
  const member = userIdOf(item.live) ?? userIdOf(item.declared);
  const prop = item.path.split(/[.[]/)[0] ?? "";
  switch (item.type) {
    case "Role": {
      const object = names(["name", "tagId"]);
      if (object.length === 0) return undefined;
      // A member of the role: the entry must name the member too; a department or the name: the tag alone.
      return prop === "members" && member ? { object, member } : { object };
    }
    case "AppSettings":
    case "AppAccess": {
      const object = names(["name", "agentId"]);
      return object.length ? { object } : undefined;
    }
    case "ArchiveScope":
    case "MemberStatus":
    case "CustomerHandover":
      return member ? { member } : undefined;
    default:
      return undefined;
  }
}

const WORD = /[0-9A-Za-z_\-@.\u3400-\u9fff]/;

/** `text` names `token` as a whole word: not inside a longer userid, number or Chinese name. */
export function names(text: string, token: string): boolean {
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
    const before = text[i - 1];
    const after = text[i + token.length];
    if ((before === undefined || !WORD.test(before)) && (after === undefined || !WORD.test(after)))
      return true;
  }
  return false;
}

/** A token made only of word characters: it is named exactly when it is one of the text's words. */
const PLAIN = /^[0-9A-Za-z_\-@.\u3400-\u9fff]+$/;
const WORDS = /[0-9A-Za-z_\-@.\u3400-\u9fff]+/g;

/**
 * The log searched once per run rather than once per item (issue 12: drift re-filtered and re-sorted the
 * whole log for each of 100,000 items): entries newest first (ties in log order, as a stable sort leaves
 * them), and for each word of an entry's text the positions of the entries that name it.
 */
interface LogIndex {
  newestFirst: readonly AdminOperLog[];
  byWord: ReadonlyMap<string, readonly number[]>;
}

const indexes = new WeakMap<readonly AdminOperLog[], LogIndex>();

function indexOf(logs: readonly AdminOperLog[]): LogIndex {
  const cached = indexes.get(logs);
  if (cached) return cached;
  const newestFirst = [...logs].sort((a, b) => b.time - a.time);
  const byWord = new Map<string, number[]>();
  newestFirst.forEach((entry, i) => {
    for (const word of new Set(entry.detailInfo.match(WORDS) ?? [])) {
      const at = byWord.get(word);
      if (at) at.push(i);
      else byWord.set(word, [i]);
    }
  });
  const index = { newestFirst, byWord };
  indexes.set(logs, index);
  return index;
}

/**
 * Positions (in `newestFirst`) of the entries that can concern `w`, ascending: those naming its member, or
 * one of its objects, when that is a plain word (looked up in the index); undefined for the whole log.
 */
function candidates(index: LogIndex, w: Wanted): readonly number[] | undefined {
  const lookup = (tokens: readonly string[]): readonly number[] => {
    if (tokens.length === 1) return index.byWord.get(tokens[0]!) ?? [];
    const at = new Set<number>();
    for (const t of tokens) for (const i of index.byWord.get(t) ?? []) at.add(i);
    return [...at].sort((a, b) => a - b);
  };
  if (w.member !== undefined && PLAIN.test(w.member)) return lookup([w.member]);
  if (w.object && w.object.every((o) => PLAIN.test(o))) return lookup(w.object);
  return undefined;
}

function concerns(entry: AdminOperLog, w: Wanted): boolean {
  if (w.object && !w.object.some((o) => names(entry.detailInfo, o))) return false;
  if (w.member !== undefined && !names(entry.detailInfo, w.member)) return false;
  return true;
}

/**
 * ISO 8601 of Unix seconds. Every item of a run formats the same few instants (the span searched, the last
 * update), so the last ones are remembered rather than formatted again per item.
 */
const formatted = new Map<number, string>();
function iso(sec: number): string {
  let s = formatted.get(sec);
  if (s === undefined) {
    if (formatted.size >= 4096) formatted.clear();
    formatted.set(sec, (s = new Date(sec * 1000).toISOString()));
  }
  return s;
}
const day = (sec: number) => iso(sec).slice(0, 10);

/**
 * The admin-log entry behind a drift item, or why there is none. Only an entry of a fitting oper_type that
 * names the object (and the member, where the item is about one) counts; for a managed resource it must
 * also be no older than the stack's last update, since `up` converged everything before it. The newest
 * such entry wins.
 */
export function attribute(
  item: DriftItem,
  search: LogSearch,
  state?: Record<string, unknown>,
): AttributionResult {
  if (search.logs === null) {
    return {
      unattributed: {
        reason: "logs-unavailable",
        note: {
          zh: "未能读取操作日志（原因见说明），无法确定变更人。",
          en: "The operation log could not be read (see the notes), so who made this change is unknown.",
        },
      },
    };
  }
  const types = OPER_TYPES[item.type] ?? [];
  const managed = MANAGED.has(item.type);
  const w = wanted(item, state);
  let pick: AdminOperLog | undefined;
  if (w) {
    const index = indexOf(search.logs);
    const at = candidates(index, w);
    const n = at ? at.length : index.newestFirst.length;
    for (let k = 0; k < n && pick === undefined; k++) {
      const l = index.newestFirst[at ? at[k]! : k]!;
      if (types.includes(l.operType) && (!managed || l.time >= search.lastUpdate) && concerns(l, w)) pick = l;
    }
  }
  if (pick) {
    return {
      changedBy: {
        operator: pick.userId,
        time: iso(pick.time),
        operType: pick.operType,
        detail: pick.detailInfo,
      },
    };
  }
  const span = { searchedFrom: iso(search.from), searchedTo: iso(search.to) };
  // The change is inside the searched span only if it is a managed resource's and the span reaches back
  // to the last update; an observed setting (range, admins, archive) can have drifted at any time.
  const covered = managed && search.lastUpdate > 0 && search.from <= search.lastUpdate;
  if (covered) {
    return {
      unattributed: {
        reason: "no-entry",
        ...span,
        note: {
          zh: `自堆栈上次更新（${day(search.lastUpdate)}）以来，操作日志中没有涉及该对象的记录。企业微信不记录通过 API 所做的修改，因此无法确定变更人。`,
          en: `No operation-log entry concerns this object since the stack's last update (${day(search.lastUpdate)}). WeCom does not log changes made through the API, so who made this change is unknown.`,
        },
      },
    };
  }
  return {
    unattributed: {
      reason: "before-window",
      ...span,
      note: {
        zh: `在已检索的操作日志（${day(search.from)} 至 ${day(search.to)}）中没有涉及该对象的记录。该修改可能早于此范围（企业微信接口只保留 180 天，更早的日志须由 \`wecom-policy logs sync\` 归档），也可能是通过 API 做出的——企业微信不记录 API 修改。`,
        en: `No entry in the operation log searched (${day(search.from)} to ${day(search.to)}) concerns this object. The change may be older than that (WeCom's API keeps 180 days; \`wecom-policy logs sync\` archives older entries), or it was made through the API, which WeCom does not log.`,
      },
    },
  };
}
