/**
 * docs/reliability.md section "Kill runs": SIGKILL of `pulumi up` and of the provider plugin at random
 * moments, the documented recovery, and the tenant and state checked against the policy after every run.
 * `npm run reliability -- kill-runs` (KILL_RUNS_PULUMI / KILL_RUNS_PROVIDER / KILL_RUNS_SEED override the
 * counts, 20 and 10, and the seed). Exits 1 when any run did not recover exactly.
 */
import { runKillCampaign, type KillRun } from "./lib/kill-runs";

const count = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v >= 0 ? v : fallback;
};

function summary(runs: KillRun[]): string {
  const n = runs.length;
  const sum = (f: (r: KillRun) => number) => runs.reduce((a, r) => a + f(r), 0);
  const stepCount = (re: RegExp) => runs.filter((r) => r.steps.some((s) => re.test(s))).length;
  const delays = runs.map((r) => r.delayMs).sort((a, b) => a - b);
  const writes = runs.map((r) => r.writesBeforeKill).sort((a, b) => a - b);
  return (
    `| ${n} | ${delays[0] ?? 0}–${delays[n - 1] ?? 0} ms | ${writes[0] ?? 0}–${writes[n - 1] ?? 0} | ` +
    `${stepCount(/cancel/)} | ${stepCount(/pending/)} | ${stepCount(/\.bak/)} | ${runs.filter((r) => r.adoptedAfter40071 > 0).length} | ` +
    `${runs.filter((r) => r.stuck).length} | ${runs.filter((r) => r.recovered).length} | ${sum((r) => r.duplicates)} | ` +
    `${sum((r) => r.lost)} | ${sum((r) => r.orphans)} |`
  );
}

async function main(): Promise<void> {
  const campaign = await runKillCampaign({
    pulumiKills: count("KILL_RUNS_PULUMI", 20),
    providerKills: count("KILL_RUNS_PROVIDER", 10),
    ...(process.env["KILL_RUNS_SEED"] ? { seed: Number(process.env["KILL_RUNS_SEED"]) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const { runs } = campaign;
  const of = (t: string) => runs.filter((r) => r.target === t);
  const failed = runs.filter((r) => !r.recovered);
  const lines = [
    "## Kill runs",
    "",
    `\`pulumi up\` against the sandbox, killed with SIGKILL at a random moment (seed ${campaign.seed}). An uninterrupted run from`,
    `the demo policy to the demo plus ${campaign.extraRoles} roles of 12 members (every WeCom call delayed 5–25 ms) took ${campaign.fullUpMs} ms, its first`,
    `WeCom write at ${campaign.firstWriteMs} ms; three kills in four came a random 0–${campaign.fullUpMs - campaign.firstWriteMs} ms after the run's first write, the fourth`,
    `a random 0–${campaign.fullUpMs} ms after the start. The policy alternates between the two, so each run creates tags, adds`,
    "members or deletes tags.",
    "After each kill the recovery below runs, then the tenant and the state are compared with the policy: every role",
    "one tag with exactly its members, one state resource holding that tag's id, no removed role left, and",
    "`pulumi preview --refresh --expect-no-changes` clean.",
    "",
    "| killed | runs | kill after | writes before the kill | lock cancelled | pending ops cleared | checkpoint restored | 40071 adopted | stuck | recovered | duplicates | lost | plugins alive 15 s later |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    `| \`pulumi up\` ${summary(of("pulumi"))}`,
    `| provider plugin ${summary(of("provider"))}`,
    "",
    '*stuck*: the first `pulumi up` of the recovery failed. *40071 adopted*: a tag/create met "tag name already exists"',
    "for a tag the killed run had created, and the provider's create intent proved it ours.",
    "",
    "Recovery after a killed `pulumi up` (or provider plugin), in order — each step only when it applies:",
    "",
    "1. `pulumi stack export` fails with `failed to load checkpoint: EOF` (a file backend killed while writing the",
    "   checkpoint): copy `<backend>/.pulumi/stacks/<project>/<stack>.json.bak` over `<stack>.json` (the file backend",
    "   keeps the previous checkpoint there), or `pulumi stack import --file` the newest file of",
    "   `<backend>/.pulumi/history/<project>/<stack>/`. Then `pulumi stack export` again.",
    '2. The killed update\'s lock is still held ("the stack is currently locked by 1 lock(s)" — the file backend keeps it as',
    "   `<backend>/.pulumi/locks/…/<id>.json`, a service backend on its side): `pulumi cancel --yes`.",
    '3. The export lists `pending_operations` ("interrupted while creating"): `pulumi stack export --file s.json`, delete',
    "   the `pending_operations` array, `pulumi stack import --file s.json` (`pulumi refresh --clear-pending-creates`",
    "   does the same). A create that reached WeCom is found again by the next step: the provider journalled its",
    "   intent before tag/create and adopts the tag when WeCom answers 40071.",
    "4. `pulumi up --refresh` converges the tenant; `pulumi preview --refresh --expect-no-changes` then exits 0.",
    "",
    "If step 4 fails with `WeCom already has a tag named … (errcode 40071), and this stack has no record of creating it`",
    "(the run happened on another machine, whose journal under `$PULUMI_HOME/wecom-policy/create-intents` is not",
    "here), the message names the `tag_id:` line to add to roles.yaml (or the `pulumi import` command) that adopts it.",
  ];
  if (failed.length) {
    lines.push("", `**${failed.length} run(s) did not recover:**`, "");
    for (const r of failed) lines.push(`- ${r.target} at ${r.delayMs} ms: ${r.problems.join("; ")}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  if (failed.length) process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`kill-runs: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
