/**
 * Every finding and problem about a list item or CSV row points at that item (issue 15): the model sorts
 * and de-duplicates lists, so each case writes the offending item first and then last, loads the real
 * files, and checks that the pointer and the file:line:column both follow the item.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicies, type PolicySources } from "../../../src/policy";
import type { PolicyModel } from "../../../src/policy/model";
import { evaluateDeclared, evaluateLive, type Finding } from "../../../src/rules";
import { baseSnapshot, NOW } from "../rules/builders";
import { materialise, VALID_DIR, type FileEdit } from "./fixture-cases";

type Where = "first" | "last";

interface Case {
  /** The list and what is wrong with the item. */
  name: string;
  /** The files with the offending item first, or last. */
  files: (where: Where) => Record<string, FileEdit>;
  /** The pointer (SourceRef) that names the item: a finding's, a problem's, or a finding's evidence. */
  pointer: (loaded: Loaded) => string | undefined;
  expected: Record<Where, string>;
  /** Where the item is in the written file: this text's first occurrence (after `after`, when given). */
  at: At | ((where: Where) => At);
}

interface At {
  file: string;
  text: string;
  after?: string;
}

interface Loaded {
  model?: PolicyModel;
  sources?: PolicySources;
  problems: { file: string; pointer: string; code: string }[];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const replace = (from: string, to: string): FileEdit => ({ replace: [[from, to]] });

async function load(name: string, files: Record<string, FileEdit>): Promise<Loaded & { dir: string }> {
  const dir = materialise({ name, base: "valid", files });
  dirs.push(dir);
  const r = await loadPolicies(dir);
  return r.ok
    ? { dir, model: r.model, sources: r.sources, problems: [] }
    : { dir, problems: r.problems.map((p) => ({ file: p.file, pointer: p.pointer, code: p.code })) };
}

function positionOf(text: string, needle: string, after = ""): { line: number; column: number } {
  const found = after ? text.indexOf(after) : 0;
  expect(found, `"${after}" not found`).toBeGreaterThanOrEqual(0);
  const from = found + after.length;
  const i = text.indexOf(needle, from);
  expect(i, `"${needle}" not found`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, i).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const declaredFinding = (l: Loaded, id: string, target: string): Finding | undefined =>
  evaluateDeclared(l.model!, { now: NOW }).find((f) => f.controlId === id && f.target === target);

const liveFinding = (
  l: Loaded,
  id: string,
  target: string,
  edit: (s: ReturnType<typeof baseSnapshot>) => void = () => {},
): Finding | undefined => {
  const s = baseSnapshot();
  edit(s);
  return evaluateLive(l.model!, s).find((f) => f.controlId === id && f.target === target);
};

const problemAt = (l: Loaded, code: string, file: string): string | undefined => {
  const hits = l.problems.filter((p) => p.code === code && p.file === file);
  expect(hits, JSON.stringify(l.problems)).toHaveLength(1);
  return `${file}#${hits[0]!.pointer}`;
};

const PEOPLE_HEADER = "userid,name,department,status,leave_date\n";

/** The fixture's consent ledger written inline in consent.yaml, with `extra` rows first or last. */
function inlineLedger(where: Where, extra: string): Record<string, FileEdit> {
  const rows = fs
    .readFileSync(path.join(VALID_DIR, "consent-ledger.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [userid, purpose, given, withdrawn, evidence] = line.split(",");
      const fields = [`userid: ${userid}`, `purpose: ${purpose}`, `given: ${given}`];
      if (withdrawn) fields.push(`withdrawn: ${withdrawn}`);
      if (evidence) fields.push(`evidence: ${evidence}`);
      return `  - { ${fields.join(", ")} }\n`;
    });
  const ledger = where === "first" ? [extra, ...rows] : [...rows, extra];
  return {
    "consent.yaml": replace("ledger_file: consent-ledger.csv\n", `ledger:\n${ledger.join("")}`),
    "consent-ledger.csv": { delete: true },
  };
}
const FANBING = "fanbing,范冰,9,left,2026-11-20\n";

const CASES: Case[] = [
  {
    name: "roles: members — a leaver (WC.ACC.1)",
    files: (w) => ({
      "roles.yaml": replace(
        "members: [chenjing, zhaolei, zhangwei]",
        w === "first"
          ? "members: [fanbing, chenjing, zhaolei, zhangwei]"
          : "members: [chenjing, zhaolei, zhangwei, fanbing]",
      ),
    }),
    pointer: (l) => declaredFinding(l, "WC.ACC.1v1", "role:finance-approvers")?.pointer,
    expected: {
      first: "roles.yaml#/roles/finance-approvers/members/0",
      last: "roles.yaml#/roles/finance-approvers/members/3",
    },
    at: { file: "roles.yaml", text: "fanbing" },
  },
  {
    name: "roles: members — lina leaves hr-data (WC.ACC.1; the sorted copy pointed at wangfang)",
    files: (w) => ({
      "people.csv": replace("lina,李娜,3,active,", "lina,李娜,3,left,2026-11-01"),
      ...(w === "first"
        ? { "roles.yaml": replace("members: [wangfang, lina]", "members: [lina, wangfang]") }
        : {}),
    }),
    pointer: (l) => declaredFinding(l, "WC.ACC.1v1", "role:hr-data")?.pointer,
    expected: { first: "roles.yaml#/roles/hr-data/members/0", last: "roles.yaml#/roles/hr-data/members/1" },
    at: { file: "roles.yaml", text: "lina", after: "hr-data:" },
  },
  {
    name: "roles: departments — an unknown department",
    files: (w) => ({
      "roles.yaml": replace(
        "members: [chenjing, zhaolei, zhangwei]",
        `members: [chenjing, zhaolei, zhangwei]\n    departments: ${w === "first" ? "[77, 2]" : "[2, 77]"}`,
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-department", "roles.yaml"),
    expected: {
      first: "roles.yaml#/roles/finance-approvers/departments/0",
      last: "roles.yaml#/roles/finance-approvers/departments/1",
    },
    at: { file: "roles.yaml", text: "77" },
  },
  {
    name: "roles: apps — an unknown app",
    files: (w) => ({
      "roles.yaml": replace(
        "apps: [hr-assistant]",
        w === "first" ? "apps: [hr-asistant, sales-crm]" : "apps: [sales-crm, hr-asistant]",
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-app", "roles.yaml"),
    expected: { first: "roles.yaml#/roles/hr-data/apps/0", last: "roles.yaml#/roles/hr-data/apps/1" },
    at: { file: "roles.yaml", text: "hr-asistant" },
  },
  {
    name: "apps: visible_range.users — a member without location consent (WC.LOC.3)",
    files: (w) => ({
      "apps.yaml": replace(
        "      departments: [9]\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng",
        `      departments: [9]\n      users: ${w === "first" ? "[zhangwei, linfeng]" : "[linfeng, zhangwei]"}\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng`,
      ),
    }),
    pointer: (l) =>
      liveFinding(l, "WC.LOC.3v1", "app:1000002", (s) => {
        const app = s.apps.find((a) => a.agentId === 1000002)!;
        s.apps = s.apps.map((a) =>
          a === app ? { ...app, visibleRange: { ...app.visibleRange, userIds: ["linfeng", "zhangwei"] } } : a,
        );
      })?.pointer,
    expected: {
      first: "apps.yaml#/apps/field-assistant/visible_range/users/0",
      last: "apps.yaml#/apps/field-assistant/visible_range/users/1",
    },
    at: { file: "apps.yaml", text: "zhangwei" },
  },
  {
    name: "apps: visible_range.departments — an unknown department",
    files: (w) => ({
      "apps.yaml": replace(
        "      departments: [9]\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng",
        `      departments: ${w === "first" ? "[88, 9]" : "[9, 88]"}\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng`,
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-department", "apps.yaml"),
    expected: {
      first: "apps.yaml#/apps/field-assistant/visible_range/departments/0",
      last: "apps.yaml#/apps/field-assistant/visible_range/departments/1",
    },
    at: { file: "apps.yaml", text: "88" },
  },
  {
    name: "apps: visible_range.roles — an unknown role",
    files: (w) => ({
      "apps.yaml": replace(
        "      departments: [9]\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng",
        `      departments: [9]\n      roles: ${w === "first" ? "[field-locaton, hr-data]" : "[hr-data, field-locaton]"}\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng`,
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-role", "apps.yaml"),
    expected: {
      first: "apps.yaml#/apps/field-assistant/visible_range/roles/0",
      last: "apps.yaml#/apps/field-assistant/visible_range/roles/1",
    },
    at: { file: "apps.yaml", text: "field-locaton" },
  },
  {
    name: "apps: visible_range.tags — a repeated tag",
    files: (w) => ({
      "apps.yaml": replace(
        "      departments: [9]\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng",
        `      departments: [9]\n      tags: ${w === "first" ? "[41, 41, 42]" : "[42, 41, 41]"}\n    admins:\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng`,
      ),
    }),
    pointer: (l) => problemAt(l, "schema.duplicate-item", "apps.yaml"),
    expected: {
      first: "apps.yaml#/apps/field-assistant/visible_range/tags/1",
      last: "apps.yaml#/apps/field-assistant/visible_range/tags/2",
    },
    at: (w) => ({ file: "apps.yaml", text: "41", after: w === "first" ? "[41, " : "[42, 41, " }),
  },
  {
    name: "apps: admins — an admin holding more than declared (WC.ACC.2)",
    files: (w) => ({
      "apps.yaml": replace(
        "      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng, auth_type: message }",
        w === "first"
          ? "      - { userid: linfeng, auth_type: message }\n      - { userid: sunhao, auth_type: manage }"
          : "      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng, auth_type: message }",
      ),
    }),
    pointer: (l) =>
      liveFinding(l, "WC.ACC.2v1", "app:1000002", (s) => {
        s.apps = s.apps.map((a) =>
          a.agentId === 1000002
            ? {
                ...a,
                admins: [
                  { userId: "sunhao", authType: "manage" as const },
                  { userId: "linfeng", authType: "manage" as const },
                ],
              }
            : a,
        );
      })?.pointer,
    expected: {
      first: "apps.yaml#/apps/field-assistant/admins/0/auth_type",
      last: "apps.yaml#/apps/field-assistant/admins/1/auth_type",
    },
    at: { file: "apps.yaml", text: "message }", after: "userid: linfeng" },
  },
  {
    name: "apps: admins — an admin without security training (WC.GOV.3)",
    files: (w) => ({
      "apps.yaml": replace(
        "      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng, auth_type: message }",
        w === "first"
          ? "      - { userid: zhaolei, auth_type: message }\n      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng, auth_type: message }"
          : "      - { userid: sunhao, auth_type: manage }\n      - { userid: linfeng, auth_type: message }\n      - { userid: zhaolei, auth_type: message }",
      ),
    }),
    pointer: (l) => declaredFinding(l, "WC.GOV.3v1", "member:zhaolei")?.pointer,
    expected: {
      first: "apps.yaml#/apps/field-assistant/admins/0",
      last: "apps.yaml#/apps/field-assistant/admins/2",
    },
    at: { file: "apps.yaml", text: "{ userid: zhaolei" },
  },
  {
    name: "archive: members — an archived member without consent (WC.ARC.2)",
    files: (w) => ({
      "archive.yaml": replace(
        "members: [wuqiang, xuli, huangtao, maxiaoyu]",
        w === "first"
          ? "members: [zhangwei, wuqiang, xuli, huangtao, maxiaoyu]"
          : "members: [wuqiang, xuli, huangtao, maxiaoyu, zhangwei]",
      ),
    }),
    pointer: (l) =>
      liveFinding(l, "WC.ARC.2v1", "member:zhangwei", (s) => {
        s.archive = { permitUserIds: ["huangtao", "maxiaoyu", "wuqiang", "xuli", "zhangwei"] };
      })?.pointer,
    expected: { first: "archive.yaml#/members/0", last: "archive.yaml#/members/4" },
    at: { file: "archive.yaml", text: "zhangwei" },
  },
  {
    name: "consent rows — a withdrawal (WC.ARC.2 names the ledger row)",
    files: (w) => {
      const row = "xuli,chat-archive,2026-02-10,2026-11-01,ESIGN-ARC-0002";
      return {
        "consent-ledger.csv":
          w === "first"
            ? replace("xuli,chat-archive,2026-02-10,,ESIGN-ARC-0002", row)
            : {
                replace: [["xuli,chat-archive,2026-02-10,,ESIGN-ARC-0002\n", ""]],
                append: `xuli,chat-archive,2026-02-10,2026-11-01,ESIGN-ARC-0099\n`,
              },
      };
    },
    pointer: (l) => liveFinding(l, "WC.ARC.2v1", "member:xuli")?.evidence?.["withdrawal"] as string,
    expected: { first: "consent-ledger.csv#/rows/1", last: "consent-ledger.csv#/rows/31" },
    at: { file: "consent-ledger.csv", text: "xuli,chat-archive,2026-02-10,2026-11-01" },
  },
  {
    name: "consent rows — a withdrawal dated before the consent (problem)",
    files: (w) => {
      const bad = "zhangwei,chat-archive,2026-03-01,2026-02-01,PAPER-1\n";
      return {
        "consent-ledger.csv":
          w === "first"
            ? replace(
                "userid,purpose,given,withdrawn,evidence\n",
                `userid,purpose,given,withdrawn,evidence\n${bad}`,
              )
            : { append: bad },
      };
    },
    pointer: (l) => problemAt(l, "consent.dates", "consent-ledger.csv"),
    expected: {
      first: "consent-ledger.csv#/rows/0/withdrawn",
      last: "consent-ledger.csv#/rows/32/withdrawn",
    },
    at: { file: "consent-ledger.csv", text: "2026-02-01", after: "zhangwei,chat-archive" },
  },
  {
    name: "roster rows — a leaver still enabled (WC.LVR.1)",
    files: (w) => ({
      "people.csv":
        w === "first"
          ? {
              replace: [
                [FANBING, ""],
                [PEOPLE_HEADER, PEOPLE_HEADER + FANBING],
              ],
            }
          : { replace: [[FANBING, ""]], append: FANBING },
    }),
    pointer: (l) =>
      liveFinding(l, "WC.LVR.1v1", "member:fanbing", (s) => {
        s.members = s.members.map((m) => (m.userId === "fanbing" ? { ...m, enabled: true, status: 1 } : m));
      })?.pointer,
    expected: { first: "people.csv#/rows/0", last: "people.csv#/rows/199" },
    at: { file: "people.csv", text: FANBING },
  },
  {
    name: "waivers — an expired waiver (WC.WVR.1)",
    files: (w) => {
      const extra =
        "  WVR-2026-002:\n    control: WC.GOV.3v1\n    target: member:zhaolei\n    reason: Training booked for January\n    owner: wuqiang\n    expires: 2026-11-01\n";
      return {
        "waivers.yaml": w === "first" ? replace("waivers:\n", `waivers:\n${extra}`) : { append: extra },
      };
    },
    pointer: (l) => declaredFinding(l, "WC.WVR.1v1", "waiver:WVR-2026-002")?.pointer,
    expected: { first: "waivers.yaml#/waivers/WVR-2026-002", last: "waivers.yaml#/waivers/WVR-2026-002" },
    at: { file: "waivers.yaml", text: "WVR-2026-002:" },
  },
  {
    name: "recipients — a transfer with no reference (WC.XB.1)",
    files: (w) => {
      const extra =
        "  us-payroll:\n    name: Payroll Inc.\n    country: US\n    purpose: Payroll processing\n    categories: [name, salary]\n    mechanism: standard-contract\n    reference: ' '\n    legal_basis: contract\n    notice_version: XB-NOTICE-2026-01\n    people_count: 10\n";
      return {
        "crossborder.yaml":
          w === "first" ? replace("recipients:\n", `recipients:\n${extra}`) : { append: extra },
      };
    },
    pointer: (l) => declaredFinding(l, "WC.XB.1v1", "recipient:us-payroll")?.pointer,
    expected: {
      first: "crossborder.yaml#/recipients/us-payroll/reference",
      last: "crossborder.yaml#/recipients/us-payroll/reference",
    },
    at: { file: "crossborder.yaml", text: "' '" },
  },
  {
    name: "recipients: domains — a repeated domain",
    files: (w) => ({
      "crossborder.yaml": replace(
        "domains: [hr.xinghe-group.sg]",
        w === "first"
          ? "domains: [hr.xinghe-group.sg, hr.xinghe-group.sg, files.xinghe-group.sg]"
          : "domains: [files.xinghe-group.sg, hr.xinghe-group.sg, hr.xinghe-group.sg]",
      ),
    }),
    pointer: (l) => problemAt(l, "schema.duplicate-item", "crossborder.yaml"),
    expected: {
      first: "crossborder.yaml#/recipients/sg-group-hr/domains/1",
      last: "crossborder.yaml#/recipients/sg-group-hr/domains/2",
    },
    at: { file: "crossborder.yaml", text: "hr.xinghe-group.sg", after: "hr.xinghe-group.sg," },
  },
  {
    name: "records: training attendees — an unknown member",
    files: (w) => ({
      "records.yaml": replace(
        "attendees: [chenjing, wangfang, sunhao, zhoumin, wuqiang, linfeng, liuyang, gaoyan]",
        w === "first"
          ? "attendees: [nobody1, chenjing, wangfang, sunhao, zhoumin, wuqiang, linfeng, liuyang, gaoyan]"
          : "attendees: [chenjing, wangfang, sunhao, zhoumin, wuqiang, linfeng, liuyang, gaoyan, nobody1]",
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-user", "records.yaml"),
    expected: {
      first: "records.yaml#/trainings/TRN-2026-01/attendees/0",
      last: "records.yaml#/trainings/TRN-2026-01/attendees/8",
    },
    at: { file: "records.yaml", text: "nobody1" },
  },
  {
    name: "consent.yaml inline ledger — a withdrawal dated before the consent (problem)",
    files: (w) =>
      inlineLedger(
        w,
        "  - { userid: zhangwei, purpose: chat-archive, given: 2026-03-01, withdrawn: 2026-02-01 }\n",
      ),
    pointer: (l) => problemAt(l, "consent.dates", "consent.yaml"),
    expected: { first: "consent.yaml#/ledger/0/withdrawn", last: "consent.yaml#/ledger/32/withdrawn" },
    at: { file: "consent.yaml", text: "2026-02-01", after: "userid: zhangwei, purpose: chat-archive" },
  },
  {
    name: "consent.yaml inline ledger — a withdrawal (WC.ARC.2 names the ledger entry)",
    files: (w) => {
      const edit = inlineLedger(
        w,
        "  - { userid: xuli, purpose: chat-archive, given: 2026-02-10, withdrawn: 2026-11-01 }\n",
      );
      // Only the added entry records xuli's consent, so the withdrawal is the one that counts.
      edit["consent.yaml"]!.replace!.push([
        "  - { userid: xuli, purpose: chat-archive, given: 2026-02-10, evidence: ESIGN-ARC-0002 }\n",
        "",
      ]);
      return edit;
    },
    pointer: (l) => liveFinding(l, "WC.ARC.2v1", "member:xuli")?.evidence?.["withdrawal"] as string,
    expected: { first: "consent.yaml#/ledger/0", last: "consent.yaml#/ledger/31" },
    at: { file: "consent.yaml", text: "{ userid: xuli" },
  },
  {
    name: "tenant: departments — a department whose parent is unknown",
    files: (w) => ({
      "tenant.yaml": replace(
        w === "first"
          ? "departments:\n"
          : "  - { id: 9, name: 现场服务部, name_en: Field Service, parent: 1 }\n",
        w === "first"
          ? "departments:\n  - { id: 10, name: 分部, parent: 77 }\n"
          : "  - { id: 9, name: 现场服务部, name_en: Field Service, parent: 1 }\n  - { id: 10, name: 分部, parent: 77 }\n",
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-department", "tenant.yaml"),
    expected: { first: "tenant.yaml#/departments/0/parent", last: "tenant.yaml#/departments/9/parent" },
    at: { file: "tenant.yaml", text: "77" },
  },
  {
    name: "crossborder: approved_domains — a repeated domain",
    files: (w) => ({
      "crossborder.yaml": replace(
        "approved_domains:\n  - xinghe-demo.cn\n",
        w === "first"
          ? "approved_domains:\n  - xinghe-demo.cn\n  - xinghe-demo.cn\n  - example.cn\n"
          : "approved_domains:\n  - example.cn\n  - xinghe-demo.cn\n  - xinghe-demo.cn\n",
      ),
    }),
    pointer: (l) => problemAt(l, "schema.duplicate-item", "crossborder.yaml"),
    expected: { first: "crossborder.yaml#/approved_domains/1", last: "crossborder.yaml#/approved_domains/2" },
    at: { file: "crossborder.yaml", text: "xinghe-demo.cn", after: "  - xinghe-demo.cn\n" },
  },
  {
    name: "recipients: categories — a repeated category",
    files: (w) => ({
      "crossborder.yaml": replace(
        "categories: [name, employee id, department, job title, grade, base salary]",
        w === "first"
          ? "categories: [name, name, employee id, department, job title, grade, base salary]"
          : "categories: [employee id, department, job title, grade, base salary, name, name]",
      ),
    }),
    pointer: (l) => problemAt(l, "schema.duplicate-item", "crossborder.yaml"),
    expected: {
      first: "crossborder.yaml#/recipients/sg-group-hr/categories/1",
      last: "crossborder.yaml#/recipients/sg-group-hr/categories/6",
    },
    at: (w) =>
      w === "first"
        ? { file: "crossborder.yaml", text: "name", after: "categories: [name, " }
        : { file: "crossborder.yaml", text: "name]", after: "salary, name, " },
  },
  {
    name: "records: pia covers — an unknown app",
    files: (w) => ({
      "records.yaml": replace(
        'covers: ["app:field-assistant"]',
        w === "first"
          ? 'covers: ["app:nope", "app:field-assistant"]'
          : 'covers: ["app:field-assistant", "app:nope"]',
      ),
    }),
    pointer: (l) => problemAt(l, "ref.unknown-app", "records.yaml"),
    expected: {
      first: "records.yaml#/pias/PIA-2026-002/covers/0",
      last: "records.yaml#/pias/PIA-2026-002/covers/1",
    },
    at: { file: "records.yaml", text: '"app:nope"' },
  },
  {
    name: "records: incident plan contacts — an unknown member",
    files: (w) => {
      const extra = "    - { userid: nobody1, name: 无名, role: Backup / 备岗 }\n";
      const first = "    - { userid: liuyang, name: 刘洋,";
      return {
        "records.yaml":
          w === "first" ? replace(first, `${extra}${first}`) : replace("  drills:\n", `${extra}  drills:\n`),
      };
    },
    pointer: (l) => problemAt(l, "ref.unknown-user", "records.yaml"),
    expected: {
      first: "records.yaml#/incident_plan/contacts/0/userid",
      last: "records.yaml#/incident_plan/contacts/3/userid",
    },
    at: { file: "records.yaml", text: "nobody1" },
  },
  {
    name: "records: incident plan drills — an impossible date",
    files: (w) => {
      const extra = "    - date: 2026-02-30\n      scenario: Lost laptop / 笔记本丢失\n";
      return {
        "records.yaml":
          w === "first"
            ? replace("  drills:\n", `  drills:\n${extra}`)
            : replace(
                "      report: DMS/LEGAL/DRILL-2026-06\n",
                `      report: DMS/LEGAL/DRILL-2026-06\n${extra}`,
              ),
      };
    },
    pointer: (l) => problemAt(l, "schema.format", "records.yaml"),
    expected: {
      first: "records.yaml#/incident_plan/drills/0/date",
      last: "records.yaml#/incident_plan/drills/1/date",
    },
    at: { file: "records.yaml", text: "2026-02-30" },
  },
];

describe("a finding or problem about a list item points at the item, wherever it is in the list", () => {
  for (const c of CASES) {
    it.each(["first", "last"] as const)(`${c.name}: item %s`, async (where) => {
      const l = await load(`item-${where}`, c.files(where));
      const pointer = c.pointer(l);
      expect(pointer).toBe(c.expected[where]);
      // The position: from the loaded sources, or (for a problem) the loader's own positions.
      const at = typeof c.at === "function" ? c.at(where) : c.at;
      const text = fs.readFileSync(path.join(l.dir, at.file), "utf8");
      const want = positionOf(text, at.text, at.after);
      if (l.sources) {
        const got = l.sources.locate(pointer!);
        expect({ file: got.file, line: got.line, column: got.column }).toEqual({ file: at.file, ...want });
      } else {
        const r = await loadPolicies(l.dir);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        const p = r.problems.find((x) => `${x.file}#${x.pointer}` === pointer)!;
        expect({ file: p.file, line: p.line, column: p.column }).toEqual({ file: at.file, ...want });
      }
    });
  }
});
