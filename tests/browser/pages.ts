import {readdirSync} from "node:fs";
import {join, relative, sep} from "node:path";

/** One page of a built site. */
export interface SitePage {
  /** Name for reports and screenshots: `index`, `environment`, `runs/index`. */
  readonly name: string;
  /** Clean URL path: `/`, `/environment`, `/runs/`. */
  readonly path: string;
  /** The HTML file. */
  readonly file: string;
}

/**
 * Every page of a built Framework site: the `.html` files under root, recursively, except those
 * in folders whose name starts with `_` (Framework's assets) and the top-level 404.html.
 */
export function discoverPages(root: string): SitePage[] {
  const pages: SitePage[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith("_")) walk(file);
      } else if (entry.isFile() && entry.name.endsWith(".html")) {
        const name = relative(root, file).split(sep).join("/").slice(0, -".html".length);
        if (name === "404") continue;
        pages.push({name, path: cleanPath(name), file});
      }
    }
  };
  walk(root);
  return pages.sort((a, b) => a.name.localeCompare(b.name));
}

function cleanPath(name: string): string {
  if (name === "index") return "/";
  if (name.endsWith("/index")) return `/${name.slice(0, -"index".length)}`;
  return `/${name}`;
}
