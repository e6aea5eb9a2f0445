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
import { exportStack } from "../pulumi/stack-export";
import { detectLang } from "../text";
import { declareResources } from "./declare";
import { runGate } from "./gate";
import { describeRemovals, overLimitMessage, planRemovals, priorRoles } from "./removals";
import {
  describeInterceptRulePlan,
  planInterceptRules,
  priorInterceptRules,
} from "./intercept-rule-removals";
import { describeCheckinRulePlan, planCheckinRules, priorCheckinRules } from "./checkin-rule-removals";

async function run(): Promise<Record<string, unknown>> {
  const config = new pulumi.Config("wecom-policy");
  const root = process.env["PULUMI_NODEJS_ROOT_DIRECTORY"] || process.cwd();
  const dir = path.resolve(root, config.get("policiesDir") ?? "policies");
  const lang = detectLang(process.env);

  // The stack's last state (a `pulumi stack export` process) is read while the policy files load: each
  // waited for the other, one after the other, on every preview.
  const priorRead = exportStack(pulumi.getStack()).then(
    (doc) => ({ doc }),
    (err: Error) => ({ err }),
  );
  const loaded = await loadPolicies(dir);
  if (!loaded.ok) {
    throw new pulumi.RunError(
      `${loaded.problems.length} problem(s) in ${dir} — nothing was sent to WeCom / 策略文件有 ${loaded.problems.length} 处问题，未调用企业微信:\n` +
        formatProblems(loaded.problems, lang),
    );
  }
  runGate(loaded.model, loaded.sources);

  // What the run does to roles no longer declared under their old key — said in words, limited, and
  // decided before any resource is declared (so an over-limit run writes nothing).
  const read = await priorRead;
  if ("err" in read)
    throw new pulumi.RunError(
      `could not read the stack's last state, so this run cannot tell which WeCom tags a removal would delete; nothing was sent to WeCom (${read.err.message})\n` +
        `无法读取 stack 的上次状态，无法判断移除角色会删除哪些企业微信标签；未调用企业微信。`,
    );
  const prior = read.doc;
  const plan = planRemovals(loaded.model, priorRoles(prior.resources));
  const words = describeRemovals(plan);
  // Warnings, all of them: Pulumi's non-interactive display drops info diagnostics, and a reviewer must
  // read what happens to each tag.
  for (const line of [...words.renames, ...words.releases, ...words.deletes]) pulumi.log.warn(line);
  if (plan.overLimit) throw new pulumi.RunError(overLimitMessage(plan));
  const rulePlan = planInterceptRules(loaded.model, priorInterceptRules(prior.resources));
  for (const line of describeInterceptRulePlan(rulePlan)) pulumi.log.warn(line);
  const checkinPlan = planCheckinRules(loaded.model, priorCheckinRules(prior.resources));
  for (const line of describeCheckinRulePlan(checkinPlan)) pulumi.log.warn(line);
  return declareResources(loaded.model, plan.aliases, rulePlan.aliases, checkinPlan.aliases);
}

export = run();
