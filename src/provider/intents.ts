/**
 * Create intents: a durable local journal that proves a WeCom object is ours (issue 8, idempotent creates).
 *
 * When `pulumi up` or the provider is killed after tag/create reached WeCom but before the engine recorded
 * the resource, the next `up` creates again and WeCom answers 40071 ("tag name already exists"). Taking over
 * any tag with that name would let a run silently adopt a tag someone else made; refusing forever leaves the
 * stack stuck. So before each create the provider records its intent here — stack URN, type, name — durably
 * (written to a temporary file, fsynced, renamed), adds the id WeCom assigned as soon as the create returns,
 * and forgets the intent once the engine shows it recorded the resource (any later Diff, Read, Update or
 * Delete of that URN with an id). A create that meets "already exists" adopts the object only when an
 * intent of an EARLIER run names the same URN and name (and, when it got that far, the same id).
 *
 * The journal lives with the Pulumi home (`$PULUMI_HOME/wecom-policy/create-intents`, default
 * `~/.pulumi/…`; WECOM_POLICY_INTENTS_DIR overrides): a run on another machine finds no intent and fails
 * with the exact `tag_id:` line or `pulumi import` command instead (docs/reliability.md).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface CreateIntent {
  urn: string;
  type: string;
  /** The object's WeCom name (a tag name): what "already exists" is about. */
  name: string;
  /** ISO time the create was about to be sent. */
  startedAt: string;
  /** The id WeCom assigned, once the create returned. */
  id?: string;
}

export function intentsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env["WECOM_POLICY_INTENTS_DIR"]) return env["WECOM_POLICY_INTENTS_DIR"];
  const home = env["PULUMI_HOME"] || path.join(os.homedir(), ".pulumi");
  return path.join(home, "wecom-policy", "create-intents");
}

export class IntentJournal {
  constructor(private readonly dir: string) {}

  private file(urn: string): string {
    return path.join(this.dir, `${createHash("sha256").update(urn).digest("hex").slice(0, 40)}.json`);
  }

  get(urn: string): CreateIntent | undefined {
    try {
      const intent = JSON.parse(fs.readFileSync(this.file(urn), "utf8")) as CreateIntent;
      return intent.urn === urn ? intent : undefined;
    } catch {
      // No intent (ENOENT), or a torn file from a crash before the rename could not happen: the rename
      // is atomic, so a file that exists is whole; anything unreadable counts as no proof.
      return undefined;
    }
  }

  /** Durably record an intent (or its id): temp file, fsync, rename, fsync of the directory. */
  record(intent: CreateIntent): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const target = this.file(intent.urn);
    const tmp = `${target}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, JSON.stringify(intent));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    const dirFd = fs.openSync(this.dir, "r");
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }

  /** The engine has the resource: the intent is no longer needed. */
  forget(urn: string): void {
    fs.rmSync(this.file(urn), { force: true });
  }
}
