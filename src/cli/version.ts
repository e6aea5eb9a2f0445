/**
 * `wecom-policy --version`: the versions a bug report needs — this package, the provider plugin the
 * engine will start (its GetPluginInfo version) and the Pulumi CLI the commands run. Finding the CLI
 * builds nothing: without one it says so.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { existingCli, PROJECT_DIR } from "../pulumi/workspace";

export async function versionText(): Promise<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  // The version the plugin reports to the engine (GetPluginInfo); loaded only here, it pulls in gRPC.
  const { PROVIDER_VERSION } = await import("../provider/server");
  const plugin = path.join(PROJECT_DIR, "bin", "pulumi-resource-wecom");
  const dir = existingCli();
  const pulumi = dir === undefined ? undefined : await pulumiVersion(path.join(dir, "pulumi"));
  return (
    [
      `${pkg.name} ${pkg.version}`,
      `provider wecom ${PROVIDER_VERSION} (${plugin})`,
      pulumi !== undefined
        ? `pulumi ${pulumi} (${dir})`
        : "pulumi: not found — run `npm run setup` / 未找到 Pulumi CLI，请运行 `npm run setup`",
    ].join("\n") + "\n"
  );
}

function pulumiVersion(bin: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      bin,
      ["version"],
      { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" }, timeout: 30_000 },
      (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined),
    );
  });
}
