/**
 * Entry point of the `pulumi-resource-wecom` plugin (bin/pulumi-resource-wecom runs it). The engine
 * starts it with optional logging flags and its own address, and reads our port from the first stdout
 * line — so nothing else may be written to stdout before it.
 */
import * as fs from "node:fs";
import { startProviderServer } from "./server";

startProviderServer().then(
  ({ port }) => {
    fs.writeSync(1, `${port}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`pulumi-resource-wecom: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
