/**
 * Benchmark: how long from a hand-made console change to the group robot's alert, with `wecom-policy watch`
 * (the real CLI), the sandbox process calling back, and the real Pulumi CLI and provider plugin running the
 * targeted check. Not a test: one run, numbers on stdout.
 *
 *   npm run bench -- watch [rounds=3] [debounceMs=1000]
 *
 * Each round: an admin puts the leaver fanbing into 财务审批 in the console (→ an update_tag callback →
 * one targeted check → a robot message), then takes him out again (→ a check that finds the tenant in sync
 * and sends nothing). Reported: change → robot message; the check's own time (as watch logs it); the
 * callback's delivery until watch acknowledged it; and how the checks read the tenant (directly from the
 * tenant snapshot, or through a targeted `pulumi preview` for what that cannot decide: src/drift/direct.ts).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { configureSandboxStack } from "../../src/pulumi/sandbox-stack";
import { startSandboxProcess } from "../../src/pulumi/sandbox-process";
import { PROJECT_DIR } from "../../src/pulumi/workspace";

const TOKEN = "benchWatchToken";
const AES = "benchWatchEncodingAesKey0123456789abcdefghi";
const ROBOT = "bench-robot";

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]} / median ${s[Math.floor(s.length / 2)]} / max ${s[s.length - 1]}`;
};

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const debounce = Number(process.argv[3] ?? 1000);
  const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watch-bench-"));
  const policies = path.join(dir, "policies");
  fs.cpSync(path.join(PROJECT_DIR, "policies"), policies, { recursive: true });
  const sandbox = await startSandboxProcess({ stateFile: path.join(dir, "sandbox.json"), seed: "demo" });
  let watch: ReturnType<typeof spawn> | undefined;
  try {
    const ws = await configureSandboxStack(sandbox, dir, policies, "bench-watch");
    await ws.setConfig("wecom-policy:callbackToken", TOKEN, true);
    await ws.setConfig("wecom-policy:callbackEncodingAesKey", AES, true);
    const up = await ws.run(["up", "--yes", "--skip-preview", ...ws.stackArgs()]);
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.stderr}`);
    const out = await ws.run([
      "stack",
      "output",
      "roles",
      "--json",
      "--stack",
      ws.stack,
      "--non-interactive",
    ]);
    const tag = (JSON.parse(out.stdout) as Record<string, number>)["finance-approvers"]!;
    await sandbox.console("robot", { key: ROBOT });

    let stderr = "";
    watch = spawn(
      process.execPath,
      [
        path.join(PROJECT_DIR, "dist", "cli", "main.js"),
        "watch",
        "--listen",
        "127.0.0.1:0",
        "--state-dir",
        dir,
        "--stack",
        ws.stack,
        "--debounce",
        String(debounce),
        "--no-stdout",
      ],
      {
        cwd: PROJECT_DIR,
        env: { ...process.env, WECOM_ROBOT_KEY: ROBOT },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    watch.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const url = await new Promise<string>((resolve, reject) => {
      readline
        .createInterface({ input: watch!.stdout! })
        .once("line", (l) => resolve(l.replace(/^listening /, "")));
      watch!.once("exit", (code) => reject(new Error(`watch exited with ${code}\n${stderr}`)));
    });
    await sandbox.console("callback", {
      operator: "sunhao",
      url: `${url}/`,
      token: TOKEN,
      encoding_aes_key: AES,
    });

    const messages = async () =>
      ((await sandbox.get("/__console/robot/messages")) as { receivedAt: number }[]).length;
    const checkTimes = () => [...stderr.matchAll(/check #\d+ done in (\d+) ms/g)].map((m) => Number(m[1]));
    const until = async (cond: () => Promise<boolean> | boolean) => {
      const end = Date.now() + 600_000;
      while (!(await cond())) {
        if (Date.now() > end) throw new Error(`timed out\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const latencies: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const sent = await messages();
      const t0 = Date.now();
      await sandbox.console("tag/addusers", { operator: "sunhao", tagid: tag, userlist: ["fanbing"] });
      await until(async () => (await messages()) > sent);
      const list = (await sandbox.get("/__console/robot/messages")) as { receivedAt: number }[];
      latencies.push(list[list.length - 1]!.receivedAt - t0);
      const checks = checkTimes().length;
      await sandbox.console("tag/delusers", { operator: "sunhao", tagid: tag, userlist: ["fanbing"] });
      await until(() => checkTimes().length > checks);
    }
    const deliveries = (await sandbox.get("/__console/callback/deliveries")) as {
      ms: number;
      status: number;
    }[];
    console.log(`${rounds} rounds, --debounce ${debounce} ms, load average at the start ${load}`);
    console.log(`console change → group robot alert (ms): ${stats(latencies)}`);
    console.log(
      `  the targeted checks, as watch logs them (${rounds} with drift, ${rounds} in sync; ms): ${stats(checkTimes())}`,
    );
    console.log(
      `  callback delivery until watch acknowledged (ms): ${stats(deliveries.filter((d) => d.status === 200).map((d) => d.ms))}`,
    );
    const via = [...stderr.matchAll(/read directly: (\d+), through pulumi preview: (\d+|all)\)/g)];
    const previewed = via.filter((m) => m[2] !== "0").length;
    console.log(
      `  checks answered from the tenant read alone: ${via.length - previewed} of ${via.length} (${previewed} ran pulumi preview)`,
    );
    console.log(`robot messages sent for the ${rounds} in-sync checks: ${(await messages()) - rounds}`);
  } finally {
    if (watch && watch.exitCode === null) {
      const exited = new Promise((r) => watch!.once("exit", r));
      watch.kill("SIGTERM");
      await exited;
    }
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
