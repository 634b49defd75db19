// Sets up the `tensorflow` backend (@tensorflow/tfjs-node) with nothing but the npm registry.
//
// tfjs-node's own install script downloads libtensorflow from Google's storage; goodhart's
// package.json denies that script (allowScripts) so that `npm ci` stays clean offline, and this
// module runs the routes itself, first that works:
//   1. a binding that already loads (installed by tfjs-node's script, or by an earlier setup): kept as is;
//   2. the cache of an earlier build with the same versions (a second `npm ci` costs a copy);
//   3. tfjs-node's own install script (the official route; needs Google's storage; fails fast offline);
//   4. the registry route: libtensorflow 1.15.0 (linux-x64, CPU) and its C headers from the npm
//      package tfjs-node-lambda-releases (a peer dependency, locked with its integrity), and
//      the N-API binding compiled with the node-gyp that ships inside npm.
import {spawnSync} from "node:child_process";
import {createHash} from "node:crypto";
import {copyFileSync, createReadStream, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {homedir} from "node:os";
import {delimiter, dirname, join, resolve} from "node:path";
import {createBrotliDecompress} from "node:zlib";
import {extractTar} from "./untar.ts";

/** The exact versions the registry route is built from (package.json pins the same). */
export const PINS = {
  tfjsNode: "4.22.0",
  releases: "1.6.1",
  /** the release inside tfjs-node-lambda-releases holding tfjs-node 2.7.0 with libtensorflow 1.15.0 */
  archive: "nodejs12.x-tf2.7.0.br",
  napi: 8
} as const;

const ARCHIVE_DEPS = "node_modules/@tensorflow/tfjs-node/deps/";

// TF 1.15's C API predates TF_TString, which tfjs-node 4's binding uses for string tensors. This
// stub lets the binding compile; goodhart uses numeric tensors only (string tensors do not work).
const TSTRING_STUB = `// goodhart: stub for libtensorflow 1.15, which has no TF_TString (string tensors unsupported).
#ifndef GOODHART_CTSTRING_INTERNAL_H_
#define GOODHART_CTSTRING_INTERNAL_H_
#include <stdlib.h>
#include <string.h>
typedef struct TF_TString { char *data; size_t size; } TF_TString;
static inline void TF_TString_Init(TF_TString *s) { s->data = NULL; s->size = 0; }
static inline void TF_TString_Copy(TF_TString *s, const char *src, size_t n) {
  s->data = (char *)malloc(n ? n : 1); memcpy(s->data, src, n); s->size = n;
}
static inline const char *TF_TString_GetDataPointer(const TF_TString *s) { return s->data; }
static inline size_t TF_TString_GetSize(const TF_TString *s) { return s->size; }
static inline void TF_TString_Dealloc(TF_TString *s) { free(s->data); s->data = NULL; s->size = 0; }
#endif
`;

export interface SetupOptions {
  /** the project root holding node_modules (default: the current directory) */
  root?: string;
  /** environment read for GOODHART_* settings and PATH (default: process.env) */
  env?: NodeJS.ProcessEnv;
  /** where built bindings are kept between installs (default: $GOODHART_TENSORFLOW_CACHE, else $XDG_CACHE_HOME/goodhart/tensorflow, else ~/.cache/goodhart/tensorflow) */
  cacheDir?: string;
}

export interface SetupResult {
  /** true when a tensorflow binding loads after setup */
  ready: boolean;
  /** which route made it: "installed", "cache", "official", "registry", or "none" */
  route: "installed" | "cache" | "official" | "registry" | "none";
  /** the one line to print */
  line: string;
}

/** Runs the routes in order and returns one line saying what happened; never throws. */
export async function setupTensorflow({root = process.cwd(), env = process.env, cacheDir}: SetupOptions = {}): Promise<SetupResult> {
  const fallback = (reason: string): SetupResult => ({ready: false, route: "none", line: `goodhart: tensorflow backend not set up (${reason}); goodhart computes on wasm`});
  if (env.GOODHART_SKIP_TENSORFLOW === "1") return fallback("GOODHART_SKIP_TENSORFLOW=1");
  const pkg = join(root, "node_modules/@tensorflow/tfjs-node");
  if (!existsSync(join(pkg, "package.json"))) return fallback("@tensorflow/tfjs-node is not installed: optional dependencies omitted?");
  try {
    const installed = bindingVersion(pkg, env);
    if (installed.ok) return {ready: true, route: "installed", line: `goodhart: tensorflow backend ready (the installed binding loads: libtensorflow ${installed.version})`};

    const version = packageVersion(pkg);
    if (version !== PINS.tfjsNode) return fallback(`@tensorflow/tfjs-node is ${version}, the registry route is built for ${PINS.tfjsNode}`);
    const cache = join(cacheDir ?? defaultCacheDir(env), cacheKey());
    if (existsSync(join(cache, "ok.json"))) {
      restore(cache, pkg);
      const restored = bindingVersion(pkg, env);
      if (restored.ok) return {ready: true, route: "cache", line: `goodhart: tensorflow backend ready (libtensorflow ${restored.version}, restored from ${cache})`};
      rmSync(cache, {recursive: true, force: true}); // a broken cache entry: rebuild it
    }

    cleanBuild(pkg);
    const official = env.GOODHART_TENSORFLOW_OFFICIAL === "0" ? "GOODHART_TENSORFLOW_OFFICIAL=0" : runOfficialInstall(pkg, env);
    if (official === null) {
      const loaded = bindingVersion(pkg, env);
      if (loaded.ok) return {ready: true, route: "official", line: `goodhart: tensorflow backend ready (tfjs-node's install script downloaded libtensorflow ${loaded.version})`};
    }
    cleanBuild(pkg);

    const releases = join(root, "node_modules/tfjs-node-lambda-releases");
    if (!existsSync(join(releases, PINS.archive))) return fallback("tfjs-node-lambda-releases is not installed: npm ci --omit=peer?");
    if (packageVersion(releases) !== PINS.releases) return fallback(`tfjs-node-lambda-releases is ${packageVersion(releases)}, expected ${PINS.releases}`);
    const missing = missingToolchain(env);
    if (missing) return fallback(missing);

    const start = performance.now();
    await extractDeps(join(releases, PINS.archive), join(pkg, "deps"));
    compileBinding(pkg, env);
    const built = bindingVersion(pkg, env);
    if (!built.ok) return fallback(`the compiled binding does not load: ${built.reason}`);
    const seconds = ((performance.now() - start) / 1000).toFixed(0);
    const where = save(pkg, cache);
    return {ready: true, route: "registry", line: `goodhart: tensorflow backend built from the npm registry (libtensorflow ${built.version} from tfjs-node-lambda-releases@${PINS.releases}, ${seconds} s; ${where})`};
  } catch (error) {
    return fallback(oneLine(error));
  }
}

/** The cache folder's name: every input of the build, so that a changed input never reuses a stale build. */
export function cacheKey(): string {
  const stub = createHash("sha256").update(TSTRING_STUB).digest("hex").slice(0, 8);
  return `tfjs-node-${PINS.tfjsNode}_releases-${PINS.releases}_${PINS.archive.replace(/\.br$/, "")}_${process.platform}-${process.arch}_napi-${PINS.napi}_stub-${stub}`;
}

function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.GOODHART_TENSORFLOW_CACHE) return resolve(env.GOODHART_TENSORFLOW_CACHE);
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "goodhart", "tensorflow");
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {version?: string}).version ?? "unknown";
}

