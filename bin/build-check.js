// Is dist/ older than src/? After `git pull` without `npm run build`, bin/wecom-policy would run the old
// compiled CLI against new policies, schemas and docs (review of issue 14). Before it starts, the newest
// modification time of src/**/*.ts (and tsconfig.json) is compared with the last build's: dist/.tsbuildinfo,
// which tsc's incremental build writes, or dist/.build-stamp, which a rebuild from here writes (a no-op tsc
// run may leave .tsbuildinfo untouched). One stat per source file, no hashing: a few milliseconds for src/'s
// couple of hundred files (measured in test/unit/cli/build-check.test.ts). A stale build is recompiled (an
// incremental tsc run) with a line on stderr; when that cannot be done, the message says what to run.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

/** The newest of src/**\/*.ts and tsconfig.json under `root`: { file, ms }; undefined when there is no src/. */
function newestSource(root) {
  const src = path.join(root, "src");
  if (!fs.existsSync(src)) return undefined;
  let newest = { file: "tsconfig.json", ms: mtime(path.join(root, "tsconfig.json")) };
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) {
        const ms = mtime(p);
        if (ms > newest.ms) newest = { file: path.relative(root, p), ms };
      }
    }
  };
  walk(src);
  return newest;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** When dist/ was last built (ms since the epoch); 0 when it never was. */
function builtAt(root) {
  return Math.max(mtime(path.join(root, "dist", ".tsbuildinfo")), mtime(path.join(root, "dist", ".build-stamp")));
}

/**
 * Make sure dist/ is at least as new as src/: recompile when it is older. Returns true when the CLI may
 * run. `compile` (tests) replaces the tsc run; it throws when compiling fails.
 */
function ensureBuilt(root, io = {}) {
  const stderr = io.stderr || ((t) => process.stderr.write(t));
  const newest = newestSource(root);
  if (newest === undefined || newest.ms <= builtAt(root)) return true;
  const compile =
    io.compile ||
    (() => {
      const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
      // tsc reports errors on stdout: to stderr, so the CLI's own stdout stays clean.
      execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], {
        cwd: root,
        stdio: ["ignore", 2, 2],
      });
    });
  stderr(
    `wecom-policy: ${newest.file} is newer than the build in dist/ (after a git pull?): compiling (npm run build)…\n` +
      `wecom-policy：${newest.file} 比 dist/ 中的构建更新（是否刚执行 git pull？）：正在编译（npm run build）…\n`,
  );
  try {
    compile();
  } catch (err) {
    const cannot = err && err.code === "MODULE_NOT_FOUND";
    stderr(
      (cannot
        ? `wecom-policy: TypeScript is not installed here, so dist/ cannot be rebuilt: run \`npm ci && npm run build\` in ${root}\n` +
          `wecom-policy：此处未安装 TypeScript，无法重新构建 dist/：请在 ${root} 运行 \`npm ci && npm run build\`\n`
        : `wecom-policy: compiling failed (errors above): fix them, or run \`npm run build\` in ${root} to see them again\n` +
          `wecom-policy：编译失败（见上方错误）：请修正，或在 ${root} 运行 \`npm run build\` 查看\n`),
    );
    return false;
  }
  fs.writeFileSync(path.join(root, "dist", ".build-stamp"), `${new Date().toISOString()}\n`);
  return true;
}

module.exports = { newestSource, builtAt, ensureBuilt };
