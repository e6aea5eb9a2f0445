/**
 * Departed members' customers (离职继承): get_unassigned_list (path/92124), resigned/transfer_customer
 * (path/94081), resigned/transfer_result (path/94082). Only apps in 客户联系 "可调用应用" (the demo:
 * 1000003). A hand-over waits 24 h of sandbox time, then is done.
 */
import { TRANSFER_CUSTOMER_BATCH, UNASSIGNED_PAGE_SIZE } from "../../wecom/wire";
import { WeComError } from "../errors";
import { type Call, type Handler, ERRCODE, decodeCursor, encodeCursor, optInt, optStrList } from "./call";

const E58 = ERRCODE.invalidParameter58;
const TAKEOVER_DELAY_SECONDS = 24 * 3600;

export function customerContactApp(call: Call): void {
  const p = call.principal;
  // GUESS: an app outside 客户联系 "可调用应用" gets 48002 (api forbidden).
  if (p.kind !== "app" || !call.tenant.state.api_access.customer_contact.includes(p.agentid)) {
    throw new WeComError(ERRCODE.apiForbidden, "app not allowed to call customer-contact APIs");
  }
}

function userField(call: Call, key: string): string {
  const v = call.body[key];
  if (v === undefined || v === null || v === "") throw new WeComError(ERRCODE.userIdMissing, key);
  if (typeof v !== "string") throw new WeComError(ERRCODE.invalidUserId, key);
  return v;
}

const unassignedList: Handler = (call) => {
  customerContactApp(call);
  const { tenant } = call;
  const size = optInt(call.body["page_size"], E58) ?? UNASSIGNED_PAGE_SIZE;
  // GUESS: page_size outside 1–1000 is an invalid parameter (40058).
  if (size < 1 || size > UNASSIGNED_PAGE_SIZE) throw new WeComError(E58, "page_size");
  const offset = decodeCursor(call.body["cursor"]);
  // GUESS: a customer leaves the unassigned list as soon as a hand-over starts.
  const all = tenant.state.customers
    .filter((c) => c.transfer === undefined && tenant.dimissionTime(c.owner) !== undefined)
    .map((c) => ({
      handover_userid: c.owner,
      external_userid: c.external_userid,
      dimission_time: tenant.dimissionTime(c.owner) as number,
    }));
  const info = all.slice(offset, offset + size);
  const end = offset + info.length;
  const isLast = end >= all.length;
  return { info, is_last: isLast, next_cursor: isLast ? "" : encodeCursor(end) };
};

const transferCustomer: Handler = (call) => {
  customerContactApp(call);
  const { tenant, principal, now } = call;
  const handover = userField(call, "handover_userid");
  const takeover = userField(call, "takeover_userid");
  const ids = optStrList(call.body["external_userid"], E58) ?? [];
  // GUESS: an empty or over-100 external_userid list is an invalid parameter (40058).
  if (ids.length === 0 || ids.length > TRANSFER_CUSTOMER_BATCH) throw new WeComError(E58, "external_userid");
  if (tenant.dimissionTime(handover) === undefined) {
    // GUESS: a handover member who has not left is refused: unknown → 60111, still employed → 40003.
    throw new WeComError(
      tenant.user(handover) ? ERRCODE.invalidUserId : ERRCODE.userNotFound,
      "handover_userid has not left",
    );
  }
  const taker = tenant.user(takeover);
  if (!taker) throw new WeComError(ERRCODE.userNotFound, "takeover_userid");
  // GUESS: a disabled or departed takeover member is "invalid userid" (40003).
  if (taker.enable === 0 || taker.left_at !== undefined)
    throw new WeComError(ERRCODE.invalidUserId, "takeover_userid");
  // path/94081: the takeover member must be inside the app's visible range.
  if (!tenant.canSeeUser(principal, taker.userid))
    throw new WeComError(ERRCODE.noPrivilege, "takeover_userid");
  let changed = false;
  const customer = ids.map((external_userid) => {
    const c = tenant.state.customers.find(
      (x) => x.external_userid === external_userid && x.owner.toLowerCase() === handover.toLowerCase(),
    );
    // GUESS: a customer that is not the handover member's, or already being handed over, gets 84061.
    if (!c || c.transfer !== undefined)
      return { external_userid, errcode: ERRCODE.noExternalContactRelation };
    c.transfer = { takeover: taker.userid, started: now };
    changed = true;
    return { external_userid, errcode: 0 };
  });
  if (changed) tenant.touch();
  return { customer };
};

const transferResult: Handler = (call) => {
  customerContactApp(call);
  const { tenant, now } = call;
  const handover = userField(call, "handover_userid").toLowerCase();
  const takeover = userField(call, "takeover_userid").toLowerCase();
  const offset = decodeCursor(call.body["cursor"]);
  const all = tenant.state.customers
    .filter((c) => c.owner.toLowerCase() === handover && c.transfer?.takeover.toLowerCase() === takeover)
    .map((c) => {
      const due = (c.transfer as { started: number }).started + TAKEOVER_DELAY_SECONDS;
      return { external_userid: c.external_userid, status: now >= due ? 1 : 2, takeover_time: due };
    });
  const customer = all.slice(offset, offset + UNASSIGNED_PAGE_SIZE);
  const end = offset + customer.length;
  return { customer, next_cursor: end < all.length ? encodeCursor(end) : "" };
};

export const externalHandlers = {
  externalGetUnassignedList: unassignedList,
  externalTransferCustomer: transferCustomer,
  externalTransferResult: transferResult,
} as const;
