/* eslint-disable */
/**
 * GENERATED from schemas/resources/*.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  AppAccessInputs,
  AppAccessState,
  AppSettingsInputs,
  AppSettingsState,
  ArchiveScopeInputs,
  ArchiveScopeState,
  CheckinRuleInputs,
  CheckinRuleState,
  CustomerHandoverInputs,
  CustomerHandoverState,
  InterceptRuleInputs,
  InterceptRuleState,
  MemberStatusInputs,
  MemberStatusState,
  RoleInputs,
  RoleState,
} from "./index";

/** A program argument: the value, or a promise or Output of it, at any depth. */
export type Arg<T> = pulumi.Input<[T] extends [(infer U)[]] ? Arg<U>[] : [T] extends [object] ? Args<T> : T>;
/** A resource's arguments: its inputs, each of them an Arg. */
export type Args<T> = { [K in keyof T]: Arg<T[K]> };

/** An app's visible range (可见范围) and admins. Observed: agent/get and agent/get_admin_list read them, no API writes them; `up` fails naming the console path when they differ. The id is the agentid. 应用的可见范围与管理员。仅观测：API 只能读取；不一致时 up 失败并给出管理后台路径。id 为 AgentId。 */
export class AppAccess extends pulumi.CustomResource {
  /** The app's AgentId; its secret must be in wecom:appSecrets. 应用 AgentId，其 Secret 须在 wecom:appSecrets 中。 */
  declare readonly agentId: pulumi.Output<AppAccessState["agentId"]>;
  /** Who can see and use the app. 应用可见范围。 */
  declare readonly visibleRange: pulumi.Output<AppAccessState["visibleRange"]>;
  /** The app's admins and their rights; a set. 应用管理员及其权限（集合）。 */
  declare readonly admins: pulumi.Output<AppAccessState["admins"]>;

  constructor(name: string, args: Args<AppAccessInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super("wecom:index:AppAccess", name, { ...args }, opts);
  }
}

/** The API-writable settings of one self-built app (agent/get, agent/set). Managed but adopted: apps cannot be created by API, so creating this resource adopts an existing app and deleting it forgets the app (never disables it). Only the fields declared are compared and written; the id is the agentid. 自建应用中可由 API 设置的项。受管但为接管：应用无法通过 API 创建，删除本资源只会停止管理，不会停用应用；只比较和写入声明的字段；id 为 AgentId。 */
export class AppSettings extends pulumi.CustomResource {
  /** The app's AgentId; its secret must be in wecom:appSecrets. Changing it replaces the resource. 应用 AgentId，其 Secret 须在 wecom:appSecrets 中；修改即替换。 */
  declare readonly agentId: pulumi.Output<AppSettingsState["agentId"]>;
  /** The app name, 1–32 characters. 应用名称，1–32 个字符。 */
  declare readonly name: pulumi.Output<AppSettingsState["name"] | undefined>;
  /** The app description, 4–120 characters. 应用简介，4–120 个字符。 */
  declare readonly description: pulumi.Output<AppSettingsState["description"] | undefined>;
  /** Location reporting: off or on-enter. Continuous reporting is neither readable nor writable by API and is refused with the console path. 上报地理位置：off 或 on-enter；持续上报无法通过 API 读写。 */
  declare readonly locationMode: pulumi.Output<AppSettingsState["locationMode"] | undefined>;
  /** Whether entering the app is reported as an event. 是否上报进入应用事件。 */
  declare readonly reportEnter: pulumi.Output<AppSettingsState["reportEnter"] | undefined>;
  /** Trusted redirect domain: a bare host name (no scheme, path or port), or empty. 可信域名（不含协议、路径和端口），可为空。 */
  declare readonly redirectDomain: pulumi.Output<AppSettingsState["redirectDomain"] | undefined>;
  /** The app's home page: an http(s) URL, or empty. 应用主页，http(s) 地址，可为空。 */
  declare readonly homeUrl: pulumi.Output<AppSettingsState["homeUrl"] | undefined>;
  /** Whether the app is disabled (停用). Observed only: the API can neither enable nor disable an app. 应用是否已停用，仅观测。 */
  declare readonly closed: pulumi.Output<AppSettingsState["closed"]>;

