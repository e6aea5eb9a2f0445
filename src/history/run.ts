/**
 * The workflows behind `wecom-policy history` and `wecom-policy diff`: read the policy directory at each
 * revision (git's blobs, through the same loader as `validate`), compare the models in policy terms
 * (./changes.ts), and evaluate the declared controls on both sides to say where a verdict changed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ControlChange, Entry, HistoryReport } from "../generated/history-report";
import { formatProblems, loadPolicies, type PolicyFileSource, type Problem } from "../policy";
import type { PolicyModel, PolicySources } from "../policy/model";
import { maxFileBytes } from "../policy/input-limits";
import { applyWaivers, citeAll, control, CONTROL_IDS, evaluateDeclared, type Finding } from "../rules";
import { firstAppearance, policyChanges } from "./changes";
import { Git, GitError } from "./git";

export type { HistoryReport } from "../generated/history-report";

/** The policies at one revision: loaded, not loadable (with the problems), or absent. */
export type Revision =
  | { readonly state: "ok"; readonly model: PolicyModel; readonly sources: PolicySources }
  | { readonly state: "invalid"; readonly problems: readonly Problem[] }
  | { readonly state: "absent" };

/** Loads revisions of one repository, once per distinct tree of the policy directory. */
export class PolicyRevisions {
  private readonly cache = new Map<string, Promise<Revision>>();
  constructor(readonly git: Git) {}

  at(rev: string, dir: string): Promise<Revision> {
    return this.git.treeOf(rev, dir).then((tree) => {
      if (tree === undefined) return { state: "absent" } as const;
      let hit = this.cache.get(tree);
      if (!hit) {
        hit = this.load(rev, dir);
        this.cache.set(tree, hit);
      }
      return hit;
    });
  }

  private async load(rev: string, dir: string): Promise<Revision> {
    const { texts, sizes } = await this.git.files(rev, dir, maxFileBytes());
    // Evidence files (protection.yaml) are hashed as committed in `rev`, not as they are in the working tree.
    const bytes = (file: string) => this.git.blob(rev, path.posix.join(dir, file));
    return toRevision(
      await loadPolicies(path.join(this.git.root, dir), { files: gitFiles(texts, sizes, bytes) }),
    );
  }
}

/** The working tree's policies (uncommitted changes count). */
export async function workingTree(dir: string): Promise<Revision> {
  if (!fs.existsSync(dir)) return { state: "absent" };
  return toRevision(await loadPolicies(dir));
}

function toRevision(r: Awaited<ReturnType<typeof loadPolicies>>): Revision {
  if (r.ok) return { state: "ok", model: r.model, sources: r.sources };
  return { state: "invalid", problems: r.problems };
}

function gitFiles(
  texts: ReadonlyMap<string, string>,
  sizes: ReadonlyMap<string, number>,
  bytes: (file: string) => Promise<Buffer>,
): PolicyFileSource {
  return {
    bytes,
    list: async () => [...new Set([...sizes.keys()].map((f) => f.split("/")[0]!))],
    size: async (file) => sizes.get(path.posix.normalize(file)),
    read: async (file) => {
      const text = texts.get(path.posix.normalize(file));
      if (text === undefined) throw Object.assign(new Error(`${file}: not read`), { code: "EFBIG" });
      return text;
    },
  };
}

function findings(model: PolicyModel, now: Date): Finding[] {
  return applyWaivers(evaluateDeclared(model, { now }), model.waivers, now);
}

/**
 * Declared controls whose verdict on a target differs between `before` and `after`, both evaluated at
 * `now` (so a date passing between two commits is not blamed on the second). A control that passes says so
 * once for the whole policy ("archive") and fails per target ("member:huangtao"), so a target missing on one
 * side stands for the control's pass there. With no `before` (the policies first appear), the failing and
 * waived verdicts of `after`.
 */
