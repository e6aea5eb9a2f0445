/**
 * WC.SEC.1–2 — trade secrets and sensitive data in chat (LEGAL.md; issue 16).
 *
 * WC.SEC.1: a role that reaches sensitive data and talks to external contacts is covered by a chat intercept
 * rule that blocks (intercept_type 1), not only warns, phone numbers and e-mail addresses — PIPL Art. 51(3)
 * technical measures, DSL Art. 27, and the "corresponding confidentiality measures" a court asks for before
 * it treats information as a trade secret (AUCL Art. 10, 2025 text).
 * WC.SEC.2: each protection the API can neither read nor write is attested by a named admin within its
 * interval, with an evidence file whose SHA-256 still matches.
 */
import type { Attestation, InterceptRulePolicy, PolicyModel } from "../../policy/model";
import { CONSOLE, type ConsolePathName } from "../../wecom/console-paths";
import { zh, type Bilingual } from "../../text";
import { filled, hasLeft, type DeclaredContext, type LiveContext } from "../context";
import { addDays } from "../dates";
import { cannotCheck, finding, listIds, type Finding } from "../finding";
import { descendantDepartments, type LiveInterceptRule } from "../live-snapshot";
import { joinProblems } from "./common";

/** A rule that stops (not only warns) both phone numbers and e-mail addresses. */
export function blocksContactDetails(rule: Pick<InterceptRulePolicy, "action" | "semantics">): boolean {
  return rule.action === "block" && rule.semantics.includes("phone") && rule.semantics.includes("email");
}

/** Whether `userId` (with main department `department`) is inside the rule's declared range. */
function covers(rule: InterceptRulePolicy, userId: string, department: number | undefined): boolean {
  return rule.userIds.includes(userId) || (department !== undefined && rule.departments.includes(department));
}

/** Members of `roleKey` that no blocking rule covers (a role named in a blocking rule covers all of them). */
export function uncoveredMembers(model: PolicyModel, roleKey: string): string[] | undefined {
  const role = model.roles.find((r) => r.key === roleKey);
  if (!role) return undefined;
  const blocking = model.protection.interceptRules.filter(blocksContactDetails);
  if (blocking.some((r) => r.roles.includes(roleKey))) return [];
  return role.members.filter(
    (u) => !blocking.some((r) => covers(r, u, model.people.byId.get(u)?.department)),
  );
}

export function checkSec1(ctx: DeclaredContext): Finding[] {
  const { protection } = ctx.model;
  const talking = protection.sensitiveRoles.filter((s) => s.talksToCustomers);
  if (talking.length === 0)
    return [
      finding("WC.SEC.1v1", "not-applicable", "protection", {
        zh: protection.declared
          ? "protection.yaml 中没有与客户沟通的敏感数据角色。"
          : "没有 protection.yaml：未声明可接触敏感数据的角色。",
        en: protection.declared
          ? "protection.yaml lists no sensitive-data role that talks to customers."
          : "No protection.yaml: no role is declared to reach sensitive data.",
      }),
    ];
  return talking.map((s) => {
    const target = `role:${s.role}`;
    const missing = uncoveredMembers(ctx.model, s.role) ?? [];
    const rules = protection.interceptRules
      .filter(blocksContactDetails)
      .filter((r) => r.roles.includes(s.role))
      .map((r) => r.key);
    if (missing.length > 0) {
      const weak = protection.interceptRules
        .filter(
          (r) =>
            !blocksContactDetails(r) &&
            (r.roles.includes(s.role) || missing.some((u) => r.userIds.includes(u))),
        )
        .map((r) => r.key);
      const why: Bilingual =
        weak.length > 0
          ? {
              zh: zh`；规则 ${weak.join("、")} 只警告或不含手机号与邮箱`,
              en: `; ${weak.length === 1 ? "rule" : "rules"} ${weak.join(", ")} ${weak.length === 1 ? "warns only or lacks" : "warn only or lack"} phone/e-mail`,
            }
          : { zh: "", en: "" };
      return finding(
        "WC.SEC.1v1",
        "fail",
        target,
        {
          zh: zh`角色 ${s.role} 可接触敏感数据（${s.data}）并与客户沟通，但成员 ${missing.join("、")} 不在任何拦截手机号和邮箱的规则内${why.zh}。`,
          en: `Role ${s.role} reaches sensitive data (${s.data}) and talks to customers, but member${missing.length === 1 ? "" : "s"} ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} in no rule that blocks phone numbers and e-mail addresses${why.en}.`,
        },
        { pointer: s.source, evidence: { uncovered: missing, weakRules: weak } },
      );
    }
    return finding(
      "WC.SEC.1v1",
      "pass",
      target,
      {
        zh: zh`角色 ${s.role} 的成员均受拦截手机号和邮箱的规则覆盖${rules.length ? `（${rules.join("、")}）` : ""}。`,
        en: `Every member of role ${s.role} is covered by a rule that blocks phone numbers and e-mail addresses${rules.length ? ` (${rules.join(", ")})` : ""}.`,
      },
      { pointer: s.source, evidence: { rules } },
    );
  });
}

