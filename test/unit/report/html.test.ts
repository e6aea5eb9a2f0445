/**
 * The HTML report as text: escaping of everything a tenant or a policy can carry, the summary counts, a
 * failing control's law in both languages and its fix with the console path, the drift table's
 * attribution exactly as the drift report states it, the inputs' checks (every problem at once, naming
 * the file) and the command. What a person sees in a browser: test/e2e/report-html.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../../src/audit/evaluate";
import { main } from "../../../src/cli/main";
import { control } from "../../../src/rules";
import { cspHash, REPORT_CSS, REPORT_JS } from "../../../src/report/html-assets";
import { auditAreaCounts } from "../../../src/report/html-chart";
import { constantBlock, html, join } from "../../../src/report/html-escape";
import { formatInputProblems, loadReportInputs } from "../../../src/report/html-inputs";
import { consolePathsIn, htmlReport } from "../../../src/report/html";
import { validateAgainst } from "../../../src/schema";
import { CONSOLE } from "../../../src/wecom/console-paths";
import { demoAudit, DRIFT, HISTORY, hostile, INJECTED, NOW } from "./html-fixtures";

let audit: AuditReport;
let tmp: string;
const write = (name: string, data: unknown): string => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, typeof data === "string" ? data : JSON.stringify(data));
  return f;
};
/** The page's text content without tags (what a reader sees, roughly). */
const text = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

beforeAll(async () => {
  audit = await demoAudit();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "report-html-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("html`` escaping", () => {
  it("escapes every interpolated value and keeps fragments built by html``", () => {
    const name = INJECTED[0];
    expect(html`<td title="${name}">${name}</td>`.toString()).toBe(
      '<td title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</td>',
    );
    expect(html`<b>${html`<i>${"a&b"}</i>`}</b>`.toString()).toBe("<b><i>a&amp;b</i></b>");
    expect(html`${['"', "'", 1, null, undefined, false]}`.toString()).toBe("&quot;&#39;1");
    expect(join(["<a>", html`<br />`], " & ").toString()).toBe("&lt;a&gt; &amp; <br />");
  });

  it("takes no raw string as markup, and a page constant cannot close its element", () => {
    expect(() => constantBlock("script", "x</script><script>y")).toThrow(/closing tag/);
    expect(() => constantBlock("style", "a{}</STYLE>")).toThrow(/closing tag/);
    expect(String(html`${"<b>" as unknown as string}`)).toBe("&lt;b&gt;");
  });
});

