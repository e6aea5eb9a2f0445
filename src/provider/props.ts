/**
 * Converting Pulumi property values between their gRPC form (google.protobuf.Struct with Pulumi's
 * special signatures for secrets and unknowns) and plain JavaScript values.
 * Pulumi encodes a secret as `{ [SIG]: SECRET_SIG, value }` and an unknown (preview-time computed)
 * value as the string UNKNOWN (sdk/nodejs/runtime/rpc.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structPb = require("google-protobuf/google/protobuf/struct_pb");

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type PropertyMap = Record<string, unknown>;

export interface GrpcStruct {
  toJavaScript(): Record<string, unknown>;
}

export function fromStruct(s: GrpcStruct | undefined | null): PropertyMap {
  return s ? s.toJavaScript() : {};
}

export function toStruct(value: object): GrpcStruct {
  return structPb.Struct.fromJavaScript(stripUndefined(value));
}

function stripUndefined(v: object): PropertyMap {
  const out: PropertyMap = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = x;
  return out;
}

export function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Remove secret wrappers, deeply. Only for values that never leave the provider (config). */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecret(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v === "object" && v !== null) {
    const out: PropertyMap = {};
    for (const [k, x] of Object.entries(v)) out[k] = unwrapSecrets(x);
    return out;
  }
  return v;
}

/** true when the value or anything inside it is not known yet (preview with computed inputs). */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (isSecret(v)) return containsUnknown(v.value);
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}
