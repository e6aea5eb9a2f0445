/**
 * The drift check: `pulumi preview --refresh --expect-no-changes --json --show-sames` with the provider in
 * read-only mode (WECOM_POLICY_READ_ONLY=1 — it refuses every write endpoint), then one item per drifted
 * member or field with the controls it touches and who most likely changed it (admin operation log, read
 * with the security-log app when its secret is configured).
 */
import type { DriftReport } from "../generated/drift-report";
import type { ProviderConfig } from "../provider/config";
import type { PulumiWorkspace } from "../pulumi/workspace";
import { readAdminLogs } from "../logs/read";
import { hasSecurityLogApp, securityLogClient } from "../logs/source";
import { loadPolicies } from "../policy";
import type { ControlId } from "../rules";
import { hasLeft } from "../rules/context";
import { cstDay } from "../rules/dates";
import {
  clientFromConfig,
  configFromStack,
  reachOf,
  readStackSettings,
  readTenant,
  type StackSettings,
} from "../tenant";
import { today } from "../today";
import type { AdminOperLog } from "../wecom/types";
import { LOG_MAX_AGE_SECONDS } from "../wecom/wire";
import { driftItems, type PreviewJson, type PreviewStep } from "./analyse";
import { attribute } from "./attribution";
import { driftFindings, driftLaw, itemLaw } from "./law";

/** Exit codes of `wecom-policy drift` (DESIGN §1): in sync, drift (or a mandatory control fails), error. */
export const DRIFT_EXIT = { inSync: 0, drift: 2, error: 1 } as const;

/** `wecom-policy drift --json` output: the type generated from schemas/drift-report.schema.json. */
export type { DriftReport } from "../generated/drift-report";
export type DriftReportItem = DriftReport["items"][number];

export interface DriftOptions {
  now: Date;
  /** How far back to read the admin log, in days (WeCom keeps 180). */
  sinceDays: number;
  env?: NodeJS.ProcessEnv;
  /** Read the admin log; default: with the stack's security app through WecomClient. */
  readLogs?: (cfg: ProviderConfig, startSec: number, endSec: number) => Promise<AdminOperLog[]>;
  /** The stack's operation-log archive (`logs sync`): read where it covers the span, the API for the rest. */
  archiveDir?: string;
  /** Check only part of the stack (`wecom-policy watch`): default, everything. */
  scope?: DriftScope;
  /** The stack's settings when the caller has read them already (`watch` reads them once). */
  settings?: StackSettings;
}

/**
 * A targeted check: only these resources are refreshed and compared (`pulumi preview --target`, so the
 * provider reads nothing else), and only these controls are reported among the law's findings. Items,
 * citations and attribution are the full check's.
 */
export interface DriftScope {
  /** Resource URNs from the stack's state. */
  targets: readonly string[];
  controls: ReadonlySet<ControlId>;
}

export type DriftOutcome =
  | { code: typeof DRIFT_EXIT.inSync | typeof DRIFT_EXIT.drift; report: DriftReport }
  | { code: typeof DRIFT_EXIT.error; error: string };

/** The stack's provider config (secrets stay in memory), or undefined when it cannot be read. */
export async function stackConfig(
  ws: PulumiWorkspace,
  env: NodeJS.ProcessEnv,
): Promise<ProviderConfig | undefined> {
  try {
    return await configFromStack(ws, env);
  } catch {
    return undefined;
  }
}

async function defaultReadLogs(
  cfg: ProviderConfig,
  startSec: number,
  endSec: number,
): Promise<AdminOperLog[]> {
  return securityLogClient(cfg).listAdminOperLogs({ start: startSec, end: endSec });
}

