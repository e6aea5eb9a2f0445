/**
 * The Pulumi program: policies/ → legal gate → `wecom:index:*` resources.
 *
 * Order matters: the policy files are loaded and validated, then the legal controls run; only a clean
 * policy set declares resources. Bad input or a mandatory finding ends the run with the full list of
 * problems (bilingual, file:line) and no stack trace, before the engine calls the provider at all.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, loadPolicies } from "../policy";
import { detectLang } from "../text";
import { declareResources } from "./declare";
import { runGate } from "./gate";

async function run(): Promise<Record<string, unknown>> {
  const config = new pulumi.Config("wecom-policy");
  const root = process.env["PULUMI_NODEJS_ROOT_DIRECTORY"] || process.cwd();
  const dir = path.resolve(root, config.get("policiesDir") ?? "policies");
  const lang = detectLang(process.env);

  const loaded = await loadPolicies(dir);
  if (!loaded.ok) {
    throw new pulumi.RunError(
      `${loaded.problems.length} problem(s) in ${dir} — nothing was sent to WeCom / 策略文件有 ${loaded.problems.length} 处问题，未调用企业微信:\n` +
        formatProblems(loaded.problems, lang),
    );
  }
  runGate(loaded.model, loaded.sources);
  return declareResources(loaded.model);
}

export = run();
