/**
 * Where alerts go: stdout and a file as JSON lines, and a WeCom group robot as Markdown. The robot is sent
 * from a queue of its own, paced to WeCom's 20 messages a minute and retried on network errors, HTTP 5xx,
 * busy and the per-minute limit (retry policy as data, so tests shrink it); nothing here ever waits on it,
 * so a slow or failing robot never delays a callback's acknowledgement or the next check.
 */
import * as fs from "node:fs";
import { MinuteBudget } from "../tenant/read";
import { ROBOT_MESSAGES_PER_MINUTE, RobotSendError, sendRobotMarkdown } from "../wecom/robot";
import type { Alert } from "./alerts";

export interface AlertSink {
  emit(alerts: readonly Alert[], markdown: string): void;
  /** Wait up to `ms` for queued deliveries (graceful shutdown). */
  flush(ms: number): Promise<void>;
}

/** One JSON object a line (stdout, or appended to a file). */
export function jsonLinesSink(write: (line: string) => void): AlertSink {
  return {
    emit(alerts) {
      for (const a of alerts) write(JSON.stringify(a) + "\n");
    },
    flush: async () => {},
  };
}

export function fileSink(file: string): AlertSink {
  return jsonLinesSink((line) => fs.appendFileSync(file, line, { mode: 0o600 }));
}

export interface RobotRetryPolicy {
  /** Sends of one message, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const ROBOT_RETRY: RobotRetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export interface RobotSinkOptions {
  baseUrl: string;
  /** The robot's webhook key (a secret: never logged). */
  key: string;
  log: (line: string) => void;
  retry?: RobotRetryPolicy;
  send?: typeof sendRobotMarkdown;
  sleep?: (ms: number) => Promise<void>;
  perMinute?: number;
}

export function robotSink(opts: RobotSinkOptions): AlertSink {
  const retry = opts.retry ?? ROBOT_RETRY;
  const send = opts.send ?? sendRobotMarkdown;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const budget = new MinuteBudget(opts.perMinute ?? ROBOT_MESSAGES_PER_MINUTE, Date.now, sleep);
  const queue: string[] = [];
  let running: Promise<void> | undefined;

  async function deliver(markdown: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await budget.take();
      try {
        await send(opts.baseUrl, opts.key, markdown);
        opts.log(`robot: alert message delivered${attempt > 1 ? ` on attempt ${attempt}` : ""}`);
        return;
      } catch (err) {
        const retryable = err instanceof RobotSendError ? err.retryable : false;
        const why = err instanceof Error ? err.message : String(err);
        if (!retryable || attempt >= retry.attempts) {
          opts.log(`robot: alert message NOT delivered after ${attempt} attempt(s): ${why}`);
          return;
        }
        const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
        opts.log(`robot: attempt ${attempt} failed (${why}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  function pump(): void {
    if (running) return;
    running = (async () => {
      while (queue.length) await deliver(queue.shift()!);
    })().finally(() => {
      running = undefined;
      if (queue.length) pump();
    });
  }

  return {
    emit(_alerts, markdown) {
      if (!markdown) return;
      queue.push(markdown);
      pump();
    },
    async flush(ms) {
      const busy = () => running !== undefined || queue.length > 0;
      if (!busy()) return;
      await Promise.race([running, new Promise<void>((r) => setTimeout(r, ms).unref())]);
      if (busy()) opts.log(`robot: ${queue.length + 1} message(s) not delivered before shutdown`);
    },
  };
}
