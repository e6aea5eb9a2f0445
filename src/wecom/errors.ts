/**
 * The client's error types. They carry data (errcode, endpoint, principal) so callers branch on fields,
 * never on message text. No message ever contains a request URL (the token travels in the query string),
 * a token or a secret; a network error names only the base URL it could not reach (wecom:baseUrl).
 */
import { ENDPOINTS, type EndpointName } from "./wire";
import type { CredentialRef } from "./principals";
import { errcodeAdvice, errcodeMeaning } from "./errcodes";

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
  /** Principal label: `contacts`, `archive`, `checkin` or `app:<agentid>`. */
  readonly principal: string;

  constructor(args: {
    errcode: number;
    endpoint: EndpointName;
    principal: string;
    detail?: string;
    meaning?: string;
  }) {
    const path = ENDPOINTS[args.endpoint].path;
    const advice = args.detail ? undefined : errcodeAdvice(args.errcode);
    super(
      `${path} failed: errcode ${args.errcode} (${args.meaning ?? errcodeMeaning(args.errcode)})` +
        (args.detail ? `: ${args.detail}` : "") +
        (advice ? ` — ${advice}` : ""),
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
      detail:
        `${parts.join("; ")} (${applied} of ${args.batches.length} batches applied at least in part) — these ` +
        "are not in WeCom's directory or not in the principal's range: check people.csv, then `pulumi up` again",
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

/**
 * Why no usable WeCom answer arrived. `redirect` and `too-large` are never retried: the server answered,
 * and following or reading further is exactly what must not happen.
 */
export type TransportFailure =
  "network" | "timeout" | "deadline" | "status" | "redirect" | "too-large" | "not-json" | "read-back";

/**
 * No usable WeCom response: network failure, timeout, the operation's deadline, a non-200 HTTP status, a
 * redirect (never followed), a body over the size cap, or a body that is not JSON.
 */
export class WecomTransportError extends WecomError {
  override readonly cause: unknown;
  readonly endpoint: EndpointName;
  readonly reason: TransportFailure;

  constructor(args: { endpoint: EndpointName; cause: unknown; detail: string; reason?: TransportFailure }) {
    super(`${ENDPOINTS[args.endpoint].path} failed: ${args.detail}`);
    this.cause = args.cause;
    this.endpoint = args.endpoint;
    this.reason = args.reason ?? "network";
  }
}

/**
 * WeCom (or whatever answers at the base URL) sent JSON that does not have the endpoint's documented
 * shape: a non-numeric errcode, or a success without a field the client needs (shapes.ts). Nothing is
 * taken from such an answer; a write that got one may have been applied.
 */
export class WecomShapeError extends WecomError {
  readonly endpoint: EndpointName;
  readonly problems: readonly string[];

  constructor(args: { endpoint: EndpointName; problems: readonly string[] }) {
    const spec = ENDPOINTS[args.endpoint];
    const then = spec.write
      ? "the write may have been applied; `pulumi preview --refresh` shows what WeCom holds"
      : "nothing was taken from it";
    super(
      `${spec.path} failed: the answer does not have WeCom's shape: ${args.problems.join("; ")} — ${then}; ` +
        `if this is WeCom's own answer, report it with the endpoint (doc path/${spec.doc})`,
    );
    this.endpoint = args.endpoint;
    this.problems = args.problems;
  }
}

/**
 * WeCom answered a write with errcode 0, but reading the object back shows the write was not applied —
 * after every attempt the retry policy allows (issue 8: "inconsistent result after apply").
 */
export class WecomNotAppliedError extends WecomError {
  readonly endpoint: EndpointName;
  readonly attempts: number;
  readonly differs: string | undefined;

  constructor(args: { endpoint: EndpointName; attempts: number; differs: string | undefined }) {
    const path = ENDPOINTS[args.endpoint].path;
    const tries = `${args.attempts} attempt${args.attempts === 1 ? "" : "s"}`;
    super(
      `${path} failed: inconsistent result after apply — WeCom answered errcode 0 but the read-back shows the ` +
        `write was not applied${args.differs ? ` (${args.differs})` : ""}, after ${tries}. ` +
        "Run `pulumi preview --refresh` to see what WeCom holds, then `pulumi up` again; if it persists, the " +
        "object may belong to another principal (a tag can be changed only by the app or secret that created it)",
    );
    this.endpoint = args.endpoint;
    this.attempts = args.attempts;
    this.differs = args.differs;
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

/**
 * A write that was not started because the run is stopping: the engine sent Cancel or is gone (issue 8).
 * Nothing was sent; the next `pulumi up` reads the tenant and does what is still missing.
 */
export class WecomStoppedError extends WecomError {
  readonly endpoint: EndpointName;

  constructor(endpoint: EndpointName, reason: string) {
    super(
      `${ENDPOINTS[endpoint].path} not sent: ${reason}; no new write starts while the run stops / 运行正在停止，未发送新的写入`,
    );
    this.endpoint = endpoint;
  }
}
