/**
 * The contract between the gRPC server (server.ts) and each resource module (resources/*.ts):
 * plain functions over plain values. The server owns the wire; a resource owns WeCom semantics.
 */
import type { ResourceToken } from "../generated/resources";
import type { WecomClient } from "../wecom";
import type { IntentJournal } from "./intents";
import type { PropertyMap } from "./props";

export interface CheckFailure {
  /** Property path, e.g. "members[2]". */
  property: string;
  reason: string;
}

export type DiffKind = "add" | "delete" | "update";

export interface DiffResult {
  changes: boolean;
  /** Property paths that changed, keyed to what happened; sets report one entry per element. */
  detailedDiff: Record<string, DiffKind>;
  replaces?: string[];
}

export interface ProviderContext {
  /** A WeCom client for the configured tenant. Throws a ConfigError when a needed secret is missing. */
  client(): WecomClient;
  /** Which secrets are configured (never their values): modules fail in `check` when theirs is missing. */
  configured(): {
    contacts: boolean;
    archive: boolean;
    /** The check-in app's secret (CheckinRule); absent in fakes written before issue 13. */
    checkin?: boolean;
    apps: readonly string[];
    securityAgentId?: number;
    customerAgentId?: number;
  };
  /** "Now" for time-based policies (leaver SLAs): WECOM_POLICY_NOW when set, else the clock. */
  now(): Date;
  /** The create-intent journal (src/provider/intents.ts); absent in unit tests that do not need it. */
  intents?: IntentJournal;
}

/**
 * What a module returns as state or inputs: its generated type (src/generated/resources, e.g. RoleState)
 * or a plain PropertyMap. Generated types are interfaces, which TypeScript does not treat as index
 * signatures, hence `object`.
 */
export type Props = object;

export interface ReadResult {
  id: string;
  /** Live state, same shape as create's outputs. */
  props: Props;
  /** Live state expressed as inputs, so `preview --refresh` shows drift against the program. */
  inputs: Props;
}

export interface ResourceModule {
  /** Type token, e.g. "wecom:index:Role": one of the package schema's (src/generated/resources). */
  readonly type: ResourceToken;
  check(
    news: PropertyMap,
    olds: PropertyMap,
    ctx: ProviderContext,
  ): { inputs: Props; failures: CheckFailure[] };
  /** olds = the resource's current state (outputs, refreshed when --refresh), news = desired inputs. */
  diff(id: string, olds: PropertyMap, news: PropertyMap): DiffResult;
  /**
   * With preview=true nothing may be written: return the outputs the create would produce. `urn` keys the
   * create intent that lets a re-run adopt what an interrupted run created (src/provider/intents.ts).
   */
  create(
    ctx: ProviderContext,
    inputs: PropertyMap,
    preview: boolean,
    urn?: string,
  ): Promise<{ id: string; outs: Props }>;
  /**
   * The live object; undefined when it no longer exists. `inputs` are the inputs last applied (empty on
   * import), so a module can express live state in the shape the program declares.
   */
  read(
    ctx: ProviderContext,
    id: string,
    state: PropertyMap,
    inputs: PropertyMap,
  ): Promise<ReadResult | undefined>;
  update(
    ctx: ProviderContext,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    preview: boolean,
  ): Promise<Props>;
  /** state = the resource's last outputs; oldInputs = the inputs it was last applied with. */
  delete(ctx: ProviderContext, id: string, state: PropertyMap, oldInputs: PropertyMap): Promise<void>;
}

/**
 * A create that wrote something to WeCom and then failed: the engine must record the object (so it is
 * not orphaned) and report the failure. Mapped to Pulumi's ErrorResourceInitFailed.
 */
export class PartialCreateError extends Error {
  constructor(
    readonly id: string,
    readonly outs: Props,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
    this.name = "PartialCreateError";
  }
}

/**
 * A field the WeCom API cannot write differs from the policy: the admin must change it by hand. The
 * message names the console path in Chinese and English (shared/reference/wecom-console.md).
 */
export class ConsoleOnlyError extends Error {
  override name = "ConsoleOnlyError";
}

/** Bad or missing provider configuration: a message for the user, never a stack trace. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