describe("the page from a real audit of the demo tenant and a drift report", () => {
  it("the inputs are the reports the commands write (schemas)", () => {
    expect(validateAgainst("audit-report", audit)).toEqual([]);
    expect(validateAgainst("drift-report", DRIFT)).toEqual([]);
    expect(audit.summary.mandatoryFailures).toBeGreaterThan(0);
  });

  it("counts per area add up to audit's own summary, and the cards show that summary", () => {
    const areas = auditAreaCounts(audit);
    const sum = (s: "pass" | "fail" | "waived" | "not-applicable" | "cannot-check") =>
      areas.reduce((n, a) => n + a.counts[s], 0);
    const s = audit.summary;
    expect(sum("fail")).toBe(s.mandatoryFailures + s.advisoryFailures);
    expect(sum("pass")).toBe(s.passed);
    expect(sum("waived")).toBe(s.waived);
    expect(sum("not-applicable")).toBe(s.notApplicable);
    expect(sum("cannot-check")).toBe(s.cannotCheck);
    expect(areas.map((a) => a.area)).toEqual([
      "LOC",
      "ARC",
      "LOG",
      "ACC",
      "LVR",
      "XB",
      "GOV",
      "SEC",
      "CHK",
      "WVR",
    ]);
    const page = htmlReport({ audit }, { lang: "en", generatedAt: NOW });
    const card = (k: string) =>
      new RegExp(`data-summary="${k}"[^>]*>\\s*<span class="n">(\\d+)</span>`).exec(page)?.[1];
    expect(card("mandatory-fail")).toBe(String(s.mandatoryFailures));
    expect(card("advisory-fail")).toBe(String(s.advisoryFailures));
    expect(card("pass")).toBe(String(s.passed));
    expect(card("waived")).toBe(String(s.waived));
    expect(page).toContain("<svg");
    for (const c of audit.controls) expect(page).toContain(`id="control-${c.id}"`);
  });

  it("a failing control shows its law in Chinese and English and its fix with the console path", () => {
    const lvr = audit.controls.find((c) => c.id === "WC.LVR.1v1")!;
    expect(lvr.status).toBe("fail");
    for (const lang of ["zh", "en", "both"] as const) {
      const page = htmlReport({ audit }, { lang, generatedAt: NOW });
      const block = page.slice(
        page.indexOf('id="control-WC.LVR.1v1"'),
        page.indexOf("</details>", page.indexOf('id="control-WC.LVR.1v1"')),
      );
      expect(block).toMatch(/^id="control-WC\.LVR\.1v1"\s+open\s*>/);
      expect(text(block)).toContain(lvr.law.zh);
      expect(text(block)).toContain(lvr.law.en);
      const fix = control("WC.LVR.1v1").remediation;
      if (lang !== "en") expect(text(block)).toContain(fix.zh);
      if (lang !== "zh") expect(text(block)).toContain(fix.en);
      expect(text(block)).toContain(lang === "zh" ? CONSOLE.memberDisable.zh : CONSOLE.memberDisable.en);
      expect(text(block)).toContain("member:fanbing");
    }
  });

  it("finds the console paths a remediation names in the one table", () => {
    expect(consolePathsIn(control("WC.LVR.2v1").remediation)).toEqual([CONSOLE.handover]);
    expect(consolePathsIn(control("WC.LOC.1v1").remediation)).toEqual([]);
  });

  it("the drift table names only the operator the drift report names, and says 'unattributed' plainly", () => {
    const page = htmlReport({ drift: DRIFT }, { lang: "en", generatedAt: NOW });
    const drift = text(page.slice(page.indexOf('<section id="drift">')));
    expect(drift).toContain("sunhao");
    expect(drift).toContain("标签「财务审批」添加成员：liuyang");
    expect(drift).toContain("unattributed");
    expect(drift).toContain("WeCom does not log changes made through the API.");
    expect([...page.matchAll(/data-operator="([^"]*)"/g)].map((m) => m[1])).toEqual(["sunhao"]);
    // Without an audit, the summary counts the drift check's failing and waived controls.
    expect(page).toMatch(/data-summary="law-fail"[^>]*>\s*<span class="n">1</);
    expect(page).toMatch(/data-summary="law-waived"[^>]*>\s*<span class="n">1</);
  });

  it("is self-contained: one style and one script, allowed by hash, and nothing that loads", () => {
    const page = htmlReport({ audit, drift: DRIFT }, { lang: "both", generatedAt: NOW });
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page.match(/<style\b/g)).toHaveLength(1);
    // In the attribute, the policy's quotes are escaped (&#39;); the browser reads them back as quotes.
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(page)![1]!
      .replace(/&#39;/g, "'");
    expect(csp).toContain(`script-src ${cspHash(REPORT_JS)}`);
    expect(csp).toContain(`style-src ${cspHash(REPORT_CSS)}`);
    expect(csp).toContain("default-src 'none'");
    expect(page).not.toMatch(/\s(src|href|action|srcset|poster|data)=(?!["']?#)/i);
    expect(page).not.toMatch(/url\(|@import|fetch\(|XMLHttpRequest|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
  });
});

describe("the policy timeline", () => {
  it("shows each commit with author, date and subject, the changes in policy terms and the flipped controls", () => {
    expect(validateAgainst("history-report", HISTORY)).toEqual([]);
    const page = htmlReport({ history: HISTORY }, { lang: "en", generatedAt: NOW });
    const timeline = page.slice(page.indexOf('<section id="history">'));
    const seen = text(timeline);
    expect(seen).toContain("Chen Jing");
    expect(seen).toContain("2026-11-20T10:00:00+08:00");
    expect(seen).toContain("finance: lisi in, wangwu out");
    expect(seen).toContain("finance-approvers: +fanbing −zhangwei");
    expect(seen).toContain("waiver WVR-2026-001 for WC.ARC.5v1 until 2027-03-31");
    expect(seen).toContain("policies/waiver.yaml");
    expect(timeline).toMatch(/<ins>large <\/ins>/);
    expect(timeline).toMatch(/<li class="flip" data-control="WC\.ACC\.1v1"/);
    expect(seen).toMatch(/role:finance-approvers: pass\s*→\s*fail/);
    expect(seen).toContain("PIPL Art. 51(4)");
    expect(seen).toContain("《个人信息保护法》第五十一条第（四）项");
  });
});

describe("markup in names, roles and purposes", () => {
  it("is shown as text everywhere and never becomes an element or an attribute", () => {
    const h = hostile(audit, DRIFT);
    expect(validateAgainst("audit-report", h.audit)).toEqual([]);
    expect(validateAgainst("drift-report", h.drift)).toEqual([]);
    expect(validateAgainst("history-report", h.history)).toEqual([]);
    for (const lang of ["zh", "en", "both"] as const) {
      const page = htmlReport(h, { lang, generatedAt: NOW });
      expect(page).not.toMatch(/<img|<svg onload|<script>alert|onerror=alert\(1\)>|onload=alert\(3\)>/);
      expect(page.match(/<script\b/g)).toHaveLength(1);
      expect(page.match(/<\/script>/g)).toHaveLength(1);
      expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(page).toContain("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
      expect(page).toContain("&quot;&gt;&lt;svg onload=alert(3)&gt;");
      expect(page).toContain("&amp;lt;b&amp;gt;not bold&amp;lt;/b&amp;gt;");
      for (const s of INJECTED) expect(text(page)).toContain(s);
    }
  });
});

describe("the inputs", () => {
  it("reports every problem with every file at once, naming the flag and the file", () => {
    const r = loadReportInputs({
      audit: path.join(tmp, "missing.json"),
      drift: write("broken.json", '{\n  "version": 2,\n  "items": [,]\n}'),
      history: write("audit-as-history.json", audit),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const out = formatInputProblems(r.problems);
    expect(out).toContain(`--audit ${path.join(tmp, "missing.json")}: no such file.`);
    expect(out).toContain(`--audit ${path.join(tmp, "missing.json")}：文件不存在。`);
    expect(out).toContain(`--drift ${path.join(tmp, "broken.json")}: not valid JSON (line 3, column 13).`);
    expect(out).toContain("不是有效的 JSON（第 3 行第 13 列）。");
    expect(out).toContain(
      "this is the output of wecom-policy audit --json FILE; pass it as --audit, not --history.",
    );
  });

  it("checks a report against its schema and names the field", () => {
    const bad = structuredClone(DRIFT) as unknown as { items: { kind: unknown }[]; status: string };
    bad.status = "maybe";
    const r = loadReportInputs({ drift: write("bad-drift.json", bad) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const out = formatInputProblems(r.problems);
    expect(out).toContain(
      "does not match schemas/drift-report.schema.json (the output of wecom-policy drift --json FILE); 1 problem:",
    );
    expect(out).toMatch(/\/status: .*maybe/);
  });

  it("needs at least one input", () => {
    const r = loadReportInputs({});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatInputProblems(r.problems)).toMatch(/^give at least one input: --audit FILE/);
  });
});

describe("wecom-policy report --html", () => {
  const run = async (...args: string[]) => {
    let out = "";
    let err = "";
    const code = await main(["node", "wecom-policy", ...args], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    });
    return { code, out, err };
  };

  it("writes the page and says where, how large, and from what", async () => {
    const out = path.join(tmp, "report.html");
    const r = await run(
      "report",
      "--html",
      out,
      "--audit",
      write("a.json", audit),
      "--drift",
      write("d.json", DRIFT),
      "--lang",
      "en",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(
        `^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+\\.\\d KiB, self-contained, works offline\\): 28 controls, 2 drift items\\.\\n$`,
      ),
    );
    expect(fs.readFileSync(out, "utf8")).toMatch(/^<!DOCTYPE html>/);
  });

  it("is a usage error (the code of an unknown flag) without an input, with a bad input, or with --lang fr; nothing is written", async () => {
    const usage = (await run("report", "--bogus")).code;
    expect([0, 1]).not.toContain(usage);
    const out = path.join(tmp, "never.html");
    const none = await run("report", "--html", out);
    expect(none.code).toBe(usage);
    expect(none.err).toContain("give at least one input");
    expect(none.err).toContain("至少需要一个输入");
    const bad = await run("report", "--html", out, "--drift", path.join(tmp, "nope.json"));
    expect(bad.code).toBe(usage);
    expect(bad.err).toContain(`--drift ${path.join(tmp, "nope.json")}: no such file.`);
    const lang = await run("report", "--html", out, "--audit", write("a2.json", audit), "--lang", "fr");
    expect(lang.code).toBe(usage);
    expect(lang.err).toContain('--lang must be zh, en or both, got "fr" / --lang 须为 zh、en 或 both');
    expect(fs.existsSync(out)).toBe(false);
  });
});
