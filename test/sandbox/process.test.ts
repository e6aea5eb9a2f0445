/**
 * The sandbox as its own process, as users and the end-to-end tests run it: the first stdout line, a
 * clean SIGTERM, and no acknowledged write lost to kill -9.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleCredentials } from "../../src/wecom/wire";

const ROOT = path.resolve(__dirname, "..", "..");
const MAIN = path.join(ROOT, "dist", "cli", "main.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles when dist is older than the sources (tsc emits even when other files have type errors). */
function ensureBuilt(): void {
  const server = path.join(ROOT, "dist", "sandbox", "server.js");
  const built = fs.existsSync(MAIN) && fs.existsSync(server) ? fs.statSync(server).mtimeMs : 0;
  if (
    built >= newestMtime(path.join(ROOT, "src", "sandbox")) &&
    built >= newestMtime(path.join(ROOT, "src", "cli"))
  )
    return;
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", ROOT],
      { stdio: "ignore" },
    );
  } catch {
    // Type errors elsewhere in the tree do not stop emit; a missing file is caught by the spawn below.
  }
}

interface Proc {
  child: ChildProcess;
  url: string;
  firstLine: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function start(stateFile: string): Promise<Proc> {
  const child = spawn(process.execPath, [MAIN, "sandbox", "--port", "0", "--state", stateFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once("line", resolve);
    void exited.then(() => reject(new Error(`sandbox exited before listening: ${stderr}`)));
  });
  const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
  return { child, url: m?.[1] ?? "", firstLine, exited };
}

async function json(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-proc-"));
}, 180_000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("wecom-policy sandbox (process)", () => {
  it("prints exactly `listening http://127.0.0.1:PORT` first and stops cleanly on SIGTERM", async () => {
    const p = await start(path.join(dir, "term.json"));
    expect(p.firstLine).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    const creds = (await json(`${p.url}/__console/credentials`)) as ConsoleCredentials;
    expect(creds.corpid).toBe("ww5a1d0c0ffee00001");
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it("keeps every acknowledged write when killed with SIGKILL mid-stream", async () => {
    const stateFile = path.join(dir, "kill.json");
    const p = await start(stateFile);
    const creds = (await json(`${p.url}/__console/credentials`)) as ConsoleCredentials;
    const tok = await json(
      `${p.url}/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${creds.contacts_secret}`,
    );
    const acked: number[] = [];
    let killed = false;
    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`${p.url}/cgi-bin/tag/create?access_token=${tok.access_token}`, {
        method: "POST",
        body: JSON.stringify({ tagname: `t${i}`, tagid: 1000 + i }),
      })
        .then((r) => r.json() as Promise<{ errcode: number; tagid: number }>)
        .then((r) => {
          if (r.errcode === 0 && !killed) acked.push(r.tagid);
          if (acked.length === 15 && !killed) {
            killed = true;
            p.child.kill("SIGKILL");
          }
        })
        .catch(() => undefined),
    );
    await Promise.all(writes);
    expect((await p.exited).signal).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(15);

    const q = await start(stateFile);
    try {
      const tok2 = await json(
        `${q.url}/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${creds.contacts_secret}`,
      );
      const list = await json(`${q.url}/cgi-bin/tag/list?access_token=${tok2.access_token}`);
      const ids = new Set(list.taglist.map((t: { tagid: number }) => t.tagid));
      for (const id of acked) expect(ids.has(id)).toBe(true);
    } finally {
      q.child.kill("SIGTERM");
      await q.exited;
    }
  });

  it("journal: N acknowledged writes of several kinds, SIGKILL at a random point, every one back after restart", async () => {
    const stateFile = path.join(dir, "random-kill.json");
    const p = await start(stateFile);
    const creds = (await json(`${p.url}/__console/credentials`)) as ConsoleCredentials;
    const tok = (await json(
      `${p.url}/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${creds.contacts_secret}`,
    )) as { access_token: string };
    const N = 120;
    const killAt = 10 + Math.floor(Math.random() * (N - 30));
    const ackedUsers: string[] = [];
    const ackedTags: number[] = [];
    const ackedEdits: string[] = [];
    let acked = 0;
    let next = 0;
    let killed = false;
    const post = (route: string, body: unknown) =>
      json(`${p.url}/cgi-bin/${route}?access_token=${tok.access_token}`, {
        method: "POST",
        body: JSON.stringify(body),
      }) as Promise<{ errcode: number }>;
    // Eight writers in flight: the kill lands while others are being applied and journaled.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < N && !killed) {
          const i = next++;
          try {
            if (i % 3 === 0) {
              const userid = `kill${i}`;
              const r = await post("user/create", {
                userid,
                name: `k${i}`,
                department: [2],
                email: `${userid}@x.cn`,
              });
              if (r.errcode === 0 && !killed) ackedUsers.push(userid);
            } else if (i % 3 === 1) {
              const r = await post("tag/create", { tagname: `k${i}`, tagid: 2000 + i });
              if (r.errcode === 0 && !killed) ackedTags.push(2000 + i);
            } else {
              const userid = `staff${String(1 + (i % 150)).padStart(3, "0")}`;
              const r = (await json(`${p.url}/__console/user/enable`, {
                method: "POST",
                body: JSON.stringify({ operator: "sunhao", userid, enable: 0 }),
              })) as { ok?: boolean };
              if (r.ok && !killed) ackedEdits.push(userid);
            }
          } catch {
            // The connection died with the process: not acknowledged.
          }
          if (++acked >= killAt && !killed) {
            killed = true;
            p.child.kill("SIGKILL");
          }
        }
      }),
    );
    expect((await p.exited).signal).toBe("SIGKILL");
    expect(ackedUsers.length + ackedTags.length + ackedEdits.length).toBeGreaterThanOrEqual(killAt - 8);

    const q = await start(stateFile);
    try {
      const tok2 = (await json(
        `${q.url}/cgi-bin/gettoken?corpid=${creds.corpid}&corpsecret=${creds.contacts_secret}`,
      )) as { access_token: string };
      const get = (route: string) => json(`${q.url}/cgi-bin/${route}&access_token=${tok2.access_token}`);
      for (const userid of ackedUsers)
        expect((await get(`user/get?userid=${userid}`)).errcode, userid).toBe(0);
      const list = await json(`${q.url}/cgi-bin/tag/list?access_token=${tok2.access_token}`);
      const ids = new Set(list.taglist.map((t: { tagid: number }) => t.tagid));
      for (const id of ackedTags) expect(ids.has(id), String(id)).toBe(true);
      for (const userid of ackedEdits)
        expect((await get(`user/get?userid=${userid}`)).status, userid).toBe(2);
    } finally {
      q.child.kill("SIGTERM");
      await q.exited;
    }
    // A clean stop compacts the journal into the state file.
    expect(fs.existsSync(`${stateFile}.journal`)).toBe(false);
  });
});
