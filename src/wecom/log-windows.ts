/**
 * Splits a security-log time range into the windows WeCom accepts (path/100179, path/100178): at most
 * 7 days each, end_time strictly after start_time.
 */
import { LOG_MAX_AGE_SECONDS, LOG_WINDOW_SECONDS } from "./wire";

/**
 * The oldest start_time to ask for at `nowSec`: WeCom keeps 180 days and refuses an older start, so a
 * margin (60 s unless given) keeps a request that takes a while from crossing that line by its own clock.
 */
export function oldestLogStart(nowSec: number, marginSeconds = 60): number {
  return nowSec - LOG_MAX_AGE_SECONDS + marginSeconds;
}

export interface LogWindow {
  /** start_time to send. */
  readonly startTime: number;
  /** end_time to send (inclusive). */
  readonly endTime: number;
  /** Keep only records at or after this time (differs from startTime for a one-second window). */
  readonly from: number;
}

/**
 * Windows covering [start, end] (Unix seconds, both inclusive) without overlap in the records kept.
 * GUESS: both bounds are inclusive (the doc example spans 1724256000..1724860799, 7 days − 1 s), so
 * windows are [s, s + 7d − 1]. WeCom wants end_time > start_time, so a one-second window [s, s] is sent
 * as [s − 1, s] and records before s are dropped (the previous window already returned them).
 */
export function logWindows(start: number, end: number): LogWindow[] {
  const out: LogWindow[] = [];
  for (let s = start; s <= end; s += LOG_WINDOW_SECONDS) {
    const endTime = Math.min(s + LOG_WINDOW_SECONDS - 1, end);
    out.push({ startTime: endTime > s ? s : s - 1, endTime, from: s });
  }
  return out;
}
