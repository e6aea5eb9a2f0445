/**
 * Check-in rules end to end (issue 13): the real CLI, the provider plugin and the sandbox process. The
 * preview adopts the seeded 总部打卡 and changes nothing; `up` records it; a console edit (face recognition
 * on, a wider radius) makes `wecom-policy drift` exit 2 naming each field, the admin who made it and the
 * control; `up` converges and drift is clean again. The gate: a Wi-Fi/geofence rule covering someone with
 * neither the HR basis nor a location consent, and face recognition without a PIA or an alternative, stop
 * the preview with checkin.yaml:line before anything reaches WeCom.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../src/drift/run";
import { validateAgainst } from "../../src/schema";
import { DEMO_POLICIES, runCli, startE2E, TIMEOUT, type E2E } from "./harness";

describe("check-in rules (real CLI, plugin and sandbox processes)", () => {
  let e: E2E;
  let policies: string;

  const drift = (json: string) =>
    runCli(["drift", "--state-dir", e.dir, "--stack", e.ws.stack, "--json", json]);
  const edit = (from: string, to: string) => {
    const p = path.join(policies, "checkin.yaml");
    const before = fs.readFileSync(p, "utf8");
    const after = before.replace(from, to);
    expect(after, `checkin.yaml: ${from} not found`).not.toBe(before);
    fs.writeFileSync(p, after);
  };
  const restore = () =>
    fs.copyFileSync(path.join(DEMO_POLICIES, "checkin.yaml"), path.join(policies, "checkin.yaml"));
  const lineOf = (text: string) =>
    fs
      .readFileSync(path.join(policies, "checkin.yaml"), "utf8")
      .split("\n")
      .findIndex((l) => l.includes(text)) + 1;
  const secrets = () => e.secrets;

  beforeAll(async () => {
    e = await startE2E("checkin", { policies: "copy" });
    policies = path.join(e.dir, "policies");
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "previews the seeded rule as an import with no change, and up records it without writing to it",
    async () => {
      const preview = await e.pulumi("preview", "--diff");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout).toContain("= wecom:index:CheckinRule: (import)");
      expect(preview.stdout).toContain("wecom:index:CheckinRule::hq-office]");
      expect(preview.stdout).toContain("1 to import");
      await e.resetLog();
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await e.writes()).filter((w) => w.path.includes("/checkin/"))).toEqual([]);
      const clean = await drift(path.join(e.dir, "clean.json"));
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      for (const s of secrets()) expect(preview.stdout + up.stdout + clean.stdout).not.toContain(s);
    },
    TIMEOUT,
  );

  it(
    "a console edit (face recognition on, radius 1500 m) is drift: exit 2, each field, the admin, the control; up converges",
    async () => {
      await e.sandbox.console("checkin/face", { operator: "zhoumin", groupid: 1, use_face_detect: true });
      await e.sandbox.console("checkin/radius", { operator: "zhoumin", groupid: 1, distance: 1500 });
      await e.resetLog();
      const file = path.join(e.dir, "drift.json");
      const r = await drift(file);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(await e.writes()).toEqual([]);
      const report = JSON.parse(fs.readFileSync(file, "utf8")) as DriftReport;
      expect(validateAgainst("drift-report", report)).toEqual([]);
      const items = report.items.filter((i) => i.type === "CheckinRule");
      expect(items.map((i) => [i.name, i.path, i.changedBy?.operator, i.controls.map((c) => c.id)])).toEqual([
        ["hq-office", "faceRecognition", "zhoumin", ["WC.CHK.2v1"]],
        ["hq-office", expect.stringMatching(/^geofences\[0\]/), "zhoumin", ["WC.CHK.1v1"]],
      ]);
      const face = items.find((i) => i.path === "faceRecognition")!;
      expect([face.live, face.declared]).toEqual([true, false]);
      // The live controls fail too, with the rule as WeCom holds it.
      expect(report.law.filter((f) => f.status === "fail").map((f) => [f.id, f.target])).toEqual(
        expect.arrayContaining([
          ["WC.CHK.1v1", "checkin:hq-office"],
          ["WC.CHK.2v1", "checkin:hq-office"],
        ]),
      );
      expect(r.stdout).toContain("faceRecognition");
      expect(r.stdout).toContain("zhoumin");
      expect(r.stdout).toContain("WC.CHK.2v1");

      // Converge: `up --refresh` reads the rule as WeCom holds it and writes back what checkin.yaml declares.
      const up = await e.pulumi("up", "--refresh", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await e.writes()).map((w) => w.path)).toContain("/cgi-bin/checkin/update_checkin_option");
      const again = await drift(path.join(e.dir, "converged.json"));
      expect(again.code, again.stdout + again.stderr).toBe(0);
      for (const s of secrets()) expect(r.stdout + r.stderr + up.stdout + again.stdout).not.toContain(s);
    },
    TIMEOUT,
  );

  it(
    "the gate: members with neither the HR basis nor a location consent stop the preview at checkin.yaml:line",
    async () => {
      restore();
      edit("departments: [2, 3, 4, 5, 6, 7, 8]", "members: [linfeng, luoping, xuli]");
      edit("hr_record: LCR-2026-002", "consent_purpose: location-tracking");
      await e.resetLog();
      const r = await e.ws.run(["preview", ...e.ws.stackArgs()]);
      const out = r.stdout + r.stderr;
      expect(r.code).not.toBe(0);
      expect(out).toContain("✗ WC.CHK.1v1 checkin:hq-office");
      expect(out).toContain("xuli");
      expect(out).toContain(`checkin.yaml:${lineOf("members: [linfeng, luoping, xuli]")}:`);
      expect(out).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
      expect(await e.writes()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "the gate: face recognition without a PIA or a rule without faces stops the preview",
    async () => {
      restore();
      edit(
        "face_recognition:\n      enabled: false",
        "face_recognition:\n      enabled: true\n      since: 2026-12-01",
      );
      await e.resetLog();
      const r = await e.ws.run(["preview", ...e.ws.stackArgs()]);
      const out = r.stdout + r.stderr;
      expect(r.code).not.toBe(0);
      expect(out).toContain("✗ WC.CHK.2v1 checkin:hq-office");
      expect(out).toContain("no PIA record");
      expect(out).toContain("no alternative rule without face recognition");
      expect(out).toContain("《人脸识别技术应用安全管理办法》");
      expect(out).toContain(`checkin.yaml:${lineOf("face_recognition:")}:`);
      expect(await e.writes()).toEqual([]);
      restore();
    },
    TIMEOUT,
  );
});
