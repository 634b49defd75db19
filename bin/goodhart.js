#!/usr/bin/env node
// The goodhart CLI. The engine is TypeScript: run loaders/cli.ts under tsx's loader (resolved
// from this package, so the command works from any folder). SIGINT, SIGTERM and SIGHUP sent to
// this process are passed on, so `kill` stops the CLI as cleanly as Ctrl-C does.
import {spawn} from "node:child_process";
import {constants} from "node:os";
import {fileURLToPath} from "node:url";

const tsx = import.meta.resolve("tsx");
const cli = fileURLToPath(new URL("../loaders/cli.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", tsx, cli, ...process.argv.slice(2)], {stdio: "inherit"});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (status, signal) => process.exit(status ?? 128 + (constants.signals[signal] ?? 0)));
