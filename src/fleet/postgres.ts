/**
 * A throwaway PostgreSQL server for a fleet's Pulumi state (Pulumi's `postgres://` DIY backend): Debian's
 * PostgreSQL 15 binaries, `initdb` into a temporary directory, `pg_ctl` on a free loopback port with no
 * Unix socket outside that directory, one database for the state, and `stop()` that shuts it down and
 * deletes the directory. Never a system-wide server (docs/decisions.md, "Fleet state in PostgreSQL").
 *
 * initdb and postgres refuse to run as root ("cannot be run as root"), so as root both run as the
 * `postgres` account that Debian's postgresql-common package creates (setpriv, no login shell involved).
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { zh } from "../text";

/** Where Debian's postgresql-15 package puts its server binaries; WECOM_POLICY_PG_BIN overrides it. */
export const DEBIAN_PG_BIN = "/usr/lib/postgresql/15/bin";
/** The account the server runs as when we are root (created by Debian's postgresql-common). */
export const PG_ACCOUNT = "postgres";
/** The superuser initdb creates; trust authentication, loopback only. */
const SUPERUSER = "fleet";
/** The database that holds the state (the backend needs it to exist; it creates its table itself). */
export const STATE_DATABASE = "pulumi";

export interface Postgres {
  /** `postgres://fleet@127.0.0.1:PORT/pulumi?sslmode=disable` — a Pulumi backend URL. */
  backendUrl: string;
  port: number;
  /** Run SQL through psql on the state database; returns psql's unaligned, tuples-only output. */
  sql(query: string): Promise<string>;
  /** Stop the server (fast shutdown, then immediate) and delete its directory. Idempotent. */
  stop(): Promise<void>;
}

export class PostgresSetupError extends Error {
  override readonly name = "PostgresSetupError";
}

/** Start a throwaway server. The caller must call `stop()` (a process exit stops it too). */
export async function startPostgres(opts: { binDir?: string } = {}): Promise<Postgres> {
  const bin = opts.binDir ?? process.env["WECOM_POLICY_PG_BIN"] ?? DEBIAN_PG_BIN;
  for (const tool of ["initdb", "pg_ctl", "postgres", "psql"])
    if (!fs.existsSync(path.join(bin, tool)))
      throw new PostgresSetupError(
        `PostgreSQL 15 is not installed (no ${path.join(bin, tool)}): run \`npm run setup\` (installs Debian's postgresql-15) or set WECOM_POLICY_PG_BIN\n` +
          zh`未安装 PostgreSQL 15（缺少 ${path.join(bin, tool)}）：请运行 \`npm run setup\`（安装 Debian 的 postgresql-15）或设置 WECOM_POLICY_PG_BIN`,
      );
  const asAccount = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wecom-fleet-pg-"));
  const data = path.join(dir, "data");
  if (asAccount) fs.chownSync(dir, asAccount.uid, asAccount.gid);
  const run = (tool: string, args: string[]) => exec(asAccount, path.join(bin, tool), args);
  let started = false;
  const stopSync = () => {
    if (started) {
      try {
        execFileSync(
          ...command(asAccount, path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]),
          {
            stdio: "ignore",
          },
        );
      } catch {
        // Already stopped: nothing to do (the directory is removed below either way).
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);
  try {
    await run("initdb", [
      "-D",
      data,
      "-U",
      SUPERUSER,
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    // A free port can be taken between our probe and the server's bind: try a few.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        "-c listen_addresses=127.0.0.1",
        `-c port=${port}`,
        `-c unix_socket_directories='${dir}'`,
        // Throwaway data: durability buys nothing here (the state is checked through Pulumi, not a crash).
        "-c fsync=off",
        "-c full_page_writes=off",
      ].join(" ");
      try {
        await run("pg_ctl", [
          "-D",
          data,
          "-l",
          path.join(dir, "server.log"),
          "-w",
          "-t",
          "60",
          "-o",
          options,
          "start",
        ]);
        started = true;
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    const baseUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}`;
    const psql = (database: string, query: string) =>
      exec(undefined, path.join(bin, "psql"), [
        `${baseUrl}/${database}?sslmode=disable`,
        "-X",
        "-v",
        "ON_ERROR_STOP=1",
        "-A",
        "-t",
        "-c",
        query,
      ]);
    await psql("postgres", `CREATE DATABASE ${STATE_DATABASE}`);
    let stopped = false;
    return {
      backendUrl: `${baseUrl}/${STATE_DATABASE}?sslmode=disable`,
      port,
      sql: (query) => psql(STATE_DATABASE, query),
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", stopSync);
        try {
          await run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
          started = false;
        } finally {
          stopSync();
        }
      },
    };
  } catch (err) {
    process.removeListener("exit", stopSync);
    const log = readIf(path.join(dir, "server.log"));
    stopSync();
    throw new PostgresSetupError(
      `could not start PostgreSQL: ${(err as Error).message}${log ? `\n${log}` : ""}\n` +
        zh`无法启动 PostgreSQL`,
      { cause: err },
    );
  }
}

/** As root: the account to run the server as; otherwise undefined (run as ourselves). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, PG_ACCOUNT], { encoding: "utf8" }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch (err) {
    throw new PostgresSetupError(
      `running as root, and there is no \`${PG_ACCOUNT}\` account to run PostgreSQL as (initdb refuses root): install Debian's postgresql-15 (\`npm run setup\`), which creates it\n` +
        zh`当前为 root，且没有可运行 PostgreSQL 的 \`${PG_ACCOUNT}\` 账户（initdb 拒绝以 root 运行）：请安装 Debian 的 postgresql-15（\`npm run setup\`），它会创建该账户`,
      { cause: err },
    );
  }
}

/** The argv that runs `file args` as the account (setpriv: no shell, no login), or as ourselves. */
function command(
  account: { uid: number; gid: number } | undefined,
  file: string,
  args: string[],
): [string, string[]] {
  if (!account) return [file, args];
  return [
    "setpriv",
    [`--reuid=${account.uid}`, `--regid=${account.gid}`, "--clear-groups", "--", file, ...args],
  ];
}

function exec(
  account: { uid: number; gid: number } | undefined,
  file: string,
  args: string[],
): Promise<string> {
  const [cmd, argv] = command(account, file, args);
  // The server gets a small, predictable environment; LANG for initdb's messages, PG* never inherited.
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LANG: "C.UTF-8" };
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { env, cwd: os.tmpdir(), encoding: "utf8" }, (err, stdout, stderr) => {
      if (err)
        reject(new Error(`${path.basename(file)} failed: ${(stderr || stdout || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readIf(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").trim().split("\n").slice(-10).join("\n");
  } catch {
    return "";
  }
}
