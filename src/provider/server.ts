/**
 * The `wecom` resource provider: Pulumi's ResourceProvider gRPC service, implemented directly (Pulumi's
 * "implement a provider in TypeScript" pattern — not provider.main, which drops configure and cannot
 * return detailedDiff; not a dynamic provider). It adapts gRPC to the resource modules in resources/,
 * dispatching on the type token; WeCom semantics live there, HTTP lives in src/wecom.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { ResourceTypeName } from "../generated/resources";
import { packageSchema } from "../schema/package-schema";
import type { WecomClient } from "../wecom";
import { today } from "../today";
import { clientFromConfig } from "../tenant/client";
import { checkResource } from "./check";
import { IntentJournal, intentsDir } from "./intents";
import { ImportGuard, isImportRead, pulumiStackLister, type StackLister } from "./import-guard";
import { httpLimits, parseConfig, type ProviderConfig } from "./config";
import { fromStruct, toStruct, type PropertyMap } from "./props";
import { appAccess } from "./resources/app-access";
import { appSettings } from "./resources/app-settings";
import { archiveScope } from "./resources/archive-scope";
import { customerHandover } from "./resources/customer-handover";
import { interceptRule } from "./resources/intercept-rule";
import { memberStatus } from "./resources/member-status";
import { role } from "./resources/role";
import { checkinRule } from "./resources/checkin-rule";
import {
  ConfigError,
  PartialCreateError,
  type DiffKind,
  type ProviderContext,
  type ResourceModule,
} from "./types";

/* eslint-disable @typescript-eslint/no-require-imports */
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb");
const statusPb = require("@pulumi/pulumi/proto/status_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
const anyPb = require("google-protobuf/google/protobuf/any_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The provider's version: the project's, from package.json (GetPluginInfo, the package schema). */
export const PROVIDER_VERSION: string = (
  JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  }
).version;

/**
 * The registration table: one module per resource type of the package schema (schemas/resources/). A
 * type added to the schemas does not compile until its module is registered here (docs/provider.md).
 */
export const RESOURCE_MODULES: Record<ResourceTypeName, ResourceModule> = {
  Role: role,
  CheckinRule: checkinRule,
  AppSettings: appSettings,
  AppAccess: appAccess,
  MemberStatus: memberStatus,
  ArchiveScope: archiveScope,
  CustomerHandover: customerHandover,
  InterceptRule: interceptRule,
};

/** Every resource type this provider serves. */
export const RESOURCES: readonly ResourceModule[] = Object.values(RESOURCE_MODULES);

let schemaText: string | undefined;
/** The package schema as GetSchema returns it (built once per process). */
export function schemaJson(): string {
  schemaText ??= JSON.stringify(packageSchema(PROVIDER_VERSION));
  return schemaText;
}

const KIND: Record<DiffKind, number> = {
  add: providerPb.PropertyDiff.Kind.ADD,
  delete: providerPb.PropertyDiff.Kind.DELETE,
  update: providerPb.PropertyDiff.Kind.UPDATE,
};

type Callback = (err: Partial<grpc.ServiceError> | null, value?: unknown) => void;
// The generated request classes are untyped JavaScript.
type Call = { request: any; on?(event: "cancelled", listener: () => void): unknown };

export interface ProviderServerOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Replace the WeCom client (unit tests); production builds one from the configuration. `stopping` says
   * why no new write may start (Cancel, engine gone), undefined while writes are allowed.
   */
  makeClient?: (cfg: ProviderConfig, stopping: () => string | undefined) => WecomClient;
  /** Lists the stack's resources for the import check (unit tests); default `pulumi stack export`. */
  listStack?: StackLister;
  /** Where create intents are journalled; default src/provider/intents.ts intentsDir(). */
  intentsDir?: string;
}

export class WecomProvider implements ProviderContext {
  private config: ProviderConfig | undefined;
  private cached: WecomClient | undefined;
  private readonly byType = new Map<string, ResourceModule>(RESOURCES.map((r) => [r.type, r]));
  private readonly env: NodeJS.ProcessEnv;
  private readonly makeClient: (cfg: ProviderConfig, stopping: () => string | undefined) => WecomClient;
  private readonly importGuard: ImportGuard;
  readonly intents: IntentJournal;
  /** Why the run is stopping (Cancel, or the engine is gone): no new WeCom write starts once set. */
  private stopReason: string | undefined;
  /** Requests being handled, and who waits for them to settle. */
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(opts: ProviderServerOptions = {}) {
    this.env = opts.env ?? process.env;
    this.makeClient = opts.makeClient ?? defaultClient;
    this.importGuard = new ImportGuard(opts.listStack ?? pulumiStackLister(this.env));
    this.intents = new IntentJournal(opts.intentsDir ?? intentsDir(this.env));
  }

  client(): WecomClient {
    if (!this.config)
      throw new ConfigError("the wecom provider was used before it was configured / wecom provider 尚未配置");
    this.cached ??= this.makeClient(this.config, () => this.stopReason);
    return this.cached;
  }