/** Loads the binding in a child process (a broken one may crash) and reads libtensorflow's version. */
export function bindingVersion(pkg: string, env: NodeJS.ProcessEnv = process.env): {ok: true; version: string} | {ok: false; reason: string} {
  const binding = bindingPath(resolve(pkg));
  if (binding === null) return {ok: false, reason: "no compiled binding"};
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(require(process.argv[1]).TF_Version))", binding], {
    encoding: "utf8", env: {...env, TF_CPP_MIN_LOG_LEVEL: "2"}, timeout: 60_000
  });
  if (child.status === 0 && /^\d+\.\d+/.test(child.stdout)) return {ok: true, version: child.stdout};
  const error = /^\w*Error\b.*$/m.exec(child.stderr ?? "")?.[0];
  return {ok: false, reason: oneLine(error ?? (child.stderr || child.error || `exit ${child.status}`))};
}

/** The binding node-pre-gyp would load: lib/napi-v<N>/tfjs_binding.node with the highest N present. */
function bindingPath(pkg: string): string | null {
  const lib = join(pkg, "lib");
  if (!existsSync(lib)) return null;
  const versions = readdirSync(lib).map((name) => /^napi-v(\d+)$/.exec(name)).filter((m) => m !== null).map((m) => Number(m[1]));
  for (const v of versions.sort((a, b) => b - a)) {
    const file = join(lib, `napi-v${v}`, "tfjs_binding.node");
    if (existsSync(file)) return file;
  }
  return null;
}

/** Runs tfjs-node's own install script; null on success, else the reason in one line. */
function runOfficialInstall(pkg: string, env: NodeJS.ProcessEnv): string | null {
  const child = spawnSync(process.execPath, ["scripts/install.js"], {cwd: pkg, encoding: "utf8", env, timeout: 600_000});
  if (child.status === 0) return null;
  const text = `${child.stderr}\n${child.stdout}`;
  return oneLine(/getaddrinfo \w+ [\w.-]+|ECONNREFUSED|ETIMEDOUT|\b\d{3}\b[^\n]*status/.exec(text)?.[0] ?? (text.trim() || child.error || "failed"));
}

/** Removes what a failed attempt may have left, so the next route starts clean. */
function cleanBuild(pkg: string): void {
  for (const dir of ["deps", "build", `lib/napi-v${PINS.napi}`]) rmSync(join(pkg, dir), {recursive: true, force: true});
}

