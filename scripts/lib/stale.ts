import {mkdir, readFile, rm, stat, writeFile} from "node:fs/promises";
import {dirname, join, relative, sep} from "node:path";
import {PACKAGE_ENTRY, dependencyKey, loaderDependencies} from "./loader-deps.ts";
import type {LoaderDeps} from "./loader-deps.ts";
import {cachedOutputs, findLoaders, runningOutputs} from "./loader-files.ts";

/*
 * Framework reruns a loader in `build` only when its cached output is missing, and in `preview` only
 * when the loader file is newer than its output (dist/loader.js, AbstractLoader.load, lines 322-336).
 * Edits to the modules a loader imports or to the specs it reads would publish stale results, so before
 * Framework starts we hash each loader's dependencies and delete the cached outputs of those that changed.
 */

export interface StaleOptions {
  /** Framework's source root, relative to the project root; default "src". */
  srcRoot?: string;
  /** Manifest of dependency hashes, relative to the project root; default "<srcRoot>/.observablehq/cache/.goodhart-loaders.json". */
  manifest?: string;
  /** Folder, relative to the project root, whose files sources may name in string literals; default "data". */
  dataDir?: string;
  /** Folders under dataDir that hold outputs, never inputs; default ["data/runs"]. */
  ignore?: readonly string[];
}

export interface StaleLoader {
  /** The loader, relative to the project root. */
  readonly loader: string;
  /** Files added, removed or edited since its outputs were cached; ["(no record)"] when never recorded. */
  readonly changed: readonly string[];
  /** Cached outputs deleted, relative to the project root. */
  readonly deleted: readonly string[];
  /** Why esbuild could not follow its imports, if it could not. */
  readonly error?: string;
}

interface Manifest {
  version: 1;
  loaders: Record<string, {key: string; files: Record<string, string>}>;
}

/**
 * Deletes the cached outputs of every loader whose dependencies changed since the last call, records
 * the new hashes, and returns the loaders whose outputs it deleted.
 * Outputs older than their loader file are deleted too: `build` would otherwise serve them.
 */
export async function invalidateStaleLoaders(root: string, options: StaleOptions = {}): Promise<StaleLoader[]> {
  const {srcRoot = "src", dataDir, ignore} = options;
  const {manifest: manifestPath = join(srcRoot, ".observablehq", "cache", ".goodhart-loaders.json")} = options;
  const previous = await readManifest(join(root, manifestPath));
  const loaders = await findLoaders(root, {srcRoot});
  const {deps, errors} = await loaderDependencies(root, loaders, {...(dataDir && {dataDir}), ...(ignore && {ignore})});
  const next: Manifest = {version: 1, loaders: {}};
  const stale: StaleLoader[] = [];
  for (const loader of loaders) {
    const files = deps.get(loader) ?? new Map();
    const key = dependencyKey(files);
    const record = previous.loaders[loader];
    // A run in progress (preview) may have read the old sources: keep the old record so the next check retries.
    const running = record !== undefined && record.key !== key && (await runningOutputs(root, loader, {srcRoot})).length > 0;
    next.loaders[loader] = running && record !== undefined ? record : {key, files: Object.fromEntries(files)};
    let outputs = await cachedOutputs(root, loader, {srcRoot});
    let changed: string[];
    if (record?.key === key) {
      // `build` serves an output older than its loader as is (useStale): left by an edit `preview` never ran.
      const {mtimeMs} = await stat(join(root, loader));
      outputs = (await Promise.all(outputs.map(async (o) => ((await stat(o)).mtimeMs < mtimeMs ? o : "")))).filter(Boolean);
      changed = [`${loader} (newer than its output)`];
    } else {
      changed = record === undefined ? ["(no record)"] : changedFiles(record.files, files);
    }
    if (outputs.length === 0) continue;
    for (const output of outputs) await rm(output, {recursive: true, force: true});
    const error = errors.get(loader);
    stale.push({loader, changed, deleted: outputs.map((o) => relative(root, o).split(sep).join("/")), ...(error !== undefined && {error})});
  }
  await mkdir(dirname(join(root, manifestPath)), {recursive: true});
  await writeFile(join(root, manifestPath), `${JSON.stringify(next, null, 1)}\n`);
  return stale;
}

/** One line for stderr: `stale src/data/x.arrow.ts: loaders/a.ts changed; deleted 2 cached outputs`. */
export function formatStaleLoader({loader, changed, deleted, error}: StaleLoader): string {
  const what = changed.length > 3 ? `${changed.slice(0, 3).join(", ")} and ${changed.length - 3} more` : changed.join(", ");
  const count = `deleted ${deleted.length} cached output${deleted.length === 1 ? "" : "s"}`;
  return `stale ${loader}: ${what} changed; ${count}${error === undefined ? "" : ` (imports not followed: ${error})`}`;
}

function changedFiles(before: Record<string, string>, after: LoaderDeps): string[] {
  const changed = new Set<string>();
  for (const [file, hash] of after) if (before[file] !== hash) changed.add(file === PACKAGE_ENTRY ? "package.json" : file);
  for (const file of Object.keys(before)) if (!after.has(file)) changed.add(`${file} (removed)`);
  return [...changed].sort();
}

async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {version: 1, loaders: {}};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {version: 1, loaders: {}};
  }
  if (typeof parsed !== "object" || parsed === null || (parsed as {version?: unknown}).version !== 1) return {version: 1, loaders: {}};
  return parsed as Manifest;
}
