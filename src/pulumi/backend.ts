/**
 * Which Pulumi backend the user is logged in to, read the way the pulumi CLI decides it
 * (PULUMI_BACKEND_URL, then the project's `backend.url` in Pulumi.yaml, then the `current` backend that
 * `pulumi login` records in $PULUMI_HOME/credentials.json; PULUMI_ACCESS_TOKEN alone means Pulumi Cloud).
 * Reading files only: no pulumi process, no network.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

export interface UserBackend {
  /** The backend's URL, e.g. `file:///srv/pulumi` or `https://api.pulumi.com`. */
  url: string;
  /** Where the URL came from, for messages. */
  from: "PULUMI_BACKEND_URL" | "Pulumi.yaml backend.url" | "pulumi login" | "PULUMI_ACCESS_TOKEN";
  /** The PULUMI_HOME pulumi uses (credentials, plugins, workspace settings). */
  home: string;
}

/** $PULUMI_HOME, or pulumi's default `~/.pulumi`. */
export function pulumiHome(env: NodeJS.ProcessEnv = process.env): string {
  return env["PULUMI_HOME"] || path.join(os.homedir(), ".pulumi");
}

/** The backend the user's own `pulumi` would use in `projectDir`, or undefined when there is none. */
export function userBackend(
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): UserBackend | undefined {
  const home = pulumiHome(env);
  const fromEnv = env["PULUMI_BACKEND_URL"];
  if (fromEnv) return { url: fromEnv, from: "PULUMI_BACKEND_URL", home };
  const project = readYaml(path.join(projectDir, "Pulumi.yaml")) as
    { backend?: { url?: unknown } } | undefined;
  if (typeof project?.backend?.url === "string" && project.backend.url !== "")
    return { url: project.backend.url, from: "Pulumi.yaml backend.url", home };
  const creds = readJson(path.join(home, "credentials.json")) as { current?: unknown } | undefined;
  if (typeof creds?.current === "string" && creds.current !== "")
    return { url: creds.current, from: "pulumi login", home };
  if (env["PULUMI_ACCESS_TOKEN"]) return { url: "https://api.pulumi.com", from: "PULUMI_ACCESS_TOKEN", home };
  return undefined;
}

/** A backend URL fit for a message: no user name or password, no query. */
export function displayBackend(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//").replace(/\?.*$/, "");
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}
