/**
 * WC.ARC — message archiving (会话内容存档): a legal basis (PIPL Art. 13; LCL Art. 4 for the HR basis),
 * live consents (Arts. 14, 15), a PIA (Art. 55), bounded retention (Art. 19), and external contacts
 * who declined (Art. 14).
 */
import type { Archive } from "../../policy/model";
import { filled, hasLeft, type DeclaredContext, type LiveContext } from "../context";
import { cannotCheck, finding, type Finding } from "../finding";
import { zh, type Bilingual } from "../../text";
import { itemRef } from "../../policy/model";
import { joinProblems } from "./common";

const ARCHIVE_OFF: Bilingual = { zh: "会话内容存档未开启。", en: "Message archiving is off." };

function off(id: "WC.ARC.1v1" | "WC.ARC.3v1" | "WC.ARC.4v1", archive: Archive): Finding {
  return finding(id, "not-applicable", "archive", ARCHIVE_OFF, { pointer: archive.source });
}

export function checkArc1(ctx: DeclaredContext): Finding[] {
  const a = ctx.model.archive;
  if (!a.enabled) return [off("WC.ARC.1v1", a)];
  const fail = (message: Bilingual, pointer = `${a.source}/legal_basis`): Finding[] => [
    finding("WC.ARC.1v1", "fail", "archive", message, { pointer }),
  ];
  if (a.legalBasis === undefined) {
    return fail({
      zh: "会话内容存档已开启，但 archive.yaml 未声明法律依据。",
      en: "Message archiving is on but archive.yaml declares no legal basis.",
    });
  }
  if (a.legalBasis === "consent") {
    const cp = ctx.model.consentPurposes.find((p) => p.key === a.consentPurpose);
    if (!cp) {
      return fail({
        zh: "会话内容存档以同意为依据，但未引用同意目的。",
        en: "Message archiving rests on consent but names no consent purpose.",
      });
    }
    return [
      finding(
        "WC.ARC.1v1",
        "pass",
        "archive",
        {
          zh: zh`会话内容存档以同意为依据（同意目的 ${cp.key}，告知版本 ${cp.noticeVersion}）。`,
          en: `Message archiving rests on consent (purpose ${cp.key}, notice ${cp.noticeVersion}).`,
        },
        { pointer: `${a.source}/consent_purpose` },
      ),
    ];
  }
  // HR basis, PIPL Art. 13(1)(2): only under labour rules made by the LCL Art. 4 procedure.
  const rec = ctx.model.records.consultations.find((c) => c.id === a.consultationRecord);
  if (!rec) {
    return fail({
      zh: "会话内容存档以人力资源管理为依据，但未引用劳动规章制度的民主程序记录（《劳动合同法》第四条）。",
      en: "Message archiving rests on HR management but names no labour-rules consultation record (LCL Art. 4).",
    });
  }
  const problems: Bilingual[] = [];
  if (!filled(rec.rule))
    problems.push({ zh: zh`记录 ${rec.id} 未写明规章制度`, en: `record ${rec.id} names no rule` });
  if (rec.publishedOn < rec.settledOn)
    problems.push({
      zh: zh`规章于 ${rec.publishedOn} 公示，早于 ${rec.settledOn} 协商确定`,
      en: `the rule was published on ${rec.publishedOn}, before it was settled by consultation on ${rec.settledOn}`,
    });
  if (rec.publishedOn > ctx.today)
    problems.push({
      zh: zh`规章的公示日期 ${rec.publishedOn} 在未来`,
      en: `the rule's publication date ${rec.publishedOn} is in the future`,
    });
  if (a.since !== undefined && rec.publishedOn > a.since)
    problems.push({
      zh: zh`规章于 ${rec.publishedOn} 公示，晚于存档开始日期 ${a.since}`,
      en: `the rule was published on ${rec.publishedOn}, after archiving started on ${a.since}`,
    });
  if (problems.length > 0) {
    const p = joinProblems(problems);
    return fail(
      {
        zh: zh`会话内容存档以人力资源管理为依据，但${p.zh}（《劳动合同法》第四条）。`,
        en: `Message archiving rests on HR management, but ${p.en} (LCL Art. 4).`,
      },
      rec.source,
    );
  }
  return [
    finding(
      "WC.ARC.1v1",
      "pass",
      "archive",
      {
        zh: zh`会话内容存档以人力资源管理为依据：规章「${rec.rule}」于 ${rec.settledOn} 协商确定、${rec.publishedOn} 公示（记录 ${rec.id}）。`,
        en: `Message archiving rests on HR management under the labour rule "${rec.rule}", settled by consultation on ${rec.settledOn} and published on ${rec.publishedOn} (record ${rec.id}).`,
      },
      { pointer: `${a.source}/consultation` },
    ),
  ];
}

