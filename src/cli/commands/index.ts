/** Every `wecom-policy` sub-command, in help order. Add a command by adding its module here. */
import type { Command } from "commander";
import type { CliContext } from "../main";
import { register as audit } from "./audit";
import { register as comment } from "./comment";
import { register as demo } from "./demo";
import { register as diff } from "./diff";
import { register as drift } from "./drift";
import { register as history } from "./history";
import { register as importTenant } from "./import";
import { register as logs } from "./logs";
import { register as sandbox } from "./sandbox";
import { register as validate } from "./validate";

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [
  audit,
  comment,
  demo,
  diff,
  drift,
  history,
  importTenant,
  logs,
  sandbox,
  validate,
];
