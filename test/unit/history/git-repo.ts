/** A scripted git repository for history/diff tests: the demo policies, commits with fixed authors and dates. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const DEMO_POLICIES = path.resolve(__dirname, "..", "..", "..", "policies");

export class ScriptedRepo {
  readonly root: string;
  private tick = 0;

  constructor(prefix = "wecom-history-") {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.git("init", "-q", "-b", "main");
    fs.cpSync(DEMO_POLICIES, path.join(this.root, "policies"), { recursive: true });
  }

  git(...args: string[]): string {
    return execFileSync("git", args, {
      cwd: this.root,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_AUTHOR_NAME: this.author.name,
        GIT_AUTHOR_EMAIL: this.author.email,
        GIT_COMMITTER_NAME: this.author.name,
        GIT_COMMITTER_EMAIL: this.author.email,
        GIT_AUTHOR_DATE: this.date,
        GIT_COMMITTER_DATE: this.date,
      },
    });
  }

  author = { name: "Chen Jing", email: "chenjing@xinghe-demo.cn" };
  date = "2026-11-01T10:00:00+08:00";

  path(file: string): string {
    return path.join(this.root, file);
  }

  read(file: string): string {
    return fs.readFileSync(this.path(file), "utf8");
  }

  write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(this.path(file)), { recursive: true });
    fs.writeFileSync(this.path(file), text);
  }

  edit(file: string, from: string | RegExp, to: string): void {
    const before = this.read(file);
    const after = before.replace(from, to);
    if (after === before) throw new Error(`${file}: ${String(from)} not found`);
    this.write(file, after);
  }

  /** Commits everything on day `day` of November 2026 (10:00 CST), as `who`. */
  commit(message: string, day: number, who?: { name: string; email: string }): string {
    if (who) this.author = who;
    this.date = `2026-11-${String(day).padStart(2, "0")}T10:00:00+08:00`;
    this.tick++;
    this.git("add", "-A");
    this.git("commit", "-q", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
