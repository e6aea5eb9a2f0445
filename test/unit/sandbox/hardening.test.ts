/**
 * Issue 8, item 7: the sandbox can play "write applied, answer lost", leaves no temp files behind across
 * restarts, listens on loopback unless told otherwise, returns every documented user/get field with
 * WeCom's rules on who sees which, and its modules import each other without a cycle.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseFaultFlag } from "../../../src/sandbox/faults";
import { startSandbox } from "../../../src/sandbox/server";
import { WecomClient } from "../../../src/wecom";
import { boot, type Harness } from "./harness";

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("fault: write applied, answer lost", () => {
  it("applies the write, persists it, then drops the connection before answering", async () => {
    h = await boot();
    await h.console("faults", { appliedLost: [{ path: "/cgi-bin/tag/create" }] });
    const raw = await fetch(`${h.url}/cgi-bin/tag/create?access_token=${await h.token("contacts")}`, {
      method: "POST",
      body: JSON.stringify({ tagname: "答复丢失" }),
    }).then(
      () => "answered",
      () => "connection dropped",
    );
    expect(raw).toBe("connection dropped");
    const tags = await h.api("contacts", "tag/list");
    expect(tags["taglist"].map((t: { tagname: string }) => t.tagname)).toContain("答复丢失");
    const log = (await h.raw("/__console/requests")).json as { path: string; errcode: number | null }[];
    expect(log.filter((r) => r.path === "/cgi-bin/tag/create").map((r) => r.errcode)).toEqual([null]);
    expect((await h.raw("/__console/faults")).json.appliedLost).toEqual([]);
  });

  it("the client reads back and finds the write instead of re-sending it: one create, no duplicate", async () => {
    h = await boot();
    expect(
      (await h.console("faults", { appliedLost: [{ path: "/cgi-bin/tag/create", count: 1 }] })).status,
    ).toBe(200);
    const client = new WecomClient({
      baseUrl: h.url,
      corpId: h.creds.corpid,
      secrets: { contacts: h.creds.contacts_secret },
      retry: { baseDelayMs: 1, maxDelayMs: 2, jitter: 0 },
    });
    const id = await client.createTag("答复丢失二");
    const log = (await h.raw("/__console/requests")).json as { path: string; errcode: number | null }[];
    expect(log.filter((r) => r.path === "/cgi-bin/tag/create").map((r) => r.errcode)).toEqual([null]);
    expect((await client.getTag(id)).name).toBe("答复丢失二");
  });

  it("is selectable by flag like the other faults", () => {
    expect(parseFaultFlag("lost:/cgi-bin/user/update")).toEqual({
      appliedLost: [{ path: "/cgi-bin/user/update", count: 1 }],
    });
    expect(parseFaultFlag("lost:/cgi-bin/tag/addtagusers=3")).toEqual({
      appliedLost: [{ path: "/cgi-bin/tag/addtagusers", count: 3 }],
    });
  });
});

describe("fault: applied, answered without a field", () => {
  it("applies the write and answers errcode 0 without the field, for the next N calls", async () => {
    h = await boot();
    expect(parseFaultFlag("omit:/cgi-bin/tag/create=tagidx2")).toEqual({
      omitFields: [{ path: "/cgi-bin/tag/create", field: "tagid", count: 2 }],
    });
    await h.console("faults", parseFaultFlag("omit:/cgi-bin/tag/create=tagid"));
    const create = async (tagname: string) =>
      (await fetch(`${h!.url}/cgi-bin/tag/create?access_token=${await h!.token("contacts")}`, {
        method: "POST",
        body: JSON.stringify({ tagname }),
      }).then((r) => r.json())) as Record<string, unknown>;
    expect(await create("无编号")).toEqual({ errcode: 0, errmsg: "created" });
    expect(await create("有编号")).toMatchObject({ errcode: 0, tagid: expect.any(Number) });
    const tags = await h.api("contacts", "tag/list");
    expect(tags["taglist"].map((t: { tagname: string }) => t.tagname)).toEqual(
      expect.arrayContaining(["无编号", "有编号"]),
    );
    expect((await h.raw("/__console/faults")).json.omitFields).toEqual([]);
  });
});

describe("state file", () => {
  it("leaves no temp files behind after restarts, including one a killed sandbox left", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-restart-"));
    dirs.push(dir);
    const file = path.join(dir, "tenant.json");
    // What a sandbox killed between write and rename leaves: a temp file named after its pid.
    fs.writeFileSync(path.join(dir, ".tenant.json.999999.tmp"), '{"version":1,"corp');
    fs.writeFileSync(path.join(dir, "unrelated.tmp"), "not ours");
    for (let i = 0; i < 3; i++) {
      const sb = await startSandbox({ stateFile: file, quiet: true, seed: "empty" });
      await fetch(`${sb.url}/__console/clock`, {
        method: "POST",
        body: JSON.stringify({ advanceSeconds: 60 }),
      });
      await sb.close();
    }
    expect(fs.readdirSync(dir).sort()).toEqual(["tenant.json", "unrelated.tmp"]);
  });
});

describe("listening address", () => {
  it("binds loopback only unless told otherwise", async () => {
    await expect(startSandbox({ host: "0.0.0.0", quiet: true, seed: "empty" })).rejects.toThrow(
      "the sandbox listens on loopback only (127.0.0.1, ::1, localhost): it hands out its secrets at /__console/credentials; pass --allow-remote to bind 0.0.0.0",
    );
    const sb = await startSandbox({ host: "127.0.0.1", quiet: true, seed: "empty" });
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await sb.close();
  });
});

describe("user/get", () => {
  /** Every response field path/90196 documents (wecom-api.md §2.2). */
  const DOCUMENTED = [
    "userid", "name", "department", "order", "position", "mobile", "gender", "email", "biz_mail",
    "is_leader_in_dept", "direct_leader", "avatar", "thumb_avatar", "telephone", "alias", "address",
    "open_userid", "main_department", "extattr", "status", "qr_code", "external_position", "external_profile",
  ]; // prettier-ignore
  /** Withheld from self-built apps created after 2022-06-20 without the member's authorisation. */
  const SENSITIVE = [
    "mobile",
    "gender",
    "email",
    "biz_mail",
    "avatar",
    "thumb_avatar",
    "telephone",
    "address",
    "qr_code",
  ];

  it("the contacts principal sees every documented field, with WeCom's types", async () => {
    h = await boot();
    const u = await h.api("contacts", "user/get", { query: { userid: "wuqiang" } });
    for (const f of DOCUMENTED) expect(Object.keys(u), f).toContain(f);
    expect(u["extattr"]).toEqual({ attrs: expect.any(Array) });
    expect(u["external_profile"]).toMatchObject({ external_attr: expect.any(Array) });
    expect(u["avatar"]).toMatch(/^https:\/\//);
    expect(u["thumb_avatar"]).toMatch(/^https:\/\//);
    expect(u["qr_code"]).toMatch(/^https:\/\//);
    expect(typeof u["open_userid"]).toBe("string");
  });

  it("an app principal does not see the sensitive fields or open_userid, and sees the rest", async () => {
    h = await boot();
    const u = await h.api(1000003, "user/get", { query: { userid: "wuqiang" } });
    for (const f of [...SENSITIVE, "open_userid"]) expect(Object.keys(u), f).not.toContain(f);
    for (const f of DOCUMENTED.filter((x) => !SENSITIVE.includes(x) && x !== "open_userid"))
      expect(Object.keys(u), f).toContain(f);
  });

  it("address, extattr, external_position and external_profile written by user/update are read back", async () => {
    h = await boot();
    const extattr = { attrs: [{ type: 0, name: "工号", text: { value: "A-1024" } }] };
    const external_profile = { external_corp_name: "星河", external_attr: [] };
    const r = await h.api("contacts", "user/update", {
      body: {
        userid: "wuqiang",
        address: "上海市徐汇区",
        extattr,
        external_position: "销售经理",
        external_profile,
      },
    });
    expect(r["errcode"]).toBe(0);
    const u = await h.api("contacts", "user/get", { query: { userid: "wuqiang" } });
    expect(u).toMatchObject({
      address: "上海市徐汇区",
      extattr,
      external_position: "销售经理",
      external_profile,
    });
  });
});

describe("module structure", () => {
  it("src/sandbox has no import cycle (the request log lives in its own module)", () => {
    const dir = path.resolve(__dirname, "../../../src/sandbox");
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts"));
    const edges = new Map<string, string[]>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      const deps = [...text.matchAll(/from "(\.[^"]+)"/g)].map((m) => {
        const target = path.normalize(path.join(path.dirname(f), m[1]!));
        return files.includes(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`;
      });
      edges.set(f, deps);
    }
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]): void => {
      if (stack.includes(f)) {
        cycles.push([...stack.slice(stack.indexOf(f)), f].join(" → "));
        return;
      }
      if (stack.length > files.length) return;
      for (const d of edges.get(f) ?? []) visit(d, [...stack, f]);
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
    expect(files).toContain("request-log.ts");
  });
});