export function checkArc3(ctx: DeclaredContext): Finding[] {
  const a = ctx.model.archive;
  if (!a.enabled) return [off("WC.ARC.3v1", a)];
  const pia = ctx.model.records.pias.find((p) => p.id === a.piaRecord);
  if (!pia) {
    return [
      finding(
        "WC.ARC.3v1",
        "fail",
        "archive",
        {
          zh: "会话内容存档已开启，但没有个人信息保护影响评估记录。",
          en: "Message archiving is on but has no PIA record.",
        },
        { pointer: a.source },
      ),
    ];
  }
  const startedOn = a.since ?? ctx.today;
  if (pia.date > startedOn) {
    return [
      finding(
        "WC.ARC.3v1",
        "fail",
        "archive",
        {
          zh: zh`会话内容存档的影响评估 ${pia.id} 日期为 ${pia.date}，晚于存档开始日期 ${startedOn}。`,
          en: `Message archiving's PIA ${pia.id} is dated ${pia.date}, after archiving started on ${startedOn}.`,
        },
        { pointer: pia.source },
      ),
    ];
  }
  return [
    finding(
      "WC.ARC.3v1",
      "pass",
      "archive",
      {
        zh: zh`会话内容存档有影响评估 ${pia.id}（${pia.date}）。`,
        en: `Message archiving has PIA ${pia.id} (${pia.date}).`,
      },
      { pointer: `${a.source}/pia` },
    ),
  ];
}

export function checkArc4(ctx: DeclaredContext): Finding[] {
  const a = ctx.model.archive;
  if (!a.enabled) return [off("WC.ARC.4v1", a)];
  if (a.retentionDays === undefined) {
    return [
      finding(
        "WC.ARC.4v1",
        "fail",
        "archive",
        { zh: "会话内容存档未声明保存期限。", en: "Message archiving declares no retention period." },
        { pointer: a.source },
      ),
    ];
  }
  const days = a.retentionDays;
  const limits: (Bilingual & { days: number; pointer: string })[] = [
    {
      days: ctx.model.retention.chatArchive.maxDays,
      zh: "retention.yaml 中会话存档",
      en: "retention.yaml's chat-archive",
      pointer: ctx.model.retention.chatArchive.source,
    },
  ];
  const cp =
    a.legalBasis === "consent"
      ? ctx.model.consentPurposes.find((p) => p.key === a.consentPurpose)
      : undefined;
  if (cp?.maxRetentionDays !== undefined) {
    limits.push({
      days: cp.maxRetentionDays,
      zh: zh`同意目的 ${cp.key}`,
      en: `consent purpose ${cp.key}'s`,
      pointer: cp.source,
    });
  }
  const broken = limits.filter((l) => days > l.days);
  if (broken.length > 0) {
    return broken.map((l) =>
      finding(
        "WC.ARC.4v1",
        "fail",
        "archive",
        {
          zh: zh`存档会话保存 ${days} 天，超过${l.zh}的最长保存期限 ${l.days} 天。`,
          en: `Archived chats are kept ${days} days, longer than ${l.en} maximum of ${l.days} days.`,
        },
        {
          pointer: `${a.source}/retention_days`,
          evidence: { retentionDays: days, maxDays: l.days, limit: l.pointer },
        },
      ),
    );
  }
  const tightest = Math.min(...limits.map((l) => l.days));
  return [
    finding(
      "WC.ARC.4v1",
      "pass",
      "archive",
      {
        zh: zh`存档会话保存 ${days} 天，不超过最长保存期限 ${tightest} 天。`,
        en: `Archived chats are kept ${days} days, within the maximum of ${tightest} days.`,
      },
      { pointer: `${a.source}/retention_days` },
    ),
  ];
}

