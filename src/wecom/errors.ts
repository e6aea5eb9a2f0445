/**
 * The client's error types. They carry data (errcode, endpoint, principal) so callers branch on fields,
 * never on message text. No message ever contains a URL (the token travels in the query string), a
 * token or a secret.
 */
import { ENDPOINTS, type EndpointName } from "./wire";
import type { CredentialRef } from "./principals";

/** Meaning of the errcodes the client may surface (wecom-api.md §7.1, path/90313). */
export const ERRCODE_MEANING: Readonly<Record<number, string>> = {
  [-1]: "system busy",
  0: "ok",
  40001: "invalid secret",
  40003: "invalid UserID",
  40013: "invalid CorpID",
  40014: "invalid access_token",
  40031: "invalid UserID list",
  40032: "invalid UserID list length",
  40035: "invalid parameter",
  40056: "invalid agentid",
  40058: "invalid parameter",
  40066: "invalid department list",
  40068: "invalid tagid",
  40070: "all specified tag members invalid",
  40071: "tag name already exists",
  40094: "invalid URL",
  41001: "access_token missing",
  41002: "corpid missing",
  41004: "secret missing",
  41009: "userid missing",
  42001: "access_token expired",
  45004: "invalid description length",
  45009: "API call frequency exceeded",
  45022: "invalid name length",
  45024: "account count limit reached",
  45026: "deletion protection triggered",
  45033: "concurrent-call limit exceeded",
  46004: "user does not exist",
  48002: "API not permitted for this credential",
  48005: "API deprecated",
  50002: "member outside permission scope",
  50003: "app disabled",
  60001: "invalid department name length",
  60003: "department not found",
  60004: "parent department not found",
  60005: "department has members",
  60006: "department has sub-departments",
  60007: "root department cannot be deleted",
  60008: "department already exists",
  60010: "department cycle",
  60011: "no privilege on the member/department/tag",
  60012: "default app cannot be deleted",
  60020: "caller IP not in the trusted-IP list",
  60102: "userid already exists",
  60103: "invalid mobile",
  60104: "mobile already exists",
  60105: "invalid email",
  60106: "email already exists",
  60110: "too many departments for one member",
  60111: "userid not found",
  60112: "invalid member name",
  60123: "invalid department id",
  60124: "invalid parent department id",
  60125: "invalid department name",
  60127: "department parameter missing",
  60129: "mobile and email both empty",
  81013: "all userids/departments/tags invalid or unauthorised",
  84061: "no external-contact relation",
  84074: "no external-contact permission",
  85005: "trusted domain not verified",
  301002: "no permission on the specified app",
  301005: "the corp creator cannot be deleted",
  301036: "userid of this member may not be updated",
  301052: "message-archive service expired",
};

/** `errcode` reported in `onCall` events for a call that got no WeCom response (not a WeCom code). */
export const ERRCODE_TRANSPORT = -2;

export function errcodeMeaning(errcode: number): string {
  return ERRCODE_MEANING[errcode] ?? "see https://developer.work.weixin.qq.com/devtool/query?e=" + errcode;
}

/** Base of every error this module throws. */
export class WecomError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * WeCom answered with a non-zero errcode. Message: `<path> failed: errcode N (<meaning>)[: detail]`.
 */
export class WecomApiError extends WecomError {
  readonly errcode: number;
  readonly endpoint: EndpointName;
  readonly path: string;
  /** Principal label: `contacts`, `archive` or `app:<agentid>`. */
  readonly principal: string;

  constructor(args: {
    errcode: number;
    endpoint: EndpointName;
    principal: string;
    detail?: string;
    meaning?: string;
  }) {
    const path = ENDPOINTS[args.endpoint].path;
    super(
      `${path} failed: errcode ${args.errcode} (${args.meaning ?? errcodeMeaning(args.errcode)})` +
        (args.detail ? `: ${args.detail}` : ""),
    );
    this.errcode = args.errcode;
    this.endpoint = args.endpoint;
    this.path = path;
    this.principal = args.principal;
  }
}

