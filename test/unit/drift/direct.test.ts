/**
 * watch's direct check (src/drift/direct.ts): the resources an event can affect are compared from the
 * tenant snapshot without `pulumi preview`, with the drift items, citations and attribution the preview
 * path gives (the same assertions against the real CLI: test/e2e/watch.test.ts); what the snapshot
 * cannot decide still goes to the preview, targeted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredMemberStatus, directSteps } from "../../../src/drift/direct";
import { driftItems } from "../../../src/drift/analyse";
import { runDrift } from "../../../src/drift/run";
import { loadPolicies, type PolicyModel } from "../../../src/policy";
import type { StackResource } from "../../../src/pulumi/stack-export";
import type { ControlId } from "../../../src/rules";
import { clientFromConfig, readTenant, reachOf } from "../../../src/tenant";
import { driftHarness, NOW, POLICIES, type DriftHarness } from "./run-harness";

const urn = (type: string, name: string) => `urn:pulumi:unit::wecom-policy::wecom:index:${type}::${name}`;
const ROLE = urn("Role", "finance-approvers");
const ROSTER = urn("MemberStatus", "roster");
const HANDOVER = urn("CustomerHandover", "handover");
const SETTINGS = urn("AppSettings", "hr-assistant");

describe("the direct check (watch)", () => {
  let h: DriftHarness;
  let model: PolicyModel;
  let state: StackResource[];
  let tagId: number;
  const previews = () => h.calls.filter((c) => c[0] === "preview");
  const console = async (action: string, body: Record<string, unknown>) =>
    (await fetch(`${h.sb.url}/__console/${action}`, { method: "POST", body: JSON.stringify(body) })).json();

  beforeAll(async () => {
    h = await driftHarness((args) =>
      args[0] === "preview"
        ? { code: 0, stdout: JSON.stringify({ steps: [] }), stderr: "" }
        : { code: 0, stdout: "[]", stderr: "" },
    );
    const loaded = await loadPolicies(POLICIES);
    if (!loaded.ok) throw new Error("the demo policies do not load");
    model = loaded.model;
    // As `pulumi up` leaves it: the role's tag with the declared members.
    const client = clientFromConfig(h.settings.provider, { readOnly: false });
    const role = model.roles.find((r) => r.key === "finance-approvers")!;
    tagId = await client.createTag(role.tagName);
    await client.addTagMembers(tagId, { userIds: role.members, partyIds: [] });
    const roster = { roster: model.people.members.map((p) => p.userId), leavers: [] };
    state = [
      { urn: ROLE, type: "wecom:index:Role", id: String(tagId), inputs: {}, outputs: { tagId } },
      { urn: ROSTER, type: "wecom:index:MemberStatus", id: "members", inputs: roster, outputs: roster },
      { urn: HANDOVER, type: "wecom:index:CustomerHandover", id: "handover", inputs: {}, outputs: {} },
      { urn: SETTINGS, type: "wecom:index:AppSettings", id: "1000002", inputs: {}, outputs: {} },
    ];
  });
  afterAll(async () => h?.close());

  const check = (targets: string[], controls: ControlId[]) =>
    runDrift(h.ws, {
      now: NOW,
      sinceDays: 7,
      settings: h.settings,
      env: {},
      scope: { targets, controls: new Set(controls) },
      state,
    });

  it("a leaver put into a role by hand: the item, the control, who did it — and no pulumi preview", async () => {
    await console("tag/addusers", { operator: "sunhao", tagid: tagId, userlist: ["fanbing"] });
    const out = await check([ROLE], ["WC.ACC.1v1"]);
    if (!("report" in out)) throw new Error(out.error);
    expect(out.report.status).toBe("drift");
    expect(out.report.items).toMatchObject([
      {
        type: "Role",
        name: "finance-approvers",
        op: "update",
        path: "members[1]",
        kind: "delete",
        live: "fanbing",
        controls: [{ id: "WC.ACC.1v1", severity: "mandatory" }],
        changedBy: { operator: "sunhao" },
      },
    ]);
    expect(out.report.items[0]!.controls[0]!.reason?.en).toMatch(/^fanbing left on \d{4}-\d\d-\d\d/);
    expect(previews()).toEqual([]);

    await console("tag/delusers", { operator: "sunhao", tagid: tagId, userlist: ["fanbing"] });
    const back = await check([ROLE], ["WC.ACC.1v1"]);
    expect(back).toMatchObject({ code: 0, report: { status: "in-sync", items: [] } });
    expect(previews()).toEqual([]);
  });

  it("a leaver re-enabled by hand: MemberStatus's disabled[i], as the provider's diff says", async () => {
    const declared = declaredMemberStatus(model, NOW) as { leavers: { userId: string }[] };
    const snapshot = async () =>
      readTenant(clientFromConfig(h.settings.provider, { readOnly: true }), {
        corpId: h.settings.provider.corpId,
        reach: reachOf(h.settings.provider),
        now: NOW,
        memberDetails: declared.leavers.map((l) => l.userId),
        adminLog: false,
      });
    // As `pulumi up` recorded it: the declared leavers, each cut off in the tenant.
    const given = { ...state[1]!, inputs: declared };
    await console("user/enable", { operator: "zhoumin", userid: "fanbing", enable: 0 });
    const quiet = directSteps([ROSTER], [given], model, await snapshot(), NOW);
    expect(driftItems(quiet).filter((i) => i.path.startsWith("disabled"))).toEqual([]);
    await console("user/enable", { operator: "zhoumin", userid: "fanbing", enable: 1 });
    const loud = directSteps([ROSTER], [given], model, await snapshot(), NOW);
    expect(loud.undecided).toEqual([]);
    expect(driftItems(loud).filter((i) => i.path.startsWith("disabled"))).toMatchObject([
      { type: "MemberStatus", kind: "add", declared: "fanbing" },
    ]);
    await console("user/enable", { operator: "zhoumin", userid: "fanbing", enable: 0 });
  });

  it("what the snapshot cannot decide is previewed, with --target on just that", async () => {
    const before = previews().length;
    // A tag the stack recorded that is gone from the tenant: the preview plans its re-creation.
    const gone = state.map((r) => (r.urn === ROLE ? { ...r, outputs: { tagId: 999_999 } } : r));
    const out = await runDrift(h.ws, {
      now: NOW,
      sinceDays: 7,
      settings: h.settings,
      env: {},
      scope: { targets: [SETTINGS, HANDOVER, ROLE], controls: new Set<ControlId>() },
      state: gone,
    });
    expect("report" in out).toBe(true);
    const targeted = previews()
      .slice(before)
      .map((c) => c.filter((_, i) => c[i - 1] === "--target"));
    // AppSettings (a type the snapshot does not decide) beside the reads, the gone tag after them;
    // CustomerHandover is decided from the unassigned-customer list.
    expect(targeted).toEqual([[SETTINGS], [ROLE]]);
  });

  it("lists the members WeCom has that the roster does not, in the report and a note, without touching them", async () => {
    const out0 = await check([], []);
    if (!("report" in out0)) throw new Error(out0.error);
    const before = out0.report.membersNotInRoster ?? [];
    const client = clientFromConfig(h.settings.provider, { readOnly: false });
    await client.createMember({
      userId: "Temp01",
      name: "临时工",
      departmentIds: [2],
      email: "temp01@example.com",
    });
    const out = await check([], []);
    if (!("report" in out)) throw new Error(out.error);
    expect(out.report.membersNotInRoster).toEqual([...before, "Temp01"].sort());
    const note = out.report.notes.find((n) => n.en.includes("not in the HR roster"));
    expect(note?.en).toMatch(/^\d+ member\(s\) in WeCom are not in the HR roster \(people\.yaml\): .*Temp01/);
    expect(note?.zh).toContain("不在人事花名册");
    // Reported, never touched: the member is still there and enabled.
    expect((await client.getMember("Temp01")).enabled).not.toBe(false);
    await client.deleteMember("Temp01");
  });
});
