import {existsSync, readFileSync, readdirSync} from "node:fs";
import {cp, mkdir, readFile, rename, writeFile} from "node:fs/promises";
import {basename, join, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {listFiles} from "../../scripts/lib/list-files.ts";
import {copyDemo} from "./demo.ts";
import {starterLock} from "./lock.ts";
import type {Lock} from "./lock.ts";
import {propertyOf} from "../narrow.ts";

/** goodhart's package folder (where its package.json is). */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What a new report starts from: a small experiment, a folder of logs, or goodhart's full demo report. */
export const templates = ["starter", "import", "demo"] as const;
export type Template = (typeof templates)[number];

export interface CreateOptions {
  /** what to start from (default "starter") */
  template?: Template;
  /** the dependency on goodhart in package.json (default "^<this version>"; "file:<tarball>" for a packed goodhart) */
  goodhart?: string;
  /** talk (default: stderr) */
  log?: (line: string) => void;
}

/**
 * Scaffolds a report in `dir` (which must be missing or empty): package.json depending on goodhart,
 * a package-lock.json that installs offline, observablehq.config.ts, pages, a loader, a spec or a
 * folder of logs (the demo: every page, loader, spec and log of goodhart's own report), README,
 * .gitignore and .ci/run. Returns the files written, relative to `dir`.
 */
export async function createReport(dir: string, {template = "starter", goodhart, log = (line) => process.stderr.write(`${line}\n`)}: CreateOptions = {}): Promise<string[]> {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`goodhart create: ${dir} is not empty (expected a new or empty folder, so nothing is overwritten)`);
  const version = String(propertyOf(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")), "version"));
  const spec = goodhart ?? `^${version}`;
  const name = packageName(basename(target));
  await mkdir(target, {recursive: true});
  // What every report has (config, .ci/run, .gitignore, data/logs/), then the template's own files.
  await cp(join(packageRoot, "templates", "common"), target, {recursive: true});
  await cp(join(packageRoot, "templates", template), target, {recursive: true});
  if (template === "demo") await copyDemo(packageRoot, target, name);
  // npm pack drops files named .gitignore: the templates keep it as gitignore.
  if (existsSync(join(target, "gitignore"))) await rename(join(target, "gitignore"), join(target, ".gitignore"));
  for (const file of await filesUnder(target)) {
    if (!/\.(md|ts|json)$/.test(file)) continue;
    const text = await readFile(join(target, file), "utf8");
    if (text.includes("__NAME__")) await writeFile(join(target, file), text.replaceAll("__NAME__", name));
  }
  const pkg = {
    name,
    private: true,
    type: "module",
    scripts: {build: "goodhart build", dev: "goodhart preview", test: "goodhart build"},
    dependencies: {goodhart: spec}
  };
  await writeFile(join(target, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(join(target, "package-lock.json"), `${JSON.stringify(starterLock(readGoodhartLock(), {name, spec, dir: target}), null, 2)}\n`);
  const files = await filesUnder(target);
  log(`goodhart create: wrote ${files.length} files to ${dir} (${template}); next: cd ${dir} && npm ci && npm run build`);
  return files;
}

/** goodhart's lock: packed as templates/package-lock.json (npm pack leaves package-lock.json out), else the repository's. */
function readGoodhartLock(): Lock {
  const packed = join(packageRoot, "templates", "package-lock.json");
  return JSON.parse(readFileSync(existsSync(packed) ? packed : join(packageRoot, "package-lock.json"), "utf8")) as Lock;
}

/** A valid npm package name from a folder name: lower case, [a-z0-9-._] only. */
export function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|-+$/g, "");
  return name.length > 0 ? name : "report";
}

/** Every file under `dir`, relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await listFiles(dir)).map((file) => relative(dir, file).split(sep).join("/")).sort();
}
