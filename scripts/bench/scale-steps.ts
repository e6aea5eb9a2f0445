/**
 * Benchmark: the steps that grow with the tenant, at 100,000 elements each (issue 12, "no quadratic step
 * anywhere") — set diffs, leaver selection, hand-overs, the observed resources' messages, the client's
 * read-back of a tag batch, drift analysis and attribution. Each step runs through the module's public
 * functions with in-memory fakes (no HTTP, no Pulumi), so the figure is the step's own cost; each must be
 * well under a second. Not a test: it prints the time of one run per step (after one warm-up at 1/10 the
 * size, not counted).
 *
 *   npm run bench -- scale-steps [elements=100000]
 */
import { performance } from "node:perf_hooks";
import { attribute } from "../../src/drift/attribution";
import { driftItems, type PreviewJson } from "../../src/drift/analyse";
import { setDetailedDiff, lowerKey } from "../../src/provider/diff";
import { createObserved } from "../../src/provider/observed";
import { customerHandover } from "../../src/provider/resources/customer-handover";
import { diffMemberStatus, memberStatus } from "../../src/provider/resources/member-status";
import type { PropertyMap } from "../../src/provider/props";
import type { ProviderContext } from "../../src/provider/types";
import { PartialCreateError } from "../../src/provider/types";
import { WecomClient, type WecomClientOptions } from "../../src/wecom";
import type { AdminOperLog } from "../../src/wecom/types";

const N = Number(process.argv[2] ?? 100_000);
const NOW = new Date("2026-12-03T04:00:00Z");