/**
 * Why archiving `userId` has no legal basis (undefined when it has one): archiving declared off, the HR
 * basis not covering a non-employee, no basis, or no valid consent — naming the withdrawal and its ledger row.
 */
function uncovered(
  ctx: DeclaredContext,
  userId: string,
): { why: Bilingual; withdrawal?: string } | undefined {
  const a = ctx.model.archive;
  const purpose = a.consentPurpose;
  if (!a.enabled)
    return { why: { zh: "但 archive.yaml 声明存档未开启", en: "but archive.yaml declares archiving off" } };
  if (a.legalBasis === "hr-management") {
    if (hasLeft(ctx.model.people.byId.get(userId), ctx.today) || !ctx.model.people.byId.has(userId))
      return {
        why: {
          zh: "但其不是花名册中的在职员工，人力资源管理依据不覆盖其",
          en: "but is not a current employee in the roster, so the HR basis does not cover them",
        },
      };
    return undefined;
  }
  if (purpose === undefined)
    return { why: { zh: "但存档未声明法律依据", en: "but archiving declares no legal basis" } };
  if (ctx.model.consentLedger.validOn(userId, purpose, ctx.today) !== undefined) return undefined;
  const rows = ctx.model.consentLedger.byPurpose.get(purpose)?.get(userId) ?? [];
  const last = rows
    .filter((r) => r.withdrawn !== undefined && r.withdrawn <= ctx.today)
    .sort((x, y) => (x.withdrawn! < y.withdrawn! ? -1 : x.withdrawn! > y.withdrawn! ? 1 : 0))
    .pop();
  const withdrawn = last?.withdrawn;
  return withdrawn !== undefined
    ? {
        why: {
          zh: `但已于 ${withdrawn} 撤回对 ${purpose} 的同意`,
          en: `but withdrew consent to ${purpose} on ${withdrawn}`,
        },
        ...(last?.source !== undefined ? { withdrawal: last.source } : {}),
      }
    : { why: { zh: `但没有对 ${purpose} 的有效同意`, en: `but has no valid consent to ${purpose}` } };
}

function coveredBasis(ctx: DeclaredContext): Bilingual {
  const a = ctx.model.archive;
  return a.legalBasis === "hr-management"
    ? { zh: "均为人力资源管理依据覆盖的在职员工", en: "are current employees covered by the HR basis" }
    : {
        zh: `都有对 ${a.consentPurpose ?? ""} 的有效同意`,
        en: `have a valid consent to ${a.consentPurpose ?? ""}`,
      };
}

/**
 * The declared half of WC.ARC.2: every member archive.yaml puts in the archive range has a valid consent
 * (or the HR basis covers them) — so adding someone without consent fails `validate` and stops the preview
 * before the range is changed by hand to match.
 */
export function checkArc2Declared(ctx: DeclaredContext): Finding[] {
  const a = ctx.model.archive;
  if (!a.enabled)
    return [finding("WC.ARC.2v1", "not-applicable", "archive", ARCHIVE_OFF, { pointer: a.source })];
  if (a.members.length === 0)
    return [
      finding(
        "WC.ARC.2v1",
        "not-applicable",
        "archive",
        { zh: "archive.yaml 未声明存档成员。", en: "archive.yaml declares nobody archived." },
        { pointer: a.source },
      ),
    ];
  return consentFindings(ctx, a.members, `${a.source}/members`, {
    fail: (userId, why) => ({
      zh: `archive.yaml 将成员 ${userId} 列入存档范围，${why.zh}。`,
      en: `archive.yaml puts member ${userId} in the archive range ${why.en}.`,
    }),
    pass: (basis) => ({
      zh: `archive.yaml 声明的 ${a.members.length} 名存档成员${basis.zh}。`,
      en: `All ${a.members.length} members archive.yaml archives ${basis.en}.`,
    }),
  });
}

