import * as path from "node:path";

/**
 * schemas/ at the repository root: the same relative path from src/schema and dist/schema.
 * WECOM_POLICY_SCHEMA_DIR overrides it for code compiled elsewhere (scripts/bench).
 */
export const SCHEMA_DIR =
  process.env["WECOM_POLICY_SCHEMA_DIR"] ?? path.resolve(__dirname, "..", "..", "schemas");