const user = (i: number): string => `user${String(i).padStart(6, "0")}`;
/** A fixed permutation, so the orders the steps see are not already sorted. */
function shuffled<T>(xs: T[]): T[] {
  let seed = 42;
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function context(client: unknown): ProviderContext {
  return {
    client: () => client as never,
    configured: () => ({ contacts: true, archive: true, apps: ["1000002"], customerAgentId: 1000002 }),
    now: () => NOW,
  };
}

/** `prepare` builds the input (not timed) and returns the step to time. */
type Step = { name: string; prepare: (n: number) => () => Promise<string> };

const steps: Step[] = [
  {
    name: "set diff (Role members, half replaced)",
    prepare: (n) => {
      const live = Array.from({ length: n }, (_, i) => user(i));
      const desired = shuffled(Array.from({ length: n }, (_, i) => user(i + n / 2)));
      return async () => {
        const d = setDetailedDiff("members", live, desired, lowerKey);
        return `${Object.keys(d).length} entries`;
      };
    },
  },
  {
    name: "leaver selection (MemberStatus check + diff + plan)",
    prepare: (n) => {
      const roster = Array.from({ length: n }, (_, i) => user(i));
      const inputs: PropertyMap = {
        roster,
        leavers: shuffled(roster).map((userId) => ({ userId, leaveDate: "2026-11-20" })),
        disableWithinHours: 24,
        maxDisables: n,
      };
      const ctx = context({});
      return async () => {
        // What the engine asks of the provider: check (computes the desired lists), diff, update (preview).
        const checked = memberStatus.check(inputs, {}, ctx);
        const news = checked.inputs as PropertyMap;
        const d = diffMemberStatus({ roster, disabled: [], deleted: [] }, news);
        await memberStatus.update(ctx, "members", {}, news, true);
        return `${checked.failures.length} failures, ${Object.keys(d.detailedDiff).length} to disable`;
      };
    },
  },
  {
    name: "hand-overs (CustomerHandover apply, 10 leavers)",
    prepare: (n) => {
      const leavers = 10;
      const customers = Array.from({ length: n }, (_, i) => ({
        handoverUserId: user(i % leavers),
        externalUserId: `wm${String(i).padStart(8, "0")}`,
        dimissionTime: 1_764_000_000,
      }));
      let moved = 0;
      const client = {
        getUnassignedList: async () => (moved === 0 ? customers : []),
        transferCustomer: async (_h: string, _t: string, ids: readonly string[]) => {
          moved += ids.length;
          return ids.map((externalUserId) => ({ externalUserId, errcode: 0 }));
        },
      };
      const takeovers = Array.from({ length: leavers }, (_, i) => ({
        handoverUserId: user(i),
        takeoverUserId: "boss",
      }));
      return async () => {
        moved = 0;
        await customerHandover.update(context(client), "handover", {}, { takeovers }, false);
        return `${moved} customers handed over`;
      };
    },
  },
  {
    name: "observed resource message (every path differs)",
    prepare: (n) => {
      const detailedDiff = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`members[${i}]`, "delete" as const]),
      );
      return async () => {
        const e = await createObserved(
          "range",
          {
            readLive: async () => ({}),
            diff: () => ({ changes: true, detailedDiff }),
            what: { zh: "应用 1000002 的可见范围", en: "app 1000002's visible range" },
            where: () => ({ zh: "应用管理", en: "App management" }) as never,
          },
          {},
        ).catch((err: unknown) => err);
        if (!(e instanceof PartialCreateError)) throw new Error("expected a PartialCreateError");
        return `${e.message.length} characters`;
      };
    },
  },
  {
    name: "client read-back (a batch of 1,000 into a tag of n)",
    prepare: (n) => {
      const adding = Array.from({ length: 1000 }, (_, i) => user(n + i));
      const tagGet = JSON.stringify({
        errcode: 0,
        errmsg: "ok",
        tagname: "bench",
        userlist: [...Array.from({ length: n }, (_, i) => user(i)), ...adding].map((u) => ({
          userid: u.toUpperCase(),
          name: u,
        })),
        partylist: [],
      });
      const answer = (path: string): string =>
        path.endsWith("/gettoken")
          ? JSON.stringify({ errcode: 0, access_token: "BENCH-TOKEN", expires_in: 7200 })
          : path.endsWith("/tag/get")
            ? tagGet
            : JSON.stringify({ errcode: 0, errmsg: "ok" });
      // Built loosely so the same file compiles against versions of the options without `pacing`.
      const opts = {
        baseUrl: "http://bench.invalid",
        corpId: "wwBENCH",
        secrets: { contacts: "FAKE-bench-secret" },
        pacing: false,
        fetch: (async (input: string | URL | Request) =>
          new Response(answer(new URL(String(input)).pathname), { status: 200 })) as typeof fetch,
      };
      return async () => {
        const client = new WecomClient(opts as WecomClientOptions);
        await client.addTagMembers(1, { userIds: adding });
        return `${adding.length} added and read back`;
      };
    },
  },
  {
    name: "drift analysis (driftItems + attribute per item, log of n entries)",
    prepare: (n) => {
      const live = Array.from({ length: n }, (_, i) => user(i));
      const preview: PreviewJson = {
        steps: [
          {
            op: "update",
            urn: "urn:pulumi:sandbox::wecom-policy::wecom:index:Role::finance",
            detailedDiff: Object.fromEntries(
              shuffled(live.map((_, i) => i)).map((i) => [`members[${i}]`, { kind: "delete" }]),
            ),
            oldState: { outputs: { name: "财务审批", tagId: 5, members: live } },
            newState: { inputs: { name: "财务审批", members: [] } },
          },
        ],
      };
      const logs: AdminOperLog[] = Array.from({ length: n }, (_, i) => ({
        time: 1_764_000_000 + (i % 5000),
        userId: "admin",
        operType: 3,
        detailInfo: `将成员 ${user((i * 7) % (2 * n))} 加入标签 财务审批`,
        ip: "10.0.0.1",
      }));
      const search = { logs, from: 1_763_000_000, to: 1_765_000_000, lastUpdate: 1_763_500_000 };
      const state = { name: "财务审批", tagId: 5 };
      return async () => {
        const items = driftItems(preview);
        let named = 0;
        for (const item of items) if ("changedBy" in attribute(item, search, state)) named++;
        return `${items.length} items, ${named} attributed`;
      };
    },
  },
];

async function main(): Promise<void> {
  const only = process.argv[3];
  const lines = [
    `node ${process.version}, ${N.toLocaleString("en-US")} elements per step, one run each; CPU time is this ` +
      "process's (user + system, garbage collection included), steadier than wall time on a shared machine",
  ];
  for (const step of steps) {
    if (only !== undefined && !step.name.startsWith(only)) continue;
    await step.prepare(Math.max(10, Math.round(N / 10)))();
    const run = step.prepare(N);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const what = await run();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    lines.push(
      `${step.name.padEnd(66)} ${ms.toFixed(0).padStart(6)} ms wall ${cpuMs.toFixed(0).padStart(6)} ms CPU  (${what})`,
    );
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
