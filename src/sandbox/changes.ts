/**
 * Recovery: the snapshot plus the journal's recorded changes (journal.ts, recorded-change.ts) replayed
 * in order. Handlers are deterministic given the tenant, the request and the clock, so the replay
 * rebuilds the tenant exactly, and new state (intercept rules, check-in rules, …) is covered without a
 * journal format of its own.
 *
 * A journal is replayed by the build that wrote it or a later one: a clean shutdown compacts it away, so
 * only a crash leaves one behind.
 */
import { performance } from "node:perf_hooks";
import { handlers } from "./api";
import { applyConsoleChange } from "./console";
import { StateStore, type OpenedStore, type StoreOptions } from "./journal";
import { principalFromKey, type RecordedChange } from "./recorded-change";
import type { SandboxState } from "./state";
import { Tenant } from "./tenant";

/**
 * Applies a recorded change to the tenant as it was applied live. A change answered with an error was
 * recorded because it changed something before failing (a partial batch); it fails the same way again.
 */
export function replayChange(tenant: Tenant, change: RecordedChange): void {
  if (change.kind === "console") {
    applyConsoleChange({ tenant, nowSeconds: () => change.now }, change.route, change.body, change.ip);
    return;
  }
  const handler = handlers[change.endpoint];
  try {
    handler({
      principal: principalFromKey(change.principal),
      query: new URLSearchParams(change.query),
      body: change.body,
      now: change.now,
      tenant,
    });
  } catch {
    // Deliberately ignored: the live call answered this error too, after the changes it made.
  }
}

export interface RecoveredState extends OpenedStore {
  /** The tenant after replay, undefined when there is no state file yet. */
  tenant: Tenant | undefined;
  /** Journal lines replayed. */
  replayed: number;
  /** Time spent replaying them (ms). */
  replayMs: number;
}

/** Opens a state file with its journal and replays the journal onto the snapshot. */
export function recover(file: string, opts: StoreOptions = {}): RecoveredState {
  const opened = StateStore.open(file, opts);
  if (!opened.snapshot) {
    if (opened.pending.length > 0)
      throw new Error(`sandbox journal ${file}.journal has changes but the state file ${file} is missing`);
    return { ...opened, tenant: undefined, replayed: 0, replayMs: 0 };
  }
  const tenant = new Tenant(opened.snapshot);
  const started = performance.now();
  for (const line of opened.pending) replayChange(tenant, line.change);
  tenant.dirty = false;
  return { ...opened, tenant, replayed: opened.pending.length, replayMs: performance.now() - started };
}

/**
 * The state a sandbox restarted on `file` would serve (snapshot + journal), without keeping the files
 * open; undefined when there is no state file. For tests and tools.
 */
export function loadState(file: string): SandboxState | undefined {
  return recover(file, { readOnly: true }).tenant?.state;
}
