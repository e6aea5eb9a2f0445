/**
 * docs/reliability.md section "Hostile input": every case of the invalid-policy corpus, policy files
 * written to hurt (huge, deep, control characters) and WeCom answers written to hurt (redirects, huge and
 * dripping bodies, wrong shapes), each counted as refused with a located or precise message — with the
 * time and memory it cost. `npm run reliability -- hostile-input`. Exits 1 when anything was accepted,
 * crashed, or leaked a secret to the other host.
 */
import * as fs from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { formatProblems, loadPolicies } from "../../src/policy";
import { WecomClient, WecomShapeError, WecomTransportError } from "../../src/wecom";
import { materialise, readCases } from "../../test/unit/policy/fixture-cases";

const log = (line: string) => process.stderr.write(`[hostile-input] ${line}\n`);
const MiB = 1024 * 1024;

interface Measured {
  what: string;
  outcome: string;
  ok: boolean;
  ms: number;
  rssMiB: number;
}

async function measure(
  what: string,
  run: () => Promise<{ outcome: string; ok: boolean }>,
): Promise<Measured> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = Date.now();
  try {
    const r = await run();
    return {
      what,
      ...r,
      ms: Date.now() - t0,
      rssMiB: (Math.max(peak, process.memoryUsage().rss) - before) / MiB,
    };
  } finally {
    clearInterval(timer);
  }
}

