/**
 * `wecom:index:AppAccess` — an app's visible range (可见范围) and admins, as the policy declares them.
 * Observed: agent/get (allow_userinfos / allow_partys / allow_tags) and agent/get_admin_list read them;
 * no API writes them (wecom-api.md §3, §9), so drift shows in preview and `up` names the console path.
 */
import { RESOURCE_TYPES } from "../../generated/resources";
import { OBSERVED_CONSOLE_PATHS } from "../../wecom/console-paths";
import { readAppAdmins } from "../../tenant/read";
import { lowerKey, setDetailedDiff } from "../diff";
import { createObserved, updateObserved, type ObservedSpec } from "../observed";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import type { CheckFailure, DiffResult, ProviderContext, ResourceModule } from "../types";
import { checkAgentId, getApp } from "./app-settings";

export const APP_ACCESS_TYPE = RESOURCE_TYPES.AppAccess.token;

export interface VisibleRangeValue {
  users: string[];
  departments: number[];
  tags: number[];
}
export type AdminAuth = "manage" | "message";
export interface AdminValue {
  userId: string;
  authType: AdminAuth;
}

function range(v: unknown): VisibleRangeValue {
  const r = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  const list = <T>(x: unknown, t: string) =>
    Array.isArray(x) ? (x.filter((e) => typeof e === t) as T[]) : [];
  return {
    users: list<string>(r["users"], "string"),
    departments: list<number>(r["departments"], "number"),
    tags: list<number>(r["tags"], "number"),
  };
}
function admins(v: unknown): AdminValue[] {
  return Array.isArray(v)
    ? v.filter(
        (a): a is AdminValue =>
          typeof a === "object" && a !== null && typeof (a as AdminValue).userId === "string",
      )
    : [];
}
const adminKey = (a: AdminValue) => `${a.userId.toLowerCase()}:${a.authType}`;

export function diffAppAccess(olds: PropertyMap, news: PropertyMap): DiffResult {
  const detailedDiff: DiffResult["detailedDiff"] = {};
  if (!containsUnknown(news["visibleRange"])) {
    const live = range(olds["visibleRange"]);
    const want = range(news["visibleRange"]);
    Object.assign(
      detailedDiff,
      setDetailedDiff("visibleRange.users", live.users, want.users, lowerKey),
      setDetailedDiff("visibleRange.departments", live.departments, want.departments),
      setDetailedDiff("visibleRange.tags", live.tags, want.tags),
    );
  }
  if (!containsUnknown(news["admins"]))
    Object.assign(
      detailedDiff,
      setDetailedDiff("admins", admins(olds["admins"]), admins(news["admins"]), adminKey),
    );
  return { changes: Object.keys(detailedDiff).length > 0, detailedDiff };
}

/** What schemas/resources/app-access.schema.json cannot say: the app's secret is configured. */
export function checkAppAccess(news: PropertyMap, ctx: ProviderContext): CheckFailure[] {
  return checkAgentId(news, ctx);
}

function spec(ctx: ProviderContext, agentId: number): ObservedSpec {
  return {
    what: { en: `app ${agentId}`, zh: `应用 ${agentId}` },
    where: OBSERVED_CONSOLE_PATHS.AppAccess,
    diff: diffAppAccess,
    readLive: async () => {
      const [agent, adminList] = await Promise.all([
        getApp(ctx, agentId),
        readAppAdmins(ctx.client(), agentId),
      ]);
      return {
        agentId,
        visibleRange: {
          users: [...agent.allowUserIds].sort(),
          departments: [...agent.allowPartyIds].sort((a, b) => a - b),
          tags: [...agent.allowTagIds].sort((a, b) => a - b),
        },
        admins: adminList.map((a) => ({ ...a })),
      };
    },
  };
}

export const appAccess: ResourceModule = {
  type: APP_ACCESS_TYPE,
  check(news, _olds, ctx) {
    return { inputs: news, failures: checkAppAccess(news, ctx) };
  },
  diff(_id, olds, news) {
    return diffAppAccess(olds, news);
  },
  async create(ctx, inputs, preview) {
    const agentId = inputs["agentId"] as number;
    if (preview) return { id: String(agentId), outs: { ...inputs } };
    return createObserved(String(agentId), spec(ctx, agentId), inputs);
  },
  async read(ctx, id) {
    const live = await spec(ctx, Number(id)).readLive();
    return { id, props: live, inputs: live };
  },
  async update(ctx, id, olds, news, preview) {
    if (preview) return { ...olds, ...news };
    return updateObserved(spec(ctx, Number(id)), news);
  },
  // Forgetting the declaration changes nothing in WeCom.
  async delete() {},
};