export function controlChanges(
  before: PolicyModel | undefined,
  after: PolicyModel,
  now: Date,
): ControlChange[] {
  const byControl = (fs: readonly Finding[]) => {
    const m = new Map<string, Map<string, Finding>>();
    for (const f of fs) {
      const t = m.get(f.controlId) ?? new Map<string, Finding>();
      if (!t.has(f.target)) t.set(f.target, f);
      m.set(f.controlId, t);
    }
    return m;
  };
  const olds = byControl(before ? findings(before, now) : []);
  const news = byControl(findings(after, now));
  const passing = (s: string | undefined) => s === "pass" || s === "not-applicable";
  const allPass = (m: ReadonlyMap<string, Finding> | undefined) =>
    m !== undefined && m.size > 0 && [...m.values()].every((f) => passing(f.status));
  const out: ControlChange[] = [];
  const push = (f: Finding, was: Finding["status"] | null, is: Finding["status"] | null) => {
    const c = control(f.controlId);
    out.push({
      controlId: f.controlId,
      severity: c.severity,
      target: f.target,
      before: was,
      after: is,
      title: { zh: c.title.zh, en: c.title.en },
      message: { zh: f.message.zh, en: f.message.en },
      law: { zh: citeAll(c.articles, "zh"), en: citeAll(c.articles, "en") },
    });
  };
  for (const id of CONTROL_IDS) {
    const o = olds.get(id);
    const n = news.get(id);
    for (const [target, f] of n ?? []) {
      const prior = o?.get(target);
      if (!before && passing(f.status)) continue;
      if (!prior && passing(f.status) && !allPass(o)) continue;
      const was = prior?.status ?? (allPass(o) ? "pass" : null);
      if (was !== f.status) push(f, was, f.status);
    }
    for (const [target, f] of o ?? []) {
      if (n?.has(target)) continue;
      if (passing(f.status) && !allPass(n)) continue;
      const next = allPass(n) ? "pass" : null;
      if (f.status !== next) push(f, f.status, next);
    }
  }
  return out;
}

/** The entry comparing `base` with `head` (both already loaded); `lastValid` stands in for an invalid base. */
function compare(head: Revision, base: Revision, now: Date): Pick<Entry, "changes" | "controls" | "invalid"> {
  if (head.state === "invalid")
    return {
      changes: [],
      controls: [],
      invalid: {
        count: head.problems.length,
        problems: formatProblems(head.problems.slice(0, 5), "en").split("\n"),
      },
    };
  if (head.state === "absent") return { changes: [], controls: [] };
  if (base.state !== "ok")
    return { changes: [firstAppearance(head.model)], controls: controlChanges(undefined, head.model, now) };
  return {
    changes: policyChanges(base.model, head.model),
    controls: controlChanges(base.model, head.model, now),
  };
}

export interface HistoryOptions {
  /** The policy directory (absolute, or relative to the process). */
  readonly dir: string;
  /** Revision range arguments as `git log` takes them; default HEAD. */
  readonly range?: readonly string[];
  /** Evaluate every commit's controls at this instant instead of its committer date. */
  readonly now?: Date;
}

/** `wecom-policy history`: one entry per commit (oldest first) that changed the policy directory. */
export async function policyHistory(opts: HistoryOptions): Promise<HistoryReport> {
  const abs = path.resolve(opts.dir);
  const git = await Git.open(await existingParent(abs));
  const dir = git.relative(abs);
  const range = opts.range && opts.range.length > 0 ? opts.range : ["HEAD"];
  // A range that ends before the directory moved to where it is now starts at the old path.
  const tip = (await git.run(["rev-parse", "--revs-only", ...range]).catch(() => ""))
    .split("\n")
    .find((l) => l !== "" && !l.startsWith("^"));
  const commits = await git.commits(range, tip ? await dirAt(git, tip, dir) : dir);
  if (commits.length === 0)
    throw new GitError("no-history", {
      zh: `${range.join(" ")} 中没有修改 ${dir}/ 的提交：策略目录还没有提交历史（先 git add ${dir} && git commit）。`,
      en: `no commit in ${range.join(" ")} changed ${dir}/: the policy directory has no history yet (git add ${dir} && git commit first).`,
    });
  const revisions = new PolicyRevisions(git);
  const entries: Entry[] = [];
  let lastValid: { rev: string; revision: Revision } | undefined;
  for (const c of commits) {
    const head = await revisions.at(c.commit, c.dir);
    let base: Revision = c.parent ? await revisions.at(c.parent, c.parentDir) : { state: "absent" };
    let baseRev: string | null = c.parent && base.state !== "absent" ? c.parent : null;
    if (base.state === "invalid" && lastValid) {
      base = lastValid.revision;
      baseRev = lastValid.rev;
    }
    const now = opts.now ?? new Date(c.committed);
    entries.push({
      commit: c.commit,
      base: baseRev,
      author: { ...c.author },
      date: c.date,
      subject: c.subject,
      renames: c.renames.map((r) => ({ ...r })),
      ...compare(head, base, now),
    });
    if (head.state === "ok") lastValid = { rev: c.commit, revision: head };
  }
  return { version: 1, kind: "history", dir, range: range.join(" "), entries };
}

export interface DiffOptions {
  readonly dir: string;
  /** Default: the merge-base of HEAD and the default branch. */
  readonly base?: string;
  /** Default: the working tree (uncommitted changes count). */
  readonly head?: string;
  /** The instant controls are evaluated at (today). */
  readonly now: Date;
}

