/**
 * The git in PATH, run with execFile (no shell, no git library): what `history` and `diff` need — the
 * repository root, commits that touched the policy directory (following its renames), and the files of a
 * commit. Output is read with NUL and unit separators, never parsed from human-readable text.
 */
import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import type { Bilingual } from "../text";

/** Why git could not answer; each carries the message to show, in both languages. */
export const GIT_ERROR_KINDS = ["no-git", "not-a-repo", "bad-revision", "no-history", "failed"] as const;
export type GitErrorKind = (typeof GIT_ERROR_KINDS)[number];

export class GitError extends Error {
  override readonly name = "GitError";
  constructor(
    readonly kind: GitErrorKind,
    readonly text: Bilingual,
    options?: { cause?: unknown },
  ) {
    super(text.en, options);
  }
}

/** One commit of the log: who, when, what. */
export interface CommitInfo {
  readonly commit: string;
  /** First parent; undefined for a root commit. */
  readonly parent?: string;
  readonly author: { readonly name: string; readonly email: string };
  /** Author date, ISO 8601 with the author's offset. */
  readonly date: string;
  /** Committer date: the instant the commit's controls are evaluated at. */
  readonly committed: string;
  readonly subject: string;
  /** The policy directory (relative to the repository root) in this commit and in its parent. */
  readonly dir: string;
  readonly parentDir: string;
  /** Files renamed in the commit (old → new, relative to the repository root), for the changelog. */
  readonly renames: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** A file of the policy directory at a revision: its path inside the directory and its blob. */
interface TreeFile {
  readonly file: string;
  readonly oid: string;
  readonly size: number;
}

const SEP = "\x1f";
const REC = "\x1e";

export class Git {
  private constructor(readonly root: string) {}

  /** The repository that holds `cwd`; a {@link GitError} outside one or without git. */
  static async open(cwd: string): Promise<Git> {
    const out = await runGit(cwd, ["rev-parse", "--show-toplevel"]).catch((err: unknown) => {
      if (err instanceof GitError && err.kind === "failed")
        throw new GitError("not-a-repo", {
          zh: `${cwd} 不在 git 仓库中：history 和 diff 读取策略文件的 git 历史。请在仓库中运行（git init / git clone），或用 --dir 指向仓库中的策略目录。`,
          en: `${cwd} is not inside a git repository: history and diff read the git history of the policy files. Run them in a repository (git init / git clone), or point --dir at the policies in one.`,
        });
      throw err;
    });
    return new Git(out.trim());
  }

  run(args: readonly string[]): Promise<string> {
    return runGit(this.root, args);
  }

  /** `dir` (absolute or relative to the process) as a path relative to the root, posix separators. */
  relative(dir: string): string {
    const rel = path.relative(this.root, path.resolve(dir)).split(path.sep).join("/");
    return rel === "" ? "." : rel;
  }

