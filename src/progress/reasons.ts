/** Why a run waits, in both languages: shown on the progress line while it waits. */
import { zh, type Bilingual } from "../text";

/** WeCom allows each API a fixed number of calls per corp per minute and blocks it for 60 s beyond that. */
export function perMinuteLimit(api: string, perMinute: number): Bilingual {
  const n = perMinute.toLocaleString("en-US");
  return {
    zh: zh`企业微信每分钟限调用${api} ${n} 次`,
    en: `WeCom's per-minute limit (${n} ${api} calls a minute)`,
  };
}

/** WeCom answered 45009: the API is blocked for the rest of the minute; every call of it waits (issue 12). */
export function frequencyBlock(api: string): Bilingual {
  return {
    zh: zh`企业微信因超出每分钟调用次数暂停了${api}（45009），一分钟后恢复`,
    en: `WeCom blocked ${api} for a minute (45009, over its per-minute limit)`,
  };
}

/** A retry after a transient WeCom error (system busy, frequency limit). */
export function retryAfter(api: string, errcode: number): Bilingual {
  return {
    zh: zh`${api}返回错误码 ${errcode}，稍后重试`,
    en: `${api} returned errcode ${errcode}; retrying`,
  };
}

/** A back-off the WeCom client takes before re-sending (system busy, frequency limit, a lost connection). */
export function backoff(): Bilingual {
  return {
    zh: "企业微信暂时未受理请求（繁忙或超出频率限制），稍后重试",
    en: "WeCom did not take the request (busy or over its frequency limit); retrying",
  };
}
