/**
 * Issue 8, items 4 and 6: create and update return what WeCom holds, and fail with "inconsistent result
 * after apply" when the tenant differs from what was written. The in-process sandbox plays WeCom; a
 * fetch in front of it plays a WeCom that acknowledges writes it does not apply, or that shows a member
 * nobody wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberStatus } from "../../../src/provider/resources/member-status";
import { role } from "../../../src/provider/resources/role";
import { PartialCreateError, type ProviderContext } from "../../../src/provider/types";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import { WecomClient, WecomShapeError } from "../../../src/wecom";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

let sandbox: SandboxHandle;
let creds: ConsoleCredentials;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
  creds = (await (await fetch(`${sandbox.url}/__console/credentials`)).json()) as ConsoleCredentials;
});
afterAll(() => sandbox.close());

type Rewrite = (path: string, body: Record<string, unknown>) => Record<string, unknown>;

/** A provider context whose client talks to the sandbox through `swallow` (answered ok, not forwarded) and `rewrite`. */
function context(opts: { swallow?: string[]; rewrite?: Rewrite }): ProviderContext {
  const proxied = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (opts.swallow?.includes(url.pathname))
      return new Response(JSON.stringify({ errcode: 0, errmsg: "updated" }), { status: 200 });
    const res = await fetch(input, init);
    if (!opts.rewrite) return res;
    const body = (await res.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(opts.rewrite(url.pathname, body)), { status: res.status });
  }) as typeof fetch;
  const client = new WecomClient({
    baseUrl: sandbox.url,
    corpId: creds.corpid,
    secrets: { contacts: creds.contacts_secret, archive: creds.archive_secret, apps: creds.app_secrets },
    retry: { baseDelayMs: 1, maxDelayMs: 2, jitter: 0, maxAttempts: 2 },
    fetch: proxied,
  });
  return {
    client: () => client,
    configured: () => ({ contacts: true, archive: true, apps: Object.keys(creds.app_secrets) }),
    now: () => new Date("2026-11-28T12:00:00+08:00"),
  };
}

describe("Role returns what WeCom holds", () => {
  it("create: a member WeCom shows that nobody wrote is an inconsistent result, recorded with the live members", async () => {
    // The first tag/get is create's own look at the new tag (an interrupted run may have left members); the
    // intruder shows up after that, as a member added by hand while the create runs.
    let tagGets = 0;
    const intruder: Rewrite = (path, body) =>
      path === "/cgi-bin/tag/get" && ++tagGets > 1
        ? { ...body, userlist: [...(body["userlist"] as object[]), { userid: "liuyang", name: "刘洋" }] }
        : body;
    const ctx = context({ rewrite: intruder });
    const e = await role
      .create(ctx, { name: "读回审批", members: ["chenjing"], departments: [] }, false)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(e).toBeInstanceOf(PartialCreateError);
    const p = e as PartialCreateError;
    expect(p.id).toMatch(/^\d+$/);
    expect(p.outs).toMatchObject({ name: "读回审批", members: ["chenjing", "liuyang"] });
    expect(p.message).toBe(
      `inconsistent result after apply: Role 读回审批 (tag ${p.id}): tag/get shows members nobody wrote: liuyang. ` +
        "The tag is recorded in the stack with what WeCom holds; `pulumi up` again corrects it. / " +
        `应用后结果不一致：角色 读回审批（标签 ${p.id}）与写入的不同；已按企业微信中的实际内容记录，再次运行 pulumi up 即可纠正。`,
    );
  });

  it("update: returns the live state; an acknowledged rename that did not happen fails naming the endpoint and attempts", async () => {
    const plain = context({});
    const made = await role.create(
      plain,
      { name: "读回改名", members: ["chenjing"], departments: [] },
      false,
    );
    const outs = await role.update(
      plain,
      made.id,
      made.outs as Record<string, unknown>,
      { name: "读回改名", members: ["chenjing", "zhaolei"], departments: [] },
      false,
    );
    expect(outs).toMatchObject({ members: ["chenjing", "zhaolei"], tagId: Number(made.id) });
    const ignoring = context({ swallow: ["/cgi-bin/tag/update"] });
    const e = await role
      .update(
        ignoring,
        made.id,
        outs as Record<string, unknown>,
        { name: "读回新名", members: ["chenjing", "zhaolei"], departments: [] },
        false,
      )
      .then(
        () => undefined,
        (err: unknown) => err as Error,
      );
    expect(e?.message).toContain(
      "/cgi-bin/tag/update failed: inconsistent result after apply — WeCom answered errcode 0 but the read-back shows the write was not applied (tag/get shows the name 读回改名, expected 读回新名), after 2 attempts.",
    );
  });
});

describe("Role create on a broken or partial answer", () => {
  it('tag/create answered errcode 0 without tagid fails precisely and records nothing (no id "undefined")', async () => {
    const noTagId: Rewrite = (path, body) =>
      path === "/cgi-bin/tag/create"
        ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== "tagid"))
        : body;
    const e = await role
      .create(
        context({ rewrite: noTagId }),
        { name: "无编号", members: ["chenjing"], departments: [] },
        false,
      )
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(e).toBeInstanceOf(WecomShapeError);
    expect(e).not.toBeInstanceOf(PartialCreateError);
    expect((e as Error).message).toContain("tagid is missing, expected a number");
  });

  it("a partial create says which tag was created and what was recorded", async () => {
    const ctx = context({ swallow: ["/cgi-bin/tag/addtagusers"] });
    const e = await role
      .create(ctx, { name: "部分创建", members: ["chenjing"], departments: [] }, false)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(e).toBeInstanceOf(PartialCreateError);
    const p = e as PartialCreateError;
    expect(p.outs).toMatchObject({ name: "部分创建", members: [] });
    expect(p.message).toMatch(
      new RegExp(
        `^Role 部分创建: tag/create created tag ${p.id}, recorded in the stack with the 0 member\\(s\\) and 0 ` +
          "department\\(s\\) WeCom holds; then /cgi-bin/tag/addtagusers failed: inconsistent result after apply",
      ),
    );
    expect(p.message).toContain("`pulumi up` again adds the rest to the same tag");
  });
});

describe("MemberStatus", () => {
  it("fails when a leaver is still enabled after user/update was answered ok", async () => {
    const ctx = context({ swallow: ["/cgi-bin/user/update"] });
    const inputs = {
      rosterDigest: "sha256:" + "1".repeat(64),
      rosterSize: 2,
      leavers: [{ userId: "fanbing", leaveDate: "2026-11-20" }],
      disableWithinHours: 24,
      disabled: ["fanbing"],
      deleted: [],
    };
    const e = await memberStatus.create(ctx, inputs, false).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(e?.message).toContain(
      "disable fanbing: /cgi-bin/user/update failed: inconsistent result after apply",
    );
    expect(e?.message).toContain("user/get of fanbing: enable is 1, expected 0");
    expect(e?.message).toContain("after 2 attempts");
  });
});
