/**
 * The policy model's public face: load policies/ into the normalised model, or get every problem.
 *
 * ```ts
 * const result = await loadPolicies("policies");
 * if (!result.ok) console.error(formatProblems(result.problems, detectLang()));
 * ```
 */
export { loadPolicies, POLICY_FILES, type LoadOptions, type LoadResult } from "./load";
export { diskFiles, memoryFiles, type PolicyFileSource } from "./file-source";
export { formatProblems, detectLang, compareProblems, type Lang, type Problem } from "./problems";
export type * from "./model";
export {
  LOCATION_MODES,
  ARCHIVE_LEGAL_BASES,
  STORAGE_REGIONS,
  TRANSFER_MECHANISMS,
  TRANSFER_LEGAL_BASES,
  CONSULTATION_BODIES,
} from "./model";
