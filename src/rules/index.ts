/** The legal controls: catalogue, engine, preview gate. See docs/controls.md. */
export * from "./catalogue";
export * from "./law";
export * from "./finding";
export * from "./live-snapshot";
export { previewGate, type PreviewGateOptions, type PreviewGateResult } from "./gate";
export {
  applyWaivers,
  evaluateDeclared,
  evaluateLive,
  formatFindings,
  summarise,
  type EvaluateOptions,
  type FindingsSummary,
  type FormatOptions,
} from "./engine";
