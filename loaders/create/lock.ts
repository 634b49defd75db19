import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {relative, resolve} from "node:path";

/** A package-lock.json (lockfileVersion 3), as far as a starter's lock needs it. */
export interface Lock {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, Record<string, unknown>>;
}

export interface StarterLockOptions {
  /** the report's package name */
  name: string;
  /** the dependency on goodhart as package.json states it: "^0.2.0", or "file:<tarball>" */
  spec: string;
  /** the report's folder: a file: tarball's path is recorded relative to it */
  dir: string;
}

/**
 * A lock for a new report, made from goodhart's own lock: goodhart at node_modules/goodhart and its
 * dependency tree (dev-only entries left out) where goodhart's install put them. With it, `npm ci`
 * needs no registry metadata, only the tarballs npm's cache already holds, so a report installs
 * with the network cut wherever goodhart itself was installed.
 */
export function starterLock(goodhart: Lock, {name, spec, dir}: StarterLockOptions): Lock {
  const root = goodhart.packages[""];
  if (root === undefined || typeof root.version !== "string") throw new Error('goodhart\'s package-lock.json has no root entry (packages[""] with a version): reinstall goodhart');
  const {name: _name, devDependencies: _dev, ...entry} = root;
  const source = tarballSource(spec, dir, root.version);
  const packages: Lock["packages"] = {
    "": {name, dependencies: {goodhart: spec}},
    "node_modules/goodhart": {...entry, ...source}
  };
  for (const [path, pkg] of Object.entries(goodhart.packages)) if (path !== "" && pkg.dev !== true) packages[path] = withResolved(path, pkg);
  return {name, lockfileVersion: 3, requires: true, packages};
}

/**
 * The entry with its registry tarball URL. npm 11 leaves `resolved` out of registry entries, and
 * without it npm asks the registry for the package's metadata, which fails offline; npm's cache
 * holds each tarball under this URL.
 */
function withResolved(path: string, pkg: Record<string, unknown>): Record<string, unknown> {
  if (pkg.resolved !== undefined || pkg.inBundle === true || pkg.link === true || typeof pkg.version !== "string") return pkg;
  const name = typeof pkg.name === "string" ? pkg.name : path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  return {...pkg, resolved: `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${pkg.version}.tgz`};
}

/** Where npm gets goodhart: a local tarball (with its integrity) or the registry. */
function tarballSource(spec: string, dir: string, version: string): Record<string, string> {
  if (!spec.startsWith("file:")) return {resolved: `https://registry.npmjs.org/goodhart/-/goodhart-${version}.tgz`};
  const path = resolve(dir, spec.slice("file:".length));
  const integrity = `sha512-${createHash("sha512").update(readFileSync(path)).digest("base64")}`;
  return {resolved: `file:${relative(dir, path).split("\\").join("/")}`, integrity};
}
