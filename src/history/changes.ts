/**
 * The semantic diff of two policy models: each change in policy terms ("finance-approvers: +lisi −wangwu",
 * "chat retention 365 → 180 days", "huangtao withdrew consent to chat-archive on 2026-11-30"), with the
 * controls whose reads it touches (src/rules/reads.ts).
 *
 * It compares the normalised models (src/policy), not the text: lists are sets there, so reordering or
 * reformatting a list is no change; roster and ledger rows are matched by their key (userid; userid +
 * purpose + date given), not by line; a file moved to another path reads the same. Free text (purposes,
 * descriptions, reasons) is compared word by word with the `diff` package.
 */
import { diffWords } from "diff";
import type { PolicyModel } from "../policy/model";
import { controlsReading } from "../rules/reads";
import { CONTROL_IDS, type ControlId } from "../rules/catalogue";
import { zh, type Bilingual } from "../text";
import type { Change } from "../generated/history-report";

export const CHANGE_AREAS = [
  "tenant",
  "department",
  "role",
  "app",
  "archive",
  "consent-purpose",
  "consent",
  "retention",
  "roster",
  "person",
  "crossborder",
  "recipient",
  "pia",
  "consultation",
  "incident-plan",
  "training",
  "waiver",
] as const;
export type ChangeArea = (typeof CHANGE_AREAS)[number];

/** A run of words in a free-text diff: kept, added or removed. */
export type WordPart = NonNullable<Change["words"]>[number];

/** One change in policy terms (schemas/history-report.schema.json `change`). */
export type PolicyChange = Change;

type Text = { readonly text: string };
type Value = string | number | boolean | undefined | readonly string[] | Text;

interface Entity {
  readonly key: string;
  /** How the entity is named in a line ("finance-approvers", "外勤助手"). */
  readonly name: Bilingual;
  /** Schema path of the entity. */
  readonly path: string;
  readonly fields: Readonly<Record<string, Value>>;
}

interface AreaSpec {
  readonly area: ChangeArea;
  /** What the entity is ("role", "app"); for an entity that came or went. */
  readonly noun: Bilingual;
  /** A file-wide settings block (archive, retention): lines name the field only. */
  readonly singleton?: boolean;
  readonly entities: (m: PolicyModel) => Entity[];
}

const text = (t: string | undefined): Text | undefined => (t === undefined ? undefined : { text: t });
const set = (xs: readonly (string | number)[]): string[] => [...new Set(xs.map(String))].sort();
const same = (zhText: string, en = zhText): Bilingual => ({ zh: zhText, en });

