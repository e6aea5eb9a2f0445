/**
 * Fault injection for client tests: latency, random error rates per errcode, one-shot errors on a path,
 * connection resets and token revocation. Random choices use a seeded PRNG so a failing test replays.
 */
import { prng } from "./seed";

export type LatencySpec = { fixedMs: number } | { minMs: number; maxMs: number };

/** What POST /__console/faults accepts (and --fault builds); fields given replace the current ones. */
export interface FaultSpec {
  latency?: LatencySpec;
  /** errcode → probability (0–1) that an API call (not gettoken) answers with it, e.g. {"45009": 0.1}. */
  errorRates?: Record<string, number>;
  /** The next `count` (default 1) calls to `path` answer with `errcode`. Appended to pending ones. */
  oneShot?: { path: string; errcode: number; count?: number }[];
  /**
   * "Write applied, answer lost": the next `count` (default 1) successful calls to `path` are applied and
   * persisted, then their connection is destroyed before the answer is sent. Appended to pending ones.
   */
  appliedLost?: { path: string; count?: number }[];
  /**
   * "Applied, answered without a field": the next `count` (default 1) successful calls to `path` are
   * applied and answered errcode 0 without `field` (tag/create without its tagid). Appended to pending ones.
   */
  omitFields?: { path: string; field: string; count?: number }[];
  /** Probability that an API call's connection is destroyed before any answer. */
  resetRate?: number;
  /** The next N API calls have their connection destroyed. */
  resetNext?: number;
  /**
   * Concurrent API calls above this answer 45033 (0 = no cap). Old 企业号 docs named 300 per corp; WeCom's
   * current number is unconfirmed (wecom-api.md §7.2), so there is no default.
   */
  maxConcurrent?: number;
  /** Invalidate every token issued so far (business calls then get 40014 until gettoken again). */
  revokeTokens?: boolean;
  /** PRNG seed for the random choices. */
  seed?: number;
}

/** The current faults, as GET /__console/faults shows them. */
export interface FaultView {
  latency: LatencySpec | null;
  errorRates: Record<string, number>;
  oneShot: { path: string; errcode: number; remaining: number }[];
  appliedLost: { path: string; remaining: number }[];
  omitFields: { path: string; field: string; remaining: number }[];
  resetRate: number;
  resetNext: number;
  maxConcurrent: number;
  tokensRevokedAt: number | null;
  seed: number;
}

/** What to do with one API call. */
export interface FaultDecision {
  delayMs: number;
  reset: boolean;
  errcode: number | undefined;
}

export class FaultError extends Error {}

function check(cond: boolean, message: string): void {
  if (!cond) throw new FaultError(message);
}

function validLatency(l: unknown): LatencySpec {
  const o = l as Record<string, unknown>;
  if (typeof o === "object" && o !== null && typeof o["fixedMs"] === "number" && o["fixedMs"] >= 0) {
    return { fixedMs: o["fixedMs"] };
  }
  const min = o?.["minMs"];
  const max = o?.["maxMs"];
  check(
    typeof min === "number" && typeof max === "number" && min >= 0 && max >= min,
    "latency needs {fixedMs} or {minMs, maxMs} with 0 ≤ minMs ≤ maxMs",
  );
  return { minMs: min as number, maxMs: max as number };
}

export class Faults {
  private latency: LatencySpec | undefined;
  private errorRates: Record<string, number> = {};
  private oneShot: { path: string; errcode: number; remaining: number }[] = [];
  private appliedLost: { path: string; remaining: number }[] = [];
  private omitFields: { path: string; field: string; remaining: number }[] = [];
  private resetRate = 0;
  private resetNext = 0;
  /** 0 = no concurrency cap. */
  maxConcurrent = 0;
  private seed = 1;
  private rand = prng(1);
  /** Host-clock ms of the last revocation; tokens issued at or before it are invalid. */
  revokedBeforeMs: number | undefined;

  constructor(private readonly nowMs: () => number) {}

