/**
 * "Today": the one place that reads WECOM_POLICY_NOW. Every date-based check (leaver deadlines, consent
 * dates, waiver expiry, log-archive age) measures from the instant this module returns, so a run can be
 * pinned to a day for reproducible CI and demos, and real stacks use the clock.
 *
 * The provider, the program's legal gate, `import`, `drift`, `audit` and `logs` all call {@link today};
 * commands that set up a sandbox stack pass {@link SANDBOX_TODAY} on to pulumi through {@link pinnedEnv}.
 */

/** The environment variable that pins "today" (an ISO date or date-time). */
export const NOW_ENV = "WECOM_POLICY_NOW";

/**
 * The day the demo company's story is set (docs/demo-company.md). Its policies carry real dates — a drill
 * in June 2026, a waiver until March 2027 — so sandbox stacks pin "today" for the legal checks and leaver
 * deadlines; otherwise the demo and CI would start failing months later with no change to the code.
 * WECOM_POLICY_NOW in the environment overrides it.
 */
export const SANDBOX_TODAY = "2026-11-28T12:00:00+08:00";

/** WECOM_POLICY_NOW (or a `--now` flag) that is not a date. Commands report it as a usage error. */
export class TodayError extends Error {
  override readonly name = "TodayError";
  constructor(
    readonly source: string,
    readonly value: string,
  ) {
    super(
      `${source} must be an ISO date or date-time such as 2026-11-28 or 2026-11-28T12:00+08:00, got ${JSON.stringify(value)} / ` +
        `${source} 须为 ISO 日期或时间，例如 2026-11-28`,
    );
  }
}

/** Parse a pinned "today"; throws {@link TodayError} naming `source` when it is not a date. */
export function parseToday(value: string, source = NOW_ENV): Date {
  const d = new Date(value.trim());
  if (value.trim() === "" || Number.isNaN(d.getTime())) throw new TodayError(source, value);
  return d;
}

/**
 * Now, as the run should see it: WECOM_POLICY_NOW when set, else `fallback` (a sandbox stack's pinned day)
 * when given, else the clock. Throws {@link TodayError} on a value that is not a date.
 */
export function today(
  env: NodeJS.ProcessEnv = process.env,
  fallback?: string,
  clock = () => new Date(),
): Date {
  const pinned = env[NOW_ENV] ?? fallback;
  return pinned === undefined ? clock() : parseToday(pinned, env[NOW_ENV] !== undefined ? NOW_ENV : "today");
}

/** The environment to hand a child process (pulumi) so it sees the same pinned day; `{}` when unpinned. */
export function pinnedEnv(env: NodeJS.ProcessEnv = process.env, fallback?: string): Record<string, string> {
  const pinned = env[NOW_ENV] ?? fallback;
  return pinned === undefined ? {} : { [NOW_ENV]: pinned };
}