export async function runDrift(ws: PulumiWorkspace, opts: DriftOptions): Promise<DriftOutcome> {
  const env = opts.env ?? process.env;
  const targets = (opts.scope?.targets ?? []).flatMap((urn) => ["--target", urn]);
  // The preview and the law's reads are independent: run them side by side.
  const lawRead = readLaw(ws, env, opts.sinceDays, opts.settings);
  const updatedAt = lastUpdate(ws).catch(() => 0);
  // A scope with no resources (only controls) reads nothing through Pulumi: no --target would mean "all".
  const skipPreview = opts.scope !== undefined && opts.scope.targets.length === 0;
  const preview = skipPreview
    ? { code: 0, stdout: "{}", stderr: "" }
    : await ws.run(
        [
          "preview",
          "--refresh",
          "--expect-no-changes",
          "--json",
          "--show-sames",
          ...targets,
          ...ws.stackArgs(),
        ],
        { env: { WECOM_POLICY_READ_ONLY: "1" } },
      );
  if (preview.code !== 0 && preview.code !== 7) {
    return { code: DRIFT_EXIT.error, error: (preview.stderr || preview.stdout).trim() };
  }
  let json: PreviewJson;
  try {
    json = JSON.parse(preview.stdout) as PreviewJson;
  } catch {
    return { code: DRIFT_EXIT.error, error: `pulumi did not print its JSON report:\n${preview.stderr}` };
  }
  const items = driftItems(json);
  const notes: DriftReport["notes"] = [];

  // Everything the stack knows about each policy key (AppSettings and AppAccess share an app's key).
  const byName = new Map<string, Record<string, unknown>>();
  for (const s of json.steps ?? []) {
    const name = s.urn.split("::")[3] ?? "";
    byName.set(name, { ...(byName.get(name) ?? {}), ...outputsOf(s) });
  }

  let logs: AdminOperLog[] | null = null;
  const end = Math.floor(opts.now.getTime() / 1000);
  const start = Math.max(end - opts.sinceDays * 86_400, end - LOG_MAX_AGE_SECONDS + 60);
  const law = await lawRead;
  if (items.length) {
    const cfg = "error" in law ? undefined : law.provider;
    if (!cfg || !hasSecurityLogApp(cfg)) {
      notes.push({
        en: "Who changed what is unknown: configure wecom:securityAgentId and that app's secret in wecom:appSecrets (the app must be allowed to read the admin operation log).",
        zh: "无法确定变更人：请配置 wecom:securityAgentId 及该应用在 wecom:appSecrets 中的 Secret（该应用须有读取管理端操作日志的权限）。",
      });
    } else {
      try {
        const read = await readAdminLogs(
          start,
          end,
          (from, to) => (opts.readLogs ?? defaultReadLogs)(cfg, from, to),
          opts.archiveDir,
        );
        logs = read.logs;
        const src = read.archived
          ? {
              en: ` (the local archive to ${day(read.archived.to)}${read.fetched ? ", then WeCom's API" : ""})`,
              zh: `（本地归档至 ${day(read.archived.to)}${read.fetched ? "，其后来自企业微信接口" : ""}）`,
            }
          : { en: "", zh: "" };
        notes.push({
          en: `Attribution from the admin operation log of the last ${opts.sinceDays} days${src.en}: a person is named only when an entry concerns the same object; changes made through the API are not logged by WeCom.`,
          zh: `变更人来自最近 ${opts.sinceDays} 天的管理端操作日志${src.zh}：仅当日志记录涉及同一对象时才给出变更人；通过 API 所做的修改不会记入该日志。`,
        });
      } catch (err) {
        notes.push({
          en: `The admin operation log could not be read: ${err instanceof Error ? err.message : String(err)}`,
          zh: `无法读取管理端操作日志：${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  }

  // The law: the stack's policy files and one read-only snapshot of the tenant, judged on the stack's day.
  if ("error" in law) return { code: DRIFT_EXIT.error, error: law.error };
  const findings = driftFindings(law.model, law.snapshot);
  const since = items.length ? await updatedAt : 0;
  const reportItems: DriftReportItem[] = items.map((item) => {
    const state = byName.get(item.name);
    const cited = itemLaw(item, state, { model: law.model, sources: law.sources, now: law.now, findings });
    // live and declared are JSON values from Pulumi's preview; the schema leaves them open.
    const out: DriftReportItem = { ...(item as DriftReportItem), controls: cited.controls };
    if (cited.reason) out.reason = cited.reason;
    return { ...out, ...attribute(item, { logs, from: start, to: end, lastUpdate: since }, state) };
  });
  const scoped = opts.scope?.controls;
  const lawFindings = driftLaw(law.model, law.sources, law.snapshot).filter(
    (f) => scoped === undefined || scoped.has(f.id as ControlId),
  );
  const breach = lawFindings.some((f) => f.status === "fail" && f.severity === "mandatory");
  for (const g of Object.values(law.snapshot.gaps ?? {}))
    notes.push({ zh: `部分控制项无法检查：${g.zh}`, en: `Some controls cannot be checked: ${g.en}` });
  const drifted = items.length > 0 || breach;
  return {
    code: drifted ? DRIFT_EXIT.drift : DRIFT_EXIT.inSync,
    report: {
      version: 2,
      stack: ws.stack,
      checkedAt: opts.now.toISOString(),
      status: drifted ? "drift" : "in-sync",
      items: reportItems,
      law: lawFindings,
      notes,
    },
  };
}

/** The stack's policy files and a read-only snapshot of its tenant, at the stack's legal day. */
async function readLaw(
  ws: PulumiWorkspace,
  env: NodeJS.ProcessEnv,
  sinceDays: number,
  given?: StackSettings,
) {
  let settings;
  try {
    settings = given ?? (await readStackSettings(ws, env));
  } catch (err) {
    return {
      error: `the stack's configuration could not be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const loaded = await loadPolicies(settings.policiesDir);
  if (!loaded.ok)
    return {
      error: `${loaded.problems.length} problem(s) in ${settings.policiesDir}; run \`wecom-policy validate --dir ${settings.policiesDir}\``,
    };
  let now: Date;
  try {
    now = today(ws.env());
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const { model, sources } = loaded;
  const cfg = settings.provider;
  const day = cstDay(now);
  try {
    const snapshot = await readTenant(clientFromConfig(cfg, { readOnly: true }), {
      corpId: cfg.corpId,
      reach: reachOf(cfg),
      now,
      memberDetails: model.people.members.filter((p) => hasLeft(p, day)).map((p) => p.userId),
      // WC.ACC.3 in drift: permission changes within the searched window.
      previousCheckAt: new Date(Date.now() - sinceDays * 86_400_000).toISOString(),
    });
    return { model, sources, snapshot, now, provider: cfg };
  } catch (err) {
    return { error: `reading the tenant failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** When the stack was last updated (Unix seconds; 0 if never): hand changes that drift came after it. */
async function lastUpdate(ws: PulumiWorkspace): Promise<number> {
  const r = await ws.run([
    "stack",
    "history",
    "--json",
    "--page-size",
    "1",
    "--stack",
    ws.stack,
    "--non-interactive",
  ]);
  if (r.code !== 0) return 0;
  const [last] = JSON.parse(r.stdout || "[]") as { endTime?: string }[];
  const t = last?.endTime ? Date.parse(last.endTime) : NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

const day = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);

function outputsOf(s: PreviewStep): Record<string, unknown> {
  return { ...(s.oldState?.outputs ?? {}), ...(s.newState?.outputs ?? {}) };
}
