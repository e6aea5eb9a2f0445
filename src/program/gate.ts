/**
 * The legal gate in front of every preview and update: mandatory findings stop the run before any
 * resource is declared (so the provider is never called); advisory findings print as warnings.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PolicySources } from "../policy";
import type { PolicyModel } from "../policy/model";
import { previewGate } from "../rules";
import { today } from "../today";

export function runGate(model: PolicyModel, sources: PolicySources, now: Date = today()): void {
  const gate = previewGate(model, now, { locate: (ref) => sources.locate(ref) });
  for (const w of gate.warnings) pulumi.log.warn(w);
  if (!gate.blocked) return;
  // A read-only run (`wecom-policy drift`: the provider refuses every write) reports the law itself and
  // must still compare the tenant with the policy, so the failures are warnings there, never a stop.
  if (readOnly()) pulumi.log.warn(gate.report);
  else throw new pulumi.RunError(gate.report);
}

function readOnly(): boolean {
  const v = process.env["WECOM_POLICY_READ_ONLY"];
  return v === "1" || v === "true";
}
