/**
 * Alerts from a targeted check: one per drifted item and one per failing mandatory control in the check's
 * scope, each saying what changed (the item, and the events that led to the check), who changed it (only
 * when the admin log names someone: drift's attribution), the controls and articles, and the fix — `pulumi
 * up` for what the API can write, the console path for what it cannot, the control's remediation for a
 * failing control. Only what is new is alerted: an alert stays open while later checks of the same scope
 * still find it, and is sent again only after a check found it fixed.
 */
import type { DriftReport, DriftReportItem, DriftScope } from "../drift/run";
import type { LawFinding } from "../drift/law";
import { control, type ControlId } from "../rules";
import type { Bilingual } from "../text";
import { CONSOLE, forApp } from "../wecom/console-paths";

/** One alert, as written to stdout and the alert file (one JSON object a line). */
export interface Alert {
  kind: "drift" | "control";
  stack: string;
  /** When the check ran (ISO 8601). */
  checkedAt: string;
  /** When the first event of the batch arrived (ISO 8601). */
  eventAt: string;
  /** The events behind the check, e.g. `update_tag 105 (+liuyang)`. */
  events: string[];
  /** kind "drift": drift's item, unchanged (changedBy only when the log names someone). */
  item?: DriftReportItem;
  /** kind "control": the failing control, as drift reports it. */
  finding?: LawFinding;
  fix: Bilingual;
}

/** Resource types `pulumi up` writes; the others are observed (console only). */
const MANAGED = new Set(["Role", "AppSettings", "MemberStatus", "CustomerHandover"]);

const UP: Bilingual = {
  zh: "运行 `pulumi up` 恢复为策略声明的值；如确需此改动，请在合并请求中修改策略文件。",
  en: "Run `pulumi up` to restore what the policy declares; if the change is wanted, change the policy files in a pull request instead.",
};

/** How to fix a drifted item: `pulumi up`, or the console path where the API cannot write. */
export function itemFix(item: DriftReportItem, agentId?: number): Bilingual {
  if (MANAGED.has(item.type)) return UP;
  const prop = item.path.split(/[.[]/)[0] ?? "";
  const path =
    item.type === "ArchiveScope"
      ? CONSOLE.archiveRange
      : forApp(prop === "admins" ? CONSOLE.appAdmins : CONSOLE.appVisibleRange, agentId ?? item.name);
  const file = item.type === "ArchiveScope" ? "archive.yaml" : "apps.yaml";
  return {
    zh: `企业微信 API 无法修改此项：请管理员在管理后台改回：${path.zh}；如确需此改动，请在合并请求中修改 ${file}。`,
    en: `The WeCom API cannot write this: change it back in the admin console at ${path.en}; if the change is wanted, change ${file} in a pull request instead.`,
  };
}

/** What identifies an alert across checks. */
function itemKey(i: DriftReportItem): string {
  return `item|${i.urn}|${i.path}|${i.kind}|${JSON.stringify(i.live ?? null)}|${JSON.stringify(i.declared ?? null)}`;
}
function findingKey(f: LawFinding): string {
  return `control|${f.id}|${f.target}`;
}

/**
 * The alerts still open (found by the last check of their scope and not found fixed since). A new check
 * alerts only what is not open yet, and closes what its scope covers and it no longer finds.
 */
export class OpenAlerts {
  private readonly open = new Map<string, { urn?: string; control?: ControlId }>();

  /** The new alerts of a check's report; updates what is open. */
  update(
    report: DriftReport,
    scope: DriftScope,
    context: { events: string[]; eventAt: string; agentIds: ReadonlyMap<string, number> },
  ): Alert[] {
    const found = new Map<string, { urn?: string; control?: ControlId }>();
    const alerts: Alert[] = [];
    const base = {
      stack: report.stack,
      checkedAt: report.checkedAt,
      eventAt: context.eventAt,
      events: context.events,
    };
    for (const item of report.items) {
      const key = itemKey(item);
      found.set(key, { urn: item.urn });
      if (!this.open.has(key))
        alerts.push({ kind: "drift", ...base, item, fix: itemFix(item, context.agentIds.get(item.urn)) });
    }
    for (const f of report.law) {
      if (f.status !== "fail" || f.severity !== "mandatory") continue;
      const key = findingKey(f);
      found.set(key, { control: f.id as ControlId });
      if (!this.open.has(key)) {
        const c = control(f.id as ControlId);
        alerts.push({ kind: "control", ...base, finding: f, fix: c.remediation });
      }
    }
    const targets = new Set(scope.targets);
    for (const [key, what] of this.open) {
      const covered =
        (what.urn !== undefined && targets.has(what.urn)) ||
        (what.control !== undefined && scope.controls.has(what.control));
      if (covered && !found.has(key)) this.open.delete(key);
    }
    for (const [key, what] of found) this.open.set(key, what);
    return alerts;
  }
}