/** Why the binding cannot be compiled here (null when it can): g++, make, python3, Node's headers, node-gyp. */
export function missingToolchain(env: NodeJS.ProcessEnv): string | null {
  const cxx = env.CXX || "g++";
  if (!onPath(cxx, env)) return `no C++ compiler: ${cxx} is not on PATH`;
  if (!onPath("make", env)) return "make is not on PATH";
  if (!onPath("python3", env) && !onPath("python", env)) return "python3 is not on PATH (node-gyp needs it)";
  if (!existsSync(join(nodeDir(), "include/node/node_api.h"))) return `Node's C headers are not in ${nodeDir()}/include/node`;
  if (nodeGyp(env) === null) return "npm's bundled node-gyp was not found";
  return null;
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  if (command.includes("/")) return existsSync(command);
  return (env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, command)));
}

/** The prefix Node was installed under (/usr for /usr/bin/node): its headers are in include/node. */
function nodeDir(): string {
  return resolve(dirname(process.execPath), "..");
}

/** node-gyp's entry point: the one npm passes to scripts, else the one inside the npm next to this Node. */
function nodeGyp(env: NodeJS.ProcessEnv): string | null {
  const candidates = [
    env.npm_config_node_gyp,
    env.npm_execpath && join(dirname(env.npm_execpath), "../node_modules/node-gyp/bin/node-gyp.js"),
    join(nodeDir(), "lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js")
  ];
  return candidates.find((file): file is string => typeof file === "string" && file !== "" && existsSync(file)) ?? null;
}

/** Streams the brotli-compressed tar and writes only tfjs-node's deps/ (libtensorflow + headers), plus the stub header. */
async function extractDeps(archive: string, deps: string): Promise<void> {
  rmSync(deps, {recursive: true, force: true});
  mkdirSync(deps, {recursive: true});
  const written = await extractTar(createReadStream(archive).pipe(createBrotliDecompress()), {prefix: ARCHIVE_DEPS, dest: deps});
  if (written === 0) throw new Error(`${PINS.archive} holds nothing under ${ARCHIVE_DEPS}`);
  if (!existsSync(join(deps, "lib/libtensorflow.so")) || !existsSync(join(deps, "include/tensorflow/c/c_api.h"))) {
    throw new Error(`${PINS.archive} holds no libtensorflow.so and C headers under ${ARCHIVE_DEPS}`);
  }
  const stub = join(deps, "include/tensorflow/core/platform/ctstring_internal.h");
  mkdirSync(dirname(stub), {recursive: true});
  writeFileSync(stub, TSTRING_STUB);
}

/** Compiles lib/napi-v8/tfjs_binding.node against deps/ with npm's node-gyp and Node's installed headers. */
function compileBinding(pkg: string, env: NodeJS.ProcessEnv): void {
  const gyp = nodeGyp(env)!;
  const args = [gyp, "rebuild", `--nodedir=${nodeDir()}`, "-j", "2", "--module_name=tfjs_binding", `--module_path=${join(pkg, "lib", `napi-v${PINS.napi}`)}`, `--napi_build_version=${PINS.napi}`];
  const child = spawnSync(process.execPath, args, {cwd: pkg, encoding: "utf8", env});
  if (child.status !== 0) {
    const error = /error:[^\n]*|Error:[^\n]*/.exec(child.stderr ?? "")?.[0] ?? `node-gyp exited with ${child.status}`;
    throw new Error(`compiling the binding failed: ${error}`);
  }
  rmSync(join(pkg, "build"), {recursive: true, force: true}); // 1 MB of objects nobody needs
}

/** Copies deps/ and the binding into the cache (atomically: a half-written entry is never used); returns where. */
function save(pkg: string, cache: string): string {
  const tmp = `${cache}.tmp-${process.pid}`;
  try {
    rmSync(tmp, {recursive: true, force: true});
    mirror(join(pkg, "deps"), join(tmp, "deps"));
    mirror(join(pkg, "lib", `napi-v${PINS.napi}`), join(tmp, `napi-v${PINS.napi}`));
    writeFileSync(join(tmp, "ok.json"), JSON.stringify({key: cacheKey(), built: new Date().toISOString()}) + "\n");
    rmSync(cache, {recursive: true, force: true});
    renameSync(tmp, cache);
    return `cached in ${cache}`;
  } catch (error) {
    rmSync(tmp, {recursive: true, force: true});
    return `not cached: ${oneLine(error)}`;
  }
}

function restore(cache: string, pkg: string): void {
  cleanBuild(pkg);
  mirror(join(cache, "deps"), join(pkg, "deps"));
  mirror(join(cache, `napi-v${PINS.napi}`), join(pkg, "lib", `napi-v${PINS.napi}`));
}

/** Copies a tree, hard-linking files where the file system allows (no second 250 MB copy) and keeping symlinks. */
function mirror(from: string, to: string): void {
  mkdirSync(to, {recursive: true});
  for (const name of readdirSync(from)) {
    const [src, dest] = [join(from, name), join(to, name)];
    const stat = lstatSync(src);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(src), dest);
    else if (stat.isDirectory()) mirror(src, dest);
    else {
      try {
        linkSync(src, dest);
      } catch {
        copyFileSync(src, dest);
      }
    }
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "unknown error";
  return line.length > 160 ? line.slice(0, 157) + "..." : line;
}
