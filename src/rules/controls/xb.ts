/**
 * WC.XB — cross-border. PIPL Art. 38 mechanisms (XBP Art. 5 exemptions, Art. 7 security assessment),
 * PIPL Art. 39 notice and separate consent, approved domains, and PIPL Art. 40 / CSL Art. 39 in-country
 * storage above a threshold the policy states (the CAC has published none).
 */
import type { TransferMechanism, TransferRecipient } from "../../policy/model";
import { filled, type DeclaredContext, type LiveContext } from "../context";
import { finding, type Finding } from "../finding";
import { appAliases, appLabel, appTarget, joinProblems, unreadApps } from "./common";
import { zh, type Bilingual } from "../../text";

/** XBP Art. 5: these lift the assessment / contract / certification step, not the PIPL 39 notice. */
const EXEMPTIONS: readonly TransferMechanism[] = [
  "hr-exemption",
  "contract-exemption",
  "emergency-exemption",
];
/** XBP Art. 7(1)–(2): 1 million people's PI, or 10,000 people's sensitive PI, exported since 1 January. */
export const ASSESSMENT_PEOPLE = 1_000_000;
export const ASSESSMENT_SENSITIVE_PEOPLE = 10_000;

export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function recipientLabel(r: TransferRecipient): Bilingual {
  return {
    zh: zh`境外接收方 ${r.key}（${r.name}，${r.country}）`,
    en: `Recipient ${r.key} (${r.name}, ${r.country})`,
  };
}

export function checkXb1(ctx: DeclaredContext): Finding[] {
  const { recipients } = ctx.model.crossBorder;
  if (recipients.length === 0) {
    return [
      finding(
        "WC.XB.1v1",
        "not-applicable",
        "crossborder",
        { zh: "没有声明境外接收方。", en: "No overseas recipient is declared." },
        { pointer: ctx.model.crossBorder.source },
      ),
    ];
  }
  // XBP Art. 7 counts people exported by the handler since 1 January, across recipients not exempted by Art. 5.
  const counted = recipients.filter((r) => !EXEMPTIONS.includes(r.mechanism));
  const people = counted.reduce((n, r) => n + (r.peopleCount ?? 0), 0);
  const sensitivePeople = counted.filter((r) => r.sensitive).reduce((n, r) => n + (r.peopleCount ?? 0), 0);
  const needsAssessment =
    ctx.model.tenant.ciiOperator ||
    people >= ASSESSMENT_PEOPLE ||
    sensitivePeople >= ASSESSMENT_SENSITIVE_PEOPLE;
  const assessmentWhy: Bilingual = ctx.model.tenant.ciiOperator
    ? { zh: "关键信息基础设施运营者", en: "a CII operator" }
    : {
        zh: zh`累计出境 ${thousands(people)} 人个人信息、${thousands(sensitivePeople)} 人敏感个人信息`,
        en: `${thousands(people)} people's PI and ${thousands(sensitivePeople)} people's sensitive PI exported this year`,
      };

  return recipients.map((r) => {
    const problems: Bilingual[] = [];
    let pointer = r.source;
    if (!filled(r.reference)) {
      problems.push({
        zh: zh`未写明机制 ${r.mechanism} 的编号或依据`,
        en: `no reference for its mechanism ${r.mechanism}`,
      });
      pointer = `${r.source}/reference`;
    }
    if (needsAssessment && (r.mechanism === "standard-contract" || r.mechanism === "certification")) {
      problems.push({
        zh: zh`${assessmentWhy.zh}须申报数据出境安全评估（《促进和规范数据跨境流动规定》第七条），不能以 ${r.mechanism} 替代`,
        en: `${assessmentWhy.en} needs a CAC security assessment (XBP Art. 7), not ${r.mechanism}`,
      });
    }
    if (!filled(r.noticeVersion)) {
      problems.push({ zh: "没有第三十九条要求的告知版本", en: "no PIPL Art. 39 notice version" });
    }
    if (r.legalBasis === "consent") {
      const cp = ctx.model.consentPurposes.find((p) => p.key === r.consentPurpose);
      if (!cp) {
        problems.push({
          zh: "以同意为依据但未引用同意目的",
          en: "rests on consent but names no consent purpose",
        });
      } else if (!cp.separateConsent) {
        problems.push({
          zh: zh`同意目的 ${cp.key} 未要求单独同意（第三十九条）`,
          en: `consent purpose ${cp.key} does not require separate consent (PIPL Art. 39)`,
        });
      }
    }
    const label = recipientLabel(r);
    const target = `recipient:${r.key}`;
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.XB.1v1",
        "fail",
        target,
        { zh: zh`${label.zh}：${p.zh}。`, en: `${label.en}: ${p.en}.` },
        { pointer, evidence: { mechanism: r.mechanism, legalBasis: r.legalBasis } },
      );
    }
    return finding(
      "WC.XB.1v1",
      "pass",
      target,
      {
        zh: zh`${label.zh}以 ${r.mechanism}（${r.reference}）出境，告知版本 ${r.noticeVersion ?? ""}。`,
        en: `${label.en} is covered by ${r.mechanism} (${r.reference}), notice ${r.noticeVersion ?? ""}.`,
      },
      { pointer: r.source },
    );
  });
}

