/**
 * `wecom:index:MemberStatus` — leavers from the HR roster are cut off. One resource per roster (id
 * "members"), batched: every leaver whose leave date has passed is disabled (user/update enable=0,
 * path/90197); with `deleteAfterDays`, a leaver is deleted once that many days have passed (user/delete).
 * A member absent from the roster is never touched (`wecom-policy drift` lists them). The roster travels as a
 * digest and a count (`rosterDigest`, `rosterSize`), not as a list: every Check, Diff and Read would carry
 * the whole company through gRPC and state (issue 12: 845 MB in the provider at 100,000 members).
 *
 * "Passed" is measured from the END of the leave date in China Standard Time (the leave date is the last
 * working day), so a leaver keeps access on their last day and loses it from the next midnight.
 */
import { RESOURCE_TYPES } from "../../generated/resources";
import { requireSecret } from "../console-messages";
import { lowerKey } from "../diff";
import { rosterDigest, rosterSummary } from "../../policy/roster-digest";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import { isImportRead } from "../import-guard";
import type { CheckFailure, DiffResult, ProviderContext, ResourceModule } from "../types";

export const MEMBER_STATUS_TYPE = RESOURCE_TYPES.MemberStatus.token;
const ID = "members";
const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

export interface Leaver {
  userId: string;
  /** YYYY-MM-DD, the last working day. */
  leaveDate: string;
}

/** The recorded roster's digest: `rosterDigest`, or a state written before it (the whole `roster`). */
function digestOf(props: PropertyMap): string | undefined {
  if (typeof props["rosterDigest"] === "string") return props["rosterDigest"];
  return Array.isArray(props["roster"]) ? rosterDigest(strings(props["roster"])) : undefined;
}

