/**
 * Maps the normalised policy model to resources. Logical names are the stable policy keys (never WeCom
 * numeric ids), so renaming a tag in roles.yaml updates it in place instead of replacing it.
 */
import type { PolicyModel } from "../policy/model";
import { Role } from "./resources";

export function declareResources(model: PolicyModel): Record<string, unknown> {
  const roles: Record<string, unknown> = {};
  for (const r of model.roles) {
    const role = new Role(
      r.key,
      { name: r.tagName, members: r.members, departments: r.departments },
      r.tagId !== undefined ? { import: String(r.tagId) } : {},
    );
    roles[r.key] = role.tagId;
  }
  return { roles };
}