const AREAS: readonly AreaSpec[] = [
  {
    area: "tenant",
    noun: { zh: "企业", en: "tenant" },
    singleton: true,
    entities: ({ tenant: t }) => [
      {
        key: "",
        name: same(t.name),
        path: "tenant#",
        fields: {
          name: t.name,
          name_en: t.nameEn,
          corp_id: t.corpId,
          city: t.city,
          cii_operator: t.ciiOperator,
          "pi_officer/userid": t.piOfficer?.userId,
          "pi_officer/name": t.piOfficer?.name,
          "pi_officer/email": t.piOfficer?.email,
          "pi_officer/phone": t.piOfficer?.phone,
          "data_volumes/personal_info_people": t.dataVolumes.personalInfoPeople,
          "data_volumes/sensitive_info_people": t.dataVolumes.sensitiveInfoPeople,
          "data_volumes/important_data": t.dataVolumes.importantData,
          "data_volumes/counted_on": t.dataVolumes.countedOn,
          "storage_threshold/people": t.storageThreshold.people,
          "storage_threshold/basis": text(t.storageThreshold.basis),
          compliance_audit_interval_days: t.complianceAuditIntervalDays,
          "change_limits/delete_roles": t.changeLimits.deleteRoles,
          "change_limits/disable_members": t.changeLimits.disableMembers,
          "change_limits/delete_members": t.changeLimits.deleteMembers,
        },
      },
    ],
  },
  {
    area: "department",
    noun: { zh: "部门", en: "department" },
    entities: ({ tenant }) =>
      tenant.departments.map((d) => ({
        key: String(d.id),
        name: { zh: zh`部门${d.id}（${d.name}）`, en: `department ${d.id} (${d.nameEn ?? d.name})` },
        path: "tenant#/departments",
        fields: { name: d.name, name_en: d.nameEn, parent: d.parentId },
      })),
  },
  {
    area: "role",
    noun: { zh: "角色", en: "role" },
    entities: ({ roles }) =>
      roles.map((r) => ({
        key: r.key,
        name: same(r.key),
        path: `roles#/roles/${r.key}`,
        fields: {
          tag_name: r.tagName,
          tag_id: r.tagId,
          on_removal: r.onRemoval,
          purpose: text(r.purpose),
          owner: r.owner,
          members: set(r.members),
          departments: set(r.departments),
          apps: set(r.appKeys),
        },
      })),
  },
  {
    area: "app",
    noun: { zh: "应用", en: "app" },
    entities: ({ apps }) =>
      apps.map((a) => ({
        key: a.key,
        name: same(a.name ?? a.key),
        path: `apps#/apps/${a.key}`,
        fields: {
          agentid: a.agentId,
          name: a.name,
          description: text(a.description),
          "location/mode": a.location.mode,
          "location/purpose": text(a.location.purpose),
          "location/consent_purpose": a.location.consentPurpose,
          "location/pia": a.location.piaRecord,
          "location/since": a.location.since,
          report_enter: a.reportEnter,
          redirect_domain: a.redirectDomain,
          home_url: a.homeUrl,
          sensitive_data: a.sensitiveData,
          max_admins: a.maxAdmins,
          "visible_range/users": set(a.visibleRange.users),
          "visible_range/departments": set(a.visibleRange.departments),
          "visible_range/tags": set(a.visibleRange.tags),
          "visible_range/roles": set(a.visibleRange.roles),
          admins: set(a.admins.map((x) => `${x.userId} (${x.authType})`)),
        },
      })),
  },
  {
    area: "archive",
    noun: { zh: "会话存档", en: "chat archiving" },
    singleton: true,
    entities: ({ archive: a }) => [
      {
        key: "",
        name: { zh: "会话存档", en: "chat archiving" },
        path: "archive#",
        fields: {
          enabled: a.enabled,
          members: set(a.members),
          purpose: text(a.purpose),
          legal_basis: a.legalBasis,
          consent_purpose: a.consentPurpose,
          pia: a.piaRecord,
          consultation: a.consultationRecord,
          retention_days: a.retentionDays,
          storage_region: a.storageRegion,
          includes_external_contacts: a.includesExternalContacts,
          since: a.since,
        },
      },
    ],
  },
  {
    area: "consent-purpose",
    noun: { zh: "同意目的", en: "consent purpose" },
    entities: ({ consentPurposes }) =>
      consentPurposes.map((p) => ({
        key: p.key,
        name: { zh: zh`同意目的${p.key}`, en: `consent purpose ${p.key}` },
        path: `consent#/purposes/${p.key}`,
        fields: {
          title_zh: p.title.zh,
          title_en: p.title.en,
          description: text(p.description),
          sensitive: p.sensitive,
          separate_consent: p.separateConsent,
          notice_version: p.noticeVersion,
          necessity: text(p.necessity),
          impact: text(p.impact),
          max_retention_days: p.maxRetentionDays,
        },
      })),
  },
  {
    area: "consent",
    noun: { zh: "同意记录", en: "consent" },
    entities: ({ consentLedger }) =>
      consentLedger.entries.map((e) => ({
        key: `${e.userId}\u0000${e.purpose}\u0000${e.given}`,
        name: same(e.userId),
        path: "consent-row#",
        fields: {
          userid: e.userId,
          purpose: e.purpose,
          given: e.given,
          withdrawn: e.withdrawn,
          evidence: e.evidence,
        },
      })),
  },
  {
    area: "retention",
    noun: { zh: "保存期限", en: "retention" },
    singleton: true,
    entities: ({ retention: r }) => [
      {
        key: "",
        name: { zh: "保存期限", en: "retention" },
        path: "retention#",
        fields: {
          "chat_archive/max_days": r.chatArchive.maxDays,
          "admin_logs/min_days": r.adminLogs.minDays,
          "member_logs/min_days": r.memberLogs.minDays,
          "log_export/storage_region": r.logExport.storageRegion,
          "log_export/max_sync_age_days": r.logExport.maxSyncAgeDays,
          "leavers/disable_within_hours": r.leavers.disableWithinHours,
          "leavers/transfer_customers_within_days": r.leavers.transferCustomersWithinDays,
          "leavers/delete_after_days": r.leavers.deleteAfterDays,
        },
      },
    ],
  },
  {
    area: "roster",
    noun: { zh: "人事花名册", en: "HR roster" },
    singleton: true,
    entities: ({ people }) => [
      {
        key: "",
        name: { zh: "人事花名册", en: "HR roster" },
        path: "people#",
        fields: { roster: people.rosterFile, origin: text(people.origin) },
      },
    ],
  },
  {
    area: "person",
    noun: { zh: "人员", en: "person" },
    entities: ({ people }) =>
      people.members.map((p) => ({
        key: p.userId,
        name: same(p.userId),
        path: "people-row#",
        fields: {
          name: p.name,
          department: p.department,
          status: p.status,
          leave_date: p.leaveDate,
          customer_takeover: p.customerTakeover,
        },
      })),
  },
  {
    area: "crossborder",
    noun: { zh: "跨境传输", en: "cross-border transfer" },
    singleton: true,
    entities: ({ crossBorder }) => [
      {
        key: "",
        name: { zh: "跨境传输", en: "cross-border transfer" },
        path: "crossborder#",
        fields: { approved_domains: set(crossBorder.approvedDomains) },
      },
    ],
  },
  {
    area: "recipient",
    noun: { zh: "境外接收方", en: "overseas recipient" },
    entities: ({ crossBorder }) =>
      crossBorder.recipients.map((r) => ({
        key: r.key,
        name: { zh: zh`境外接收方${r.key}`, en: `overseas recipient ${r.key}` },
        path: `crossborder#/recipients/${r.key}`,
        fields: {
          name: r.name,
          country: r.country,
          purpose: text(r.purpose),
          categories: set(r.categories),
          sensitive: r.sensitive,
          mechanism: r.mechanism,
          reference: r.reference,
          legal_basis: r.legalBasis,
          notice_version: r.noticeVersion,
          consent_purpose: r.consentPurpose,
          pia: r.piaRecord,
          domains: set(r.domains),
          people_count: r.peopleCount,
        },
      })),
  },
  {
    area: "pia",
    noun: { zh: "影响评估", en: "PIA" },
    entities: ({ records }) =>
      records.pias.map((p) => ({
        key: p.id,
        name: { zh: zh`影响评估${p.id}`, en: `PIA ${p.id}` },
        path: `records#/pias/${p.id}`,
        fields: {
          title: text(p.title),
          covers: set(p.covers),
          date: p.date,
          keep_until: p.keepUntil,
          owner: p.owner,
          document: p.document,
        },
      })),
  },
  {
    area: "consultation",
    noun: { zh: "民主程序记录", en: "consultation" },
    entities: ({ records }) =>
      records.consultations.map((c) => ({
        key: c.id,
        name: { zh: zh`民主程序记录${c.id}`, en: `consultation ${c.id}` },
        path: `records#/consultations/${c.id}`,
        fields: {
          title: text(c.title),
          rule: text(c.rule),
          discussed_by: c.discussedBy,
          settled_on: c.settledOn,
          published_on: c.publishedOn,
          document: c.document,
        },
      })),
  },
  {
    area: "incident-plan",
    noun: { zh: "应急预案", en: "incident response plan" },
    singleton: true,
    entities: ({ records }) => {
      const p = records.incidentPlan;
      if (!p) return [];
      return [
        {
          key: "",
          name: { zh: "应急预案", en: "incident response plan" },
          path: "records#/incident_plan",
          fields: {
            id: p.id,
            title: text(p.title),
            owner: p.owner,
            approved_on: p.approvedOn,
            document: p.document,
            contacts: set(p.contacts.map((c) => `${c.userId ?? c.name} (${c.role})`)),
            drills: set(p.drills.map((d) => `${d.date} ${d.scenario}`)),
          },
        },
      ];
    },
  },
  {
    area: "training",
    noun: { zh: "培训", en: "training" },
    entities: ({ records }) =>
      records.trainings.map((t) => ({
        key: t.id,
        name: { zh: zh`培训${t.id}`, en: `training ${t.id}` },
        path: `records#/trainings/${t.id}`,
        fields: { topic: text(t.topic), date: t.date, attendees: set(t.attendees) },
      })),
  },
  {
    area: "waiver",
    noun: { zh: "豁免", en: "waiver" },
    entities: ({ waivers }) =>
      waivers.map((w) => ({
        key: w.id,
        name: { zh: zh`豁免${w.id}`, en: `waiver ${w.id}` },
        path: `waivers#/waivers/${w.id}`,
        fields: {
          control: w.control,
          target: w.target,
          reason: text(w.reason),
          owner: w.owner,
          approved_by: w.approvedBy,
          expires: w.expires,
        },
      })),
  },
];

