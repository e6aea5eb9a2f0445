/** Construction options of the WeCom client. */
import type { EndpointName } from "./wire";
import type { PacePolicy } from "./pacing";
import type { RetryPolicy } from "./retry";

/** The secrets the client may use, one per WeCom principal (wecom-api.md §0). */
export interface WecomSecrets {
  /** 通讯录同步 (contacts-sync) secret: tags, members, departments. Provider config `wecom:contactsSecret`. */
  contacts?: string;
  /** 会话内容存档 secret: msgaudit endpoints. Provider config `wecom:archiveSecret`. */
  archive?: string;
  /** The check-in app's secret (打卡 →「可调用接口的应用」): checkin/* endpoints. Provider config `wecom:checkinSecret`. */
  checkin?: string;
  /** agentid → that self-built app's secret. Provider config `wecom:appSecrets`. */
  apps?: Record<string, string>;
}

/** One HTTP exchange, reported after it ends. Never carries tokens, secrets or URLs. */
export interface WecomCallEvent {
  endpoint: EndpointName;
  /** `contacts`, `archive`, `checkin` or `app:<agentid>`. */
  principal: string;
  /** 1-based counter of HTTP exchanges within one logical call (token replays and retries included). */
  attempt: number;
  /** WeCom's errcode, 0 on success, `ERRCODE_TRANSPORT` (-2) when no WeCom response arrived. */
  errcode: number;
  ms: number;
}

export interface WecomClientOptions {
  /** e.g. "https://qyapi.weixin.qq.com" or the sandbox's "http://127.0.0.1:PORT". */
  baseUrl: string;
  corpId: string;
  secrets: WecomSecrets;
  /** App whose secret calls security/admin_oper_log and security/member_oper_log. */
  securityAgentId?: number;
  /** App whose secret calls externalcontact/* (the app in 客户联系「可调用应用」). */
  customerAgentId?: number;
  /** Refuse every write endpoint with WecomReadOnlyError before any I/O. */
  readOnly?: boolean;
  /**
   * Why no new write may start (the engine cancelled or is gone), or undefined while writes are allowed:
   * checked before each write endpoint call, which then fails with WecomStoppedError before any I/O.
   */
  stopping?: () => string | undefined;
  retry?: Partial<RetryPolicy>;
  /**
   * How calls are paced under WeCom's per-minute and per-hour limits (src/wecom/pacing.ts): one budget per
   * endpoint and principal, shared by every client in the process with the same clock; a 45009 is waited
   * out. `false` turns pacing off (benchmarks against a loopback server): 45009 is then retried like -1.
   */
  pacing?: Partial<PacePolicy> | false;
  /**
   * The run's budget coordinator (src/wecom/budget-share.ts, WECOM_POLICY_BUDGET_SOCKET): every call asks it
   * for its turn, so the processes of one run share one budget; without it, or once it is gone, the
   * process paces on its own (at half of each limit when the coordinator was given but is gone).
   */
  budgetSocket?: string;
  /** Per-endpoint per-minute limits instead of the documented ones (wire.ts `perMinute`), e.g. import's `--rate`. */
  perMinute?: Partial<Record<EndpointName, number>>;
  /** Cap on concurrent HTTP calls (default 16). */
  maxInFlight?: number;
  /** Per-HTTP-exchange timeout in ms, body included (default 30 000); a timeout is a transport error. */
  timeoutMs?: number;
  /**
   * Wall-clock budget of one logical call in ms — every attempt, backoff and read-back re-send included
   * (default 60 000). Provider config `wecom:operationDeadlineMs`.
   */
  deadlineMs?: number;
  /** Largest response body read, counted while streaming (default 32 MiB). `wecom:maxResponseBytes`. */
  maxResponseBytes?: number;
  /**
   * Read every write back after WeCom answered errcode 0, re-send it if it was not applied and fail with
   * "inconsistent result after apply" when it never is (default true; request-shape unit tests turn it off).
   */
  verifyWrites?: boolean;
  fetch?: typeof fetch;
  /** Clock in ms (token expiry, log windows, `ms` in events). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onCall?: (e: WecomCallEvent) => void;
}
