/**
 * Entry point of the `pulumi-resource-wecom` plugin (bin/pulumi-resource-wecom runs it). The engine
 * starts it with optional logging flags and its own address, and reads our port from the first stdout
 * line — so nothing else may be written to stdout before it.
 *
 * The plugin stops with the engine (issue 8): it polls the engine's health service, and when the engine
 * is gone (a killed `pulumi`) it lets no new WeCom write start, waits for the requests in flight to end,
 * and exits — instead of running on, orphaned, and writing after the engine died.
 */
import * as fs from "node:fs";
import { engineAddressOf, watchEngine } from "../pulumi/engine-health";
import { startProviderServer } from "./server";

startProviderServer().then(
  ({ port, server, provider }) => {
    fs.writeSync(1, `${port}\n`);
    watchEngine(engineAddressOf(process.argv.slice(2)), (why) => {
      process.stderr.write(`pulumi-resource-wecom: ${why}; stopping\n`);
      void provider.stop(why).then(() => {
        server.forceShutdown();
        process.exit(1);
      });
    });
  },
  (err: unknown) => {
    process.stderr.write(`pulumi-resource-wecom: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
