/** The legal controls: catalogue, engine, preview gate. See docs/controls.md. */
export * from "./catalogue";
export * from "./law";
export * from "./finding";
export * from "./live-snapshot";
export { previewGate, type PreviewGateOptions, type PreviewGateResult } from "./gate";
export {
  applyWaivers,
  DRIFT_LIVE_CONTROLS,
  EVALUATED_IN,
  evaluateDeclared,
  whereEvaluated,
  type EvaluatedIn,
  evaluateLive,
  formatFindings,
  summarise,
  summaryLine,
  where,
  type EvaluateOptions,
  type FindingsSummary,
  type FormatOptions,
} from "./engine";
