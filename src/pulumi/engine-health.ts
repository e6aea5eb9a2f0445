/**
 * Plugins stop with the engine (issue 8). The Pulumi engine starts each plugin (our provider, our language
 * host) with its own gRPC address as the last argument; when `pulumi` is killed it cannot stop them, and an
 * orphaned provider kept writing to WeCom for over a minute. Pulumi's own plugins poll the engine's gRPC
 * health service for this (`rpcutil.Healthcheck` in sdk/go/common/util/rpcutil/health.go, used by
 * pkg/resource/provider/main.go; the engine serves grpc.health.v1 from rpcutil.ServeWithOptions) and cancel
 * when a check fails — UNIMPLEMENTED counts as alive. We do the same, every second rather than Pulumi's five
 * minutes, so a plugin notices within seconds. A slow engine is not a dead one: only a refused connection
 * (UNAVAILABLE) twice in a row, or any other failure three times in a row, counts as gone.
 */
import * as grpc from "@grpc/grpc-js";

export interface EngineWatch {
  stop(): void;
}

export interface EngineWatchOptions {
  /** Between checks, ms (default 1000; WECOM_POLICY_ENGINE_CHECK_MS overrides). */
  intervalMs?: number;
  /** Per-check deadline, ms (default 5000). */
  deadlineMs?: number;
}

const HEALTH_CHECK = "/grpc.health.v1.Health/Check";

/**
 * The engine's address among a plugin's arguments: the first one that is not a flag (the engine passes
 * `--logtostderr`, `-v=N`, `--tracing X`, `--root X` before it; pkg/resource/plugin/plugin.go).
 */
export function engineAddressOf(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--tracing" || a === "-tracing" || a === "--root" || a === "-root") i++;
    else if (!a.startsWith("-")) return a;
  }
  return "";
}

/** The check interval from the environment, else 1 s. */
export function engineCheckIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env["WECOM_POLICY_ENGINE_CHECK_MS"]);
  return Number.isFinite(v) && v > 0 ? v : 1000;
}

/** Calls `onGone` once when the engine at `address` stops answering; never when `address` is empty. */
export function watchEngine(
  address: string,
  onGone: (why: string) => void,
  opts: EngineWatchOptions = {},
): EngineWatch {
  if (!address) return { stop() {} };
  const interval = opts.intervalMs ?? engineCheckIntervalMs();
  const deadline = opts.deadlineMs ?? 5000;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  let stopped = false;
  let unavailable = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(check, interval);
    timer.unref();
  };
  const check = () => {
    // An empty HealthCheckRequest is zero bytes on the wire; the answer's content does not matter.
    client.makeUnaryRequest(
      HEALTH_CHECK,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      { deadline: Date.now() + deadline },
      (err) => {
        if (stopped) return;
        if (!err || err.code === grpc.status.UNIMPLEMENTED) {
          unavailable = failures = 0;
        } else if (err.code === grpc.status.UNAVAILABLE) {
          unavailable++;
          failures++;
        } else {
          unavailable = 0;
          failures++;
        }
        if (unavailable >= 2 || failures >= 3) {
          stopped = true;
          client.close();
          onGone(`the Pulumi engine at ${address} is gone (${err?.details || err?.message})`);
          return;
        }
        schedule();
      },
    );
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      client.close();
    },
  };
}
