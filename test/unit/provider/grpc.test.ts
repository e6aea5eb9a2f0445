/**
 * The provider's gRPC surface, driven the way the Pulumi engine drives it (GetPluginInfo, GetSchema,
 * Configure with secret wrappers, Check, Diff, Create with preview=true/false, Read, Update, Delete). The
 * provider builds its real WecomClient from the configuration; the tenant is the sandbox's in-process HTTP
 * server, so a renamed client method, a changed error class or a changed wire shape fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderServer } from "../../../src/provider/server";
import { fromStruct, toStruct } from "../../../src/provider/props";
import { startSandbox, type RequestLogEntry, type SandboxHandle } from "../../../src/sandbox/server";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

/* eslint-disable @typescript-eslint/no-require-imports */
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const statusPb = require("@pulumi/pulumi/proto/status_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const URN = "urn:pulumi:sandbox::wecom-policy::wecom:index:Role::finance-approvers";
const TYPE = "wecom:index:Role";

describe("wecom provider over gRPC", () => {
  let sandbox: SandboxHandle;
  let creds: ConsoleCredentials;
  let server: grpc.Server;
  let client: any;

  const rpc = <T = any>(method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](req, (err: unknown, res: T) => (err ? reject(err) : resolve(res))),
    );
  const consoleGet = async <T>(route: string): Promise<T> =>
    (await (await fetch(`${sandbox.url}/__console/${route}`)).json()) as T;
  /** The API write endpoints called so far, in order (the sandbox's request log). */
  const writes = async (): Promise<string[]> =>
    (await consoleGet<RequestLogEntry[]>("requests")).filter((r) => r.write).map((r) => r.path);

  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true });
    creds = await consoleGet<ConsoleCredentials>("credentials");
    // The stack manages tag 1 as "finance-approvers" (for the import check; a real run asks `pulumi stack export`).
    const started = await startProviderServer({
      env: {},
      listStack: async () => [{ urn: URN, type: TYPE, id: "1" }],
    });
    server = started.server;
    client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${started.port}`,
      grpc.credentials.createInsecure(),
    );
    const req = new providerPb.ConfigureRequest();
    req.setArgs(
      toStruct({
        corpId: creds.corpid,
        corpSecret: { [SIG]: SECRET_SIG, value: creds.contacts_secret },
        baseUrl: sandbox.url,
      }),
    );
    req.setAcceptsecrets(true);
    const res = await rpc("configure", req);
    expect(res.getAcceptsecrets()).toBe(true);
    expect(res.getSupportspreview()).toBe(true);
  });

  afterAll(async () => {
    server?.forceShutdown();
    await sandbox?.close();
  });

  it("reports the project's version and the package schema", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"));
    const info = await rpc("getPluginInfo", new emptyPb.Empty());
    expect(info.getVersion()).toBe(pkg.version);
    const schema = JSON.parse((await rpc("getSchema", new providerPb.GetSchemaRequest())).getSchema());
    expect(schema.name).toBe("wecom");
    expect(schema.version).toBe(pkg.version);
    expect(Object.keys(schema.resources)).toContain(TYPE);
    expect(schema.config.variables.corpSecret.secret).toBe(true);
  });

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
    const res = await check({ name: "财务审批", members: ["chenjing", "bad id"], extra: 1 });
    expect(res.getFailuresList().map((f: any) => [f.getProperty(), f.getReason()])).toEqual([
      ["extra", expect.stringContaining("unknown field `extra`")],
      ["members[1]", expect.stringContaining("`bad id` does not match")],
    ]);
  });

  it("previews a create without calling WeCom", async () => {
    const before = (await consoleGet<RequestLogEntry[]>("requests")).length;
    const res = await create({ name: "财务审批", members: ["chenjing"], departments: [] }, true);
    expect(res.getId()).toBe("");
    expect((await consoleGet<RequestLogEntry[]>("requests")).length).toBe(before);
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
      adopted: false,
    });
    // An admin adds liuyang by hand in the console; read returns live state as both state and inputs.
    const added = await fetch(`${sandbox.url}/__console/tag/addusers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tagid: Number(id), userlist: ["liuyang"], operator: "sunhao" }),
    });
    expect(added.status).toBe(200);
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

    const writesBefore = (await writes()).length;
    const upd = new providerPb.UpdateRequest();
    upd.setId(id);
    upd.setUrn(URN);
    upd.setType(TYPE);
    upd.setOlds(read.getProperties());
    upd.setNews(toStruct({ name: "财务审批", members: ["zhaolei", "chenjing"], departments: [4] }));
    await rpc("update", upd);
    expect((await writes()).slice(writesBefore)).toEqual(["/cgi-bin/tag/deltagusers"]);

    const del = new providerPb.DeleteRequest();
    del.setId(id);
    del.setUrn(URN);
    del.setType(TYPE);
    await rpc("delete", del);
    const gone = new providerPb.ReadRequest();
    gone.setId(id);
    gone.setUrn(URN);
    gone.setType(TYPE);
    gone.setProperties(read.getProperties());
    expect((await rpc("read", gone)).getId()).toBe("");
  });

  it("imports a tag as adopted, and refuses to import one the stack manages, naming its resource", async () => {
    const read = (id: string, urn: string) => {
      const req = new providerPb.ReadRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setType(TYPE);
      return rpc("read", req);
    };
    const other = "urn:pulumi:sandbox::wecom-policy::wecom:index:Role::outsourcers";
    const imported = fromStruct((await read("100", other)).getProperties());
    expect(imported).toMatchObject({ name: "外包人员", tagId: 100, adopted: true });
    const before = (await consoleGet<RequestLogEntry[]>("requests")).length;
    const err = await read("1", other).catch((e) => e);
    expect(err.details).toContain(
      'wecom:index:Role 1 is already managed by this stack as "finance-approvers"',
    );
    expect((await consoleGet<RequestLogEntry[]>("requests")).length, "refused before any WeCom call").toBe(
      before,
    );
  });

  it("reports a create that half-succeeded as a resource init failure, recording the tag", async () => {
    // "nobody" is not a member: WeCom answers addtagusers with errcode 0 and an invalidlist.
    const err = await create({ name: "半成功", members: ["nobody"], departments: [] }, false).catch((e) => e);
    expect(err.details).toContain("nobody");
    expect(err.details).not.toContain(creds.contacts_secret);
    const status = statusPb.Status.deserializeBinary(err.metadata.get("grpc-status-details-bin")[0]);
    const detail = providerPb.ErrorResourceInitFailed.deserializeBinary(
      status.getDetailsList()[0].getValue(),
    );
    expect(fromStruct(detail.getProperties())).toMatchObject({ name: "半成功", members: [] });
    const readReq = new providerPb.ReadRequest();
    readReq.setId(detail.getId());
    readReq.setUrn(URN);
    readReq.setType(TYPE);
    expect(fromStruct((await rpc("read", readReq)).getProperties())["name"]).toBe("半成功");
  });
});
