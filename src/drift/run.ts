/**
 * The drift check: `pulumi preview --refresh --expect-no-changes --json --show-sames` with the provider in
 * read-only mode (WECOM_POLICY_READ_ONLY=1 — it refuses every write endpoint), then one item per drifted
 * member or field with the controls it touches and who changed it (only from an admin-log entry about the
 * same object). The admin log of the searched span is read once — from the `logs sync` archive where it
 * covers the span, WeCom's API for the rest — and serves both attribution and the law check (WC.ACC.3).
 *
 * `watch` narrows the check to what an event can affect and, for the resource types the tenant snapshot can
 * decide, compares without Pulumi (./direct.ts; docs/decisions.md). Scheduled `drift` always previews.
 */
import { EXIT } from "../cli/exit-codes";
import type { DriftReport } from "../generated/drift-report";
import type { ProviderConfig } from "../provider/config";
import type { StackResource } from "../pulumi/stack-export";
import type { PulumiWorkspace } from "../pulumi/workspace";
import { openArchive } from "../logs/archive";
import { readAdminLogs, type AdminLogRead } from "../logs/read";
import { hasSecurityLogApp } from "../logs/source";
import { loadPolicies, type PolicyModel } from "../policy";
import type { LiveSnapshot } from "../rules/live-snapshot";
import { CONSOLE } from "../wecom/console-paths";
import type { Bilingual } from "../text";
import type { ControlId } from "../rules";
import { hasLeft } from "../rules/context";
import { cstDay } from "../rules/dates";
import {
  clientFromConfig,
  configFromStack,
  reachOf,
  readStackSettings,
  readTenant,
  unreachableTenant,
  type StackSettings,
} from "../tenant";
import { today } from "../today";
import type { AdminOperLog } from "../wecom/types";
import type { ProgressSink } from "../progress";
import { oldestLogStart } from "../wecom/log-windows";
import { driftItems, type PreviewJson, type PreviewStep } from "./analyse";
import { DIRECT_TYPES, directSteps } from "./direct";
import { attribute } from "./attribution";
import { driftFindings, driftLaw, itemLaw } from "./law";

/** Exit codes of `wecom-policy drift` (DESIGN §1, src/cli/exit-codes.ts): in sync, drift (or a mandatory control fails), error. */
export const DRIFT_EXIT = { inSync: EXIT.ok, drift: EXIT.failed, error: EXIT.error } as const;

/** `wecom-policy drift --json` output: the type generated from schemas/drift-report.schema.json. */
export type { DriftReport } from "../generated/drift-report";
export type DriftReportItem = DriftReport["items"][number];

export interface DriftOptions {
  now: Date;
  /** How far back to read the admin log, in days (WeCom keeps 180). */
  sinceDays: number;
  env?: NodeJS.ProcessEnv;
  /** Read the admin log from the API; default: with the stack's security app through the snapshot's client. */
  readLogs?: (cfg: ProviderConfig, startSec: number, endSec: number) => Promise<AdminOperLog[]>;
  /** The stack's operation-log archive (`logs sync`): read where it covers the span, the API for the rest. */
  archiveDir?: string;
  /** Check only part of the stack (`wecom-policy watch`): default, everything. */
  scope?: DriftScope;
  /** The stack's settings when the caller has read them already (`watch` reads them once). */
  settings?: StackSettings;
  /**
   * With a `scope`: the stack's last checkpoint (`pulumi stack export`, which `watch` keeps). The targets
   * the tenant snapshot can decide are then compared directly, without `pulumi preview` (./direct.ts).
   */
  state?: readonly StackResource[];
  /**
   * Probe `wecom:baseUrl` (one TCP connection) before anything else. Default true; `watch` probes once at
   * start-up and again after a failed check instead of before every check.
   */
  probe?: boolean;
  /** The live progress line (a terminal only): the tenant read's counts and waits for WeCom's limits. */
  progress?: ProgressSink;
}

/**
 * A targeted check: only these resources are compared — from the tenant snapshot where `state` is given
 * and it can decide (./direct.ts), else refreshed with `pulumi preview --target`, so the provider reads
 * nothing else — and only these controls are reported among the law's findings. Items, citations and
 * attribution are the full check's.
 */
export interface DriftScope {
  /** Resource URNs from the stack's state. */
  targets: readonly string[];
  controls: ReadonlySet<ControlId>;
}

