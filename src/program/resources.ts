/**
 * The program's `wecom:index:*` resource classes. They are generated (src/generated/resources/program.ts)
 * from the same schemas as the provider's input types and the package schema, so the program cannot pass
 * a property the provider does not know. The engine carries them over gRPC to the provider process
 * (src/provider); the program never imports the provider.
 */
export {
  AppAccess,
  AppSettings,
  ArchiveScope,
  CheckinRule,
  CustomerHandover,
  InterceptRule,
  MemberStatus,
  Role,
  type Arg,
  type Args,
} from "../generated/resources/program";
