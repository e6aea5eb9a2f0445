/** roles.yaml → Role[]. */
import type { RolesFile } from "../../generated/roles";
import { pointerOf, refOf, type LoadContext } from "../context";
import { msg } from "../messages";
import type { Role } from "../model";
import { entries, opt, sortedUnique } from "../util";

export const ROLES_FILE = "roles.yaml";

export function declareRoles(ctx: LoadContext, data: RolesFile): void {
  ctx.known.roles = new Set(Object.keys(data.roles));
}

export function normaliseRoles(ctx: LoadContext, data: RolesFile): Role[] {
  const f = ROLES_FILE;
  const tagNames = new Map<string, string>();
  const tagIds = new Map<number, string>();
  return entries(data.roles).map(([key, r]) => {
    const at = (...s: (string | number)[]): string => pointerOf("roles", key, ...s);
    const sameName = tagNames.get(r.tag_name);
    if (sameName !== undefined)
      ctx.report(
        f,
        at("tag_name"),
        msg.duplicateValue({ zh: "标签名", en: "tag name" }, r.tag_name, `/roles/${sameName}`),
      );
    else tagNames.set(r.tag_name, key);
    if (r.tag_id !== undefined) {
      const sameId = tagIds.get(r.tag_id);
      if (sameId !== undefined)
        ctx.report(
          f,
          at("tag_id"),
          msg.duplicateValue({ zh: "标签 id", en: "tag id" }, r.tag_id, `/roles/${sameId}`),
        );
      else tagIds.set(r.tag_id, key);
    }
    ctx.ref("user", r.owner, f, at("owner"));
    r.members.forEach((m, i) => ctx.ref("user", m, f, at("members", i)));
    const departments = r.departments ?? [];
    departments.forEach((d, i) => ctx.ref("department", d, f, at("departments", i)));
    const appKeys = r.apps ?? [];
    const apps: number[] = [];
    appKeys.forEach((a, i) => {
      if (ctx.ref("app", a, f, at("apps", i))) {
        const agentId = ctx.known.apps?.get(a);
        if (agentId !== undefined && !Number.isNaN(agentId)) apps.push(agentId);
      }
    });
    return {
      key,
      tagName: r.tag_name,
      ...opt("tagId", r.tag_id),
      ...opt("onRemoval", r.on_removal),
      purpose: r.purpose,
      owner: r.owner,
      members: sortedUnique(ctx.items(f, at("members"), r.members)),
      departments: sortedUnique(ctx.items(f, at("departments"), departments)),
      apps: sortedUnique(apps),
      appKeys: sortedUnique(ctx.items(f, at("apps"), appKeys)),
      source: refOf(f, "roles", key),
    };
  });
}
