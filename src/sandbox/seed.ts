/**
 * Deterministic seeds. `demo` is the fictional company of docs/demo-company.md, exactly; `empty` is a
 * bare corp. `members` tops the directory up to N members with generated people (seeded PRNG) for
 * benchmarks. Secrets are derived from the seed name so a tenant is reproducible; the token key is
 * random per state file.
 */
import { NOW_ENV, SANDBOX_TODAY } from "../today";
import { randomBytes } from "node:crypto";
import { ADMIN_OPER_TYPE } from "../wecom/wire";
import type { SandboxState, StoredAgent, StoredDepartment, StoredUser } from "./state";
import { STATE_VERSION, deriveSecret } from "./state";
import { seedCheckinRules } from "./checkin-seed";

export type SeedName = "demo" | "empty";
export const SEED_NAMES: readonly SeedName[] = ["demo", "empty"];
export const MAX_MEMBERS = 100_000;

export const DEMO_CORPID = "ww5a1d0c0ffee00001";
const EMPTY_CORPID = "ww0000sandbox00000";
const DAY = 86_400;

/** Small, fast, seedable PRNG (mulberry32): same seed, same directory on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unix seconds of a date at 00:00 China Standard Time (UTC+8): the demo's dates are Suzhou calendar days. */
function cstDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 1000 - 8 * 3600;
}

const DEMO_DEPARTMENTS: readonly [number, string, string, number][] = [
  [1, "星河智造", "Xinghe", 0],
  [2, "总经办", "Executive Office", 1],
  [3, "人力资源部", "Human Resources", 1],
  [4, "财务部", "Finance", 1],
  [5, "销售部", "Sales", 1],
  [6, "研发部", "R&D", 1],
  [7, "信息技术部", "IT", 1],
  [8, "法务合规部", "Legal & Compliance", 1],
  [9, "现场服务部", "Field Service", 1],
];

const DEMO_NAMED: readonly [string, string, number, string, "1" | "2"][] = [
  ["zhangwei", "张伟", 2, "总经理", "1"],
  ["liuyang", "刘洋", 8, "个人信息保护负责人", "1"],
  ["gaoyan", "高燕", 8, "法务顾问", "2"],
  ["wangfang", "王芳", 3, "人力资源总监", "2"],
  ["lina", "李娜", 3, "人力资源专员", "2"],
  ["chenjing", "陈静", 4, "财务经理", "2"],
  ["zhaolei", "赵磊", 4, "会计", "1"],
  ["sunhao", "孙浩", 7, "IT负责人", "1"],
  ["zhoumin", "周敏", 7, "IT工程师", "2"],
  ["wuqiang", "吴强", 5, "销售总监", "1"],
  ["xuli", "徐丽", 5, "销售", "2"],
  ["huangtao", "黄涛", 5, "销售", "1"],
  ["maxiaoyu", "马晓雨", 5, "销售", "2"],
  ["guojun", "郭俊", 6, "研发负责人", "1"],
  ["hemei", "何梅", 6, "工程师", "2"],
  ["linfeng", "林峰", 9, "现场服务负责人", "1"],
  ["luoping", "罗平", 9, "现场技术员", "1"],
  ["zhengkai", "郑凯", 5, "销售", "1"],
  ["fanbing", "范冰", 9, "现场技术员", "1"],
];

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红海燕飞志宇晨浩然欣怡梓涵子轩思雨博文一鸣佳琪雅婷俊杰";

function generatedName(rand: () => number): string {
  const s = SURNAMES[Math.floor(rand() * SURNAMES.length)] ?? "王";
  const n = rand() < 0.5 ? 1 : 2;
  let g = "";
  for (let k = 0; k < n; k++) g += GIVEN[Math.floor(rand() * GIVEN.length)] ?? "伟";
  return s + g;
}

function user(
  userid: string,
  name: string,
  department: number,
  position: string,
  gender: "0" | "1" | "2",
  index: number,
): StoredUser {
  return {
    userid,
    name,
    department: [department],
    order: [0],
    is_leader_in_dept: [0],
    main_department: department,
    position,
    mobile: `138${String(index).padStart(8, "0")}`,
    email: `${userid}@xinghe-demo.cn`,
    gender,
    alias: "",
    telephone: "",
    direct_leader: [],
    enable: 1,
    activated: true,
    creator: false,
  };
}

