import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSandbox } from "../../../src/sandbox/server";
import { WecomClient } from "../../../src/wecom";
import type { ConsoleCredentials } from "../../../src/wecom/wire";
import { IntentJournal } from "../../../src/provider/intents";
import { WecomApiError } from "../../../src/wecom";
import { checkResource } from "../../../src/provider/check";
import { diffRole, role } from "../../../src/provider/resources/role";
import type { ProviderContext } from "../../../src/provider/types";
import { UNKNOWN } from "../../../src/provider/props";

// The whole check, as the gRPC server runs it: the resource's JSON Schema, then the module's own rules.
const ctx: ProviderContext = {
  client: () => {
    throw new Error("check never calls WeCom");
  },
  configured: () => ({ contacts: true, archive: true, apps: [] }),
  now: () => new Date("2026-11-28T04:00:00Z"),
};
const check = (news: Record<string, unknown>) => checkResource(role, news, {}, ctx).failures;

describe("Role check", () => {
  it("accepts a valid role", () => {
    expect(check({ name: "财务审批", members: ["chenjing", "zhaolei"], departments: [4] })).toEqual([]);
  });

  it("reports every bad property with its path, from the schema and from the module", () => {
    const failures = check({ name: "", members: ["ok", "-bad", "OK", 7], departments: [0, 2.5] });
    expect(failures.map((f) => f.property).sort()).toEqual([
      "departments[0]",
      "departments[1]",
      "members[1]",
      "members[2]",
      "members[3]",
      "name",
    ]);
    expect(failures.find((f) => f.property === "members[2]")!.reason).toContain(
      "userid OK is listed twice (also at members[0]; userids are case-insensitive)",
    );
    expect(failures.find((f) => f.property === "members[3]")!.reason).toBe(
      "expected a string, got an integer (7) / 应为字符串，实际为整数 (7)",
    );
  });

  it("limits tag names to 32 characters, counting CJK characters as one", () => {
    expect(check({ name: "财".repeat(32), members: [] })).toEqual([]);
    expect(check({ name: "财".repeat(33), members: [] })[0]!.reason).toContain("32");
  });

  it("names a property the schema does not know, and a missing one", () => {
    const failures = check({ name: "x", memebrs: [] });
    expect(failures.map((f) => f.property).sort()).toEqual(["", "memebrs"]);
  });

  it("skips values that are unknown during preview", () => {
    expect(check({ name: UNKNOWN, members: UNKNOWN })).toEqual([]);
    expect(check({ name: "x", members: ["a"], departments: [UNKNOWN] })).toEqual([]);
  });
});

describe("Role diff", () => {
  const live = { name: "财务审批", members: ["chenjing", "liuyang", "zhaolei"], departments: [4], tagId: 1 };

  it("is empty when only the order differs", () => {
    expect(
      diffRole(live, { name: "财务审批", members: ["zhaolei", "liuyang", "chenjing"], departments: [4] }),
    ).toEqual({
      changes: false,
      detailedDiff: {},
    });
  });

  it("compares userids case-insensitively, as WeCom does", () => {
    expect(diffRole(live, { ...live, members: ["ChenJing", "liuyang", "zhaolei"] }).changes).toBe(false);
  });

  it("reports one entry per member added or removed, indexed into the list that holds it", () => {
    const d = diffRole(live, {
      name: "财务审批",
      members: ["chenjing", "zhaolei", "zhangwei"],
      departments: [4, 5],
    });
    expect(d.changes).toBe(true);
    expect(d.detailedDiff).toEqual({ "members[2]": "add", "members[1]": "delete", "departments[1]": "add" });
  });

  it("reports a rename as an update of name, never a replace", () => {
    const d = diffRole(live, { ...live, name: "财务审批组" });
    expect(d).toEqual({ changes: true, detailedDiff: { name: "update" } });
  });
});

describe("Role diff when an addition and a removal share an index", () => {
  it("reports the index once, as an update", () => {
    const d = diffRole(
      { name: "r", members: ["a", "b"], departments: [] },
      { name: "r", members: ["a", "c"], departments: [] },
    );
    expect(d.detailedDiff).toEqual({ "members[1]": "update" });
  });
});

