/** Which backend the user is logged in to, read as pulumi reads it; and which stack a command then uses. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { displayBackend, userBackend } from "../../../src/pulumi/backend";
import { DEMO_STATE_DIR, stackPlace } from "../../../src/cli/stack";
import { EXIT } from "../../../src/cli/exit-codes";

let dir: string;
let project: string;
let home: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-backend-"));
  project = path.join(dir, "project");
  home = path.join(dir, "home");
  fs.mkdirSync(project);
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const login = (url: string) =>
  fs.writeFileSync(path.join(home, "credentials.json"), JSON.stringify({ current: url, accessTokens: {} }));

describe("userBackend", () => {
  it("is none without a login, an environment variable or a project backend", () => {
    expect(userBackend(project, { PULUMI_HOME: home })).toBeUndefined();
  });

  it("reads `pulumi login`'s record in $PULUMI_HOME/credentials.json", () => {
    login("file:///srv/state");
    expect(userBackend(project, { PULUMI_HOME: home })).toEqual({
      url: "file:///srv/state",
      from: "pulumi login",
      home,
    });
  });

  it("PULUMI_BACKEND_URL wins over Pulumi.yaml, which wins over the login; a token alone means Pulumi Cloud", () => {
    login("file:///srv/state");
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nbackend:\n  url: file:///from/project\n");
    expect(userBackend(project, { PULUMI_HOME: home })?.from).toBe("Pulumi.yaml backend.url");
    expect(userBackend(project, { PULUMI_HOME: home, PULUMI_BACKEND_URL: "s3://b" })?.url).toBe("s3://b");
    fs.rmSync(path.join(home, "credentials.json"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\n");
    expect(userBackend(project, { PULUMI_HOME: home, PULUMI_ACCESS_TOKEN: "t" })?.from).toBe(
      "PULUMI_ACCESS_TOKEN",
    );
  });

  it("shows a backend without its credentials", () => {
    expect(displayBackend("postgres://user:pw@db:5432/pulumi?sslmode=disable")).toBe(
      "postgres://db:5432/pulumi",
    );
  });
});

describe("stackPlace", () => {
  it("--state-dir is that workspace, stack sandbox unless named", () => {
    const ws = path.join(dir, "ws");
    fs.mkdirSync(path.join(ws, "backend"), { recursive: true });
    expect(stackPlace({ stateDir: ws }, { PULUMI_HOME: home })).toEqual({
      kind: "workspace",
      stateDir: ws,
      stack: "sandbox",
      embedded: false,
    });
    const bad = stackPlace({ stateDir: path.join(dir, "nope") }, { PULUMI_HOME: home });
    expect(bad).toMatchObject({ code: EXIT.error });
  });

  it("logged in: the user's backend, with the stack as given (or pulumi's selected one later)", () => {
    login("file:///srv/state");
    expect(stackPlace({ stack: "prod" }, { PULUMI_HOME: home })).toMatchObject({
      kind: "user",
      stack: "prod",
      backend: { url: "file:///srv/state", from: "pulumi login" },
    });
  });

  it("not logged in: the demo's workspace for sandbox; any other stack says to log in", () => {
    const other = stackPlace({ stack: "prod" }, { PULUMI_HOME: home });
    expect(other).toMatchObject({ code: EXIT.error });
    expect((other as { error: string }).error).toContain("you are not logged in to a Pulumi backend");
    const embedded = stackPlace({}, { PULUMI_HOME: home });
    if (fs.existsSync(path.join(DEMO_STATE_DIR, "backend")))
      expect(embedded).toMatchObject({ kind: "workspace", stateDir: DEMO_STATE_DIR, embedded: true });
    else expect((embedded as { error: string }).error).toContain("wecom-policy demo --keep");
  });
});