/** A live rule that stops (not only warns) both phone numbers and e-mail addresses. */
function liveBlocks(r: LiveInterceptRule): boolean {
  return r.action === "block" && r.semantics.includes("phone") && r.semantics.includes("email");
}

/** The declared rules a sensitive role relies on: blocking ones naming the role or any of its members. */
function declaredRulesFor(
  model: PolicyModel,
  roleKey: string,
  members: readonly string[],
): InterceptRulePolicy[] {
  return model.protection.interceptRules
    .filter(blocksContactDetails)
    .filter((r) => r.roles.includes(roleKey) || members.some((u) => r.userIds.includes(u)));
}

/** How the live counterpart (by rule_id when declared, else by name) falls short of a declared rule. */
function liveShortfall(rule: InterceptRulePolicy, live: LiveInterceptRule | undefined): Bilingual[] {
  if (!live)
    return [
      {
        zh: zh`规则 ${rule.key}（${rule.name}）在企业微信中不存在`,
        en: `rule ${rule.key} (${rule.name}) does not exist in WeCom`,
      },
    ];
  const out: Bilingual[] = [];
  if (live.action !== "block")
    out.push({
      zh: zh`规则 ${rule.key}（${rule.name}）在企业微信中为「仅警告」，策略要求拦截`,
      en: `rule ${rule.key} (${rule.name}) is warn-only in WeCom, the policy says block`,
    });
  const lacking = rule.semantics.filter((x) => !live.semantics.includes(x));
  if (lacking.length)
    out.push({
      zh: zh`规则 ${rule.key} 在企业微信中未拦截 ${lacking.join("、")}`,
      en: `rule ${rule.key} does not catch ${lacking.join(", ")} in WeCom`,
    });
  const words = rule.words.filter((w) => !live.words.includes(w));
  if (words.length)
    out.push({
      zh: zh`规则 ${rule.key} 在企业微信中缺少敏感词 ${words.join("、")}`,
      en: `rule ${rule.key} lacks the word${words.length === 1 ? "" : "s"} ${words.join(", ")} in WeCom`,
    });
  return out;
}

/**
 * WC.SEC.1, live: in the tenant, every member of a sensitive role that talks to customers (declared members
 * and the role's live tag) is inside a live rule that blocks phone numbers and e-mail addresses, and the
 * declared rules the role relies on hold in WeCom what the policy says (block, semantics, words). Targets
 * are the declared part's (`role:<key>`); the rules' keys are aliases, so drift finds the finding from a
 * drifted InterceptRule.
 */
