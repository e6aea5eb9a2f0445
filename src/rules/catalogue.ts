/**
 * The legal controls catalogue: /work/shared/LEGAL.md as data. Ids are stable and versioned
 * (`WC.LOC.1v1`); bump the suffix when a control's meaning changes (e.g. the 184-day rule of
 * WC.LOG.1 — LEGAL.md: "changing the threshold would change the control's meaning").
 *
 * The same entries feed the preview gate, drift reports, the HTML audit report and docs/controls.md.
 */
import type { ResourceStates, ResourceTypeName } from "../generated/resources";
import { ref, type LawRef } from "./law";
import { zh, type Bilingual, type Severity } from "../text";
import { CONSOLE } from "../wecom/console-paths";

export const CONTROL_IDS = [
  "WC.LOC.1v1",
  "WC.LOC.2v1",
  "WC.LOC.3v1",
  "WC.ARC.1v1",
  "WC.ARC.2v1",
  "WC.ARC.3v1",
  "WC.ARC.4v1",
  "WC.ARC.5v1",
  "WC.LOG.1v1",
  "WC.ACC.1v1",
  "WC.ACC.2v1",
  "WC.ACC.3v1",
  "WC.LVR.1v1",
  "WC.LVR.2v1",
  "WC.LVR.3v1",
  "WC.XB.1v1",
  "WC.XB.2v1",
  "WC.XB.3v1",
  "WC.GOV.1v1",
  "WC.GOV.2v1",
  "WC.GOV.3v1",
  "WC.GOV.4v1",
  "WC.SEC.1v1",
  "WC.SEC.2v1",
  "WC.CHK.1v1",
  "WC.CHK.2v1",
  "WC.CHK.3v1",
  "WC.WVR.1v1",
] as const;

export type ControlId = (typeof CONTROL_IDS)[number];

/** Severity words and the list live in src/text (one home for report words). */
export { SEVERITIES, type Severity } from "../text";

/** "declared" runs on policy files alone (validate, every preview); "live" needs the tenant (drift, report). */
export const CONTROL_KINDS = ["declared", "live", "declared+live"] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

export const CONTROL_FAMILIES = [
  "LOC",
  "ARC",
  "LOG",
  "ACC",
  "LVR",
  "XB",
  "GOV",
  "SEC",
  "CHK",
  "WVR",
] as const;
export type ControlFamily = (typeof CONTROL_FAMILIES)[number];

/** What each family (the area in a control id, `WC.<AREA>.n`) is about: reports group controls by it. */
export const FAMILY_NAMES: Readonly<Record<ControlFamily, Bilingual>> = {
  LOC: { zh: "位置信息", en: "Location" },
  ARC: { zh: "会话存档", en: "Chat archive" },
  LOG: { zh: "操作日志", en: "Operation logs" },
  ACC: { zh: "访问权限", en: "Access" },
  LVR: { zh: "离职人员", en: "Leavers" },
  XB: { zh: "跨境与存储", en: "Cross-border & storage" },
  GOV: { zh: "合规治理", en: "Governance" },
  SEC: { zh: "商业秘密与敏感数据", en: "Trade secrets & sensitive data" },
  CHK: { zh: "考勤打卡", en: "Check-in" },
  WVR: { zh: "豁免", en: "Waivers" },
};

/** The area of a control id: `WC.ARC.2v1` → `ARC`; undefined when the id is not shaped like one. */
export function familyOf(id: string): string | undefined {
  return /^WC\.([A-Z]+)\.\d+/.exec(id)?.[1];
}

/**
 * When a watched property's drift cites the control: always, only when the member the item names has
 * left by the roster (a leaver in a role is WC.ACC.1; anyone else is a plain membership change), or only
 * when the app reports location (who can open such an app is who is tracked).
 */
export const WATCH_CONDITIONS = ["always", "member-has-left", "app-reports-location"] as const;
export type WatchCondition = (typeof WATCH_CONDITIONS)[number];

/** A resource property whose drift the control is about: drift cites the control on items there. */
export type Watch = {
  [T in ResourceTypeName]: {
    readonly resource: T;
    /** A top-level state property; absent: any property, and the resource appearing or disappearing. */
    readonly property?: Extract<keyof ResourceStates[T], string>;
    readonly when?: WatchCondition;
  };
}[ResourceTypeName];

export interface Control {
  readonly id: ControlId;
  readonly family: ControlFamily;
  readonly severity: Severity;
  readonly kind: ControlKind;
  /** Empty for internal controls that rest on no article (WC.WVR.1). */
  readonly articles: readonly LawRef[];
  readonly title: Bilingual;
  /** What the control checks and why, one paragraph. */
  readonly description: Bilingual;
  /** How the policy files satisfy it (docs/controls.md "how the policy satisfies it"). */
  readonly satisfiedBy: Bilingual;
  /** What to do when it fails; live controls name the console path (reference/wecom-console.md). */
  readonly remediation: Bilingual;
  /** Which resource properties the control watches (`wecom-policy drift` cites it on their drift). */
  readonly watches: readonly Watch[];
}

const PIPL = (article: number, opts?: { paragraph?: number; item?: number }): LawRef =>
  ref("PIPL", article, opts);

