import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync, statSync} from "node:fs";
import {join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {writeFileAtomic} from "../io/arrow.ts";
import type {RunResult} from "./execute.ts";

const engineRoot = fileURLToPath(new URL("..", import.meta.url));

let engineHash: string | undefined;

/**
 * sha256 over every source file of the engine (loaders/) and package.json: a cached run is reused
 * only if the code that would recompute it is byte-for-byte the same.
 */
export function engineSourceHash(): string {
  if (engineHash) return engineHash;
  const hash = createHash("sha256");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|json)$/.test(name)) files.push(path);
    }
  };
  walk(engineRoot);
  files.push(join(engineRoot, "..", "package.json"));
  for (const file of files) hash.update(relative(engineRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  return (engineHash = hash.digest("hex").slice(0, 16));
}

/** Per-run result cache: one JSON file per (run_id, backend, engine source hash). */
export class RunCache {
  readonly dir: string;
  readonly backend: string;
  constructor(dir: string, backend: string) {
    this.dir = dir;
    this.backend = backend;
  }
  path(runId: string): string {
    return join(this.dir, `${runId}.${this.backend}.${engineSourceHash()}.json`);
  }
  get(runId: string): RunResult | undefined {
    const path = this.path(runId);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, "utf8")) as RunResult;
    } catch {
      return undefined; // a corrupt entry is recomputed
    }
  }
  set(result: RunResult): void {
    writeFileAtomic(this.path(result.run_id), JSON.stringify(result));
  }
}
