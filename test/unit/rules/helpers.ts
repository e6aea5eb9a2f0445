import { expect } from "vitest";
import type { PolicyModel } from "../../../src/policy/model";
import {
  applyWaivers,
  evaluateDeclared,
  evaluateLive,
  type ControlId,
  type Finding,
} from "../../../src/rules";
import type { LiveSnapshot } from "../../../src/rules/live-snapshot";
import { NOW, waiver } from "./builders";

export function declared(model: PolicyModel, id: ControlId): Finding[] {
  return evaluateDeclared(model, { now: NOW }).filter((f) => f.controlId === id);
}

export function live(model: PolicyModel, snapshot: LiveSnapshot, id: ControlId): Finding[] {
  return evaluateLive(model, snapshot).filter((f) => f.controlId === id);
}

/** The single finding of `id` with `target`; fails the test when there is not exactly one. */
export function only(findings: Finding[], target: string): Finding {
  const hits = findings.filter((f) => f.target === target);
  expect(hits.map((f) => f.target)).toEqual([target]);
  return hits[0] as Finding;
}

/**
 * Adds a valid waiver for (id, target) to the model and checks that the failing finding becomes
 * `waived` carrying the waiver, and that nothing else of that control changes.
 */
export function expectWaived(
  model: PolicyModel,
  id: ControlId,
  target: string,
  evaluate: (m: PolicyModel) => Finding[],
): void {
  const before = evaluate(model).filter((f) => f.controlId === id);
  expect(only(before, target).status).toBe("fail");
  model.waivers.push(waiver(id, target));
  const after = applyWaivers(evaluate(model), model.waivers, NOW).filter((f) => f.controlId === id);
  const f = only(after, target);
  expect(f.status).toBe("waived");
  expect(f.waiver).toEqual({
    id: "w1",
    owner: "liuyang",
    reason: "Accepted while the fix is scheduled",
    expires: "2026-12-31",
    source: "waivers.yaml#/waivers/w1",
  });
  expect(after.filter((x) => x.target !== target)).toEqual(before.filter((x) => x.target !== target));
}

export const declaredOf = (m: PolicyModel): Finding[] => evaluateDeclared(m, { now: NOW });
export const liveOf =
  (snapshot: LiveSnapshot) =>
  (m: PolicyModel): Finding[] =>
    evaluateLive(m, snapshot);
