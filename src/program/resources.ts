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
