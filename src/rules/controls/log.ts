/**
 * WC.LOG.1 — CSL Art. 23(3) (formerly 21(3)): network logs kept "not less than six months". Six
 * calendar months span up to 184 days (LEGAL.md), so 184 is the bar. WeCom's log APIs only reach 180
 * days back, so the law is met by the local archive of `wecom-policy logs sync`, not by WeCom. The archive's
 * coverage is the start of the first window it fetched (src/logs/archive.ts), not its oldest record.
 */
import { type LiveContext } from "../context";
import { formatInstant, instant, minusDays } from "../dates";
import { finding, type Finding } from "../finding";
import { zh, type Bilingual } from "../../text";
import { joinProblems } from "./common";

/** The longest six-calendar-month span in days (e.g. 2026-03-01 → 2026-09-01 is 184 days). */
export const SIX_MONTHS_DAYS = 184;
/** LEGAL.md: `logs sync` must have run within the last 7 days. */
export const MAX_SYNC_AGE_DAYS = 7;

export function checkLog1(ctx: LiveContext): Finding[] {
  const { retention } = ctx.model;
  const arch = ctx.snapshot.logArchive;
  const now = instant(ctx.snapshot.now);
  const problems: Bilingual[] = [];

  for (const [kind, rule] of [
    [{ zh: "管理端操作日志", en: "admin operation logs" }, retention.adminLogs],
    [{ zh: "成员操作记录", en: "member operation logs" }, retention.memberLogs],
  ] as const) {
    if (rule.minDays < SIX_MONTHS_DAYS)
      problems.push({
        zh: zh`retention.yaml 中${kind.zh}只保存 ${rule.minDays} 天，少于 ${SIX_MONTHS_DAYS} 天`,
        en: `retention.yaml keeps ${kind.en} for ${rule.minDays} days, less than ${SIX_MONTHS_DAYS}`,
      });
  }

  // A policy may ask for fresher syncs than LEGAL.md's 7 days, never staler ones.
  const maxAge = Math.min(MAX_SYNC_AGE_DAYS, retention.logExport.maxSyncAgeDays);
  if (arch.lastSyncAt === null) {
    problems.push({
      zh: "从未运行过 `wecom-policy logs sync`",
      en: "`wecom-policy logs sync` has never run",
    });
  } else {
    const last = instant(arch.lastSyncAt);
    if (last < minusDays(now, maxAge))
      problems.push({
        zh: zh`\`wecom-policy logs sync\` 最近一次运行于 ${formatInstant(last)}，超过 ${maxAge} 天`,
        en: `\`wecom-policy logs sync\` last ran at ${formatInstant(last)}, more than ${maxAge} days ago`,
      });
  }

  const horizon = minusDays(now, SIX_MONTHS_DAYS);
  const started = arch.tenantStartedAt === null ? null : instant(arch.tenantStartedAt);
  // A tenant younger than 184 days cannot have older logs: then the archive must reach its start.
  const youngTenant = started !== null && started > horizon;
  const required = youngTenant && started ? started : horizon;
  const requiredText: Bilingual = youngTenant
    ? {
        zh: zh`租户开通之日 ${formatInstant(required)}`,
        en: `the tenant's start at ${formatInstant(required)}`,
      }
    : {
        zh: zh`${SIX_MONTHS_DAYS} 天前（${formatInstant(required)}）`,
        en: `${SIX_MONTHS_DAYS} days back (${formatInstant(required)})`,
      };
  if (arch.coveredFrom === null) {
    problems.push({ zh: "本地日志归档尚未拉取任何时间窗", en: "the local log archive has fetched nothing" });
  } else {
    const from = instant(arch.coveredFrom);
    if (from > required)
      problems.push({
        zh: zh`本地日志归档只覆盖到 ${formatInstant(from)}（首个拉取时间窗的起点），须回溯到${requiredText.zh}`,
        en: `the local log archive covers only from ${formatInstant(from)} (the start of its first fetched window); it must reach ${requiredText.en}`,
      });
  }

  const evidence = {
    lastSyncAt: arch.lastSyncAt,
    coveredFrom: arch.coveredFrom,
    tenantStartedAt: arch.tenantStartedAt,
    requiredFrom: required.toISOString(),
    maxSyncAgeDays: maxAge,
  };
  if (problems.length > 0) {
    const p = joinProblems(problems);
    return [
      finding(
        "WC.LOG.1v1",
        "fail",
        "log-archive",
        {
          zh: zh`操作日志留存不足六个月：${p.zh}。`,
          en: `Operation logs are not kept for six months: ${p.en}.`,
        },
        { pointer: retention.logExport.source, evidence },
      ),
    ];
  }
  return [
    finding(
      "WC.LOG.1v1",
      "pass",
      "log-archive",
      {
        zh: zh`本地日志归档于 ${formatInstant(instant(arch.lastSyncAt ?? ""))} 同步，覆盖到${requiredText.zh}之前。`,
        en: `The local log archive was synced at ${formatInstant(instant(arch.lastSyncAt ?? ""))} and covers ${requiredText.en}.`,
      },
      { pointer: retention.logExport.source, evidence },
    ),
  ];
}
