/**
 * The sandbox's durable store (issue 12): a snapshot file plus an append-only journal beside it
 * (`<file>.journal`), so an acknowledged write costs one fsync'd line instead of rewriting the whole
 * tenant. Each line is one recorded change (./changes.ts) with a sequence number; the snapshot records the
 * last sequence it contains (`journal_seq`), so a crash between writing a snapshot and truncating the
 * journal replays nothing twice. Recovery = snapshot + the journal's lines after it; a torn last line (a
 * kill in the middle of an append, never acknowledged) is dropped. Compaction (snapshot, then truncate)
 * runs when the journal outgrows the snapshot and at clean shutdown, so replay stays bounded and the
 * amortised cost per write stays constant.
 *
 * This module only moves bytes; what a change means is ./changes.ts.
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import type { RecordedChange } from "./recorded-change";
import { readState, writeStateAtomic, type SandboxState } from "./state";

/** Compact once the journal is larger than this and larger than the last snapshot. */
export const DEFAULT_COMPACT_MIN_BYTES = 4 * 1024 * 1024;

export interface StoreOptions {
  compactMinBytes?: number;
  /** Read only (tools and tests beside a running sandbox): no journal is opened, created or repaired. */
  readOnly?: boolean;
}

export interface JournalLine {
  seq: number;
  change: RecordedChange;
}

export interface OpenedStore {
  store: StateStore;
  /** The snapshot as written (undefined: no state file yet). */
  snapshot: SandboxState | undefined;
  /** Journal lines after the snapshot, oldest first, to replay onto it. */
  pending: JournalLine[];
  /** Bytes of a torn last line that were dropped (0 normally). */
  tornBytes: number;
}

export function journalPath(file: string): string {
  return `${file}.journal`;
}

export class StateStore {
  private fd: number | undefined;
  private seq: number;
  private bytes: number;
  private snapshotBytes: number;

  private constructor(
    readonly file: string,
    private readonly compactMinBytes: number,
    seq: number,
    bytes: number,
    snapshotBytes: number,
  ) {
    this.seq = seq;
    this.bytes = bytes;
    this.snapshotBytes = snapshotBytes;
  }

  /**
   * Opens `file` (snapshot, old single-file format included) and its journal; a torn last journal line is
   * cut off the file so later appends start on a line of their own.
   */
  static open(file: string, opts: StoreOptions = {}): OpenedStore {
    const snapshot = readState(file);
    const snapshotBytes = snapshot === undefined ? 0 : fstatSize(file);
    const base = snapshot?.journal_seq ?? 0;
    const jpath = journalPath(file);
    const pending: JournalLine[] = [];
    let seq = base;
    let valid = 0;
    let tornBytes = 0;
    if (existsSync(jpath)) {
      const buf = readFileSync(jpath);
      const end = buf.lastIndexOf(0x0a) + 1;
      tornBytes = buf.length - end;
      valid = end;
      const lines = buf.subarray(0, end).toString("utf8").split("\n");
      lines.pop();
      lines.forEach((text, i) => {
        let line: JournalLine;
        try {
          line = JSON.parse(text) as JournalLine;
        } catch (err) {
          throw new Error(
            `sandbox journal ${jpath} line ${i + 1} is not valid JSON (only a torn last line is expected after a crash)`,
            { cause: err },
          );
        }
        if (typeof line.seq !== "number" || typeof line.change !== "object")
          throw new Error(`sandbox journal ${jpath} line ${i + 1} is not a journal entry`);
        // Already in the snapshot: a crash between writing the snapshot and truncating the journal.
        if (line.seq <= base) return;
        if (line.seq !== seq + 1)
          throw new Error(`sandbox journal ${jpath} line ${i + 1}: sequence ${line.seq} after ${seq}`);
        seq = line.seq;
        pending.push(line);
      });
    }
    const store = new StateStore(
      file,
      opts.compactMinBytes ?? DEFAULT_COMPACT_MIN_BYTES,
      seq,
      valid,
      snapshotBytes,
    );
    if (opts.readOnly) return { store, snapshot, pending, tornBytes };
    store.fd = openSync(jpath, "a", 0o600);
    if (tornBytes > 0) {
      ftruncateSync(store.fd, valid);
      fdatasyncSync(store.fd);
    }
    return { store, snapshot, pending, tornBytes };
  }

  /** Lines and bytes in the journal now. */
  get journalBytes(): number {
    return this.bytes;
  }

  /**
   * Appends one change and makes it durable (fdatasync) before returning: call before acknowledging the
   * write. One write(2) per line, so a kill leaves at most a torn last line.
   */
  append(change: RecordedChange): void {
    const fd = this.need();
    const data = Buffer.from(`${JSON.stringify({ seq: this.seq + 1, change })}\n`, "utf8");
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fdatasyncSync(fd);
    this.seq++;
    this.bytes += data.length;
  }

  /** True when the journal has outgrown both the minimum and the last snapshot (amortised O(1) per write). */
  get wantsCompaction(): boolean {
    return this.bytes > this.compactMinBytes && this.bytes > this.snapshotBytes;
  }

  /** Writes `state` (which holds every journaled change) as the snapshot, then empties the journal. */
  compact(state: SandboxState): void {
    const fd = this.need();
    state.journal_seq = this.seq;
    writeStateAtomic(this.file, state);
    this.snapshotBytes = fstatSize(this.file);
    ftruncateSync(fd, 0);
    fdatasyncSync(fd);
    this.bytes = 0;
  }

  /** Clean shutdown: compacts and removes the journal, leaving the single state file. */
  close(state: SandboxState): void {
    if (this.fd === undefined) return;
    if (this.bytes > 0 || state.journal_seq !== this.seq) this.compact(state);
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(journalPath(this.file), { force: true });
  }

  /** Closes the journal as it is (a crash-like stop, for tests): the next open replays it. */
  release(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private need(): number {
    if (this.fd === undefined) throw new Error(`sandbox state ${this.file} is closed`);
    return this.fd;
  }
}

function fstatSize(file: string): number {
  return statSync(file).size;
}
