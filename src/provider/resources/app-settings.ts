/**
 * `wecom:index:AppSettings` — the API-writable settings of one self-built app (agent/get, agent/set,
 * path/90227–90228): name, description, location reporting, enter-event reporting, trusted redirect
 * domain, home URL. Managed but adopted: apps cannot be created by API, so `create` adopts an existing
 * app and `delete` forgets it (never disables it). Only the fields the policy declares are compared and
 * written. Uses that app's own secret — an app token reads and sets only its own app.
 */
import { ERRCODE } from "../../wecom/errcodes";
import { RESOURCE_TYPES } from "../../generated/resources";
import { WecomApiError } from "../../wecom";
import type { Agent, AgentPatch } from "../../wecom/types";
import { missingSecret } from "../console-messages";
import { CONSOLE, forApp } from "../../wecom/console-paths";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import type { CheckFailure, DiffResult, ProviderContext, ResourceModule } from "../types";

export const APP_SETTINGS_TYPE = RESOURCE_TYPES.AppSettings.token;

/** WeCom's API knows off (report_location_flag 0) and on-enter (1) only (path/90228). */
export const API_LOCATION_MODES = ["off", "on-enter"] as const;

/** The managed fields, in display order. */
export const APP_FIELDS = [
  "name",
  "description",
  "locationMode",
  "reportEnter",
  "redirectDomain",
  "homeUrl",
] as const;
type AppField = (typeof APP_FIELDS)[number];

export interface AppSettingsState {
  agentId: number;
  name: string;
  description: string;
  locationMode: "off" | "on-enter";
  reportEnter: boolean;
  redirectDomain: string;
  homeUrl: string;
  /** close = 1: disabled (停用). Observed only; the API cannot enable or disable an app. */
  closed: boolean;
}

export function agentState(a: Agent): AppSettingsState {
  return {
    agentId: a.agentId,
    name: a.name,
    description: a.description,
    locationMode: a.reportLocation ? "on-enter" : "off",
    reportEnter: a.reportEnter,
    redirectDomain: a.redirectDomain,
    homeUrl: a.homeUrl,
    closed: a.closed,
  };
}

function declared(news: PropertyMap): AppField[] {
  return APP_FIELDS.filter((f) => news[f] !== undefined);
}

/** An app resource's own secret must be configured (an app token reads only itself); the schema checks the id. */
export function checkAgentId(news: PropertyMap, ctx: ProviderContext): CheckFailure[] {
  const agentId = news["agentId"];
  if (typeof agentId !== "number" || !Number.isInteger(agentId) || agentId <= 0) return [];
  if (!ctx.configured().apps.includes(String(agentId)))
    return [
      {
        property: "agentId",
        reason: missingSecret(
          {
            en: `The secret of app ${agentId}`,
            zh: `应用 ${agentId} 的 Secret`,
            configKey: "wecom:appSecrets",
            envName: "WECOM_APP_SECRETS",
            example: `'{"${agentId}":"…"}'`,
          },
          forApp(CONSOLE.appSecret, agentId),
        ),
      },
    ];
  return [];
}

/**
 * What schemas/resources/app-settings.schema.json cannot say: the app's secret is configured, and why
 * continuous location reporting is refused (the API knows only off and on-enter).
 */
export function checkAppSettings(news: PropertyMap, ctx: ProviderContext): CheckFailure[] {
  const f = checkAgentId(news, ctx);
  if (news["locationMode"] === "continuous")
    f.push({
      property: "locationMode",
      reason:
        "continuous location reporting cannot be read or written through WeCom's API (agent/set report_location_flag is 0/1 only); declare on-enter or off, and manage continuous reporting by hand at " +
        `${CONSOLE.appLocation.en} / 持续上报地理位置无法通过 API 读取或设置，请声明 on-enter 或 off，并在管理后台手工管理：${CONSOLE.appLocation.zh}`,
    });
  return f;
}