/** One batch of a tag membership change and what WeCom did with it. */
export interface TagBatchOutcome {
  readonly userIds: readonly string[];
  readonly partyIds: readonly number[];
  /** "all": every member applied; "partial": some rejected; "none": WeCom rejected the whole batch. */
  readonly applied: "all" | "partial" | "none";
  readonly invalidUserIds: readonly string[];
  readonly invalidPartyIds: readonly number[];
}

/**
 * A tag membership change that WeCom accepted only in part (errcode 0 with `invalidlist`/`invalidparty`,
 * or a whole batch refused with "all list invalid"). For a governance tool that is a failure: the role
 * does not hold the declared members. Every batch was sent; `batches` says what each one did.
 */
export class WecomPartialError extends WecomApiError {
  readonly invalidUserIds: string[];
  readonly invalidPartyIds: number[];
  readonly batches: readonly TagBatchOutcome[];

  constructor(args: {
    errcode: number;
    endpoint: EndpointName;
    principal: string;
    invalidUserIds: string[];
    invalidPartyIds: number[];
    batches: readonly TagBatchOutcome[];
  }) {
    const shown = (xs: readonly (string | number)[]): string =>
      xs.length <= 20 ? xs.join(", ") : `${xs.slice(0, 20).join(", ")} … (+${xs.length - 20})`;
    const parts: string[] = [];
    if (args.invalidUserIds.length > 0) parts.push(`invalid users: ${shown(args.invalidUserIds)}`);
    if (args.invalidPartyIds.length > 0) parts.push(`invalid departments: ${shown(args.invalidPartyIds)}`);
    const applied = args.batches.filter((b) => b.applied !== "none").length;
    super({
      errcode: args.errcode,
      endpoint: args.endpoint,
      principal: args.principal,
      ...(args.errcode === 0 && { meaning: "partial success" }),
      detail: `${parts.join("; ")} (${applied} of ${args.batches.length} batches applied at least in part)`,
    });
    this.invalidUserIds = args.invalidUserIds;
    this.invalidPartyIds = args.invalidPartyIds;
    this.batches = args.batches;
  }
}

/**
 * A credential is wrong (40001/40013 from WeCom, also 41002/41004) or not configured at all (`missing`,
 * thrown before any I/O with errcode 41002 for the corp id, 41004 for a secret). Fatal: retrying cannot help. The message names the
 * credential, its provider config key and where the WeCom admin console shows it.
 */
export class WecomCredentialError extends WecomApiError {
  readonly credential: CredentialRef;
  readonly missing: boolean;

  constructor(args: {
    errcode: number;
    endpoint: EndpointName;
    principal: string;
    credential: CredentialRef;
    missing: boolean;
    why?: string;
  }) {
    const c = args.credential;
    const what = args.missing
      ? `the ${c.name} is not configured${args.why ? ` (${args.why})` : ""}: add it as ${c.configKey}`
      : `WeCom rejected the ${c.name} (${c.configKey})`;
    super({
      errcode: args.errcode,
      endpoint: args.endpoint,
      principal: args.principal,
      detail: `${what}; WeCom shows it at ${c.consolePath}`,
    });
    this.credential = c;
    this.missing = args.missing;
  }
}

/** No usable WeCom response: network failure, timeout, non-200 HTTP status or a body that is not JSON. */
export class WecomTransportError extends WecomError {
  override readonly cause: unknown;
  readonly endpoint: EndpointName;

  constructor(args: { endpoint: EndpointName; cause: unknown; detail: string }) {
    super(`${ENDPOINTS[args.endpoint].path} failed: ${args.detail}`);
    this.cause = args.cause;
    this.endpoint = args.endpoint;
  }
}

/** A write endpoint was called on a read-only client. Thrown before any I/O. */
export class WecomReadOnlyError extends WecomError {
  readonly endpoint: EndpointName;

  constructor(endpoint: EndpointName) {
    super(`${ENDPOINTS[endpoint].path} refused: the WeCom client is read-only and this endpoint writes`);
    this.endpoint = endpoint;
  }
}
