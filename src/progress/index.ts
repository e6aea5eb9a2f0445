/**
 * Progress for long runs: {@link startProgress} draws a live line on a terminal (nothing in CI); workflows
 * report to a {@link ProgressSink} and default to {@link NO_PROGRESS}.
 */
export * from "./progress";
export * from "./reasons";
export * from "./pacing";
