/**
 * Observed resources: WeCom's API can read them but not write them (wecom-api.md §9). They never call a
 * write endpoint. Create records the live object (and fails, recording it, when it differs from the
 * policy); update re-reads the tenant and succeeds only if an admin has already made the change by hand,
 * otherwise it fails naming each differing field and the console path where to change it.
 */
import type { Bilingual } from "../text";
import type { PropertyMap } from "./props";
import { ConsoleOnlyError, PartialCreateError, type DiffResult } from "./types";
import { consoleMessage } from "./console-messages";
import type { ConsolePath } from "../wecom/console-paths";

export interface ObservedSpec {
  /** Live state in the resource's output shape. */
  readLive(): Promise<PropertyMap>;
  diff(live: PropertyMap, desired: PropertyMap): DiffResult;
  /** Human description of the resource for messages, e.g. "app 1000002's visible range". */
  what: Bilingual;
  /** Console path for a top-level property (first path segment of a detailedDiff key). */
  where(property: string): ConsolePath;
}

function describe(spec: ObservedSpec, d: DiffResult): string {
  const byProp = new Map<string, string[]>();
  for (const [p, kind] of Object.entries(d.detailedDiff)) {
    const top = p.split(/[.[]/)[0]!;
    // Appended in place: copying the array per entry was quadratic (issue 12).
    const paths = byProp.get(top);
    if (paths) paths.push(`${p} (${kind})`);
    else byProp.set(top, [`${p} (${kind})`]);
  }
  return [...byProp.entries()]
    .map(([prop, paths]) =>
      consoleMessage(
        {
          en: `${spec.what.en}: ${paths.join(", ")} differ from the policy`,
          zh: `${spec.what.zh}：${paths.join("、")} 与策略不一致`,
        },
        spec.where(prop),
      ),
    )
    .join("\n");
}

export async function createObserved(
  id: string,
  spec: ObservedSpec,
  desired: PropertyMap,
): Promise<{ id: string; outs: PropertyMap }> {
  const live = await spec.readLive();
  const d = spec.diff(live, desired);
  if (d.changes) throw new PartialCreateError(id, live, [describe(spec, d)]);
  return { id, outs: live };
}

export async function updateObserved(spec: ObservedSpec, desired: PropertyMap): Promise<PropertyMap> {
  const live = await spec.readLive();
  const d = spec.diff(live, desired);
  if (d.changes) throw new ConsoleOnlyError(describe(spec, d));
  return live;
}
