/**
 * `wecom-policy demo` (what `npm run demo` runs): the demo of src/demo/run.ts — a sandbox tenant, a real
 * preview and up of policies/, a hand-made change caught by the drift check, and an up that converges.
 * Exit 0 when every step did what the demo expects, else 1 (src/cli/exit-codes.ts).
 */
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { langOption } from "../options";
import { runDemo } from "../../demo/run";
import { detectLang, type Lang } from "../../text";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description(
      "run a real Pulumi preview/up of policies/ against a local sandbox tenant / 在本地沙箱租户上演示",
    )
    .option("--dir <dir>", "policy directory", "policies")
    .option("--state-dir <dir>", "workspace for the demo's backend and sandbox state", ".wecom-policy/demo")
    .option("--keep", "leave the sandbox running after the demo (prints its URL)")
    .addOption(langOption("language of the drift report"))
    .action(async (flags: { dir: string; stateDir: string; keep?: boolean; lang?: Lang }) => {
      const ok = await runDemo({
        dir: flags.dir,
        stateDir: flags.stateDir,
        ...(flags.keep ? { keep: true } : {}),
        lang: flags.lang ?? detectLang(process.env),
        stdout: ctx.stdout,
        stderr: ctx.stderr,
      });
      ctx.exitCode = ok ? EXIT.ok : EXIT.error;
    });
}
