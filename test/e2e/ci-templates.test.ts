/**
 * The CI templates in docs/ci/ cannot rot: every step of the GitHub Actions workflows and every line of the
 * GitLab CI jobs that runs `wecom-policy`, `pulumi` or scripts/ci/ is run exactly as written, against the
 * sandbox — the real pulumi CLI, the provider plugin and the sandbox process — in a checkout-like directory
 * (a git repository with the policies and a pending change, the project's Pulumi.yaml, bin/ and dist/).
 * Secrets come from the environment the test sets, as the CI's secret store would; GitHub's and GitLab's
 * comment APIs are a loopback fake that records what the posting script does. What is skipped: the
 * `uses:` actions and the set-up lines (npm ci, building the CLI: the test's own set-up did that).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../../src/cli/main";
import { locateCli, PROJECT_DIR } from "../../src/pulumi/workspace";
import { validateAgainst } from "../../src/schema";
import { SANDBOX_TODAY } from "../../src/today";
import { DEMO_POLICIES, startE2E, TIMEOUT, type E2E } from "./harness";

const CI = path.join(PROJECT_DIR, "docs", "ci");
const COMMAND = /(^|[\s;|&(])(wecom-policy|pulumi)\s|scripts\/ci\//m;

interface Step {
  readonly name: string;
  readonly script: string;
}

/** GitHub Actions: the job's steps with a `run:` that calls a tool or script under test, in order. */
function githubSteps(file: string): { env: Record<string, string>; steps: Step[] } {
  const wf = parse(fs.readFileSync(path.join(CI, "github", file), "utf8")) as {
    jobs: Record<
      string,
      { env?: Record<string, string>; steps: { name?: string; run?: string; env?: Record<string, string> }[] }
    >;
  };
  const job = Object.values(wf.jobs)[0]!;
  const steps = job.steps
    .filter((s) => s.run !== undefined && !/npm run setup/.test(s.run))
    .map((s) => ({ name: s.name ?? s.run!, script: s.run! }));
  return { env: job.env ?? {}, steps };
}

/** GitLab CI: a job's script lines, set-up anchor left out (nested lists flattened as GitLab does). */
function gitlabScript(job: string): { env: Record<string, string>; lines: string[] } {
  const ci = parse(fs.readFileSync(path.join(CI, "gitlab-ci.yml"), "utf8"), { merge: true }) as Record<
    string,
    { script?: unknown[]; variables?: Record<string, string> }
  > & { variables: Record<string, string>; ".setup": string[] };
  const setup = new Set(ci[".setup"]);
  const lines = (ci[job]!.script ?? [])
    .flat(2)
    .filter((l): l is string => typeof l === "string" && !setup.has(l));
  return { env: { ...ci.variables }, lines };
}

/** A loopback stand-in for GitHub's issue-comment and GitLab's note API. */
class FakeApi {
  readonly comments = new Map<number, string>();
  readonly calls: string[] = [];
  private next = 100;
  private server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      this.calls.push(`${req.method} ${url.pathname}`);
      const auth = req.headers["authorization"] ?? req.headers["private-token"];
      if (auth !== "Bearer gh-token" && auth !== "gl-token") {
        res.writeHead(401).end("{}");
        return;
      }
      const id = Number(url.pathname.split("/").pop());
      if (req.method === "GET") {
        const page = Number(url.searchParams.get("page") ?? "1");
        const all = [...this.comments].map(([i, b]) => ({ id: i, body: b }));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(page === 1 ? all : []));
      } else if (req.method === "POST") {
        this.comments.set(this.next++, (JSON.parse(body) as { body: string }).body);
        res.writeHead(201).end("{}");
      } else if ((req.method === "PATCH" || req.method === "PUT") && this.comments.has(id)) {
        this.comments.set(id, (JSON.parse(body) as { body: string }).body);
        res.writeHead(200).end("{}");
      } else res.writeHead(404).end("{}");
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-eo", "pipefail", "-c", script], { cwd, env });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** `${{ … }}` expressions of a workflow's env, as the CI would resolve them here. */
function resolveEnv(env: Record<string, string>, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(String(v));
    if (!m) out[k] = String(v);
    else if (values[m[1]!] !== undefined) out[k] = values[m[1]!]!;
  }
  return out;
}

