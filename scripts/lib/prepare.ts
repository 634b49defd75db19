import {join} from "node:path";
import {fillNpmCache} from "./npm-cache.ts";
import {formatStaleLoader, invalidateStaleLoaders} from "./stale.ts";

export interface PrepareOptions {
  /** Framework's source root, relative to the project root; default "src". */
  srcRoot?: string;
}

/**
 * Readies the project for `observable build` or `preview` with no network: fills Framework's npm cache
 * from node_modules and deletes the cached outputs of loaders whose code or specs changed. Talks on stderr.
 */
export async function prepare(root: string, options: PrepareOptions = {}): Promise<void> {
  const {srcRoot = "src"} = options;
  let start = performance.now();
  const written = await fillNpmCache(root, {srcRoot});
  if (written.length > 0) {
    const where = join(srcRoot, ".observablehq", "cache", "_npm");
    console.error(`npm cache: wrote ${written.length} entries under ${where} in ${elapsed(start)}`);
  }
  start = performance.now();
  const stale = await invalidateStaleLoaders(root, {srcRoot});
  for (const loader of stale) console.error(formatStaleLoader(loader));
  if (stale.length > 0) console.error(`stale check: ${stale.length} loader${stale.length === 1 ? "" : "s"} invalidated in ${elapsed(start)}`);
}

/** The environment for Framework's CLI: loaders find `tsx` on PATH, and no telemetry is sent. */
export function frameworkEnv(root: string): NodeJS.ProcessEnv {
  const bin = join(root, "node_modules", ".bin");
  return {...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, OBSERVABLE_TELEMETRY_DISABLE: "1"};
}

function elapsed(start: number): string {
  return `${Math.round(performance.now() - start)} ms`;
}
