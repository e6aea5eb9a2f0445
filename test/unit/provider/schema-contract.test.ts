/**
 * The package schema is the provider's contract: every property a resource module reads from its inputs
 * or state, and every property it writes into state or inputs, is in schemas/resources/; and every
 * property the schema names is read (inputs) or written (state) by the module. Each module runs its whole
 * life — check, diff, create (preview and real), read (refresh and import), update (preview and real),
 * delete — against the in-process sandbox with the real WeCom client, on inputs wrapped in proxies that
 * record each property read. A property added to a module but not to the schema, or to the schema but not
 * to the module, fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_TYPES, type ResourceTypeName } from "../../../src/generated/resources";
import { schemaFailures } from "../../../src/provider/check";
import { RESOURCE_MODULES } from "../../../src/provider/server";
import { PartialCreateError, type ProviderContext } from "../../../src/provider/types";
import {
  inputProperties,
  resourceSchema,
  stateProperties,
  type JsonSchema,
  type ResourceSchema,
} from "../../../src/schema/resources";
import { startSandbox, type SandboxHandle } from "../../../src/sandbox/server";
import { WecomClient } from "../../../src/wecom";
import type { ConsoleCredentials } from "../../../src/wecom/wire";

/** Inputs that exercise every property of each type against the demo company (docs/demo-company.md). */
const INPUTS: Record<ResourceTypeName, Record<string, unknown>> = {
  Role: { name: "合同审批", members: ["chenjing", "zhaolei"], departments: [2], onRemoval: "delete" },
  AppSettings: {
    agentId: 1000002,
    name: "外勤助手",
    description: "外勤工单与到场打卡 / Field work orders",
    locationMode: "on-enter",
    reportEnter: true,
    redirectDomain: "field.xinghe-demo.cn",
    homeUrl: "https://field.xinghe-demo.cn/",
  },
  AppAccess: {
    agentId: 1000003,
    visibleRange: { users: [], departments: [5], tags: [] },
    admins: [
      { userId: "sunhao", authType: "manage" },
      { userId: "wuqiang", authType: "manage" },
    ],
  },
  MemberStatus: {
    rosterDigest: "sha256:" + "0".repeat(64),
    rosterSize: 3,
    leavers: [
      { userId: "fanbing", leaveDate: "2026-11-20" },
      { userId: "zhengkai", leaveDate: "2026-11-01" },
    ],
    disableWithinHours: 24,
    deleteAfterDays: 3650,
    maxDisables: 10,
    maxDeletes: 5,
  },
  ArchiveScope: { members: ["huangtao", "maxiaoyu", "wuqiang", "xuli"] },
  CustomerHandover: { takeovers: [{ handoverUserId: "zhengkai", takeoverUserId: "wuqiang" }] },
  InterceptRule: {
    name: "客户与供应商敏感信息",
    words: ["身份证号", "银行账号"],
    semantics: ["phone", "email"],
    action: "block",
    members: ["chenjing", "zhaolei"],
    departments: [5],
    onRemoval: "delete",
  },
  CheckinRule: {
    name: "研发打卡",
    members: ["xuli"],
    departments: [6],
    exemptMembers: ["guojun"],
    workdays: ["mon", "tue", "wed", "thu", "fri"],
    times: [{ start: "10:00", end: "19:00" }],
    syncHolidays: true,
    geofences: [{ title: "研发中心", address: "苏州工业园区（示例）", lat: 31.3, lng: 120.7, radiusM: 200 }],
    wifi: [{ name: "Xinghe-RD", mac: "3c:46:d8:10:20:09" }],
    photoRequired: false,
    faceRecognition: false,
    offWorkdayAllowed: false,
    onRemoval: "delete",
  },
};

/** Property paths, arrays as `[]`: "visibleRange.users", "admins[].authType". */
const join = (base: string, key: string) => (/^\d+$/.test(key) ? `${base}[]` : base ? `${base}.${key}` : key);

/** A deep proxy recording every own-data property read into `reads`. */
function recording<T>(value: T, reads: Set<string>, base = ""): T {
  if (typeof value !== "object" || value === null) return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(target, key)) return v;
      if (Array.isArray(target) && key === "length") return v;
      const at = join(base, key);
      reads.add(at);
      return recording(v, reads, at);
    },
  }) as T;
}

/** Every property path in a plain value. */
function pathsOf(value: unknown, base = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value))
    value.forEach((v) => {
      out.add(`${base}[]`);
      pathsOf(v, `${base}[]`, out);
    });
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const at = join(base, k);
      out.add(at);
      pathsOf(v, at, out);
    }
  return out;
}

/** Every property path a schema allows, resolving the resource file's `$ref`s. */
function schemaPaths(r: ResourceSchema, props: Record<string, JsonSchema>, base = ""): Set<string> {
  const out = new Set<string>();
  const defs = (r.inputs["$defs"] ?? {}) as Record<string, JsonSchema>;
  const resolve = (s: JsonSchema): JsonSchema =>
    typeof s["$ref"] === "string" ? resolve(defs[s["$ref"].split("/").pop()!]!) : s;
  const visit = (s: JsonSchema, at: string) => {
    const t = resolve(s);
    if (t["type"] === "array") {
      out.add(`${at}[]`);
      visit((t["items"] ?? {}) as JsonSchema, `${at}[]`);
    } else if (t["type"] === "object")
      for (const [k, v] of Object.entries((t["properties"] ?? {}) as Record<string, JsonSchema>)) {
        out.add(join(at, k));
        visit(v, join(at, k));
      }
  };
  for (const [k, v] of Object.entries(props)) {
    out.add(join(base, k));
    visit(v, join(base, k));
  }
  return out;
}

