/**
 * `wecom:index:Role` — a WeCom tag used as a role: its name, member userids and departments.
 * Managed: tag/create, tag/update, tag/addtagusers, tag/deltagusers, tag/delete (path/90210–90216).
 * The id is the WeCom tagid; the logical name comes from the policy key (roles.yaml), never the tagid.
 * Members and departments are sets; WeCom userids are unique case-insensitively (wecom-api.md §0).
 */
import { ERRCODE } from "../../wecom/errcodes";
import { RESOURCE_TYPES, type RoleInputs, type RoleState } from "../../generated/resources";
import { WecomApiError } from "../../wecom";
import { requireSecret } from "../console-messages";
import { duplicateUserIds, lowerKey, setDelta, setDetailedDiff } from "../diff";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import { isImportRead, parseUrn } from "../import-guard";
import {
  PartialCreateError,
  type CheckFailure,
  type DiffResult,
  type ProviderContext,
  type ResourceModule,
} from "../types";

export const ROLE_TYPE = RESOURCE_TYPES.Role.token;

/** A role's tag as WeCom holds it, with every list present (the program may leave departments out). */
export type RoleValue = Required<Omit<RoleInputs, "onRemoval">>;

/** What deleting the resource does to the tag: the policy's choice, else release an adopted tag. */
export type RemovalAction = NonNullable<RoleInputs["onRemoval"]>;

function removalOf(p: PropertyMap): RemovalAction | undefined {
  const v = p["onRemoval"];
  return v === "release" || v === "delete" ? v : undefined;
}