  /** Applies a spec; throws FaultError with a readable message when it is malformed. */
  apply(spec: FaultSpec): void {
    check(typeof spec === "object" && spec !== null && !Array.isArray(spec), "faults must be a JSON object");
    const known = new Set([
      "latency",
      "errorRates",
      "oneShot",
      "appliedLost",
      "omitFields",
      "resetRate",
      "resetNext",
      "maxConcurrent",
      "revokeTokens",
      "seed",
    ]);
    for (const k of Object.keys(spec)) check(known.has(k), `unknown fault "${k}"`);
    if (spec.latency !== undefined) this.latency = validLatency(spec.latency);
    if (spec.errorRates !== undefined) {
      check(typeof spec.errorRates === "object" && spec.errorRates !== null, "errorRates must be an object");
      const rates: Record<string, number> = {};
      for (const [code, p] of Object.entries(spec.errorRates)) {
        check(/^-?\d+$/.test(code) && code !== "0", `errorRates key "${code}" must be a non-zero errcode`);
        check(typeof p === "number" && p >= 0 && p <= 1, `errorRates["${code}"] must be between 0 and 1`);
        rates[code] = p;
      }
      this.errorRates = rates;
    }
    if (spec.oneShot !== undefined) {
      check(Array.isArray(spec.oneShot), "oneShot must be a list");
      for (const o of spec.oneShot) {
        check(
          typeof o?.path === "string" && o.path.startsWith("/cgi-bin/"),
          "oneShot[].path must start with /cgi-bin/",
        );
        check(Number.isInteger(o.errcode) && o.errcode !== 0, "oneShot[].errcode must be a non-zero integer");
        const count = o.count ?? 1;
        check(Number.isInteger(count) && count >= 1, "oneShot[].count must be a positive integer");
        this.oneShot.push({ path: o.path, errcode: o.errcode, remaining: count });
      }
    }
    if (spec.appliedLost !== undefined) {
      check(Array.isArray(spec.appliedLost), "appliedLost must be a list");
      for (const o of spec.appliedLost) {
        check(
          typeof o?.path === "string" && o.path.startsWith("/cgi-bin/"),
          "appliedLost[].path must start with /cgi-bin/",
        );
        const count = o.count ?? 1;
        check(Number.isInteger(count) && count >= 1, "appliedLost[].count must be a positive integer");
        this.appliedLost.push({ path: o.path, remaining: count });
      }
    }
    if (spec.omitFields !== undefined) {
      check(Array.isArray(spec.omitFields), "omitFields must be a list");
      for (const o of spec.omitFields) {
        check(
          typeof o?.path === "string" && o.path.startsWith("/cgi-bin/"),
          "omitFields[].path must start with /cgi-bin/",
        );
        check(
          typeof o.field === "string" && o.field !== "" && o.field !== "errcode",
          "omitFields[].field must name an answer field other than errcode",
        );
        const count = o.count ?? 1;
        check(Number.isInteger(count) && count >= 1, "omitFields[].count must be a positive integer");
        this.omitFields.push({ path: o.path, field: o.field, remaining: count });
      }
    }
    if (spec.resetRate !== undefined) {
      check(
        typeof spec.resetRate === "number" && spec.resetRate >= 0 && spec.resetRate <= 1,
        "resetRate must be between 0 and 1",
      );
      this.resetRate = spec.resetRate;
    }
    if (spec.resetNext !== undefined) {
      check(
        Number.isInteger(spec.resetNext) && spec.resetNext >= 0,
        "resetNext must be a non-negative integer",
      );
      this.resetNext = spec.resetNext;
    }
    if (spec.maxConcurrent !== undefined) {
      check(
        Number.isInteger(spec.maxConcurrent) && spec.maxConcurrent >= 0,
        "maxConcurrent must be a non-negative integer",
      );
      this.maxConcurrent = spec.maxConcurrent;
    }
    if (spec.seed !== undefined) {
      check(Number.isInteger(spec.seed), "seed must be an integer");
      this.seed = spec.seed;
      this.rand = prng(spec.seed);
    }
    if (spec.revokeTokens === true) this.revokedBeforeMs = this.nowMs();
  }

  /** Removes every fault (a past token revocation stays: those tokens are gone). */
  clear(): void {
    this.latency = undefined;
    this.errorRates = {};
    this.oneShot = [];
    this.appliedLost = [];
    this.omitFields = [];
    this.resetRate = 0;
    this.resetNext = 0;
    this.maxConcurrent = 0;
  }

  view(): FaultView {
    return {
      latency: this.latency ?? null,
      errorRates: { ...this.errorRates },
      oneShot: this.oneShot.map((o) => ({ ...o })),
      appliedLost: this.appliedLost.map((o) => ({ ...o })),
      omitFields: this.omitFields.map((o) => ({ ...o })),
      resetRate: this.resetRate,
      resetNext: this.resetNext,
      maxConcurrent: this.maxConcurrent,
      tokensRevokedAt: this.revokedBeforeMs ?? null,
      seed: this.seed,
    };
  }

  /** Decides the fate of one API call to `path`. Error rates spare gettoken; one-shots may target it. */
  decide(path: string): FaultDecision {
    let delayMs = 0;
    if (this.latency) {
      delayMs =
        "fixedMs" in this.latency
          ? this.latency.fixedMs
          : this.latency.minMs + this.rand() * (this.latency.maxMs - this.latency.minMs);
    }
    let reset = false;
    if (this.resetNext > 0) {
      this.resetNext--;
      reset = true;
    } else if (this.resetRate > 0 && this.rand() < this.resetRate) {
      reset = true;
    }
    let errcode: number | undefined;
    const shot = this.oneShot.find((o) => o.path === path);
    if (shot) {
      errcode = shot.errcode;
      shot.remaining--;
      if (shot.remaining === 0) this.oneShot.splice(this.oneShot.indexOf(shot), 1);
    } else if (path !== "/cgi-bin/gettoken") {
      for (const [code, p] of Object.entries(this.errorRates)) {
        if (this.rand() < p) {
          errcode = Number(code);
          break;
        }
      }
    }
    return { delayMs: Math.round(delayMs), reset, errcode };
  }

