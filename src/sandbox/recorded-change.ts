/**
 * A tenant change as the journal records it (journal.ts, replayed by changes.ts): the request that made
 * it — API endpoint, principal, query without the token, body and the sandbox clock — or the console
 * route, body and client address. A line costs the size of its request however large the tenant.
 */
import type { EndpointName } from "../wecom/wire";
import type { PrincipalKey } from "./state";
import type { Principal } from "./tenant";

export type RecordedChange =
  | {
      kind: "api";
      endpoint: Exclude<EndpointName, "gettoken">;
      principal: PrincipalKey;
      /** The query string without access_token. */
      query: string;
      body: Record<string, unknown>;
      /** Sandbox clock, Unix seconds, as the handler saw it. */
      now: number;
    }
  | { kind: "console"; route: string; body: Record<string, unknown>; ip: string; now: number };

export function principalFromKey(key: PrincipalKey): Principal {
  if (key.startsWith("app:")) return { kind: "app", agentid: Number(key.slice(4)) };
  return { kind: key as "contacts" | "archive" | "checkin" };
}