export function diffAppSettings(olds: PropertyMap, news: PropertyMap): DiffResult {
  const detailedDiff: DiffResult["detailedDiff"] = {};
  for (const k of declared(news)) {
    if (containsUnknown(news[k])) continue;
    if (olds[k] !== news[k]) detailedDiff[k] = "update";
  }
  if (olds["agentId"] !== undefined && news["agentId"] !== olds["agentId"])
    detailedDiff["agentId"] = "update";
  return {
    changes: Object.keys(detailedDiff).length > 0,
    detailedDiff,
    ...(detailedDiff["agentId"] ? { replaces: ["agentId"] } : {}),
  };
}

/** The agent/set patch that brings `live` to the declared fields of `news`. */
export function appPatch(live: AppSettingsState, news: PropertyMap): AgentPatch {
  const patch: Record<string, unknown> = {};
  for (const k of declared(news)) {
    if (live[k] === news[k]) continue;
    // Every managed field has the same name in the client's patch, except the location mode.
    if (k === "locationMode") patch["reportLocation"] = news[k] === "on-enter";
    else patch[k] = news[k];
  }
  return patch as AgentPatch;
}

/** agent/get, with "this app does not exist" turned into advice (apps are created only in the console). */
export async function getApp(ctx: ProviderContext, agentId: number): Promise<Agent> {
  try {
    return await ctx.client().getAgent(agentId);
  } catch (err) {
    // Invalid agentid, or no permission on that app (path/90313).
    if (
      err instanceof WecomApiError &&
      (err.errcode === ERRCODE.invalidAgentId || err.errcode === ERRCODE.noAppPermission)
    )
      throw new Error(
        `app ${agentId} was not found with its secret (errcode ${err.errcode}). Apps cannot be created through the API: create it at ${CONSOLE.appCreate.en}, then configure its secret.\n` +
          `使用其 Secret 未能找到应用 ${agentId}（错误码 ${err.errcode}）。应用无法通过 API 创建：请在 ${CONSOLE.appCreate.zh} 创建后再配置其 Secret。`,
      );
    throw err;
  }
}

function asState(s: AppSettingsState): PropertyMap {
  return { ...s };
}

function liveInputs(s: AppSettingsState, oldInputs: PropertyMap): PropertyMap {
  const keys = declared(oldInputs);
  const out: PropertyMap = { agentId: s.agentId };
  for (const k of keys.length ? keys : APP_FIELDS) out[k] = s[k];
  return out;
}

async function apply(ctx: ProviderContext, agentId: number, news: PropertyMap): Promise<PropertyMap> {
  const live = agentState(await getApp(ctx, agentId));
  const patch = appPatch(live, news);
  if (Object.keys(patch).length === 0) return asState(live);
  await ctx.client().setAgent(agentId, patch);
  // Read back what WeCom now holds: a setting it refused silently must show up as drift, not as applied.
  return asState(agentState(await getApp(ctx, agentId)));
}

export const appSettings: ResourceModule = {
  type: APP_SETTINGS_TYPE,

  check(news, _olds, ctx) {
    return { inputs: news, failures: checkAppSettings(news, ctx) };
  },

  diff(_id, olds, news) {
    return diffAppSettings(olds, news);
  },

  async create(ctx, inputs, preview) {
    const agentId = inputs["agentId"] as number;
    if (preview) return { id: String(agentId), outs: { ...inputs } };
    return { id: String(agentId), outs: await apply(ctx, agentId, inputs) };
  },

  async read(ctx, id, _state, inputs) {
    const live = agentState(await getApp(ctx, Number(id)));
    return { id, props: asState(live), inputs: liveInputs(live, inputs) };
  },

  async update(ctx, id, _olds, news, preview) {
    if (preview) return { ..._olds, ...news };
    return apply(ctx, Number(id), news);
  },

  // Deleting the resource forgets the app: WeCom apps are never disabled or removed by this tool.
  async delete() {},
};
