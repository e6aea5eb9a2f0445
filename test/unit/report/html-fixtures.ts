/**
 * Inputs for the HTML report's tests. The audit report is a real evaluation: the demo policies and a
 * snapshot read by the one reader from the in-process sandbox (demo seed, before any `pulumi up`: the
 * leaver fanbing still enabled, the log archive empty). The drift report is hand-made in the shape
 * `wecom-policy drift --json` writes (schema-checked by the tests). {@link hostile} puts markup into every
 * name, purpose and detail a tenant or a policy can carry.
 */
import type { AuditReport } from "../../../src/audit/evaluate";
import { cite } from "../../../src/drift/analyse";
import type { DriftReport } from "../../../src/drift/run";
import type { HistoryReport } from "../../../src/generated/history-report";
import { startSandbox } from "../../../src/sandbox/server";
import { auditDemoTenant } from "../audit/demo-audit";

export const NOW = new Date("2026-11-28T04:00:00Z");

/** `wecom-policy audit`'s evaluation of the demo policies on the demo tenant, read-only, in-process. */
export async function demoAudit(): Promise<AuditReport> {
  const sb = await startSandbox({ quiet: true, now: () => NOW.getTime() });
  try {
    return (await auditDemoTenant(sb, NOW)).report;
  } finally {
    await sb.close();
  }
}

const URN = (type: string, name: string) => `urn:pulumi:sandbox::wecom-policy::wecom:index:${type}::${name}`;

/** A drift check with one attributed change, one unattributed, and a failing and a waived control. */
export const DRIFT: DriftReport = {
  version: 2,
  stack: "sandbox",
  checkedAt: "2026-11-28T23:38:57.854Z",
  status: "drift",
  items: [
    {
      type: "Role",
      name: "finance-approvers",
      urn: URN("Role", "finance-approvers"),
      op: "update",
      path: "members[1]",
      kind: "delete",
      live: "liuyang",
      controls: [],
      reason: {
        zh: "liuyang 未离职：这是对所声明角色的成员变更。",
        en: "liuyang has not left: a membership change against the declared role.",
      },
      changedBy: {
        operator: "sunhao",
        time: "2026-11-28T23:38:39.000Z",
        operType: 3,
        detail: "标签「财务审批」添加成员：liuyang",
      },
    },
    {
      type: "AppAccess",
      name: "field-assistant",
      urn: URN("AppAccess", "field-assistant"),
      op: "update",
      path: "admins[2]",
      kind: "delete",
      live: { userId: "zhoumin", authType: "manage" },
      controls: cite(["WC.ACC.2v1"]),
      unattributed: {
        reason: "no-entry",
        note: {
          zh: "自堆栈上次更新以来，操作日志中没有涉及该对象的记录。企业微信不记录通过 API 所做的修改。",
          en: "No operation-log entry concerns this object since the stack's last update. WeCom does not log changes made through the API.",
        },
      },
    },
  ],
  law: [
    {
      id: "WC.ARC.2v1",
      severity: "mandatory",
      status: "fail",
      target: "member:huangtao",
      title: { zh: "存档成员须有有效同意", en: "Archived members have valid consent" },
      law: { zh: "《个人信息保护法》第十四条、第十五条", en: "PIPL Arts. 14, 15" },
      message: {
        zh: "成员 huangtao 在存档范围内，但已于 2026-11-25 撤回对 chat-archive 的同意。",
        en: "Member huangtao is archived but withdrew consent to chat-archive on 2026-11-25.",
      },
      location: "archive.yaml:21:26",
    },
    {
      id: "WC.ARC.5v1",
      severity: "advisory",
      status: "waived",
      target: "member:xuli",
      title: { zh: "拒绝存档的外部联系人", en: "External contacts who declined archiving" },
      law: { zh: "《个人信息保护法》第十四条", en: "PIPL Art. 14" },
      message: { zh: "2 位客户拒绝存档。", en: "2 customers declined archiving." },
      waiver: { id: "WVR-2026-001", owner: "wuqiang", reason: "recorded in the CRM", expires: "2027-03-31" },
    },
  ],
  notes: [
    {
      zh: "变更人来自最近 7 天的管理端操作日志。",
      en: "Attribution from the admin operation log of the last 7 days.",
    },
  ],
};

