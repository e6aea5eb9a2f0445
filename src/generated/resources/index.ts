/* eslint-disable */
/**
 * GENERATED from schemas/resources/*.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

import { APP_ACCESS } from "./app-access";
import type { AppAccessInputs, AppAccessState, VisibleRange, AppAdmin, AdminRights } from "./app-access";
import { APP_SETTINGS } from "./app-settings";
import type { AppSettingsInputs, AppSettingsState } from "./app-settings";
import { ARCHIVE_SCOPE } from "./archive-scope";
import type { ArchiveScopeInputs, ArchiveScopeState } from "./archive-scope";
import { CHECKIN_RULE } from "./checkin-rule";
import type {
  CheckinRuleInputs,
  CheckinRuleState,
  CheckinShift,
  CheckinGeofence,
  CheckinWifi,
} from "./checkin-rule";
import { CUSTOMER_HANDOVER } from "./customer-handover";
import type { CustomerHandoverInputs, CustomerHandoverState, Takeover } from "./customer-handover";
import { INTERCEPT_RULE } from "./intercept-rule";
import type { InterceptRuleInputs, InterceptRuleState } from "./intercept-rule";
import { MEMBER_STATUS } from "./member-status";
import type { MemberStatusInputs, MemberStatusState, Leaver } from "./member-status";
import { ROLE } from "./role";
import type { RoleInputs, RoleState } from "./role";

export type {
  AppAccessInputs,
  AppAccessState,
  VisibleRange,
  AppAdmin,
  AdminRights,
  AppSettingsInputs,
  AppSettingsState,
  ArchiveScopeInputs,
  ArchiveScopeState,
  CheckinRuleInputs,
  CheckinRuleState,
  CheckinShift,
  CheckinGeofence,
  CheckinWifi,
  CustomerHandoverInputs,
  CustomerHandoverState,
  Takeover,
  InterceptRuleInputs,
  InterceptRuleState,
  MemberStatusInputs,
  MemberStatusState,
  Leaver,
  RoleInputs,
  RoleState,
};

/** Every resource type of the wecom package, by name. */
export const RESOURCE_TYPES = {
  AppAccess: APP_ACCESS,
  AppSettings: APP_SETTINGS,
  ArchiveScope: ARCHIVE_SCOPE,
  CheckinRule: CHECKIN_RULE,
  CustomerHandover: CUSTOMER_HANDOVER,
  InterceptRule: INTERCEPT_RULE,
  MemberStatus: MEMBER_STATUS,
  Role: ROLE,
} as const;

export type ResourceTypeName = keyof typeof RESOURCE_TYPES;
export type ResourceToken = (typeof RESOURCE_TYPES)[ResourceTypeName]["token"];

/** Each resource type's inputs, by name. */
export interface ResourceInputs {
  AppAccess: AppAccessInputs;
  AppSettings: AppSettingsInputs;
  ArchiveScope: ArchiveScopeInputs;
  CheckinRule: CheckinRuleInputs;
  CustomerHandover: CustomerHandoverInputs;
  InterceptRule: InterceptRuleInputs;
  MemberStatus: MemberStatusInputs;
  Role: RoleInputs;
}

/** Each resource type's state (outputs), by name. */
export interface ResourceStates {
  AppAccess: AppAccessState;
  AppSettings: AppSettingsState;
  ArchiveScope: ArchiveScopeState;
  CheckinRule: CheckinRuleState;
  CustomerHandover: CustomerHandoverState;
  InterceptRule: InterceptRuleState;
  MemberStatus: MemberStatusState;
  Role: RoleState;
}
