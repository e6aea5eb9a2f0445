/**
 * The workflow behind `wecom-policy comment`: everything a reviewer of one pull request needs, gathered in
 * one value — the policy diff in policy terms (src/history), the legal gate on the head's policies (the
 * preview gate's own code, src/rules/gate.ts) and the plan of `pulumi preview --json` per resource and
 * member, with what only an admin in the console can do. src/report/comment.ts words it.
 */
import * as path from "node:path";
import { driftItems, type PreviewJson } from "../drift/analyse";
import { GitError } from "../history/git";
import { policyDiff, type HistoryReport } from "../history/run";
import { loadPolicies, type Problem } from "../policy";
import type { PolicySources } from "../policy/model";
import { previewGate, type Finding } from "../rules";
import type { Bilingual } from "../text";
import { forApp, observedConsolePath, type ConsolePath } from "../wecom/console-paths";

/** One member or field `pulumi up` would change (or an admin must change in the console). */
export interface PlannedItem {
  /** Property path (`members[2]`, `homeUrl`); "" for the whole resource. */
  readonly path: string;
  /** add, delete, update (Pulumi's detailedDiff kind), or the step's op for a whole resource. */
  readonly kind: string;
  /** The value now (state), when there is one. */
  readonly before?: unknown;
  /** The value the policy declares, when there is one. */
  readonly after?: unknown;
  /** Set when the API cannot write it: where an admin changes it by hand. */
  readonly console?: ConsolePath;
}

export interface PlannedResource {
  /** Short type: Role, AppSettings… */
  readonly type: string;
  /** The policy key (Pulumi logical name). */
  readonly name: string;
  /** create, update, delete, replace… */
  readonly op: string;
  readonly items: readonly PlannedItem[];
}

export interface PreviewPlan {
  readonly resources: readonly PlannedResource[];
  /** Pulumi's changeSummary: op → count (the stack resource included). */
  readonly summary: Readonly<Record<string, number>>;
  /** Error diagnostics of the preview (a blocked gate, a failed check), ANSI colours removed. */
  readonly errors: readonly string[];
}

export type Gate =
  | { readonly ok: true; readonly findings: readonly Finding[]; readonly sources: PolicySources }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export interface Review {
  /** The policy diff, or why git could not give it (a shallow clone, no base branch). */
  readonly diff: HistoryReport | { readonly error: Bilingual };
  readonly gate: Gate;
  /** Absent when no preview JSON was given. */
  readonly preview?: PreviewPlan;
}

export interface ReviewOptions {
  /** The policies directory (working tree: the pull request's head as checked out). */
  readonly dir: string;
  /** Base revision for the diff; default the merge-base with the default branch. */
  readonly base?: string;
  /** Parsed `pulumi preview --json`. */
  readonly preview?: unknown;
  readonly now: Date;
}

export async function buildReview(opts: ReviewOptions): Promise<Review> {
  const dir = path.resolve(opts.dir);
  let diff: Review["diff"];
  try {
    diff = await policyDiff({ dir, now: opts.now, ...(opts.base !== undefined ? { base: opts.base } : {}) });
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    diff = { error: err.text };
  }
  const loaded = await loadPolicies(dir);
  const gate: Gate = loaded.ok
    ? {
        ok: true,
        findings: previewGate(loaded.model, opts.now, { locate: (r) => loaded.sources.locate(r) }).findings,
        sources: loaded.sources,
      }
    : { ok: false, problems: loaded.problems };
  return { diff, gate, ...(opts.preview !== undefined ? { preview: previewPlan(opts.preview) } : {}) };
}

/** Thrown for a preview file that is not `pulumi preview --json` output. */
export class PreviewJsonError extends Error {
  override readonly name = "PreviewJsonError";
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The plan in `pulumi preview --json` output, one entry per wecom resource with a change. */
export function previewPlan(json: unknown): PreviewPlan {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new PreviewJsonError("not the output of `pulumi preview --json` (expected an object with steps)");
  const preview = json as PreviewJson & {
    changeSummary?: Record<string, number>;
    diagnostics?: { severity?: string; message?: string }[];
  };
  const byUrn = new Map<string, { type: string; name: string; op: string; items: PlannedItem[] }>();
  const steps = new Map((preview.steps ?? []).map((s) => [s.urn, s]));
  for (const item of driftItems(preview)) {
    const entry = byUrn.get(item.urn) ?? { type: item.type, name: item.name, op: item.op, items: [] };
    byUrn.set(item.urn, entry);
    const step = steps.get(item.urn);
    const inputs = step?.newState?.inputs ?? step?.oldState?.inputs ?? {};
    const agentId = inputs["agentId"];
    const consoleFor = (property: string) => {
      const where = observedConsolePath(item.type, property);
      if (!where || item.op === "delete") return {};
      return {
        console: typeof agentId === "number" || typeof agentId === "string" ? forApp(where, agentId) : where,
      };
    };
    if (item.path === "") {
      // A whole resource created or deleted: one item per property, so each names its own console path.
      const whole = item.op === "delete" ? (step?.oldState?.outputs ?? {}) : (step?.newState?.inputs ?? {});
      for (const [property, v] of Object.entries(whole)) {
        if (property === "agentId" && entry.type.startsWith("App")) continue;
        entry.items.push({
          path: property,
          kind: item.op,
          ...(item.op === "delete" ? { before: v } : { after: v }),
          ...consoleFor(property),
        });
      }
      continue;
    }
    entry.items.push({
      path: item.path,
      kind: item.kind,
      ...(item.live !== undefined ? { before: item.live } : {}),
      ...(item.declared !== undefined ? { after: item.declared } : {}),
      ...consoleFor(item.path.split(/[.[]/)[0] ?? ""),
    });
  }
  const errors = (preview.diagnostics ?? [])
    .filter((d) => d.severity === "error" && typeof d.message === "string")
    .map((d) => d.message!.replace(ANSI, "").trim());
  return { resources: [...byUrn.values()], summary: { ...(preview.changeSummary ?? {}) }, errors };
}
