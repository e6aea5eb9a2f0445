/**
 * The second half of `wecom-policy import`: where the credentials come from (the environment, as the
 * provider reads them, or a sandbox's console), and adopting the written files into a Pulumi stack with a
 * `pulumi up` that writes nothing to WeCom, proved by a drift check. The command only parses and prints.
 */
import type { ProviderConfig } from "../provider/config";
import { parseConfig } from "../provider/config";
import type { SandboxProcess } from "../pulumi/sandbox-process";
import { configureSandboxStack, SANDBOX_AGENT_IDS } from "../pulumi/sandbox-stack";
import { PulumiWorkspace } from "../pulumi/workspace";
import type { ConsoleCredentials } from "../wecom/wire";
import { ImportUsageError } from "./run";

/** Credentials as the provider reads them (env), or from the sandbox console. Secrets are never printed. */
export async function importCredentials(
  sandboxUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ cfg: ProviderConfig; sandboxCreds?: ConsoleCredentials }> {
  if (sandboxUrl === undefined) return { cfg: parseConfig({}, {}, env) };
  const url = sandboxUrl.replace(/\/+$/, "");
  let creds: ConsoleCredentials;
  try {
    const res = await fetch(`${url}/__console/credentials`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    creds = (await res.json()) as ConsoleCredentials;
  } catch (err) {
    throw new ImportUsageError(
      `cannot read ${url}/__console/credentials (${err instanceof Error ? err.message : String(err)}): is the sandbox running? / 无法读取沙箱凭据，沙箱是否在运行？`,
    );
  }
  const cfg: ProviderConfig = {
    corpId: creds.corpid,
    baseUrl: url,
    contactsSecret: creds.contacts_secret,
    archiveSecret: creds.archive_secret,
    ...(creds.checkin_secret ? { checkinSecret: creds.checkin_secret } : {}),
    appSecrets: creds.app_secrets,
    // The sandbox's customer-contact app, as its stacks are configured (chat intercept rules).
    customerAgentId: SANDBOX_AGENT_IDS.customer,
    readOnly: true,
  };
  return { cfg, sandboxCreds: creds };
}

/** What configureSandboxStack needs of a sandbox, for a sandbox this command did not start. */
function sandboxAt(url: string, creds: ConsoleCredentials): Pick<SandboxProcess, "url" | "credentials"> {
  return { url, credentials: async () => creds };
}

export interface AdoptOptions {
  stack: string;
  stateDir: string;
  /** The policy files just written. */
  outDir: string;
  cfg: ProviderConfig;
  /** Set for a sandbox tenant: its stack lives in `stateDir` with the sandbox's credentials. */
  sandboxCreds: ConsoleCredentials | undefined;
  /**
   * A real tenant's stack: on the backend of `pulumi login` ("user", src/cli/stack.ts), or in the
   * workspace `stateDir` ("workspace": `--state-dir`, or no login).
   */
  backend: "workspace" | "user";
  /** pulumi's own output, as it comes. */
  log: (chunk: string) => void;
  /** One line per step. */
  progress: (line: string) => void;
}

/** Adopt the tenant into the stack; `line` says what happened in both languages. */
export async function adoptTenant(a: AdoptOptions): Promise<{ ok: boolean; line: string }> {
  const { progress } = a;
  const t0 = Date.now();
  let ws: PulumiWorkspace;
  try {
    if (a.sandboxCreds) {
      ws = await configureSandboxStack(
        sandboxAt(a.cfg.baseUrl, a.sandboxCreds),
        a.stateDir,
        a.outDir,
        a.stack,
      );
    } else {
      // A real tenant: the user's Pulumi backend, home and passphrase, or the workspace; secrets stay in the
      // environment, where the provider reads them (src/provider/config.ts), and never reach a config file.
      ws = new PulumiWorkspace({ stateDir: a.stateDir, stack: a.stack, backend: a.backend });
      await ws.ensureStack();
      await ws.setConfig("wecom:corpId", a.cfg.corpId);
      await ws.setConfig("wecom-policy:policiesDir", a.outDir);
    }
  } catch (err) {
    a.log(`${err instanceof Error ? err.message : String(err)}\n`);
    return {
      ok: false,
      line: `纳管失败：无法配置堆栈 / Adoption failed: the stack could not be configured (${a.stack}).`,
    };
  }
  const stream = { onStdout: a.log, onStderr: a.log };

  // A stack that already holds resources (a re-import) could be asked to update or delete something;
  // preview first and refuse anything but adopting, so import never writes to WeCom.
  const exported = await ws.run(["stack", "export", "--stack", ws.stack, "--non-interactive"]);
  const existing =
    exported.code === 0
      ? ((JSON.parse(exported.stdout || "{}") as { deployment?: { resources?: unknown[] } }).deployment
          ?.resources?.length ?? 0)
      : 0;
  if (existing > 0) {
    progress(
      `stack ${ws.stack} already has ${existing} resources: checking that adopting changes nothing / 堆栈已有资源，先预览`,
    );
    const pv = await ws.run(["preview", "--refresh", "--json", ...ws.stackArgs()]);
    const steps =
      pv.code === 0
        ? ((JSON.parse(pv.stdout || "{}") as { steps?: { op: string; urn: string }[] }).steps ?? [])
        : undefined;
    const bad = steps?.filter((s) => !["same", "create", "import", "refresh", "read"].includes(s.op));
    if (!steps || bad!.length) {
      a.log(pv.code === 0 ? bad!.map((s) => `  ${s.op} ${s.urn}\n`).join("") : pv.stderr || pv.stdout);
      return {
        ok: false,
        line: `纳管会修改或删除堆栈 ${ws.stack} 中的资源，已停止 / Adopting into ${ws.stack} would update or delete resources; nothing was applied.`,
      };
    }
  }

  progress(`pulumi up --yes --skip-preview (stack ${ws.stack}, state ${a.stateDir}) / 纳管`);
  const up = await ws.run(["up", "--yes", "--skip-preview", ...ws.stackArgs()], stream);
  if (up.code !== 0)
    return {
      ok: false,
      line: `纳管失败（pulumi up 退出码 ${up.code}）/ Adoption failed: pulumi up exited ${up.code}.`,
    };

  progress("pulumi preview --refresh --expect-no-changes / 漂移检查");
  const check = await ws.run(["preview", "--refresh", "--expect-no-changes", ...ws.stackArgs()], stream);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (check.code !== 0)
    return {
      ok: false,
      line: `已纳管到堆栈 ${ws.stack}，但漂移检查未通过（退出码 ${check.code}）/ Adopted into ${ws.stack}, but the drift check is not clean (exit ${check.code}): see the preview above.`,
    };
  return {
    ok: true,
    line: `已纳管到堆栈 ${ws.stack}（${a.stateDir}），漂移检查通过，用时 ${secs} 秒 / Adopted into stack ${ws.stack} (${a.stateDir}); drift check clean; ${secs} s.`,
  };
}