/** Field labels; `<area>:<field>` overrides the plain field name. Fields without a label show as written. */
const LABELS: Readonly<Record<string, Bilingual>> = {
  "role:members": { zh: "", en: "" },
  "role:tag_name": { zh: "标签名", en: "tag name" },
  "role:tag_id": { zh: "标签 id", en: "tag id" },
  "role:on_removal": { zh: "移除时", en: "on removal" },
  "role:apps": { zh: "授予应用", en: "apps" },
  purpose: { zh: "用途", en: "purpose" },
  owner: { zh: "负责人", en: "owner" },
  departments: { zh: "部门", en: "departments" },
  name: { zh: "名称", en: "name" },
  description: { zh: "介绍", en: "description" },
  "location/purpose": { zh: "位置上报目的", en: "location purpose" },
  "location/consent_purpose": { zh: "位置上报同意目的", en: "location consent purpose" },
  "location/pia": { zh: "位置上报影响评估", en: "location PIA" },
  "location/since": { zh: "位置上报开始日期", en: "location reporting since" },
  report_enter: { zh: "上报进入应用事件", en: "enter-event reporting" },
  redirect_domain: { zh: "可信域名", en: "trusted redirect domain" },
  home_url: { zh: "主页", en: "home URL" },
  sensitive_data: { zh: "涉及敏感数据", en: "sensitive data" },
  max_admins: { zh: "管理员上限", en: "admin limit" },
  "visible_range/users": { zh: "可见范围成员", en: "visible range users" },
  "visible_range/departments": { zh: "可见范围部门", en: "visible range departments" },
  "visible_range/tags": { zh: "可见范围标签", en: "visible range tags" },
  "visible_range/roles": { zh: "可见范围角色", en: "visible range roles" },
  admins: { zh: "管理员", en: "admins" },
  "archive:members": { zh: "会话存档成员", en: "chat archiving" },
  "archive:purpose": { zh: "会话存档目的", en: "chat archiving purpose" },
  "archive:legal_basis": { zh: "会话存档合法性基础", en: "chat archiving legal basis" },
  "archive:consent_purpose": { zh: "会话存档同意目的", en: "chat archiving consent purpose" },
  "archive:pia": { zh: "会话存档影响评估", en: "chat archiving PIA" },
  "archive:consultation": { zh: "会话存档民主程序记录", en: "chat archiving consultation record" },
  "archive:retention_days": { zh: "会话存档保存期", en: "chat retention" },
  "archive:storage_region": { zh: "会话存档存储地", en: "chat archive storage region" },
  "archive:includes_external_contacts": { zh: "存档与客户的会话", en: "archiving chats with customers" },
  "archive:since": { zh: "会话存档开始日期", en: "chat archiving since" },
  "chat_archive/max_days": { zh: "会话存档最长保存期", en: "longest chat retention allowed" },
  "admin_logs/min_days": { zh: "管理端操作日志保存期", en: "admin log retention" },
  "member_logs/min_days": { zh: "成员操作记录保存期", en: "member log retention" },
  "log_export/storage_region": { zh: "日志归档存储地", en: "log archive storage region" },
  "log_export/max_sync_age_days": { zh: "日志同步最长间隔", en: "longest gap between log syncs" },
  "leavers/disable_within_hours": { zh: "离职禁用时限", en: "disable leavers within" },
  "leavers/transfer_customers_within_days": {
    zh: "离职继承客户时限",
    en: "hand over leavers' customers within",
  },
  "leavers/delete_after_days": { zh: "离职删除期限", en: "delete leavers after" },
  "roster:roster": { zh: "花名册文件", en: "HR roster file" },
  "roster:origin": { zh: "花名册来源", en: "HR roster origin" },
  department: { zh: "部门", en: "department" },
  customer_takeover: { zh: "客户接替人", en: "customer takeover" },
  leave_date: { zh: "离职日期", en: "leave date" },
  status: { zh: "状态", en: "status" },
  approved_domains: { zh: "批准域名", en: "approved domains" },
  categories: { zh: "个人信息类别", en: "categories" },
  mechanism: { zh: "出境机制", en: "mechanism" },
  reference: { zh: "备案/合同编号", en: "reference" },
  legal_basis: { zh: "合法性基础", en: "legal basis" },
  notice_version: { zh: "告知版本", en: "notice version" },
  consent_purpose: { zh: "同意目的", en: "consent purpose" },
  domains: { zh: "接收域名", en: "domains" },
  people_count: { zh: "涉及人数", en: "people" },
  sensitive: { zh: "敏感个人信息", en: "sensitive" },
  separate_consent: { zh: "单独同意", en: "separate consent" },
  necessity: { zh: "必要性说明", en: "necessity" },
  impact: { zh: "影响说明", en: "impact" },
  max_retention_days: { zh: "最长保存期", en: "longest retention" },
  covers: { zh: "评估范围", en: "covers" },
  date: { zh: "日期", en: "date" },
  keep_until: { zh: "保存至", en: "kept until" },
  document: { zh: "文档", en: "document" },
  contacts: { zh: "联系人", en: "contacts" },
  drills: { zh: "演练", en: "drills" },
  attendees: { zh: "参加人", en: "attendees" },
  expires: { zh: "有效至", en: "until" },
  reason: { zh: "理由", en: "reason" },
  approved_by: { zh: "批准人", en: "approved by" },
  cii_operator: { zh: "关键信息基础设施运营者", en: "CII operator" },
  compliance_audit_interval_days: { zh: "合规审计间隔", en: "compliance audit interval" },
};

