/**
 * A progress line for long runs (import of a large tenant, audit, logs sync, drift at scale): on a
 * terminal, one line on stderr rewritten in place at least once a second, with counts, elapsed time and
 * the reason for any wait ("waiting for WeCom's per-minute limit, resumes in 41 s"); when stderr is not a
 * terminal (CI logs, pipes) it writes nothing beyond the plain lines passed to {@link Progress.log}.
 *
 * Hand-written rather than a library: it must interleave permanent log lines with the live line, show a
 * countdown while nothing else happens, and stay silent without a TTY — see docs/decisions.md.
 *
 * ```ts
 * const progress = startProgress({ label: { zh: "导入：成员", en: "import: members" }, total: ids.length,
 *   write: ctx.stderr, tty: ctx.stderrTTY === true, lang });
 * progress.tick();                                         // after each item
 * progress.waiting(PER_MINUTE_LIMIT, Date.now() + 41_000); // before a paced sleep
 * progress.log("import: apps");                            // a permanent line, in CI too
 * progress.stop();
 * ```
 */
import type { Bilingual, Lang } from "../text";

/**
 * What a long-running step reports to. Workflows and readers accept this (default {@link NO_PROGRESS}),
 * never a terminal: the command decides whether a line is drawn.
 */
export interface ProgressSink {
  /** `done` items of `total` so far (total may grow, e.g. when a page reveals more). */
  update(done: number, total?: number): void;
  /** One more item done (or `n`). */
  tick(n?: number): void;
  /** A new phase of the run ("members", "apps"); counts restart. */
  phase(label: Bilingual, total?: number): void;
  /** Nothing will happen until `untilMs` (epoch ms), because of `reason`; cleared by the next tick or {@link resumed}. */
  waiting(reason: Bilingual, untilMs?: number): void;
  resumed(): void;
}

/** Reports nowhere; the default for every workflow. */
export const NO_PROGRESS: ProgressSink = {
  update: () => {},
  tick: () => {},
  phase: () => {},
  waiting: () => {},
  resumed: () => {},
};

export interface Progress extends ProgressSink {
  /** A permanent line (a newline is added): above the live line on a terminal, as is elsewhere. */
  log(line: string): void;
  /** Clears the live line and stops redrawing. Idempotent. */
  stop(): void;
}

export interface ProgressOptions {
  label: Bilingual;
  total?: number;
  lang: Lang;
  /** Where lines go (stderr). */
  write: (text: string) => void;
  /** Draw the live line only when this is true (stderr is a terminal). */
  tty: boolean;
  /** Terminal width; the live line is cut to fit so it never wraps. Default: stderr's, else 80. */
  columns?: () => number;
  /** Redraw at least this often so a countdown moves (default 1000 ms). */
  heartbeatMs?: number;
  /** Injected clock and timers (tests). */
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => { unref?: () => unknown };
  clearInterval?: (handle: unknown) => void;
}

// Erase the whole line and return to its start, so a shorter line leaves nothing behind.
const CLEAR = "\r\x1b[2K";
const MIN_REDRAW_MS = 100;

const TEXT = {
  elapsed: { zh: (s: string) => `已用 ${s}`, en: (s: string) => `${s} elapsed` },
  waiting: { zh: "等待", en: "waiting" },
  resumes: { zh: (s: string) => `${s}后继续`, en: (s: string) => `resumes in ${s}` },
} as const;

/** `41 s`, `2 min 5 s` / `41 秒`, `2 分 5 秒`. */
export function duration(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (lang === "zh") return m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** Display width: Han, kana, Hangul and full-width forms take two columns. */
function width(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
    ? 2
    : 1;
}

/** `text` cut to at most `columns` display columns, with `…` when cut. */
export function fit(text: string, columns: number): string {
  let w = 0;
  let out = "";
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cw = width(ch);
    if (w + cw > columns - (i < chars.length - 1 ? 1 : 0)) return `${out}…`;
    out += ch;
    w += cw;
  }
  return out;
}

/**
 * Starts a progress line. Without a TTY, every method but {@link Progress.log} does nothing, and no timer
 * is started.
 */
export function startProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const lang = opts.lang;
  const started = now();
  let label = opts.label;
  let done = 0;
  let total = opts.total;
  let reason: Bilingual | undefined;
  let until: number | undefined;
  let drawn = false;
  let lastDraw = 0;
  let stopped = false;

  const line = (): string => {
    const parts = [label[lang]];
    if (total !== undefined) {
      const pct = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : "";
      parts[0] += ` ${done}/${total}${pct}`;
    } else if (done > 0) parts[0] += ` ${done}`;
    parts.push(TEXT.elapsed[lang](duration(now() - started, lang)));
    if (reason) {
      let wait = `${TEXT.waiting[lang]}${lang === "zh" ? "：" : ": "}${reason[lang]}`;
      if (until !== undefined && until > now())
        wait +=
          lang === "zh"
            ? `，${TEXT.resumes.zh(duration(until - now(), "zh"))}`
            : `, ${TEXT.resumes.en(duration(until - now(), "en"))}`;
      parts.push(wait);
    }
    return parts.join(" · ");
  };

  const columns = opts.columns ?? (() => process.stderr.columns || 80);
  const draw = (force: boolean): void => {
    if (!opts.tty || stopped) return;
    const t = now();
    if (!force && t - lastDraw < MIN_REDRAW_MS) return;
    lastDraw = t;
    opts.write(`${CLEAR}${fit(line(), Math.max(20, columns() - 1))}`);
    drawn = true;
  };

  const every = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const cancel = opts.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));
  const timer = opts.tty ? every(() => draw(true), opts.heartbeatMs ?? 1000) : undefined;
  // A progress line must never keep the process alive.
  timer?.unref?.();
  draw(true);

  return {
    update(d, t) {
      done = d;
      if (t !== undefined) total = t;
      draw(false);
    },
    tick(n = 1) {
      done += n;
      if (reason && (until === undefined || until <= now())) reason = until = undefined;
      draw(false);
    },
    phase(l, t) {
      label = l;
      done = 0;
      total = t;
      reason = until = undefined;
      draw(true);
    },
    waiting(r, u) {
      reason = r;
      until = u;
      draw(true);
    },
    resumed() {
      reason = until = undefined;
      draw(true);
    },
    log(text) {
      if (opts.tty && drawn && !stopped) {
        opts.write(`${CLEAR}${text}\n`);
        drawn = false;
        draw(true);
      } else opts.write(`${text}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) cancel(timer);
      if (drawn) opts.write(CLEAR);
      drawn = false;
    },
  };
}
