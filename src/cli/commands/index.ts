/**
 * Every `wecom-policy` sub-command, in help order. To add one: its module src/cli/commands/<name>.ts
 * exporting `register(program, ctx)`, one import line and one entry below.
 */
import type { RegisterCommand } from "../context";
import * as audit from "./audit";
import * as comment from "./comment";
import * as demo from "./demo";
import * as diff from "./diff";
import * as drift from "./drift";
import * as history from "./history";
import * as importCommand from "./import";
import * as logs from "./logs";
import * as report from "./report";
import * as sandbox from "./sandbox";
import * as validate from "./validate";
import * as watch from "./watch";

export type { RegisterCommand } from "../context";

export const commands: readonly RegisterCommand[] = [
  audit.register,
  comment.register,
  demo.register,
  diff.register,
  drift.register,
  history.register,
  importCommand.register,
  logs.register,
  report.register,
  sandbox.register,
  validate.register,
  watch.register,
];
