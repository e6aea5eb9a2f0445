/**
 * bin/build-check.js: bin/wecom-policy recompiles a dist/ older than src/ (after `git pull` without a
 * build) instead of running the old CLI, or says exactly what to run; the check costs one stat per source
 * file (review of issue 14).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const check = createRequire(__filename)(path.join(ROOT, "bin", "build-check.js")) as {
  newestSource(root: string): { file: string; ms: number } | undefined;
  builtAt(root: string): number;
  ensureBuilt(root: string, io?: { stderr?: (t: string) => void; compile?: () => void }): boolean;
};

describe("bin/build-check.js", () => {
  let root: string;
  let err: string;
  const at = (file: string, sec: number) => {
    const p = path.join(root, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (!fs.existsSync(p)) fs.writeFileSync(p, "");
    fs.utimesSync(p, sec, sec);
  };
  const run = (compile: () => void = () => {}) =>
    check.ensureBuilt(root, { stderr: (t) => (err += t), compile });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "build-check-"));
    err = "";
    at("tsconfig.json", 1_000);
    at("src/cli/main.ts", 2_000);
    at("src/watch/run.ts", 3_000);
    at("dist/.tsbuildinfo", 4_000);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("a build newer than every source runs as is", () => {
    let compiled = 0;
    expect(run(() => compiled++)).toBe(true);
    expect([compiled, err]).toEqual([0, ""]);
  });

  it("a source newer than the build (git pull) is compiled first, named, and the build stamped", () => {
    at("src/watch/run.ts", 5_000);
    let compiled = 0;
    expect(run(() => compiled++)).toBe(true);
    expect(compiled).toBe(1);
    expect(err).toContain(`${path.join("src", "watch", "run.ts")} is newer than the build in dist/`);
    expect(check.builtAt(root)).toBeGreaterThan(5_000_000);
    err = "";
    expect(run(() => compiled++)).toBe(true);
    expect([compiled, err]).toEqual([1, ""]);
  });

  it("when it cannot compile it says what to run, and the CLI does not start", () => {
    at("tsconfig.json", 6_000);
    expect(
      run(() => {
        throw Object.assign(new Error("Cannot find module 'typescript/bin/tsc'"), {
          code: "MODULE_NOT_FOUND",
        });
      }),
    ).toBe(false);
    expect(err).toContain(`run \`npm ci && npm run build\` in ${root}`);
    err = "";
    expect(
      run(() => {
        throw new Error("Command failed: tsc");
      }),
    ).toBe(false);
    expect(err).toContain(`compiling failed (errors above): fix them, or run \`npm run build\` in ${root}`);
  });

  it("an installed package without src/ is not checked", () => {
    fs.rmSync(path.join(root, "src"), { recursive: true });
    expect(check.newestSource(root)).toBeUndefined();
    expect(run(() => expect.unreachable())).toBe(true);
  });

  it("costs well under 50 ms on this repository's src/", () => {
    const times = [0, 1, 2].map(() => {
      const t0 = process.hrtime.bigint();
      check.newestSource(ROOT);
      check.builtAt(ROOT);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    });
    console.log(`build check on src/: ${times.map((t) => t.toFixed(1)).join(" / ")} ms`);
    expect(Math.min(...times)).toBeLessThan(50);
  });
});