function agent(
  agentid: number,
  name: string,
  description: string,
  host: string,
  seed: string,
  extra: Partial<StoredAgent>,
): StoredAgent {
  return {
    agentid,
    name,
    description,
    square_logo_url: `https://p.qlogo.cn/sandbox/${agentid}/0`,
    close: 0,
    redirect_domain: host,
    report_location_flag: 0,
    isreportenter: 0,
    home_url: `https://${host}`,
    allow_users: [],
    allow_partys: [],
    allow_tags: [],
    admins: [],
    verified_domains: [host],
    secret: deriveSecret(seed, `app:${agentid}`),
    trusted_ips: [],
    ...extra,
  };
}

function baseState(seed: string, corpid: string, tokenKey: string): SandboxState {
  return {
    version: STATE_VERSION,
    seed,
    corpid,
    contacts_secret: deriveSecret(seed, "contacts"),
    archive_secret: deriveSecret(seed, "archive"),
    checkin_secret: deriveSecret(seed, "checkin"),
    token_key: tokenKey,
    clock_offset_seconds: 0,
    departments: [],
    users: [],
    deleted_members: {},
    tags: [],
    agents: [],
    api_access: { security: [], customer_contact: [] },
    trusted_ips: { contacts: [], archive: [] },
    archive: { permit: [], agreements: [], rooms: [] },
    customers: [],
    admin_log: [],
    member_log: [],
    checkin_rules: [],
    next_checkin_groupid: 1,
  };
}

function externalId(rand: () => number): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let s = "wm";
  for (let k = 0; k < 30; k++) s += chars[Math.floor(rand() * chars.length)] ?? "A";
  return s;
}

