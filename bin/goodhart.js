#!/usr/bin/env node
// The goodhart CLI. The engine is TypeScript: run loaders/cli.ts under tsx's loader (resolved
// from this package, so the command works from any folder).
import {spawnSync} from "node:child_process";
import {fileURLToPath} from "node:url";

const tsx = import.meta.resolve("tsx");
const cli = fileURLToPath(new URL("../loaders/cli.ts", import.meta.url));
const {status, signal} = spawnSync(process.execPath, ["--import", tsx, cli, ...process.argv.slice(2)], {stdio: "inherit"});
process.exit(status ?? (signal ? 1 : 0));
