/**
 * `wecom-policy report --html` in a real browser: Debian's chromium (installed once by scripts/setup.sh →
 * scripts/setup-chromium.sh) driven by playwright-core, on a page built from real runs — the sandbox
 * process, a policy copy whose role is named `<img src=x onerror=alert(1)>` with a `</script>` purpose,
 * `pulumi up`, an admin's console change (attributed) and an API change (unattributed), then the real
 * `drift --json` and `audit --json`. The test asserts what a person sees: the summary counts, a failing
 * control's article and fix, filters hiding rows on click, who changed what; no console error, no request
 * beyond the file itself, and markup from the tenant shown as text, never run. Not skipped: without
 * chromium it fails naming the set-up step.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/evaluate";
import type { DriftReport } from "../../src/drift/run";
import { PROJECT_DIR } from "../../src/pulumi/workspace";
import { control, isControlId } from "../../src/rules";
import { validateAgainst } from "../../src/schema";
import { WecomClient } from "../../src/wecom";
import type { HistoryReport } from "../../src/generated/history-report";
import { ScriptedRepo } from "../unit/history/git-repo";
import { hostile, INJECTED } from "../unit/report/html-fixtures";
import { runCli, startE2E, TIMEOUT, type E2E } from "./harness";

const CHROMIUM = process.env["WECOM_POLICY_CHROMIUM"] ?? "/usr/bin/chromium";
/** Kept after the run (git-ignored): what the page looked like. */
const ARTIFACTS = path.join(PROJECT_DIR, ".wecom-policy", "artifacts");
/** The role's tag name and purpose in the policy copy: markup that must stay text. */
const TAG = INJECTED[0];
const PURPOSE = `${INJECTED[1]} approve payments`;
/** A commit author that tries to break out of an attribute (git itself drops `<` and `>` from names). */
const AUTHOR = 'Zhou" onmouseover="alert(5)" & co';

interface Seen {
  console: string[];
  errors: string[];
  requests: string[];
  dialogs: string[];
}

