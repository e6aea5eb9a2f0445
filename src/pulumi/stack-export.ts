/**
 * The resources a stack records, from `pulumi stack export` — run with the environment of the process
 * that asks (inside a deployment: the engine's backend, PULUMI_HOME and passphrase), from its working
 * directory (the project's). Pulumi gives neither a program nor a provider the stack's previous state
 * over gRPC; both need it: the provider to refuse importing an object the stack manages already
 * (src/provider/import-guard.ts), the program to say in words what a removal deletes and to keep a
 * renamed role on its tag (src/program/removals.ts).
 */
import { execFile } from "node:child_process";

/** One resource of the stack's last checkpoint (secret values stay encrypted: no --show-secrets). */
export interface StackResource {
  urn: string;
  type: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface StackExport {
  resources: StackResource[];
  /** Operations the engine started and never recorded as finished (a killed `pulumi up`). */
  pendingOperations: { type: string; urn: string; id: string }[];
}

interface RawExport {
  deployment?: {
    resources?: {
      urn: string;
      type: string;
      id?: string;
      delete?: boolean;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
    pending_operations?: { type: string; resource?: { urn?: string; id?: string } }[];
  };
}

/** Parse `pulumi stack export` output: live resources only (no pending deletes). */
export function parseStackExport(text: string): StackExport {
  const doc = JSON.parse(text || "{}") as RawExport;
  return {
    resources: (doc.deployment?.resources ?? [])
      .filter((r) => r.id && !r.delete)
      .map((r) => ({
        urn: r.urn,
        type: r.type,
        id: r.id!,
        inputs: r.inputs ?? {},
        outputs: r.outputs ?? {},
      })),
    pendingOperations: (doc.deployment?.pending_operations ?? []).map((op) => ({
      type: op.type,
      urn: op.resource?.urn ?? "",
      id: op.resource?.id ?? "",
    })),
  };
}

/**
 * A read that races the engine's save of the checkpoint (after every step of an update) can fail on the
 * file backend: the checkpoint itself is replaced atomically (a temp file renamed), but its `.json.attrs`
 * sidecar is truncated and rewritten in place (gocloud.dev v0.46 blob/fileblob setAttrs, which Pulumi
 * v3.248.0's diy backend uses), and a reader that opens it in between decodes nothing: "failed to load
 * checkpoint: EOF". Seen in about one `pulumi up` in ten that adopts an object (the import guard exports the
 * stack mid-update), and possible for any reader beside someone's `pulumi up` (`watch`). Such a read is
 * repeated a few times; any other failure is final.
 */
const TORN_CHECKPOINT = /failed to load checkpoint: (?:.*\b)?(?:EOF|unexpected end of JSON input)/;
const ATTEMPTS = 5;

/** `pulumi stack export --stack <stack>`; rejects with pulumi's own message when it fails. */
export async function exportStack(
  stack: string,
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; pauseMs?: number } = {},
): Promise<StackExport> {
  return readingAgainIfTorn(() => exportOnce(stack, opts), opts.pauseMs);
}

/**
 * `read` (a `pulumi stack export`, by whatever means), repeated while it fails with a checkpoint caught
 * mid-write (see above), at most {@link ATTEMPTS} times.
 */
export async function readingAgainIfTorn<T>(read: () => Promise<T>, pauseMs = 100): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= ATTEMPTS || !TORN_CHECKPOINT.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, pauseMs * attempt));
    }
  }
}

function exportOnce(stack: string, opts: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<StackExport> {
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "export", "--stack", stack, "--non-interactive"],
      {
        cwd: opts.cwd ?? process.cwd(),
        env: { ...(opts.env ?? process.env), PULUMI_SKIP_UPDATE_CHECK: "true" },
        maxBuffer: 512 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`pulumi stack export: ${String(stderr || err.message).trim()}`));
        else {
          try {
            resolve(parseStackExport(stdout));
          } catch (e) {
            reject(new Error(`pulumi stack export printed no JSON: ${(e as Error).message}`));
          }
        }
      },
    );
  });
}
