#!/usr/bin/env node
// The goodhart CLI. The engine is TypeScript: run loaders/cli.ts under tsx's loader (resolved
// from this package, so the command works from any folder). SIGINT, SIGTERM and SIGHUP sent to
// this process are passed on, so `kill` stops the CLI as cleanly as Ctrl-C does.
import {spawn} from "node:child_process";
import {constants} from "node:os";
import {fileURLToPath} from "node:url";

const tsx = import.meta.resolve("tsx");
const cli = fileURLToPath(new URL("../loaders/cli.ts", import.meta.url));
// A 32 MiB young-generation semi-space (Node 20's default is 16): fewer scavenges of the engine's
// short-lived tensors and rows; the default overoptimization sweep ran about 5% faster with 1 worker
// and 4% with 2 (Docs: Measurements and methods, src/docs/measurements.md). The same flag for the workers: loaders/run/schedule/workers.ts.
const child = spawn(process.execPath, ["--max-semi-space-size=32", "--import", tsx, cli, ...process.argv.slice(2)], {stdio: "inherit"});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (status, signal) => process.exit(status ?? 128 + (constants.signals[signal] ?? 0)));
