/**
 * The evidence directory of `wecom-policy audit --evidence DIR`, which an auditor re-checks offline with
 * `wecom-policy audit --from-evidence DIR`:
 *
 *   snapshot.json    the tenant as read (no secret or token ever enters a snapshot)
 *   policy.json      the policy files' git commit, whether they differed from it, and a content hash
 *   policies/…       the policy files themselves, so the audit can be re-evaluated without the repository
 *   results.json     the audit report (schemas/audit-report.schema.json)
 *   manifest.json    SHA-256 of every file above
 *
 * Verifying recomputes every hash (a file edited, deleted or added is named), recomputes the policy
 * content hash, and re-evaluates the controls: results.json must equal what the snapshot and policies give.
 */
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";
import type { AuditReport } from "../generated/audit-report";
import { loadPolicies } from "../policy";
import type { TenantSnapshot } from "../tenant";
import { evaluateAudit } from "./evaluate";

const run = promisify(execFile);

export const EVIDENCE_FILES = {
  manifest: "manifest.json",
  snapshot: "snapshot.json",
  policy: "policy.json",
  results: "results.json",
  policies: "policies",
} as const;

export interface Manifest {
  version: 1;
  algorithm: "sha256";
  /** Path relative to the evidence directory (forward slashes) → hex digest. */
  files: Record<string, string>;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** "sha256:…" over every file's path and content, in path order: the same files give the same hash. */
export async function policyContentHash(dir: string, files: readonly string[]): Promise<string> {
  const h = createHash("sha256");
  for (const f of [...files].sort()) {
    h.update(f).update("\0");
    h.update(sha256(await fs.readFile(path.join(dir, f)))).update("\n");
  }
  return `sha256:${h.digest("hex")}`;
}

/** The policy files' git commit and whether they differ from it; `null` outside a git work tree. */
export async function policyCommit(
  dir: string,
  files: readonly string[],
): Promise<{ commit: string | null; dirty: boolean }> {
  try {
    const { stdout } = await run("git", ["-C", dir, "rev-parse", "HEAD"]);
    const status = await run("git", ["-C", dir, "status", "--porcelain", "--", ...files]);
    return { commit: stdout.trim(), dirty: status.stdout.trim() !== "" };
  } catch {
    return { commit: null, dirty: false };
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

async function writeFile(
  root: string,
  rel: string,
  data: string | Buffer,
  manifest: Manifest,
): Promise<void> {
  const file = path.join(root, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data);
  manifest.files[rel] = sha256(data);
}

/** Writes a fresh evidence directory (an existing one is replaced) and returns the manifest's own hash. */
export async function writeEvidence(
  dir: string,
  e: { snapshot: TenantSnapshot; report: AuditReport; policiesDir: string; files: readonly string[] },
): Promise<{ manifestSha256: string }> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const manifest: Manifest = { version: 1, algorithm: "sha256", files: {} };
  await writeFile(dir, EVIDENCE_FILES.snapshot, json(e.snapshot), manifest);
  await writeFile(dir, EVIDENCE_FILES.policy, json(e.report.policy), manifest);
  for (const f of [...e.files].sort())
    await writeFile(
      dir,
      `${EVIDENCE_FILES.policies}/${f}`,
      await fs.readFile(path.join(e.policiesDir, f)),
      manifest,
    );
  await writeFile(dir, EVIDENCE_FILES.results, json(e.report), manifest);
  const m = json(manifest);
  await fs.writeFile(path.join(dir, EVIDENCE_FILES.manifest), m);
  return { manifestSha256: sha256(m) };
}

/** An evidence directory that does not verify: each problem names the file. */
export class EvidenceError extends Error {
  override readonly name = "EvidenceError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}

async function listFiles(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await listFiles(root, p)));
    else out.push(p);
  }
  return out;
}

export interface VerifiedEvidence {
  /** results.json as written. */
  report: AuditReport;
  /** The same report, re-evaluated from snapshot.json and policies/. */
  recomputed: AuditReport;
  manifestSha256: string;
}

/**
 * Verifies every hash, the policy content hash and the results, then returns the report. Throws
 * EvidenceError naming each file that was edited, deleted or added, or each result that differs.
 */
