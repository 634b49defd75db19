import {readdirSync, statSync} from "node:fs";
import {basename, join, relative} from "node:path";

/**
 * Files as given, and the logs under each folder given (recursively, in name order, numbers by value:
 * step_4 before step_12), named by their path under it. A path that does not exist is returned as a
 * file, so that reading it reports the error.
 */
export function expandLogPaths(paths: readonly string[], isLogName: (name: string) => boolean): {path: string; name: string}[] {
  return paths.flatMap((path) => {
    if (!statSync(path, {throwIfNoEntry: false})?.isDirectory()) return [{path, name: basename(path)}];
    const under = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name, "en", {numeric: true})).flatMap((e) => (e.isDirectory() ? under(join(dir, e.name)) : e.isFile() && isLogName(e.name) ? [join(dir, e.name)] : []));
    return under(path).map((file) => ({path: file, name: relative(path, file)}));
  });
}