/** Units shown after a number: fields ending in _days or _hours. */
function unit(field: string): Bilingual | undefined {
  if (/days$/.test(field)) return { zh: "天", en: "days" };
  if (/hours$/.test(field)) return { zh: "小时", en: "hours" };
  return undefined;
}

function label(area: ChangeArea, field: string): Bilingual {
  return LABELS[`${area}:${field}`] ?? LABELS[field] ?? same(field);
}

const isText = (v: Value): v is Text => typeof v === "object" && v !== null && !Array.isArray(v);
const isSet = (v: Value): v is readonly string[] => Array.isArray(v);

function show(v: Value, lang: "zh" | "en"): string {
  if (v === undefined) return lang === "zh" ? "（无）" : "(none)";
  if (typeof v === "boolean") return lang === "zh" ? (v ? "是" : "否") : v ? "yes" : "no";
  if (isSet(v)) return v.join(lang === "zh" ? "、" : ", ");
  if (isText(v)) return v.text;
  return String(v);
}

function equal(a: Value, b: Value): boolean {
  if (isSet(a) && isSet(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (isText(a) && isText(b)) return a.text === b.text;
  return a === b;
}

const LOCATION_WORDS: Readonly<Record<string, Bilingual>> = {
  off: { zh: "关闭", en: "off" },
  "on-enter": { zh: "进入应用时上报", en: "on entering the app" },
  continuous: { zh: "持续上报", en: "continuous" },
};

/** "A → B" with units; Chinese keeps no space before the unit word. */
function arrow(field: string, before: Value, after: Value): Bilingual {
  const u = unit(field);
  const num = typeof before === "number" || typeof after === "number";
  const withUnit = (v: Value, lang: "zh" | "en") =>
    num && u && v !== undefined ? `${show(v, lang)}${lang === "zh" ? "" : " "}${u[lang]}` : show(v, lang);
  if (num && u && before !== undefined && after !== undefined)
    return {
      zh: `${show(before, "zh")} → ${show(after, "zh")} ${u.zh}`,
      en: `${show(before, "en")} → ${show(after, "en")} ${u.en}`,
    };
  return {
    zh: `${withUnit(before, "zh")} → ${withUnit(after, "zh")}`,
    en: `${withUnit(before, "en")} → ${withUnit(after, "en")}`,
  };
}

/** "+a +b −c": a set's change. */
function setDelta(added: readonly string[], removed: readonly string[]): string {
  return [...added.map((x) => `+${x}`), ...removed.map((x) => `−${x}`)].join(" ");
}

/** Word diff with at most `context` characters of unchanged text around each change. */
export function wordDiff(before: string, after: string): WordPart[] {
  return diffWords(before, after).map((p): WordPart => ({
    value: p.value,
    ...(p.added ? { added: true } : {}),
    ...(p.removed ? { removed: true } : {}),
  }));
}

/** `[-old-]{+new+}` inline (git's --word-diff=plain), unchanged runs shortened to `context` characters. */
export function plainWords(parts: readonly WordPart[], context = 24): string {
  return parts
    .map((p, i) => {
      if (p.added) return `{+${p.value}+}`;
      if (p.removed) return `[-${p.value}-]`;
      let v = p.value;
      const first = i === 0;
      const last = i === parts.length - 1;
      if (!first && !last && v.length > 2 * context) v = `${v.slice(0, context)}…${v.slice(-context)}`;
      else if (first && v.length > context) v = `…${v.slice(-context)}`;
      else if (last && v.length > context) v = `${v.slice(0, context)}…`;
      return v;
    })
    .join("");
}

/** A line in both languages: subject (unless a singleton), label, then what happened. */
function line(spec: AreaSpec, e: Entity, field: string, what: Bilingual): Bilingual {
  const l = label(spec.area, field);
  const zhHead = spec.singleton ? l.zh : [e.name.zh, l.zh].filter((s) => s !== "").join(" ");
  const enHead = spec.singleton ? l.en : [e.name.en, l.en].filter((s) => s !== "").join(" ");
  return {
    zh: zhHead === "" ? what.zh : zh`${zhHead}：${what.zh}`.replace(/： /, "："),
    en: enHead === "" ? what.en : `${enHead}: ${what.en}`,
  };
}

interface Context {
  readonly before: PolicyModel;
  readonly after: PolicyModel;
}

function purposeTitle(ctx: Context, key: string): Bilingual {
  const p =
    ctx.after.consentPurposes.find((x) => x.key === key) ??
    ctx.before.consentPurposes.find((x) => x.key === key);
  return p ? { zh: zh`${p.title.zh}（${key}）`, en: `${p.title.en} (${key})` } : same(key);
}

/** Lines that read better than "field: a → b" for the changes reviewers look for first. */
function special(
  ctx: Context,
  spec: AreaSpec,
  e: Entity,
  field: string,
  before: Value,
  after: Value,
): Bilingual | undefined {
  const f = e.fields;
  if (spec.area === "app" && field === "location/mode") {
    const b = String(before ?? "off");
    const a = String(after ?? "off");
    const w = (m: string) => LOCATION_WORDS[m] ?? same(m);
    if (b === "off")
      return {
        zh: zh`${e.name.zh}开启位置上报（${w(a).zh}）`,
        en: `location reporting on (${w(a).en}) for ${e.name.en}`,
      };
    if (a === "off")
      return { zh: zh`${e.name.zh}关闭位置上报`, en: `location reporting off for ${e.name.en}` };
    return {
      zh: zh`${e.name.zh}位置上报：${w(b).zh} → ${w(a).zh}`,
      en: `location reporting ${w(b).en} → ${w(a).en} for ${e.name.en}`,
    };
  }
  if (spec.area === "archive" && field === "enabled")
    return after
      ? { zh: "开启会话存档", en: "chat archiving on" }
      : { zh: "关闭会话存档", en: "chat archiving off" };
  if (spec.area === "consent" && field === "withdrawn") {
    const who = String(f["userid"]);
    const p = purposeTitle(ctx, String(f["purpose"]));
    if (after !== undefined && before === undefined)
      return {
        zh: zh`${who}于${String(after)}撤回对${p.zh}的同意`,
        en: `${who} withdrew consent to ${p.en} on ${String(after)}`,
      };
    if (after === undefined)
      return {
        zh: zh`${who}对${p.zh}的撤回记录（${String(before)}）被删除`,
        en: `${who}'s withdrawal of consent to ${p.en} (${String(before)}) removed`,
      };
  }
  if (spec.area === "person" && field === "status") {
    const who = e.key;
    if (after === "left") {
      const d = f["leave_date"];
      return d === undefined
        ? { zh: zh`${who}离职`, en: `${who} left` }
        : { zh: zh`${who}于${String(d)}离职`, en: `${who} left on ${String(d)}` };
    }
    if (before === "left") return { zh: zh`${who}恢复在职`, en: `${who} is active again` };
  }
  if (spec.area === "waiver" && field === "expires") {
    return {
      zh: zh`豁免${e.key}（${String(f["control"])}）有效期：${show(before, "zh")} → ${show(after, "zh")}`,
      en: `waiver ${e.key} for ${String(f["control"])}: until ${show(before, "en")} → ${show(after, "en")}`,
    };
  }
  return undefined;
}

function came(ctx: Context, spec: AreaSpec, e: Entity): Bilingual {
  const f = e.fields;
  switch (spec.area) {
    case "role":
      return {
        zh: zh`新增角色${e.key}：标签${show(f["tag_name"], "zh")}，负责人${show(f["owner"], "zh")}，成员${show(f["members"], "zh")}`,
        en: `role ${e.key} added: tag ${show(f["tag_name"], "en")}, owner ${show(f["owner"], "en")}, members ${show(f["members"], "en")}`,
      };
    case "consent": {
      const who = String(f["userid"]);
      const p = purposeTitle(ctx, String(f["purpose"]));
      const given: Bilingual = {
        zh: zh`${who}于${String(f["given"])}同意${p.zh}`,
        en: `${who} gave consent to ${p.en} on ${String(f["given"])}`,
      };
      if (f["withdrawn"] === undefined) return given;
      return {
        zh: zh`${given.zh}，于${String(f["withdrawn"])}撤回`,
        en: `${given.en}, withdrew it on ${String(f["withdrawn"])}`,
      };
    }
    case "person": {
      const left = f["status"] === "left";
      return {
        zh: zh`${e.key}加入花名册${left ? zh`（已于 ${show(f["leave_date"], "zh")} 离职）` : ""}`,
        en: `${e.key} added to the HR roster${left ? ` (left on ${show(f["leave_date"], "en")})` : ""}`,
      };
    }
    case "waiver":
      return {
        zh: zh`新增豁免${e.key}：${String(f["control"])}对${String(f["target"])}，有效至${String(f["expires"])}（负责人${String(f["owner"])}）`,
        en: `waiver for ${String(f["control"])} on ${String(f["target"])} until ${String(f["expires"])} (${e.key}, owner ${String(f["owner"])})`,
      };
    case "app":
      return {
        zh: zh`纳管应用${e.name.zh}（${e.key}，agentid ${show(f["agentid"], "zh")}）`,
        en: `app ${e.name.en} (${e.key}, agentid ${show(f["agentid"], "en")}) added`,
      };
    default:
      return { zh: zh`新增${spec.noun.zh} ${e.key}`, en: `${spec.noun.en} ${e.key} added` };
  }
}

function went(ctx: Context, spec: AreaSpec, e: Entity): Bilingual {
  const f = e.fields;
  switch (spec.area) {
    case "role":
      return {
        zh: zh`删除角色${e.key}（标签${show(f["tag_name"], "zh")}，成员${show(f["members"], "zh")}）`,
        en: `role ${e.key} removed (tag ${show(f["tag_name"], "en")}, members ${show(f["members"], "en")})`,
      };
    case "consent": {
      const p = purposeTitle(ctx, String(f["purpose"]));
      return {
        zh: zh`删除${String(f["userid"])}于${String(f["given"])}对${p.zh}的同意记录`,
        en: `${String(f["userid"])}'s consent to ${p.en} of ${String(f["given"])} removed from the ledger`,
      };
    }
    case "person":
      return { zh: zh`${e.key}从花名册中删除`, en: `${e.key} removed from the HR roster` };
    case "waiver":
      return {
        zh: zh`删除豁免${e.key}（${String(f["control"])}对${String(f["target"])}）`,
        en: `waiver ${e.key} for ${String(f["control"])} on ${String(f["target"])} removed`,
      };
    default:
      return { zh: zh`删除${spec.noun.zh} ${e.name.zh}`, en: `${spec.noun.en} ${e.name.en} removed` };
  }
}

/** A waiver change also touches the control it silences (before and after). */
function extraControls(spec: AreaSpec, ...entities: (Entity | undefined)[]): ControlId[] {
  if (spec.area !== "waiver") return [];
  return entities.flatMap((e) =>
    e && typeof e.fields["control"] === "string" ? [e.fields["control"] as ControlId] : [],
  );
}

function controlsFor(path: string, extra: readonly ControlId[]): ControlId[] {
  const ids = new Set<string>([...controlsReading(path), ...extra]);
  return CONTROL_IDS.filter((id) => ids.has(id));
}

/** Every change from `before` to `after`, area by area, entities by key, fields in file order. */
export function policyChanges(before: PolicyModel, after: PolicyModel): PolicyChange[] {
  const ctx: Context = { before, after };
  const out: PolicyChange[] = [];
  for (const spec of AREAS) {
    const olds = new Map(spec.entities(before).map((e) => [e.key, e]));
    const news = new Map(spec.entities(after).map((e) => [e.key, e]));
    const keys = [...new Set([...olds.keys(), ...news.keys()])].sort((a, b) =>
      a.localeCompare(b, "en", { numeric: true }),
    );
    for (const key of keys) {
      const o = olds.get(key);
      const n = news.get(key);
      if (!o && n) {
        out.push({
          area: spec.area,
          subject: key,
          op: "added",
          path: n.path,
          text: came(ctx, spec, n),
          controls: controlsFor(n.path, extraControls(spec, n)),
        });
        continue;
      }
      if (o && !n) {
        out.push({
          area: spec.area,
          subject: key,
          op: "removed",
          path: o.path,
          text: went(ctx, spec, o),
          controls: controlsFor(o.path, extraControls(spec, o)),
        });
        continue;
      }
      if (!o || !n) continue;
      for (const field of Object.keys(n.fields)) {
        const b = o.fields[field];
        const a = n.fields[field];
        if (equal(b, a)) continue;
        const path = `${n.path}/${field}`;
        const base = {
          area: spec.area,
          subject: key,
          field,
          op: "changed" as const,
          path,
          controls: controlsFor(path, extraControls(spec, o, n)),
        };
        const sp = special(ctx, spec, n, field, b, a);
        if (sp) {
          out.push({ ...base, text: sp, ...values(b, a) });
        } else if (isSet(a) || isSet(b)) {
          const bs = isSet(b) ? b : [];
          const as = isSet(a) ? a : [];
          const added = as.filter((x) => !bs.includes(x));
          const removed = bs.filter((x) => !as.includes(x));
          const delta = setDelta(added, removed);
          out.push({ ...base, text: line(spec, n, field, same(delta)), added, removed });
        } else if (isText(a) || isText(b)) {
          const words = wordDiff(isText(b) ? b.text : "", isText(a) ? a.text : "");
          out.push({ ...base, text: line(spec, n, field, same(plainWords(words))), words, ...values(b, a) });
        } else {
          out.push({ ...base, text: line(spec, n, field, arrow(field, b, a)), ...values(b, a) });
        }
      }
    }
  }
  return out;
}

type Scalar = string | number | boolean;
function values(b: Value, a: Value): { before?: Scalar; after?: Scalar } {
  const plain = (v: Value): Scalar | undefined => (isText(v) ? v.text : isSet(v) ? v.join(", ") : v);
  const pb = plain(b);
  const pa = plain(a);
  return { ...(pb !== undefined ? { before: pb } : {}), ...(pa !== undefined ? { after: pa } : {}) };
}

/** Counts for a policy directory that appears for the first time: "5 roles, 4 apps, 200 people…". */
export function firstAppearance(m: PolicyModel): PolicyChange {
  const counts = {
    zh: zh`策略文件首次出现：${m.roles.length}个角色，${m.apps.length}个应用，${m.people.members.length}名人员，${m.consentLedger.entries.length}条同意记录，${m.waivers.length}个豁免`,
    en: `policy files added: ${m.roles.length} roles, ${m.apps.length} apps, ${m.people.members.length} people, ${m.consentLedger.entries.length} consent records, ${m.waivers.length} waiver${m.waivers.length === 1 ? "" : "s"}`,
  };
  return { area: "tenant", subject: "", op: "added", path: "tenant#", text: counts, controls: [] };
}