  constructor(name: string, args: Args<AppSettingsInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super(
      "wecom:index:AppSettings",
      name,
      {
        name: undefined,
        description: undefined,
        locationMode: undefined,
        reportEnter: undefined,
        redirectDomain: undefined,
        homeUrl: undefined,
        closed: undefined,
        ...args,
      },
      opts,
    );
  }
}

/** Who has message archiving (会话内容存档) on. Observed: msgaudit/get_permit_user_list reads it with the archive secret; only the console sets it. One per tenant, id "archive". 开启会话内容存档的成员。仅观测：只能在管理后台设置。每个企业一个，id 为 "archive"。 */
export class ArchiveScope extends pulumi.CustomResource {
  /** Userids whose chats are archived; a set. 开启存档的成员 userid 集合。 */
  declare readonly members: pulumi.Output<ArchiveScopeState["members"]>;

  constructor(name: string, args: Args<ArchiveScopeInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super("wecom:index:ArchiveScope", name, { ...args }, opts);
  }
}

/** A check-in (打卡) rule: who checks in, when, where (geofences, Wi-Fi), with photos or face recognition. Managed with the check-in app's secret: checkin/add_checkin_option, update_checkin_option, clear_checkin_option_array_field, del_checkin_option, read with getcorpcheckinoption (official doc path/98041); the id is the WeCom groupid. Only the properties given are compared and written. Deleting the resource releases an imported or adopted rule (it stays in WeCom) and deletes a rule the stack created, unless onRemoval says otherwise. 打卡规则：打卡人员、时间、地点（围栏、Wi-Fi）、拍照或人脸识别。受管资源，id 为规则 groupid；只比较和写入给出的属性。删除资源时接管的规则只释放，由本 stack 创建的规则被删除，onRemoval 另有规定的除外。 */
export class CheckinRule extends pulumi.CustomResource {
  /** The rule name (groupname). 规则名称。 */
  declare readonly name: pulumi.Output<CheckinRuleState["name"]>;
  /** Userids who check in under the rule (range.userid); a set, case-insensitive. 打卡成员 userid 集合。 */
  declare readonly members: pulumi.Output<CheckinRuleState["members"]>;
  /** Department ids whose members, with sub-departments, check in (range.partyid); a set. 打卡部门 id 集合。 */
  declare readonly departments: pulumi.Output<CheckinRuleState["departments"]>;
  /** Userids in the range who need not check in (white_users); a set. Not compared when absent; WeCom cannot empty it through the API. 免打卡成员。 */
  declare readonly exemptMembers: pulumi.Output<CheckinRuleState["exemptMembers"] | undefined>;
  /** Days of the week with check-in (checkindate.workdays); a set. 工作日集合。 */
  declare readonly workdays: pulumi.Output<CheckinRuleState["workdays"] | undefined>;
  /** Shifts on those days (checkindate.checkintime), in order. 上下班时段。 */
  declare readonly times: pulumi.Output<CheckinRuleState["times"] | undefined>;
  /** Statutory holidays are days off (sync_holidays). 同步法定节假日。 */
  declare readonly syncHolidays: pulumi.Output<CheckinRuleState["syncHolidays"] | undefined>;
  /** Places where check-in counts (loc_infos); a set. 打卡地点集合。 */
  declare readonly geofences: pulumi.Output<CheckinRuleState["geofences"] | undefined>;
  /** Office Wi-Fi networks (wifimac_infos); a set keyed by MAC. 办公 Wi-Fi 集合。 */
  declare readonly wifi: pulumi.Output<CheckinRuleState["wifi"] | undefined>;
  /** A photo with every check-in (need_photo). 拍照打卡。 */
  declare readonly photoRequired: pulumi.Output<CheckinRuleState["photoRequired"] | undefined>;
  /** Face recognition on check-in (use_face_detect): biometric data (WC.CHK.2). 人脸识别打卡。 */
  declare readonly faceRecognition: pulumi.Output<CheckinRuleState["faceRecognition"] | undefined>;
  /** Check-in on days off is allowed (allow_checkin_offworkday). 允许非工作日打卡。 */
  declare readonly offWorkdayAllowed: pulumi.Output<CheckinRuleState["offWorkdayAllowed"] | undefined>;
  /** What happens to the rule when it leaves the policy: "release" (it stays in WeCom, no longer managed) or "delete" (del_checkin_option). Default: release an adopted rule, delete one the stack created. 规则移出策略时：release 只释放，delete 删除。 */
  declare readonly onRemoval: pulumi.Output<CheckinRuleState["onRemoval"] | undefined>;
  /** The WeCom groupid of the rule. 规则 groupid。 */
  declare readonly groupId: pulumi.Output<CheckinRuleState["groupId"]>;
  /** Whether the rule existed before the stack managed it (pulumi import, or the import option): then deleting the resource releases it and never calls del_checkin_option. 规则是否在纳入 stack 前已存在：是则删除资源时只释放。 */
  declare readonly adopted: pulumi.Output<CheckinRuleState["adopted"]>;

