/**
 * Chat intercept rules (管理聊天敏感词, https://developer.work.weixin.qq.com/document/path/95130; the
 * internal-development copy is path/95097): list, get, add, update (range through add/remove), delete.
 * Called with the token of the app `customerAgentId` — an app placed in 客户联系 →「可调用接口的应用」.
 * WecomClient exposes these as its own methods; this module holds the batching and the read-backs.
 *
 * WeCom's rules (path/95130 and its SDK doc copies): at most 100 rules per corp; a rule name of 1–20
 * characters; ≤ 300 words of 1–32 characters; semantics 1 phone, 2 e-mail, 3 red packet; intercept_type
 * 1 warn and block, 2 warn only; the range (userids, departments) must lie inside the calling app's
 * visible range, ≤ 1000 nodes of each per call and ≤ 10 000 userids per rule; get_intercept_rule returns
 * only the part of the range inside the app's visible range; an app may update and delete only the rules
 * it created itself (the 客户联系 system app may change all of them).
 *
 * | write | read-back | then |
 * |---|---|---|
 * | add_intercept_rule | get_intercept_rule_list, by id (after an answer) or by name | found → its id; a same-named rule with other settings → not re-sent |
 * | update_intercept_rule | get_intercept_rule | re-send only what still differs (fields, range nodes missing / still present) |
 * | del_intercept_rule | get_intercept_rule_list | id gone → done |
 */
import { ERRCODE } from "./errcodes";
import { WecomApiError, WecomCredentialError, WecomError } from "./errors";
import * as M from "./mapper";
import type { PrincipalRef } from "./principals";
import type { Transport } from "./transport";
import type * as T from "./types";
import * as W from "./wire";

const OK: W.WireEnvelope = { errcode: 0 };

type InterceptEndpoint =
  | "externalAddInterceptRule"
  | "externalGetInterceptRuleList"
  | "externalGetInterceptRule"
  | "externalUpdateInterceptRule"
  | "externalDelInterceptRule";

/**
 * Whether an error says the rule does not exist. GUESS: WeCom's code for an unknown rule_id is not
 * documented; the sandbox answers 40058 (invalid parameter), as WeCom does for most unknown ids.
 */
export function interceptRuleGone(e: unknown): boolean {
  return (
    e instanceof WecomApiError &&
    !(e instanceof WecomCredentialError) &&
    e.errcode === ERRCODE.invalidParameter58
  );
}

