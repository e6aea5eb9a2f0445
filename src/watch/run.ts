/**
 * `wecom-policy watch`: receive WeCom's change callbacks, run the drift check on just what an event can
 * affect (debounced: a burst is one check), and alert what is new — stdout and a file as JSON lines, a
 * WeCom group robot as Markdown. The stack is chosen as for `drift`; the callback Token and EncodingAESKey
 * (and the robot key) come from the stack's secret config or the environment and are never printed.
 */
import type { DriftScope } from "../drift/run";
import { runDrift } from "../drift/run";
import { parseStackExport, readingAgainIfTorn } from "../pulumi/stack-export";
import type { PulumiWorkspace } from "../pulumi/workspace";
import { alertMarkdown } from "../report/watch";
import { readStackSettings, unreachableTenant, type StackSettings } from "../tenant";
import type { Lang } from "../text";
import { CallbackCryptoError, callbackKeys, type CallbackKeys } from "../wecom/callback-crypto";
import type { CallbackEvent } from "../wecom/callback-events";
import { CONSOLE } from "../wecom/console-paths";
import { OpenAlerts } from "./alerts";
import { Debouncer } from "./debounce";
import { describe, startReceiver, type Receiver } from "./receiver";
import { indexStack, mergeScopes, scopeOf, type StackIndex } from "./scope";
import { fileSink, jsonLinesSink, robotSink, type AlertSink } from "./sinks";

/** Stack config keys (namespace `wecom-policy`) and their environment fallbacks; all secrets. */
export const WATCH_SECRETS = {
  token: { config: "wecom-policy:callbackToken", env: "WECOM_CALLBACK_TOKEN" },
  encodingAesKey: { config: "wecom-policy:callbackEncodingAesKey", env: "WECOM_CALLBACK_ENCODING_AES_KEY" },
  robotKey: { config: "wecom-policy:robotKey", env: "WECOM_ROBOT_KEY" },
} as const;

/** How often the stack's resources are re-read (`pulumi stack export`). */
const INDEX_REFRESH_MS = 5 * 60_000;

export interface WatchOptions {
  host: string;
  port: number;
  lang: Lang;
  /** Also append alerts as JSON lines to this file. */
  alertFile?: string;
  /** Write alerts to stdout as JSON lines (default true). */
  stdoutAlerts?: boolean;
  /** A burst ends after this long without a new event (ms). */
  quietMs: number;
  /** …or this long after its first event (ms). */
  maxWaitMs: number;
  /** Days of the admin log searched for who made a change. */
  sinceDays: number;
  archiveDir?: string;
  stdout: (text: string) => void;
  /** Log lines (stderr): one per event, check, refusal, delivery. */
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /**
   * Why `wecom:baseUrl` cannot be reached, or undefined (default: one TCP connection, src/tenant
   * unreachableTenant). Asked at start-up and after a failed check, not before every check.
   */
  probe?: (cfg: StackSettings["provider"]) => Promise<string | undefined>;
}

export interface WatchHandle {
  url: string;
  /** Stop accepting callbacks, finish the check in progress (and one for events already acknowledged), deliver alerts. */
  stop(): Promise<void>;
}

interface Received {
  event: CallbackEvent;
  at: number;
}

function secret(
  s: StackSettings,
  env: NodeJS.ProcessEnv,
  which: keyof typeof WATCH_SECRETS,
): string | undefined {
  const { config, env: name } = WATCH_SECRETS[which];
  const v = s.tool[config.slice("wecom-policy:".length)] ?? env[name];
  return v === undefined || v === "" ? undefined : v;
}

/** The callback keys from the stack or the environment, or every problem with them (no value printed). */
export function watchKeys(
  s: StackSettings,
  env: NodeJS.ProcessEnv,
): { keys: CallbackKeys } | { error: string } {
  const token = secret(s, env, "token");
  const aes = secret(s, env, "encodingAesKey");
  const missing = (["token", "encodingAesKey"] as const)
    .filter((k) => (k === "token" ? token : aes) === undefined)
    .map(
      (k) =>
        `the callback ${k === "token" ? "Token" : "EncodingAESKey"} is not configured: \`pulumi config set --secret ${WATCH_SECRETS[k].config}\` (or ${WATCH_SECRETS[k].env}) / 未配置回调 ${k === "token" ? "Token" : "EncodingAESKey"}`,
    );
  if (missing.length)
    return {
      error: [
        ...missing,
        `WeCom shows them where the callback is set: ${CONSOLE.contactsCallback.en} / ${CONSOLE.contactsCallback.zh}`,
      ].join("\n"),
    };
  try {
    return { keys: callbackKeys(token!, aes!) };
  } catch (err) {
    if (err instanceof CallbackCryptoError)
      return { error: `${err.message} / 回调 Token 或 EncodingAESKey 格式不正确` };
    throw err;
  }
}

async function readIndex(ws: PulumiWorkspace): Promise<StackIndex> {
  // Beside someone's `pulumi up`, the export can catch the checkpoint mid-write: read again then.
  const r = await readingAgainIfTorn(async () => {
    const out = await ws.run(["stack", "export", "--stack", ws.stack, "--non-interactive"]);
    if (out.code !== 0) throw new Error(`pulumi stack export failed: ${(out.stderr || out.stdout).trim()}`);
    return out;
  });
  return indexStack(parseStackExport(r.stdout).resources);
}