// Console paths come from the one table (src/wecom/console-paths.ts); a test checks that every path and
// command a remediation names exists.
export const CONTROLS: readonly Control[] = [
  {
    id: "WC.LOC.1v1",
    family: "LOC",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(13), PIPL(14), PIPL(17), PIPL(28), PIPL(29), PIPL(30)],
    title: {
      zh: "位置上报须有目的、告知和单独同意",
      en: "Location reporting has a purpose, a notice and separate consent",
    },
    description: {
      zh: "开启位置上报（进入应用时上报或持续上报）的应用收集成员的行踪轨迹，属于第二十八条所列敏感个人信息。应用须声明特定目的（第二十八条）；以同意为依据（第十三条），同意须在充分告知、对应一个告知版本的前提下作出（第十四条、第十七条）；同意目的须标记为敏感并取得单独同意（第二十九条），且告知处理的必要性和对个人权益的影响（第三十条）。",
      en: "An app with location reporting on (on entering the app, or continuously) collects members' whereabouts (行踪轨迹), which PIPL Art. 28 lists as sensitive personal information. The app must name a specific purpose (Art. 28) and rest on consent (Art. 13) given with full notice under a versioned notice text (Arts. 14, 17); the consent purpose must be marked sensitive and require separate consent (Art. 29), and must state why the processing is necessary and its impact on the individual (Art. 30).",
    },
    satisfiedBy: {
      zh: "apps.yaml 中该应用的位置上报写明目的和同意目的；consent.yaml 中该同意目的标记为敏感、需单独同意，并有告知版本、必要性和影响说明。",
      en: "apps.yaml gives the app's location reporting a purpose and a consent purpose; consent.yaml marks that purpose sensitive and separate-consent, with a notice version and the necessity and impact statements.",
    },
    remediation: {
      zh: "在 apps.yaml 为该应用填写位置上报目的和同意目的；在 consent.yaml 将该目的设为 sensitive: true、separate_consent: true，并填写告知版本、必要性和影响说明；或关闭位置上报。",
      en: "In apps.yaml give the app's location reporting a purpose and a consent purpose; in consent.yaml make that purpose sensitive with separate consent, a notice version, and the necessity and impact statements — or turn location reporting off.",
    },
    watches: [{ resource: "AppSettings", property: "locationMode" }],
  },
  {
    id: "WC.LOC.2v1",
    family: "LOC",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(55), PIPL(56)],
    title: {
      zh: "位置上报须先做个人信息保护影响评估",
      en: "Location reporting needs a prior PI impact assessment",
    },
    description: {
      zh: "处理敏感个人信息前须进行个人信息保护影响评估并记录（第五十五条），评估报告和处理情况记录至少保存三年（第五十六条）。开启位置上报的应用须有一条影响评估记录，其日期不晚于开启位置上报的日期，且声明的保存期不少于三年。",
      en: "Processing sensitive personal information requires a prior PI protection impact assessment (PIA) and a record of it (PIPL Art. 55); the report and the processing record are kept for at least three years (Art. 56). An app with location reporting on needs a PIA record dated no later than the day location reporting was turned on, kept for at least three years.",
    },
    satisfiedBy: {
      zh: "records.yaml 中有覆盖该应用位置上报的影响评估记录（日期、保存期 ≥ 3 年），apps.yaml 中该应用引用它。",
      en: "records.yaml holds a PIA covering the app's location reporting (date, retention ≥ 3 years) and apps.yaml refers to it.",
    },
    remediation: {
      zh: "在 records.yaml 登记影响评估（日期不晚于开启位置上报、保存至少三年）并在 apps.yaml 中引用；评估完成前不要开启位置上报。",
      en: "Record the PIA in records.yaml (dated no later than the switch-on, kept at least three years) and reference it from apps.yaml; do not turn location reporting on before the assessment is done.",
    },
    watches: [{ resource: "AppSettings", property: "locationMode" }],
  },
  {
    id: "WC.LOC.3v1",
    family: "LOC",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(29)],
    title: {
      zh: "可见范围内未同意位置上报的成员",
      en: "Members in range without location consent",
    },
    description: {
      zh: "位置属于敏感个人信息，须取得个人的单独同意（第二十九条）。列出开启位置上报的应用在租户中的实际可见范围内、没有有效（已给出且未撤回）位置同意的在职成员。",
      en: "Location is sensitive personal information and needs the individual's separate consent (PIPL Art. 29). Lists the enabled members inside the live visible range of an app with location reporting on who have no valid (given, not withdrawn) location consent.",
    },
    satisfiedBy: {
      zh: "consent.yaml 的同意台账覆盖应用可见范围内的所有成员。",
      en: "The consent ledger in consent.yaml covers every member in the app's visible range.",
    },
    remediation: {
      zh: zh`取得这些成员的单独同意并记入同意台账，或将其移出应用的可见范围：${CONSOLE.appVisibleRange.zh}。`,
      en: `Obtain these members' separate consent and record it in the ledger, or remove them from the app's visible range: ${CONSOLE.appVisibleRange.en}.`,
    },
    watches: [{ resource: "AppAccess", property: "visibleRange", when: "app-reports-location" }],
  },
  {
    id: "WC.ARC.1v1",
    family: "ARC",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(13), PIPL(14), ref("LCL", 4)],
    title: {
      zh: "会话内容存档须有合法性基础",
      en: "Message archiving has a legal basis",
    },
    description: {
      zh: "会话内容存档须有第十三条规定的处理依据：同意（第十三条第一款第（一）项，须声明同意目的，同意须符合第十四条），或按照依法制定的劳动规章制度实施人力资源管理所必需（第十三条第一款第（二）项），此时须有《劳动合同法》第四条规定的民主程序记录（职工代表大会或全体职工讨论、与工会或职工代表平等协商）和公示或告知记录。",
      en: "Message archiving needs a PIPL Art. 13 basis: consent (Art. 13(1)(1), with a declared consent purpose; consent must meet Art. 14), or necessity for HR management under lawfully made labour rules (Art. 13(1)(2)), which needs the LCL Art. 4 record: discussion by the employees' congress or all staff, equal consultation with the union or staff representatives, and publication or notification to staff.",
    },
    satisfiedBy: {
      zh: "archive.yaml 声明法律依据：consent 时引用 consent.yaml 中的同意目的；hr-management 时引用 records.yaml 中的劳动规章协商记录（含协商和公示日期）。",
      en: "archive.yaml declares the basis: for consent it names a consent purpose in consent.yaml; for HR management it names a labour-rules consultation record in records.yaml (with consultation and publication dates).",
    },
    remediation: {
      zh: "在 archive.yaml 填写 legal_basis 并引用已声明的同意目的，或引用含协商和公示日期的劳动规章协商记录。",
      en: "Set the legal basis in archive.yaml and reference a declared consent purpose, or a labour-rules consultation record with consultation and publication dates.",
    },
    watches: [],
  },
  {
    id: "WC.ARC.2v1",
    family: "ARC",
    severity: "mandatory",
    kind: "declared+live",
    articles: [PIPL(14), PIPL(15)],
    title: {
      zh: "存档范围内的每个成员都有有效同意",
      en: "Every archived member has a valid consent",
    },
    description: {
      zh: "租户实际存档范围（get_permit_user_list）内的每个成员，须有有效且未撤回的存档同意（第十四条；撤回见第十五条），除非存档以人力资源管理为依据且该成员在该依据覆盖范围内。撤回同意即须将成员移出存档范围，已存档数据按保存策略处理。",
      en: "Every member in the tenant's live archive scope (get_permit_user_list) has a valid consent to archiving that has not been withdrawn (PIPL Art. 14; withdrawal, Art. 15), unless archiving rests on the HR-management basis and that basis covers the member. Withdrawal means removing the member from the archive range; archived data then follows the retention policy.",
    },
    satisfiedBy: {
      zh: "consent.yaml 的同意台账中，每个存档成员都有该存档同意目的的同意记录且未撤回。",
      en: "The consent ledger has a given, unwithdrawn record of the archive consent purpose for every archived member.",
    },
    remediation: {
      zh: zh`取得该成员的同意并记入台账，或将其移出存档范围：${CONSOLE.archiveRange.zh}（接口只读）。`,
      en: `Record the member's consent in the ledger, or remove the member from the archive range: ${CONSOLE.archiveRange.en} (read-only in the API).`,
    },
    watches: [{ resource: "ArchiveScope", property: "members" }],
  },
  {
    id: "WC.ARC.3v1",
    family: "ARC",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(55)],
    title: {
      zh: "会话内容存档须有影响评估",
      en: "Message archiving needs a PI impact assessment",
    },
    description: {
      zh: "会话存档收集员工及外部联系人的通信内容，可能包含敏感个人信息，对个人权益有重大影响（第五十五条）。开启存档须有一条影响评估记录。",
      en: "Archiving collects the content of employees' and external contacts' communications, which can include sensitive personal information and significantly affects individuals (PIPL Art. 55). Archiving on requires a PIA record.",
    },
    satisfiedBy: {
      zh: "archive.yaml 引用 records.yaml 中的影响评估记录。",
      en: "archive.yaml references a PIA record in records.yaml.",
    },
    remediation: {
      zh: "在 records.yaml 登记会话存档的影响评估，并在 archive.yaml 中引用。",
      en: "Record a PIA for message archiving in records.yaml and reference it from archive.yaml.",
    },
    watches: [],
  },
  {
    id: "WC.ARC.4v1",
    family: "ARC",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(19)],
    title: {
      zh: "存档保存期限须声明且不超过上限",
      en: "Chat-archive retention is declared and within its maximum",
    },
    description: {
      zh: "个人信息的保存期限应当为实现处理目的所必要的最短时间（第十九条）。存档的保存天数须声明，且不长于保存策略为该数据类别声明的最长保存天数。",
      en: "Personal information is kept only for the shortest time needed for the purpose (PIPL Art. 19). The chat archive's retention must be declared and must not exceed the maximum retention declared for that data class.",
    },
    satisfiedBy: {
      zh: "archive.yaml 的保存天数不超过 retention.yaml 中会话存档类别的最长保存天数。",
      en: "archive.yaml's retention days are no more than the chat-archive maximum in retention.yaml.",
    },
    remediation: {
      zh: "在 archive.yaml 声明保存天数，并使其不超过 retention.yaml 中会话存档的最长保存天数（或缩短后重新评估目的）。",
      en: "Declare the retention days in archive.yaml, no more than the chat-archive maximum in retention.yaml (or shorten it and revisit the purpose).",
    },
    watches: [],
  },
  {
    id: "WC.ARC.5v1",
    family: "ARC",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(14)],
    title: {
      zh: "不同意存档的外部联系人",
      en: "External contacts who declined archiving",
    },
    description: {
      zh: "同意须由个人在充分知情的前提下自愿、明确作出（第十四条）；人力资源管理依据从不覆盖外部联系人。按成员统计在存档会话中不同意存档（check_single_agree 返回 Disagree）的外部联系人数量。",
      en: "Consent must be informed, voluntary and explicit (PIPL Art. 14), and the HR-management basis never covers external contacts. Counts, per member, the external contacts in archived chats who declined archiving (check_single_agree: Disagree).",
    },
    satisfiedBy: {
      zh: "实时检查，不依赖策略文件；策略只需开启存档。",
      en: "A live check with nothing to declare beyond archiving itself.",
    },
    remediation: {
      zh: zh`确认这些会话未被存档或使用；可在存档页开启该选项：${CONSOLE.archiveDeclineOption.zh}。`,
      en: `Make sure those chats are neither archived nor used; consider the archive-page option at ${CONSOLE.archiveDeclineOption.en}.`,
    },
    watches: [],
  },
  {
    id: "WC.LOG.1v1",
    family: "LOG",
    severity: "mandatory",
    kind: "live",
    articles: [ref("CSL", 23, { item: 3, formerArticle: 21 })],
    title: {
      zh: "操作日志留存不少于六个月",
      en: "Operation logs are kept for at least six months",
    },
    description: {
      zh: "网络运营者须留存相关的网络日志不少于六个月。按 184 天（最长的六个自然月）检查。企业微信接口只能查询最近 180 天，因此由本地日志归档满足要求：最近 7 天内运行过 `wecom-policy logs sync`，且归档覆盖的时间（首个拉取时间窗的起点）早于 184 天前（或覆盖到租户开通之日）。",
      en: "Network operators keep network logs for not less than six months; checked as 184 days, the longest six-calendar-month span. WeCom's API only reaches 180 days back, so the local log archive is what satisfies the law: `wecom-policy logs sync` ran within the last 7 days and the archive's coverage (the start of its first fetched window) reaches back at least 184 days (or to the tenant's start).",
    },
    satisfiedBy: {
      zh: "retention.yaml 中管理端和成员操作日志保存天数 ≥ 184；定时运行 `wecom-policy logs sync`。",
      en: "retention.yaml keeps admin and member operation logs ≥ 184 days, and `wecom-policy logs sync` runs on a schedule.",
    },
    remediation: {
      zh: zh`至少每周运行 \`wecom-policy logs sync\` 将日志归档到本地；接口只能回溯 180 天，早于此的日志若未归档则无法补全（${CONSOLE.operationLogs.zh} 也只显示接口可见范围）。`,
      en: `Run \`wecom-policy logs sync\` at least weekly to archive the logs locally; the API reaches back only 180 days, so older unarchived logs cannot be recovered (${CONSOLE.operationLogs.en} shows the same window).`,
    },
    watches: [],
  },
  {
    id: "WC.ACC.1v1",
    family: "ACC",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(51, { item: 4 })],
    title: {
      zh: "角色须有负责人和目的，且不含离职人员",
      en: "Roles have an owner and a purpose and hold no leavers",
    },
    description: {
      zh: "个人信息处理者须合理确定个人信息处理的操作权限（第五十一条第（四）项）。每个角色须有负责人和目的，且不得包含在人事花名册中已离职的成员。",
      en: "Handlers must set access rights to personal information reasonably (PIPL Art. 51(4)). Every role has an owner and a purpose, and no role holds a member who has left according to the HR roster.",
    },
    satisfiedBy: {
      zh: "roles.yaml 中每个角色填写 owner 和 purpose；成员均为 people.yaml 花名册中的在职人员。",
      en: "Each role in roles.yaml has an owner and a purpose, and its members are current staff in the people.yaml roster.",
    },
    remediation: {
      zh: "为角色填写负责人（在职成员）和目的，并从角色成员中移除离职人员。",
      en: "Give the role an owner (a current member) and a purpose, and remove leavers from its members.",
    },
    watches: [{ resource: "Role", property: "members", when: "member-has-left" }],
  },
  {
    id: "WC.ACC.2v1",
    family: "ACC",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(51, { item: 4 })],
    title: {
      zh: "应用管理员不超出声明",
      en: "App admins stay within the declared list",
    },
    description: {
      zh: "操作权限须合理确定（第五十一条第（四）项）。应用的实际管理员（agent/get_admin_list）须在策略声明的管理员名单内，人数不超过声明；接触敏感数据的应用（位置上报、人事）尤其如此。",
      en: "Access rights must be set reasonably (PIPL Art. 51(4)). An app's live admins (agent/get_admin_list) stay within the declared admin list and count — especially for apps that touch sensitive data (location, HR).",
    },
    satisfiedBy: {
      zh: "apps.yaml 中为每个应用声明管理员名单。",
      en: "apps.yaml declares each app's admins.",
    },
    remediation: {
      zh: zh`在控制台移除未声明的管理员（接口只读）：${CONSOLE.appAdmins.zh}；或经审批后在 apps.yaml 中声明。`,
      en: `Remove the undeclared admin in the console (read-only in the API): ${CONSOLE.appAdmins.en}; or, once approved, declare them in apps.yaml.`,
    },
    watches: [{ resource: "AppAccess", property: "admins" }],
  },
  {
    id: "WC.ACC.3v1",
    family: "ACC",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(51, { item: 4 })],
    title: {
      zh: "管理权限变更报告",
      en: "Admin-permission changes are reported",
    },
    description: {
      zh: "为使操作权限持续合理（第五十一条第（四）项），报告自上次检查以来管理端操作日志中的权限管理变更（oper_type 2），包括操作人和时间。",
      en: "So that access rights stay reasonable (PIPL Art. 51(4)), reports the permission-management changes (admin log oper_type 2) since the last check, with operator and time.",
    },
    satisfiedBy: {
      zh: "实时检查；每次变更须由合规人员复核。",
      en: "A live check; each change is for compliance to review.",
    },
    remediation: {
      zh: zh`在 ${CONSOLE.operationLogs.zh} 复核变更；不当授权在 ${CONSOLE.permissionManagement.zh} 中撤销。`,
      en: `Review the change in ${CONSOLE.operationLogs.en}; revoke an improper grant under ${CONSOLE.permissionManagement.en}.`,
    },
    watches: [],
  },
  {
    id: "WC.LVR.1v1",
    family: "LVR",
    severity: "mandatory",
    kind: "live",
    articles: [PIPL(47), PIPL(51, { item: 4 })],
    title: {
      zh: "离职人员在时限内被禁用",
      en: "Leavers are disabled within the SLA",
    },
    description: {
      zh: "人事花名册中离职日期已过且超过保存策略规定的禁用时限（小时）的成员，在租户中须为禁用状态。依据主要是操作权限（第五十一条第（四）项），删除义务见第四十七条。",
      en: "A member whose leave date in the HR roster passed more than the declared SLA hours ago is disabled in the tenant. This rests mainly on access rights (PIPL Art. 51(4)); deletion is Art. 47.",
    },
    satisfiedBy: {
      zh: "people.yaml 记录离职日期；retention.yaml 声明禁用时限；`pulumi up` 的 MemberStatus 资源禁用离职人员。",
      en: "people.yaml records leave dates, retention.yaml declares the disable SLA, and the MemberStatus resource disables leavers on `pulumi up`.",
    },
    remediation: {
      zh: zh`运行 \`pulumi up\`（MemberStatus 会禁用离职人员），或在控制台：${CONSOLE.memberDisable.zh}。`,
      en: `Run \`pulumi up\` (MemberStatus disables leavers), or in the console: ${CONSOLE.memberDisable.en}.`,
    },
    watches: [{ resource: "MemberStatus", property: "disabled" }],
  },
  {
    id: "WC.LVR.2v1",
    family: "LVR",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(47)],
    title: {
      zh: "离职人员的客户在时限内转接",
      en: "Leavers' customers are transferred in time",
    },
    description: {
      zh: "离职成员的客户（get_unassigned_list）须在保存策略声明的天数内分配给其他成员。LEGAL.md 按第四十七条列出；实际主要依据是操作权限（第五十一条第（四）项）。",
      en: "Customers of departed members (get_unassigned_list) are reassigned within the declared number of days. LEGAL.md lists PIPL Art. 47; the duty rests mainly on access rights (Art. 51(4)).",
    },
    satisfiedBy: {
      zh: "retention.yaml 声明客户转接天数；CustomerHandover 资源在 `pulumi up` 时转接。",
      en: "retention.yaml declares the transfer days; the CustomerHandover resource transfers on `pulumi up`.",
    },
    remediation: {
      zh: zh`运行 \`pulumi up\`（CustomerHandover），或在控制台：${CONSOLE.handover.zh}。`,
      en: `Run \`pulumi up\` (CustomerHandover), or in the console: ${CONSOLE.handover.en}.`,
    },
    watches: [{ resource: "CustomerHandover" }],
  },
  {
    id: "WC.LVR.3v1",
    family: "LVR",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(47)],
    title: {
      zh: "超过保存期限的离职人员数据被删除",
      en: "Leaver data past retention is deleted",
    },
    description: {
      zh: "保存期限届满的，个人信息处理者应当主动删除个人信息（第四十七条）。离职日期超过保存策略声明的删除天数后，该成员不应仍存在于租户通讯录中。",
      en: "When the retention period ends, the handler deletes the personal information on its own initiative (PIPL Art. 47). A member whose leave date is older than the declared deletion days should no longer exist in the tenant's contacts.",
    },
    satisfiedBy: {
      zh: "retention.yaml 声明离职人员数据删除天数；MemberStatus 资源在到期后删除成员。",
      en: "retention.yaml declares the leaver deletion days; MemberStatus deletes the member when they pass.",
    },
    remediation: {
      zh: zh`运行 \`pulumi up\`（MemberStatus 删除到期成员），或在控制台：${CONSOLE.memberDelete.zh}（删除会清除该成员的消息）。`,
      en: `Run \`pulumi up\` (MemberStatus deletes members past retention), or in the console: ${CONSOLE.memberDelete.en} (this wipes the member's messages).`,
    },
    watches: [{ resource: "MemberStatus", property: "deleted" }],
  },
  {
    id: "WC.XB.1v1",
    family: "XB",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(38), PIPL(39), ref("XBP", 5, { item: 2 })],
    title: {
      zh: "每个境外接收方须有出境机制和告知",
      en: "Each overseas recipient has a transfer mechanism and notice",
    },
    description: {
      zh: "向境外提供个人信息须具备第三十八条规定的条件之一：安全评估、个人信息保护认证或标准合同；按照依法制定的劳动规章制度实施跨境人力资源管理确需向境外提供员工个人信息的，可免予上述程序（《促进和规范数据跨境流动规定》第五条第（二）项）。每个接收方须写明机制和编号/引用；第三十九条要求告知接收方情况，以同意为依据时须取得单独同意，因此须有告知和单独同意目的。",
      en: "Providing personal information abroad needs one of the PIPL Art. 38 conditions: CAC security assessment, PI protection certification or the standard contract; cross-border HR management under lawful labour rules is exempt from those steps (XBP Art. 5(2)). Each recipient names its mechanism and a reference. PIPL Art. 39 requires notice of the recipient and, where consent is the basis, separate consent — so a notice and a separate-consent purpose are declared.",
    },
    satisfiedBy: {
      zh: "crossborder.yaml 中每个接收方填写机制、引用编号、告知版本；以同意为依据时引用 consent.yaml 中需单独同意的目的。",
      en: "Each recipient in crossborder.yaml has a mechanism, a reference and a notice version; where consent is the basis it names a separate-consent purpose in consent.yaml.",
    },
    remediation: {
      zh: "在 crossborder.yaml 为该接收方填写机制（security-assessment / standard-contract / certification / hr-exemption / contract-exemption / emergency-exemption）和引用编号，填写告知版本，以同意为依据时引用需单独同意的同意目的。",
      en: "In crossborder.yaml give the recipient a mechanism (security-assessment / standard-contract / certification / hr-exemption / contract-exemption / emergency-exemption) and a reference, a notice version, and — where consent is the basis — a separate-consent purpose.",
    },
    watches: [],
  },
  {
    id: "WC.XB.2v1",
    family: "XB",
    severity: "mandatory",
    kind: "declared+live",
    articles: [PIPL(38)],
    title: {
      zh: "应用域名须在批准名单内",
      en: "App domains are approved",
    },
    description: {
      zh: "应用的可信域名（redirect_domain）和主页地址决定成员数据流向何处。声明的和租户实际的域名须在批准域名名单内，或被某个出境接收方记录覆盖（第三十八条）。",
      en: "An app's trusted redirect domain and home URL decide where members' data flows. Declared and live domains must be in the approved domain list, or covered by an overseas transfer record (PIPL Art. 38).",
    },
    satisfiedBy: {
      zh: "apps.yaml 中的域名都列在 crossborder.yaml 的批准域名中，或属于某个接收方。",
      en: "Every domain in apps.yaml is in crossborder.yaml's approved domains or belongs to a recipient.",
    },
    remediation: {
      zh: zh`将域名加入 crossborder.yaml 的批准域名（境内）或登记对应的出境接收方；实际值不符时运行 \`pulumi up\`（agent/set 可写），或在控制台：${CONSOLE.appTrustedDomain.zh}。`,
      en: `Add the domain to crossborder.yaml's approved domains (in-country) or record the overseas recipient; when the live value differs run \`pulumi up\` (agent/set writes it), or in the console: ${CONSOLE.appTrustedDomain.en}.`,
    },
    watches: [
      { resource: "AppSettings", property: "redirectDomain" },
      { resource: "AppSettings", property: "homeUrl" },
    ],
  },
  {
    id: "WC.XB.3v1",
    family: "XB",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(40), ref("CSL", 39, { formerArticle: 37 })],
    title: {
      zh: "关键信息基础设施运营者或达到数量的处理者境内存储",
      en: "CII operators and large handlers store in-country",
    },
    description: {
      zh: "关键信息基础设施运营者和处理个人信息达到国家网信部门规定数量的处理者，应当将在境内收集和产生的个人信息存储在境内（第四十条；《网络安全法》第三十九条，原第三十七条）。第四十条的数量门槛未见网信部门规定，策略须声明所采用的门槛；达到门槛或为关键信息基础设施运营者时，会话存档和日志导出的存储区域须为境内。",
      en: "CII operators, and handlers whose PI volume reaches the number set by the CAC, store PI collected and generated in China in China (PIPL Art. 40; CSL Art. 39, formerly 37). No CAC number for the Art. 40 threshold was found, so the policy states the threshold it uses; a CII operator or a handler at or above it declares in-country storage for chat archives and log exports.",
    },
    satisfiedBy: {
      zh: "tenant.yaml 声明是否为关键信息基础设施运营者、个人信息数量及所采用的门槛；archive.yaml 和 retention.yaml log_export 的 storage_region 为 cn-mainland。",
      en: "tenant.yaml declares CII status, PI volume and the threshold used; archive.yaml and retention.yaml's log_export have storage_region cn-mainland.",
    },
    remediation: {
      zh: "在 tenant.yaml 的 storage_threshold 中写明所采用的门槛及依据；将 archive.yaml 和 retention.yaml log_export 的 storage_region 设为 cn-mainland。",
      en: "State the threshold and its basis in tenant.yaml's storage_threshold, and set storage_region to cn-mainland in archive.yaml and in retention.yaml's log_export.",
    },
    watches: [],
  },
  {
    id: "WC.GOV.1v1",
    family: "GOV",
    severity: "advisory",
    kind: "declared",
    articles: [PIPL(52)],
    title: {
      zh: "指定个人信息保护负责人",
      en: "A PI protection officer is named",
    },
    description: {
      zh: "处理个人信息达到规定数量的处理者应当指定个人信息保护负责人，并公开其联系方式（第五十二条）。网信办 2025-07-18 通知要求处理 100 万人以上个人信息的处理者在 30 个工作日内向地市级网信部门报送负责人信息。",
      en: "Handlers above the set volume name a PI protection officer and publish their contact details (PIPL Art. 52). A CAC notice of 2025-07-18 requires handlers of 1 million or more people's PI to file the officer's details with the city-level CAC within 30 working days.",
    },
    satisfiedBy: {
      zh: "tenant.yaml 声明个人信息保护负责人及联系方式。",
      en: "tenant.yaml declares the PI protection officer with contact details.",
    },
    remediation: {
      zh: "在 tenant.yaml 声明个人信息保护负责人（成员）及联系方式。",
      en: "Declare the PI protection officer (a member) and contact details in tenant.yaml.",
    },
    watches: [],
  },
  {
    id: "WC.GOV.2v1",
    family: "GOV",
    severity: "mandatory",
    kind: "declared",
    articles: [PIPL(51, { item: 5 }), PIPL(57)],
    title: {
      zh: "个人信息安全事件应急预案及演练",
      en: "Incident response plan with a recent drill",
    },
    description: {
      zh: "处理者须制定并组织实施个人信息安全事件应急预案（第五十一条第（五）项），发生事件时须立即采取补救措施并通知（第五十七条）。预案须有负责人、联系人，且最近 12 个月内进行过演练。",
      en: "Handlers make and carry out a PI security incident response plan (PIPL Art. 51(5)) and, on an incident, remediate and notify at once (Art. 57). The plan has an owner, contacts and a drill within the last 12 months.",
    },
    satisfiedBy: {
      zh: "records.yaml 的应急预案写明负责人、联系人和最近一次演练日期。",
      en: "records.yaml's incident plan has an owner, contacts and the last drill date.",
    },
    remediation: {
      zh: "在 records.yaml 登记应急预案的负责人、联系人，并组织演练、记录日期。",
      en: "Give the incident plan in records.yaml an owner and contacts, hold a drill and record its date.",
    },
    watches: [],
  },
  {
    id: "WC.GOV.3v1",
    family: "GOV",
    severity: "advisory",
    kind: "declared",
    articles: [PIPL(51, { item: 4 })],
    title: {
      zh: "角色负责人和管理员接受安全培训",
      en: "Role owners and admins are trained",
    },
    description: {
      zh: "处理者须定期对从业人员进行安全教育和培训（第五十一条第（四）项）。每个角色负责人和应用管理员须在最近 12 个月内参加过安全培训。",
      en: "Handlers train staff in security regularly (PIPL Art. 51(4)). Every role owner and app admin attended security training within the last 12 months.",
    },
    satisfiedBy: {
      zh: "records.yaml 的培训记录（日期、参加人）覆盖所有角色负责人和应用管理员。",
      en: "Training records in records.yaml (date, attendees) cover every role owner and app admin.",
    },
    remediation: {
      zh: "安排培训并在 records.yaml 记录日期和参加人。",
      en: "Hold a training and record its date and attendees in records.yaml.",
    },
    watches: [],
  },
  {
    id: "WC.GOV.4v1",
    family: "GOV",
    severity: "advisory",
    kind: "live",
    articles: [PIPL(54)],
    title: {
      zh: "按期进行合规审计",
      en: "Compliance audits are on schedule",
    },
    description: {
      zh: "处理者应当定期对其处理个人信息遵守法律、行政法规的情况进行合规审计（第五十四条）。最近一次合规报告须在策略声明的审计间隔内生成。《个人信息保护合规审计管理办法》（2025-05-01 施行）要求处理 1000 万人以上个人信息的处理者至少每两年审计一次。",
      en: "Handlers audit their compliance regularly (PIPL Art. 54). The last compliance report was produced within the declared audit interval. The CAC compliance audit measures (in force 2025-05-01) set at least every two years for handlers of more than 10 million people's PI.",
    },
    satisfiedBy: {
      zh: "tenant.yaml 声明审计间隔（compliance_audit_interval_days）；按期运行 `wecom-policy audit --evidence DIR` 并保存其证据目录。",
      en: "tenant.yaml declares the audit interval (compliance_audit_interval_days); `wecom-policy audit --evidence DIR` runs on schedule and its evidence directory is kept.",
    },
    remediation: {
      zh: "运行 `wecom-policy audit --evidence DIR` 对全部控制项进行合规审计，并归档其证据目录。",
      en: "Run `wecom-policy audit --evidence DIR` to audit every control, and file its evidence directory.",
    },
    watches: [],
  },
  // Articles: PIPL 51(3) and DSL 27 confirmed against secondary copies of the text (docs/decisions.md, "Sources
  // of WC.SEC.*"); AUCL 10(4) of the 2025 text NOT confirmed — only the pre-2025 Art. 9(4) definition was
  // found — and cited as LEGAL.md gives it.
  {
    id: "WC.SEC.1v1",
    family: "SEC",
    severity: "mandatory",
    kind: "declared+live",
    articles: [PIPL(51, { item: 3 }), ref("DSL", 27), ref("AUCL", 10, { paragraph: 4 })],
    title: {
      zh: "接触敏感数据且与客户沟通的角色须有拦截手机号和邮箱的聊天规则",
      en: "Sensitive-data roles that talk to customers are covered by a blocking chat intercept rule",
    },
    description: {
      zh: "处理者须采取相应的加密、去标识化等安全技术措施，防止个人信息泄露（《个人信息保护法》第五十一条第（三）项）；开展数据处理活动须采取相应的技术措施保障数据安全（《数据安全法》第二十七条）；商业秘密须经权利人采取相应保密措施（《反不正当竞争法》2025 年修订文本第十条第四款，条号来自二手资料，未经全国人大官方文本核对）。可接触敏感数据（身份证号、银行账户等）且与外部联系人沟通的角色，其每名成员须在一条「警告并拦截发送」（而非仅警告）的聊天敏感词规则内，且该规则拦截手机号和邮箱地址；在 audit 与 drift 中还核对企业微信中的实际规则：成员（含标签的实际成员）在实际的拦截规则内，且所依据的规则在企业微信中与策略一致（拦截、语义、敏感词）。",
      en: "Handlers take technical measures such as encryption and de-identification against leaks (PIPL Art. 51(3)) and technical measures to keep data secure (DSL Art. 27); information is a trade secret only where the holder took corresponding confidentiality measures (AUCL Art. 10(4), 2025 text — article number from secondary sources, not checked against the NPC text). Every member of a role that reaches sensitive data (ID numbers, bank accounts…) and chats with external contacts is inside a chat intercept rule (管理聊天敏感词) that blocks — not only warns — phone numbers and e-mail addresses; in audit and drift the live rules are checked too: the members (and the role tag's live members) are inside a live blocking rule, and the rules the role relies on hold in WeCom what the policy says (block, semantics, words).",
    },
    satisfiedBy: {
      zh: "protection.yaml 的 sensitive_roles 声明角色及 talks_to_customers；intercept_rules 中有一条 action: block、semantics 含 phone 和 email 的规则覆盖该角色（applies_to.roles，或其全部成员／部门）。",
      en: "protection.yaml declares the role under sensitive_roles with talks_to_customers, and an intercept rule with action: block and semantics phone and email covers it (applies_to.roles, or all its members or departments).",
    },
    remediation: {
      zh: "在 protection.yaml 为该角色添加（或改为）action: block、semantics: [phone, email] 的拦截规则，并运行 `pulumi up`；在后台手动改为「仅警告」的规则须改回。",
      en: "Add to protection.yaml (or change to) an intercept rule with action: block and semantics [phone, email] covering the role, and run `pulumi up`; a rule switched to warn-only by hand must be switched back.",
    },
    watches: [{ resource: "InterceptRule" }],
  },
  {
    id: "WC.SEC.2v1",
    family: "SEC",
    severity: "advisory",
    kind: "declared",
    articles: [PIPL(51, { item: 3 }), ref("AUCL", 10, { paragraph: 4 })],
    title: {
      zh: "接口无法读写的保护措施须按期人工确认并留存证据",
      en: "Console-only protections are attested on schedule with evidence",
    },
    description: {
      zh: "水印、文件防泄漏、截屏管控、设备管理等保护措施接口既不能读也不能写；法院认定商业秘密时会问权利人是否采取了相应保密措施（《反不正当竞争法》2025 年修订文本第十条第四款，条号未经官方文本核对），有日期、有确认人的记录就是证据。每项措施须写明期望值和后台路径，由具名管理员在复核间隔内确认，并附证据文件的 SHA-256；超期、证据文件缺失或哈希不符即为失败。",
      en: "Watermarks, file-leak prevention, screenshot control and device management can be neither read nor written by the API. Courts ask whether corresponding confidentiality measures were in place (AUCL Art. 10(4), 2025 text — number not checked against the NPC text); a dated, attested record is that evidence. Each protection names its expected value and console path, is attested by a named admin within its interval, with the SHA-256 of an evidence file; an attestation past its interval, or whose evidence file is missing or has another hash, fails.",
    },
    satisfiedBy: {
      zh: "protection.yaml 的 attestations 逐项填写设置、期望值、后台路径、确认人、确认日期、证据文件及其 SHA-256、复核间隔。",
      en: "protection.yaml attestations give each setting, its expected value, console path, who attested it and when, the evidence file with its SHA-256, and the re-attestation interval.",
    },
    remediation: {
      zh: "在该项 console_path 所指的后台页面（见检查结果）核对设置，保存新的证据文件并计算 SHA-256，更新 attested_on 和 evidence 后提交；`wecom-policy validate` 复核。",
      en: "Check the setting on the console page its console_path names (shown in the finding), save a new evidence file and its SHA-256, update attested_on and evidence, and commit; `wecom-policy validate` re-checks.",
    },
    watches: [],
  },
  // Articles (docs/controls.md, "Sources of WC.CHK.*"): PIPL 13, 19, 28, 29, 30 and FRT 4, 5, 6, 8, 9, 15 confirmed
  // this session against secondary copies; FRT 10 (never the only way to verify) confirmed in content but not
  // by number, cited as LEGAL.md gives it; PIPL 6, 17, 55 as the rest of the catalogue cites them.
  {
    id: "WC.CHK.1v1",
    family: "CHK",
    severity: "mandatory",
    kind: "declared+live",
    articles: [PIPL(13), PIPL(17), PIPL(28), PIPL(29), PIPL(30)],
    title: {
      zh: "使用位置或 Wi-Fi 的打卡规则须有目的、告知和每位打卡人员的合法性基础",
      en: "A check-in rule that uses location or Wi-Fi has a purpose, a notice and a legal basis for everyone it covers",
    },
    description: {
      zh: "打卡位置和打卡 Wi-Fi 记录员工在何时身处何地，属于第二十八条所列的行踪轨迹（敏感个人信息），只能在具有特定目的和充分必要性时处理。每条使用围栏或 Wi-Fi 的打卡规则须写明目的、必要性和告知版本（第十七条、第三十条）；其覆盖的每位成员须有合法性基础（第十三条）：经民主程序制定并公示的考勤制度（人力资源管理，第十三条第一款第（二）项；《劳动合同法》第四条），或对一个标记为敏感、需单独同意的同意目的的有效单独同意（第二十九条）。允许非工作日打卡须写明理由。",
      en: "Check-in places and Wi-Fi record where an employee is and when — whereabouts (行踪轨迹), sensitive personal information under PIPL Art. 28, processed only for a specific purpose with sufficient necessity. Every check-in rule with geofences or Wi-Fi names its purpose, why locating members is necessary and the notice version (Arts. 17, 30); every member it covers has a legal basis (Art. 13): attendance rules adopted and published under LCL Art. 4 (HR management, Art. 13(1)(2)), or a valid separate consent to a consent purpose marked sensitive with separate consent (Art. 29). Check-in on days off, if allowed, states why.",
    },
    satisfiedBy: {
      zh: "checkin.yaml 中每条使用 geofences 或 wifi 的规则写明 purpose、necessity、notice_version 和 legal_basis：hr_record 指向 records.yaml 中已公示的民主程序记录，或 consent_purpose 指向敏感、需单独同意的同意目的且覆盖的每人都在台账中有有效同意；off_workday.allowed 为 true 时写明 reason。",
      en: "Each rule in checkin.yaml with geofences or wifi gives purpose, necessity, notice_version and legal_basis: hr_record naming a published consultation record of records.yaml, or consent_purpose naming a sensitive, separate-consent purpose with a valid ledger entry for everyone it covers; off_workday.reason is given when off_workday.allowed is true.",
    },
    remediation: {
      zh: zh`在 checkin.yaml 补充该规则的目的、必要性、告知版本和合法性基础，或把没有有效同意的成员移出规则；在后台被手动改动的规则（${CONSOLE.checkinRules.zh}）由 \`pulumi up\` 改回。`,
      en: `In checkin.yaml give the rule its purpose, necessity, notice version and legal basis, or move members without a valid consent out of it; a rule changed by hand in the console (${CONSOLE.checkinRules.en}) is put back by \`pulumi up\`.`,
    },
    watches: [
      { resource: "CheckinRule", property: "geofences" },
      { resource: "CheckinRule", property: "wifi" },
      { resource: "CheckinRule", property: "members" },
      { resource: "CheckinRule", property: "departments" },
      { resource: "CheckinRule", property: "offWorkdayAllowed" },
    ],
  },
  {
    id: "WC.CHK.2v1",
    family: "CHK",
    severity: "mandatory",
    kind: "declared+live",
    articles: [
      PIPL(28),
      PIPL(29),
      PIPL(55),
      ref("FRT", 4),
      ref("FRT", 5),
      ref("FRT", 6),
      ref("FRT", 8),
      ref("FRT", 9),
      ref("FRT", 10),
      ref("FRT", 15),
    ],
    title: {
      zh: "人脸识别打卡须事前影响评估、合法性基础和非人脸的替代方式",
      en: "Face-recognition check-in has a prior PIA, a legal basis and a way to check in without a face",
    },
    description: {
      zh: "人脸信息是生物识别信息，属于敏感个人信息（《个人信息保护法》第二十八条）。《人脸识别技术应用安全管理办法》要求：具有特定目的和充分必要性、采取对个人权益影响最小的方式（第四条）；履行告知义务（第五条）；基于同意处理的须取得单独同意（第六条，《个人信息保护法》第二十九条）；人脸信息原则上存储于设备内（第八条）；事前进行个人信息保护影响评估，记录至少保存三年（第九条，《个人信息保护法》第五十五条）；存在其他非人脸识别方式的，不得将人脸识别作为唯一验证方式（第十条）；存储的人脸信息达到 10 万人的，30 个工作日内向省级以上网信部门备案（第十五条）。开启人脸识别的打卡规则须有日期不晚于开启日期的影响评估、每位成员的合法性基础，以及一条不使用人脸识别的替代规则。",
      en: "A face is biometric data, sensitive personal information (PIPL Art. 28). The FRT Measures require a specific purpose and sufficient necessity, in the least intrusive way (Art. 4); notice (Art. 5); separate consent where consent is the basis (Art. 6, PIPL Art. 29); face data kept on the device unless a law or separate consent allows otherwise (Art. 8); a PIA before the processing, its record kept at least three years (Art. 9, PIPL Art. 55); face recognition never the only way to verify identity where another way exists (Art. 10); and a filing with the provincial CAC within 30 working days once stored face data reaches 100,000 people (Art. 15). A check-in rule with face recognition needs a PIA dated on or before the day it was switched on, a legal basis for everyone it covers, and an alternative rule without face recognition for anyone who declines.",
    },
    satisfiedBy: {
      zh: "checkin.yaml 中开启 face_recognition 的规则写明 since、pia（records.yaml 中日期不晚于 since、保存至少三年的影响评估）和 alternative_rule（另一条不开启人脸识别的规则），且其 legal_basis 覆盖每位成员；或不开启人脸识别。",
      en: "A rule in checkin.yaml with face_recognition enabled gives since, pia (a PIA in records.yaml dated on or before since and kept at least three years) and alternative_rule (another rule without face recognition), and its legal_basis covers everyone; or face recognition stays off.",
    },
    remediation: {
      zh: zh`完成影响评估并记入 records.yaml，添加不使用人脸识别的替代规则，或在 checkin.yaml 关闭 face_recognition；在后台被手动开启的人脸识别（${CONSOLE.checkinRules.zh}）由 \`pulumi up\` 关闭。`,
      en: `Complete a PIA and record it in records.yaml, add an alternative rule without face recognition, or switch face_recognition off in checkin.yaml; face recognition switched on by hand in the console (${CONSOLE.checkinRules.en}) is switched off by \`pulumi up\`.`,
    },
    watches: [
      { resource: "CheckinRule", property: "faceRecognition" },
      { resource: "CheckinRule", property: "photoRequired" },
    ],
  },
  {
    id: "WC.CHK.3v1",
    family: "CHK",
    severity: "advisory",
    kind: "declared+live",
    articles: [PIPL(6), PIPL(19)],
    title: {
      zh: "打卡数据不超期保存，实际打卡范围不超出声明",
      en: "Check-in data is kept no longer than declared, and live rules reach no one undeclared",
    },
    description: {
      zh: "处理个人信息应当限于实现处理目的的最小范围（第六条），保存期限应当为实现处理目的所必要的最短时间（第十九条）。每条打卡规则的保存天数不得超过其同意目的允许的最长保存期；企业微信中实际生效的打卡规则覆盖了 checkin.yaml 任何规则都未声明的成员时，逐一列出。",
      en: "Processing is limited to the smallest scope the purpose needs (PIPL Art. 6) and kept for the shortest time it needs (Art. 19). A rule's retention may not exceed what its consent purpose allows; members that a live check-in rule in WeCom covers but no rule in checkin.yaml declares are listed.",
    },
    satisfiedBy: {
      zh: "checkin.yaml 每条规则的 retention_days 不超过其同意目的的 max_retention_days；企业微信中的打卡规则都在 checkin.yaml 中声明，且覆盖范围一致。",
      en: "Each rule's retention_days in checkin.yaml is within its consent purpose's max_retention_days; every check-in rule in WeCom is declared in checkin.yaml with the same range.",
    },
    remediation: {
      zh: zh`缩短 retention_days 或调整同意目的；在 checkin.yaml 声明（或用 \`wecom-policy import\` 导入）后台新建的打卡规则，或将多出的成员移出规则（${CONSOLE.checkinRules.zh}）。`,
      en: `Shorten retention_days or revise the consent purpose; declare in checkin.yaml (or adopt with \`wecom-policy import\`) a rule created in the console, or take the extra members out of it (${CONSOLE.checkinRules.en}).`,
    },
    watches: [
      { resource: "CheckinRule", property: "members" },
      { resource: "CheckinRule", property: "departments" },
      { resource: "CheckinRule", property: "exemptMembers" },
    ],
  },
  {
    id: "WC.WVR.1v1",
    family: "WVR",
    severity: "mandatory",
    kind: "declared",
    articles: [],
    title: {
      zh: "豁免须有理由、负责人和未到期的期限",
      en: "Waivers have a reason, an owner and an unexpired expiry",
    },
    description: {
      zh: "豁免只能在到期前让某个控制项对某个对象静默。每条豁免须写明理由、负责人和到期日；已到期或缺少理由、负责人的豁免本身就是失败，并且不再生效。",
      en: "A waiver silences one control for one target until it expires. Every waiver has a reason, an owner and an expiry date; an expired waiver, or one without a reason or owner, is itself a failure and silences nothing.",
    },
    satisfiedBy: {
      zh: "waivers.yaml 中每条豁免填写控制项、对象、理由、负责人和到期日。",
      en: "Each waiver in waivers.yaml has a control id, target, reason, owner and expiry.",
    },
    remediation: {
      zh: "补充理由和负责人；到期的豁免要么修复问题后删除，要么经复核后延长到期日。",
      en: "Add the reason and owner; for an expired waiver either fix the finding and delete it, or review and extend its expiry.",
    },
    watches: [],
  },
];

const BY_ID: ReadonlyMap<ControlId, Control> = new Map(CONTROLS.map((c) => [c.id, c]));

/** The control with this id; throws on an unknown id (ids are a closed union, so this is a programming error). */
export function control(id: ControlId): Control {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`unknown control ${id}`);
  return c;
}

export function isControlId(s: string): s is ControlId {
  return (CONTROL_IDS as readonly string[]).includes(s);
}
