/**
 * Calendar arithmetic for the checks. Policy dates are China Standard Time calendar days (model.ts);
 * "today" is the CST day of the injected `now`, never `Date.now()`, so tests and reports are repeatable.
 */
import type { IsoDate } from "../policy/model";

const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The China Standard Time calendar day of an instant. */
export function cstDay(now: Date): IsoDate {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 CST at the start of a calendar day, as an instant. */
export function startOfCstDay(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS);
}

function parts(date: IsoDate): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(y: number, m: number, d: number): IsoDate {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return format(y, m, d + days);
}

/** Calendar months, clamped to the month's last day (2026-08-31 − 6 months = 2026-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return format(y, m + months, Math.min(d, last));
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, 12 * years);
}

export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3600 * 1000);
}

export function minusDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() - days * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Parses an ISO-8601 instant from a live snapshot; throws on garbage so a bad snapshot is loud. */
export function instant(iso: string): Date {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return new Date(t);
}

/** `2026-11-28 09:00 UTC` — instants in messages, to the minute. */
export function formatInstant(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
