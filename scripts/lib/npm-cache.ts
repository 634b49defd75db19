import {existsSync, realpathSync} from "node:fs";
import {copyFile, mkdir, readFile, readdir, rm, writeFile} from "node:fs/promises";
import {dirname, join, posix, relative, sep} from "node:path";
import * as esbuild from "esbuild";

/*
 * Fills Observable Framework 1.13.4's npm cache from node_modules so that `observable build` and
 * `observable preview` never download. Framework skips the jsDelivr fetch when the file exists at
 * <src>/.observablehq/cache/_npm/<name>@<version>/<path> (dist/npm.js, populateNpmCache, lines
 * 57-60), names `+esm` `_esm.js` (dist/npm.js, resolveNpmImport, lines 202-211), and resolves an
 * unpinned version to the highest `name@version` folder it finds there before asking the registry
 * (dist/npm.js, initializeNpmVersionCache and resolveNpmVersion, lines 137-201).
 */

/** Packages bundled from node_modules when installed; a missing one listed in package.json's dependencies is an error. */
export const BUNDLED_PACKAGES: readonly string[] = [
  "d3",
  "d3-dsv",
  "htl",
  "isoformat",
  "apache-arrow",
  "@observablehq/plot",
  "@observablehq/inputs",
  "@duckdb/duckdb-wasm",
  "jszip"
];

/**
 * Files copied verbatim next to a bundle: DuckDB's engines and workers, which Framework's
 * stdlib/duckdb.js resolves with import.meta.resolve (dist/libraries.js, getImplicitDownloads).
 */
export const COPIED_FILES: Readonly<Record<string, readonly string[]>> = {
  "@duckdb/duckdb-wasm": [
    "dist/duckdb-mvp.wasm",
    "dist/duckdb-eh.wasm",
    "dist/duckdb-browser-mvp.worker.js",
    "dist/duckdb-browser-eh.worker.js"
  ]
};

/**
 * Libraries Framework's client bundle imports lazily (dist/client/main.js, stdlib/recommendedLibraries.js,
 * stdlib/sampleDatasets.js, stdlib/fileAttachment.js) whose versions it must resolve even when no page
 * uses them. An empty `name@version` folder answers that; the version only shapes a URL never fetched.
 * A page that does use one of these fails offline: install the package and add it to BUNDLED_PACKAGES.
 */
export const PLACEHOLDER_VERSIONS: Readonly<Record<string, string>> = {
  "lodash": "4.17.21",
  "arquero": "7.2.0",
  "echarts": "5.6.0",
  "leaflet": "1.9.4",
  "mapbox-gl": "3.9.4",
  "topojson-client": "3.1.0",
  "react": "18.3.1",
  "react-dom": "18.3.1",
  "parquet-wasm": "0.6.1",
  "@observablehq/sample-datasets": "1.0.1",
  "d3-dsv": "3.0.1",
  "jszip": "3.10.1"
};

/** Bumped when the layout of what fillNpmCache writes changes, so old caches are rebuilt. */
const FORMAT = 1;

export interface FillNpmCacheOptions {
  /** Framework's source root, relative to the project root; default "src". */
  srcRoot?: string;
  /** Packages to bundle when installed; default BUNDLED_PACKAGES. */
  packages?: readonly string[];
  /** Extra files to copy per package, relative to the package folder; default COPIED_FILES. */
  copies?: Readonly<Record<string, readonly string[]>>;
  /** Versions of the empty folders made for libraries that are not bundled; default PLACEHOLDER_VERSIONS. */
  placeholders?: Readonly<Record<string, string>>;
  /** Minify the bundles; default true. */
  minify?: boolean;
  /** Rebuild even when the stamp says the cache is up to date; default false. */
  force?: boolean;
}

interface Plan {
  readonly bundles: ReadonlyMap<string, string>;
  readonly copies: readonly (readonly [string, string])[];
  readonly placeholders: ReadonlyMap<string, string>;
}

