/**
 * Benchmark: load and validate a policy set for a 100,000-person company — a 100,000-row HR roster
 * and a 100,000-row consent ledger, both CSV — then run the declared controls, and print wall time
 * and peak memory. Not a test: one run, numbers on stdout.
 *
 * Node 20 cannot run TypeScript directly and the project build (rootDir src/) excludes scripts/, so
 * compile this file with its imports into a temporary directory, then run it from the repository root:
 *
 *   npx tsc --outDir /tmp/validate-bench --rootDir . --module commonjs --target es2022 --resolveJsonModule \
 *     --moduleResolution node --types node --skipLibCheck --strict scripts/bench/validate-large.ts
 *   NODE_PATH=$PWD/node_modules WECOM_POLICY_SCHEMA_DIR=$PWD/schemas node /tmp/validate-bench/scripts/bench/validate-large.js [people=100000] [consents=100000]
 *
 * The policy files other than the two CSVs are the demo company's (policies/); the roster keeps its
 * named members so every reference still resolves, and fills the rest with `u000001`… in
 * departments 3–9.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { formatProblems, loadPolicies } from "../../src/policy";
import { applyWaivers, evaluateDeclared } from "../../src/rules";

const POLICIES = path.resolve(process.cwd(), "policies");

function generate(
  dir: string,
  people: number,
  consents: number,
): { rosterBytes: number; ledgerBytes: number } {
  fs.cpSync(POLICIES, dir, { recursive: true }); // evidence/ (protection.yaml attestations) included
  const named = fs
    .readFileSync(path.join(POLICIES, "people.csv"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("staff"));
  const header = named[0]!.split(",");
  const row = (cells: Record<string, string>): string => header.map((h) => cells[h] ?? "").join(",");
  const roster = [...named];
  const ids: string[] = [];
  for (let i = 1; roster.length - 1 < people; i++) {
    const id = `u${String(i).padStart(6, "0")}`;
    ids.push(id);
    const left = i % 50 === 0;
    roster.push(
      row({
        userid: id,
        department: String(3 + ((i - 1) % 7)),
        status: left ? "left" : "active",
        ...(left ? { leave_date: "2026-10-01" } : {}),
      }),
    );
  }
  const ledger = ["userid,purpose,given,withdrawn,evidence"];
  const keep = fs
    .readFileSync(path.join(POLICIES, "consent-ledger.csv"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("staff") && !l.startsWith("userid"));
  ledger.push(...keep);
  for (let i = 0; ledger.length - 1 < consents; i++) {
    const id = ids[i % ids.length]!;
    const purpose = i < ids.length ? "chat-archive" : "location-tracking";
    ledger.push(`${id},${purpose},2026-02-10,${i % 97 === 0 ? "2026-06-01" : ""},ESIGN-${i}`);
  }
  const rosterText = roster.join("\n") + "\n";
  const ledgerText = ledger.join("\n") + "\n";
  fs.writeFileSync(path.join(dir, "people.csv"), rosterText);
  fs.writeFileSync(path.join(dir, "consent-ledger.csv"), ledgerText);
  return { rosterBytes: rosterText.length, ledgerBytes: ledgerText.length };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 100_000);
  const consents = Number(process.argv[3] ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-policy-bench-"));
  try {
    const sizes = generate(dir, people, consents);
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const result = await loadPolicies(dir);
    const t1 = performance.now();
    if (!result.ok) {
      process.stderr.write(
        `unexpected problems (${result.problems.length}):\n${formatProblems(result.problems.slice(0, 5), "en")}\n`,
      );
      process.exitCode = 1;
      return;
    }
    const now = new Date("2026-11-28T04:00:00Z");
    const findings = applyWaivers(evaluateDeclared(result.model, { now }), result.model.waivers, now);
    const t2 = performance.now();
    const mem = process.memoryUsage();
    const lines = [
      `policy set: ${result.model.people.members.length} people (${mb(sizes.rosterBytes)} CSV), ` +
        `${result.model.consentLedger.entries.length} consents (${mb(sizes.ledgerBytes)} CSV)`,
      `load + schema + references: ${(t1 - t0).toFixed(0)} ms`,
      `declared controls (${findings.length} findings): ${(t2 - t1).toFixed(0)} ms`,
      `total: ${(t2 - t0).toFixed(0)} ms`,
      `rss before ${mb(rssBefore)}, after ${mb(mem.rss)}; peak rss (maxRSS) ${mb(process.resourceUsage().maxRSS * 1024)}; heap used ${mb(mem.heapUsed)}`,
      `node ${process.version}, ${os.cpus().length} cpus`,
    ];
    process.stdout.write(lines.join("\n") + "\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