/**
 * WC.ARC.2 over a list of archived members: a failure for each member without a valid consent or the HR
 * basis — at the member's own line in archive.yaml (or its members list, for someone archived by hand),
 * with the ledger row of a withdrawal — otherwise one pass at `passPointer`.
 */
function consentFindings(
  ctx: DeclaredContext,
  userIds: readonly string[],
  passPointer: string,
  text: { fail(userId: string, why: Bilingual): Bilingual; pass(basis: Bilingual): Bilingual },
): Finding[] {
  const source = ctx.model.archive.source;
  const failures: Finding[] = [];
  for (const userId of [...userIds].sort()) {
    const u = uncovered(ctx, userId);
    if (!u) continue;
    failures.push(
      finding("WC.ARC.2v1", "fail", `member:${userId}`, text.fail(userId, u.why), {
        pointer: itemRef(ctx.model, `${source}/members`, userId),
        ...(u.withdrawal !== undefined ? { evidence: { withdrawal: u.withdrawal } } : {}),
      }),
    );
  }
  if (failures.length > 0) return failures;
  return [finding("WC.ARC.2v1", "pass", "archive", text.pass(coveredBasis(ctx)), { pointer: passPointer })];
}

export function checkArc2(ctx: LiveContext): Finding[] {
  const a = ctx.model.archive;
  const permit = ctx.snapshot.archive.permitUserIds;
  if (permit === null) {
    if (!a.enabled)
      return [finding("WC.ARC.2v1", "not-applicable", "archive", ARCHIVE_OFF, { pointer: a.source })];
    return [
      cannotCheck(
        "WC.ARC.2v1",
        "archive",
        ctx.snapshot.gaps?.archive,
        {
          zh: "无法读取租户的存档范围，无法核对同意。",
          en: "The live archive scope could not be read, so consents cannot be checked.",
        },
        { pointer: a.source },
      ),
    ];
  }
  if (permit.length === 0) {
    return [
      finding("WC.ARC.2v1", "not-applicable", "archive", {
        zh: "租户中没有开启存档的成员。",
        en: "Nobody is archived in the tenant.",
      }),
    ];
  }
  return consentFindings(ctx, permit, a.source, {
    fail: (userId, why) => ({
      zh: `成员 ${userId} 在存档范围内，${why.zh}。`,
      en: `Member ${userId} is archived ${why.en}.`,
    }),
    pass: (basis) => ({
      zh: zh`存档范围内的 ${permit.length} 名成员${basis.zh}。`,
      en: `All ${permit.length} archived members ${basis.en}.`,
    }),
  });
}

export function checkArc5(ctx: LiveContext): Finding[] {
  const agree = ctx.snapshot.singleAgree;
  if (agree === null) {
    if (!ctx.model.archive.enabled && (ctx.snapshot.archive.permitUserIds ?? []).length === 0)
      return [finding("WC.ARC.5v1", "not-applicable", "archive", ARCHIVE_OFF)];
    return [
      cannotCheck("WC.ARC.5v1", "archive", ctx.snapshot.gaps?.singleAgree, {
        zh: "未采集外部联系人的存档同意情况（check_single_agree）。",
        en: "External contacts' agreement to archiving was not collected (check_single_agree).",
      }),
    ];
  }
  const declined = agree.filter((s) => s.disagree > 0).sort((x, y) => (x.userId < y.userId ? -1 : 1));
  if (declined.length === 0) {
    return [
      finding("WC.ARC.5v1", "pass", "archive", {
        zh: zh`已核对的 ${agree.length} 名成员的外部联系人均未拒绝存档。`,
        en: `No external contact of the ${agree.length} members checked declined archiving.`,
      }),
    ];
  }
  return declined.map((s) =>
    finding(
      "WC.ARC.5v1",
      "fail",
      `member:${s.userId}`,
      {
        zh: zh`成员 ${s.userId} 有 ${s.disagree} 名外部联系人不同意存档（check_single_agree: Disagree）。`,
        en: `Member ${s.userId} has ${s.disagree} external contact${s.disagree === 1 ? "" : "s"} who declined archiving (check_single_agree: Disagree).`,
      },
      { evidence: { agree: s.agree, disagree: s.disagree } },
    ),
  );
}
