/**
 * Thin resource classes for the `wecom:index:*` types. The program declares them; the Pulumi engine
 * carries them over gRPC to the provider process (src/provider). The program never imports the provider.
 */
import * as pulumi from "@pulumi/pulumi";

export interface RoleArgs {
  /** The WeCom tag name. */
  name: pulumi.Input<string>;
  /** Member userids; a set — order does not matter. */
  members: pulumi.Input<pulumi.Input<string>[]>;
  /** Department ids whose members hold the role. */
  departments?: pulumi.Input<pulumi.Input<number>[]>;
}

export class Role extends pulumi.CustomResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly members: pulumi.Output<string[]>;
  declare readonly departments: pulumi.Output<number[]>;
  /** WeCom tagid, assigned by WeCom. */
  declare readonly tagId: pulumi.Output<number>;

  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    super("wecom:index:Role", name, { departments: [], ...args, tagId: undefined }, opts);
  }
}

export interface AppSettingsArgs {
  agentId: pulumi.Input<number>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** off | on-enter (WeCom's API cannot read or write continuous reporting). */
  locationMode?: pulumi.Input<"off" | "on-enter">;
  reportEnter?: pulumi.Input<boolean>;
  redirectDomain?: pulumi.Input<string>;
  homeUrl?: pulumi.Input<string>;
}

/** An app's API-writable settings. Adopted (apps cannot be created by API); deleting it forgets the app. */
export class AppSettings extends pulumi.CustomResource {
  declare readonly agentId: pulumi.Output<number>;
  declare readonly closed: pulumi.Output<boolean>;
  constructor(name: string, args: AppSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super("wecom:index:AppSettings", name, { ...args, closed: undefined }, opts);
  }
}

export interface AppAccessArgs {
  agentId: pulumi.Input<number>;
  visibleRange: pulumi.Input<{
    users: pulumi.Input<pulumi.Input<string>[]>;
    departments: pulumi.Input<pulumi.Input<number>[]>;
    tags: pulumi.Input<pulumi.Input<number>[]>;
  }>;
  admins: pulumi.Input<pulumi.Input<{ userId: string; authType: "manage" | "message" }>[]>;
}

/** An app's visible range and admins. Observed: no API writes them; `up` names the console path. */
export class AppAccess extends pulumi.CustomResource {
  constructor(name: string, args: AppAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super("wecom:index:AppAccess", name, { ...args }, opts);
  }
}

export interface MemberStatusArgs {
  /** Every userid in the HR roster. */
  roster: pulumi.Input<string[]>;
  leavers: pulumi.Input<{ userId: string; leaveDate: string }[]>;
  disableWithinHours: pulumi.Input<number>;
  deleteAfterDays?: pulumi.Input<number>;
}

/** Leavers disabled (and, with deleteAfterDays, deleted); members missing from the roster reported. */
export class MemberStatus extends pulumi.CustomResource {
  declare readonly disabled: pulumi.Output<string[]>;
  declare readonly overdue: pulumi.Output<string[]>;
  declare readonly unrostered: pulumi.Output<string[]>;
  constructor(name: string, args: MemberStatusArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "wecom:index:MemberStatus",
      name,
      { ...args, disabled: undefined, deleted: undefined, overdue: undefined, unrostered: undefined },
      opts,
    );
  }
}

/** Who has message archiving on. Observed: set only in the console. */
export class ArchiveScope extends pulumi.CustomResource {
  constructor(name: string, args: { members: pulumi.Input<string[]> }, opts?: pulumi.CustomResourceOptions) {
    super("wecom:index:ArchiveScope", name, { ...args }, opts);
  }
}

export interface CustomerHandoverArgs {
  takeovers: pulumi.Input<{ handoverUserId: string; takeoverUserId: string }[]>;
}

/** Departed members' customers handed over to a declared colleague. */
export class CustomerHandover extends pulumi.CustomResource {
  declare readonly pending: pulumi.Output<string[]>;
  declare readonly undeclared: pulumi.Output<string[]>;
  constructor(name: string, args: CustomerHandoverArgs, opts?: pulumi.CustomResourceOptions) {
    super("wecom:index:CustomerHandover", name, { ...args, pending: undefined, undeclared: undefined }, opts);
  }
}