  constructor(name: string, args: Args<CheckinRuleInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super(
      "wecom:index:CheckinRule",
      name,
      {
        exemptMembers: undefined,
        workdays: undefined,
        times: undefined,
        syncHolidays: undefined,
        geofences: undefined,
        wifi: undefined,
        photoRequired: undefined,
        faceRecognition: undefined,
        offWorkdayAllowed: undefined,
        onRemoval: undefined,
        groupId: undefined,
        adopted: undefined,
        ...args,
      },
      opts,
    );
  }
}

/** Departed members' customers handed over to a declared colleague (离职继承): resigned/transfer_customer for every customer still unassigned. Customers of a departed member without a takeover are reported in undeclared, never moved. One per tenant, id "handover". 离职成员的客户转接给指定同事；未声明接替人的客户只报告不转接。每个企业一个，id 为 "handover"。 */
export class CustomerHandover extends pulumi.CustomResource {
  /** Who takes over whose customers; one takeover per leaver. 客户接替关系，每名离职人员一条。 */
  declare readonly takeovers: pulumi.Output<CustomerHandoverState["takeovers"]>;
  /** Customers of declared leavers not yet handed over, as handoverUserId/externalUserId. 已声明接替人但尚未转接的客户。 */
  declare readonly pending: pulumi.Output<CustomerHandoverState["pending"]>;
  /** Customers of leavers without a declared takeover, as handoverUserId/externalUserId; never moved. 未声明接替人的离职成员的客户，不转接。 */
  declare readonly undeclared: pulumi.Output<CustomerHandoverState["undeclared"]>;

  constructor(name: string, args: Args<CustomerHandoverInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super("wecom:index:CustomerHandover", name, { pending: undefined, undeclared: undefined, ...args }, opts);
  }
}

