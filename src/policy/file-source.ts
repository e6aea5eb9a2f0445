/**
 * Where the loader reads policy files from: the disk (the usual case), or memory — the files of a git
 * commit read with `git cat-file` (src/history), so `wecom-policy history` checks each commit with the same
 * loader as `validate` instead of a copy of it.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";

/** The policy directory's files, by path relative to it (`roles.yaml`, `hr/people.csv`). */
export interface PolicyFileSource {
  /** Names at the top of the directory; rejects with an `ENOENT`/`ENOTDIR` error when there is none. */
  list(): Promise<string[]>;
  /** The file's size in bytes (checked against the cap before reading); undefined when it does not exist. */
  size(file: string): Promise<number | undefined>;
  read(file: string): Promise<string>;
  /**
   * The raw bytes of a file the policy refers to (protection.yaml's evidence, path relative to the
   * directory; it may lie outside it). Default: from the disk under the directory. A git commit's source
   * reads them from the commit (src/history), so the hash is of the file as committed.
   */
  bytes?(file: string): Promise<Buffer>;
}

/** The files under `dir` on disk. */
export function diskFiles(dir: string): PolicyFileSource {
  return {
    list: () => fs.readdir(dir),
    async size(file) {
      try {
        return (await fs.stat(path.join(dir, file))).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
    },
    read: (file) => fs.readFile(path.join(dir, file), "utf8"),
  };
}

/** Files held in memory, keyed by their path relative to the policy directory (posix separators). */
export function memoryFiles(files: ReadonlyMap<string, string>): PolicyFileSource {
  const norm = (file: string) => path.posix.normalize(file.replace(/\\/g, "/"));
  return {
    async list() {
      const top = new Set<string>();
      for (const name of files.keys()) top.add(name.split("/")[0]!);
      return [...top];
    },
    async size(file) {
      const text = files.get(norm(file));
      return text === undefined ? undefined : Buffer.byteLength(text, "utf8");
    },
    async read(file) {
      const text = files.get(norm(file));
      if (text === undefined)
        throw Object.assign(new Error(`${file}: no such file`), { code: "ENOENT" }) as NodeJS.ErrnoException;
      return text;
    },
  };
}
