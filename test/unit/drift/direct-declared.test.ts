/**
 * The direct check's declared inputs are those the program gives each resource: src/program/declare.ts runs
 * under Pulumi's mocks, and what it registers is compared with src/drift/direct.ts's copies, so the two
 * cannot drift apart unnoticed.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  declaredAppAccess,
  declaredCustomerHandover,
  declaredMemberStatus,
  declaredRole,
} from "../../../src/drift/direct";
import { loadPolicies } from "../../../src/policy";
import { desiredStatus } from "../../../src/provider/resources/member-status";
import { POLICIES, NOW } from "./run-harness";

describe("direct check: declared inputs", () => {
  it("are what src/program/declare.ts registers for Role, MemberStatus, AppAccess and CustomerHandover", async () => {
    const loaded = await loadPolicies(POLICIES);
    if (!loaded.ok) throw new Error("the demo policies do not load");
    const model = loaded.model;
    const registered = new Map<string, Record<string, unknown>>();
    const tagIds = new Map<string, number>();
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.set(`${args.type.replace("wecom:index:", "")}::${args.name}`, args.inputs);
          const tagId = args.type === "wecom:index:Role" ? 100 + tagIds.size : undefined;
          if (tagId !== undefined) tagIds.set(args.name, tagId);
          return { id: `${args.name}-id`, state: { ...args.inputs, ...(tagId ? { tagId } : {}) } };
        },
        call: (args) => args.inputs,
      },
      "wecom-policy",
      "unit",
      true,
    );
    const { declareResources } = await import("../../../src/program/declare");
    declareResources(model);
    // Let the registrations (and the apply over the roles' tag ids) resolve.
    await new Promise((r) => setTimeout(r, 200));
    for (const role of model.roles) expect(registered.get(`Role::${role.key}`)).toEqual(declaredRole(role));
    const status = registered.get("MemberStatus::roster")!;
    expect({ ...status, ...desiredStatus(status, NOW) }).toEqual(declaredMemberStatus(model, NOW));
    expect(registered.get("CustomerHandover::handover")).toEqual(declaredCustomerHandover(model));
    for (const app of model.apps)
      expect(registered.get(`AppAccess::${app.key}`)).toEqual(declaredAppAccess(app, (k) => tagIds.get(k)));
  });
});