function demoState(nowSeconds: number, tokenKey: string): SandboxState {
  const st = baseState("demo", DEMO_CORPID, tokenKey);
  const rand = prng(0x5a1d0c0f);
  st.departments = DEMO_DEPARTMENTS.map(([id, name, nameEn, parentid]): StoredDepartment => ({
    id,
    name,
    name_en: nameEn,
    parentid,
    order: id === 1 ? 100_000_000 : 100_000_000 - id * 1000,
    department_leader: [],
  }));
  DEMO_NAMED.forEach(([userid, name, dept, position, gender], k) => {
    st.users.push(user(userid, name, dept, position, gender, k + 1));
  });
  for (let i = 1; i <= 181; i++) {
    const userid = `staff${String(i).padStart(3, "0")}`;
    const dept = 3 + ((i - 1) % 7);
    st.users.push(user(userid, generatedName(rand), dept, "员工", rand() < 0.5 ? "1" : "2", 100 + i));
  }
  const byId = new Map(st.users.map((u) => [u.userid, u]));
  const zhangwei = byId.get("zhangwei");
  if (zhangwei) zhangwei.creator = true;
  const zhengkai = byId.get("zhengkai");
  if (zhengkai) {
    zhengkai.enable = 0;
    zhengkai.left_at = cstDay(2026, 11, 1);
  }
  // fanbing left on 2026-11-20 per HR, but nobody has touched him in WeCom yet: enabled, not departed.

  st.tags.push({
    tagid: 100,
    tagname: "外包人员",
    owner: "contacts",
    userlist: Array.from({ length: 12 }, (_, k) => `staff${170 + k}`),
    partylist: [],
  });

  // Descriptions are those policies/apps.yaml declares, so the demo's first preview shows no app change.
  st.agents = [
    agent(
      1000002,
      "外勤助手",
      "外勤工单、到场打卡与客户现场记录 / Field work orders and on-site check-in",
      "field.xinghe-demo.cn",
      "demo",
      {
        report_location_flag: 1,
        isreportenter: 1,
        allow_partys: [9],
        admins: [
          { userid: "sunhao", auth_type: 1 },
          { userid: "linfeng", auth_type: 0 },
        ],
      },
    ),
    agent(
      1000003,
      "销售助手",
      "客户管理与客户联系接口应用 / Customer management; the customer-contact API app",
      "crm.xinghe-demo.cn",
      "demo",
      {
        // Sales, and Finance and the Executive Office, who chat with suppliers: a chat intercept rule's range
        // must lie inside this app's visible range (path/95130), and protection.yaml's rule covers finance.
        allow_partys: [2, 4, 5],
        admins: [
          { userid: "sunhao", auth_type: 1 },
          { userid: "wuqiang", auth_type: 1 },
        ],
      },
    ),
    agent(
      1000004,
      "合规审计",
      "读取管理端与成员操作日志，用于日志留存与漂移归因 / Reads operation logs for retention and drift attribution",
      "audit.xinghe-demo.cn",
      "demo",
      {
        allow_partys: [7, 8],
        admins: [{ userid: "sunhao", auth_type: 1 }],
      },
    ),
    agent(
      1000005,
      "HR助手",
      "员工档案、假期与薪资单查询 / Employee records, leave and payslips",
      "hr.xinghe-demo.cn",
      "demo",
      {
        allow_partys: [1],
        admins: [{ userid: "wangfang", auth_type: 1 }],
      },
    ),
  ];
  st.api_access = { security: [1000004], customer_contact: [1000003] };

  const consented = cstDay(2026, 2, 10);
  const archived = ["wuqiang", "xuli", "huangtao", "maxiaoyu"];
  st.archive.permit = archived.map((userid) => ({ userid, type: 3 as const }));
  // Each archived salesperson has two customers who accepted archiving (the 服务须知 prompt) the day the
  // members consented, so check_single_agree has real data.
  for (const userid of archived) {
    for (let k = 0; k < 2; k++) {
      const ext = externalId(rand);
      st.customers.push({ external_userid: ext, owner: userid });
      st.archive.agreements.push({
        userid,
        exteranalopenid: ext,
        agree_status: k === 0 ? "Agree" : "Disagree",
        status_change_time: consented + 3600 * (k + 1),
      });
    }
  }
  const salesAgreements = st.archive.agreements.slice(0, 3);
  st.archive.rooms.push({
    roomid: "wrXingheSalesRoom000000000000001",
    agreeinfo: salesAgreements.map((a) => ({
      exteranalopenid: a.exteranalopenid,
      agree_status: a.agree_status,
      status_change_time: a.status_change_time,
    })),
  });
  for (let k = 0; k < 3; k++) st.customers.push({ external_userid: externalId(rand), owner: "zhengkai" });

  // A chat intercept rule an admin made by hand before wecom-policy arrived (客户联系 → 聊天管理 → 敏感词): warn
  // only, on sales' ways round the company's channels. It is not in policies/protection.yaml, so the tool
  // must leave it alone — import lists it, `pulumi up` never deletes it. Created in the console, it belongs
  // to no app: the API may read it but not change it (path/95130).
  st.intercept_rules = [
    {
      rule_id: "ir000001",
      rule_name: "销售私下交易提醒",
      word_list: ["私下转账", "加我微信", "返点"],
      semantics_list: [3],
      intercept_type: 2,
      user_list: [],
      department_list: [5],
      create_time: cstDay(2026, 3, 2) + 10 * 3600,
      creator: "console",
    },
  ];
  st.intercept_rule_seq = 1;

  st.admin_log = [
    {
      time: nowSeconds - 20 * DAY,
      userid: "sunhao",
      oper_type: ADMIN_OPER_TYPE.app,
      detail_info: "修改应用「外勤助手」设置：上报地理位置 = 进入会话时上报",
      ip: "10.8.7.21",
    },
    {
      time: nowSeconds - 12 * DAY,
      userid: "sunhao",
      oper_type: ADMIN_OPER_TYPE.contacts,
      detail_info: "禁用成员：郑凯（zhengkai）",
      ip: "10.8.7.21",
    },
    {
      time: nowSeconds - 5 * DAY,
      userid: "sunhao",
      oper_type: ADMIN_OPER_TYPE.permission,
      detail_info: "修改应用「销售助手」管理员：添加 吴强（wuqiang）",
      ip: "10.8.7.21",
    },
  ];
  st.member_log = [
    {
      time: nowSeconds - 9 * DAY,
      userid: "zhoumin",
      oper_type: 4,
      detail_info: "新设备登录：Windows",
      ip: "10.8.7.35",
    },
    {
      time: nowSeconds - 6 * DAY,
      userid: "liuyang",
      oper_type: 5,
      detail_info: "修改手机号",
      ip: "10.8.8.12",
    },
    {
      time: nowSeconds - 2 * DAY,
      userid: "sunhao",
      oper_type: 16,
      detail_info: "应用变更：合规审计",
      ip: "10.8.7.21",
    },
    {
      time: nowSeconds - 1 * DAY,
      userid: "xuli",
      oper_type: 1,
      detail_info: "添加外部联系人",
      ip: "10.8.5.44",
    },
  ];
  seedCheckinRules(st);
  return st;
}

