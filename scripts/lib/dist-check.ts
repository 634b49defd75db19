import {readFile} from "node:fs/promises";
import {extname, join, relative, sep} from "node:path";
import {listFiles} from "./list-files.ts";

/** Hosts whose appearance in the site's own code means it would fetch from the network. */
export const CDN_HOSTS: readonly string[] = ["cdn.jsdelivr.net", "fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com", "esm.sh", "registry.npmjs.org", "extensions.duckdb.org"];

export interface CheckDistOptions {
  /** Hosts that must not appear outside bundled npm libraries; default CDN_HOSTS. */
  hosts?: readonly string[];
}

/**
 * Problems in a built site, one line each: pages that render a compile error cell (Framework still
 * exits 0), and resources loaded from another origin (scripts, stylesheets, images, imports, CDN hosts).
 * Library code under _npm/ is only checked for imports: duckdb-wasm, say, names jsDelivr in a helper
 * that Framework never calls. Links (<a href>) may point anywhere.
 */
export async function checkDist(dir: string, options: CheckDistOptions = {}): Promise<string[]> {
  const {hosts = CDN_HOSTS} = options;
  const problems: string[] = [];
  for (const file of await listFiles(dir)) {
    const ext = extname(file);
    if (![".html", ".js", ".css"].includes(ext)) continue;
    const path = relative(dir, file).split(sep).join("/");
    const text = await readFile(file, "utf8");
    const library = path.startsWith("_npm/");
    if (ext === ".html") {
      for (const [, message] of text.matchAll(/class="observablehq--inspect observablehq--error">([^<]*)</g)) {
        problems.push(`dist/${path}: cell error: ${message}`);
      }
      for (const [tag] of text.matchAll(/<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["']?(?:https?:)?\/\/[^>]*>/gi)) {
        problems.push(`dist/${path}: loads from another origin: ${tag}`);
      }
    }
    if (ext === ".css") {
      for (const [found] of text.matchAll(/(?:@import\s+|url\(\s*)["']?(?:https?:)?\/\/[^"')\s;]+/gi)) {
        problems.push(`dist/${path}: loads from another origin: ${found}`);
      }
    }
    if (ext === ".js") {
      for (const [found] of text.matchAll(/\b(?:import|from)\s*\(?\s*["'`](?:https?:)?\/\/[^"'`]+/g)) {
        problems.push(`dist/${path}: imports from another origin: ${found}`);
      }
    }
    if (!library) {
      for (const host of hosts) if (text.includes(host)) problems.push(`dist/${path}: names ${host}`);
    }
  }
  return problems;
}

