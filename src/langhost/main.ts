/**
 * A Node.js language host (`pulumi-language-nodejs`) for the Pulumi CLI, in TypeScript.
 *
 * Why this exists: Pulumi's own language host is a Go module (sdk/nodejs/cmd/pulumi-language-nodejs/v3)
 * that the Go module proxy reachable here refuses to serve (403 for every version), while the CLI itself
 * (pkg/v3) is served and built by scripts/setup-pulumi.sh. The engine talks to a language host over the
 * LanguageRuntime gRPC service; running the program is done by `@pulumi/pulumi/cmd/run`, which ships in the
 * npm package. So this host does what the Go host's `Run` does — spawn `node <sdk>/cmd/run` with the
 * monitor/engine addresses, project, stack, config and dry-run flag — and answers the discovery RPCs.
 * A real `pulumi-language-nodejs` on PATH always wins over this one (scripts/env.sh). See docs/decisions.md.
 *
 * Protocol: started as `pulumi-language-nodejs [flags] <engine-address>`; prints the port it listens on as
 * its first stdout line; serves until the engine kills it.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { watchEngine } from "../pulumi/engine-health";

// Deep imports: @pulumi/pulumi ships the generated gRPC stubs and has no "exports" map (pulumi-notes §1.2).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const languageGrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const languagePb = require("@pulumi/pulumi/proto/language_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");

/** Exit code `@pulumi/pulumi/cmd/run` uses after it already logged a user-actionable error. */
const EXIT_AFTER_LOGGED_ERROR = 32;

const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

type Callback = (err: grpc.ServiceError | null, value?: unknown) => void;

interface ParsedArgs {
  engineAddress: string;
  tracing: string;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let tracing = "";
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-tracing" || a === "--tracing") tracing = argv[++i] ?? "";
    else if (a.startsWith("-tracing=") || a.startsWith("--tracing=")) tracing = a.slice(a.indexOf("=") + 1);
    else if (a === "-root" || a === "--root")
      i++; // the project root; the RunRequest carries it too
    else if (a.startsWith("-"))
      continue; // logging flags (--logtostderr, -v=N, --logflow): nothing to do
    else rest.push(a);
  }
  return { engineAddress: rest[0] ?? "", tracing };
}

/** Resolve `@pulumi/pulumi/cmd/run` from the program directory first (the program's own SDK copy). */
function resolveRunPath(programDirectory: string): string {
  if (process.env["PULUMI_LANGUAGE_NODEJS_RUN_PATH"]) return process.env["PULUMI_LANGUAGE_NODEJS_RUN_PATH"];
  try {
    return require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
  } catch {
    return require.resolve("@pulumi/pulumi/cmd/run");
  }
}

function structToObject(s: { toJavaScript(): Record<string, unknown> } | undefined): Record<string, unknown> {
  return s ? s.toJavaScript() : {};
}

/** The argument list and environment the Go host builds for `cmd/run` (constructArguments/constructEnv). */
export function runCommand(
  req: {
    monitor: string;
    engine: string;
    organization: string;
    project: string;
    stack: string;
    pwd: string;
    rootDirectory: string;
    programDirectory: string;
    entryPoint: string;
    dryRun: boolean;
    parallel: number;
    args: string[];
    config: Record<string, string>;
    configSecretKeys: string[];
    options: Record<string, unknown>;
  },
  tracing: string,
): { args: string[]; env: Record<string, string> } {
  const args = [resolveRunPath(req.programDirectory)];
  const add = (k: string, v: string) => {
    if (v) args.push(`--${k}`, v);
  };
  add("monitor", req.monitor);
  add("engine", req.engine);
  add("organization", req.organization);
  add("project", req.project);
  add("root-directory", req.rootDirectory);
  add("stack", req.stack);
  add("pwd", req.pwd);
  if (req.dryRun) args.push("--dry-run");
  add("parallel", String(req.parallel));
  add("tracing", tracing);
  const program =
    req.entryPoint && req.entryPoint !== "."
      ? path.join(req.programDirectory, req.entryPoint)
      : req.programDirectory || ".";
  args.push(program, ...req.args);

  const env: Record<string, string> = {
    PULUMI_CONFIG: JSON.stringify(req.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.configSecretKeys),
  };
  // Runtime options from Pulumi.yaml (`runtime.options`), as the Go host maps them.
  const ts = req.options["typescript"];
  env["PULUMI_NODEJS_TYPESCRIPT"] = ts === false ? "false" : "true";
  if (typeof req.options["tsconfig"] === "string")
    env["PULUMI_NODEJS_TSCONFIG_PATH"] = req.options["tsconfig"];
  if (req.options["transpileOnly"] === true) env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true";
  return { args, env };
}

/** Programs being run: stopped when the engine is gone. */
const running = new Set<ReturnType<typeof spawn>>();