  /** The full hash of a revision, or a {@link GitError} naming it. */
  async resolve(rev: string): Promise<string> {
    if (rev.startsWith("-")) throw badRevision(rev);
    try {
      return (
        await this.run(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`])
      ).trim();
    } catch (err) {
      if (err instanceof GitError && err.kind === "failed") throw badRevision(rev);
      throw err;
    }
  }

  /** Whether `dir` exists as a directory in `rev`. */
  async hasDir(rev: string, dir: string): Promise<boolean> {
    const out = await this.run(["ls-tree", "-d", "--name-only", rev, "--", dir === "." ? "." : dir]).catch(
      () => "",
    );
    return dir === "." || out.trim() !== "";
  }

  /**
   * The bytes of `file` (relative to the root, posix separators) as committed in `rev`: `git cat-file blob
   * <rev>:<file>`. Rejects with an `ENOENT` error when the commit has no such file.
   */
  blob(rev: string, file: string): Promise<Buffer> {
    const norm = path.posix.normalize(file);
    if (norm.startsWith("../") || norm === ".." || path.posix.isAbsolute(norm))
      return Promise.reject(enoent(`${file}: outside the repository`));
    return new Promise((resolve, reject) => {
      execFile(
        "git",
        ["cat-file", "blob", `${rev}:${norm}`],
        {
          cwd: this.root,
          encoding: "buffer",
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
        },
        (err, stdout) => {
          if (!err) return resolve(stdout);
          if ((err as NodeJS.ErrnoException).code === "ENOENT") return reject(noGit(err));
          // cat-file fails (exit 128) when the path is not in the commit: the loader's "missing".
          reject(enoent(`${file}: not in ${rev.slice(0, 12)}`));
        },
      );
    });
  }

  /** The tree id of `dir` in `rev` (equal trees hold equal policies), or undefined when it is absent. */
  async treeOf(rev: string, dir: string): Promise<string | undefined> {
    const spec = dir === "." ? `${rev}^{tree}` : `${rev}:${dir}`;
    try {
      return (await this.run(["rev-parse", "--verify", "--quiet", spec])).trim() || undefined;
    } catch {
      // rev-parse --quiet exits 1 without output when the path is not in the commit.
      return undefined;
    }
  }

  /**
   * Commits (oldest first, merges left out) in `range` that changed the policy directory, each with the
   * directory's path then and in its parent. A directory moved by a commit (git's rename detection) is
   * followed: commits before the move are read at the old path.
   */
  async commits(range: readonly string[], dir: string): Promise<CommitInfo[]> {
    const parsed = await this.run(["rev-parse", "--revs-only", ...range]).catch((err: unknown) => {
      if (err instanceof GitError && err.kind === "failed") throw badRevision(range.join(" "));
      throw err;
    });
    const revs = parsed.split("\n").filter((l) => l !== "");
    if (revs.length === 0) throw badRevision(range.join(" "));
    const include = revs.filter((r) => !r.startsWith("^"));
    const exclude = revs.filter((r) => r.startsWith("^")).map((r) => r.slice(1));
    const out: CommitInfo[] = [];
    let from = include;
    let current = dir;
    // A directory can move more than once; each move continues the walk at its parent with the old path.
    for (let hops = 0; hops < 32 && from.length > 0; hops++) {
      const batch = await this.logOf(from, exclude, current);
      out.push(...batch);
      const oldest = batch.at(-1);
      if (!oldest?.parent || oldest.parentDir === current) break;
      from = [oldest.parent];
      current = oldest.parentDir;
    }
    return out.reverse();
  }

  private async logOf(include: string[], exclude: string[], dir: string): Promise<CommitInfo[]> {
    const format = `${REC}%H${SEP}%P${SEP}%an${SEP}%ae${SEP}%aI${SEP}%cI${SEP}%s`;
    const out = await this.run([
      "log",
      "--no-merges",
      "--no-color",
      `--format=${format}`,
      ...include,
      ...(exclude.length > 0 ? ["--not", ...exclude] : []),
      "--",
      dir,
    ]);
    const commits: CommitInfo[] = [];
    for (const record of out.split(REC).slice(1)) {
      const [commit = "", parents = "", name = "", email = "", date = "", committed = "", subject = ""] =
        record.replace(/\n+$/, "").split(SEP);
      const parent = parents.split(" ").find((p) => p !== "");
      const renames = await this.renames(commit, parent);
      const moved = parent ? movedFrom(renames, dir) : undefined;
      commits.push({
        commit,
        ...(parent ? { parent } : {}),
        author: { name, email },
        date,
        committed,
        subject,
        dir,
        parentDir: moved ?? dir,
        renames: renames.filter((r) => inside(r.to, dir) || inside(r.from, dir)),
      });
    }
    return commits;
  }

  /** Files the commit renamed (git's rename detection over the whole commit). */
  private async renames(commit: string, parent: string | undefined): Promise<{ from: string; to: string }[]> {
    if (!parent) return [];
    const out = await this.run([
      "diff-tree",
      "-r",
      "-M",
      "--name-status",
      "-z",
      "--no-commit-id",
      parent,
      commit,
    ]);
    const parts = out.split("\0");
    const renames: { from: string; to: string }[] = [];
    for (let i = 0; i < parts.length;) {
      const status = parts[i] ?? "";
      if (status.startsWith("R") || status.startsWith("C")) {
        if (status.startsWith("R")) renames.push({ from: parts[i + 1] ?? "", to: parts[i + 2] ?? "" });
        i += 3;
      } else if (status === "") i += 1;
      else i += 2;
    }
    return renames;
  }

  /** The files under `dir` at `rev`, read in one `git cat-file --batch` (sizes first, so a huge file is never read). */
  async files(
    rev: string,
    dir: string,
    maxBytes: number,
  ): Promise<{ texts: Map<string, string>; sizes: Map<string, number> }> {
    const listing = await this.run([
      "ls-tree",
      "-r",
      "-z",
      "--long",
      "--full-tree",
      rev,
      "--",
      dir === "." ? "." : dir,
    ]);
    const files: TreeFile[] = [];
    for (const entry of listing.split("\0")) {
      const m = /^\d+ blob ([0-9a-f]+) +(\d+)\t(.*)$/s.exec(entry);
      if (!m) continue;
      const full = m[3]!;
      files.push({ file: dir === "." ? full : full.slice(dir.length + 1), oid: m[1]!, size: Number(m[2]) });
    }
    const sizes = new Map(files.map((f) => [f.file, f.size]));
    const wanted = files.filter((f) => f.size <= maxBytes);
    const texts = await this.blobs(wanted);
    return { texts, sizes };
  }

  private blobs(files: readonly TreeFile[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    if (files.length === 0) return Promise.resolve(texts);
    return new Promise((resolve, reject) => {
      const child = spawn("git", ["cat-file", "--batch"], {
        cwd: this.root,
        stdio: ["pipe", "pipe", "pipe"],
      });
      const chunks: Buffer[] = [];
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => chunks.push(c));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("error", (err) => reject(noGit(err)));
      child.on("close", (code) => {
        if (code !== 0) {
          reject(
            new GitError("failed", {
              zh: `git cat-file 失败：${stderr.trim()}`,
              en: `git cat-file failed: ${stderr.trim()}`,
            }),
          );
          return;
        }
        const buf = Buffer.concat(chunks);
        let at = 0;
        for (const f of files) {
          const nl = buf.indexOf(0x0a, at);
          const header = buf.subarray(at, nl).toString();
          const size = Number(header.split(" ")[2]);
          texts.set(f.file, buf.subarray(nl + 1, nl + 1 + size).toString("utf8"));
          at = nl + 1 + size + 1;
        }
        resolve(texts);
      });
      child.stdin.end(files.map((f) => f.oid).join("\n") + "\n");
    });
  }
}

/** The directory's old path when the commit moved every file it renamed into `dir` from one other place. */
function movedFrom(renames: readonly { from: string; to: string }[], dir: string): string | undefined {
  const olds = new Set<string>();
  for (const r of renames) {
    if (!inside(r.to, dir) || inside(r.from, dir)) continue;
    const rest = dir === "." ? r.to : r.to.slice(dir.length + 1);
    if (!r.from.endsWith(`/${rest}`) && r.from !== rest) return undefined;
    const old = r.from === rest ? "." : r.from.slice(0, r.from.length - rest.length - 1);
    olds.add(old);
  }
  return olds.size === 1 ? [...olds][0] : undefined;
}

function inside(file: string, dir: string): boolean {
  return dir === "." || file.startsWith(`${dir}/`);
}

function badRevision(rev: string): GitError {
  return new GitError("bad-revision", {
    zh: `git 中没有修订 ${rev}（可用提交号、分支、标签或 A..B 范围）。`,
    en: `no revision ${rev} in git (use a commit, branch, tag or an A..B range).`,
  });
}

function noGit(err: unknown): GitError {
  return new GitError(
    "no-git",
    {
      zh: "找不到 git：history 和 diff 使用 PATH 中的 git，请先安装。",
      en: "git was not found: history and diff use the git in PATH; install it first.",
    },
    { cause: err },
  );
}

function enoent(message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code: "ENOENT" });
}

function runGit(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return reject(noGit(err));
        const why = String(stderr).trim().split("\n")[0] ?? "";
        reject(
          new GitError(
            "failed",
            { zh: `git ${args[0]} 失败：${why}`, en: `git ${args[0]} failed: ${why}` },
            { cause: err },
          ),
        );
      },
    );
  });
}
