/**
 * Never harm the tenant (issue 8), end to end with the real CLI, plugin and sandbox process: a role that
 * leaves roles.yaml releases an adopted tag and deletes only what the stack created (or what the policy
 * says to delete), the preview says which in words with the member counts, a renamed key keeps its tag,
 * and more deletions or disables than tenant.yaml's change_limits allow stop the preview before any write.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { WecomClient } from "../../src/wecom";
import { startE2E, TIMEOUT, type E2E } from "./harness";

interface PreviewJson {
  steps: { op: string; urn: string }[];
}

/** The demo seed's pre-existing tag 外包人员 (tagid 100): 12 members, staff170–staff181. */
const CONTRACTORS = Array.from({ length: 12 }, (_, i) => `staff${170 + i}`);
const PROJECT = ["staff013", "staff014", "staff015"];

describe("role lifecycle: release, rename, delete words and blast-radius limits (real CLI, plugin, sandbox)", () => {
  let e: E2E;
  let client: WecomClient;
  let contractorsId: number;
  let projectId: number;
  const file = (name: string) => path.join(e.dir, "policies", name);
  const editYaml = (name: string, edit: (doc: ReturnType<typeof parseDocument>) => void) => {
    const doc = parseDocument(fs.readFileSync(file(name), "utf8"));
    edit(doc);
    fs.writeFileSync(file(name), doc.toString());
  };
  const tag = async (id: number) => client.getTag(id).catch(() => undefined);
  const tagByName = async (name: string) => (await client.listTags()).find((t) => t.name === name);
  const roleSteps = (json: PreviewJson) =>
    json.steps
      .filter((s) => s.urn.includes("::wecom:index:Role::") && s.op !== "same")
      .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
      .sort();

  beforeAll(async () => {
    e = await startE2E("lifecycle", { policies: "copy" });
    // These tests rename and remove roles; protection.yaml (optional) would hold references to them.
    fs.rmSync(file("protection.yaml"));
    client = new WecomClient({
      baseUrl: e.sandbox.url,
      corpId: e.creds.corpid,
      secrets: { contacts: e.creds.contacts_secret },
    });
    // Two tags that exist before the stack (the seed's 外包人员 and one more), adopted through tag_id.
    contractorsId = (await tagByName("外包人员"))!.tagId;
    expect((await tag(contractorsId))?.userIds.sort()).toEqual(CONTRACTORS);
    projectId = await client.createTag("临时项目组");
    await client.addTagMembers(projectId, { userIds: PROJECT, partyIds: [] });
    editYaml("roles.yaml", (doc) => {
      doc.setIn(["roles", "contractors"], {
        tag_name: "外包人员",
        tag_id: contractorsId,
        purpose: "Contractors on site / 外包人员",
        owner: "sunhao",
        members: CONTRACTORS,
      });
      doc.setIn(["roles", "project-team"], {
        tag_name: "临时项目组",
        tag_id: projectId,
        purpose: "A temporary project team / 临时项目组",
        owner: "sunhao",
        members: PROJECT,
      });
    });
    const up = await e.pulumi("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);
  }, TIMEOUT);

  afterAll(async () => {
    await e?.close();
  });

  it(
    "an adopted role removed from roles.yaml is released: the preview says so in words with its member count, and the tag keeps its 12 members",
    async () => {
      editYaml("roles.yaml", (doc) => doc.deleteIn(["roles", "contractors"]));
      await e.resetLog();
      const preview = await e.pulumi("preview", "--diff");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout + preview.stderr).toContain(
        `role contractors was removed from roles.yaml: WeCom tag 外包人员 (tagid ${contractorsId}, 12 member(s)) is only RELEASED`,
      );
      expect(preview.stdout + preview.stderr).toContain(
        `企业微信标签「外包人员」（tagid ${contractorsId}，12 名成员）仅被释放`,
      );
      expect(preview.stdout + preview.stderr).not.toContain("DELETED");
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect((await tag(contractorsId))?.userIds.sort()).toEqual(CONTRACTORS);
      expect((await e.writes()).map((w) => w.path)).not.toContain("/cgi-bin/tag/delete");
    },
    TIMEOUT,
  );

  it(
    "a renamed role key that keeps its tag_id keeps the same tag: no delete, no create, and the drift check stays clean",
    async () => {
      const finance = await tagByName("财务审批");
      expect(finance).toBeDefined();
      editYaml("roles.yaml", (doc) => {
        const role = doc.getIn(["roles", "finance-approvers"]) as object;
        doc.deleteIn(["roles", "finance-approvers"]);
        doc.setIn(["roles", "payment-approvers"], role);
        doc.setIn(["roles", "payment-approvers", "tag_id"], finance!.tagId);
      });
      await e.resetLog();
      const preview = await e.pulumi("preview", "--json");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(roleSteps(JSON.parse(preview.stdout) as PreviewJson)).toEqual([]);
      expect(preview.stdout + preview.stderr).toContain("role finance-approvers is now payment-approvers");
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect(await e.writes()).toEqual([]);
      expect((await tag(finance!.tagId))?.name).toBe("财务审批");
      const drift = await e.pulumi("preview", "--refresh", "--expect-no-changes");
      expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "removing more created roles than change_limits.delete_roles allows fails the preview before any write, naming each tag; raising the limit lets them go",
    async () => {
      const field = await tagByName("外勤定位");
      const admins = await tagByName("企业微信管理员");
      editYaml("roles.yaml", (doc) => {
        doc.deleteIn(["roles", "field-location"]);
        doc.deleteIn(["roles", "wecom-admins"]);
      });
      await e.resetLog();
      const preview = await e.pulumi("preview");
      expect(preview.code).not.toBe(0);
      const out = preview.stdout + preview.stderr;
      expect(out).toContain(
        "blast-radius limit: 2 role tag(s) would be deleted in this run, more than tenant.yaml change_limits.delete_roles (1)",
      );
      expect(out).toContain(`field-location: tag 外勤定位 (tagid ${field!.tagId}, 2 member(s))`);
      expect(out).toContain(`wecom-admins: tag 企业微信管理员 (tagid ${admins!.tagId}, 2 member(s))`);
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code).not.toBe(0);
      expect(await e.writes()).toEqual([]);

      editYaml("tenant.yaml", (doc) => doc.setIn(["change_limits"], { delete_roles: 2 }));
      const again = await e.pulumi("preview");
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout + again.stderr).toContain(
        `role field-location was removed from roles.yaml: WeCom tag 外勤定位 (tagid ${field!.tagId}, 2 member(s)) will be DELETED`,
      );
      expect(again.stdout + again.stderr).toContain("企业微信标签「外勤定位」");
      const applied = await e.pulumi("up", "--yes", "--skip-preview");
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(await tag(field!.tagId)).toBeUndefined();
      expect(await tag(admins!.tagId)).toBeUndefined();
    },
    // Each refused run waits out the engine (about a minute per failed program on this machine).
    3 * TIMEOUT,
  );

  it(
    "an adopted tag is deleted only when the policy says on_removal: delete for it first",
    async () => {
      editYaml("roles.yaml", (doc) => doc.setIn(["roles", "project-team", "on_removal"], "delete"));
      await e.resetLog();
      const record = await e.pulumi("up", "--yes", "--skip-preview");
      expect(record.code, record.stdout + record.stderr).toBe(0);
      expect(await e.writes()).toEqual([]);
      editYaml("roles.yaml", (doc) => doc.deleteIn(["roles", "project-team"]));
      const preview = await e.pulumi("preview");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout + preview.stderr).toContain(
        `role project-team was removed from roles.yaml: WeCom tag 临时项目组 (tagid ${projectId}, 3 member(s)) will be DELETED`,
      );
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect(await tag(projectId)).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    "more leavers to disable than change_limits.disable_members allows fail the preview and the update before any write, naming them",
    async () => {
      const csv = fs.readFileSync(file("people.csv"), "utf8");
      fs.writeFileSync(
        file("people.csv"),
        csv
          .replace("staff020,,8,active,,", "staff020,,8,left,2026-11-10,")
          .replace("staff021,,9,active,,", "staff021,,9,left,2026-11-10,"),
      );
      editYaml("tenant.yaml", (doc) => doc.setIn(["change_limits", "disable_members"], 1));
      await e.resetLog();
      const preview = await e.pulumi("preview");
      expect(preview.code).not.toBe(0);
      const limit =
        "2 leaver(s) would be disabled in this run, more than tenant.yaml change_limits.disable_members (1): staff020, staff021";
      expect(preview.stdout + preview.stderr).toContain(limit);
      const up = await e.pulumi("up", "--yes", "--skip-preview");
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain(limit);
      expect((await e.writes()).filter((w) => w.path.startsWith("/cgi-bin/user/"))).toEqual([]);
      editYaml("tenant.yaml", (doc) => doc.setIn(["change_limits", "disable_members"], 2));
      const applied = await e.pulumi("up", "--yes", "--skip-preview");
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    },
    TIMEOUT,
  );
});