/** Host of a redirect domain (a bare host) or a URL; `null` when it cannot be parsed. */
export function hostOf(value: string, isUrl: boolean): string | null {
  const raw = isUrl ? urlHost(value) : value.trim().replace(/:\d+$/, "");
  return raw === null ? null : raw.toLowerCase().replace(/\.$/, "");
}

function urlHost(value: string): string | null {
  if (!URL.canParse(value)) return null;
  return new URL(value).hostname;
}

/** A host is covered by a domain when equal to it or a subdomain of it. */
export function hostCovered(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => {
    const dom = d.toLowerCase().replace(/\.$/, "");
    return host === dom || host.endsWith(`.${dom}`);
  });
}

interface Endpoints {
  readonly redirectDomain: string | undefined;
  readonly homeUrl: string | undefined;
}

/** The problems, and the apps.yaml field of the first one. */
function domainProblems(
  ctx: DeclaredContext,
  e: Endpoints,
): Bilingual[] & { field?: "redirect_domain" | "home_url" } {
  const approved = ctx.model.crossBorder.approvedDomains;
  const problems: Bilingual[] & { field?: "redirect_domain" | "home_url" } = [];
  const fields: [Bilingual, string | undefined, boolean, "redirect_domain" | "home_url"][] = [
    [{ zh: "可信域名", en: "redirect domain" }, e.redirectDomain, false, "redirect_domain"],
    [{ zh: "主页地址", en: "home URL" }, e.homeUrl, true, "home_url"],
  ];
  for (const [name, value, isUrl, field] of fields) {
    if (value === undefined || value.trim() === "") continue;
    const host = hostOf(value, isUrl);
    if (host === null) {
      problems.field ??= field;
      problems.push({ zh: zh`${name.zh} ${value} 无法解析`, en: `${name.en} ${value} cannot be parsed` });
      continue;
    }
    if (hostCovered(host, approved)) continue;
    if (ctx.model.crossBorder.recipients.some((r) => hostCovered(host, r.domains))) continue;
    problems.field ??= field;
    problems.push({
      zh: zh`${name.zh} ${host} 不在批准域名中，也不属于任何出境接收方`,
      en: `${name.en} ${host} is neither an approved domain nor covered by a transfer record`,
    });
  }
  return problems;
}

export function checkXb2Declared(ctx: DeclaredContext): Finding[] {
  if (ctx.model.apps.length === 0)
    return [
      finding("WC.XB.2v1", "not-applicable", "apps", { zh: "没有声明应用。", en: "No apps are declared." }),
    ];
  return ctx.model.apps.map((app) => {
    const problems = domainProblems(ctx, { redirectDomain: app.redirectDomain, homeUrl: app.homeUrl });
    const label = appLabel(app);
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.XB.2v1",
        "fail",
        appTarget(app.agentId),
        { zh: zh`${label.zh}：${p.zh}。`, en: `${label.en}: ${p.en}.` },
        {
          pointer: problems.field ? `${app.source}/${problems.field}` : app.source,
          aliases: appAliases(app),
        },
      );
    }
    return finding(
      "WC.XB.2v1",
      "pass",
      appTarget(app.agentId),
      { zh: zh`${label.zh}声明的域名均已批准。`, en: `${label.en} declares only approved domains.` },
      { pointer: app.source, aliases: appAliases(app) },
    );
  });
}

