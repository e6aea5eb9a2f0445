/**
 * The sandbox tenant's persisted state and its atomic snapshot writer (the journal beside it: journal.ts). Everything a restart must keep lives
 * here (directory, tags, apps, archive scope, logs, customers, the sandbox clock offset, secrets);
 * tokens, the request log, faults and rate-limit counters are process memory only.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { dirname, basename, join } from "node:path";
import type { WireCheckinGroup } from "../wecom/checkin-wire";
import type {
  AdminOperLogRecord,
  MemberOperLogRecord,
  WireExtAttr,
  WireExternalProfile,
} from "../wecom/wire";

export const STATE_VERSION = 1;

export interface StoredDepartment {
  id: number;
  name: string;
  name_en: string;
  parentid: number;
  order: number;
  department_leader: string[];
}

export interface StoredUser {
  userid: string;
  name: string;
  department: number[];
  order: number[];
  is_leader_in_dept: number[];
  main_department: number;
  position: string;
  mobile: string;
  email: string;
  gender: "0" | "1" | "2";
  alias: string;
  telephone: string;
  direct_leader: string[];
  enable: 0 | 1;
  /** Joined WeCom at least once: status 1 rather than 4 when enabled. */
  activated: boolean;
  /** The corp creator cannot be deleted (301005). */
  creator: boolean;
  /** Unix seconds the member left (console user/leave, or the seed's leavers); makes them "departed". */
  left_at?: number;
  // Optional so state files written before these fields load unchanged; user/get shows defaults.
  biz_mail?: string;
  address?: string;
  extattr?: WireExtAttr;
  external_position?: string;
  external_profile?: WireExternalProfile;
}

/** Who created a tag: "contacts" or "app:<agentid>" (wecom-api.md §2.3 ownership rule). */
export type PrincipalKey = "contacts" | "archive" | "checkin" | `app:${number}`;

export interface StoredTag {
  tagid: number;
  tagname: string;
  owner: PrincipalKey;
  userlist: string[];
  partylist: number[];
}

export interface StoredAgent {
  agentid: number;
  name: string;
  description: string;
  square_logo_url: string;
  close: 0 | 1;
  redirect_domain: string;
  report_location_flag: 0 | 1;
  isreportenter: 0 | 1;
  home_url: string;
  allow_users: string[];
  allow_partys: number[];
  allow_tags: number[];
  admins: { userid: string; auth_type: 0 | 1 }[];
  /** Domains that passed WeCom's ownership check (WW_verify_*.txt); agent/set redirect_domain must be one. */
  verified_domains: string[];
  secret: string;
  /** 企业可信IP; empty = unrestricted. */
  trusted_ips: string[];
}

export interface StoredCustomer {
  external_userid: string;
  /** The member the customer belongs to (the handover member once they left). */
  owner: string;
  /** A resigned/transfer_customer hand-over; done 24 h of sandbox time after `started`. */
  transfer?: { takeover: string; started: number };
}

export interface StoredAgreement {
  userid: string;
  exteranalopenid: string;
  agree_status: "Agree" | "Disagree";
  status_change_time: number;
}

export interface StoredRoom {
  roomid: string;
  agreeinfo: { exteranalopenid: string; agree_status: "Agree" | "Disagree"; status_change_time: number }[];
}

/** A chat intercept rule (管理聊天敏感词, path/95130), stored as WeCom's wire fields. */
export interface StoredInterceptRule {
  rule_id: string;
  rule_name: string;
  word_list: string[];
  /** 1 phone, 2 e-mail, 3 red packet; sorted. */
  semantics_list: (1 | 2 | 3)[];
  /** 1 warn and block, 2 warn only. */
  intercept_type: 1 | 2;
  user_list: string[];
  department_list: number[];
  create_time: number;
  /** An app through the API, or "console" by hand: only the app that created a rule may change it. */
  creator: PrincipalKey | "console";
}

/** A check-in rule (打卡规则, path/98041) as getcorpcheckinoption returns it, and who made it. */
export interface StoredCheckinRule {
  group: WireCheckinGroup;
  /**
   * "checkin": created through the API by the check-in app; "console": made by an admin by hand. Only the
   * creating app may change or delete a rule through the API (path/98041); admins may edit any in the console.
   */
  creator: "checkin" | "console";
}

