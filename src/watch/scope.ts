/**
 * What a change event can affect: the stack's resources to re-read and the live controls to re-judge.
 * Pure functions over the event and the stack's state (`pulumi stack export`); the check itself is
 * src/drift's, narrowed with a {@link DriftScope}.
 *
 * | event                                   | resources                                   | controls (live, judged by drift) |
 * |-----------------------------------------|---------------------------------------------|----------------------------------|
 * | update_tag (a tag's members)             | the Role on that tag                        | WC.ACC.*                         |
 * | create_user / update_user               | MemberStatus, ArchiveScope, every AppAccess | WC.LVR.*, WC.ARC.*, WC.LOC.*     |
 * | delete_user                             | MemberStatus, CustomerHandover              | WC.LVR.*                         |
 * | create/update/delete_party              | ArchiveScope, every AppAccess               | WC.ARC.*, WC.LOC.*               |
 * | change_external_contact                 | CustomerHandover, ArchiveScope              | WC.LVR.*, WC.ARC.*               |
 *
 * A member event reaches the archive and app ranges because WeCom sends `update_user` when a member moves
 * department, and ranges are often set by department. Events outside the table change nothing the stack
 * governs: logged, acknowledged, no check.
 */
import type { DriftScope } from "../drift/run";
import { CONTROLS, DRIFT_LIVE_CONTROLS, type ControlFamily, type ControlId } from "../rules";
import type { StackResource } from "../pulumi/stack-export";
import type { CallbackEvent } from "../wecom/callback-events";

const TYPE_PREFIX = "wecom:index:";

/** The stack's resources by what an event names. */
export interface StackIndex {
  /** tagid → the Role's URN. */
  roleByTag: ReadonlyMap<number, string>;
  /** Short type (`MemberStatus`, `AppAccess`…) → URNs. */
  byType: ReadonlyMap<string, readonly string[]>;
  /** An app resource's URN → its agentid (console paths name the app). */
  agentIdByUrn: ReadonlyMap<string, number>;
  /** The stack's resources as recorded: the direct check's ids, tag ids and inputs (src/drift/direct.ts). */
  resources: readonly StackResource[];
}

export function indexStack(resources: readonly StackResource[]): StackIndex {
  const roleByTag = new Map<number, string>();
  const byType = new Map<string, string[]>();
  const agentIdByUrn = new Map<string, number>();
  for (const r of resources) {
    if (!r.type.startsWith(TYPE_PREFIX)) continue;
    const type = r.type.slice(TYPE_PREFIX.length);
    byType.set(type, [...(byType.get(type) ?? []), r.urn]);
    if (type === "Role") {
      const tag = Number(r.outputs["tagId"] ?? r.id);
      if (Number.isSafeInteger(tag)) roleByTag.set(tag, r.urn);
    }
    const agentId = r.outputs["agentId"];
    if (typeof agentId === "number") agentIdByUrn.set(r.urn, agentId);
  }
  return { roleByTag, byType, agentIdByUrn, resources };
}

/** Live controls of these families that the drift check judges. */
function liveControls(families: readonly ControlFamily[]): ControlId[] {
  return CONTROLS.filter((c) => families.includes(c.family) && DRIFT_LIVE_CONTROLS.has(c.id)).map(
    (c) => c.id,
  );
}

/** The resources and controls one event can affect; `undefined` when it affects nothing the stack governs. */
export function scopeOf(event: CallbackEvent, index: StackIndex): DriftScope | undefined {
  const all = (type: string) => index.byType.get(type) ?? [];
  let targets: readonly string[] = [];
  let families: ControlFamily[] = [];
  switch (event.kind) {
    case "tag": {
      const role = index.roleByTag.get(event.tagId);
      if (role === undefined) return undefined;
      targets = [role];
      families = ["ACC"];
      break;
    }
    case "user":
      if (event.change === "delete_user") {
        targets = [...all("MemberStatus"), ...all("CustomerHandover")];
        families = ["LVR"];
      } else {
        targets = [...all("MemberStatus"), ...all("ArchiveScope"), ...all("AppAccess")];
        families = ["LVR", "ARC", "LOC"];
      }
      break;
    case "party":
      targets = [...all("ArchiveScope"), ...all("AppAccess")];
      families = ["ARC", "LOC"];
      break;
    case "external-contact":
      targets = [...all("CustomerHandover"), ...all("ArchiveScope")];
      families = ["LVR", "ARC"];
      break;
    case "other":
      return undefined;
  }
  const controls = liveControls(families);
  if (targets.length === 0 && controls.length === 0) return undefined;
  return { targets, controls: new Set(controls) };
}

/** One scope for a burst of events: the union of their resources and controls. */
export function mergeScopes(scopes: readonly DriftScope[]): DriftScope {
  const targets = new Set<string>();
  const controls = new Set<ControlId>();
  for (const s of scopes) {
    for (const t of s.targets) targets.add(t);
    for (const c of s.controls) controls.add(c);
  }
  return { targets: [...targets].sort(), controls };
}
