/**
 * Every WeCom endpoint's handler, keyed like wire.ts ENDPOINTS (gettoken is the server's own). The type
 * makes a new ENDPOINTS entry without a sandbox handler a compile error.
 */
import type { EndpointName } from "../../wecom/wire";
import { agentHandlers } from "./agents";
import type { Handler } from "./call";
import { checkinHandlers } from "./checkin";
import { contactHandlers } from "./contacts";
import { externalHandlers } from "./external";
import { msgauditHandlers } from "./msgaudit";
import { securityHandlers } from "./security";
import { tagHandlers } from "./tags";

export const handlers: Record<Exclude<EndpointName, "gettoken">, Handler> = {
  ...contactHandlers,
  ...tagHandlers,
  ...agentHandlers,
  ...msgauditHandlers,
  ...securityHandlers,
  ...externalHandlers,
  ...checkinHandlers,
};