/**
 * Fills `<root>/<srcRoot>/.observablehq/cache/_npm` from `<root>/node_modules` and returns the absolute
 * paths it wrote (bundles, copied files, placeholder folders); an empty list when already up to date.
 */
export async function fillNpmCache(root: string, options: FillNpmCacheOptions = {}): Promise<string[]> {
  const {
    srcRoot = "src",
    packages = BUNDLED_PACKAGES,
    copies = COPIED_FILES,
    placeholders = PLACEHOLDER_VERSIONS,
    minify = true,
    force = false
  } = options;
  const cacheRoot = join(root, srcRoot, ".observablehq", "cache");
  const npmRoot = join(cacheRoot, "_npm");
  const plan = await planCache(root, npmRoot, {packages, copies, placeholders});
  const stampPath = join(cacheRoot, ".goodhart-npm.json");
  const stamp = JSON.stringify({
    format: FORMAT,
    esbuild: esbuild.version,
    minify,
    bundles: Object.fromEntries(plan.bundles),
    copies: plan.copies.map(([, to]) => relative(npmRoot, to).split(sep).join("/")),
    placeholders: Object.fromEntries(plan.placeholders)
  });
  const expected = [
    ...[...plan.bundles].map(([name, version]) => bundlePath(npmRoot, name, version)),
    ...plan.copies.map(([, to]) => to)
  ];
  const upToDate =
    (await readText(stampPath)) === stamp &&
    expected.every((p) => existsSync(p)) &&
    (await everyAsync([...plan.placeholders.keys()], (name) => hasAnyVersion(npmRoot, name)));
  if (!force && upToDate) return [];

  await removeOtherVersions(npmRoot, plan.bundles);
  const written: string[] = [];
  await Promise.all(
    [...plan.bundles].map(async ([name, version]) => {
      const output = bundlePath(npmRoot, name, version);
      await mkdir(dirname(output), {recursive: true});
      await writeFile(output, await bundlePackage(root, name, output, npmRoot, plan.bundles, minify));
      written.push(output);
    })
  );
  for (const [from, to] of plan.copies) {
    await mkdir(dirname(to), {recursive: true});
    await copyFile(from, to);
    written.push(to);
  }
  for (const [name, version] of plan.placeholders) {
    if (await hasAnyVersion(npmRoot, name)) continue;
    const folder = folderPath(npmRoot, name, version);
    await mkdir(folder, {recursive: true});
    written.push(folder);
  }
  await writeFile(stampPath, stamp);
  return written.sort();
}

async function planCache(
  root: string,
  npmRoot: string,
  options: Required<Pick<FillNpmCacheOptions, "packages" | "copies" | "placeholders">>
): Promise<Plan> {
  const {packages, copies, placeholders} = options;
  const required = await dependencyNames(root);
  const bundles = new Map<string, string>();
  for (const name of packages) {
    const version = await installedVersion(root, name);
    if (version !== undefined) bundles.set(name, version);
    else if (required.has(name)) {
      throw new Error(`npm cache: ${name} is a dependency in package.json but is not in node_modules (fix: run npm install)`);
    }
  }
  const copied: [string, string][] = [];
  for (const [name, files] of Object.entries(copies)) {
    const version = bundles.get(name);
    if (version === undefined) continue;
    for (const file of files) {
      const from = join(root, "node_modules", name, file);
      if (!existsSync(from)) throw new Error(`npm cache: ${name}@${version} has no ${file} (fix: reinstall ${name})`);
      copied.push([from, join(folderPath(npmRoot, name, version), file)]);
    }
  }
  const folders = new Map(Object.entries(placeholders).filter(([name]) => !bundles.has(name)));
  return {bundles, copies: copied, placeholders: folders};
}

/**
 * Bundles a package's browser ESM entry; imports of the other bundled packages stay imports, rewritten
 * to relative paths of their cached bundles so that the page loads one shared copy.
 */
