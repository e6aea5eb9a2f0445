/**
 * The provider's gRPC surface, driven the way the Pulumi engine drives it (Configure with secret wrappers,
 * Check, Diff, Create with preview=true/false, Read, Update, Delete), against an in-memory fake of the
 * WeCom client. The real client and sandbox are exercised by test/e2e.
 */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderServer } from "../../../src/provider/server";
import { fromStruct, toStruct } from "../../../src/provider/props";
import { WecomApiError, WecomPartialError, type WecomClient } from "../../../src/wecom";

/* eslint-disable @typescript-eslint/no-require-imports */
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const statusPb = require("@pulumi/pulumi/proto/status_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const SECRET = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value: "super-secret-value-123",
};
const URN = "urn:pulumi:sandbox::wecom-policy::wecom:index:Role::finance-approvers";
const TYPE = "wecom:index:Role";

interface FakeTag {
  name: string;
  users: Set<string>;
  parties: Set<number>;
}

/** Just enough of WecomClient for roles, with a call log. */
class FakeWecom {
  tags = new Map<number, FakeTag>();
  calls: string[] = [];
  next = 10;
  failAddWith: Error | undefined;
  async createTag(name: string) {
    this.calls.push(`createTag ${name}`);
    const id = this.next++;
    this.tags.set(id, { name, users: new Set(), parties: new Set() });
    return id;
  }
  async getTag(tagId: number) {
    this.calls.push(`getTag ${tagId}`);
    const t = this.tags.get(tagId);
    if (!t)
      throw Object.assign(Object.create(WecomApiError.prototype), {
        errcode: 40068,
        message: "tag/get failed: errcode 40068",
      });
    return { tagId, name: t.name, userIds: [...t.users], partyIds: [...t.parties] };
  }
  async updateTag(tagId: number, name: string) {
    this.calls.push(`updateTag ${tagId} ${name}`);
    this.tags.get(tagId)!.name = name;
  }
  async deleteTag(tagId: number) {
    this.calls.push(`deleteTag ${tagId}`);
    this.tags.delete(tagId);
  }
  async addTagMembers(tagId: number, m: { userIds?: string[]; partyIds?: number[] }) {
    this.calls.push(`addTagMembers ${tagId} ${(m.userIds ?? []).join(",")} ${(m.partyIds ?? []).join(",")}`);
    if (this.failAddWith) throw this.failAddWith;
    for (const u of m.userIds ?? []) this.tags.get(tagId)!.users.add(u);
    for (const p of m.partyIds ?? []) this.tags.get(tagId)!.parties.add(p);
  }
  async removeTagMembers(tagId: number, m: { userIds?: string[]; partyIds?: number[] }) {
    this.calls.push(
      `removeTagMembers ${tagId} ${(m.userIds ?? []).join(",")} ${(m.partyIds ?? []).join(",")}`,
    );
    for (const u of m.userIds ?? []) this.tags.get(tagId)!.users.delete(u);
    for (const p of m.partyIds ?? []) this.tags.get(tagId)!.parties.delete(p);
  }
}