/** A plain copy (values handed back by a module may be the recording proxies themselves). */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
/** Named properties only: a list may be empty, its elements are then never seen. */
const named = (a: Set<string>) => new Set([...a].filter((p) => !p.endsWith("[]")));

let sandbox: SandboxHandle;
let ctx: ProviderContext;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
  const creds = (await (await fetch(`${sandbox.url}/__console/credentials`)).json()) as ConsoleCredentials;
  const client = new WecomClient({
    baseUrl: sandbox.url,
    corpId: creds.corpid,
    secrets: {
      contacts: creds.contacts_secret,
      archive: creds.archive_secret,
      checkin: creds.checkin_secret,
      apps: creds.app_secrets,
    },
    securityAgentId: 1000004,
    customerAgentId: 1000003,
  });
  ctx = {
    client: () => client,
    configured: () => ({
      contacts: true,
      archive: true,
      checkin: true,
      apps: Object.keys(creds.app_secrets),
      securityAgentId: 1000004,
      customerAgentId: 1000003,
    }),
    now: () => new Date("2026-11-28T12:00:00+08:00"),
  };
});

afterAll(async () => {
  await sandbox?.close();
});

describe.each(Object.keys(RESOURCE_MODULES) as ResourceTypeName[])("%s", (name) => {
  const m = RESOURCE_MODULES[name];
  const schema = resourceSchema(m.type)!;

  it("is registered under its own token", () => {
    expect(m.type).toBe(RESOURCE_TYPES[name].token);
    expect(schema).toBeDefined();
  });

  it("reads and writes exactly the properties its schema names", async () => {
    const given = copy(INPUTS[name]);
    expect(schemaFailures(m.type, given), "the test's own inputs must be valid").toEqual([]);
    const readInputs = new Set<string>(); // read from desired inputs
    const readState = new Set<string>(); // read from state (olds)
    const used = new Set<string>(); // inputs read by the operations that act (not check, not previews)
    const written = new Set<string>(); // written into state
    const writtenInputs = new Set<string>(); // written into inputs (check, read)
    const inputs = () => recording(copy(given), readInputs);
    const acting = () => recording(copy(given), used);
    const state = (s: object) => recording(copy(s) as Record<string, unknown>, readState);

    const checked = m.check(inputs(), {}, ctx);
    expect(checked.failures).toEqual([]);
    const news = copy(checked.inputs) as Record<string, unknown>;
    pathsOf(news).forEach((p) => writtenInputs.add(p));

    const preview = await m.create(ctx, recording(copy(news), readInputs), true);
    pathsOf(preview.outs).forEach((p) => written.add(p));

    let created: { id: string; outs: object };
    try {
      created = await m.create(ctx, recording(copy(news), used), false);
    } catch (err) {
      // An observed resource that differs from the tenant is recorded with what is there.
      if (!(err instanceof PartialCreateError)) throw err;
      created = { id: err.id, outs: err.outs };
    }
    pathsOf(created.outs).forEach((p) => written.add(p));

    m.diff(created.id, state(created.outs), recording(copy(news), used));

    const refreshed = await m.read(ctx, created.id, state(created.outs), acting());
    expect(refreshed).toBeDefined();
    pathsOf(refreshed!.props).forEach((p) => written.add(p));
    pathsOf(refreshed!.inputs).forEach((p) => writtenInputs.add(p));

    // `pulumi import`: no state, no inputs.
    const imported = await m.read(ctx, created.id, {}, {});
    expect(imported).toBeDefined();
    pathsOf(imported!.props).forEach((p) => written.add(p));
    pathsOf(imported!.inputs).forEach((p) => writtenInputs.add(p));

    pathsOf(await m.update(ctx, created.id, state(created.outs), inputs(), true)).forEach((p) =>
      written.add(p),
    );
    try {
      pathsOf(await m.update(ctx, created.id, state(created.outs), acting(), false)).forEach((p) =>
        written.add(p),
      );
    } catch (err) {
      // Observed resources fail an update that WeCom does not hold yet; what they read still counts.
      expect((err as Error).name).toBe("ConsoleOnlyError");
    }
    await m.delete(ctx, created.id, state(created.outs), inputs());

    const inputSchema = schemaPaths(schema, inputProperties(schema));
    const stateSchema = schemaPaths(schema, stateProperties(schema));
    // Inputs may carry what the provider computes into them (MemberStatus's desired lists).
    const inputsAndComputed = schemaPaths(schema, { ...inputProperties(schema), ...schema.outputOnly });

    expect(minus(readInputs, inputsAndComputed), "inputs read but not in the schema").toEqual([]);
    expect(minus(used, inputsAndComputed), "inputs used but not in the schema").toEqual([]);
    expect(minus(readState, stateSchema), "state read but not in the schema").toEqual([]);
    expect(minus(written, stateSchema), "state written but not in the schema").toEqual([]);
    expect(minus(writtenInputs, inputsAndComputed), "inputs written but not in the schema").toEqual([]);
    expect(minus(named(inputSchema), used), "inputs in the schema that the provider ignores").toEqual([]);
    expect(minus(named(stateSchema), written), "state in the schema that the provider never writes").toEqual(
      [],
    );
  });
});
