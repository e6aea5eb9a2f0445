/**
 * Runs the sandbox tenant as its own process (`wecom-policy sandbox`), as a user would: the demo and the
 * end-to-end tests talk to it over loopback HTTP only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import type { ConsoleCredentials } from "../wecom/wire";
import { PROJECT_DIR } from "./workspace";

export interface SandboxProcess {
  url: string;
  pid: number;
  credentials(): Promise<ConsoleCredentials>;
  /** POST /__console/<action> — what an admin does by hand in the WeCom console. */
  console(action: string, body: Record<string, unknown>): Promise<unknown>;
  get(pathname: string): Promise<unknown>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Let the sandbox outlive this process (`demo --keep`): drop our pipes and references to it. */
  detach(): void;
}

export async function startSandboxProcess(opts: {
  stateFile: string;
  seed?: string;
  extraArgs?: string[];
  projectDir?: string;
}): Promise<SandboxProcess> {
  const main = path.join(opts.projectDir ?? PROJECT_DIR, "dist", "cli", "main.js");
  const args = [
    main,
    "sandbox",
    "--port",
    "0",
    "--state",
    opts.stateFile,
    ...(opts.seed ? ["--seed", opts.seed] : []),
    ...(opts.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`sandbox did not start within 20 s\n${stderr}`)), 20_000);
    rl.once("line", (line) => {
      clearTimeout(timer);
      const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line.trim());
      if (m) resolve(m[1]!);
      else reject(new Error(`unexpected first line from the sandbox: ${line}\n${stderr}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code} before listening\n${stderr}`));
    });
  });
  const call = async (method: string, pathname: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(url + pathname, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    pid: child.pid!,
    credentials: async () => (await call("GET", "/__console/credentials")) as ConsoleCredentials,
    console: (action, body) => call("POST", `/__console/${action}`, body),
    get: (pathname) => call("GET", pathname),
    detach: () => {
      child.stdout!.destroy();
      child.stderr!.destroy();
      child.unref();
    },
    stop: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
