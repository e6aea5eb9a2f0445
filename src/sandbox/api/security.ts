/**
 * Security logs: admin_oper_log/list (path/100179) and member_oper_log/list (path/100178). Only apps in
 * the feature's "可调用接口的应用" list (the demo: 1000004) may call them; window ≤ 7 days, start within
 * the last 180 days, limit 1–400, cursor pagination.
 */
import { LOG_MAX_AGE_SECONDS, LOG_PAGE_LIMIT, LOG_WINDOW_SECONDS } from "../../wecom/wire";
import { WeComError } from "../errors";
import { type Call, type Handler, ERRCODE, decodeCursor, encodeCursor, optInt, optStr, reqInt } from "./call";

const E58 = ERRCODE.invalidParameter58;

function securityApp(call: Call): void {
  const p = call.principal;
  // GUESS: an app outside the "可调用接口的应用" list gets 48002 (api forbidden).
  if (p.kind !== "app" || !call.tenant.state.api_access.security.includes(p.agentid)) {
    throw new WeComError(ERRCODE.apiForbidden, "app not allowed to call security APIs");
  }
}

interface LogQuery {
  start: number;
  end: number;
  operType: number | undefined;
  userid: string | undefined;
  offset: number;
  limit: number;
}

/** GUESS: every malformed window/limit is answered with 40058 (invalid parameter); the doc gives no codes. */
function logQuery(call: Call): LogQuery {
  const b = call.body;
  const start = reqInt(b["start_time"], E58);
  const end = reqInt(b["end_time"], E58);
  if (end <= start) throw new WeComError(E58, "end_time must be after start_time");
  if (end - start > LOG_WINDOW_SECONDS) throw new WeComError(E58, "time span over 7 days");
  if (start < call.now - LOG_MAX_AGE_SECONDS)
    throw new WeComError(E58, "start_time earlier than 180 days ago");
  const limit = optInt(b["limit"], E58) ?? LOG_PAGE_LIMIT;
  if (limit < 1 || limit > LOG_PAGE_LIMIT) throw new WeComError(E58, "limit");
  return {
    start,
    end,
    operType: optInt(b["oper_type"], E58),
    userid: optStr(b["userid"], ERRCODE.invalidUserId),
    offset: decodeCursor(b["cursor"]),
    limit,
  };
}

function page<T extends { time: number; userid: string; oper_type: number }>(
  records: readonly T[],
  q: LogQuery,
) {
  const matching = records
    .filter(
      (r) =>
        r.time >= q.start &&
        r.time <= q.end &&
        (q.operType === undefined || r.oper_type === q.operType) &&
        (q.userid === undefined || r.userid.toLowerCase() === q.userid.toLowerCase()),
    )
    // GUESS: records come oldest first; the doc does not state an order.
    .sort((a, b) => a.time - b.time);
  const slice = matching.slice(q.offset, q.offset + q.limit);
  const end = q.offset + slice.length;
  const hasMore = end < matching.length;
  // The sandbox keeps no detail_type (its value table is unconfirmed, §5), so records omit it.
  return {
    has_more: hasMore,
    next_cursor: hasMore ? encodeCursor(end) : "",
    record_list: slice.map((r) => ({ ...r })),
  };
}

const adminOperLog: Handler = (call) => {
  securityApp(call);
  // path/100179: no visible-range filtering on the admin log.
  return page(call.tenant.state.admin_log, logQuery(call));
};

const memberOperLog: Handler = (call) => {
  securityApp(call);
  const q = logQuery(call);
  const { tenant, principal } = call;
  // GUESS: a userid filter outside the app's range is refused with 60011.
  if (q.userid !== undefined && !tenant.canSeeUser(principal, q.userid))
    throw new WeComError(ERRCODE.noPrivilege);
  // path/100178: results for members outside the app's visible range are filtered out.
  return page(
    tenant.state.member_log.filter((r) => tenant.canSeeUser(principal, r.userid)),
    q,
  );
};

export const securityHandlers = {
  adminOperLogList: adminOperLog,
  memberOperLogList: memberOperLog,
} as const;