  /**
   * Called once a call to `path` has been applied: true when its answer is to be lost (the pending
   * "applied, answer lost" count for the path is used up by one).
   */
  loseAnswer(path: string): boolean {
    const lost = this.appliedLost.find((o) => o.path === path);
    if (!lost) return false;
    lost.remaining--;
    if (lost.remaining === 0) this.appliedLost.splice(this.appliedLost.indexOf(lost), 1);
    return true;
  }

  /** Called once a call to `path` has succeeded: the answer field to leave out, if one is pending. */
  omitField(path: string): string | undefined {
    const o = this.omitFields.find((x) => x.path === path);
    if (!o) return undefined;
    o.remaining--;
    if (o.remaining === 0) this.omitFields.splice(this.omitFields.indexOf(o), 1);
    return o.field;
  }
}

/**
 * Parses one `--fault` value: a JSON FaultSpec, or a shorthand —
 * `latency=50` | `latency=10-100` | `error:45009=0.1` | `once:/cgi-bin/tag/get=-1` | `once:/cgi-bin/tag/get=-1x3`
 * | `lost:/cgi-bin/tag/create` | `lost:/cgi-bin/user/update=3` | `omit:/cgi-bin/tag/create=tagid[xN]` | `reset=0.05` | `reset-next=2` | `concurrency=300`
 * | `seed=7`.
 */
export function parseFaultFlag(flag: string): FaultSpec {
  const s = flag.trim();
  if (s.startsWith("{")) return JSON.parse(s) as FaultSpec;
  let m = /^latency=(\d+)(?:-(\d+))?$/.exec(s);
  if (m)
    return {
      latency: m[2] === undefined ? { fixedMs: Number(m[1]) } : { minMs: Number(m[1]), maxMs: Number(m[2]) },
    };
  m = /^error:(-?\d+)=([0-9.]+)$/.exec(s);
  if (m) return { errorRates: { [m[1] as string]: Number(m[2]) } };
  m = /^once:(\/cgi-bin\/\S+)=(-?\d+)(?:x(\d+))?$/.exec(s);
  if (m)
    return {
      oneShot: [
        { path: m[1] as string, errcode: Number(m[2]), count: m[3] === undefined ? 1 : Number(m[3]) },
      ],
    };
  m = /^lost:(\/cgi-bin\/[^\s=]+)(?:=(\d+))?$/.exec(s);
  if (m) return { appliedLost: [{ path: m[1] as string, count: m[2] === undefined ? 1 : Number(m[2]) }] };
  m = /^omit:(\/cgi-bin\/[^\s=]+)=([A-Za-z_]+?)(?:x(\d+))?$/.exec(s);
  if (m)
    return {
      omitFields: [
        { path: m[1] as string, field: m[2] as string, count: m[3] === undefined ? 1 : Number(m[3]) },
      ],
    };
  m = /^reset=([0-9.]+)$/.exec(s);
  if (m) return { resetRate: Number(m[1]) };
  m = /^reset-next=(\d+)$/.exec(s);
  if (m) return { resetNext: Number(m[1]) };
  m = /^concurrency=(\d+)$/.exec(s);
  if (m) return { maxConcurrent: Number(m[1]) };
  m = /^seed=(-?\d+)$/.exec(s);
  if (m) return { seed: Number(m[1]) };
  throw new FaultError(
    `unrecognised --fault "${flag}": use latency=MS, latency=MIN-MAX, error:CODE=P, once:/cgi-bin/PATH=CODE[xN], lost:/cgi-bin/PATH[=N], omit:/cgi-bin/PATH=FIELD[xN], reset=P, reset-next=N, concurrency=N, seed=N or a JSON object`,
  );
}

/** Merges several specs (later error rates add to earlier ones) into one to apply at start. */
export function mergeFaultSpecs(specs: readonly FaultSpec[]): FaultSpec {
  const out: FaultSpec = {};
  for (const s of specs) {
    if (s.latency) out.latency = s.latency;
    if (s.errorRates) out.errorRates = { ...(out.errorRates ?? {}), ...s.errorRates };
    if (s.oneShot) out.oneShot = [...(out.oneShot ?? []), ...s.oneShot];
    if (s.appliedLost) out.appliedLost = [...(out.appliedLost ?? []), ...s.appliedLost];
    if (s.resetRate !== undefined) out.resetRate = s.resetRate;
    if (s.resetNext !== undefined) out.resetNext = s.resetNext;
    if (s.maxConcurrent !== undefined) out.maxConcurrent = s.maxConcurrent;
    if (s.seed !== undefined) out.seed = s.seed;
  }
  return out;
}