function chunk<X>(xs: readonly X[], size: number): X[][] {
  const out: X[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * A range change split into calls of ≤ 1000 userids and ≤ 1000 departments each (add and remove counted
 * separately, path/95130); the first call carries the rest of the patch.
 */
export function splitInterceptPatch(p: T.InterceptRulePatch): T.InterceptRulePatch[] {
  const n = W.INTERCEPT_RULE_LIMITS.rangeNodesPerCall;
  const parts = [
    chunk(p.addRange?.userIds ?? [], n),
    chunk(p.addRange?.departmentIds ?? [], n),
    chunk(p.removeRange?.userIds ?? [], n),
    chunk(p.removeRange?.departmentIds ?? [], n),
  ] as const;
  const calls = Math.max(1, ...parts.map((x) => x.length));
  const out: T.InterceptRulePatch[] = [];
  for (let i = 0; i < calls; i++) {
    const [au, ad, ru, rd] = parts.map((x) => x[i] ?? []) as [string[], number[], string[], number[]];
    const one: T.InterceptRulePatch = i === 0 ? { ...p } : {};
    delete one.addRange;
    delete one.removeRange;
    if (au.length + ad.length > 0) one.addRange = { userIds: au, departmentIds: ad };
    if (ru.length + rd.length > 0) one.removeRange = { userIds: ru, departmentIds: rd };
    out.push(one);
  }
  return out;
}

const sameSet = <X>(a: readonly X[], b: readonly X[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The intercept-rule calls of one client; `principal` names the customer-contact app or throws (no I/O). */
export class InterceptRuleCalls {
  constructor(
    private readonly t: Transport,
    private readonly principal: (endpoint: InterceptEndpoint) => PrincipalRef,
  ) {}

  /** Every rule of the corp (get_intercept_rule_list lists them all, whoever created them). */
  async list(): Promise<T.InterceptRuleSummary[]> {
    const r = await this.t.call<W.GetInterceptRuleListResponse>({
      endpoint: "externalGetInterceptRuleList",
      principal: this.principal("externalGetInterceptRuleList"),
    });
    return (r.rule_list ?? []).map(M.interceptRuleSummaryFromWire);
  }

  async get(ruleId: string): Promise<T.InterceptRule> {
    const r = await this.t.call<W.GetInterceptRuleResponse>({
      endpoint: "externalGetInterceptRule",
      principal: this.principal("externalGetInterceptRule"),
      body: { rule_id: ruleId } satisfies W.InterceptRuleIdRequest,
    });
    return M.interceptRuleFromWire(ruleId, r.rule);
  }

  /** get_intercept_rule, or undefined when WeCom does not know the id ({@link interceptRuleGone}). */
  async find(ruleId: string): Promise<T.InterceptRule | undefined> {
    try {
      return await this.get(ruleId);
    } catch (e) {
      if (interceptRuleGone(e)) return undefined;
      throw e;
    }
  }

  /**
   * Creates a rule; returns its rule_id. More than 1000 userids or departments: the rule is created with
   * the first 1000 of each and the rest added by update_intercept_rule.
   */
  async add(rule: T.NewInterceptRule): Promise<string> {
    this.t.assertWritable("externalAddInterceptRule");
    const principal = this.principal("externalAddInterceptRule");
    const n = W.INTERCEPT_RULE_LIMITS.rangeNodesPerCall;
    const userIds = [...new Set(rule.range.userIds)];
    const departmentIds = [...new Set(rule.range.departmentIds)];
    const first: T.NewInterceptRule = {
      ...rule,
      range: { userIds: userIds.slice(0, n), departmentIds: departmentIds.slice(0, n) },
    };
    const body = M.newInterceptRuleToWire(first);
    const r = await this.t.call<W.AddInterceptRuleResponse>({
      endpoint: "externalAddInterceptRule",
      principal,
      body,
      readBack: async (answer) => {
        const rules = await this.list();
        if (answer) {
          return rules.some((x) => x.ruleId === answer.rule_id)
            ? { applied: true, response: answer }
            : { applied: false, differs: `get_intercept_rule_list has no rule ${answer.rule_id}` };
        }
        // GUESS: rule names are unique in a corp (the sandbox refuses a second rule of the same name).
        const found = rules.find((x) => x.name === rule.name);
        if (!found)
          return { applied: false, differs: `get_intercept_rule_list has no rule named ${rule.name}` };
        const live = await this.get(found.ruleId);
        const same =
          sameSet(live.words, M.newInterceptRuleToWire(rule).word_list) &&
          sameSet(live.semantics, [...new Set(rule.semantics)]) &&
          live.action === rule.action;
        if (same) return { applied: true, response: { rule_id: found.ruleId } };
        // Thrown, not `resend: false`: after a lost answer the transport re-sends unless the read-back fails.
        throw new WecomError(
          `a rule named ${rule.name} exists (${found.ruleId}) with other words, semantics or action; not sent again`,
        );
      },
    });
    const rest: T.InterceptRulePatch = {
      addRange: { userIds: userIds.slice(n), departmentIds: departmentIds.slice(n) },
    };
    if (userIds.length > n || departmentIds.length > n) await this.update(r.rule_id, rest);
    return r.rule_id;
  }

  /**
   * Changes a rule; an empty patch makes no call. `words` and `semantics` replace the lists (semantics []
   * clears them); WeCom ignores an empty word_list, so `words: []` is refused before any I/O. Range
   * changes go in batches of ≤ 1000 nodes. Read-back per call: get_intercept_rule, then only what still
   * differs is re-sent.
   */
  async update(ruleId: string, patch: T.InterceptRulePatch): Promise<void> {
    this.t.assertWritable("externalUpdateInterceptRule");
    const path = W.ENDPOINTS.externalUpdateInterceptRule.path;
    if (patch.words !== undefined && patch.words.length === 0) {
      throw new WecomError(
        `${path} refused: WeCom ignores an empty word_list, so a rule's words cannot be cleared (path/95130); ` +
          `delete the rule and create it again without words`,
      );
    }
    const principal = this.principal("externalUpdateInterceptRule");
    for (const part of splitInterceptPatch(patch)) {
      const body = M.interceptRulePatchToWire(ruleId, part);
      if (Object.keys(body).length === 1) continue;
      await this.t.call<W.WireEnvelope>({
        endpoint: "externalUpdateInterceptRule",
        principal,
        body,
        readBack: async () => {
          const pending = M.interceptRulePatchPending(await this.get(ruleId), part);
          return Object.keys(pending).length === 0
            ? { applied: true, response: OK }
            : {
                applied: false,
                differs: `get_intercept_rule of ${ruleId} still differs in ${Object.keys(pending).join(", ")}`,
                body: M.interceptRulePatchToWire(ruleId, pending),
              };
        },
      });
    }
  }

  /** Deletes a rule. Read-back: get_intercept_rule_list; applied when the id is gone. */
  async delete(ruleId: string): Promise<void> {
    this.t.assertWritable("externalDelInterceptRule");
    await this.t.call<W.WireEnvelope>({
      endpoint: "externalDelInterceptRule",
      principal: this.principal("externalDelInterceptRule"),
      body: { rule_id: ruleId } satisfies W.InterceptRuleIdRequest,
      readBack: async () =>
        (await this.list()).some((x) => x.ruleId === ruleId)
          ? { applied: false, differs: `get_intercept_rule_list still lists rule ${ruleId}` }
          : { applied: true, response: OK },
    });
  }
}