let e: E2E;
let checkout: string;
let api: FakeApi;
let apiUrl: string;
let baseEnv: NodeJS.ProcessEnv;
let base: string;
const commands = new Set(
  buildProgram({ exitCode: 0, stdout: () => {}, stderr: () => {} }).commands.map((c) => c.name()),
);
const pending = (script: string) => /wecom-policy report\b/.test(script) && !commands.has("report");

beforeAll(async () => {
  // A checkout: the project's files by link, the policies in a git repository with one pending change.
  checkout = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-ci-checkout-"));
  for (const f of ["Pulumi.yaml", "bin", "dist", "node_modules", "package.json", "scripts"])
    fs.symlinkSync(path.join(PROJECT_DIR, f), path.join(checkout, f));
  fs.cpSync(DEMO_POLICIES, path.join(checkout, "policies"), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: checkout,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_AUTHOR_NAME: "ci",
        GIT_AUTHOR_EMAIL: "ci@example.cn",
        GIT_COMMITTER_NAME: "ci",
        GIT_COMMITTER_EMAIL: "ci@example.cn",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "policies");
  git("commit", "-q", "-m", "policies");
  base = git("rev-parse", "HEAD").trim();
  const roles = path.join(checkout, "policies", "roles.yaml");
  fs.writeFileSync(
    roles,
    fs.readFileSync(roles, "utf8").replace("members: [wangfang, lina]", "members: [wangfang]"),
  );
  e = await startE2E("ci", { policies: path.join(checkout, "policies") });
  // The stack's settings live beside Pulumi.yaml in a real repository.
  fs.copyFileSync(e.ws.configFile, path.join(checkout, `Pulumi.${e.ws.stack}.yaml`));
  api = new FakeApi();
  apiUrl = await api.start();
  // wecom-policy runs pulumi in its project directory: here, the checkout.
  baseEnv = {
    ...e.ws.env(),
    WECOM_POLICY_PROJECT_DIR: checkout,
    WECOM_POLICY_PULUMI_DIR: locateCli(),
    WECOM_POLICY_NOW: SANDBOX_TODAY,
    WECOM_POLICY_LANG: "en",
    PATH: `${path.join(PROJECT_DIR, "bin")}:${e.ws.env()["PATH"]}`,
  };
}, TIMEOUT);

afterAll(async () => {
  await api?.stop();
  await e?.close();
  if (checkout) fs.rmSync(checkout, { recursive: true, force: true });
});

async function runGithub(file: string, extra: Record<string, string>) {
  const { env, steps } = githubSteps(file);
  const ghEnv = path.join(checkout, "github-env");
  fs.writeFileSync(ghEnv, "");
  let jobEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    ...resolveEnv(env, {}),
    STACK: e.ws.stack,
    GITHUB_ENV: ghEnv,
    ...extra,
  };
  const results: { name: string; code: number; out: string }[] = [];
  for (const step of steps) {
    if (pending(step.script)) {
      console.warn(`ci-templates: skipped until \`wecom-policy report\` exists: ${step.script}`);
      continue;
    }
    const stepEnv = resolveEnv((step as { env?: Record<string, string> }).env ?? {}, {});
    const r = await bash(step.script, checkout, { ...jobEnv, ...stepEnv });
    results.push({ name: step.name, ...r });
    for (const line of fs.readFileSync(ghEnv, "utf8").split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) jobEnv = { ...jobEnv, [line.slice(0, eq)]: line.slice(eq + 1) };
    }
    if (r.code !== 0) break;
  }
  return results;
}