/** Release or delete, from the state (and the last inputs, for states written before onRemoval existed). */
export function removalAction(state: PropertyMap, oldInputs: PropertyMap = {}): RemovalAction {
  return removalOf(state) ?? removalOf(oldInputs) ?? (wasAdopted(state) ? "release" : "delete");
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
function asInts(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
}

export function roleInputs(p: PropertyMap): RoleValue {
  return {
    name: typeof p["name"] === "string" ? p["name"] : "",
    members: asStrings(p["members"]),
    departments: asInts(p["departments"]),
  };
}

function sortedState(
  i: RoleValue,
  tagId: number,
  adopted: boolean,
  onRemoval: RemovalAction | undefined,
): RoleState {
  return {
    name: i.name,
    members: [...new Set(i.members)].sort(),
    departments: [...new Set(i.departments)].sort((a, b) => a - b),
    ...(onRemoval !== undefined ? { onRemoval } : {}),
    tagId,
    adopted,
  };
}

/** Adopted (imported) tags are released, never deleted: the marker lives in the state. */
const wasAdopted = (state: PropertyMap) => state["adopted"] === true;

/**
 * What the schema (schemas/resources/role.schema.json) cannot say: WeCom userids are unique
 * case-insensitively, so `Lina` and `lina` are the same member listed twice.
 */
export function checkRole(news: PropertyMap): CheckFailure[] {
  const members = news["members"];
  if (!Array.isArray(members) || containsUnknown(members)) return [];
  return duplicateUserIds(members);
}

export function diffRole(olds: PropertyMap, news: PropertyMap): DiffResult {
  const live = roleInputs(olds);
  const desired = roleInputs(news);
  const detailedDiff: DiffResult["detailedDiff"] = {};
  if (!containsUnknown(news["name"]) && live.name !== desired.name) detailedDiff["name"] = "update";
  if (!containsUnknown(news["members"]))
    Object.assign(detailedDiff, setDetailedDiff("members", live.members, desired.members, lowerKey));
  if (!containsUnknown(news["departments"]))
    Object.assign(detailedDiff, setDetailedDiff("departments", live.departments, desired.departments));
  // The removal choice is recorded in the state (Delete sees only the state), so a change is an update.
  const [was, want] = [removalOf(olds), removalOf(news)];
  if (!containsUnknown(news["onRemoval"]) && was !== want)
    detailedDiff["onRemoval"] = was === undefined ? "add" : want === undefined ? "delete" : "update";
  return { changes: Object.keys(detailedDiff).length > 0, detailedDiff };
}

/**
 * Apply member and department changes: one client call for the additions and one for the removals. The
 * client batches them (≤1000 users, ≤100 parties per call) and sends every batch before it reports, so
 * past 1,000 members a partial success still names every refused member of every batch (issue 12).
 * Partial success is an error (WecomPartialError from the client), never silently accepted.
 */
async function applyMembers(
  client: ReturnType<import("../types").ProviderContext["client"]>,
  tagId: number,
  live: RoleValue,
  desired: RoleValue,
): Promise<void> {
  const users = setDelta(live.members, desired.members, lowerKey);
  const parties = setDelta(live.departments, desired.departments, String);
  if (users.added.length + parties.added.length > 0)
    await client.addTagMembers(tagId, { userIds: users.added, partyIds: parties.added });
  if (users.removed.length + parties.removed.length > 0)
    await client.removeTagMembers(tagId, { userIds: users.removed, partyIds: parties.removed });
}

/** How `live` differs from what was just written, in words; empty when it holds exactly that. */
export function roleDifferences(live: RoleValue, written: RoleValue): string[] {
  const out: string[] = [];
  if (live.name !== written.name) out.push(`the name ${live.name}, not ${written.name}`);
  const users = setDelta(written.members, live.members, lowerKey);
  if (users.removed.length) out.push(`members missing: ${users.removed.join(", ")}`);
  if (users.added.length) out.push(`members nobody wrote: ${users.added.join(", ")}`);
  const parties = setDelta(written.departments, live.departments, String);
  if (parties.removed.length) out.push(`departments missing: ${parties.removed.join(", ")}`);
  if (parties.added.length) out.push(`departments nobody wrote: ${parties.added.join(", ")}`);
  return out;
}

/**
 * Reads the tag back after a create or update and returns what WeCom holds (issue 8: create and update
 * returned the declared state). When it differs from what was written, the live state is recorded and
 * the step fails ("inconsistent result after apply"), so the next `up` corrects it.
 */
async function confirmRole(
  client: ReturnType<import("../types").ProviderContext["client"]>,
  tagId: number,
  written: RoleValue,
  adopted: boolean,
  onRemoval: RemovalAction | undefined,
): Promise<RoleState> {
  const now = await client.getTag(tagId);
  const live: RoleValue = { name: now.name, members: now.userIds, departments: now.partyIds };
  const state = sortedState(live, tagId, adopted, onRemoval);
  const differs = roleDifferences(live, written);
  if (differs.length > 0)
    throw new PartialCreateError(String(tagId), state, [
      `inconsistent result after apply: Role ${written.name} (tag ${tagId}): tag/get shows ${differs.join("; ")}. ` +
        "The tag is recorded in the stack with what WeCom holds; `pulumi up` again corrects it. / " +
        `应用后结果不一致：角色 ${written.name}（标签 ${tagId}）与写入的不同；已按企业微信中的实际内容记录，再次运行 pulumi up 即可纠正。`,
    ]);
  return state;
}

/**
 * tag/create, idempotent across interrupted runs (issue 8). The intent is journalled durably before the
 * call; when WeCom answers 40071 (the name exists), the tag is adopted only if an intent of an earlier run
 * names this URN and this name (and, if that run saw the create return, the same tagid) — it is the tag
 * that run created and the engine never recorded. Otherwise the error says exactly how to adopt it.
 */
async function createOrAdoptOurs(ctx: ProviderContext, urn: string, name: string): Promise<number> {
  const client = ctx.client();
  const journal = urn ? ctx.intents : undefined;
  const prior = journal?.get(urn);
  const ours = prior !== undefined && prior.name === name ? prior : undefined;
  journal?.record(ours ?? { urn, type: ROLE_TYPE, name, startedAt: new Date().toISOString() });
  try {
    const tagId = await client.createTag(name);
    journal?.record({
      ...(ours ?? { urn, type: ROLE_TYPE, name, startedAt: new Date().toISOString() }),
      id: String(tagId),
    });
    return tagId;
  } catch (err) {
    if (!(err instanceof WecomApiError && err.errcode === ERRCODE.tagNameExists)) throw err;
    const existing = (await client.listTags()).find((t) => t.name === name);
    if (existing && ours && (ours.id === undefined || ours.id === String(existing.tagId))) {
      journal?.record({ ...ours, id: String(existing.tagId) });
      return existing.tagId;
    }
    throw new Error(alreadyExists(urn, name, existing?.tagId));
  }
}

/** 40071 for a tag this stack cannot prove it created: what to write, or run, to adopt it. */
export function alreadyExists(urn: string, name: string, tagId: number | undefined): string {
  const key = parseUrn(urn).name || "<role key>";
  const id = tagId === undefined ? "<tagid>" : String(tagId);
  return (
    `tag/create: WeCom already has a tag named ${name}${tagId === undefined ? "" : ` (tagid ${tagId})`} (errcode 40071), and this stack has no record of creating it, so it is not taken over. Nothing was changed.\n` +
    `To manage that tag with role ${key}, add under roles.${key} in roles.yaml:\n` +
    `    tag_id: ${id}\n` +
    `or, in a Pulumi YAML program, run: pulumi import wecom:index:Role ${key} ${id}\n` +
    `To keep it apart, give the role another tag_name.\n` +
    `企业微信中已有名为「${name}」的标签（errcode 40071），本 stack 没有创建它的记录，因此不会接管，未做任何修改。如需由角色 ${key} 管理，请在 roles.yaml 的 roles.${key} 下添加 tag_id: ${id}（或运行 pulumi import wecom:index:Role ${key} ${id}）；否则请更换 tag_name。`
  );
}

/** invalid tagid — the tag no longer exists (path/90213). */
function isGone(err: unknown): boolean {
  return err instanceof WecomApiError && err.errcode === ERRCODE.invalidTagId;
}

export const role: ResourceModule = {
  type: ROLE_TYPE,

  check(news, _olds, ctx) {
    const failures = checkRole(news);
    failures.push(
      ...requireSecret(ctx, "contacts", { en: "roles are WeCom tags", zh: "角色即企业微信标签" }),
    );
    return { inputs: news, failures };
  },

  diff(_id, olds, news) {
    return diffRole(olds, news);
  },

  async create(ctx, inputs, preview, urn = "") {
    const desired = roleInputs(inputs);
    const onRemoval = removalOf(inputs);
    if (preview) return { id: "", outs: { ...sortedState(desired, 0, false, onRemoval), tagId: undefined } };
    const client = ctx.client();
    const tagId = await createOrAdoptOurs(ctx, urn, desired.name);
    // After an interrupted run the tag may hold members already: start from what WeCom holds.
    const start = await client.getTag(tagId).then(
      (t): RoleValue => ({ name: t.name, members: t.userIds, departments: t.partyIds }),
      (): RoleValue => ({ name: desired.name, members: [], departments: [] }),
    );
    try {
      await applyMembers(client, tagId, start, desired);
    } catch (err) {
      // The tag exists now: record it (with what is really there) so a retry updates instead of duplicating.
      const live = await client.getTag(tagId).catch(() => undefined);
      const outs = live
        ? sortedState(
            { name: live.name, members: live.userIds, departments: live.partyIds },
            tagId,
            false,
            onRemoval,
          )
        : sortedState({ name: desired.name, members: [], departments: [] }, tagId, false, onRemoval);
      throw new PartialCreateError(String(tagId), outs, [
        `Role ${desired.name}: tag/create created tag ${tagId}, recorded in the stack with the ${(outs.members ?? []).length} ` +
          `member(s) and ${(outs.departments ?? []).length} department(s) WeCom holds; then ${
            err instanceof Error ? err.message : String(err)
          }. \`pulumi up\` again adds the rest to the same tag. / 角色 ${desired.name}：已创建标签 ${tagId} 并记录在 stack 中` +
          `（成员 ${(outs.members ?? []).length} 个），其余成员未能加入；再次运行 pulumi up 将补齐，不会重复创建。`,
      ]);
    }
    return { id: String(tagId), outs: await confirmRole(client, tagId, desired, false, onRemoval) };
  },

  async read(ctx, id, state, inputs) {
    const tagId = Number(id);
    try {
      const live = await ctx.client().getTag(tagId);
      const value: RoleValue = { name: live.name, members: live.userIds, departments: live.partyIds };
      // Read without state or inputs is an import: the tag existed before the stack, so it is adopted.
      // The removal choice is policy, not WeCom: a refresh keeps it.
      const onRemoval = removalOf(state) ?? removalOf(inputs);
      const props = sortedState(value, tagId, wasAdopted(state) || isImportRead(state, inputs), onRemoval);
      const { name, members, departments } = props;
      return {
        id,
        props,
        inputs: { name, members, departments, ...(onRemoval !== undefined ? { onRemoval } : {}) },
      };
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  },

  async update(ctx, id, olds, news, preview) {
    const tagId = Number(id);
    const desired = roleInputs(news);
    const onRemoval = removalOf(news);
    if (preview) return sortedState(desired, tagId, wasAdopted(olds), onRemoval);
    const client = ctx.client();
    // Compare against what WeCom holds now, not what the state says, so a hand-made change is corrected
    // exactly and an already-applied change is not re-sent.
    const now = await client.getTag(tagId);
    const live: RoleValue = { name: now.name, members: now.userIds, departments: now.partyIds };
    if (live.name !== desired.name) await client.updateTag(tagId, desired.name);
    await applyMembers(client, tagId, live, desired);
    return confirmRole(client, tagId, desired, wasAdopted(olds), onRemoval);
  },

  async delete(ctx, id, state, oldInputs) {
    // An imported or adopted tag is released unless the policy said `on_removal: delete` for it: the
    // resource leaves the stack and the tag stays in WeCom (never-harm rule, issue 8).
    if (removalAction(state, oldInputs) === "release") return;
    try {
      await ctx.client().deleteTag(Number(id));
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  },
};
