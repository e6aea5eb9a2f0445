/** What every check receives. Checks are pure: same context, same findings. */
import type { IsoDate, Person, PolicyModel } from "../policy/model";
import { cstDay } from "./dates";
import type { Finding } from "./finding";
import type { LiveSnapshot } from "./live-snapshot";

export interface DeclaredContext {
  readonly model: PolicyModel;
  /** The injected clock. */
  readonly now: Date;
  /** The China Standard Time calendar day of `now`, for comparing with policy dates. */
  readonly today: IsoDate;
}

export interface LiveContext extends DeclaredContext {
  readonly snapshot: LiveSnapshot;
}

export type DeclaredCheck = (ctx: DeclaredContext) => Finding[];
export type LiveCheck = (ctx: LiveContext) => Finding[];

export function declaredContext(model: PolicyModel, now: Date): DeclaredContext {
  return { model, now, today: cstDay(now) };
}

/** A person who has left by `today` (status left and a leave date not in the future). */
export function hasLeft(person: Person | undefined, today: IsoDate): boolean {
  if (!person || person.status !== "left") return false;
  return person.leaveDate === undefined || person.leaveDate <= today;
}

/** True when the string is present and not just whitespace. */
export function filled(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== "";
}
