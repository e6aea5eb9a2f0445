/**
 * Idempotent creates under kills (issue 8), reduced for `npm test`: 3 SIGKILLs of `pulumi up` and 2 of the
 * provider plugin at random moments, each followed by the documented recovery; after every one the tenant
 * and the state equal the policy, nothing lost or duplicated, no plugin left running. The full campaign
 * (20 + 10) is `npm run reliability -- kill-runs` (docs/reliability.md).
 */
import { describe, expect, it } from "vitest";
import { runKillCampaign } from "../../scripts/reliability/lib/kill-runs";

describe("kill runs (real CLI, plugin, sandbox)", () => {
  it("3 kills of pulumi up and 2 of the provider: every run recovers exactly", async () => {
    const c = await runKillCampaign({ pulumiKills: 3, providerKills: 2, extraRoles: 6 });
    expect(c.runs).toHaveLength(5);
    for (const r of c.runs) {
      expect(r.problems, `${r.target} killed at ${r.delayMs} ms`).toEqual([]);
      expect(r).toMatchObject({ recovered: true, duplicates: 0, lost: 0, orphans: 0 });
    }
  }, 900_000);
});