describe("docs/ci templates, run against the sandbox", () => {
  it(
    "GitHub pull request: preview, one comment posted and then updated in place",
    async () => {
      const { steps } = githubSteps("wecom-policy-pr.yml");
      expect(steps.map((s) => s.script).filter((s) => COMMAND.test(s)).length).toBeGreaterThanOrEqual(3);
      // The posting step's env maps the workflow token: the fake API accepts exactly this one.
      const extra = {
        GITHUB_BASE_REF: "main",
        GITHUB_SERVER_URL: "https://github.example",
        GITHUB_REPOSITORY: "xinghe/policies",
        GITHUB_RUN_ID: "42",
        GITHUB_API_URL: apiUrl,
        GITHUB_TOKEN: "gh-token",
        PR: "7",
      };
      // origin/main: the checkout has no remote, so point the ref at the base commit.
      execFileSync("git", ["update-ref", "refs/remotes/origin/main", base], { cwd: checkout });
      const first = await runGithub("wecom-policy-pr.yml", extra);
      for (const r of first) expect(r.code, `${r.name}\n${r.out}`).toBe(0);
      expect(first.map((r) => r.name)).toContain("Post or update the comment");
      const preview = JSON.parse(fs.readFileSync(path.join(checkout, "preview.json"), "utf8")) as {
        steps: unknown[];
      };
      expect(preview.steps.length).toBeGreaterThan(10);
      const comment = fs.readFileSync(path.join(checkout, "comment.md"), "utf8");
      expect(comment.startsWith("<!-- wecom-policy -->\n")).toBe(true);
      expect(comment).toContain("- hr-data: −lina — WC.ACC.1v1");
      expect(comment).toContain("- **Role** `hr-data` — create");
      expect(api.comments.size).toBe(1);
      const second = await runGithub("wecom-policy-pr.yml", extra);
      for (const r of second) expect(r.code, `${r.name}\n${r.out}`).toBe(0);
      expect(api.comments.size).toBe(1);
      expect(api.calls.filter((c) => c.startsWith("PATCH"))).toEqual([
        "PATCH /repos/xinghe/policies/issues/comments/100",
      ]);
      // Kept for README's example (git-ignored): the comment this test produced on the demo.
      fs.mkdirSync(path.join(PROJECT_DIR, ".wecom-policy"), { recursive: true });
      fs.writeFileSync(path.join(PROJECT_DIR, ".wecom-policy", "ci-comment-example.md"), comment);
      console.log(`ci-templates: the demo comment is ${comment.length} characters`);
    },
    TIMEOUT,
  );

  it(
    "GitHub nightly: drift and audit write their reports, and the job fails on drift",
    async () => {
      const results = await runGithub("wecom-policy-nightly.yml", {});
      const last = results.at(-1)!;
      // The stack was never `pulumi up`ed: everything is missing in WeCom, so drift exits 2 and the job fails.
      expect(last.name).toBe("Fail on drift, a failing mandatory control or an error");
      expect(last.code).not.toBe(0);
      for (const r of results.slice(0, -1)) expect(r.code, `${r.name}\n${r.out}`).toBe(0);
      const drift = JSON.parse(fs.readFileSync(path.join(checkout, "drift.json"), "utf8")) as {
        status: string;
      };
      expect(drift.status).toBe("drift");
      expect(validateAgainst("drift-report", drift)).toEqual([]);
      expect(
        validateAgainst(
          "audit-report",
          JSON.parse(fs.readFileSync(path.join(checkout, "audit.json"), "utf8")),
        ),
      ).toEqual([]);
      expect(
        validateAgainst(
          "history-report",
          JSON.parse(fs.readFileSync(path.join(checkout, "history.json"), "utf8")),
        ),
      ).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "GitLab: the merge-request job posts one note and updates it; the nightly job fails on drift",
    async () => {
      const review = gitlabScript("review");
      expect(review.lines.some((l) => l.startsWith("pulumi preview"))).toBe(true);
      const env = {
        ...baseEnv,
        ...review.env,
        STACK: e.ws.stack,
        GITLAB_CI: "true",
        GITLAB_TOKEN: "gl-token",
        CI_API_V4_URL: apiUrl,
        CI_PROJECT_ID: "12",
        CI_MERGE_REQUEST_IID: "3",
        CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
        CI_JOB_URL: "https://gitlab.example/job/1",
      };
      api.comments.clear();
      for (let i = 0; i < 2; i++) {
        const r = await bash(review.lines.join("\n"), checkout, env);
        expect(r.code, r.out).toBe(0);
      }
      expect(api.comments.size).toBe(1);
      expect(api.calls.at(-1)).toMatch(/^PUT \/projects\/12\/merge_requests\/3\/notes\/\d+$/);
      fs.rmSync(path.join(checkout, "evidence"), { recursive: true, force: true });
      const nightly = gitlabScript("nightly");
      const lines = nightly.lines.filter((l) => !pending(l));
      const r = await bash(lines.join("\n"), checkout, { ...env, ...nightly.env });
      expect(r.code, r.out).not.toBe(0);
      expect(fs.existsSync(path.join(checkout, "drift.md"))).toBe(true);
    },
    TIMEOUT,
  );
});