/** A chat intercept rule (管理聊天敏感词, official doc path/95130): the words and extra semantics (phone numbers, e-mail addresses, red packets) WeCom stops or warns about when a member in the range sends them to an external contact. Managed with the customer-contact app: externalcontact/add_intercept_rule, update_intercept_rule (the range changes through add/remove range fields), del_intercept_rule; the id is the WeCom rule_id. Only the fields declared are compared and written; words and the range are sets. Deleting the resource releases an imported or adopted rule (it stays in WeCom) and deletes a rule the stack created, unless onRemoval says otherwise. 聊天敏感词拦截规则：范围内成员向外部联系人发送敏感词、手机号、邮箱或红包时，企业微信拦截或警告。受管资源（客户联系可调用接口的应用），id 为规则 rule_id；只比较和写入声明的字段，敏感词与适用范围按集合比较。删除资源时导入或接管的规则只释放（保留在企业微信中），由本 stack 创建的规则被删除，onRemoval 另有规定的除外。 */
export class InterceptRule extends pulumi.CustomResource {
  /** The rule name (rule_name), 1–20 characters, unique in the company. 规则名称，1–20 个字符，企业内唯一。 */
  declare readonly name: pulumi.Output<InterceptRuleState["name"]>;
  /** Sensitive words (word_list): at most 300, each 1–32 characters; a set, order does not matter. Left out: the rule's words are not managed. 敏感词集合（不计顺序），最多 300 个，每个 1–32 个字符；省略则不管理敏感词。 */
  declare readonly words: pulumi.Output<InterceptRuleState["words"] | undefined>;
  /** Extra semantics WeCom detects (semantics_list): phone (1, phone numbers), email (2, e-mail addresses), red_packet (3, red packets); a set. Left out: not managed. 额外拦截语义集合：phone 手机号、email 邮箱地址、red_packet 红包；省略则不管理。 */
  declare readonly semantics: pulumi.Output<InterceptRuleState["semantics"] | undefined>;
  /** "block" (intercept_type 1: warn and stop the message) or "warn" (intercept_type 2: warn only, the message is sent). 拦截方式：block 警告并拦截发送，warn 仅发警告。 */
  declare readonly action: pulumi.Output<InterceptRuleState["action"]>;
  /** Userids the rule covers (applicable_range.user_list), at most 1000, inside the customer-contact app's visible range; a set, userids are case-insensitive. Roles of the policy are expanded to their members by the program (the API takes no tags). Left out: not managed. 适用成员 userid 集合（最多 1000 个，须在客户联系应用的可见范围内，不区分大小写）；策略中的角色由程序展开为其成员（接口不接受标签）；省略则不管理。 */
  declare readonly members: pulumi.Output<InterceptRuleState["members"] | undefined>;
  /** Department ids the rule covers (applicable_range.department_list), at most 1000, inside the app's visible range; a set. Left out: not managed. 适用部门 id 集合（最多 1000 个，须在应用可见范围内）；省略则不管理。 */
  declare readonly departments: pulumi.Output<InterceptRuleState["departments"] | undefined>;
  /** What happens to the WeCom rule when it leaves the policy: "release" (the resource leaves the stack, the rule stays in WeCom) or "delete" (del_intercept_rule). Default: release for an adopted rule (pulumi import, the import option), delete for a rule the stack created. 规则移出策略时：release 只释放（规则保留在企业微信中），delete 删除。默认：接管的规则释放，本 stack 创建的规则删除。 */
  declare readonly onRemoval: pulumi.Output<InterceptRuleState["onRemoval"] | undefined>;
  /** The WeCom rule_id, assigned by WeCom when the rule is created. 企业微信分配的规则 id。 */
  declare readonly ruleId: pulumi.Output<InterceptRuleState["ruleId"]>;
  /** Whether the rule existed before the stack managed it (pulumi import, or the import option): then deleting the resource releases the rule and never calls del_intercept_rule. 规则是否在纳入 stack 之前已存在（导入或接管）：是则删除资源时只释放，不删除规则。 */
  declare readonly adopted: pulumi.Output<InterceptRuleState["adopted"]>;

  constructor(name: string, args: Args<InterceptRuleInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super(
      "wecom:index:InterceptRule",
      name,
      {
        words: undefined,
        semantics: undefined,
        members: undefined,
        departments: undefined,
        onRemoval: undefined,
        ruleId: undefined,
        adopted: undefined,
        ...args,
      },
      opts,
    );
  }
}

/** Leavers from the HR roster are cut off: disabled once their leave date has ended (China Standard Time), deleted after deleteAfterDays if set. It never touches a member absent from the roster (`wecom-policy drift` lists them in membersNotInRoster). The roster travels as a digest and a count, so the resource grows with the leavers, not with the company. One resource per roster, batched; id "members". 人事花名册中的离职人员在离职日结束后被禁用，设置 deleteAfterDays 时到期删除；不在花名册中的成员从不处理（`wecom-policy drift` 在 membersNotInRoster 中列出）。花名册仅以摘要和人数传递。每份花名册一个资源，id 为 "members"。 */
export class MemberStatus extends pulumi.CustomResource {
  /** SHA-256 of the HR roster's userids, lower-cased, unique, sorted and joined by newlines ("sha256:" + 64 hex digits): a changed roster is a recorded change without the whole roster in every call. 花名册 userid（小写、去重、排序、换行连接）的 SHA-256 摘要。 */
  declare readonly rosterDigest: pulumi.Output<MemberStatusState["rosterDigest"]>;
  /** How many userids the roster holds. 花名册人数。 */
  declare readonly rosterSize: pulumi.Output<MemberStatusState["rosterSize"]>;
  /** Members who leave, each with the last working day. 离职人员及其最后工作日。 */
  declare readonly leavers: pulumi.Output<MemberStatusState["leavers"]>;
  /** Hours after the leave date ends within which a leaver must be disabled (the SLA reported in overdue). 离职日结束后须在多少小时内禁用。 */
  declare readonly disableWithinHours: pulumi.Output<MemberStatusState["disableWithinHours"]>;
  /** Days after the leave date ends after which a leaver is deleted; omit to never delete. 离职日结束多少天后删除成员；省略则不删除。 */
  declare readonly deleteAfterDays: pulumi.Output<MemberStatusState["deleteAfterDays"] | undefined>;
  /** At most this many leavers are disabled in one run; above it the preview and the update fail before any write, listing them. Default: no limit. 每次运行最多禁用的离职人员数；超过则预览和更新在任何写入前失败并列出名单。默认不限。 */
  declare readonly maxDisables: pulumi.Output<MemberStatusState["maxDisables"] | undefined>;
  /** At most this many leavers are deleted (user/delete) in one run; above it the preview and the update fail before any write, listing them. Default: no limit. 每次运行最多删除的离职人员数；超过则预览和更新在任何写入前失败并列出名单。默认不限。 */
  declare readonly maxDeletes: pulumi.Output<MemberStatusState["maxDeletes"] | undefined>;
  /** Leavers disabled in WeCom (in inputs: those who must be disabled today). 已禁用的离职人员（输入中：今天须禁用者）。 */
  declare readonly disabled: pulumi.Output<MemberStatusState["disabled"]>;
  /** Leavers deleted from WeCom (in inputs: those who must be deleted today). 已删除的离职人员（输入中：今天须删除者）。 */
  declare readonly deleted: pulumi.Output<MemberStatusState["deleted"]>;
  /** Leavers still active past disableWithinHours. 超过时限仍未禁用的离职人员。 */
  declare readonly overdue: pulumi.Output<MemberStatusState["overdue"]>;

