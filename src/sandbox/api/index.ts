/** Every WeCom endpoint's handler, keyed like wire.ts ENDPOINTS (gettoken is the server's own). */
import type { EndpointName } from "../../wecom/wire";
import type { Handler } from "./call";
import { agentHandlers } from "./agents";
import { tagHandlers } from "./tags";

export const handlers: Partial<Record<Exclude<EndpointName, "gettoken">, Handler>> = {
  ...tagHandlers,
  ...agentHandlers,
};