export function checkSec1Live(ctx: LiveContext): Finding[] {
  const { model, snapshot } = ctx;
  const talking = model.protection.sensitiveRoles.filter((s) => s.talksToCustomers);
  if (talking.length === 0) return [];
  const rules = snapshot.interceptRules;
  if (rules === null || rules === undefined)
    return talking.map((s) =>
      cannotCheck(
        "WC.SEC.1v1",
        `role:${s.role}`,
        snapshot.gaps?.interceptRules,
        {
          zh: zh`无法读取企业微信中的聊天敏感词规则，无法确认角色 ${s.role} 的成员受拦截规则覆盖。`,
          en: `The chat intercept rules could not be read from WeCom, so the coverage of role ${s.role} cannot be checked.`,
        },
        { pointer: s.source },
      ),
    );
  const blocking = rules.filter(liveBlocks);
  const deptOf = new Map(snapshot.members.map((m) => [m.userId.toLowerCase(), m.departmentIds]));
  const reach = blocking.map((r) => ({
    users: new Set(r.userIds.map((u) => u.toLowerCase())),
    depts: descendantDepartments(snapshot.departments, r.departmentIds),
  }));
  const covered = (u: string): boolean =>
    reach.some(
      (r) => r.users.has(u.toLowerCase()) || (deptOf.get(u.toLowerCase()) ?? []).some((d) => r.depts.has(d)),
    );
  return talking.map((s) => {
    const role = model.roles.find((r) => r.key === s.role);
    const tag = role ? snapshot.tags.find((t) => t.name === role.tagName) : undefined;
    const members = [...new Set([...(role?.members ?? []), ...(tag?.userIds ?? [])])].sort();
    const relied = declaredRulesFor(model, s.role, role?.members ?? []);
    const shortfalls = relied.flatMap((r) =>
      liveShortfall(
        r,
        rules.find((l) => (r.ruleId !== undefined ? l.ruleId === r.ruleId : l.name === r.name)),
      ),
    );
    const uncovered = members.filter((u) => !covered(u));
    const extras = {
      pointer: s.source,
      aliases: relied.map((r) => r.key),
      evidence: {
        uncovered,
        liveRules: blocking.map((r) => r.ruleId),
        shortfalls: shortfalls.map((b) => b.en),
      },
    };
    if (uncovered.length > 0 || shortfalls.length > 0) {
      const parts: Bilingual[] = [];
      if (uncovered.length > 0)
        parts.push({
          zh: zh`成员 ${listIds(uncovered, "zh")} 不在任何拦截手机号和邮箱的规则内`,
          en: `member${uncovered.length === 1 ? "" : "s"} ${listIds(uncovered, "en")} ${uncovered.length === 1 ? "is" : "are"} in no rule that blocks phone numbers and e-mail addresses`,
        });
      parts.push(...shortfalls);
      const p = joinProblems(parts);
      return finding(
        "WC.SEC.1v1",
        "fail",
        `role:${s.role}`,
        {
          zh: zh`角色 ${s.role}（租户实际）：${p.zh}。`,
          en: `Role ${s.role} (live): ${p.en}.`,
        },
        extras,
      );
    }
    return finding(
      "WC.SEC.1v1",
      "pass",
      `role:${s.role}`,
      {
        zh: zh`角色 ${s.role} 的成员在企业微信中均受拦截手机号和邮箱的规则覆盖，所依据的规则与策略一致。`,
        en: `In WeCom every member of role ${s.role} is inside a rule that blocks phone numbers and e-mail addresses, and the rules it relies on match the policy.`,
      },
      extras,
    );
  });
}

/** The day an attestation must be renewed by: attested_on + interval_days. */
export function attestationDue(a: Pick<Attestation, "attestedOn" | "intervalDays">): string {
  return addDays(a.attestedOn, a.intervalDays);
}

