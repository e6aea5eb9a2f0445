/** Every `wecom-policy` sub-command, in help order. Add a command by adding its module here. */
import type { Command } from "commander";
import type { CliContext } from "../main";
import { register as audit } from "./audit";
import { register as demo } from "./demo";
import { register as drift } from "./drift";
import { register as importTenant } from "./import";
import { register as logs } from "./logs";
import { register as sandbox } from "./sandbox";
import { register as validate } from "./validate";
import { register as watch } from "./watch";

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [audit, demo, drift, importTenant, logs, sandbox, validate, watch];