export async function verifyEvidence(dir: string): Promise<VerifiedEvidence> {
  const problems: string[] = [];
  let raw: string;
  try {
    raw = await fs.readFile(path.join(dir, EVIDENCE_FILES.manifest), "utf8");
  } catch {
    throw new EvidenceError([
      `${EVIDENCE_FILES.manifest}: missing — not an evidence directory / 缺少清单文件`,
    ]);
  }
  const manifest = JSON.parse(raw) as Manifest;
  const present = new Set(await listFiles(dir));
  present.delete(EVIDENCE_FILES.manifest);
  for (const [rel, digest] of Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!present.has(rel)) {
      problems.push(`${rel}: deleted (listed in the manifest) / 文件已被删除`);
      continue;
    }
    present.delete(rel);
    if (sha256(await fs.readFile(path.join(dir, rel))) !== digest)
      problems.push(
        `${rel}: SHA-256 differs from the manifest — the file was changed / 哈希不符，文件已被修改`,
      );
  }
  for (const rel of [...present].sort())
    problems.push(`${rel}: not in the manifest — added later / 文件不在清单中`);
  if (problems.length) throw new EvidenceError(problems);

  const report = fromVersion1(
    JSON.parse(await fs.readFile(path.join(dir, EVIDENCE_FILES.results), "utf8")) as AuditReport | AuditV1,
  );
  const snapshot = JSON.parse(
    await fs.readFile(path.join(dir, EVIDENCE_FILES.snapshot), "utf8"),
  ) as TenantSnapshot;
  const policy = JSON.parse(
    await fs.readFile(path.join(dir, EVIDENCE_FILES.policy), "utf8"),
  ) as AuditReport["policy"];
  const policiesDir = path.join(dir, EVIDENCE_FILES.policies);
  const hash = await policyContentHash(policiesDir, policy.files);
  if (hash !== policy.contentHash)
    problems.push(
      `${EVIDENCE_FILES.policies}/: content hash ${hash} differs from policy.json's ${policy.contentHash}`,
    );
  const loaded = await loadPolicies(policiesDir);
  if (!loaded.ok) {
    problems.push(
      `${EVIDENCE_FILES.policies}/: the policy files no longer load (${loaded.problems.length} problems)`,
    );
    throw new EvidenceError(problems);
  }
  const recomputed = evaluateAudit({
    model: loaded.model,
    sources: loaded.sources,
    snapshot,
    stack: report.stack,
    policy,
    reach: report.reach,
  });
  if (JSON.stringify(recomputed) !== JSON.stringify(report)) {
    const diffs = differences(report, recomputed);
    problems.push(
      `${EVIDENCE_FILES.results}: does not match the re-evaluation of snapshot.json and policies/ — ${diffs.join("; ")}`,
    );
  }
  if (problems.length) throw new EvidenceError(problems);
  return { report, recomputed, manifestSha256: sha256(raw) };
}

/** results.json of version 1: the same report, with 1 where version 2 says 2 (a failing mandatory control). */
type AuditV1 = Omit<AuditReport, "version" | "exitCode"> & { version: 1; exitCode: 0 | 1 };

/** Evidence written before the exit codes became one table still verifies: read as version 2. */
function fromVersion1(r: AuditReport | AuditV1): AuditReport {
  if (r.version !== 1) return r;
  return { ...r, version: 2, exitCode: r.exitCode === 1 ? 2 : 0 };
}

/** The first few places where two reports differ, by control and target. */
function differences(a: AuditReport, b: AuditReport): string[] {
  const out: string[] = [];
  for (const key of ["stack", "auditedAt", "corpId", "exitCode"] as const)
    if (a[key] !== b[key]) out.push(`${key}: ${String(a[key])} ≠ ${String(b[key])}`);
  if (JSON.stringify(a.summary) !== JSON.stringify(b.summary)) out.push("summary");
  for (const cb of b.controls) {
    const ca = a.controls.find((c) => c.id === cb.id);
    if (!ca) {
      out.push(`${cb.id}: missing`);
      continue;
    }
    if (JSON.stringify(ca) === JSON.stringify(cb)) continue;
    const targets = new Set([...ca.results, ...cb.results].map((r) => r.target));
    for (const t of targets) {
      const ra = ca.results.find((r) => r.target === t);
      const rb = cb.results.find((r) => r.target === t);
      if (JSON.stringify(ra) !== JSON.stringify(rb))
        out.push(
          `${cb.id} ${t}: recorded ${ra?.status ?? "nothing"}, re-evaluated ${rb?.status ?? "nothing"}`,
        );
    }
    if (ca.status !== cb.status) out.push(`${cb.id}: recorded ${ca.status}, re-evaluated ${cb.status}`);
  }
  return out.length ? out.slice(0, 10) : ["the reports differ"];
}