describe("Role removal: release or delete (issue 8)", () => {
  const calls: string[] = [];
  const withClient = (): ProviderContext => ({
    ...ctx,
    client: () =>
      ({
        deleteTag: async (id: number) => {
          calls.push(`delete ${id}`);
        },
        getTag: async (id: number) => ({ tagId: id, name: "外包人员", userIds: ["a"], partyIds: [] }),
      }) as never,
  });

  it("releases an adopted tag and deletes a created one; an explicit onRemoval wins either way", async () => {
    calls.length = 0;
    await role.delete(withClient(), "102", { tagId: 102, adopted: true }, {});
    await role.delete(withClient(), "103", { tagId: 103, adopted: false }, {});
    await role.delete(withClient(), "104", { tagId: 104, adopted: true, onRemoval: "delete" }, {});
    await role.delete(withClient(), "105", { tagId: 105, adopted: false, onRemoval: "release" }, {});
    // A state written before onRemoval was an output: the last inputs carry the choice.
    await role.delete(withClient(), "106", { tagId: 106, adopted: true }, { onRemoval: "delete" });
    expect(calls).toEqual(["delete 103", "delete 104", "delete 106"]);
  });

  it("a changed onRemoval is an update, so the choice reaches the state Delete reads", () => {
    const live = { name: "r", members: [], departments: [], adopted: true };
    expect(diffRole(live, { name: "r", members: [], onRemoval: "delete" }).detailedDiff).toEqual({
      onRemoval: "add",
    });
    expect(
      diffRole({ ...live, onRemoval: "delete" }, { name: "r", members: [], onRemoval: "release" })
        .detailedDiff,
    ).toEqual({ onRemoval: "update" });
  });

  it("a refresh keeps the removal choice and the adoption", async () => {
    const r = await role.read(
      withClient(),
      "102",
      { tagId: 102, adopted: true, onRemoval: "delete", name: "x", members: [] },
      { name: "x", members: [], onRemoval: "delete" },
    );
    expect(r?.props).toMatchObject({ adopted: true, onRemoval: "delete", name: "外包人员" });
    expect(r?.inputs).toMatchObject({ onRemoval: "delete" });
  });
});

describe("Role create after an interrupted run (issue 8: idempotent creates)", () => {
  const urn = "urn:pulumi:prod::wecom-policy::wecom:index:Role::contractors";
  /** A tenant with one tag 外包人员 (tagid 102) that this create's tag/create collides with. */
  function tenant() {
    const tags = new Map<number, { name: string; users: Set<string> }>([
      [102, { name: "外包人员", users: new Set(["a"]) }],
    ]);
    const calls: string[] = [];
    const client = {
      createTag: async (name: string) => {
        calls.push(`create ${name}`);
        if ([...tags.values()].some((t) => t.name === name))
          throw new WecomApiError({ errcode: 40071, endpoint: "tagCreate", principal: "contacts" });
        tags.set(200, { name, users: new Set() });
        return 200;
      },
      listTags: async () => [...tags].map(([tagId, t]) => ({ tagId, name: t.name })),
      getTag: async (id: number) => {
        const t = tags.get(id)!;
        return { tagId: id, name: t.name, userIds: [...t.users], partyIds: [] };
      },
      addTagMembers: async (id: number, m: { userIds: string[] }) => {
        calls.push(`add ${id} ${m.userIds.join(",")}`);
        m.userIds.forEach((u) => tags.get(id)!.users.add(u));
      },
      removeTagMembers: async (id: number, m: { userIds: string[] }) => {
        calls.push(`remove ${id} ${m.userIds.join(",")}`);
      },
    };
    return { client, calls, tags };
  }
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const journal = () => {
    dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), "intents-")));
    return new IntentJournal(dirs[dirs.length - 1]!);
  };
  const context = (client: object, intents: IntentJournal): ProviderContext => ({
    ...ctx,
    client: () => client as never,
    intents,
  });
  const inputs = { name: "外包人员", members: ["a", "b"], departments: [] };

  it("without a recorded intent, 40071 fails with the exact tag_id line and pulumi import command", async () => {
    const t = tenant();
    const err = await role.create(context(t.client, journal()), inputs, false, urn).catch((e: Error) => e);
    expect((err as Error).message).toContain(
      "tag/create: WeCom already has a tag named 外包人员 (tagid 102) (errcode 40071), and this stack has no record of creating it, so it is not taken over. Nothing was changed.\n" +
        "To manage that tag with role contractors, add under roles.contractors in roles.yaml:\n" +
        "    tag_id: 102\n" +
        "or, in a Pulumi YAML program, run: pulumi import wecom:index:Role contractors 102\n",
    );
    expect(t.calls).toEqual(["create 外包人员"]);
  });

  it("with an earlier run's intent for the same URN and name, it adopts the tag as its own and converges", async () => {
    const t = tenant();
    const j = journal();
    j.record({ urn, type: "wecom:index:Role", name: "外包人员", startedAt: "2026-11-28T00:00:00Z" });
    const r = await role.create(context(t.client, j), inputs, false, urn);
    expect(r.id).toBe("102");
    expect(r.outs).toMatchObject({ tagId: 102, adopted: false, members: ["a", "b"] });
    expect(t.calls).toEqual(["create 外包人员", "add 102 b"]);
    expect(j.get(urn)?.id).toBe("102");
  });

  it("an intent for another name, or with another tagid, proves nothing", async () => {
    const j = journal();
    j.record({ urn, type: "wecom:index:Role", name: "外包", startedAt: "2026-11-28T00:00:00Z" });
    await expect(role.create(context(tenant().client, j), inputs, false, urn)).rejects.toThrow("tag_id: 102");
    const k = journal();
    k.record({ urn, type: "wecom:index:Role", name: "外包人员", startedAt: "x", id: "99" });
    await expect(role.create(context(tenant().client, k), inputs, false, urn)).rejects.toThrow("tag_id: 102");
  });

  it("a create records its intent with the new tagid; forget removes it", async () => {
    const t = tenant();
    const j = journal();
    const r = await role.create(context(t.client, j), { ...inputs, name: "新角色" }, false, urn);
    expect(r.id).toBe("200");
    expect(j.get(urn)).toMatchObject({ urn, name: "新角色", id: "200" });
    j.forget(urn);
    expect(j.get(urn)).toBeUndefined();
  });
});