/** Two commits in the shape `wecom-policy history --json` writes: a role change that flips a control, a waiver. */
export const HISTORY: HistoryReport = {
  version: 1,
  kind: "history",
  dir: "policies",
  range: "HEAD",
  entries: [
    {
      commit: "1f3c9a0b2d4e5f60718293a4b5c6d7e8f9012345",
      base: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      author: { name: "Chen Jing", email: "chenjing@xinghe-demo.cn" },
      date: "2026-11-20T10:00:00+08:00",
      subject: "finance: lisi in, wangwu out",
      renames: [],
      changes: [
        {
          area: "role",
          subject: "finance-approvers",
          field: "members",
          op: "changed",
          path: "roles#/roles/finance-approvers/members",
          text: { zh: "finance-approvers：+fanbing −zhangwei", en: "finance-approvers: +fanbing −zhangwei" },
          added: ["fanbing"],
          removed: ["zhangwei"],
          controls: ["WC.ACC.1v1"],
        },
        {
          area: "role",
          subject: "finance-approvers",
          field: "purpose",
          op: "changed",
          path: "roles#/roles/finance-approvers/purpose",
          text: { zh: "finance-approvers 的用途已修改", en: "finance-approvers purpose changed" },
          before: "Approve payments",
          after: "Approve large payments",
          words: [{ value: "Approve " }, { value: "large ", added: true }, { value: "payments" }],
          controls: [],
        },
      ],
      controls: [
        {
          controlId: "WC.ACC.1v1",
          severity: "mandatory",
          target: "role:finance-approvers",
          before: "pass",
          after: "fail",
          title: {
            zh: "角色须有负责人和目的，且不含离职人员",
            en: "Roles have an owner and a purpose and hold no leavers",
          },
          message: {
            zh: "角色 finance-approvers 含离职人员 fanbing。",
            en: "Role finance-approvers holds the leaver fanbing.",
          },
          law: { zh: "《个人信息保护法》第五十一条第（四）项", en: "PIPL Art. 51(4)" },
        },
      ],
    },
    {
      commit: "2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d",
      base: "1f3c9a0b2d4e5f60718293a4b5c6d7e8f9012345",
      author: { name: "Wu Qiang", email: "wuqiang@xinghe-demo.cn" },
      date: "2026-11-25T10:00:00+08:00",
      subject: "waiver for WC.ARC.5",
      renames: [{ from: "policies/waiver.yaml", to: "policies/waivers.yaml" }],
      changes: [
        {
          area: "waiver",
          subject: "WVR-2026-001",
          op: "added",
          path: "waivers#/waivers/WVR-2026-001",
          text: {
            zh: "豁免 WVR-2026-001：WC.ARC.5v1，至 2027-03-31",
            en: "waiver WVR-2026-001 for WC.ARC.5v1 until 2027-03-31",
          },
          controls: ["WC.ARC.5v1", "WC.WVR.1v1"],
        },
      ],
      controls: [],
    },
  ],
};

/** Markup an attacker could put in a member, role or purpose: each must show as text and never run. */
export const INJECTED = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  '"><svg onload=alert(3)>',
  "'; alert(4); '",
  "&lt;b&gt;not bold&lt;/b&gt;",
] as const;

/** The reports with markup in every member name, role name, purpose, operator and log detail. */
export function hostile(
  audit: AuditReport,
  drift: DriftReport,
  history: HistoryReport = HISTORY,
): { audit: AuditReport; drift: DriftReport; history: HistoryReport } {
  const [img, script, svg, quote, entity] = INJECTED;
  const a = structuredClone(audit) as AuditReport & { stack: string };
  a.stack = `stack ${script}`;
  a.corpId = `corp ${img}`;
  for (const c of a.controls)
    for (const r of c.results) {
      r.target = `member:${img}`;
      r.message = { zh: `角色「${script}」用途：${svg}`, en: `role ${script} purpose ${svg} ${quote}` };
      r.location = `roles.yaml:1:1 ${entity}`;
      r.evidence = { member: img, purpose: svg };
      if (r.waiver) r.waiver = { ...r.waiver, owner: img, reason: script };
    }
  const d = structuredClone(drift);
  d.stack = `stack ${script}`;
  for (const i of d.items) {
    i.name = `role ${script}`;
    i.path = `members[${svg}]`;
    i.live = img;
    i.declared = { member: img, purpose: svg };
    if (i.changedBy)
      i.changedBy = { ...i.changedBy, operator: img, detail: `标签「${script}」添加成员：${img}` };
    if (i.reason) i.reason = { zh: `成员 ${img}`, en: `member ${img}` };
  }
  for (const f of d.law) {
    f.target = `member:${img}`;
    f.message = { zh: `成员 ${img} ${quote}`, en: `member ${img} purpose ${svg}` };
  }
  const h = structuredClone(history);
  for (const e of h.entries) {
    e.author = { name: img, email: `${svg}@example.com` };
    e.subject = script;
    for (const c of e.changes) {
      c.subject = img;
      c.text = { zh: `角色 ${img}：+${script}`, en: `role ${img}: +${script}` };
      if (c.words)
        c.words = [{ value: svg }, { value: quote, added: true }, { value: entity, removed: true }];
    }
    for (const c of e.controls) c.message = { zh: `成员 ${img}`, en: `member ${img}` };
  }
  return { audit: a, drift: d, history: h };
}
