/**
 * The `wecom-policy audit` workflow: the stack's provider config and policy directory → the policy files
 * loaded → the tenant read once, read-only (src/tenant) → every control evaluated with waivers → optional
 * evidence directory. The command (src/cli/commands/audit.ts) only parses flags and prints.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { loadPolicies, formatProblems, type Lang } from "../policy";
import type { PulumiWorkspace } from "../pulumi/workspace";
import { NO_PROGRESS, type ProgressSink } from "../progress";
import { hasLeft } from "../rules/context";
import { cstDay } from "../rules/dates";
import {
  clientFromConfig,
  reachOf,
  readStackSettings,
  readTenant,
  unreachableTenant,
  type TenantSnapshot,
} from "../tenant";
import { archiveSnapshot, openArchive } from "../logs/archive";
import { readAdminLogs } from "../logs/read";
import { oldestLogStart } from "../wecom/log-windows";
import type { WecomCallEvent } from "../wecom";
import { evaluateAudit, type AuditReport } from "./evaluate";
import { policyCommit, policyContentHash, writeEvidence } from "./evidence";

export interface AuditOptions {
  now: Date;
  lang: Lang;
  env: NodeJS.ProcessEnv;
  /** Write the evidence directory here. */
  evidenceDir?: string;
  progress?: ProgressSink;
  /**
   * The stack's operation-log archive (`logs sync`), opened once: its coverage is what WC.LOG.1 judges, and
   * WC.ACC.3's admin log is read from it where it covers the window since the last audit, and from WeCom's
   * API only for the rest.
   */
  archiveDir?: string;
  /** Every WeCom call (the benchmark counts them per endpoint). */
  onCall?: (e: WecomCallEvent) => void;
}

export type AuditOutcome =
  | { ok: true; report: AuditReport; snapshot: TenantSnapshot; manifestSha256?: string }
  | { ok: false; error: string };

/** Where audits with evidence are recorded per stack: WC.GOV.4's last report, WC.ACC.3's "since". */
function historyFile(ws: PulumiWorkspace): string {
  return path.join(ws.stateDir, "audits", `${ws.stack}.json`);
}

interface AuditHistory {
  /** When the last audit with an evidence directory ran (ISO 8601). */
  lastAuditAt: string;
  evidenceDir: string;
  manifestSha256: string;
}

async function readHistory(ws: PulumiWorkspace): Promise<AuditHistory | undefined> {
  try {
    return JSON.parse(await fs.readFile(historyFile(ws), "utf8")) as AuditHistory;
  } catch {
    return undefined;
  }
}

export async function runAudit(ws: PulumiWorkspace, opts: AuditOptions): Promise<AuditOutcome> {
  const progress = opts.progress ?? NO_PROGRESS;
  let settings;
  try {
    settings = await readStackSettings(ws, opts.env);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const loaded = await loadPolicies(settings.policiesDir);
  if (!loaded.ok)
    return {
      ok: false,
      error:
        `${loaded.problems.length} problem(s) in ${settings.policiesDir}; run \`wecom-policy validate --dir ${settings.policiesDir}\` / 策略文件有问题:\n` +
        formatProblems(loaded.problems, opts.lang),
    };
  const { model, sources } = loaded;
  const cfg = settings.provider;
  const down = await unreachableTenant(cfg);
  if (down) return { ok: false, error: down };
  const reach = reachOf(cfg);
  const history = await readHistory(ws);
  const today = cstDay(opts.now);
  // The roster's leavers are read in detail (WC.LVR.1 needs their status); everyone else's departments
  // come from user/list_id.
  const leavers = model.people.members.filter((p) => hasLeft(p, today)).map((p) => p.userId);

  let snapshot: TenantSnapshot;
  try {
    const client = clientFromConfig(cfg, {
      readOnly: true,
      ...(opts.onCall ? { onCall: opts.onCall } : {}),
    });
    // WC.ACC.3's window (since the last audit, within WeCom's 180 days; on WeCom's clock, as the log is).
    const end = Math.floor(Date.now() / 1000);
    const since = history?.lastAuditAt ? Math.floor(Date.parse(history.lastAuditAt) / 1000) : 0;
    const start = Math.max(since, oldestLogStart(end));
    const archive = opts.archiveDir !== undefined ? openArchive(opts.archiveDir) : undefined;
    const logArchive = opts.archiveDir !== undefined ? archiveSnapshot(archive) : undefined;
    const adminLogRead =
      reach.security && opts.archiveDir !== undefined
        ? await readAdminLogs(
            start,
            end,
            (from, to) => client.listAdminOperLogs({ start: from, end: to }),
            archive,
          ).catch((error: unknown) => ({ error }))
        : undefined;
    snapshot = await readTenant(client, {
      corpId: cfg.corpId,
      reach,
      now: opts.now,
      memberDetails: leavers,
      previousCheckAt: history?.lastAuditAt ?? null,
      lastComplianceReportAt: history?.lastAuditAt ?? null,
      ...(logArchive ? { logArchive } : {}),
      ...(adminLogRead ? { adminLogRead } : {}),
      sink: progress,
      label: { zh: "审计", en: "audit" },
    });
  } catch (err) {
    return {
      ok: false,
      error: `reading the tenant failed / 读取企业微信失败: ${err instanceof Error ? err.message : String(err)}`,
    };
  }

  const files = sources.files;
  const report = evaluateAudit({
    model,
    sources,
    snapshot,
    stack: ws.stack,
    reach,
    policy: {
      ...(await policyCommit(sources.dir, files)),
      contentHash: await policyContentHash(sources.dir, files),
      files: [...files],
    },
  });
  if (opts.evidenceDir === undefined) return { ok: true, report, snapshot };

  const dir = path.resolve(opts.evidenceDir);
  const { manifestSha256 } = await writeEvidence(dir, { snapshot, report, policiesDir: sources.dir, files });
  const entry: AuditHistory = { lastAuditAt: report.auditedAt, evidenceDir: dir, manifestSha256 };
  await fs.mkdir(path.dirname(historyFile(ws)), { recursive: true });
  await fs.writeFile(historyFile(ws), `${JSON.stringify(entry, null, 2)}\n`);
  return { ok: true, report, snapshot, manifestSha256 };
}