function handlers(engineAddress: string, tracing: string) {
  const unimplemented = (name: string) => (_call: unknown, cb: Callback) =>
    cb({
      code: grpc.status.UNIMPLEMENTED,
      details: `${name} is not supported by this language host`,
    } as grpc.ServiceError);

  return {
    handshake(call: { request: { getRootDirectory(): string } }, cb: Callback) {
      cb(null, new languagePb.LanguageHandshakeResponse());
    },
    getPluginInfo(_call: unknown, cb: Callback) {
      const info = new pluginPb.PluginInfo();
      info.setVersion(SDK_VERSION);
      cb(null, info);
    },
    // The program depends on @pulumi/pulumi only; its one provider (wecom) is a project plugin declared in
    // Pulumi.yaml, which the engine resolves itself. Answering "nothing required" also guarantees the
    // engine never tries to download a plugin.
    getRequiredPlugins(_call: unknown, cb: Callback) {
      cb(null, new languagePb.GetRequiredPluginsResponse());
    },
    getRequiredPackages(_call: unknown, cb: Callback) {
      cb(null, new languagePb.GetRequiredPackagesResponse());
    },
    getProgramDependencies(_call: unknown, cb: Callback) {
      const res = new languagePb.GetProgramDependenciesResponse();
      const dep = new languagePb.DependencyInfo();
      dep.setName("@pulumi/pulumi");
      dep.setVersion(SDK_VERSION);
      res.setDependenciesList([dep]);
      cb(null, res);
    },
    about(_call: unknown, cb: Callback) {
      const res = new languagePb.AboutResponse();
      res.setExecutable(process.execPath);
      res.setVersion(process.version);
      cb(null, res);
    },
    runtimeOptionsPrompts(_call: unknown, cb: Callback) {
      cb(null, new languagePb.RuntimeOptionsResponse());
    },
    // Dependencies are installed by the project's own set-up (scripts/setup.sh), never by the engine.
    installDependencies(call: grpc.ServerWritableStream<unknown, unknown>) {
      call.end();
    },
    cancel(_call: unknown, cb: Callback) {
      cb(null, new emptyPb.Empty());
    },
    run(call: { request: any }, cb: Callback) {
      const r = call.request;
      const info = r.getInfo();
      const configMap: Record<string, string> = {};
      r.getConfigMap().forEach((v: string, k: string) => {
        configMap[k] = v;
      });
      const { args, env } = runCommand(
        {
          monitor: r.getMonitorAddress(),
          engine: engineAddress,
          organization: r.getOrganization(),
          project: r.getProject(),
          stack: r.getStack(),
          pwd: r.getPwd(),
          rootDirectory: info ? info.getRootDirectory() : r.getPwd(),
          programDirectory: info ? info.getProgramDirectory() : r.getPwd(),
          entryPoint: info ? info.getEntryPoint() : r.getProgram(),
          dryRun: r.getDryrun(),
          parallel: r.getParallel(),
          args: r.getArgsList(),
          config: configMap,
          configSecretKeys: r.getConfigsecretkeysList(),
          options: info ? structToObject(info.getOptions()) : {},
        },
        tracing,
      );
      // The program's stdout/stderr go to ours, which the engine forwards to the user.
      const child = spawn(process.execPath, args, {
        cwd: r.getPwd() || process.cwd(),
        env: { ...process.env, ...env },
        stdio: ["ignore", "inherit", "inherit"],
      });
      running.add(child);
      child.on("close", () => running.delete(child));
      child.on("error", (err) => {
        const res = new languagePb.RunResponse();
        res.setError(`could not run the program with ${process.execPath}: ${err.message}`);
        cb(null, res);
      });
      child.on("exit", (code, signal) => {
        const res = new languagePb.RunResponse();
        if (code === EXIT_AFTER_LOGGED_ERROR) res.setBail(true);
        else if (code !== 0) res.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
        cb(null, res);
      });
    },
    runPlugin: unimplemented("RunPlugin"),
    template: unimplemented("Template"),
    generateProgram: unimplemented("GenerateProgram"),
    generateProject: unimplemented("GenerateProject"),
    generatePackage: unimplemented("GeneratePackage"),
    pack: unimplemented("Pack"),
    link: unimplemented("Link"),
  };
}

export async function serve(argv: readonly string[]): Promise<void> {
  const { engineAddress, tracing } = parseArgs(argv);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(languageGrpc.LanguageRuntimeService, handlers(engineAddress, tracing) as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  // The engine reads the port from our first stdout line.
  fs.writeSync(1, `${port}\n`);
  // Stop with the engine (issue 8): an orphaned host and program would run on after `pulumi` was killed.
  watchEngine(engineAddress, (why) => {
    process.stderr.write(`pulumi-language-nodejs: ${why}; stopping the program\n`);
    for (const child of running) child.kill("SIGKILL");
    server.forceShutdown();
    process.exit(1);
  });
}

if (require.main === module) {
  serve(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`pulumi-language-nodejs: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