  constructor(name: string, args: Args<MemberStatusInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super(
      "wecom:index:MemberStatus",
      name,
      {
        deleteAfterDays: undefined,
        maxDisables: undefined,
        maxDeletes: undefined,
        disabled: undefined,
        deleted: undefined,
        overdue: undefined,
        ...args,
      },
      opts,
    );
  }
}

/** A WeCom tag (标签) used as a role: its name, member userids and departments. Managed: tag/create, tag/update, addtagusers/deltagusers; the id is the WeCom tagid. Deleting the resource releases an imported or adopted tag (it stays in WeCom) and deletes a tag the stack created (tag/delete), unless onRemoval says otherwise. 用作角色的企业微信标签：名称、成员 userid 与部门。受管资源，id 为标签 tagid；删除资源时导入或接管的标签只释放（保留在企业微信中），由本 stack 创建的标签被删除，onRemoval 另有规定的除外。 */
export class Role extends pulumi.CustomResource {
  /** The tag name, 1–32 characters. 标签名，1–32 个字符。 */
  declare readonly name: pulumi.Output<RoleState["name"]>;
  /** Member userids; a set: order does not matter, userids are case-insensitive. 成员 userid 集合（不计顺序，不区分大小写）。 */
  declare readonly members: pulumi.Output<RoleState["members"]>;
  /** Department ids whose members hold the role; a set. Default: none. 持有该角色的部门 id 集合，默认无。 */
  declare readonly departments: pulumi.Output<RoleState["departments"] | undefined>;
  /** What happens to the tag when the role leaves the policy: "release" (the resource leaves the stack, the tag and its members stay in WeCom) or "delete" (tag/delete). Default: release for an adopted tag (pulumi import, the import option), delete for a tag the stack created. 角色移出策略时如何处理标签：release 只释放（标签及成员保留在企业微信中），delete 删除标签。默认：接管的标签释放，本 stack 创建的标签删除。 */
  declare readonly onRemoval: pulumi.Output<RoleState["onRemoval"] | undefined>;
  /** The WeCom tagid, assigned by WeCom when the tag is created. 企业微信分配的标签 id。 */
  declare readonly tagId: pulumi.Output<RoleState["tagId"]>;
  /** Whether the tag existed before the stack managed it (pulumi import, or the import option): then deleting the resource releases the tag and never calls tag/delete. 标签是否在纳入 stack 之前已存在（导入或接管）：是则删除资源时只释放，不删除标签。 */
  declare readonly adopted: pulumi.Output<RoleState["adopted"]>;

  constructor(name: string, args: Args<RoleInputs>, opts?: pulumi.CustomResourceOptions) {
    // Every state property is registered, so each is an Output even when the program leaves it out.
    super(
      "wecom:index:Role",
      name,
      { departments: undefined, onRemoval: undefined, tagId: undefined, adopted: undefined, ...args },
      opts,
    );
  }
}
