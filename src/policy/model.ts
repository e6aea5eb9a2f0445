/**
 * The normalised policy model: what the rules engine (src/rules) and the Pulumi program (src/program)
 * consume. camelCase, references resolved and checked, no YAML or CSV details. The loader
 * (./load.ts) builds it from policies/*.yaml only when every file is valid, so consumers never
 * re-validate: every userid named here is in the HR roster, every department in tenant.yaml, every
 * consent purpose in consent.yaml, every record id in records.yaml, every app key in apps.yaml.
 *
 * Each entity carries `source`, a {@link SourceRef} (`"roles.yaml#/roles/finance-approvers"`). Append a
 * JSON pointer suffix to name a field (`${role.source}/members/2`) and pass it to
 * `PolicySources.locate` to report a finding as file:line:column.
 */
import type { AdminRights } from "../generated/resources";

/** A calendar date, `YYYY-MM-DD` (dates in policies are China Standard Time calendar days). */
export type IsoDate = string;

/** `<file>#<JSON pointer>`, e.g. `roles.yaml#/roles/finance-approvers/members/2`. */
export type SourceRef = string;

import type { Bilingual } from "../text";
/** @deprecated Import `Bilingual` from src/text (its one home); this re-export keeps older imports compiling. */
export type { Bilingual };

// ---------------------------------------------------------------------------------------------------
// tenant.yaml

export interface Department {
  /** WeCom department id (1 is the root). */
  id: number;
  name: string;
  nameEn?: string;
  /** Parent department id; 0 for the root. */
  parentId: number;
  source: SourceRef;
}

/** 个人信息保护负责人 (PIPL Art. 52). */
export interface PiOfficer {
  /** A roster userid when the officer is an employee. */
  userId?: string;
  name: string;
  email?: string;
  phone?: string;
  source: SourceRef;
}

/** Counted from 1 January of the current year (XBP counts this way). */
export interface DataVolumes {
  /** People whose (non-sensitive) personal information the company handles. */
  personalInfoPeople: number;
  /** People whose sensitive personal information the company handles. */
  sensitiveInfoPeople: number;
  /** Whether the company handles data identified as important data (DSL Art. 21). */
  importantData: boolean;
  countedOn: IsoDate;
  source: SourceRef;
}

/**
 * PIPL Art. 40 leaves the storage threshold to the CAC; none has been published, so the policy
 * states the threshold it applies (WC.XB.3).
 */
export interface StorageThreshold {
  /** In-country storage applies at or above this many people. */
  people: number;
  /** Why this number (free text, e.g. "XBP Art. 7 security-assessment threshold, applied by analogy"). */
  basis: string;
  source: SourceRef;
}

export interface Tenant {
  name: string;
  nameEn?: string;
  /** WeCom corp id (not a secret). */
  corpId: string;
  city?: string;
  piOfficer?: PiOfficer;
  /** Critical information infrastructure operator (关键信息基础设施运营者). */
  ciiOperator: boolean;
  dataVolumes: DataVolumes;
  storageThreshold: StorageThreshold;
  /** PIPL Art. 54 compliance audit interval (WC.GOV.4). */
  complianceAuditIntervalDays?: number;
  /** Blast-radius limits per run (defaults applied). */
  changeLimits: ChangeLimits;
  departments: Department[];
  source: SourceRef;
}

/** What a removed role does to its tag: keep it in WeCom unmanaged, or tag/delete. */
export type RemovalAction = "release" | "delete";

/** The most destructive changes one `pulumi up` may make (tenant.yaml `change_limits`). */
export interface ChangeLimits {
  deleteRoles: number;
  disableMembers: number;
  deleteMembers: number;
  source: SourceRef;
}

/** Defaults when tenant.yaml says nothing: small enough that a slip in one pull request stays small. */
export const DEFAULT_CHANGE_LIMITS = { deleteRoles: 1, disableMembers: 10, deleteMembers: 5 } as const;

