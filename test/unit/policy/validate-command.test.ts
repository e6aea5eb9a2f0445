/** `wecom-policy validate`: exit codes, text and JSON output (schemas/validate-output.schema.json). */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main";
import { validateAgainst } from "../../../src/schema";
import { materialise } from "./fixture-cases";

const POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "wecom-policy", "validate", ...args], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

function patched(name: string, files: Parameters<typeof materialise>[0]["files"]): string {
  const dir = materialise({ name, base: "valid", files });
  dirs.push(dir);
  return dir;
}

describe("wecom-policy validate", () => {
  it("exits 0 on the demo policies and prints the summary", async () => {
    const r = await run("--dir", POLICIES, "--now", "2026-11-28", "--lang", "en");
    expect(r.code).toBe(0);
    expect(
      r.out.startsWith("The policy files are well-formed and every reference resolves. Declared controls:\n"),
    ).toBe(true);
    expect(r.out).toMatch(
      /^0 mandatory failures, 0 advisory failures, 0 waived, \d+ passed, \d+ not applicable\.$/m,
    );
  });

  it("writes version-1 JSON that matches its schema", async () => {
    const r = await run("--dir", POLICIES, "--now", "2026-11-28", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      version: number;
      ok: boolean;
      problems: unknown[];
      findings: { location?: unknown }[];
    };
    expect(validateAgainst("validate-output", out)).toEqual([]);
    expect(out).toMatchObject({ version: 1, ok: true, problems: [] });
    expect(out.findings.length).toBeGreaterThan(0);
    expect(out.findings.some((f) => f.location !== undefined)).toBe(true);
  });

  it("exits 2 with every problem, in Chinese on request, and runs no controls", async () => {
    const dir = patched("cli-problems", {
      "roles.yaml": { replace: [["members: [wangfang, lina]", "members: [wangfang, lnia]"]] },
    });
    const r = await run("--dir", dir, "--lang", "zh");
    expect(r.code).toBe(2);
    expect(r.out).toBe(
      "策略文件有问题，未运行合规检查：\nroles.yaml:26:25 /roles/hr-data/members/1 — 未知成员 `lnia` — 是否应为 `lina`？\n",
    );
    const j = await run("--dir", dir, "--json");
    const out = JSON.parse(j.out) as { ok: boolean; problems: { code: string }[]; findings: unknown[] };
    expect(validateAgainst("validate-output", out)).toEqual([]);
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => p.code)).toEqual(["ref.unknown-user"]);
    expect(out.findings).toEqual([]);
  });

  it("prints failed and waived findings in exactly this text, in Chinese and in English", async () => {
    const dir = patched("cli-exact", {
      "apps.yaml": { replace: [["      pia: PIA-2026-002\n", ""]] },
      "tenant.yaml": {
        replace: [
          [
            "pi_officer:\n  userid: liuyang\n  name: 刘洋\n  email: privacy@xinghe-demo.cn\n  phone: +86 512 6000 0100\n",
            "",
          ],
        ],
      },
      "waivers.yaml": {
        replace: [
          [
            "waivers:\n",
            "waivers:\n  WVR-2026-002:\n    control: WC.GOV.1v1\n    target: pi-officer\n    reason: 负责人任命中 / appointment pending\n    owner: wuqiang\n    expires: 2026-12-31\n",
          ],
        ],
      },
    });
    const zh = await run("--dir", dir, "--now", "2026-11-28", "--lang", "zh");
    expect(zh.code).toBe(2);
    expect(zh.out).toBe(
      [
        "策略文件格式正确，引用均可解析。声明类合规检查：",
        "✗ WC.LOC.2v1（强制）app:1000002",
        "    应用 1000002（field-assistant）进入应用时上报位置，但没有个人信息保护影响评估记录。",
        "    法律依据：《个人信息保护法》第五十五条、第五十六条",
        "    整改：在 records.yaml 登记影响评估（日期不晚于开启位置上报、保存至少三年）并在 apps.yaml 中引用；评估完成前不要开启位置上报。",
        "    位置：apps.yaml:23:5 /apps/field-assistant/location",
        "⊘ WC.GOV.1v1（建议）pi-officer",
        "    tenant.yaml 未声明个人信息保护负责人。",
        "    法律依据：《个人信息保护法》第五十二条",
        "    已豁免：WVR-2026-002（负责人 wuqiang，有效至 2026-12-31）：负责人任命中 / appointment pending",
        "    位置：tenant.yaml:5:1",
        "强制项失败 1 个，建议项失败 0 个，已豁免 1 个，通过 20 个，不适用 5 个。",
        "",
      ].join("\n"),
    );
    const en = await run("--dir", dir, "--now", "2026-11-28", "--lang", "en");
    expect(en.out).toBe(
      [
        "The policy files are well-formed and every reference resolves. Declared controls:",
        "✗ WC.LOC.2v1 (mandatory) app:1000002",
        "    App 1000002 (field-assistant) reports location on entering the app but has no PIA record.",
        "    Law: PIPL Arts. 55, 56",
        "    Fix: Record the PIA in records.yaml (dated no later than the switch-on, kept at least three years) and reference it from apps.yaml; do not turn location reporting on before the assessment is done.",
        "    At: apps.yaml:23:5 /apps/field-assistant/location",
        "⊘ WC.GOV.1v1 (advisory) pi-officer",
        "    tenant.yaml names no PI protection officer.",
        "    Law: PIPL Art. 52",
        "    Waived: WVR-2026-002 (owner wuqiang, until 2026-12-31): 负责人任命中 / appointment pending",
        "    At: tenant.yaml:5:1",
        "1 mandatory failure, 0 advisory failures, 1 waived, 20 passed, 5 not applicable.",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 on a mandatory failure: location reporting without a PIA", async () => {
    const dir = patched("cli-no-pia", { "apps.yaml": { replace: [["      pia: PIA-2026-002\n", ""]] } });
    const r = await run("--dir", dir, "--now", "2026-11-28", "--json");
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out) as { ok: boolean; findings: { controlId: string; status: string }[] };
    expect(out.ok).toBe(false);
    expect(out.findings).toContainEqual(expect.objectContaining({ controlId: "WC.LOC.2v1", status: "fail" }));
  });

  it("exits 2 once the demo waiver has expired", async () => {
    const r = await run("--dir", POLICIES, "--now", "2027-04-01", "--lang", "en");
    expect(r.code).toBe(2);
    expect(r.out).toContain("WC.WVR.1v1");
  });

  it("exits 64 on bad usage", async () => {
    expect((await run("--lang", "fr")).code).toBe(64);
    expect((await run("--now", "yesterday")).code).toBe(64);
  });

  it("reports a missing directory as a problem, not a crash", async () => {
    const r = await run("--dir", path.join(POLICIES, "nope"), "--lang", "en");
    expect(r.code).toBe(2);
    expect(r.out).toContain("policies directory");
  });
});
