import {createHash} from "node:crypto";
import {existsSync, readFileSync, statSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {dirname, isAbsolute, join, relative, resolve, sep} from "node:path";
import * as esbuild from "esbuild";
import {SEED_CAP_ENV} from "../../loaders/report/seed-cap.ts";
import {listFiles} from "./list-files.ts";

/** Extensions esbuild can follow imports through; other loaders (Python, shell, ...) are only scanned. */
const SCRIPT_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"];

/** Key of the pseudo-entry carrying package.json's version and dependencies. */
export const PACKAGE_ENTRY = "package.json#version+dependencies";
/** The seed cap a loader ran under, when one was set (its value, not a hash). */
export const SEED_CAP_ENTRY = `env ${SEED_CAP_ENV}`;

export interface LoaderDepsOptions {
  /** Folder, relative to the project root, whose files sources may name in string literals; default "data". */
  dataDir?: string;
  /** Folders under dataDir that hold outputs, never inputs; default ["data/runs"]. */
  ignore?: readonly string[];
}

/** Per-file content hashes of what a loader's output depends on; keys are paths relative to the root. */
export type LoaderDeps = Map<string, string>;

/**
 * The dependency sets of several loaders (paths relative to the project root), each mapping file to
 * sha256: the loader, every project file it imports transitively (esbuild's metafile), every file under
 * `data/` that those sources, or the JSON files they name, name in a string literal (a folder named
 * stands for all its files), and
 * package.json's version and dependencies. A loader esbuild cannot bundle depends on itself and what
 * it names; `errors` says why.
 */
export async function loaderDependencies(
  root: string,
  loaders: readonly string[],
  options: LoaderDepsOptions = {}
): Promise<{deps: Map<string, LoaderDeps>; errors: Map<string, string>}> {
  const {dataDir = "data", ignore = ["data/runs"]} = options;
  const graphs = new Map<string, string[]>();
  const errors = new Map<string, string>();
  const scripts = loaders.filter((l) => SCRIPT_EXTENSIONS.some((e) => l.endsWith(e)));
  for (const loader of loaders) graphs.set(loader, [loader]);
  if (scripts.length > 0) {
    try {
      const inputs = await importGraph(root, scripts);
      for (const loader of scripts) graphs.set(loader, walk(inputs, loader));
    } catch {
      // One broken loader fails a joint build: retry one by one to tell which.
      for (const loader of scripts) {
        try {
          graphs.set(loader, walk(await importGraph(root, [loader]), loader));
        } catch (error) {
          errors.set(loader, firstLine(error));
        }
      }
    }
  }
  const packageHash = await packageFingerprint(root);
  const hashes = new Map<string, string>();
  const hashOf = async (file: string) => {
    let hash = hashes.get(file);
    if (hash === undefined) hashes.set(file, (hash = sha256(await readFile(join(root, file)))));
    return hash;
  };
  const deps = new Map<string, LoaderDeps>();
  for (const [loader, sources] of graphs) {
    const files = new Set(sources);
    // A spec a source names may name data in turn (an import spec's folder of logs): follow JSON files too.
    const scanned = new Set<string>();
    for (const source of files) {
      if (scanned.has(source) || !(sources.includes(source) || source.endsWith(".json"))) continue;
      scanned.add(source);
      for (const named of await namedDataFiles(root, source, dataDir, ignore)) files.add(named);
    }
    const entries: LoaderDeps = new Map();
    for (const file of [...files].sort()) entries.set(file, await hashOf(file));
    entries.set(PACKAGE_ENTRY, packageHash);
    // A report built on fewer seeds (GOODHART_SEEDS) is another output: a change of cap reruns the loaders.
    const cap = process.env[SEED_CAP_ENV]?.trim();
    if (cap) entries.set(SEED_CAP_ENTRY, cap);
    deps.set(loader, entries);
  }
  return {deps, errors};
}

/** The sha256 of a dependency set: changes when any file, or the set itself, changes. */
export function dependencyKey(deps: LoaderDeps): string {
  const hash = createHash("sha256");
  for (const [file, sha] of [...deps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${file}\0${sha}\n`);
  return hash.digest("hex");
}

/** esbuild's metafile inputs: each bundled file (relative to the root) and what it imports. */
export type Inputs = Record<string, {imports: readonly {path: string; external?: boolean}[]}>;

/** The import graph esbuild follows from `entries` (type-only imports are erased before it looks). */
export async function importGraph(root: string, entries: readonly string[]): Promise<Inputs> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries.map((e) => join(root, e)),
    bundle: true,
    write: false,
    metafile: true,
    outdir: join(root, ".goodhart", "esbuild-unused"),
    platform: "node",
    format: "esm",
    packages: "external",
    plugins: [selfReference(root)],
    logLevel: "silent"
  });
  return result.metafile.inputs;
}

/**
 * Follows imports of the root package by its own name ("goodhart/loader" inside goodhart's own
 * report) to the files its package.json "exports" name, so they count as project files; every
 * other package stays external.
 */
function selfReference(root: string): esbuild.Plugin {
  return {
    name: "self-reference",
    setup(build) {
      let pkg: {name?: string; exports?: Record<string, string | Record<string, string>>} = {};
      try {
        pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as typeof pkg;
      } catch {
        return;
      }
      const {name, exports} = pkg;
      if (!name || typeof exports !== "object" || exports === null) return;
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      build.onResolve({filter: new RegExp(`^${escaped}(/|$)`)}, (args) => {
        const entry = exports[`.${args.path.slice(name.length)}`];
        const targets = typeof entry === "string" ? [entry] : entry ? [entry.default, entry.types] : [];
        const file = targets.map((t) => (t === undefined ? "" : join(root, t))).find((t) => t !== "" && existsSync(t));
        return file === undefined ? {external: true} : {path: file};
      });
    }
  };
}

/** Project files reachable from an entry in esbuild's input graph (paths relative to the root). */
function walk(inputs: Inputs, entry: string): string[] {
  const seen = new Set([entry]);
  for (const file of seen) {
    for (const {path, external} of inputs[file]?.imports ?? []) {
      if (!external && inputs[path] !== undefined && isProjectFile(path)) seen.add(path);
    }
  }
  return [...seen];
}

function isProjectFile(path: string): boolean {
  return !isAbsolute(path) && !path.startsWith("..") && !path.split(/[\\/]/).includes("node_modules") && !path.includes(":");
}

/** Files under dataDir that a source names in a string literal ("data/x.json", `../../data/x/${id}.json`). */
async function namedDataFiles(root: string, source: string, dataDir: string, ignore: readonly string[]): Promise<string[]> {
  const text = await readFile(join(root, source), "utf8");
  const dataRoot = resolve(root, dataDir);
  const ignored = ignore.map((i) => resolve(root, i));
  const literal = new RegExp(String.raw`(["'\x60])((?:\.{1,2}/)*${escape(dataDir)}/[^"'\x60$\s\\]*)`, "g");
  const files = new Set<string>();
  for (const [, , path] of text.matchAll(literal)) {
    if (path === undefined) continue;
    const candidates = path.startsWith(".") ? [resolve(root, dirname(source), path), resolve(root, path)] : [resolve(root, path)];
    const inData = candidates.find((c) => c === dataRoot || c.startsWith(dataRoot + sep));
    if (inData === undefined) continue;
    // An ignored path (run outputs such as data/runs/.cache) is no input, even before it exists:
    // walking up from a missing one would otherwise make every file under data/ an input.
    if (ignored.some((i) => inData === i || inData.startsWith(i + sep))) continue;
    let named = inData;
    while (!existsSync(named) && named !== dataRoot) named = dirname(named);
    if (!existsSync(named)) continue;
    for (const file of statSync(named).isDirectory() ? await listFiles(named) : [named]) {
      if (!ignored.some((i) => file === i || file.startsWith(i + sep))) files.add(relative(root, file).split(sep).join("/"));
    }
  }
  return [...files];
}

/**
 * package.json's version and dependencies, and the version installed of each dependency: a report
 * that depends on "goodhart": "^0.2.0" reruns its loaders when an install brings 0.2.1.
 */
async function packageFingerprint(root: string): Promise<string> {
  const pkg: unknown = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  const {version, dependencies, optionalDependencies} = (typeof pkg === "object" && pkg !== null ? pkg : {}) as Record<string, unknown>;
  const names = Object.keys({...(dependencies as object | undefined), ...(optionalDependencies as object | undefined)}).sort();
  const installed = await Promise.all(names.map(async (name) => [name, await installedVersion(root, name)] as const));
  return sha256(JSON.stringify({version, dependencies, optionalDependencies, installed}));
}

async function installedVersion(root: string, name: string): Promise<string | null> {
  try {
    const pkg = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8")) as {version?: unknown};
    return typeof pkg.version === "string" ? pkg.version : null;
  } catch {
    return null;
  }
}


function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function escape(text: string): string {
  return text.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&");
}

function firstLine(error: unknown): string {
  const failure = (error as {errors?: esbuild.Message[]}).errors?.[0];
  if (failure !== undefined) return `${failure.location ? `${failure.location.file}:${failure.location.line}: ` : ""}${failure.text}`;
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
