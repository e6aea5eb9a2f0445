import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default defineConfig({
  root,
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests run the real Pulumi CLI and several processes each; on 2 cores, files run two at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
