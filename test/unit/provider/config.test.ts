import { describe, expect, it } from "vitest";
import { httpLimits, parseConfig } from "../../../src/provider/config";

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

describe("provider config", () => {
  it("reads args with secrets unwrapped, and defaults the base URL", () => {
    const cfg = parseConfig({ corpId: "ww1", corpSecret: { ...SECRET_SIG, value: "s3cret-value" } }, {}, {});
    expect(cfg).toEqual({
      corpId: "ww1",
      baseUrl: "https://qyapi.weixin.qq.com",
      contactsSecret: "s3cret-value",
      appSecrets: {},
      readOnly: false,
    });
  });

  it("falls back to the deprecated variables map, then the environment", () => {
    const cfg = parseConfig(
      {},
      { "wecom:config:corpId": "ww2", "wecom:config:baseUrl": "http://127.0.0.1:9/" },
      { WECOM_CORP_SECRET: "env-secret", WECOM_APP_SECRETS: '{"1000002":"a"}', WECOM_POLICY_READ_ONLY: "1" },
    );
    expect(cfg.corpId).toBe("ww2");
    expect(cfg.baseUrl).toBe("http://127.0.0.1:9");
    expect(cfg.contactsSecret).toBe("env-secret");
    expect(cfg.appSecrets).toEqual({ "1000002": "a" });
    expect(cfg.readOnly).toBe(true);
  });

  it("explains a missing corp id in both languages", () => {
    expect(() => parseConfig({}, {}, {})).toThrow(/wecom:corpId is not set[\s\S]*未设置 wecom:corpId/);
  });

  it("never echoes a malformed app-secrets value", () => {
    let message = "";
    try {
      parseConfig({ corpId: "ww", appSecrets: "not-json-but-secret-xyz" }, {}, {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("wecom:appSecrets must be a JSON object");
    expect(message).not.toContain("not-json-but-secret-xyz");
  });
});

describe("HTTP limits", () => {
  it("come from stack config or the environment and reach the client options", () => {
    const cfg = parseConfig(
      { corpId: "ww", httpTimeoutMs: 5000 },
      { "wecom:operationDeadlineMs": "20000" },
      { WECOM_MAX_RESPONSE_BYTES: "1048576" },
    );
    expect(httpLimits(cfg)).toEqual({ timeoutMs: 5000, deadlineMs: 20000, maxResponseBytes: 1048576 });
    expect(httpLimits(parseConfig({ corpId: "ww" }, {}, {}))).toEqual({});
  });

  it("refuse a value that is not a whole number above the floor, naming key and variable", () => {
    expect(() => parseConfig({ corpId: "ww" }, {}, { WECOM_HTTP_TIMEOUT_MS: "fast" })).toThrow(
      'wecom:httpTimeoutMs (WECOM_HTTP_TIMEOUT_MS) must be a whole number ≥ 100, got "fast"',
    );
    expect(() => parseConfig({ corpId: "ww", maxResponseBytes: 10 }, {}, {})).toThrow(/≥ 1024/);
  });
});