/** The instant a leave date ends: next midnight, China Standard Time. */
export function leaveEnds(leaveDate: string): number {
  return Date.parse(`${leaveDate}T00:00:00Z`) - CST_OFFSET_MS + DAY_MS;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
export function leavers(v: unknown): Leaver[] {
  return Array.isArray(v)
    ? v.filter(
        (l): l is Leaver =>
          typeof l === "object" &&
          l !== null &&
          typeof (l as Leaver).userId === "string" &&
          typeof (l as Leaver).leaveDate === "string",
      )
    : [];
}

/** What must hold now: who must be disabled, who must be deleted, who is past the disable SLA. */
export function desiredStatus(inputs: PropertyMap, now: Date): { disabled: string[]; deleted: string[] } {
  const t = now.getTime();
  const deleteAfter = typeof inputs["deleteAfterDays"] === "number" ? inputs["deleteAfterDays"] : undefined;
  const ls = leavers(inputs["leavers"]).filter((l) => leaveEnds(l.leaveDate) <= t);
  const deleted =
    deleteAfter === undefined
      ? []
      : ls.filter((l) => leaveEnds(l.leaveDate) + deleteAfter * DAY_MS <= t).map((l) => l.userId);
  const deletedSet = new Set(deleted);
  return {
    disabled: ls
      .map((l) => l.userId)
      .filter((u) => !deletedSet.has(u))
      .sort(),
    deleted: deleted.sort(),
  };
}

export function checkMemberStatus(news: PropertyMap, ctx: ProviderContext): CheckFailure[] {
  const f = requireSecret(ctx, "contacts", { en: "it alone may disable members", zh: "仅它可禁用成员" });
  // The schema checks each field. That each leaver is in the roster holds by construction (the program
  // takes the leavers from the roster's rows) and `validate` checks the roster itself: the provider sees
  // only the roster's digest.
  if (containsUnknown(news["leavers"])) return f;
  const seen = new Set<string>();
  (Array.isArray(news["leavers"]) ? news["leavers"] : []).forEach((l: unknown, i: number) => {
    const userId = (l as Partial<Leaver> | null)?.userId;
    if (typeof userId !== "string") return;
    if (seen.has(lowerKey(userId)))
      f.push({
        property: `leavers[${i}].userId`,
        reason: `leaver ${userId} is listed twice / 离职人员 ${userId} 重复`,
      });
    seen.add(lowerKey(userId));
  });
  return f;
}

export function diffMemberStatus(olds: PropertyMap, news: PropertyMap): DiffResult {
  const detailedDiff: DiffResult["detailedDiff"] = {};
  if (containsUnknown(news["disabled"]) || containsUnknown(news["deleted"]))
    return { changes: false, detailedDiff };
  // A changed roster is a policy change to record, though it writes nothing: its digest and count differ
  // (who joined or left the roster: `wecom-policy history`, or the roster file's git diff).
  const was = digestOf(olds);
  if (!containsUnknown(news["rosterDigest"]) && was !== undefined && was !== news["rosterDigest"]) {
    detailedDiff["rosterDigest"] = "update";
    if (olds["rosterSize"] !== news["rosterSize"]) detailedDiff["rosterSize"] = "update";
  }
  const liveDeleted = strings(olds["deleted"]).map(lowerKey);
  // Only what must be done is a change: a leaver already disabled (or deleted) early is fine, and this
  // resource never re-enables anyone. Each list is read and lower-cased once (issue 12: linear in leavers).
  const cutOff = new Set([...strings(olds["disabled"]).map(lowerKey), ...liveDeleted]);
  const adds = (prop: "disabled" | "deleted", done: ReadonlySet<string>): void =>
    strings(news[prop]).forEach((u, i) => {
      if (!done.has(lowerKey(u))) detailedDiff[`${prop}[${i}]`] = "add";
    });
  adds("disabled", cutOff);
  adds("deleted", new Set(liveDeleted));
  return { changes: Object.keys(detailedDiff).length > 0, detailedDiff };
}

/**
 * The userids a diff would disable and delete (its `disabled[i]` / `deleted[i]` entries). Each list is
 * read once and each key parsed once: re-filtering the list per key was quadratic (issue 12: 50,000
 * leavers took 56 s).
 */
export function planned(d: DiffResult, inputs: PropertyMap): { disabled: string[]; deleted: string[] } {
  const lists = { disabled: strings(inputs["disabled"]), deleted: strings(inputs["deleted"]) };
  const out: { disabled: string[]; deleted: string[] } = { disabled: [], deleted: [] };
  for (const key of Object.keys(d.detailedDiff)) {
    const m = /^(disabled|deleted)\[(\d+)\]$/.exec(key);
    if (!m) continue;
    const prop = m[1] as "disabled" | "deleted";
    const u = lists[prop][Number(m[2])];
    if (u !== undefined) out[prop].push(u);
  }
  out.disabled.sort();
  out.deleted.sort();
  return out;
}

/**
 * The blast-radius limit (issue 8): more disables or deletes than the policy allows in one run fail —
 * in the preview and again before the first write of the update — naming everyone who would be affected.
 */
export function checkLimits(plan: { disabled: string[]; deleted: string[] }, inputs: PropertyMap): void {
  const over: string[] = [];
  const limit = (prop: string, list: string[], field: string, en: string, zh: string) => {
    const max = inputs[prop];
    if (typeof max !== "number" || list.length <= max) return;
    over.push(
      `${list.length} leaver(s) would be ${en} in this run, more than tenant.yaml change_limits.${field} (${max}): ${list.join(", ")}\n` +
        `  本次运行将${zh} ${list.length} 名离职人员，超过 tenant.yaml change_limits.${field}（${max}）：${list.join("、")}`,
    );
  };
  limit("maxDisables", plan.disabled, "disable_members", "disabled", "禁用");
  limit("maxDeletes", plan.deleted, "delete_members", "deleted (user/delete)", "删除（user/delete）");
  if (over.length)
    throw new Error(
      `blast-radius limit: ${over.join("\n")}\n` +
        `Nothing was written to WeCom. If this is intended, raise the limit in tenant.yaml (change_limits) and run again. / 未写入企业微信。如确属预期，请在 tenant.yaml 的 change_limits 中提高上限后重新运行。`,
    );
}

/** Leavers neither disabled nor deleted whose disable SLA has run out, sorted. */
function overdueOf(inputs: PropertyMap, cut: ReadonlySet<string>, now: number): string[] {
  const sla = typeof inputs["disableWithinHours"] === "number" ? inputs["disableWithinHours"] : 0;
  return leavers(inputs["leavers"])
    .filter((l) => !cut.has(l.userId) && leaveEnds(l.leaveDate) + sla * 3_600_000 <= now)
    .map((l) => l.userId)
    .sort();
}

/**
 * The resource's outputs from the leavers' live status at `nowMs` (the provider's read, and `watch`'s
 * direct check from a tenant snapshot: src/drift/direct.ts).
 */
export function liveProps(
  nowMs: number,
  inputs: PropertyMap,
  disabled: readonly string[],
  deleted: readonly string[],
): PropertyMap {
  const digest = digestOf(inputs);
  const sla = typeof inputs["disableWithinHours"] === "number" ? inputs["disableWithinHours"] : 0;
  return {
    leavers: leavers(inputs["leavers"]),
    disableWithinHours: sla,
    ...(inputs["deleteAfterDays"] !== undefined ? { deleteAfterDays: inputs["deleteAfterDays"] } : {}),
    ...(digest !== undefined ? { rosterDigest: digest } : {}),
    rosterSize:
      typeof inputs["rosterSize"] === "number"
        ? inputs["rosterSize"]
        : rosterSummary(strings(inputs["roster"])).rosterSize,
    disabled: [...disabled].sort(),
    deleted: [...deleted].sort(),
    overdue: overdueOf(inputs, new Set([...disabled, ...deleted]), nowMs),
  };
}

/**
 * Live status of the leavers, by the fewest calls (issue 12): one user/list per department when there are
 * more leavers than departments, else — or when WeCom refuses user/list to the contacts-sync secret
 * (48009) — a user/get each, paced by the client's per-minute budget (client.readMembers,
 * src/wecom/member-bulk.ts). Not found = deleted.
 */
async function readLive(
  ctx: ProviderContext,
  inputs: PropertyMap,
  /** Filled with each live leaver's departments (the writes' read-back is grouped by them). */
  departmentsOf?: Map<string, readonly number[]>,
): Promise<PropertyMap> {
  const client = ctx.client();
  const ls = leavers(inputs["leavers"]);
  const disabled: string[] = [];
  const deleted: string[] = [];
  const live = await client.readMembers(ls.map((l) => l.userId));
  for (const l of ls) {
    const m = live.members.get(l.userId);
    // userid not found (60111/46004) — the member has been deleted (path/90196).
    if (m === undefined) deleted.push(l.userId);
    else if (m.status === "disabled" || m.status === "exited" || m.enabled === false) disabled.push(l.userId);
    if (m !== undefined) departmentsOf?.set(l.userId, m.departmentIds);
  }
  return liveProps(ctx.now().getTime(), inputs, disabled, deleted);
}

/**
 * Everyone WeCom shows disabled or exited, sorted: user/list of each top department with its
 * sub-departments (path/90201) — a call per top department instead of a user/get per member.
 */
async function cutOffMembers(client: ReturnType<ProviderContext["client"]>): Promise<string[]> {
  const departments = await client.listDepartments();
  const ids = new Set(departments.map((d) => d.id));
  const out = new Set<string>();
  for (const top of departments.filter((d) => !ids.has(d.parentId)))
    for (const m of await client.listMembers(top.id, true))
      if (m.status === "disabled" || m.status === "exited" || m.enabled === false) out.add(m.userId);
  return [...out].sort();
}

async function apply(ctx: ProviderContext, inputs: PropertyMap): Promise<PropertyMap> {
  const departmentsOf = new Map<string, readonly number[]>();
  const live = await readLive(ctx, inputs, departmentsOf);
  const plan = planned(diffMemberStatus(live, inputs), inputs);
  checkLimits(plan, inputs);
  const client = ctx.client();
  // Every write at once, each paced by the client under WeCom's per-minute limit, and read back in bulk
  // (one user/list per department) when there are more of them than departments (issue 12, "no cliff").
  const [disables, deletes] = await Promise.all([
    client.setEnabledMany(plan.disabled, false, { departmentsOf }),
    client.deleteMembers(plan.deleted, { departmentsOf }),
  ]);
  const done = [
    ...disables.applied.map((u) => `disabled ${u}`),
    ...deletes.applied.map((u) => `deleted ${u}`),
  ];
  const failures = [
    ...disables.failed.map((f) => `disable ${f.userId}: ${f.error.message}`),
    ...deletes.failed.map((f) => `delete ${f.userId}: ${f.error.message}`),
  ];
  if (failures.length)
    throw new Error(
      `member status: ${failures.length} change(s) failed, ${done.length} applied (${done.join(", ") || "none"}):\n  ${failures.join("\n  ")}\n` +
        `成员状态：${failures.length} 项失败，${done.length} 项已生效。`,
    );
  // No second read of the leavers (issue 12): the client read every write back before it answered — in
  // bulk, a department's user/list at a time, or a user/get each below the threshold
  // (src/wecom/member-bulk.ts) — and reports "inconsistent result after apply" for one WeCom did not apply.
  // So what WeCom holds now is the first read with the writes applied.
  const gone = new Set(plan.deleted);
  const disabled = [...new Set([...strings(live["disabled"]), ...plan.disabled])].filter((u) => !gone.has(u));
  const deleted = [...new Set([...strings(live["deleted"]), ...plan.deleted])];
  return liveProps(ctx.now().getTime(), inputs, disabled, deleted);
}

export const memberStatus: ResourceModule = {
  type: MEMBER_STATUS_TYPE,
  check(news, _olds, ctx) {
    const failures = checkMemberStatus(news, ctx);
    if (failures.length || containsUnknown(news)) return { inputs: news, failures };
    // The desired lists depend on today's date: computed here so preview shows them as inputs.
    return { inputs: { ...news, ...desiredStatus(news, ctx.now()) }, failures };
  },
  diff(_id, olds, news) {
    return diffMemberStatus(olds, news);
  },
  async create(ctx, inputs, preview) {
    if (preview) {
      checkLimits(planned(diffMemberStatus({}, inputs), inputs), inputs);
      return { id: ID, outs: { ...inputs } };
    }
    return { id: ID, outs: await apply(ctx, inputs) };
  },
  async read(ctx, id, state, given) {
    // An import (no state, no inputs) adopts the tenant as it is: everyone WeCom lists is on the roster,
    // nobody is leaving; the SLA is the demo policy's 24 hours until the program declares its own.
    const importing = isImportRead(state, given);
    const everyone = importing ? (await ctx.client().listUserIds()).map((m) => m.userId) : [];
    const inputs = importing
      ? {
          ...rosterSummary(everyone),
          leavers: [],
          disableWithinHours: 24,
        }
      : given;
    const live = await readLive(ctx, inputs);
    // An import knows no leavers, but it can see whom WeCom has cut off already: recorded, a policy whose
    // leavers are those members previews with nothing to do instead of "disable" for each of them.
    if (importing) live["disabled"] = await cutOffMembers(ctx.client());
    return {
      id,
      props: live,
      inputs: { ...inputs, disabled: live["disabled"], deleted: live["deleted"] },
    };
  },
  async update(ctx, _id, olds, news, preview) {
    if (preview) {
      checkLimits(planned(diffMemberStatus(olds, news), news), news);
      return { ...olds, ...news };
    }
    return apply(ctx, news);
  },
  // Forgetting the roster changes nothing in WeCom.
  async delete() {},
};