export type DriftOutcome =
  | {
      code: typeof DRIFT_EXIT.inSync | typeof DRIFT_EXIT.drift;
      report: DriftReport;
      /** How many target resources were compared from the tenant snapshot, and how many previewed ("all": the whole stack). */
      compared: { direct: number; preview: number | "all" };
    }
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

export async function runDrift(ws: PulumiWorkspace, opts: DriftOptions): Promise<DriftOutcome> {
  const env = opts.env ?? process.env;
  let settings: StackSettings;
  try {
    settings = opts.settings ?? (await readStackSettings(ws, env));
  } catch (err) {
    return {
      code: DRIFT_EXIT.error,
      error: `the stack's configuration could not be read / 无法读取堆栈配置: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  // An unreachable wecom:baseUrl is one message, not one failed read per resource in pulumi's JSON.
  const down = opts.probe === false ? undefined : await unreachableTenant(settings.provider);
  if (down) return { code: DRIFT_EXIT.error, error: down };
  // The admin log is read once for [start, end] — from the local archive where it covers the span, the API
  // for the rest — and shared by attribution and the law check (WC.ACC.3, through the tenant snapshot).
  const end = Math.floor(opts.now.getTime() / 1000);
  const start = Math.max(end - opts.sinceDays * 86_400, oldestLogStart(end));
  // The preview and the law's reads are independent: run them side by side. They draw on one WeCom call
  // budget: ws.run hands the preview's provider plugin this process's budget coordinator (issue 12,
  // src/wecom/budget-share.ts), so together they stay under each per-minute limit.
  const lawRead = readLaw(
    ws,
    settings,
    {
      start,
      end,
      ...(opts.readLogs ? { readLogs: opts.readLogs } : {}),
      ...(opts.archiveDir !== undefined ? { archiveDir: opts.archiveDir } : {}),
    },
    opts.progress,
  );
  const updatedAt = lastUpdate(ws).catch(() => 0);
  const ended = () => Promise.all([settle(lawRead), settle(updatedAt)]);
  // watch: the resources the tenant snapshot decides are compared without Pulumi (./direct.ts); the
  // rest is previewed, side by side with the law's reads. A scope with no resources previews nothing (no
  // --target would mean "all").
  const state = opts.scope !== undefined ? opts.state : undefined;
  const typeOf = new Map((state ?? []).map((r) => [r.urn, r.type.replace(/^wecom:index:/, "")]));
  const direct = state ? opts.scope!.targets.filter((u) => DIRECT_TYPES.has(typeOf.get(u) ?? "")) : [];
  const previewed = opts.scope?.targets.filter((u) => !direct.includes(u));
  const preview =
    previewed === undefined || previewed.length > 0 ? previewSteps(ws, previewed) : Promise.resolve(NO_STEPS);
  const steps: PreviewStep[] = [];
  let decidedCount = 0;
  let previewCount = previewed?.length ?? 0;
  if (direct.length) {
    const law = await lawRead;
    const decided =
      "error" in law ? undefined : directSteps(direct, state!, law.model, law.snapshot, law.now);
    // A failed read is reported below, as without the direct check.
    const rest = decided?.undecided.length ? await previewSteps(ws, decided.undecided) : NO_STEPS;
    if ("error" in rest) {
      await Promise.all([ended(), preview]);
      return { code: DRIFT_EXIT.error, error: rest.error };
    }
    steps.push(...(decided?.steps ?? []), ...rest.steps);
    decidedCount = decided?.steps.length ?? 0;
    previewCount += decided?.undecided.length ?? 0;
  }
  const more = await preview;
  if ("error" in more) {
    // The law's reads (and `stack history`) run side by side with the preview: let them end before
    // returning, so nothing runs on in the background after the check (the command's exit, or watch's
    // next check, would race it).
    await ended();
    return { code: DRIFT_EXIT.error, error: more.error };
  }
  const json: PreviewJson = { steps: [...steps, ...more.steps] };
  const items = driftItems(json);
  const notes: DriftReport["notes"] = [];

  // Everything the stack knows about each policy key (AppSettings and AppAccess share an app's key). The
  // preview lists every resource (untargeted ones as "same" with their recorded outputs); the direct check
  // only its targets, so the recorded outputs come first — an app's name, for attribution, is AppSettings'.
  const byName = new Map<string, Record<string, unknown>>();
  for (const r of state ?? []) {
    const name = r.urn.split("::")[3] ?? "";
    byName.set(name, { ...(byName.get(name) ?? {}), ...r.outputs });
  }
  for (const s of json.steps ?? []) {
    const name = s.urn.split("::")[3] ?? "";
    byName.set(name, { ...(byName.get(name) ?? {}), ...outputsOf(s) });
  }

  const law = await lawRead;
  if ("error" in law) return { code: DRIFT_EXIT.error, error: law.error };
  const logs = law.adminLog && "logs" in law.adminLog ? law.adminLog.logs : null;
  if (items.length) {
    const read = law.adminLog;
    if (!read) {
      notes.push({
        en: "Who changed what is unknown: configure wecom:securityAgentId and that app's secret in wecom:appSecrets (the app must be allowed to read the admin operation log).",
        zh: "无法确定变更人：请配置 wecom:securityAgentId 及该应用在 wecom:appSecrets 中的 Secret（该应用须有读取管理端操作日志的权限）。",
      });
    } else if ("error" in read) {
      const m = read.error instanceof Error ? read.error.message : String(read.error);
      notes.push({
        en: `The admin operation log could not be read: ${m}`,
        zh: `无法读取管理端操作日志：${m}`,
      });
    } else {
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
    }
  }

  // The law: the stack's policy files and one read-only snapshot of the tenant, judged on the stack's day.
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
  const unrostered = notInRoster(law.model, law.snapshot);
  if (unrostered.length) notes.push(unrosteredNote(unrostered));
  for (const g of Object.values(law.snapshot.gaps ?? {}))
    notes.push({ zh: `部分控制项无法检查：${g.zh}`, en: `Some controls cannot be checked: ${g.en}` });
  const drifted = items.length > 0 || breach;
  return {
    code: drifted ? DRIFT_EXIT.drift : DRIFT_EXIT.inSync,
    compared: { direct: decidedCount, preview: previewed === undefined ? "all" : previewCount },
    report: {
      version: 2,
      stack: ws.stack,
      checkedAt: opts.now.toISOString(),
      status: drifted ? "drift" : "in-sync",
      items: reportItems,
      law: lawFindings,
      ...(unrostered.length ? { membersNotInRoster: unrostered } : {}),
      notes,
    },
  };
}

/**
 * Members WeCom lists whose userid (case-insensitive) is not in the roster, sorted. Drift finds them from
 * the snapshot it reads anyway; MemberStatus carries only the roster's digest (issue 12), so they are
 * listed here and not in the state.
 */
export function notInRoster(model: PolicyModel, snapshot: Pick<LiveSnapshot, "members">): string[] {
  const rostered = new Set(model.people.members.map((p) => p.userId.toLowerCase()));
  return snapshot.members
    .map((m) => m.userId)
    .filter((u) => !rostered.has(u.toLowerCase()))
    .sort(); // code-unit order, as a < b
}

const SHOWN = 10;

function unrosteredNote(ids: readonly string[]): Bilingual {
  const shown = ids.slice(0, SHOWN);
  const more = ids.length - shown.length;
  return {
    en:
      `${ids.length} member(s) in WeCom are not in the HR roster (people.yaml): ${shown.join(", ")}` +
      `${more ? ` and ${more} more` : ""} (all in the JSON report's membersNotInRoster). Nothing touches them: ` +
      `add them to the roster, or disable or delete them in WeCom (${CONSOLE.memberDisable.en}; ${CONSOLE.memberDelete.en}).`,
    zh:
      `企业微信中有 ${ids.length} 名成员不在人事花名册（people.yaml）中：${shown.join("、")}` +
      `${more ? ` 等（另有 ${more} 名）` : ""}（完整名单见 JSON 报告的 membersNotInRoster）。工具不会处理这些成员：` +
      `请将其加入花名册，或在企业微信中禁用或删除（${CONSOLE.memberDisable.zh}；${CONSOLE.memberDelete.zh}）。`,
  };
}

/** What drift's law check needs to know about the admin-log span (Unix seconds) and where to read it. */
interface LogSpan extends Pick<DriftOptions, "readLogs" | "archiveDir"> {
  start: number;
  end: number;
}

/**
 * The stack's policy files, the admin log of the span (read once: `undefined` when no security-log app is
 * configured) and a read-only snapshot of its tenant built with that log, at the stack's legal day.
 */
async function readLaw(ws: PulumiWorkspace, settings: StackSettings, span: LogSpan, sink?: ProgressSink) {
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
  const client = clientFromConfig(cfg, { readOnly: true });
  let adminLog: AdminLogRead | { error: unknown } | undefined;
  if (hasSecurityLogApp(cfg))
    try {
      adminLog = await readAdminLogs(
        span.start,
        span.end,
        (from, to) =>
          span.readLogs ? span.readLogs(cfg, from, to) : client.listAdminOperLogs({ start: from, end: to }),
        span.archiveDir !== undefined ? openArchive(span.archiveDir) : undefined,
      );
    } catch (err) {
      adminLog = { error: err };
    }
  try {
    const snapshot = await readTenant(client, {
      corpId: cfg.corpId,
      reach: reachOf(cfg),
      now,
      memberDetails: model.people.members.filter((p) => hasLeft(p, day)).map((p) => p.userId),
      // WC.ACC.3 in drift: permission changes within the searched window, from the log read above.
      previousCheckAt: new Date(span.start * 1000).toISOString(),
      ...(adminLog ? { adminLogRead: adminLog } : {}),
      ...(sink ? { sink, label: { zh: "漂移检查", en: "drift" } } : {}),
    });
    return { model, sources, snapshot, now, adminLog };
  } catch (err) {
    return { error: `reading the tenant failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * What a failed `pulumi preview --json` says, for a person: each distinct error once with how many resources
 * reported it (pulumi repeats one cause per resource), never the JSON itself; a few lines at most.
 */
export function previewFailure(stdout: string, stderr: string): string {
  const counts = new Map<string, number>();
  let parsed: { diagnostics?: { message?: string; severity?: string }[] } | undefined;
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  for (const d of parsed?.diagnostics ?? []) {
    if (d.severity !== "error" || !d.message) continue;
    for (const line of d.message.split("\n")) {
      const m = line.replace(/\x1b\[[0-9;]*m/g, "").trim();
      // pulumi's own trailer ("update failed", a preview summary) says nothing the lines above do not.
      if (!m || /^(error: )?(preview|update) failed$/.test(m)) continue;
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
  }
  const text = stderr.trim() || (parsed ? "" : stdout.trim());
  for (const line of text.split("\n")) {
    const m = line.trim();
    if (m && !m.startsWith("{") && !/^(error: )?(preview|update) failed$/.test(m))
      counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const lines = [...counts].map(([m, n]) => (n > 1 ? `${m} (×${n})` : m));
  const shown = lines.slice(0, 8);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
  return `pulumi preview failed / pulumi preview 失败:\n${shown.map((l) => `  ${l}`).join("\n") || "  (no message)"}`;
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

const NO_STEPS = { steps: [] as PreviewStep[] } as const;

/**
 * `pulumi preview --refresh --expect-no-changes --json --show-sames` in read-only mode, of the whole stack
 * or of `targets` (URNs) only: its steps, or what its failure says for a person.
 */
async function previewSteps(
  ws: PulumiWorkspace,
  targets: readonly string[] | undefined,
): Promise<{ steps: PreviewStep[] } | { error: string }> {
  const r = await ws.run(
    [
      "preview",
      "--refresh",
      "--expect-no-changes",
      "--json",
      "--show-sames",
      ...(targets ?? []).flatMap((urn) => ["--target", urn]),
      ...ws.stackArgs(),
    ],
    { env: { WECOM_POLICY_READ_ONLY: "1" } },
  );
  if (r.code === 0 || r.code === 7)
    try {
      return { steps: (JSON.parse(r.stdout) as PreviewJson).steps ?? [] };
    } catch {
      // Not JSON: reported as a failure below.
    }
  return { error: previewFailure(r.stdout, r.stderr) };
}

/** Wait for a promise whose result no longer matters; its failure is the caller's to ignore. */
async function settle(p: Promise<unknown>): Promise<void> {
  await p.then(
    () => undefined,
    () => undefined,
  );
}

const day = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);

function outputsOf(s: PreviewStep): Record<string, unknown> {
  return { ...(s.oldState?.outputs ?? {}), ...(s.newState?.outputs ?? {}) };
}