/** Why an attestation is not (or no longer) evidence; empty when it is. */
export function attestationProblems(a: Attestation, ctx: DeclaredContext): Bilingual[] {
  const problems: Bilingual[] = [];
  const due = attestationDue(a);
  if (a.attestedOn > ctx.today)
    problems.push({
      zh: zh`确认日期 ${a.attestedOn} 在今天之后`,
      en: `it is dated ${a.attestedOn}, after today`,
    });
  else if (due < ctx.today)
    problems.push({
      zh: zh`已超过复核期限 ${due}（${a.attestedOn} 起 ${a.intervalDays} 天）`,
      en: `re-attestation was due on ${due} (${a.intervalDays} days after ${a.attestedOn})`,
    });
  const e = a.evidence;
  if (e.actualSha256 === null)
    problems.push({
      zh: zh`证据文件 ${e.file} 无法读取（${e.missingReason ?? "?"}）`,
      en: `its evidence file ${e.file} cannot be read (${e.missingReason ?? "?"})`,
    });
  else if (e.actualSha256 !== e.sha256)
    problems.push({
      zh: zh`证据文件 ${e.file} 的 SHA-256 为 ${e.actualSha256}，与登记的 ${e.sha256} 不符`,
      en: `its evidence file ${e.file} has SHA-256 ${e.actualSha256}, not the declared ${e.sha256}`,
    });
  if (!filled(a.attestedBy)) problems.push({ zh: "没有确认人", en: "nobody attested it" });
  else if (hasLeft(ctx.model.people.byId.get(a.attestedBy), ctx.today))
    problems.push({ zh: zh`确认人 ${a.attestedBy} 已离职`, en: `its attester ${a.attestedBy} has left` });
  return problems;
}

/** The attestation as audit evidence: who, when, what, the hash (report data shape). */
export function attestationEvidence(a: Attestation): Readonly<Record<string, unknown>> {
  const path = (CONSOLE as Record<string, Bilingual | undefined>)[a.consolePath as ConsolePathName];
  return {
    setting: a.setting,
    expected: a.expected,
    consolePath: path ?? a.consolePath,
    attestedBy: a.attestedBy,
    attestedOn: a.attestedOn,
    due: attestationDue(a),
    evidenceFile: a.evidence.file,
    sha256: a.evidence.sha256,
    actualSha256: a.evidence.actualSha256,
  };
}

export function checkSec2(ctx: DeclaredContext): Finding[] {
  const { protection } = ctx.model;
  if (!protection.declared)
    return [
      finding("WC.SEC.2v1", "not-applicable", "protection", {
        zh: "没有 protection.yaml：未登记任何仅能在管理后台设置的保护措施（水印、文件防泄漏等）。",
        en: "No protection.yaml: no console-only protection (watermark, file-leak prevention…) is attested.",
      }),
    ];
  if (protection.attestations.length === 0)
    return [
      finding(
        "WC.SEC.2v1",
        "fail",
        "protection",
        {
          zh: "protection.yaml 未登记任何后台保护措施：审计时视为「未管理」。",
          en: "protection.yaml attests no console-only protection: an auditor reads that as not managed.",
        },
        { pointer: "protection.yaml#" },
      ),
    ];
  return protection.attestations.map((a) => {
    const problems = attestationProblems(a, ctx);
    const head: Bilingual = {
      zh: zh`后台设置 ${a.key}（${a.setting}，应为 ${a.expected}）`,
      en: `Console setting ${a.key} (${a.setting}, expected ${a.expected})`,
    };
    const extras = { pointer: a.source, evidence: attestationEvidence(a) };
    if (problems.length > 0) {
      const p = joinProblems(problems);
      return finding(
        "WC.SEC.2v1",
        "fail",
        `attestation:${a.key}`,
        { zh: zh`${head.zh}：${p.zh}。`, en: `${head.en}: ${p.en}.` },
        extras,
      );
    }
    return finding(
      "WC.SEC.2v1",
      "pass",
      `attestation:${a.key}`,
      {
        zh: zh`${head.zh}由 ${a.attestedBy} 于 ${a.attestedOn} 确认，证据 ${a.evidence.file}（SHA-256 ${a.evidence.sha256.slice(0, 12)}…），复核期限 ${attestationDue(a)}。`,
        en: `${head.en} attested by ${a.attestedBy} on ${a.attestedOn}, evidence ${a.evidence.file} (SHA-256 ${a.evidence.sha256.slice(0, 12)}…), due again ${attestationDue(a)}.`,
      },
      extras,
    );
  });
}
