/**
 * `wecom:index:CustomerHandover` — departed members' customers are handed to a named colleague
 * (离职继承). Managed: externalcontact/get_unassigned_list reads who still has unassigned customers
 * (path/92124); resigned/transfer_customer starts a hand-over (path/94081; WeCom completes it after 24 h)
 * and transfer_result follows it (path/94082). One resource per tenant (id "handover"). Customers of a
 * departed member with no declared takeover are reported in `undeclared`, never moved.
 */
import { RESOURCE_TYPES } from "../../generated/resources";
import { missingDelegatedApp } from "../console-messages";
import { CONSOLE } from "../../wecom/console-paths";
import { readUnassigned } from "../../tenant/read";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import type { CheckFailure, DiffResult, ProviderContext, ResourceModule } from "../types";

export const CUSTOMER_HANDOVER_TYPE = RESOURCE_TYPES.CustomerHandover.token;
const ID = "handover";

export interface Takeover {
  handoverUserId: string;
  takeoverUserId: string;
}

function takeovers(v: unknown): Takeover[] {
  return Array.isArray(v)
    ? v.filter(
        (t): t is Takeover =>
          typeof t === "object" &&
          t !== null &&
          typeof (t as Takeover).handoverUserId === "string" &&
          typeof (t as Takeover).takeoverUserId === "string",
      )
    : [];
}
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** "handover/externalUserId" — one pending customer. */
const pendingKey = (handover: string, external: string) => `${handover}/${external}`;

export function checkCustomerHandover(news: PropertyMap, ctx: ProviderContext): CheckFailure[] {
  const f: CheckFailure[] = [];
  const c = ctx.configured();
  if (c.customerAgentId === undefined || !c.apps.includes(String(c.customerAgentId)))
    f.push({
      property: "",
      reason: missingDelegatedApp(
        {
          en: "The customer-contact app",
          zh: "客户联系可调用应用",
          configKey: "wecom:customerAgentId",
          envName: "WECOM_CUSTOMER_AGENT_ID",
          agentId: c.customerAgentId,
        },
        CONSOLE.customerContactApps,
      ),
    });
  if (containsUnknown(news["takeovers"])) return f;
  const seen = new Set<string>();
  (Array.isArray(news["takeovers"]) ? news["takeovers"] : []).forEach((t: unknown, i: number) => {
    // The schema requires both userids; here: who may take over whom.
    const x = t as Partial<Takeover> | null;
    if (typeof x?.handoverUserId !== "string" || typeof x?.takeoverUserId !== "string") return;
    if (x.handoverUserId.toLowerCase() === x.takeoverUserId.toLowerCase())
      f.push({
        property: `takeovers[${i}].takeoverUserId`,
        reason: "a leaver cannot take over their own customers / 离职人员不能接替自己",
      });
    else if (seen.has(x.handoverUserId.toLowerCase()))
      f.push({
        property: `takeovers[${i}].handoverUserId`,
        reason: `${x.handoverUserId} has two takeovers / ${x.handoverUserId} 有两名接替人`,
      });
    else seen.add(x.handoverUserId.toLowerCase());
  });
  return f;
}

export function diffCustomerHandover(olds: PropertyMap, news: PropertyMap): DiffResult {
  const detailedDiff: DiffResult["detailedDiff"] = {};
  if (containsUnknown(news["takeovers"])) return { changes: false, detailedDiff };
  const declared = new Set(takeovers(news["takeovers"]).map((t) => t.handoverUserId.toLowerCase()));
  // Desired: no pending customer for a declared leaver. Each pending one is reported by itself.
  strings(olds["pending"]).forEach((p, i) => {
    if (declared.has(p.split("/")[0]!.toLowerCase())) detailedDiff[`pending[${i}]`] = "delete";
  });
  return { changes: Object.keys(detailedDiff).length > 0, detailedDiff };
}

async function readLive(ctx: ProviderContext, inputs: PropertyMap): Promise<PropertyMap> {
  const declared = new Set(takeovers(inputs["takeovers"]).map((t) => t.handoverUserId.toLowerCase()));
  const pending: string[] = [];
  const undeclared: string[] = [];
  for (const c of await readUnassigned(ctx.client()))
    (declared.has(c.handoverUserId.toLowerCase()) ? pending : undeclared).push(
      pendingKey(c.handoverUserId, c.externalUserId),
    );
  return {
    takeovers: takeovers(inputs["takeovers"]),
    pending: pending.sort(),
    undeclared: undeclared.sort(),
  };
}

/**
 * Each declared takeover with the customers to hand over, in the order the policy declares them. One pass
 * over the pending list into per-leaver arrays (keyed case-insensitively, as userids are): copying the
 * array per customer and searching the leavers per takeover was quadratic (issue 12: 50,000 customers
 * took 25 s).
 */
export function handoverPlan(
  pending: readonly string[],
  declared: readonly Takeover[],
): { takeover: Takeover; externalUserIds: string[] }[] {
  const byHandover = new Map<string, string[]>();
  for (const p of pending) {
    const slash = p.indexOf("/");
    const h = p.slice(0, slash).toLowerCase();
    const list = byHandover.get(h);
    if (list) list.push(p.slice(slash + 1));
    else byHandover.set(h, [p.slice(slash + 1)]);
  }
  return declared.flatMap((t) => {
    const ids = byHandover.get(t.handoverUserId.toLowerCase());
    return ids?.length ? [{ takeover: t, externalUserIds: ids }] : [];
  });
}

async function apply(ctx: ProviderContext, inputs: PropertyMap): Promise<PropertyMap> {
  const live = await readLive(ctx, inputs);
  const failures: string[] = [];
  let started = 0;
  for (const { takeover: t, externalUserIds: ids } of handoverPlan(
    strings(live["pending"]),
    takeovers(inputs["takeovers"]),
  )) {
    const results = await ctx.client().transferCustomer(t.handoverUserId, t.takeoverUserId, ids);
    for (const r of results) {
      if (r.errcode === 0) started++;
      else
        failures.push(
          `${t.handoverUserId} → ${t.takeoverUserId}: customer ${r.externalUserId} errcode ${r.errcode}`,
        );
    }
  }
  if (failures.length)
    throw new Error(
      `customer hand-over: ${failures.length} customer(s) could not be handed over, ${started} started:\n  ${failures.join("\n  ")}\n` +
        `Fix the cause (see errcode) or hand them over by hand at ${CONSOLE.handover.en}\n` +
        `离职继承：${failures.length} 位客户转接失败，${started} 位已开始转接。可在管理后台手工处理：${CONSOLE.handover.zh}`,
    );
  return readLive(ctx, inputs);
}

export const customerHandover: ResourceModule = {
  type: CUSTOMER_HANDOVER_TYPE,
  check(news, _olds, ctx) {
    return { inputs: news, failures: checkCustomerHandover(news, ctx) };
  },
  diff(_id, olds, news) {
    return diffCustomerHandover(olds, news);
  },
  async create(ctx, inputs, preview) {
    if (preview) return { id: ID, outs: { takeovers: inputs["takeovers"], pending: [], undeclared: [] } };
    return { id: ID, outs: await apply(ctx, inputs) };
  },
  async read(ctx, id, _state, inputs) {
    const live = await readLive(ctx, inputs);
    return { id, props: live, inputs: { takeovers: inputs["takeovers"] ?? [] } };
  },
  async update(ctx, _id, olds, news, preview) {
    if (preview) return { ...olds, ...news };
    return apply(ctx, news);
  },
  async delete() {},
};
