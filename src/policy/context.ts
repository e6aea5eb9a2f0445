/**
 * State shared by the loader stages: the parsed sources (for positions), the problems collected so
 * far, and the ids each file declares so that references across files can be checked.
 */
import { escapePointer } from "../schema";
import type { CsvSource } from "./csv-source";
import { didYouMean } from "./did-you-mean";
import { msg, type MessageParts, type RefKind } from "./messages";
import type { SourceLocation, SourceRef } from "./model";
import type { Problem } from "./problems";
import type { YamlSource } from "./yaml-source";

export type Source = YamlSource | CsvSource;

/**
 * Ids declared by the policy files. A set stays undefined while the file declaring it is missing or
 * invalid: references into it are then not checked, so one broken file does not bury the user under
 * a cascade of "unknown …" problems.
 */
export interface Known {
  users?: ReadonlySet<string> | undefined;
  departments?: ReadonlySet<number> | undefined;
  purposes?: ReadonlySet<string> | undefined;
  pias?: ReadonlySet<string> | undefined;
  consultations?: ReadonlySet<string> | undefined;
  /** app key → agentid */
  apps?: ReadonlyMap<string, number> | undefined;
  roles?: ReadonlySet<string> | undefined;
  /** crossborder.yaml recipient keys */
  recipients?: ReadonlySet<string> | undefined;
  /** Control ids of the catalogue (`WC.ARC.1v1`). */
  controls?: ReadonlySet<string> | undefined;
  /** checkin.yaml rule keys */
  checkinRules?: ReadonlySet<string> | undefined;
}

export class LoadContext {
  readonly sources = new Map<string, Source>();
  /** Files read besides the sources (protection.yaml evidence files): part of the policy's content. */
  readonly attached = new Set<string>();
  readonly problems: Problem[] = [];
  readonly known: Known = {};
  private readonly seen = new Set<string>();
  /** See {@link ItemSources}: filled by {@link LoadContext.items} as the normalisers read lists. */
  readonly itemSources = new Map<SourceRef, Map<string, SourceRef>>();

  constructor(readonly dir: string) {}

  /** Record a problem at `file` + `pointer`; a problem is reported once however often it is found. */
  report(file: string, pointer: string, parts: MessageParts, at?: { line: number; column: number }): void {
    const position = at ?? this.position(file, pointer);
    const problem: Problem = {
      file,
      line: position.line,
      column: position.column,
      pointer,
      code: parts.code,
      message: parts.message,
    };
    if (parts.fix) problem.fix = parts.fix;
    const key = `${file}\0${pointer}\0${parts.code}\0${parts.message.en}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(problem);
  }

  position(file: string, pointer: string): { line: number; column: number } {
    const source = this.sources.get(file);
    return source ? source.locate(pointer).position : { line: 1, column: 1 };
  }

  locate(ref: SourceRef): SourceLocation {
    const hash = ref.indexOf("#");
    const file = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? "" : ref.slice(hash + 1);
    const { line, column } = this.position(file, pointer);
    return { file, line, column, pointer };
  }

  /**
   * Record where each item of the list at `file` + `pointer` was written, before the normaliser sorts
   * and de-duplicates it; returns `values` unchanged. The first occurrence of a repeated value wins (the
   * repeat is a problem of its own).
   */
  items<T extends string | number>(file: string, pointer: string, values: readonly T[]): readonly T[] {
    const list = `${file}#${pointer}`;
    const byValue = this.itemSources.get(list) ?? new Map<string, SourceRef>();
    values.forEach((v, i) => {
      const k = String(v);
      if (!byValue.has(k)) byValue.set(k, `${list}/${i}`);
    });
    this.itemSources.set(list, byValue);
    return values;
  }

  /**
   * Check a reference; reports `unknown <kind>` with a did-you-mean when it does not resolve.
   * Returns false only when the reference is known to be dangling.
   */
  ref(kind: RefKind, id: string | number, file: string, pointer: string): boolean {
    const known = this.knownSet(kind);
    if (known === undefined) return true;
    if (known.has(id)) return true;
    // Numeric ids (departments) are not typos of each other: 16 is not "probably 1".
    const guess = typeof id === "number" ? undefined : didYouMean(id, [...known].map(String));
    this.report(file, pointer, msg.unknownRef(kind, id, guess));
    return false;
  }

  /**
   * Check a reference to a PIA or consultation record; an id of the other kind gets a clearer
   * message than "unknown".
   */
  refRecord(kind: "pia" | "consultation", id: string, file: string, pointer: string): boolean {
    const mine = kind === "pia" ? this.known.pias : this.known.consultations;
    const other = kind === "pia" ? this.known.consultations : this.known.pias;
    if (mine !== undefined && !mine.has(id) && other?.has(id)) {
      this.report(file, pointer, msg.recordKind(id, kind, kind === "pia" ? "consultation" : "pia"));
      return false;
    }
    return this.ref(kind, id, file, pointer);
  }

  private knownSet(kind: RefKind): ReadonlySet<string | number> | undefined {
    switch (kind) {
      case "user":
        return this.known.users;
      case "department":
        return this.known.departments;
      case "consent-purpose":
        return this.known.purposes;
      case "pia":
        return this.known.pias;
      case "consultation":
        return this.known.consultations;
      case "app":
        return this.known.apps ? new Set(this.known.apps.keys()) : undefined;
      case "role":
        return this.known.roles;
      case "recipient":
        return this.known.recipients;
      case "control":
        return this.known.controls;
      case "checkin-rule":
        return this.known.checkinRules;
    }
  }
}

/** `<file>#<pointer>` built from path segments. */
export function refOf(file: string, ...segments: (string | number)[]): SourceRef {
  return `${file}#${pointerOf(...segments)}`;
}

export function pointerOf(...segments: (string | number)[]): string {
  return segments.map((s) => "/" + escapePointer(String(s))).join("");
}