describe("wecom provider over gRPC", () => {
  const fake = new FakeWecom();
  let server: grpc.Server;
  let client: any;
  let seenConfig: unknown;

  const rpc = <T = any>(method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](req, (err: unknown, res: T) => (err ? reject(err) : resolve(res))),
    );

  beforeAll(async () => {
    const started = await startProviderServer({
      env: {},
      makeClient: (cfg) => {
        seenConfig = cfg;
        return fake as unknown as WecomClient;
      },
    });
    server = started.server;
    client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${started.port}`,
      grpc.credentials.createInsecure(),
    );
    const req = new providerPb.ConfigureRequest();
    req.setArgs(toStruct({ corpId: "ww-test", corpSecret: SECRET, baseUrl: "http://127.0.0.1:1" }));
    req.setAcceptsecrets(true);
    const res = await rpc("configure", req);
    expect(res.getAcceptsecrets()).toBe(true);
    expect(res.getSupportspreview()).toBe(true);
  });

  afterAll(() => server?.forceShutdown());

  const check = (news: Record<string, unknown>) => {
    const req = new providerPb.CheckRequest();
    req.setUrn(URN);
    req.setType(TYPE);
    req.setNews(toStruct(news));
    req.setOlds(toStruct({}));
    return rpc("check", req);
  };
  const create = (props: Record<string, unknown>, preview: boolean) => {
    const req = new providerPb.CreateRequest();
    req.setUrn(URN);
    req.setType(TYPE);
    req.setProperties(toStruct(props));
    req.setPreview(preview);
    return rpc("create", req);
  };

  it("returns per-property check failures", async () => {
    const res = await check({ name: "财务审批", members: ["chenjing", "bad id"] });
    expect(res.getFailuresList().map((f: any) => [f.getProperty(), f.getReason()])).toEqual([
      ["members[1]", expect.stringContaining('"bad id" is not a valid WeCom userid')],
    ]);
  });

  it("previews a create without calling WeCom", async () => {
    const res = await create({ name: "财务审批", members: ["chenjing"], departments: [] }, true);
    expect(res.getId()).toBe("");
    expect(fake.calls).toEqual([]);
  });

  it("creates, reads, diffs and updates with a detailed diff", async () => {
    const created = await create(
      { name: "财务审批", members: ["zhaolei", "chenjing"], departments: [4] },
      false,
    );
    const id = created.getId();
    expect(fromStruct(created.getProperties())).toEqual({
      name: "财务审批",
      members: ["chenjing", "zhaolei"],
      departments: [4],
      tagId: Number(id),
    });
    expect((seenConfig as { contactsSecret: string }).contactsSecret).toBe(SECRET.value);

    // Someone adds liuyang by hand; read returns live state as both state and inputs.
    fake.tags.get(Number(id))!.users.add("liuyang");
    const readReq = new providerPb.ReadRequest();
    readReq.setId(id);
    readReq.setUrn(URN);
    readReq.setType(TYPE);
    readReq.setProperties(created.getProperties());
    const read = await rpc("read", readReq);
    const live = fromStruct(read.getProperties());
    expect(live["members"]).toEqual(["chenjing", "liuyang", "zhaolei"]);
    expect(fromStruct(read.getInputs())).toEqual({
      name: "财务审批",
      members: ["chenjing", "liuyang", "zhaolei"],
      departments: [4],
    });

    const diffReq = new providerPb.DiffRequest();
    diffReq.setId(id);
    diffReq.setUrn(URN);
    diffReq.setType(TYPE);
    diffReq.setOlds(read.getProperties());
    diffReq.setNews(toStruct({ name: "财务审批", members: ["zhaolei", "chenjing"], departments: [4] }));
    const diff = await rpc("diff", diffReq);
    expect(diff.getChanges()).toBe(providerPb.DiffResponse.DiffChanges.DIFF_SOME);
    expect(diff.getHasdetaileddiff()).toBe(true);
    expect(diff.getDiffsList()).toEqual(["members"]);
    const dd = diff.getDetaileddiffMap();
    expect(dd.getEntryList().map(([k, v]: [string, any]) => [k, v[0]])).toEqual([
      ["members[1]", providerPb.PropertyDiff.Kind.DELETE],
    ]);

    fake.calls = [];
    const upd = new providerPb.UpdateRequest();
    upd.setId(id);
    upd.setUrn(URN);
    upd.setType(TYPE);
    upd.setOlds(read.getProperties());
    upd.setNews(toStruct({ name: "财务审批", members: ["zhaolei", "chenjing"], departments: [4] }));
    await rpc("update", upd);
    expect(fake.calls).toEqual([`getTag ${id}`, `removeTagMembers ${id} liuyang `]);

    const del = new providerPb.DeleteRequest();
    del.setId(id);
    del.setUrn(URN);
    del.setType(TYPE);
    await rpc("delete", del);
    expect(fake.tags.has(Number(id))).toBe(false);
  });

  it("reports a create that half-succeeded as a resource init failure, recording the tag", async () => {
    fake.failAddWith = Object.assign(Object.create(WecomPartialError.prototype), {
      message: "tag/addtagusers partial success: invalid users nobody (super-secret-value-123)",
    });
    const err = await create({ name: "半成功", members: ["nobody"], departments: [] }, false).catch((e) => e);
    fake.failAddWith = undefined;
    expect(err.details).toContain("partial success");
    expect(err.details).not.toContain(SECRET.value);
    const status = statusPb.Status.deserializeBinary(err.metadata.get("grpc-status-details-bin")[0]);
    const detail = providerPb.ErrorResourceInitFailed.deserializeBinary(
      status.getDetailsList()[0].getValue(),
    );
    expect(fake.tags.get(Number(detail.getId()))?.name).toBe("半成功");
    expect(fromStruct(detail.getProperties())["members"]).toEqual([]);
  });
});
