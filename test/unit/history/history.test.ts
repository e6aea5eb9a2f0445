/**
 * `wecom-policy history` and `diff` on a scripted git repository: the exact policy-term lines, reordering and
 * reformatting are no change, CSV rows are matched by key, renamed files and a moved policy directory are
 * followed, a control's verdict going from pass to fail is reported, and a clear message outside git.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main";
import { policyDiff, policyHistory, type HistoryReport } from "../../../src/history/run";
import { historyText } from "../../../src/report/history";
import { validateAgainst } from "../../../src/schema";
import { ScriptedRepo } from "./git-repo";

const LIAO = { name: "Liao Min", email: "liaomin@xinghe-demo.cn" };
let repo: ScriptedRepo;
const commits: Record<string, string> = {};
let report: HistoryReport;

const lines = (r: HistoryReport, i: number, lang: "zh" | "en" = "en") =>
  r.entries[i]!.changes.map((c) => c.text[lang]);
const entryOf = (name: string) => report.entries.find((e) => e.commit === commits[name])!;

beforeAll(async () => {
  repo = new ScriptedRepo();
  commits["initial"] = repo.commit("demo company policies", 1);
  // finance-approvers: zhangwei leaves the role, liuyang joins.
  repo.edit(
    "policies/roles.yaml",
    "members: [chenjing, zhaolei, zhangwei]",
    "members: [chenjing, zhaolei, liuyang]",
  );
  commits["members"] = repo.commit("finance: liuyang replaces zhangwei", 3, LIAO);
  // The same set, reordered and in block style: no change.
  repo.edit(
    "policies/roles.yaml",
    "members: [chenjing, zhaolei, liuyang]",
    "members:\n      - liuyang\n      - chenjing\n      - zhaolei",
  );
  commits["reorder"] = repo.commit("roles: one member a line", 4);
  // CSV rows in another order (header kept): no change.
  const [header, ...rows] = repo.read("policies/people.csv").trimEnd().split("\n");
  repo.write("policies/people.csv", [header, ...rows.reverse()].join("\n") + "\n");
  commits["csv-reorder"] = repo.commit("people.csv sorted by the HR export", 5);
  // The roster moves to hr/people.csv.
  repo.git("mv", "policies/people.csv", "policies/hr-people.csv");
  repo.edit("policies/people.yaml", "roster: people.csv", "roster: hr-people.csv");
  commits["rename"] = repo.commit("roster file renamed", 6);
  // Chat retention shortened.
  repo.edit("policies/archive.yaml", "retention_days: 365", "retention_days: 180");
  commits["retention"] = repo.commit("archive: keep chats 180 days", 7);
  // huangtao withdraws consent (still archived: WC.ARC.2 goes from pass to fail).
  repo.edit(
    "policies/consent-ledger.csv",
    "huangtao,chat-archive,2026-02-10,,",
    "huangtao,chat-archive,2026-02-10,2026-11-05,",
  );
  commits["withdraw"] = repo.commit("huangtao withdrew", 8);
  // Location reporting on for 销售助手; the purpose text reworded elsewhere.
  repo.edit(
    "policies/apps.yaml",
    'mode: "off"\n    redirect_domain: crm.xinghe-demo.cn',
    "mode: on-enter\n      purpose: Confirm customer visits / 确认客户拜访\n      consent_purpose: location-tracking\n      pia: PIA-2026-002\n      since: 2026-11-20\n    redirect_domain: crm.xinghe-demo.cn",
  );
  repo.edit("policies/roles.yaml", "Approve payments above 50,000 CNY", "Approve payments above 100,000 CNY");
  commits["location"] = repo.commit("sales CRM reports location on entry", 9);
  // A waiver, and a leaver (left on 2026-11-01) put back into a role (WC.ACC.1 fails).
  repo.edit(
    "policies/waivers.yaml",
    "    expires: 2027-03-31\n",
    "    expires: 2027-03-31\n  WVR-2026-002:\n    control: WC.ACC.1v1\n    target: role:hr-data\n    reason: audit in progress\n    owner: wangfang\n    expires: 2026-12-31\n",
  );
  repo.edit("policies/roles.yaml", "members: [linfeng, luoping]", "members: [linfeng, luoping, zhengkai]");
  commits["leaver"] = repo.commit("field-location: zhengkai back", 10);
  // The whole directory moves.
  fs.mkdirSync(repo.path("governance"));
  repo.git("mv", "policies", "governance/policies");
  commits["move"] = repo.commit("policies under governance/", 11);
  repo.edit("governance/policies/retention.yaml", "max_days: 365", "max_days: 200");
  commits["after-move"] = repo.commit("shorter maximum", 12);
  report = await policyHistory({ dir: repo.path("governance/policies") });
}, 60_000);

afterAll(() => repo?.remove());

describe("wecom-policy history", () => {
  it("follows the moved directory back to the first commit, one entry per commit, oldest first", () => {
    expect(report.entries.map((e) => e.commit)).toEqual(Object.values(commits));
    expect(report.dir).toBe("governance/policies");
    expect(validateAgainst("history-report", report)).toEqual([]);
  });

  it("names author, date and commit", () => {
    const e = entryOf("members");
    expect(e.author).toEqual(LIAO);
    expect(e.date).toBe("2026-11-03T10:00:00+08:00");
    expect(e.subject).toBe("finance: liuyang replaces zhangwei");
    expect(e.base).toBe(commits["initial"]);
  });

  it("says a set change in policy terms, with the controls it touches", () => {
    const e = entryOf("members");
    expect(e.changes.map((c) => c.text.en)).toEqual(["finance-approvers: +liuyang −zhangwei"]);
    expect(e.changes.map((c) => c.text.zh)).toEqual(["finance-approvers：+liuyang −zhangwei"]);
    expect(e.changes[0]!.controls).toEqual(["WC.ACC.1v1", "WC.SEC.1v1", "WC.CHK.1v1", "WC.CHK.2v1"]);
    expect(e.changes[0]!.added).toEqual(["liuyang"]);
    expect(e.changes[0]!.removed).toEqual(["zhangwei"]);
  });

  it("reordering and reformatting a list is no change; CSV rows are matched by key, not line", () => {
    expect(entryOf("reorder").changes).toEqual([]);
    expect(entryOf("csv-reorder").changes).toEqual([]);
    expect(entryOf("reorder").controls).toEqual([]);
  });

  it("a renamed file is followed: the rename is listed and its rows are not re-added", () => {
    const e = entryOf("rename");
    expect(e.renames).toEqual([{ from: "policies/people.csv", to: "policies/hr-people.csv" }]);
    expect(e.changes.map((c) => c.text.en)).toEqual(["HR roster file: people.csv → hr-people.csv"]);
  });

  it("retention, consent, location, waiver and free text read as policy terms", () => {
    expect(entryOf("retention").changes.map((c) => c.text.en)).toEqual(["chat retention: 365 → 180 days"]);
    expect(entryOf("retention").changes.map((c) => c.text.zh)).toEqual(["会话存档保存期：365 → 180 天"]);
    expect(entryOf("retention").changes[0]!.controls).toEqual(["WC.ARC.4v1"]);
    expect(entryOf("withdraw").changes.map((c) => c.text.en)).toEqual([
      "huangtao withdrew consent to Chat archiving (chat-archive) on 2026-11-05",
    ]);
    expect(entryOf("withdraw").changes.map((c) => c.text.zh)).toEqual([
      "huangtao 于 2026-11-05 撤回对会话内容存档（chat-archive）的同意",
    ]);
    const loc = entryOf("location").changes.map((c) => c.text.en);
    expect(loc).toContain("location reporting on (on entering the app) for 销售助手");
    expect(loc).toContain(
      "finance-approvers purpose: Approve payments above [-50-]{+100+},000 CNY; members see su…",
    );
    const words = entryOf("location").changes.find((c) => c.field === "purpose")!.words!;
    expect(words.filter((w) => w.added).map((w) => w.value)).toEqual(["100"]);
    expect(entryOf("location").changes.find((c) => c.field === "location/mode")!.controls).toEqual([
      "WC.LOC.1v1",
      "WC.LOC.2v1",
      "WC.LOC.3v1",
    ]);
    expect(lines(report, report.entries.indexOf(entryOf("leaver")))).toEqual([
      "field-location: +zhengkai",
      "waiver for WC.ACC.1v1 on role:hr-data until 2026-12-31 (WVR-2026-002, owner wangfang)",
    ]);
  });

  it("reports a declared control going from pass to fail, evaluated at the commit's date", () => {
    const arc2 = entryOf("withdraw").controls.find(
      (c) => c.controlId === "WC.ARC.2v1" && c.target === "member:huangtao",
    )!;
    expect(arc2).toMatchObject({
      target: "member:huangtao",
      before: "pass",
      after: "fail",
      severity: "mandatory",
    });
    const acc1 = entryOf("leaver").controls.filter((c) => c.controlId === "WC.ACC.1v1");
    expect(acc1.map((c) => [c.target, c.before, c.after])).toContainEqual([
      "role:field-location",
      "pass",
      "fail",
    ]);
    expect(historyText(report, "en")).toContain("✗ WC.ACC.1v1 (mandatory) role:field-location pass → fail");
  });

  it("the moved directory is one rename commit with no change in policy terms", () => {
    const e = entryOf("move");
    expect(e.changes).toEqual([]);
    expect(e.renames.length).toBeGreaterThan(5);
    expect(entryOf("after-move").changes.map((c) => c.text.en)).toEqual([
      "longest chat retention allowed: 365 → 200 days",
    ]);
  });

  it("a range limits the commits", async () => {
    const r = await policyHistory({
      dir: repo.path("governance/policies"),
      range: [`${commits["rename"]}..${commits["withdraw"]}`],
    });
    expect(r.entries.map((e) => e.commit)).toEqual([commits["retention"], commits["withdraw"]]);
  });
});

describe("wecom-policy diff", () => {
  it("defaults to the merge-base with main → working tree, uncommitted changes included", async () => {
    repo.git("checkout", "-q", "-b", "pr");
    repo.edit("governance/policies/archive.yaml", "retention_days: 180", "retention_days: 90");
    repo.commit("pr: 90 days", 13);
    repo.edit("governance/policies/roles.yaml", "members: [wangfang, lina]", "members: [wangfang]");
    const r = await policyDiff({
      dir: repo.path("governance/policies"),
      now: new Date("2026-11-28T12:00:00+08:00"),
    });
    expect(r.entries[0]!.commit).toBeNull();
    expect(r.entries[0]!.base).toBe(commits["after-move"]);
    expect(lines(r, 0)).toEqual(["hr-data: −lina", "chat retention: 180 → 90 days"]);
    const between = await policyDiff({
      dir: repo.path("governance/policies"),
      base: commits["initial"]!,
      head: commits["retention"]!,
      now: new Date("2026-11-28T12:00:00+08:00"),
    });
    expect(lines(between, 0)).toEqual([
      "finance-approvers: +liuyang −zhangwei",
      "chat retention: 365 → 180 days",
      "HR roster file: people.csv → hr-people.csv",
    ]);
    repo.git("checkout", "-q", "--", ".");
    repo.git("checkout", "-q", "main");
  });
});

describe("outside a git repository", () => {
  it("says so in both languages and exits 1", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-nogit-"));
    fs.cpSync(path.resolve(__dirname, "..", "..", "..", "policies"), path.join(dir, "policies"), {
      recursive: true,
    });
    let err = "";
    const code = await main(["node", "wecom-policy", "history", "--dir", path.join(dir, "policies")], {
      stdout: () => undefined,
      stderr: (t) => void (err += t),
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(err).toContain("is not inside a git repository");
    expect(err).toContain("不在 git 仓库中");
  });

  it("and when the policy directory has no history yet", async () => {
    const fresh = new ScriptedRepo();
    fs.rmSync(fresh.path("policies"), { recursive: true });
    fresh.write("README", "x\n");
    fresh.git("add", "README");
    fresh.commit("readme only", 1);
    let err = "";
    const code = await main(["node", "wecom-policy", "history", "--dir", fresh.path("policies")], {
      stdout: () => undefined,
      stderr: (t) => void (err += t),
    });
    fresh.remove();
    expect(code).toBe(1);
    expect(err).toContain("the policy directory has no history yet");
    expect(err).toContain("策略目录还没有提交历史");
  });
});
