/**
 * Many tenants: one Pulumi stack per tenant, all in one backend (Pulumi's `postgres://` DIY backend in
 * the fleet test: ./postgres.ts), each stack with its own config and passphrase, and `pulumi up` or the
 * drift check run for several stacks at once. README, "Many tenants".
 *
 * Pulumi itself keeps two runs of one stack apart: its DIY backend writes a lock object per update and
 * refuses a second update while another's lock exists ({@link LOCK_REFUSAL}; docs/decisions.md).
 */
import { runDrift, type DriftOutcome } from "../drift/run";
import type { PulumiResult, PulumiWorkspace } from "../pulumi/workspace";
import { mapLimit } from "../wecom/semaphore";

/** How Pulumi's DIY backend refuses an update while another holds the stack's lock (pkg/backend/diy/lock.go). */
export const LOCK_REFUSAL = "the stack is currently locked by";

/** Did this pulumi run stop because another run holds the stack's lock? */
export const lockRefused = (r: PulumiResult): boolean =>
  r.code !== 0 && (r.stderr + r.stdout).includes(LOCK_REFUSAL);

export interface StackRun<R> {
  stack: string;
  /** Wall time of this stack's run. */
  ms: number;
  result: R;
}

/** Every stack's run and the wall time of the whole batch. */
export interface FleetRun<R> {
  runs: StackRun<R>[];
  ms: number;
}

/** Run `fn` for every stack, at most `parallel` at a time; results in the order of `stacks`. */
export async function forEachStack<R>(
  stacks: readonly PulumiWorkspace[],
  parallel: number,
  fn: (ws: PulumiWorkspace) => Promise<R>,
): Promise<FleetRun<R>> {
  const t0 = performance.now();
  const runs = await mapLimit(stacks, Math.max(1, parallel), async (ws) => {
    const t = performance.now();
    const result = await fn(ws);
    return { stack: ws.stack, ms: Math.round(performance.now() - t), result };
  });
  return { runs, ms: Math.round(performance.now() - t0) };
}

/** `pulumi up --yes --skip-preview` on one stack. */
export const upStack = (ws: PulumiWorkspace): Promise<PulumiResult> =>
  ws.run(["up", "--yes", "--skip-preview", ...ws.stackArgs()]);

/** `wecom-policy drift`'s check on one stack (exit code 0 in sync, 2 drift, 1 error). */
export const driftStack = (ws: PulumiWorkspace, sinceDays = 7): Promise<DriftOutcome> =>
  runDrift(ws, { now: new Date(), sinceDays });