  configured() {
    const c = this.config;
    return {
      contacts: Boolean(c?.contactsSecret),
      archive: Boolean(c?.archiveSecret),
      checkin: Boolean(c?.checkinSecret),
      apps: Object.keys(c?.appSecrets ?? {}),
      ...(c?.securityAgentId !== undefined ? { securityAgentId: c.securityAgentId } : {}),
      ...(c?.customerAgentId !== undefined ? { customerAgentId: c.customerAgentId } : {}),
    };
  }

  now(): Date {
    return today(this.env);
  }

  /** Every secret value this process knows, so no error message can carry one by accident. */
  private secrets(): string[] {
    const c = this.config;
    if (!c) return [];
    return [c.contactsSecret, c.archiveSecret, ...Object.values(c.appSecrets)].filter(
      (s): s is string => typeof s === "string" && s.length >= 4,
    );
  }

  scrub(message: string): string {
    let out = message;
    for (const s of this.secrets()) out = out.split(s).join("[secret]");
    // Tokens never reach messages by design (src/wecom); this is the belt to that pair of braces.
    return out.replace(/access_token=[^&\s"']+/g, "access_token=[redacted]");
  }

  /** The engine holds `urn` with an id: its create intent, if any, has done its job. */
  private recorded(urn: string, id: string): void {
    if (id) this.intents.forget(urn);
  }

  private module(type: string, urn: string): ResourceModule {
    const t = type || urnType(urn);
    const m = this.byType.get(t);
    if (!m)
      throw new Error(
        `unknown resource type ${t}; this provider serves ${[...this.byType.keys()].join(", ")}`,
      );
    return m;
  }

  /**
   * Stop: no new WeCom write starts from now on (each fails before any I/O with WecomStoppedError);
   * writes already sent finish — their handlers end at their next write. Resolves when no request is in
   * flight, or after `graceMs`.
   */
  stop(reason: string, graceMs = 10_000): Promise<void> {
    this.stopReason ??= reason;
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      timer.unref();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Wrap a handler: map thrown errors to gRPC errors with secrets scrubbed; count it while in flight. */
  private handle(fn: (req: any) => Promise<unknown> | unknown) {
    return (call: Call, cb: Callback) => {
      this.inFlight++;
      let answered = false;
      // The engine never cancels a provider call while it runs (pkg/resource/deploy/step.go calls with
      // context.TODO()); a call whose stream closes before we answer means its connection is gone — the
      // engine died. Stop at once, before the health check notices: no new WeCom write starts (issue 8).
      // (grpc-js also emits "cancelled" when a stream closes after the answer: that one means nothing.)
      call.on?.("cancelled", () => {
        if (!answered) this.stopReason ??= "the Pulumi engine went away during a request";
      });
      const answer: Callback = (err, value) => {
        answered = true;
        cb(err, value);
      };
      Promise.resolve()
        .then(() => fn(call.request))
        .then(
          (res) => answer(null, res),
          (err: unknown) => answer(this.toGrpcError(err)),
        )
        .finally(() => {
          if (--this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    };
  }

  private toGrpcError(err: unknown): Partial<grpc.ServiceError> {
    const message = this.scrub(err instanceof Error ? err.message : String(err));
    const metadata = new grpc.Metadata();
    if (err instanceof PartialCreateError) {
      const status = new statusPb.Status();
      status.setCode(grpc.status.UNKNOWN);
      status.setMessage(message);
      const detail = new providerPb.ErrorResourceInitFailed();
      detail.setId(err.id);
      detail.setProperties(toStruct(err.outs));
      detail.setReasonsList(err.reasons.map((r) => this.scrub(r)));
      const any = new anyPb.Any();
      any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
      status.addDetails(any);
      metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    }
    return { code: grpc.status.UNKNOWN, details: message, message, metadata };
  }

  service() {
    const unimplemented = (name: string) => (_c: Call, cb: Callback) =>
      cb({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the wecom provider` });

    return {
      getPluginInfo: this.handle(() => {
        const info = new pluginPb.PluginInfo();
        info.setVersion(PROVIDER_VERSION);
        return info;
      }),
      getSchema: this.handle(() => {
        const res = new providerPb.GetSchemaResponse();
        res.setSchema(schemaJson());
        return res;
      }),
      handshake: unimplemented("Handshake"),
      parameterize: unimplemented("Parameterize"),
      attach: unimplemented("Attach"),
      getMapping: this.handle(() => new providerPb.GetMappingResponse()),
      getMappings: this.handle(() => new providerPb.GetMappingsResponse()),
      invoke: unimplemented("Invoke"),
      call: unimplemented("Call"),
      construct: unimplemented("Construct"),
      list: unimplemented("List"),
      // The engine asks the provider to stop (Ctrl-C): no new write starts; in-flight ones finish.
      cancel: this.handle(() => {
        this.stopReason ??= "the Pulumi engine cancelled the run";
        return new emptyPb.Empty();
      }),

      // Provider configuration. Secrets are validated here but never echoed back.
      checkConfig: this.handle((req) => {
        const res = new providerPb.CheckResponse();
        res.setInputs(req.getNews());
        return res;
      }),
      diffConfig: this.handle((req) => {
        const olds = fromStruct(req.getOlds());
        const news = fromStruct(req.getNews());
        const changed = Object.keys({ ...olds, ...news }).filter(
          (k) => k !== "version" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
        );
        const res = new providerPb.DiffResponse();
        // New credentials or endpoints never replace the resources they manage.
        res.setChanges(
          changed.length
            ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
            : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
        );
        res.setDiffsList(changed);
        return res;
      }),
      configure: this.handle((req) => {
        const variables: Record<string, string> = {};
        req.getVariablesMap().forEach((v: string, k: string) => {
          variables[k] = v;
        });
        this.config = parseConfig(fromStruct(req.getArgs()), variables, this.env);
        this.cached = undefined;
        const res = new providerPb.ConfigureResponse();
        res.setAcceptsecrets(true);
        res.setSupportspreview(true);
        res.setAcceptresources(false);
        res.setAcceptoutputs(false);
        return res;
      }),

      check: this.handle((req) => {
        const m = this.module(req.getType(), req.getUrn());
        const { inputs, failures } = checkResource(
          m,
          fromStruct(req.getNews()),
          fromStruct(req.getOlds()),
          this,
        );
        const res = new providerPb.CheckResponse();
        res.setInputs(toStruct(inputs));
        res.setFailuresList(
          failures.map((f) => {
            const cf = new providerPb.CheckFailure();
            cf.setProperty(f.property);
            cf.setReason(f.reason);
            return cf;
          }),
        );
        return res;
      }),

      diff: this.handle((req) => {
        const m = this.module(req.getType(), req.getUrn());
        this.recorded(req.getUrn(), req.getId());
        const d = m.diff(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
        const res = new providerPb.DiffResponse();
        res.setChanges(
          d.changes
            ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
            : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
        );
        const topLevel = [...new Set(Object.keys(d.detailedDiff).map((p) => p.split(/[.[]/)[0]!))];
        res.setDiffsList(topLevel);
        res.setReplacesList(d.replaces ?? []);
        res.setHasdetaileddiff(true);
        const map = res.getDetaileddiffMap();
        for (const [path, kind] of Object.entries(d.detailedDiff)) {
          const pd = new providerPb.PropertyDiff();
          pd.setKind(KIND[kind]);
          pd.setInputdiff(true);
          map.set(path, pd);
        }
        return res;
      }),

      create: this.handle(async (req) => {
        const m = this.module(req.getType(), req.getUrn());
        const { id, outs } = await m.create(
          this,
          fromStruct(req.getProperties()),
          req.getPreview(),
          req.getUrn(),
        );
        const res = new providerPb.CreateResponse();
        res.setId(id);
        res.setProperties(toStruct(outs));
        return res;
      }),

      read: this.handle(async (req) => {
        const m = this.module(req.getType(), req.getUrn());
        const state = fromStruct(req.getProperties());
        const inputs = fromStruct(req.getInputs());
        // An import: refused, before any WeCom call, when the stack manages the object already.
        if (isImportRead(state, inputs)) await this.importGuard.check(req.getUrn(), m.type, req.getId());
        else this.recorded(req.getUrn(), req.getId());
        const r = await m.read(this, req.getId(), state, inputs);
        const res = new providerPb.ReadResponse();
        if (!r) return res; // empty id: the object is gone
        res.setId(r.id);
        res.setProperties(toStruct(r.props));
        res.setInputs(toStruct(r.inputs));
        return res;
      }),

      update: this.handle(async (req) => {
        const m = this.module(req.getType(), req.getUrn());
        this.recorded(req.getUrn(), req.getId());
        const outs = await m.update(
          this,
          req.getId(),
          fromStruct(req.getOlds()),
          fromStruct(req.getNews()),
          req.getPreview(),
        );
        const res = new providerPb.UpdateResponse();
        res.setProperties(toStruct(outs));
        return res;
      }),

      delete: this.handle(async (req) => {
        const m = this.module(req.getType(), req.getUrn());
        this.recorded(req.getUrn(), req.getId());
        await m.delete(this, req.getId(), fromStruct(req.getProperties()), fromStruct(req.getOldInputs()));
        return new emptyPb.Empty();
      }),
    };
  }
}

function defaultClient(cfg: ProviderConfig, stopping: () => string | undefined): WecomClient {
  return clientFromConfig(cfg, { stopping });
}

/** "urn:pulumi:stack::project::wecom:index:Role::name" → "wecom:index:Role". */
function urnType(urn: string): string {
  const parts = urn.split("::");
  const t = parts[2] ?? "";
  return t.split("$").pop() ?? t;
}

/** Start the gRPC server on a free loopback port; resolves to the port. */
export async function startProviderServer(
  opts: ProviderServerOptions = {},
): Promise<{ port: number; server: grpc.Server; provider: WecomProvider }> {
  const provider = new WecomProvider(opts);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(providerGrpc.ResourceProviderService, provider.service() as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { port, server, provider };
}