// ---------------------------------------------------------------------------------------------------
// roles.yaml

/** A WeCom tag used as a role. */
export interface Role {
  /** Stable policy key (Pulumi logical name). */
  key: string;
  tagName: string;
  /** Existing WeCom tag id to adopt (import); absent for a tag still to be created. */
  tagId?: number;
  /**
   * What happens to the tag once the role leaves roles.yaml; absent: the provider's default (release an
   * adopted tag, delete one the stack created).
   */
  onRemoval?: RemovalAction;
  purpose: string;
  /** Roster userid accountable for the role (WC.ACC.1). */
  owner: string;
  /** Roster userids, sorted, unique. */
  members: string[];
  /** Department ids, sorted, unique. */
  departments: number[];
  /** agentids of the apps this role grants, sorted, unique (resolved from app keys). */
  apps: number[];
  /** The app keys as written in roles.yaml, sorted (for messages; `apps` holds their agentids). */
  appKeys: string[];
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------
// apps.yaml

export const LOCATION_MODES = ["off", "on-enter", "continuous"] as const;
export type LocationMode = (typeof LOCATION_MODES)[number];

export interface AppLocation {
  /** off = 不上报; on-enter = 进入会话时上报 (report_location_flag 1); continuous = 持续上报. */
  mode: LocationMode;
  /** Why the app needs location (WC.LOC.1). Required by the schema when mode ≠ off. */
  purpose?: string;
  /** Key of the consent purpose in consent.yaml covering this collection. */
  consentPurpose?: string;
  /** Id of the PIA in records.yaml (WC.LOC.2). */
  piaRecord?: string;
  /** Date the current mode took or takes effect; the PIA must be dated before it (WC.LOC.2). */
  since?: IsoDate;
  source: SourceRef;
}

export interface VisibleRange {
  users: string[];
  departments: number[];
  /** WeCom tag ids (unmanaged tags). */
  tags: number[];
  /** Keys of roles in roles.yaml whose tags are in the range (their tag ids are known only live). */
  roles: string[];
  source: SourceRef;
}

/** An app admin's rights, "manage" or "message", one representation from policy to wire (src/wecom maps it). */
export type AppAdminAuthType = AdminRights;

export interface AppAdmin {
  userId: string;
  authType: AppAdminAuthType;
  source: SourceRef;
}

export interface App {
  key: string;
  agentId: number;
  name?: string;
  description?: string;
  location: AppLocation;
  reportEnter: boolean;
  /** Trusted redirect domain (可信域名), a bare host. */
  redirectDomain?: string;
  homeUrl?: string;
  /** The app touches sensitive personal information (WC.ACC.2 looks harder at its admins). */
  sensitiveData: boolean;
  /** Upper bound on the number of admins (WC.ACC.2). */
  maxAdmins?: number;
  visibleRange: VisibleRange;
  /** Declared admins, sorted by userId. */
  admins: AppAdmin[];
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------
// archive.yaml

export const ARCHIVE_LEGAL_BASES = ["consent", "hr-management"] as const;
export type ArchiveLegalBasis = (typeof ARCHIVE_LEGAL_BASES)[number];

export interface Archive {
  /** Whether 会话内容存档 is on for anyone. */
  enabled: boolean;
  /** Members whose chats are archived, sorted, unique. */
  members: string[];
  purpose?: string;
  legalBasis?: ArchiveLegalBasis;
  /** Consent purpose key, when the basis is consent (WC.ARC.1). */
  consentPurpose?: string;
  /** PIA record id (WC.ARC.3). */
  piaRecord?: string;
  /** LCL Art. 4 consultation record id, when the basis is HR management (WC.ARC.1). */
  consultationRecord?: string;
  /** How long archived chats are kept (WC.ARC.4). */
  retentionDays?: number;
  /** Where archived chats are stored (WC.XB.3). */
  storageRegion?: StorageRegion;
  /** Whether chats with external contacts (customers) are archived too (WC.ARC.5). */
  includesExternalContacts: boolean;
  since?: IsoDate;
  source: SourceRef;
}

/** `cn-mainland` = stored in mainland China; anything else is outside. */
export const STORAGE_REGIONS = ["cn-mainland", "hk", "overseas"] as const;
export type StorageRegion = (typeof STORAGE_REGIONS)[number];

// ---------------------------------------------------------------------------------------------------
// consent.yaml

export interface ConsentPurpose {
  key: string;
  title: Bilingual;
  /** What the person agrees to. */
  description: string;
  /** Sensitive personal information (PIPL Art. 28), e.g. 行踪轨迹. */
  sensitive: boolean;
  /** Separate consent (单独同意, PIPL Art. 29/39) rather than bundled consent. */
  separateConsent: boolean;
  /** Version of the notice shown when consent is asked (PIPL Art. 17). */
  noticeVersion: string;
  /** Why the processing is necessary (PIPL Art. 30, required for sensitive PI). */
  necessity?: string;
  /** Impact on the person (PIPL Art. 30, required for sensitive PI). */
  impact?: string;
  /** Longest retention the purpose allows, in days (WC.ARC.4). */
  maxRetentionDays?: number;
  source: SourceRef;
}

/** One ledger row: a person's consent to one purpose. */
export interface ConsentEntry {
  userId: string;
  purpose: string;
  given: IsoDate;
  withdrawn?: IsoDate;
  /** Where the signed consent lives (e-sign id, form number). */
  evidence?: string;
  source: SourceRef;
}

/**
 * The consent ledger, sized for 100k+ rows: entries in file order plus indexes built once by the
 * loader. Use {@link ConsentLedger.status} rather than scanning.
 */
export interface ConsentLedger {
  entries: readonly ConsentEntry[];
  /** purpose → userId → that person's rows for the purpose, in file order. */
  byPurpose: ReadonlyMap<string, ReadonlyMap<string, readonly ConsentEntry[]>>;
  /**
   * Whether `userId` holds a consent for `purpose` on `date`: some row has given ≤ date and no
   * withdrawal on or before date. Returns the row that makes it valid, or undefined.
   */
  validOn(userId: string, purpose: string, date: IsoDate): ConsentEntry | undefined;
}

// ---------------------------------------------------------------------------------------------------
// retention.yaml

export interface Retention {
  /** Longest time archived chats may be kept (WC.ARC.4). */
  chatArchive: { maxDays: number; source: SourceRef };
  /** CSL Art. 23(3): ≥ 6 months, checked as ≥ 184 days (WC.LOG.1). */
  adminLogs: { minDays: number; source: SourceRef };
  memberLogs: { minDays: number; source: SourceRef };
  /** The local log archive written by `wecom-policy logs sync` (WC.LOG.1, WC.XB.3). */
  logExport: { storageRegion: StorageRegion; maxSyncAgeDays: number; source: SourceRef };
  leavers: {
    /** A leaver must be disabled within this many hours after the leave date (WC.LVR.1). */
    disableWithinHours: number;
    /** Customers reassigned within this many days (WC.LVR.2). */
    transferCustomersWithinDays: number;
    /** Leaver accounts and data deleted after this many days (WC.LVR.3). */
    deleteAfterDays: number;
    source: SourceRef;
  };
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------
// people.yaml + roster CSV

export type PersonStatus = "active" | "left";

export interface Person {
  userId: string;
  name?: string;
  /** Main department id. */
  department?: number;
  status: PersonStatus;
  /** Required when status is `left`. */
  leaveDate?: IsoDate;
  /** For a leaver: the active member who takes over their customers (CustomerHandover). */
  customerTakeover?: string;
  /** `people.csv#/rows/<index>`; locate() gives the CSV line. */
  source: SourceRef;
}

export interface People {
  /** The roster file, relative to the policies directory. */
  rosterFile: string;
  /** Free-text description of where the roster comes from (HR system, export schedule). */
  origin?: string;
  members: readonly Person[];
  byId: ReadonlyMap<string, Person>;
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------
// crossborder.yaml

export const TRANSFER_MECHANISMS = [
  "security-assessment",
  "standard-contract",
  "certification",
  "hr-exemption",
  "contract-exemption",
  "emergency-exemption",
] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

export const TRANSFER_LEGAL_BASES = ["consent", "hr-management", "contract"] as const;
export type TransferLegalBasis = (typeof TRANSFER_LEGAL_BASES)[number];

export interface TransferRecipient {
  key: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  purpose: string;
  /** Categories of personal information sent. */
  categories: string[];
  /** Whether any category is sensitive personal information. */
  sensitive: boolean;
  mechanism: TransferMechanism;
  /** Filing number, contract id or the exemption relied on (WC.XB.1). */
  reference: string;
  legalBasis: TransferLegalBasis;
  /** PIPL Art. 39 notice version. */
  noticeVersion?: string;
  /** Separate-consent purpose, when the basis is consent. */
  consentPurpose?: string;
  piaRecord?: string;
  /** Hosts that receive the data (they count as approved for WC.XB.2). */
  domains: string[];
  /** People whose data is sent, counted from 1 January. */
  peopleCount?: number;
  source: SourceRef;
}

export interface CrossBorder {
  /** Approved domains; a host matches a domain when equal to it or a subdomain of it (WC.XB.2). */
  approvedDomains: string[];
  recipients: TransferRecipient[];
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------
// records.yaml

export interface PiaRecord {
  id: string;
  title: string;
  /** What was assessed, as policy references: `app:<key>`, `archive`, `crossborder:<key>`, or free text. */
  covers: string[];
  /** Date the assessment was completed. */
  date: IsoDate;
  /** Kept at least until (PIPL Art. 56: ≥ 3 years; WC.LOC.2). */
  keepUntil: IsoDate;
  owner: string;
  /** Where the document lives. */
  document?: string;
  source: SourceRef;
}

export const CONSULTATION_BODIES = [
  "employee-congress",
  "all-staff",
  "union",
  "staff-representatives",
] as const;
export type ConsultationBody = (typeof CONSULTATION_BODIES)[number];

/** LCL Art. 4: rules discussed, settled by consultation, and published. */
export interface ConsultationRecord {
  id: string;
  title: string;
  /** The rule consulted on (e.g. "员工手册 第7章 信息系统使用"). */
  rule: string;
  discussedBy: ConsultationBody;
  /** Date the rule was settled by equal consultation with the union / staff representatives. */
  settledOn: IsoDate;
  /** Date the rule was published or notified to staff. */
  publishedOn: IsoDate;
  document?: string;
  source: SourceRef;
}

export interface IncidentContact {
  userId?: string;
  name: string;
  role: string;
  phone?: string;
  email?: string;
  source: SourceRef;
}

export interface IncidentDrill {
  date: IsoDate;
  scenario: string;
  report?: string;
  source: SourceRef;
}

export interface IncidentPlan {
  id: string;
  title: string;
  owner: string;
  approvedOn: IsoDate;
  contacts: IncidentContact[];
  /** Sorted by date, oldest first. */
  drills: IncidentDrill[];
  document?: string;
  source: SourceRef;
}

export interface Training {
  id: string;
  topic: string;
  date: IsoDate;
  /** Roster userids, sorted, unique. */
  attendees: string[];
  source: SourceRef;
}

export interface Records {
  pias: PiaRecord[];
  consultations: ConsultationRecord[];
  incidentPlan?: IncidentPlan;
  trainings: Training[];
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------
// waivers.yaml

export interface Waiver {
  id: string;
  /** Control id with version, e.g. `WC.LVR.2v1`. */
  control: string;
  /** The finding target it silences, as the rules engine names it: `member:<userid>`, `role:<key>`, `app:<agentid>`, … */
  target: string;
  reason: string;
  /** Roster userid accountable for the waiver. */
  owner: string;
  approvedBy?: string;
  /** Last day the waiver is in force (an expired waiver is a failure, WC.WVR.1). */
  expires: IsoDate;
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------

/**
 * Where each item of a list was written. The model's lists are sorted and de-duplicated (sets to WeCom),
 * so an item's index in the model is not its index in the file: a finding about one member must look up
 * where that member was written. List ref (`roles.yaml#/roles/finance-approvers/members`) → the item's
 * value as a string → the item's own ref (`…/members/3`, its first occurrence in the file).
 */
export type ItemSources = ReadonlyMap<SourceRef, ReadonlyMap<string, SourceRef>>;

/**
 * The ref of `value` in the list at `listRef` as the file wrote it; the list itself when the value is not
 * written there (it came from elsewhere, e.g. a department's members in a visible range).
 *
 * ```ts
 * itemRef(model, `${role.source}/members`, "fanbing") // "roles.yaml#/roles/finance-approvers/members/3"
 * ```
 */
export function itemRef(
  model: Pick<PolicyModel, "itemSources">,
  listRef: SourceRef,
  value: string | number,
): SourceRef {
  return model.itemSources.get(listRef)?.get(String(value)) ?? listRef;
}

/** Whether `value` is written in the list at `listRef`. */
export function hasItem(
  model: Pick<PolicyModel, "itemSources">,
  listRef: SourceRef,
  value: string | number,
): boolean {
  return model.itemSources.get(listRef)?.has(String(value)) ?? false;
}

/** Everything the policy files declare, normalised and cross-checked. */
// ---------------------------------------------------------------------------------------------------
// protection.yaml (optional: a missing file is an empty Protection)

/** WeCom's extra semantics of a chat intercept rule (semantics_list 1, 2, 3). */
export type InterceptSemantic = "phone" | "email" | "red_packet";

/** A chat intercept rule (管理聊天敏感词, official doc path/95130). */
export interface InterceptRulePolicy {
  /** Stable policy key (Pulumi logical name). */
  key: string;
  name: string;
  /** Existing WeCom rule_id to adopt. */
  ruleId?: string;
  onRemoval?: RemovalAction;
  /** Sorted, unique. */
  words: string[];
  /** Sorted, unique. */
  semantics: InterceptSemantic[];
  /** block = intercept_type 1 (warn and stop), warn = 2 (warn only). */
  action: "block" | "warn";
  /** Role keys as written, sorted, unique. */
  roles: string[];
  /** Department ids, sorted, unique. */
  departments: number[];
  /** Userids listed directly, sorted, unique. */
  members: string[];
  /** Every userid the rule covers: `members` plus the roles' members, sorted, unique (WeCom's user_list). */
  userIds: string[];
  purpose: string;
  source: SourceRef;
}

/** A role whose members reach sensitive data. */
export interface SensitiveRole {
  /** Key of the role in roles.yaml. */
  role: string;
  data: string;
  talksToCustomers: boolean;
  source: SourceRef;
}

/** A console-only protection attested by hand (WC.SEC.2). */
export interface Attestation {
  key: string;
  setting: string;
  expected: string;
  /** A key of CONSOLE (src/wecom/console-paths.ts); the loader checks it. */
  consolePath: string;
  attestedBy: string;
  attestedOn: IsoDate;
  intervalDays: number;
  evidence: {
    /** Relative to the policies directory. */
    file: string;
    /** As declared. */
    sha256: string;
    /** As read by the loader; null when the file could not be read (`missingReason` says why). */
    actualSha256: string | null;
    missingReason?: string;
  };
  source: SourceRef;
}

export interface Protection {
  interceptRules: InterceptRulePolicy[];
  sensitiveRoles: SensitiveRole[];
  attestations: Attestation[];
  /** False when protection.yaml does not exist. */
  declared: boolean;
}

// ---------------------------------------------------------------------------------------------------
// checkin.yaml (optional: a missing file declares no rule)

/** Days of the week in policy order; WeCom numbers them on the wire (src/wecom maps them). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A place where check-in counts (loc_infos). */
export interface CheckinGeofence {
  title: string;
  /** loc_detail */
  address?: string;
  /** Decimal degrees (WGS-84). */
  lat: number;
  lng: number;
  radiusM: number;
  source: SourceRef;
}

/** An office Wi-Fi access point (wifimac_infos). */
export interface CheckinWifi {
  name: string;
  /** Lowercase, colon-separated. */
  mac: string;
  source: SourceRef;
}

/** A check-in (打卡) rule (official doc path/98041). */
export interface CheckinRulePolicy {
  /** Stable policy key (Pulumi logical name). */
  key: string;
  name: string;
  /** Existing WeCom groupid to adopt. */
  groupId?: number;
  onRemoval?: RemovalAction;
  /** Role keys as written, sorted, unique. */
  roles: string[];
  /** Department ids, sorted, unique. */
  departments: number[];
  /** Userids listed directly, sorted, unique. */
  members: string[];
  /** `members` plus the roles' members, sorted, unique (WeCom's range.userid). */
  userIds: string[];
  /** Userids exempt from checking in (white_users), sorted, unique. */
  exemptMembers: string[];
  /** In week order, unique. */
  workdays: Weekday[];
  /** Shifts, `HH:MM`, as written. */
  times: { start: string; end: string }[];
  syncHolidays: boolean;
  geofences: CheckinGeofence[];
  wifi: CheckinWifi[];
  photoRequired: boolean;
  faceRecognition: {
    enabled: boolean;
    since?: IsoDate;
    /** PIA record id (WC.CHK.2). */
    pia?: string;
    /** Key of another rule without face recognition, for members who decline (WC.CHK.2). */
    alternativeRule?: string;
    source: SourceRef;
  };
  offWorkday: { allowed: boolean; reason?: string; source: SourceRef };
  purpose: string;
  necessity?: string;
  noticeVersion?: string;
  legalBasis: {
    /** LCL Art. 4 consultation record id: the HR basis (PIPL Art. 13(1)(2)). */
    hrRecord?: string;
    /** Consent purpose key in consent.yaml. */
    consentPurpose?: string;
    source: SourceRef;
  };
  retentionDays: number;
  source: SourceRef;
}

export interface Checkin {
  rules: CheckinRulePolicy[];
  /** False when checkin.yaml does not exist. */
  declared: boolean;
}

export interface PolicyModel {
  tenant: Tenant;
  roles: Role[];
  apps: App[];
  archive: Archive;
  consentPurposes: ConsentPurpose[];
  consentLedger: ConsentLedger;
  retention: Retention;
  people: People;
  crossBorder: CrossBorder;
  records: Records;
  waivers: Waiver[];
  protection: Protection;
  checkin: Checkin;
  /** Where each list item was written ({@link itemRef}). */
  itemSources: ItemSources;
}

/** A position in a policy file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  pointer: string;
}

/** Where every value of the loaded policies came from. */
export interface PolicySources {
  /** Absolute path of the policies directory. */
  dir: string;
  /** Files read, relative to `dir`, sorted. */
  files: readonly string[];
  /**
   * Resolve a {@link SourceRef} (`roles.yaml#/roles/x/members/2`) or a bare pointer whose first segment
   * names the file (`/roles/x` → roles.yaml, `/rows/3` needs the file) to a position. An unknown
   * pointer resolves to its nearest known ancestor, so a finding always has a position.
   */
  locate(pointerOrRef: string): SourceLocation;
}