/** `wecom-policy diff`: base → head in policy terms, one entry. */
export async function policyDiff(opts: DiffOptions): Promise<HistoryReport> {
  const abs = path.resolve(opts.dir);
  const git = await Git.open(await existingParent(abs));
  const dir = git.relative(abs);
  const base = opts.base ?? (await mergeBase(git));
  const baseHash = await git.resolve(base);
  const revisions = new PolicyRevisions(git);
  const headHash = opts.head === undefined ? null : await git.resolve(opts.head);
  const headDir = headHash === null ? dir : await dirAt(git, headHash, dir);
  const head = headHash === null ? await workingTree(abs) : await revisions.at(headHash, headDir);
  let baseRev = await revisions.at(baseHash, headDir);
  let renames: { from: string; to: string }[] = [];
  if (baseRev.state === "absent") {
    // The directory may have moved since the base: look for it where git's rename detection says it was.
    const moved = await movedDir(git, baseHash, headHash, headDir);
    if (moved) {
      baseRev = await revisions.at(baseHash, moved.dir);
      renames = moved.renames;
    }
  } else {
    renames = await fileRenames(git, baseHash, headHash, headDir);
  }
  const entry: Entry = {
    commit: headHash,
    base: baseRev.state === "absent" ? null : baseHash,
    renames,
    ...compare(head, baseRev, opts.now),
  };
  return {
    version: 1,
    kind: "diff",
    dir,
    range: `${base}..${opts.head ?? "working tree"}`,
    entries: [entry],
  };
}

/** The merge-base of HEAD and the default branch (origin/HEAD, else main or master). */
export async function mergeBase(git: Git): Promise<string> {
  const candidates: string[] = [];
  const originHead = await git
    .run(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])
    .catch(() => "");
  if (originHead.trim()) candidates.push(originHead.trim());
  candidates.push("origin/main", "origin/master", "main", "master");
  for (const branch of candidates) {
    const hash = await git.resolve(branch).catch(() => undefined);
    if (!hash) continue;
    const mb = await git.run(["merge-base", "HEAD", hash]).catch(() => "");
    if (mb.trim()) return mb.trim();
  }
  throw new GitError("bad-revision", {
    zh: "找不到默认分支（origin/HEAD、main 或 master）：请给出 BASE，例如 wecom-policy diff origin/main。",
    en: "no default branch found (origin/HEAD, main or master): give BASE, e.g. wecom-policy diff origin/main.",
  });
}

async function nameStatus(
  git: Git,
  base: string,
  head: string | null,
): Promise<{ from: string; to: string }[]> {
  const args = ["diff", "-M", "--name-status", "-z", base, ...(head ? [head] : [])];
  const parts = (await git.run(args)).split("\0");
  const out: { from: string; to: string }[] = [];
  for (let i = 0; i < parts.length;) {
    const s = parts[i] ?? "";
    if (s.startsWith("R")) {
      out.push({ from: parts[i + 1] ?? "", to: parts[i + 2] ?? "" });
      i += 3;
    } else if (s.startsWith("C")) i += 3;
    else if (s === "") i += 1;
    else i += 2;
  }
  return out;
}

/** Where `dir` (its path in the working tree) was at `rev`: itself, or where git's rename detection moves it from. */
async function dirAt(git: Git, rev: string, dir: string): Promise<string> {
  if ((await git.treeOf(rev, dir)) !== undefined) return dir;
  return (await movedDir(git, rev, null, dir))?.dir ?? dir;
}

const within = (file: string, dir: string) => dir === "." || file.startsWith(`${dir}/`);

async function fileRenames(git: Git, base: string, head: string | null, dir: string) {
  return (await nameStatus(git, base, head)).filter((r) => within(r.from, dir) || within(r.to, dir));
}

async function movedDir(git: Git, base: string, head: string | null, dir: string) {
  const renames = (await nameStatus(git, base, head)).filter(
    (r) => within(r.to, dir) && !within(r.from, dir),
  );
  const olds = new Set(
    renames.map((r) => {
      const rest = dir === "." ? r.to : r.to.slice(dir.length + 1);
      return r.from.endsWith(`/${rest}`) ? r.from.slice(0, r.from.length - rest.length - 1) : undefined;
    }),
  );
  if (olds.size !== 1) return undefined;
  const old = [...olds][0];
  return old === undefined ? undefined : { dir: old, renames };
}

/** The nearest existing directory at or above `p` (git needs a cwd that exists). */
async function existingParent(p: string): Promise<string> {
  let cur = p;
  for (;;) {
    try {
      if ((await fs.promises.stat(cur)).isDirectory()) return cur;
    } catch {
      // not there: try the parent
    }
    const up = path.dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
}
