/** `wecom-policy --version`: the package, the provider plugin and the Pulumi CLI, found without building. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main";
import { PROVIDER_VERSION } from "../../../src/provider/server";

const pkg = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8"),
) as {
  version: string;
};

describe("--version", () => {
  it("prints three lines: wecom-policy, the provider's GetPluginInfo version, and pulumi", async () => {
    let out = "";
    const code = await main(["node", "wecom-policy", "--version"], {
      stdout: (t) => void (out += t),
      stderr: () => {},
    });
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`wecom-policy ${pkg.version}`);
    expect(lines[1]).toMatch(
      new RegExp(`^provider wecom ${PROVIDER_VERSION.replace(/\./g, "\\.")} \\(.*pulumi-resource-wecom\\)$`),
    );
    expect(lines[2]).toMatch(/^pulumi (v\d+\.\d+\.\d+ \(.+\)|: not found — run `npm run setup`)/);
  }, 60_000);
});
