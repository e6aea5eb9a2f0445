import { describe, expect, it } from "vitest";
import { parseArgs, runCommand } from "../../../src/langhost/main";

describe("language host", () => {
  it("takes the engine address and tracing flag, ignoring logging flags", () => {
    expect(parseArgs(["--logtostderr", "-v=9", "-tracing", "http://t", "127.0.0.1:4567"])).toEqual({
      engineAddress: "127.0.0.1:4567",
      tracing: "http://t",
    });
  });

  it("builds the same cmd/run invocation and environment as Pulumi's Go host", () => {
    const { args, env } = runCommand(
      {
        monitor: "127.0.0.1:1",
        engine: "127.0.0.1:2",
        organization: "organization",
        project: "wecom-policy",
        stack: "sandbox",
        pwd: "/repo",
        rootDirectory: "/repo",
        programDirectory: "/repo",
        entryPoint: "dist/program/index.js",
        dryRun: true,
        parallel: 16,
        args: [],
        config: { "wecom:corpId": "ww1" },
        configSecretKeys: ["wecom:corpSecret"],
        options: { typescript: false },
      },
      "",
    );
    expect(args[0]).toMatch(/@pulumi\/pulumi\/cmd\/run\/index\.js$/);
    expect(args.slice(1)).toEqual([
      "--monitor",
      "127.0.0.1:1",
      "--engine",
      "127.0.0.1:2",
      "--organization",
      "organization",
      "--project",
      "wecom-policy",
      "--root-directory",
      "/repo",
      "--stack",
      "sandbox",
      "--pwd",
      "/repo",
      "--dry-run",
      "--parallel",
      "16",
      "/repo/dist/program/index.js",
    ]);
    expect(env).toEqual({
      PULUMI_CONFIG: '{"wecom:corpId":"ww1"}',
      PULUMI_CONFIG_SECRET_KEYS: '["wecom:corpSecret"]',
      PULUMI_NODEJS_TYPESCRIPT: "false",
    });
  });
});
