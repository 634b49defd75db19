import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync, rmSync, statSync} from "node:fs";
import {join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {removeStaleTemps, writeFileAtomic} from "../../io/arrow.ts";
import {propertyOf} from "../../narrow.ts";
import type {RunResult} from "../execute/rows.ts";

const engineRoot = fileURLToPath(new URL("../..", import.meta.url));

let engineHash: string | undefined;

/**
 * Engine files that cannot change a run's result: analysis and reporting, the environment and bench
 * measurements and their tables, the schema index (re-exports only), the CLI and its plurals, the orchestration
 * around executeGroup (experiment.ts, spec/spec.ts, schedule/: workers, shards and merging; store/: caches, files and table streams), import specs, the log importer and its tables (imported runs
 * are read from logs, never cached), the findings table's schema and the Arrow table streams, the
 * report loaders' helpers (report/) and the scaffolding of `goodhart create` (create/).
 * Editing them keeps the cache.
 */
const notComputing = /^(analysis|measure|import|cli|report|create)\/|^(cli|index|plural)\.ts$|^io\/schema\/(bench|environment|findings|imported|index|reseed)\.ts$|^run\/(experiment|spec\/spec|spec\/import-spec|schedule\/[\w-]+|store\/[\w-]+)\.ts$/;

/**
 * sha256 over the engine sources that compute runs (loaders/, less `notComputing`) and
 * package.json's version (recorded in every run) and dependency versions: a cached run is reused
 * only if the code that would recompute it is the same. Scripts, exports and files do not count.
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
  for (const file of files) hash.update(relative(engineRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  const pkg: unknown = JSON.parse(readFileSync(join(engineRoot, "..", "package.json"), "utf8"));
  const [version, dependencies, optionalDependencies, overrides] = ["version", "dependencies", "optionalDependencies", "overrides"].map((key) => propertyOf(pkg, key));
  hash.update("package.json\0").update(JSON.stringify({version, dependencies, optionalDependencies, overrides}));
  return (engineHash = hash.digest("hex").slice(0, 16));
}

/**
 * Text with its checksum in front: the sha256 of `body` in hex, a newline, then `body`. A cache
 * entry is written this way, and read back (unsealed) only when the checksum still matches.
 */
export function seal(body: string): string {
  return `${createHash("sha256").update(body).digest("hex")}\n${body}`;
}

/** The body of sealed text, or undefined when it is truncated, altered or not sealed at all. */
export function unseal(text: string): string | undefined {
  const body = text.slice(65);
  return text[64] === "\n" && createHash("sha256").update(body).digest("hex") === text.slice(0, 64) ? body : undefined;
}

/**
 * Per-run result cache: one file per (run_id, backend, engine source hash), the run's JSON sealed
 * with its sha256 (seal). An entry whose checksum fails is deleted and its run recomputed.
 */
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
    removeStaleTemps(this.dir);
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
    const body = unseal(readFileSync(path, "utf8"));
    if (body !== undefined) return JSON.parse(body) as RunResult;
    rmSync(path, {force: true}); // a corrupt entry is recomputed
    return undefined;
  }
  set(result: RunResult): void {
    writeFileAtomic(this.path(result.run_id), seal(JSON.stringify(result)));
  }
}