describe("Role create answered without its tagid (issue 8), against the sandbox's omit fault", () => {
  const urn = "urn:pulumi:prod::wecom-policy::wecom:index:Role::auditors";
  const inputs = { name: "审计组", members: ["lina", "sunhao"], departments: [] };

  it("the first create fails precisely; the next one finds the tag by name and adopts it as its own, once", async () => {
    const sb = await startSandbox({ quiet: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intents-"));
    try {
      const creds = (await (await fetch(`${sb.url}/__console/credentials`)).json()) as ConsoleCredentials;
      const client = new WecomClient({
        baseUrl: sb.url,
        corpId: creds.corpid,
        secrets: { contacts: creds.contacts_secret },
      });
      const ctxWith = (intents: IntentJournal): ProviderContext => ({
        ...ctx,
        client: () => client,
        intents,
      });
      const fault = await fetch(`${sb.url}/__console/faults`, {
        method: "POST",
        body: JSON.stringify({ omitFields: [{ path: "/cgi-bin/tag/create", field: "tagid" }] }),
      });
      expect(fault.status).toBe(200);
      const journal = new IntentJournal(dir);
      const first = await role.create(ctxWith(journal), inputs, false, urn).catch((e: Error) => e);
      expect((first as Error).message).toContain("tagid is missing, expected a number");
      // WeCom made the tag; the provider never learnt its id, only its intent.
      const made = (await client.listTags()).filter((t) => t.name === "审计组");
      expect(made).toHaveLength(1);
      expect(journal.get(urn)).toMatchObject({ urn, name: "审计组" });
      expect(journal.get(urn)?.id).toBeUndefined();

      // Another machine (no journal) cannot prove the tag is its own: the exact fix, nothing taken over.
      const elsewhere = await role
        .create(ctxWith(new IntentJournal(path.join(dir, "other"))), inputs, false, urn)
        .catch((e: Error) => e);
      expect((elsewhere as Error).message).toContain(`    tag_id: ${made[0]!.tagId}\n`);

      // The next run here: 40071, the tag found by name, adopted as this stack's own and converged.
      const next = await role.create(ctxWith(journal), inputs, false, urn);
      expect(next.id).toBe(String(made[0]!.tagId));
      expect(next.outs).toMatchObject({ adopted: false, members: ["lina", "sunhao"] });
      expect((await client.listTags()).filter((t) => t.name === "审计组")).toHaveLength(1);
      expect(journal.get(urn)?.id).toBe(String(made[0]!.tagId));
    } finally {
      await sb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
