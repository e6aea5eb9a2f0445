/** tenant.yaml → Tenant. Declares the departments every other file refers to. */
import type { TenantFile } from "../../generated/tenant";
import { refOf, type LoadContext } from "../context";
import { msg } from "../messages";
import { DEFAULT_CHANGE_LIMITS, type Department, type Tenant } from "../model";
import { opt } from "../util";

export const TENANT_FILE = "tenant.yaml";

export function declareTenant(ctx: LoadContext, data: TenantFile): void {
  ctx.known.departments = new Set(data.departments.map((d) => d.id));
}

export function normaliseTenant(ctx: LoadContext, data: TenantFile): Tenant {
  const f = TENANT_FILE;
  const firstIndex = new Map<number, number>();
  data.departments.forEach((d, i) => {
    const first = firstIndex.get(d.id);
    if (first === undefined) firstIndex.set(d.id, i);
    else
      ctx.report(
        f,
        `/departments/${i}/id`,
        msg.duplicateValue({ zh: "部门 id", en: "department id" }, d.id, `/departments/${first}`),
      );
  });
  const parentOf = new Map(data.departments.map((d) => [d.id, d.parent]));
  data.departments.forEach((d, i) => {
    if (d.parent !== 0 && !ctx.ref("department", d.parent, f, `/departments/${i}/parent`)) return;
    // Walk up to the root; a cycle or a chain that never reaches parent 0 is a broken tree.
    const seen = new Set<number>();
    let cur: number | undefined = d.id;
    while (cur !== undefined && cur !== 0 && !seen.has(cur)) {
      seen.add(cur);
      cur = parentOf.get(cur);
    }
    if (cur !== 0 && cur !== undefined) ctx.report(f, `/departments/${i}/parent`, msg.departmentCycle(d.id));
  });
  if (data.pi_officer?.userid !== undefined) ctx.ref("user", data.pi_officer.userid, f, "/pi_officer/userid");

  const departments: Department[] = data.departments.map((d, i) => ({
    id: d.id,
    name: d.name,
    ...opt("nameEn", d.name_en),
    parentId: d.parent,
    source: refOf(f, "departments", i),
  }));
  const o = data.pi_officer;
  return {
    name: data.name,
    ...opt("nameEn", data.name_en),
    corpId: data.corp_id,
    ...opt("city", data.city),
    ...opt(
      "piOfficer",
      o && {
        ...opt("userId", o.userid),
        name: o.name,
        ...opt("email", o.email),
        ...opt("phone", o.phone),
        source: refOf(f, "pi_officer"),
      },
    ),
    ciiOperator: data.cii_operator,
    dataVolumes: {
      personalInfoPeople: data.data_volumes.personal_info_people,
      sensitiveInfoPeople: data.data_volumes.sensitive_info_people,
      importantData: data.data_volumes.important_data,
      countedOn: data.data_volumes.counted_on,
      source: refOf(f, "data_volumes"),
    },
    storageThreshold: {
      people: data.storage_threshold.people,
      basis: data.storage_threshold.basis,
      source: refOf(f, "storage_threshold"),
    },
    ...opt("complianceAuditIntervalDays", data.compliance_audit_interval_days),
    changeLimits: {
      deleteRoles: data.change_limits?.delete_roles ?? DEFAULT_CHANGE_LIMITS.deleteRoles,
      disableMembers: data.change_limits?.disable_members ?? DEFAULT_CHANGE_LIMITS.disableMembers,
      deleteMembers: data.change_limits?.delete_members ?? DEFAULT_CHANGE_LIMITS.deleteMembers,
      source: refOf(f, "change_limits"),
    },
    departments,
    source: `${f}#`,
  };
}
