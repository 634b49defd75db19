import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync, rmSync, statSync} from "node:fs";
import {join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {writeFileAtomic} from "../io/arrow.ts";
import type {RunResult} from "./execute.ts";

const engineRoot = fileURLToPath(new URL("..", import.meta.url));

let engineHash: string | undefined;

/**
 * Engine files that cannot change a run's result: analysis and reporting, the environment page,
 * the CLI and the orchestration around executeGroup. Editing them keeps the cache.
 */
const notComputing = /^(analysis|machine)\/|^(cli|index)\.ts$|^run\/(experiment|pool|worker|cache|spec|dispatch|stage-cache)\.ts$/;

/**
 * sha256 over the engine sources that compute runs (loaders/, less `notComputing`) and
 * package.json: a cached run is reused only if the code that would recompute it is the same.
 */
export function engineSourceHash(): string {
  if (engineHash) return engineHash;
  const hash = createHash("sha256");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|json)$/.test(name) && !notComputing.test(relative(engineRoot, path))) files.push(path);
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
    this.#prune();
  }
  /** Deletes entries made by other engine sources: no current code can ever read them. */
  #prune(): void {
    if (!existsSync(this.dir)) return;
    const current = engineSourceHash();
    for (const name of readdirSync(this.dir)) {
      const match = /^[0-9a-f]{16}\.[\w-]+\.([0-9a-f]{16})\.json$/.exec(name);
      if (match && match[1] !== current) rmSync(join(this.dir, name), {force: true});
    }
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