describe("wecom-policy report --html in chromium (real audit and drift runs)", () => {
  let e: E2E;
  let ctx: BrowserContext;
  let profile: string;
  let audit: AuditReport;
  let drift: DriftReport;
  let history: HistoryReport;
  let repo: ScriptedRepo;
  let page: Page;
  const seen: Seen = { console: [], errors: [], requests: [], dialogs: [] };

  /** Open an HTML file in a fresh tab, recording console messages, errors, requests and dialogs. */
  const open = async (file: string, into: Seen): Promise<Page> => {
    const p = await ctx.newPage();
    p.on("console", (m) => into.console.push(`${m.type()}: ${m.text()}`));
    p.on("pageerror", (err) => into.errors.push(err.message));
    p.on("request", (r) => into.requests.push(r.url()));
    p.on("dialog", (d) => {
      into.dialogs.push(d.message());
      void d.dismiss();
    });
    await p.goto(`file://${file}`);
    return p;
  };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: the HTML report's browser test needs Debian's chromium. Run \`bash scripts/setup-chromium.sh\` as root (npm test's set-up does), or \`apt-get install -y --no-install-recommends chromium fonts-wqy-microhei\`.`,
      );
    e = await startE2E("report", { policies: "copy" });
    const roles = path.join(e.dir, "policies", "roles.yaml");
    fs.writeFileSync(
      roles,
      fs
        .readFileSync(roles, "utf8")
        .replace("tag_name: 财务审批", `tag_name: ${JSON.stringify(TAG)}`)
        .replace(/purpose: Approve payments[^\n]*/, `purpose: ${JSON.stringify(PURPOSE)}`),
    );
    const up = await e.pulumi("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);

    // An admin adds liuyang to the role in the console (logged: attributed to sunhao); someone adds zhaolei
    // to hr-data through the API (WeCom logs no API change: unattributed).
    const client = new WecomClient({
      baseUrl: e.sandbox.url,
      corpId: e.creds.corpid,
      secrets: { contacts: e.creds.contacts_secret },
    });
    const tags = await client.listTags();
    const finance = tags.find((t) => t.name === TAG)!.tagId;
    const hr = tags.find((t) => t.name === "HR数据访问")!.tagId;
    await e.sandbox.console("tag/addusers", { operator: "sunhao", tagid: finance, userlist: ["liuyang"] });
    await client.addTagMembers(hr, { userIds: ["zhaolei"] });

    const auditJson = path.join(e.dir, "audit.json");
    const driftJson = path.join(e.dir, "drift.json");
    const a = await runCli(["audit", "--state-dir", e.dir, "--stack", e.ws.stack, "--json", auditJson]);
    // 0: no mandatory control fails; 2: one does (src/cli/exit-codes.ts).
    expect([0, 2], a.stderr + a.stdout).toContain(a.code);
    const d = await runCli(["drift", "--state-dir", e.dir, "--stack", e.ws.stack, "--json", driftJson]);
    expect(d.code, d.stderr + d.stdout).toBe(2);
    audit = JSON.parse(fs.readFileSync(auditJson, "utf8")) as AuditReport;
    drift = JSON.parse(fs.readFileSync(driftJson, "utf8")) as DriftReport;
    expect(validateAgainst("audit-report", audit)).toEqual([]);
    expect(validateAgainst("drift-report", drift)).toEqual([]);

    // The policy timeline: `wecom-policy history --json` in a scripted repository of the demo policies, where
    // an author whose name is an attribute break-out puts the leaver fanbing into the finance role (WC.ACC.1 pass → fail).
    repo = new ScriptedRepo("wecom-report-history-");
    repo.commit("policies: the demo company", 1);
    repo.edit(
      "policies/roles.yaml",
      "members: [chenjing, zhaolei, zhangwei]",
      "members: [chenjing, zhaolei, fanbing]",
    );
    repo.commit(`finance: fanbing in ${INJECTED[1]}`, 20, {
      name: AUTHOR,
      email: "lead@xinghe-demo.cn",
    });
    const historyJson = path.join(e.dir, "history.json");
    fs.writeFileSync(
      historyJson,
      execFileSync(
        process.execPath,
        [path.join(PROJECT_DIR, "dist", "cli", "main.js"), "history", "--json"],
        {
          cwd: repo.root,
          encoding: "utf8",
          env: { ...process.env, WECOM_POLICY_LANG: "en" },
        },
      ),
    );
    history = JSON.parse(fs.readFileSync(historyJson, "utf8")) as HistoryReport;
    expect(validateAgainst("history-report", history)).toEqual([]);

    const out = path.join(e.dir, "report.html");
    const r = await runCli([
      "report",
      "--html",
      out,
      "--audit",
      auditJson,
      "--drift",
      driftJson,
      "--history",
      historyJson,
      "--lang",
      "both",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const h = hostile(audit, drift, history);
    fs.writeFileSync(path.join(e.dir, "h-audit.json"), JSON.stringify(h.audit));
    fs.writeFileSync(path.join(e.dir, "h-drift.json"), JSON.stringify(h.drift));
    fs.writeFileSync(path.join(e.dir, "h-history.json"), JSON.stringify(h.history));
    const hr2 = await runCli([
      "report",
      "--html",
      path.join(e.dir, "hostile.html"),
      "--audit",
      path.join(e.dir, "h-audit.json"),
      "--drift",
      path.join(e.dir, "h-drift.json"),
      "--history",
      path.join(e.dir, "h-history.json"),
    ]);
    expect(hr2.code, hr2.stderr).toBe(0);

    // A fresh profile, and everything that phones home off: in this closed network it would stall.
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "report-chromium-"));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await open(out, seen);
  }, TIMEOUT);

  afterAll(async () => {
    await ctx?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await e?.close();
    repo?.remove();
  });

  it("shows audit's counts in the summary, and one chart row per area", async () => {
    const card = async (k: string) => (await page.locator(`[data-summary="${k}"] .n`).innerText()).trim();
    const s = audit.summary;
    expect(await card("mandatory-fail")).toBe(String(s.mandatoryFailures));
    expect(await card("advisory-fail")).toBe(String(s.advisoryFailures));
    expect(await card("waived")).toBe(String(s.waived));
    expect(await card("pass")).toBe(String(s.passed));
    expect(await card("not-applicable")).toBe(String(s.notApplicable));
    expect(await card("cannot-check")).toBe(String(s.cannotCheck));
    expect(s.mandatoryFailures).toBeGreaterThan(0);
    const areas = [...new Set(audit.controls.map((c) => c.id.split(".")[1]))];
    expect(await page.locator("figure.chart > svg").count()).toBe(1);
    expect(await page.locator("figure.chart [data-area-pick]").count()).toBe(areas.length);
    for (const a of areas) expect(await page.locator(`[data-testid="chart-${a}"]`).isVisible()).toBe(true);
    expect(await page.locator('[data-count="LOG-fail"]').innerText()).toBe(
      String(
        audit.controls
          .filter((c) => c.id.startsWith("WC.LOG."))
          .flatMap((c) => c.results)
          .filter((r) => r.status === "fail").length,
      ),
    );
  });

  it("shows a failing mandatory control open, with its articles in Chinese and English and the fix", async () => {
    const failing = audit.controls.find((c) => c.status === "fail" && c.severity === "mandatory")!;
    expect(isControlId(failing.id)).toBe(true);
    const block = page.locator(`[id="control-${failing.id}"]`);
    const seenText = await block.innerText();
    expect(await block.getAttribute("open")).not.toBeNull();
    expect(seenText).toContain(failing.law.zh);
    expect(seenText).toContain(failing.law.en);
    const fix = control(failing.id as Parameters<typeof control>[0]).remediation;
    expect(seenText).toContain(fix.zh);
    expect(seenText).toContain(fix.en);
    expect(await block.locator(".fix").isVisible()).toBe(true);
    for (const r of failing.results.filter((x) => x.status === "fail")) expect(seenText).toContain(r.target);
  });

  it("filters: a status button hides its rows on click and shows them again; the area list narrows", async () => {
    await page.reload();
    const visible = (sel: string) => page.locator(`${sel}:visible`).count();
    const passing = audit.controls.filter((c) => c.status === "pass").length;
    expect(await visible("details.control[data-status=pass]")).toBe(passing);
    await page.locator('button[data-status-toggle="pass"]').click();
    expect(await visible("details.control[data-status=pass]")).toBe(0);
    expect(await visible("details.control[data-status=fail]")).toBe(
      audit.controls.filter((c) => c.status === "fail").length,
    );
    expect(await page.locator("#filter-count").innerText()).toBe(String(audit.controls.length - passing));
    await page.locator('button[data-status-toggle="pass"]').click();
    expect(await visible("details.control[data-status=pass]")).toBe(passing);
    expect(await page.locator("#filter-empty").isVisible()).toBe(false);

    await page.locator("#filter-area").selectOption("LOG");
    expect(await visible("details.control")).toBe(
      audit.controls.filter((c) => c.id.startsWith("WC.LOG.")).length,
    );
    await page.locator("#filter-area").selectOption("");
    expect(await visible("details.control")).toBe(audit.controls.length);

    // Searching for a failing target keeps the controls that name it.
    const failing = audit.controls.find((c) => c.status === "fail")!;
    const target = failing.results.find((r) => r.status === "fail")!.target;
    await page.locator("#filter-text").fill(target);
    const naming = audit.controls.filter((c) =>
      c.results.some((r) => JSON.stringify(r).includes(target)),
    ).length;
    expect(await visible("details.control")).toBeGreaterThanOrEqual(naming);
    expect(await visible("details.control")).toBeLessThan(audit.controls.length);
    expect(await page.locator(`[id="control-${failing.id}"]`).isVisible()).toBe(true);
    await page.locator("#filter-text").fill("no control says this");
    expect(await visible("details.control")).toBe(0);
    expect(await page.locator("#filter-empty").isVisible()).toBe(true);
    await page.locator("#filter-text").fill("");
    expect(await visible("details.control")).toBe(audit.controls.length);
  });

  it("the drift table says who changed what as the drift report does, and 'unattributed' plainly", async () => {
    await page.reload();
    const attributed = drift.items.find((i) => i.changedBy);
    const unattributed = drift.items.find((i) => !i.changedBy);
    expect(attributed?.changedBy?.operator).toBe("sunhao");
    expect(unattributed).toBeDefined();
    const rows = page.locator("table.drift tbody tr");
    expect(await rows.count()).toBe(drift.items.length);
    const text = await page.locator("#drift").innerText();
    expect(text).toContain(attributed!.changedBy!.detail);
    expect(text).toContain(`标签「${TAG}」添加成员：liuyang`);
    expect(await page.locator("tr.is-unattributed").first().innerText()).toContain("unattributed");
    const named = await page
      .locator("#drift [data-operator]")
      .evaluateAll((els) => els.map((x) => x.textContent));
    expect(named).toEqual(drift.items.filter((i) => i.changedBy).map((i) => i.changedBy!.operator));
  });

  it("the timeline shows who changed the policy when, in policy terms, and the control it broke", async () => {
    const timeline = page.locator("#history");
    const seenText = await timeline.innerText();
    const last = history.entries.at(-1)!;
    expect(last.author?.name).toBe(AUTHOR);
    expect(seenText).toContain(AUTHOR);
    expect(await page.locator("[onmouseover]").count()).toBe(0);
    expect(seenText).toContain(last.date!);
    expect(seenText).toContain(last.subject!);
    for (const c of last.changes) expect(seenText).toContain(c.text.en);
    const flipped = last.controls.find((c) => c.controlId === "WC.ACC.1v1" && c.after === "fail");
    expect(flipped, JSON.stringify(last.controls)).toBeDefined();
    expect(await timeline.locator('li.flip[data-control="WC.ACC.1v1"]').first().isVisible()).toBe(true);
    expect(await timeline.locator("li.commit").count()).toBe(history.entries.length);
  });

  it("made no request beyond the file, logged no console error, ran nothing injected; a screenshot is kept", async () => {
    expect(seen.errors).toEqual([]);
    expect(seen.console.filter((m) => m.startsWith("error") || m.startsWith("warning"))).toEqual([]);
    expect(seen.requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.copyFileSync(path.join(e.dir, "report.html"), path.join(ARTIFACTS, "report.html"));
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: path.join(ARTIFACTS, "report.png"), fullPage: true });
    expect(fs.statSync(path.join(ARTIFACTS, "report.png")).size).toBeGreaterThan(10_000);
    // The top of the page (summary and chart) as README shows it: docs/report-html.png is a copy of this.
    await page.locator("#summary").screenshot({ path: path.join(ARTIFACTS, "report-summary.png") });
  });

  it("shows markup in member names, role names and purposes as text, and runs none of it", async () => {
    const s: Seen = { console: [], errors: [], requests: [], dialogs: [] };
    const p = await open(path.join(e.dir, "hostile.html"), s);
    const text = await p.locator("body").innerText();
    for (const x of INJECTED) expect(text).toContain(x);
    expect(await p.locator("img").count()).toBe(0);
    expect(await p.locator("main svg[onload], main [onerror], main [onload]").count()).toBe(0);
    expect(await p.locator("script").count()).toBe(1);
    // Expand everything, as a reader would, and click every filter: still nothing runs.
    await p.locator("details.control").evaluateAll((els) => els.forEach((d) => d.setAttribute("open", "")));
    for (const b of await p.locator("button[data-status-toggle]").all()) await b.click();
    expect(s.dialogs).toEqual([]);
    expect(s.errors).toEqual([]);
    expect(s.console.filter((m) => m.startsWith("error"))).toEqual([]);
    expect(s.requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    await p.screenshot({ path: path.join(ARTIFACTS, "report-injected.png") });
    await p.close();
  });
});