async function bundlePackage(
  root: string,
  name: string,
  output: string,
  npmRoot: string,
  bundles: ReadonlyMap<string, string>,
  minify: boolean
): Promise<string> {
  const shared = new Map<string, string>();
  for (const [other, version] of bundles) {
    if (other === name) continue;
    shared.set(other, posixRelative(dirname(output), bundlePath(npmRoot, other, version)));
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [name],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    logLevel: "silent",
    define: {"process.env.NODE_ENV": JSON.stringify("production")},
    plugins: [sharedPackages(root, shared)]
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`npm cache: esbuild produced no output for ${name}`);
  return file.text;
}

const SKIP = Symbol("goodhart-shared-skip");

function sharedPackages(root: string, shared: ReadonlyMap<string, string>): esbuild.Plugin {
  const names = [...shared.keys()].map((n) => n.replace(/[\\^$*+?.()|[\]{}/]/g, "\\$&"));
  return {
    name: "goodhart-shared-packages",
    setup(build) {
      if (names.length === 0) return;
      build.onResolve({filter: new RegExp(`^(?:${names.join("|")})$`)}, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === SKIP) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP
        });
        // A nested copy (a different version under some package's own node_modules) is bundled inline.
        const topLevel = realpathSync(join(root, "node_modules", args.path));
        if (resolved.errors.length > 0 || !resolved.path.startsWith(topLevel + sep)) return undefined;
        return {path: shared.get(args.path), external: true};
      });
    }
  };
}

async function removeOtherVersions(npmRoot: string, bundles: ReadonlyMap<string, string>): Promise<void> {
  for (const [name, version] of bundles) {
    for (const folder of await versionFolders(npmRoot, name)) {
      if (folder !== `${baseName(name)}@${version}`) await rm(join(scopeDir(npmRoot, name), folder), {recursive: true, force: true});
    }
  }
}

async function everyAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (!(await test(item))) return false;
  return true;
}

async function hasAnyVersion(npmRoot: string, name: string): Promise<boolean> {
  return (await versionFolders(npmRoot, name)).length > 0;
}

async function versionFolders(npmRoot: string, name: string): Promise<string[]> {
  const prefix = `${baseName(name)}@`;
  try {
    return (await readdir(scopeDir(npmRoot, name))).filter((entry) => entry.startsWith(prefix));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function installedVersion(root: string, name: string): Promise<string | undefined> {
  const text = await readText(join(root, "node_modules", name, "package.json"));
  if (text === undefined) return undefined;
  const pkg: unknown = JSON.parse(text);
  const version = isRecord(pkg) ? pkg.version : undefined;
  if (typeof version !== "string") throw new Error(`npm cache: node_modules/${name}/package.json has no version (fix: reinstall ${name})`);
  return version;
}

async function dependencyNames(root: string): Promise<Set<string>> {
  const text = await readText(join(root, "package.json"));
  const pkg: unknown = text === undefined ? {} : JSON.parse(text);
  const deps = isRecord(pkg) && isRecord(pkg.dependencies) ? pkg.dependencies : {};
  return new Set(Object.keys(deps));
}

function bundlePath(npmRoot: string, name: string, version: string): string {
  return join(folderPath(npmRoot, name, version), "_esm.js");
}

function folderPath(npmRoot: string, name: string, version: string): string {
  return join(scopeDir(npmRoot, name), `${baseName(name)}@${version}`);
}

function scopeDir(npmRoot: string, name: string): string {
  return name.startsWith("@") ? join(npmRoot, name.slice(0, name.indexOf("/"))) : npmRoot;
}

function baseName(name: string): string {
  return name.startsWith("@") ? name.slice(name.indexOf("/") + 1) : name;
}

function posixRelative(fromDir: string, to: string): string {
  const path = relative(fromDir, to).split(sep).join(posix.sep);
  return path.startsWith(".") ? path : `./${path}`;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