export async function startWatch(
  ws: PulumiWorkspace,
  opts: WatchOptions,
): Promise<WatchHandle | { error: string }> {
  const env = opts.env ?? process.env;
  let settings: StackSettings;
  try {
    settings = await readStackSettings(ws, env);
  } catch (err) {
    return {
      error: `the stack's configuration could not be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const keys = watchKeys(settings, env);
  if ("error" in keys) return keys;
  const probe = opts.probe ?? unreachableTenant;
  const down = await probe(settings.provider);
  if (down) return { error: down };
  let index: StackIndex;
  try {
    index = await readIndex(ws);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const refreshIndex = async (): Promise<void> => {
    try {
      index = await readIndex(ws);
    } catch (err) {
      opts.log(
        `could not re-read the stack's resources (keeping the last): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };

  const sinks: AlertSink[] = [];
  if (opts.stdoutAlerts !== false) sinks.push(jsonLinesSink(opts.stdout));
  if (opts.alertFile) sinks.push(fileSink(opts.alertFile));
  const robotKey = secret(settings, env, "robotKey");
  if (robotKey) sinks.push(robotSink({ baseUrl: settings.provider.baseUrl, key: robotKey, log: opts.log }));

  const open = new OpenAlerts();
  let checks = 0;

  async function check(batch: Received[]): Promise<void> {
    let scopes = batch.map((r) => scopeOf(r.event, index));
    // A tag the stack created since the index was read: read it again once.
    if (batch.some((r, i) => r.event.kind === "tag" && scopes[i] === undefined)) {
      await refreshIndex();
      scopes = batch.map((r) => scopeOf(r.event, index));
    }
    const events = batch.map((r) => describe(r.event));
    const inScope = scopes.filter((s): s is DriftScope => s !== undefined);
    if (inScope.length === 0) {
      opts.log(
        `${batch.length} event(s) touch nothing the stack governs (${events.slice(0, 3).join("; ")}): no check`,
      );
      return;
    }
    const scope = mergeScopes(inScope);
    const n = ++checks;
    const names = scope.targets.map((u) => u.split("::").slice(2).join(" ").replace("wecom:index:", ""));
    opts.log(
      `check #${n}: ${batch.length} event(s) → ${names.join(", ") || "no resource"}; controls ${[...scope.controls].join(", ") || "none"}`,
    );
    const t0 = Date.now();
    const outcome = await runDrift(ws, {
      now: new Date(),
      sinceDays: opts.sinceDays,
      scope,
      // Role, MemberStatus, ArchiveScope and AppAccess are compared from the tenant snapshot, without Pulumi.
      state: index.resources,
      settings,
      env,
      // Probed at start-up; probed again below when a check fails, to say why in one line.
      probe: false,
      ...(opts.archiveDir ? { archiveDir: opts.archiveDir } : {}),
    });
    if (!("report" in outcome)) {
      opts.log(`check #${n} failed after ${Date.now() - t0} ms: ${outcome.error}`);
      const why = await probe(settings.provider);
      if (why) opts.log(why);
      // A resource `pulumi up` removed since the last read is a target pulumi no longer knows.
      await refreshIndex();
      return;
    }
    const r = outcome.report;
    const alerts = open.update(r, scope, {
      events,
      eventAt: new Date(batch[0]!.at).toISOString(),
      agentIds: index.agentIdByUrn,
    });
    const failing = r.law.filter((f) => f.status === "fail" && f.severity === "mandatory").length;
    opts.log(
      `check #${n} done in ${Date.now() - t0} ms: ${r.items.length} drift item(s), ${failing} failing mandatory control(s), ${alerts.length} new alert(s) (resources read directly: ${outcome.compared.direct}, through pulumi preview: ${outcome.compared.preview})`,
    );
    if (alerts.length) {
      const md = alertMarkdown(alerts, opts.lang);
      for (const s of sinks) s.emit(alerts, md);
    }
  }
  // Resources come and go only with `pulumi up`: re-read them now and then, and at once for an unknown tag
  // (above), rather than after every check, where it would compete with the next one for the CPU.
  const reindex = setInterval(() => void refreshIndex(), INDEX_REFRESH_MS);
  reindex.unref();

  const debouncer = new Debouncer<Received>({
    quietMs: opts.quietMs,
    maxWaitMs: opts.maxWaitMs,
    // A check that throws (pulumi could not be started…) is logged; watch goes on with the next events.
    run: (batch) =>
      check(batch).catch((err: unknown) =>
        opts.log(`check failed: ${err instanceof Error ? err.message : String(err)}`),
      ),
  });
  let stopping = false;
  let receiver: Receiver;
  try {
    receiver = await startReceiver(opts.host, opts.port, {
      keys: keys.keys,
      corpId: settings.provider.corpId,
      log: opts.log,
      ready: () => !stopping,
      onEvent: (event) => {
        if (stopping) return;
        if (event.kind === "other")
          opts.log(`event ${describe(event)} not understood: acknowledged, nothing to check`);
        else opts.log(`event ${describe(event)}`);
        debouncer.add({ event, at: Date.now() });
      },
    });
  } catch (err) {
    return {
      error: `cannot listen on ${opts.host}:${opts.port}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  let stopped: Promise<void> | undefined;
  return {
    url: receiver.url,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearInterval(reindex);
        await receiver.close();
        await debouncer.drain();
        await Promise.all(sinks.map((s) => s.flush(10_000)));
      })();
      return stopped;
    },
  };
}