export function checkXb2Live(ctx: LiveContext): Finding[] {
  return [
    ...ctx.snapshot.apps.map((live) => {
      const declared = ctx.model.apps.find((a) => a.agentId === live.agentId);
      const label = declared ? appLabel(declared) : { zh: `应用 ${live.agentId}`, en: `App ${live.agentId}` };
      const problems = domainProblems(ctx, { redirectDomain: live.redirectDomain, homeUrl: live.homeUrl });
      const pointer = declared?.source;
      if (problems.length > 0) {
        const p = joinProblems(problems);
        return finding(
          "WC.XB.2v1",
          "fail",
          appTarget(live.agentId),
          { zh: `${label.zh}（租户实际）：${p.zh}。`, en: `${label.en} (live): ${p.en}.` },
          {
            pointer,
            aliases: appAliases(declared),
            evidence: { redirectDomain: live.redirectDomain, homeUrl: live.homeUrl },
          },
        );
      }
      return finding(
        "WC.XB.2v1",
        "pass",
        appTarget(live.agentId),
        {
          zh: `${label.zh}在租户中的域名均已批准。`,
          en: `${label.en} uses only approved domains in the tenant.`,
        },
        { pointer, aliases: appAliases(declared) },
      );
    }),
    ...unreadApps(ctx, "WC.XB.2v1"),
  ];
}

export function checkXb3(ctx: DeclaredContext): Finding[] {
  const { tenant, archive, retention } = ctx.model;
  const t = tenant.storageThreshold;
  if (!(t.people > 0) || !filled(t.basis)) {
    return [
      finding(
        "WC.XB.3v1",
        "fail",
        "tenant",
        {
          zh: "tenant.yaml 未说明所采用的第四十条境内存储数量门槛及其依据（网信部门尚未公布该数量）。",
          en: "tenant.yaml does not state the PIPL Art. 40 storage threshold it uses and why (the CAC has published none).",
        },
        { pointer: t.source },
      ),
    ];
  }
  const volume = tenant.dataVolumes.personalInfoPeople;
  const applies = tenant.ciiOperator || volume >= t.people;
  if (!applies) {
    return [
      finding(
        "WC.XB.3v1",
        "pass",
        "tenant",
        {
          zh: zh`非关键信息基础设施运营者，处理 ${thousands(volume)} 人个人信息，低于声明的门槛 ${thousands(t.people)} 人（${t.basis}），不要求境内存储。`,
          en: `Not a CII operator, and ${thousands(volume)} people's PI is below the stated threshold of ${thousands(t.people)} (${t.basis}); in-country storage is not required.`,
        },
        { pointer: t.source },
      ),
    ];
  }
  const why: Bilingual = tenant.ciiOperator
    ? { zh: "关键信息基础设施运营者", en: "As a CII operator" }
    : {
        zh: zh`处理 ${thousands(volume)} 人个人信息，达到声明的门槛 ${thousands(t.people)} 人`,
        en: `At ${thousands(volume)} people's PI, at or above the stated threshold of ${thousands(t.people)}`,
      };
  const problems: Bilingual[] = [];
  let pointer = t.source;
  if (archive.enabled && archive.storageRegion !== "cn-mainland") {
    problems.push({
      zh: zh`会话存档的存储区域为 ${archive.storageRegion ?? "未声明"}`,
      en: `chat archives are stored in ${archive.storageRegion ?? "an undeclared region"}`,
    });
    pointer = `${archive.source}/storage_region`;
  }
  if (retention.logExport.storageRegion !== "cn-mainland") {
    problems.push({
      zh: zh`日志导出的存储区域为 ${retention.logExport.storageRegion}`,
      en: `log exports are stored in ${retention.logExport.storageRegion}`,
    });
    if (pointer === t.source) pointer = `${retention.logExport.source}/storage_region`;
  }
  if (problems.length > 0) {
    const p = joinProblems(problems);
    return [
      finding(
        "WC.XB.3v1",
        "fail",
        "tenant",
        {
          zh: zh`${why.zh}，须境内存储，但${p.zh}。`,
          en: `${why.en}, the company must store in-country, but ${p.en}.`,
        },
        { pointer },
      ),
    ];
  }
  return [
    finding(
      "WC.XB.3v1",
      "pass",
      "tenant",
      {
        zh: zh`${why.zh}，会话存档和日志导出均存储在境内。`,
        en: `${why.en}, the company stores chat archives and log exports in-country.`,
      },
      { pointer: t.source },
    ),
  ];
}
