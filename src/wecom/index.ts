/** WeCom API client: the only module that speaks HTTP to WeCom (DESIGN.md §2). */
export { WecomClient } from "./client";
export type { WecomClientOptions, WecomSecrets, WecomCallEvent } from "./options";
export {
  WecomError,
  WecomApiError,
  WecomPartialError,
  WecomCredentialError,
  WecomTransportError,
  WecomShapeError,
  WecomNotAppliedError,
  type TransportFailure,
  WecomReadOnlyError,
  WecomStoppedError,
  type TagBatchOutcome,
} from "./errors";
export {
  ERRCODE,
  ERRCODES,
  ERRCODE_ADVICE,
  ERRCODE_TRANSPORT,
  errcodeAdvice,
  errcodeMeaning,
  type ErrcodeName,
} from "./errcodes";
export { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from "./retry";
export {
  DEFAULT_PACE_POLICY,
  listenToPacing,
  type PacePolicy,
  type PaceListener,
  type PaceWaitEvent,
} from "./pacing";
export {
  BUDGET_SOCKET_ENV,
  budgetSocketForChildren,
  startBudgetCoordinator,
  type BudgetCoordinator,
} from "./budget-share";
export { principalLabel, credentialOf, type CredentialRef, type PrincipalRef } from "./principals";
export type * from "./types";
export type { EndpointName } from "./wire";
export { INTERCEPT_RULE_LIMITS } from "./wire";
export { interceptRuleGone } from "./intercept-rules";
export {
  CheckinRulesApi,
  checkinPatchPending,
  checkinRuleFromWire,
  checkinSettingsToWire,
  type CheckinArrayField,
  type CheckinDate,
  type CheckinGroupType,
  type CheckinLocation,
  type CheckinRange,
  type CheckinRule,
  type CheckinRulePatch,
  type CheckinRuleSettings,
  type CheckinTime,
  type CheckinWifi,
  type CheckinWriteOptions,
  type NewCheckinRule,
} from "./checkin-rules";

export { BULK_REFUSED, type MemberDetailsRead, type MemberDetailsOptions } from "./member-details";
export type { MembersRead, MemberWritesOutcome, MemberWritesVerified } from "./member-bulk";