async function policyCase(name: string, edit: (dir: string) => void, expect: RegExp): Promise<Measured> {
  const dir = materialise({ name, base: "valid", files: {} });
  try {
    edit(dir);
    return await measure(name, async () => {
      const r = await loadPolicies(dir);
      const text = r.ok ? "" : formatProblems(r.problems, "en");
      const first = text.split("\n").find((l) => expect.test(l)) ?? text.split("\n")[0] ?? "accepted";
      return {
        outcome: first.slice(0, 200),
        ok: !r.ok && expect.test(text) && !/call stack|internal error/.test(text),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const SECRET = "FAKE-hostile-contacts-secret-0123";

async function httpCase(
  what: string,
  handler: (other: string) => (req: IncomingMessage, res: ServerResponse) => void,
  call: (c: WecomClient) => Promise<unknown>,
  expect: RegExp,
  opts: { deadlineMs?: number; timeoutMs?: number } = {},
): Promise<Measured & { reached: number }> {
  const other = await serve((_q, res) => res.end('{"errcode":0,"access_token":"x","expires_in":7200}'));
  const host = await serve(handler(other.url));
  try {
    const client = new WecomClient({
      baseUrl: host.url,
      corpId: "wwHOSTILE",
      secrets: { contacts: SECRET },
      retry: { baseDelayMs: 10, maxDelayMs: 50, jitter: 0 },
      ...(opts.deadlineMs ? { deadlineMs: opts.deadlineMs } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    const m = await measure(what, async () => {
      try {
        await call(client);
        return { outcome: "accepted", ok: false };
      } catch (err) {
        const precise =
          (err instanceof WecomTransportError || err instanceof WecomShapeError) && expect.test(err.message);
        return {
          outcome: (err as Error).message.slice(0, 200),
          ok: precise && !(err as Error).message.includes(SECRET),
        };
      }
    });
    return { ...m, reached: other.seen.length };
  } finally {
    for (const s of [host.server, other.server]) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  }
}

const TOKEN_OK = '{"errcode":0,"errmsg":"ok","access_token":"TOKEN-hostile-0123456789","expires_in":7200}';
const wecom =
  (rest: (req: IncomingMessage, res: ServerResponse) => void) =>
  (req: IncomingMessage, res: ServerResponse) =>
    (req.url ?? "").startsWith("/cgi-bin/gettoken") ? res.end(TOKEN_OK) : rest(req, res);

async function main(): Promise<void> {
  // 1. The corpus.
  const cases = readCases();
  let refused = 0;
  let located = 0;
  let problems = 0;
  let internal = 0;
  const t0 = Date.now();
  for (const c of cases) {
    const dir = materialise(c);
    try {
      const r = await loadPolicies(dir);
      if (!r.ok) {
        refused++;
        problems += r.problems.length;
        if (r.problems.every((p) => p.line >= 1 && p.file)) located++;
        if (r.problems.some((p) => p.code === "internal.error")) internal++;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const corpusMs = Date.now() - t0;
  log(`corpus: ${refused}/${cases.length} refused`);

  // 2. Policy files written to hurt.
  const files: Measured[] = [
    await policyCase(
      "people.csv of 200 MB",
      (d) => fs.truncateSync(path.join(d, "people.csv"), 200 * MiB),
      /is 200\.0 MiB, more than the 32\.0 MiB a policy file may be; it was not read/,
    ),
    await policyCase(
      "roles.yaml of 200 MB",
      (d) => fs.truncateSync(path.join(d, "roles.yaml"), 200 * MiB),
      /is 200\.0 MiB, more than the 32\.0 MiB/,
    ),
    await policyCase(
      "a list nested 100 000 deep",
      (d) =>
        fs.appendFileSync(
          path.join(d, "retention.yaml"),
          `deep: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
        ),
      /nested more than 64 levels deep from here/,
    ),
    await policyCase(
      "mappings nested 1 000 deep (indentation)",
      (d) =>
        fs.appendFileSync(
          path.join(d, "retention.yaml"),
          `deep:\n${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}k${i}:`).join("\n")} 1\n`,
        ),
      /nested more than 64 levels deep from here/,
    ),
    await policyCase(
      "NUL inside a quoted tag name",
      (d) => {
        const f = path.join(d, "roles.yaml");
        fs.writeFileSync(
          f,
          fs.readFileSync(f, "utf8").replace("tag_name: 财务审批", 'tag_name: "财务\\0审批"'),
        );
      },
      /control character U\+0000 NUL/,
    ),
    await policyCase(
      "right-to-left override in a userid",
      (d) => {
        const f = path.join(d, "people.csv");
        fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("liuyang,刘洋", "liu\u202Eyang,刘洋"));
      },
      /control character U\+202E/,
    ),
    await policyCase(
      "ESC sequence in a purpose",
      (d) => {
        const f = path.join(d, "roles.yaml");
        fs.writeFileSync(
          f,
          fs
            .readFileSync(f, "utf8")
            .replace(
              "purpose: Approve payments above 50,000 CNY; members see supplier bank details / 审批五万元以上付款",
              'purpose: "Approve\\u001b[2J payments"',
            ),
        );
      },
      /control character U\+001B ESC/,
    ),
  ];

  // 3. WeCom answers written to hurt, at the client.
  const http = [
    await httpCase(
      "302 on gettoken to another host",
      (other) => (_q, res) => {
        res.writeHead(302, { location: `${other}/steal` });
        res.end();
      },
      (c) => c.listTags(),
      /answered HTTP 302, a redirect to 127\.0\.0\.1:\d+; redirects are never followed/,
    ),
    await httpCase(
      "307 on tag/create to another host",
      (other) =>
        wecom((_q, res) => {
          res.writeHead(307, { location: `${other}/cgi-bin/tag/create` });
          res.end();
        }),
      (c) => c.createTag("x"),
      /answered HTTP 307/,
    ),
    await httpCase(
      "450 MB answer to tag/list (default cap 32 MiB)",
      () =>
        wecom((_q, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          const chunk = Buffer.alloc(256 * 1024, 0x20);
          let sent = 0;
          res.write('{"errcode":0,"pad":"');
          const pump = (): void => {
            while (sent < 450 * MiB && !res.destroyed) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once("drain", pump);
            }
            if (!res.destroyed) res.end('"}');
          };
          pump();
        }),
      (c) => c.listTags(),
      /larger than 33554432 bytes/,
    ),
    await httpCase(
      "tag/get dripping a byte every 100 ms (deadline 3 s, timeout 1 s)",
      () =>
        wecom((_q, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"errcode":0,');
          const t = setInterval(() => res.write(" "), 100);
          res.on("close", () => clearInterval(t));
        }),
      (c) => c.getTag(1),
      /operation deadline of 3000 ms/,
      { deadlineMs: 3000, timeoutMs: 1000 },
    ),
    await httpCase(
      'errcode "60011" as a string',
      () => wecom((_q, res) => res.end('{"errcode":"60011","errmsg":"no privilege","taglist":[]}')),
      (c) => c.listTags(),
      /errcode is "60011" \(a string\)/,
    ),
    await httpCase(
      "tag/create errcode 0 without tagid",
      () => wecom((_q, res) => res.end('{"errcode":0,"errmsg":"created"}')),
      (c) => c.createTag("x"),
      /tagid is missing, expected a number/,
    ),
    await httpCase(
      "answer that is not JSON",
      () => wecom((_q, res) => res.end("<html>bad gateway</html>")),
      (c) => c.listTags(),
      /not JSON/,
    ),
  ];

  const all = [...files, ...http];
  const row = (m: Measured, extra = "") =>
    `| ${m.what} | ${m.ok ? "refused" : "**ACCEPTED**"} | \`${m.outcome.replace(/\|/g, "\\|").replace(/`/g, "'")}\` | ${m.ms} ms | ${m.rssMiB.toFixed(0)} MiB |${extra}`;
  const lines = [
    "## Hostile input",
    "",
    `The invalid-policy corpus (\`test/fixtures/invalid/\`, ${cases.length} cases, one problem kind each): **${refused} of ${cases.length}**`,
    `refused before any WeCom call, ${located} with every problem located (file:line:column), ${problems} problems in all,`,
    `${internal} internal errors, ${corpusMs} ms for the whole corpus.`,
    "",
    "Policy files written to hurt (`wecom-policy validate` / every preview loads them the same way); memory is the",
    "growth of this process's RSS while loading:",
    "",
    "| input | result | first line of the message | time | memory |",
    "|---|---|---|---|---|",
    ...files.map((m) => row(m)),
    "",
    "WeCom answers written to hurt, at the client (one loopback server plays WeCom, a second one is the redirect's",
    "target and counts what reaches it):",
    "",
    "| answer | result | error | time | memory | requests that reached the other host |",
    "|---|---|---|---|---|---|",
    ...http.map((m) => row(m, ` ${m.reached} |`)),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (refused !== cases.length || internal > 0 || all.some((m) => !m.ok) || http.some((m) => m.reached > 0))
    process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