function emptyState(tokenKey: string): SandboxState {
  const st = baseState("empty", EMPTY_CORPID, tokenKey);
  st.departments = [
    {
      id: 1,
      name: "沙箱企业",
      name_en: "Sandbox Corp",
      parentid: 0,
      order: 100_000_000,
      department_leader: [],
    },
  ];
  return st;
}

/**
 * Adds generated members until the directory holds `total` members. Generated members spread over ten
 * generated departments under the root; every tenth also belongs to a second department, so list_id
 * returns more rows than members, as WeCom does.
 */
function growDirectory(st: SandboxState, total: number): void {
  const missing = total - st.users.length;
  if (missing <= 0) return;
  const rand = prng(0xbe9c0000 ^ total);
  const firstDept = Math.max(...st.departments.map((d) => d.id)) + 1;
  const deptIds: number[] = [];
  for (let k = 0; k < 10; k++) {
    const id = firstDept + k;
    deptIds.push(id);
    st.departments.push({
      id,
      name: `生成部门${k + 1}`,
      name_en: `Generated ${k + 1}`,
      parentid: 1,
      order: 1000 - k,
      department_leader: [],
    });
  }
  for (let i = 1; i <= missing; i++) {
    const userid = `gen${String(i).padStart(6, "0")}`;
    const d1 = deptIds[i % 10] ?? 1;
    const d2 = deptIds[(i + 3) % 10] ?? 1;
    const two = i % 10 === 0;
    st.users.push({
      userid,
      name: generatedName(rand),
      department: two ? [d1, d2] : [d1],
      order: two ? [0, 0] : [0],
      is_leader_in_dept: two ? [0, 0] : [0],
      main_department: d1,
      position: "",
      mobile: `139${String(i).padStart(8, "0")}`,
      email: `${userid}@sandbox.invalid`,
      gender: rand() < 0.5 ? "1" : "2",
      alias: "",
      telephone: "",
      direct_leader: [],
      enable: 1,
      activated: rand() < 0.95,
      creator: false,
    });
  }
}

/**
 * The instant the seed's recent log entries are counted back from: the demo's story day (WECOM_POLICY_NOW, else
 * {@link SANDBOX_TODAY} — the "today" sandbox stacks pin for their legal checks) or the host clock, whichever is
 * earlier. Counted from the host clock alone, "five days ago" moves past the pinned day as the calendar moves on,
 * and an audit pinned to that day would find the seeded permission change after its own mark.
 */
export function seedAnchorSeconds(hostNowMs: number): number {
  const story = process.env[NOW_ENV]?.trim() || SANDBOX_TODAY;
  const storyMs = new Date(story).getTime();
  return Math.floor(Math.min(hostNowMs, Number.isNaN(storyMs) ? hostNowMs : storyMs) / 1000);
}

/** Builds a fresh tenant. `nowSeconds` anchors the seed's recent log entries to the sandbox clock. */
export function buildSeed(seed: SeedName, nowSeconds: number, members?: number): SandboxState {
  const tokenKey = randomBytes(32).toString("base64url");
  const st = seed === "demo" ? demoState(nowSeconds, tokenKey) : emptyState(tokenKey);
  if (members !== undefined) {
    if (!Number.isInteger(members) || members < 0 || members > MAX_MEMBERS) {
      throw new RangeError(`--members must be an integer between 0 and ${MAX_MEMBERS}`);
    }
    growDirectory(st, members);
  }
  return st;
}