export interface SandboxState {
  version: typeof STATE_VERSION;
  seed: string;
  corpid: string;
  contacts_secret: string;
  archive_secret: string;
  /** The check-in app's secret (打卡 →「可调用接口的应用」); filled in by readState for older state files. */
  checkin_secret: string;
  /** HMAC key for self-validating tokens, so tokens survive a restart (like WeCom's). */
  token_key: string;
  /** Seconds added to the host clock by POST /__console/clock. */
  clock_offset_seconds: number;
  departments: StoredDepartment[];
  users: StoredUser[];
  /** Members deleted through the API: userid → dimission time (they keep their unassigned customers). */
  deleted_members: Record<string, number>;
  tags: StoredTag[];
  agents: StoredAgent[];
  /** Apps placed in each feature's "可调用接口的应用" list (console only). */
  api_access: { security: number[]; customer_contact: number[] };
  trusted_ips: { contacts: string[]; archive: string[]; checkin?: string[] };
  archive: {
    permit: { userid: string; type: 1 | 2 | 3 }[];
    agreements: StoredAgreement[];
    rooms: StoredRoom[];
  };
  customers: StoredCustomer[];
  admin_log: AdminOperLogRecord[];
  member_log: MemberOperLogRecord[];
  /** Chat intercept rules; optional so state files written before them load unchanged (none). */
  intercept_rules?: StoredInterceptRule[];
  /** The last rule id number handed out (ids are never reused). */
  intercept_rule_seq?: number;
  /** Check-in rules (issue 13); filled in by readState for older state files. */
  checkin_rules: StoredCheckinRule[];
  /** The groupid the next add_checkin_option assigns. */
  next_checkin_groupid: number;
  /**
   * The last journal line this snapshot contains (journal.ts); absent in state files written before the
   * journal (issue 12), which load as 0.
   */
  journal_seq?: number;
}

/**
 * Writes `state` to `file` so that a crash at any moment leaves either the old or the new file:
 * write a temp file in the same directory, fsync it, rename over the target, fsync the directory.
 */
export function writeStateAtomic(file: string, state: SandboxState): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w", 0o600);
  try {
    const data = Buffer.from(JSON.stringify(state), "utf8");
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  // The rename is durable only once the directory entry is flushed; some filesystems refuse fsync on a
  // directory (EISDIR/EINVAL/EPERM), and then the rename's own ordering guarantee is all there is.
  let dfd: number | undefined;
  try {
    dfd = openSync(dir, "r");
    fsyncSync(dfd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "EBADF") throw err;
  } finally {
    if (dfd !== undefined) closeSync(dfd);
  }
}

/**
 * Removes the temp files writeStateAtomic leaves when a sandbox is killed between writing and renaming
 * (`.<name>.<pid>.tmp` beside the state file). Only that exact pattern is touched.
 */
export function removeStaleTemps(file: string): void {
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names)
    if (n.startsWith(prefix) && /^\d+\.tmp$/.test(n.slice(prefix.length)))
      rmSync(join(dir, n), { force: true });
}

/** Reads a state file written by writeStateAtomic; undefined when the file does not exist. */
export function readState(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: Partial<SandboxState>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<SandboxState>;
  } catch (err) {
    throw new Error(
      `sandbox state ${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
      {
        cause: err,
      },
    );
  }
  if (parsed.version !== STATE_VERSION) {
    throw new Error(`sandbox state ${file} has version ${String(parsed.version)}, expected ${STATE_VERSION}`);
  }
  // State files written before check-in rules existed (issue 13) load with none and a derived secret.
  parsed.checkin_rules ??= [];
  parsed.next_checkin_groupid ??= 1 + Math.max(0, ...parsed.checkin_rules.map((r) => r.group.groupid));
  parsed.checkin_secret ??= deriveSecret(parsed.seed ?? "demo", "checkin");
  return parsed as SandboxState;
}

/** A 43-character secret (WeCom's length), stable for a given seed and purpose. */
export function deriveSecret(seed: string, purpose: string): string {
  return createHash("sha256")
    .update(`wecom-policy sandbox:${seed}:${purpose}`)
    .digest("base64url")
    .slice(0, 43);
}
