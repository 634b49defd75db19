import {readdir} from "node:fs/promises";
import {join, relative, sep} from "node:path";
import {listFiles} from "./list-files.ts";

/*
 * Observable Framework 1.13.4's data loader naming and cache layout, read from its dist/loader.js:
 * - a loader is <target><interpreter extension>, the extensions of defaultInterpreters (lines 19-32);
 *   the target needs an extension of its own (findFile, lines 113-131: no extension, no loader);
 * - a `[param]` in a file or folder name matches one or more characters, case-insensitively
 *   (dist/route.js, compilePattern, lines 59-67);
 * - the output of a loader for <target> is cached at <root>/.observablehq/cache/<target> (load, line 328),
 *   a failed run leaves <target>.<pid>.err beside it (lines 337-338);
 * - an archive loader (<name>.zip.ts, .tar, .tar.gz, .tgz) caches the archive at <name>.zip and each
 *   member read from it at <name>/<member> (findArchive, lines 157-201; extractors, lines 459-464).
 */

/** Interpreter extensions Framework runs as data loaders (dist/loader.js, defaultInterpreters). */
export const LOADER_EXTENSIONS: readonly string[] = [".js", ".ts", ".py", ".r", ".R", ".rs", ".go", ".java", ".jl", ".php", ".sh", ".exe"];

/** Archive extensions whose members Framework extracts into a folder (dist/loader.js, extractors). */
export const ARCHIVE_EXTENSIONS: readonly string[] = [".zip", ".tar", ".tar.gz", ".tgz"];

/** Top-level cache folders Framework fills with things other than loader outputs. */
const RESERVED = new Set(["_npm", "_jsr", "_node", "_duckdb", "_observablehq", "_import", "_file"]);

export interface LoaderFilesOptions {
  /** Framework's source root, relative to the project root; default "src". */
  srcRoot?: string;
  /** Interpreter extensions that make a file a loader; default LOADER_EXTENSIONS. */
  extensions?: readonly string[];
}

/** Every data loader under the source root, as paths relative to the project root, sorted. */
export async function findLoaders(root: string, options: LoaderFilesOptions = {}): Promise<string[]> {
  const {srcRoot = "src", extensions = LOADER_EXTENSIONS} = options;
  const loaders: string[] = [];
  for (const file of await listFiles(join(root, srcRoot), {skip: [".observablehq", "node_modules"]})) {
    if (loaderTarget(file, extensions) !== undefined) loaders.push(toPosix(relative(root, file)));
  }
  return loaders.sort();
}

/**
 * The target a loader file produces (`data/foo.arrow` for `data/foo.arrow.ts`), or undefined when the
 * file is not a loader. `path` is relative to anything; the result keeps its prefix.
 */
export function loaderTarget(path: string, extensions: readonly string[] = LOADER_EXTENSIONS): string | undefined {
  if (path.endsWith(".d.ts")) return undefined;
  const ext = extensions.find((e) => path.endsWith(e));
  if (ext === undefined) return undefined;
  const target = path.slice(0, -ext.length);
  const name = target.slice(target.lastIndexOf("/") + 1);
  return /^.+\.[^.]+$/.test(name) ? target : undefined;
}

/**
 * The cached outputs of a loader that exist now, as absolute paths: the output for every parameter value
 * seen, error files, and for archive loaders the folders of extracted members.
 */
export async function cachedOutputs(root: string, loader: string, options: LoaderFilesOptions = {}): Promise<string[]> {
  return findOutputs(root, loader, options, String.raw`(?:\.\d+\.err)?`, true);
}

/** The temporary files of runs of a loader in progress (`<target>.<pid>`), as absolute paths. */
export async function runningOutputs(root: string, loader: string, options: LoaderFilesOptions = {}): Promise<string[]> {
  return findOutputs(root, loader, options, String.raw`\.\d+`, false);
}

async function findOutputs(root: string, loader: string, options: LoaderFilesOptions, suffix: string, folders: boolean): Promise<string[]> {
  const {srcRoot = "src", extensions = LOADER_EXTENSIONS} = options;
  const target = loaderTarget(loader, extensions);
  if (target === undefined) throw new Error(`not a data loader: ${loader} (expected a name like data/foo.arrow.ts)`);
  const cacheRoot = join(root, srcRoot, ".observablehq", "cache");
  const targetInRoot = toPosix(relative(join(root, srcRoot), join(root, target)));
  const segments = targetInRoot.split("/");
  const name = segments.pop() ?? "";
  const archive = ARCHIVE_EXTENSIONS.find((e) => name.endsWith(e) && name.length > e.length);
  const fileName = segmentPattern(name, suffix);
  const folderName = archive === undefined || !folders ? undefined : segmentPattern(name.slice(0, -archive.length));
  const outputs: string[] = [];
  for (const dir of await matchFolders(cacheRoot, segments.map((s) => segmentPattern(s)))) {
    for (const entry of await readEntries(dir)) {
      if (dir === cacheRoot && (RESERVED.has(entry.name) || entry.name.startsWith("."))) continue;
      if (entry.isFile() && fileName.test(entry.name)) outputs.push(join(dir, entry.name));
      else if (entry.isDirectory() && folderName?.test(entry.name)) outputs.push(join(dir, entry.name));
    }
  }
  return outputs.sort();
}

async function matchFolders(cacheRoot: string, patterns: readonly RegExp[]): Promise<string[]> {
  let dirs = [cacheRoot];
  for (const pattern of patterns) {
    const next: string[] = [];
    for (const dir of dirs) {
      for (const entry of await readEntries(dir)) {
        if (dir === cacheRoot && (RESERVED.has(entry.name) || entry.name.startsWith("."))) continue;
        if (entry.isDirectory() && pattern.test(entry.name)) next.push(join(dir, entry.name));
      }
    }
    dirs = next;
  }
  return dirs;
}

function segmentPattern(segment: string, suffix = ""): RegExp {
  let pattern = "";
  let i = 0;
  const param = /\[([a-z_]\w*)\]/gi;
  for (let match = param.exec(segment); match !== null; match = param.exec(segment)) {
    pattern += `${requote(segment.slice(i, match.index))}.+`;
    i = param.lastIndex;
  }
  const parameterized = i > 0;
  return new RegExp(`^${pattern}${requote(segment.slice(i))}${suffix}$`, parameterized ? "i" : "");
}

function requote(text: string): string {
  return text.replace(/[\\^$*+?|[\]().{}]/g, "\\$&");
}

async function readEntries(dir: string) {
  try {
    return await readdir(dir, {withFileTypes: true});
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}


function toPosix(path: string): string {
  return path.split(sep).join("/");
}
