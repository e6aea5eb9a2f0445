/**
 * An object is managed by at most one resource of a stack. `pulumi import` and the `import` resource
 * option make the engine call Read with an id and no state; the engine itself checks only that the new
 * resource's URN is free, never whether another resource of the stack already holds that id
 * (pkg/resource/deploy/import.go in Pulumi v3.248.0). Importing tag 104 a second time under another name
 * therefore made two resources manage one tag (issue 11). The provider cannot see the stack over gRPC, so
 * it asks the CLI that started it (`pulumi stack export`, from the program's directory with the engine's
 * environment) once per process, and refuses the import with the name of the resource that manages the
 * object already.
 */
import { exportStack } from "../pulumi/stack-export";

export interface ManagedResource {
  urn: string;
  type: string;
  id: string;
}

/** Every resource of the stack that `urn` belongs to. */
export type StackLister = (urn: string) => Promise<ManagedResource[]>;

/** A refused import: the object is managed already. */
export class ImportRefusedError extends Error {
  override name = "ImportRefusedError";
}

/** "urn:pulumi:<stack>::<project>::<type>::<name>" → its stack, type and name. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::(.+)::([^:]*)$/.exec(urn);
  if (!m) return { stack: "", project: "", type: "", name: urn };
  const type = m[3]!.split("$").pop()!;
  return { stack: m[1]!, project: m[2]!, type, name: m[4]! };
}

/** `pulumi stack export` of the URN's stack, from the provider's working directory (the program's). */
export function pulumiStackLister(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StackLister {
  const exports = new Map<string, Promise<ManagedResource[]>>();
  return (urn) => {
    const { stack } = parseUrn(urn);
    let p = exports.get(stack);
    if (!p) {
      p = exportStack(stack, { env, cwd }).then(
        (doc) => doc.resources.map((r) => ({ urn: r.urn, type: r.type, id: r.id })),
        (err: Error) => {
          throw new Error(
            `could not list the resources of stack ${stack} to check that the object is not managed already (${err.message}) / 无法列出 stack ${stack} 的资源以确认该对象尚未被管理`,
          );
        },
      );
      exports.set(stack, p);
    }
    return p;
  };
}

/** Guards the imports of one provider process: against the stack, and against each other. */
export class ImportGuard {
  private readonly claimed = new Map<string, string>();

  constructor(private readonly list: StackLister) {}

  /** Throws ImportRefusedError when another resource manages `id` of `type` already. */
  async check(urn: string, type: string, id: string): Promise<void> {
    const key = `${type}\0${id}`;
    const earlier = this.claimed.get(key);
    const existing =
      earlier !== undefined && earlier !== urn
        ? { urn: earlier, type, id }
        : (await this.list(urn)).find((r) => r.type === type && r.id === id && r.urn !== urn);
    if (existing) {
      const name = parseUrn(existing.urn).name;
      const wanted = parseUrn(urn).name;
      throw new ImportRefusedError(
        `${type} ${id} is already managed by this stack as "${name}" (${existing.urn}); importing it again as "${wanted}" would let two resources change one WeCom object. Use "${name}" (rename it with an alias if needed), or remove it from the stack first.\n` +
          `${type} ${id} 已由本 stack 中的 "${name}"（${existing.urn}）管理；再以 "${wanted}" 导入会使两个资源同时修改同一个企业微信对象。请继续使用 "${name}"（可用 alias 改名），或先将其从 stack 中移除。`,
      );
    }
    this.claimed.set(key, urn);
  }
}

/** A Read with an id and neither state nor inputs: an import (or a `get`). */
export function isImportRead(state: object, inputs: object): boolean {
  return Object.keys(state).length === 0 && Object.keys(inputs).length === 0;
}
