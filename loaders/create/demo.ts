import {existsSync, readdirSync} from "node:fs";
import {cp, mkdir, readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";

/*
 * `goodhart create <dir> --demo`: goodhart's own demo report (its pages, loaders, specs, logs and
 * records), copied from the installed package. The pages import the chart components from
 * src/components/index.ts in goodhart's repository; in a report they come from goodhart/components.
 */

/** The folders and files of the demo report, relative to goodhart's package folder (package.json "files" ships them). */
export const demoPaths = ["src/data", "data/experiments", "data/reseed", "data/logs", "data/bench"] as const;

/**
 * A page's imports of ./components/index.js (the source of goodhart/components, which goodhart's own
 * pages import so that they use its public entry point only) as imports of goodhart/components.
 */
export function componentImports(page: string): string {
  const deep = /^import [^;]*? from "(\.\/components\/(?!index\.js")[^"]+)";$/m.exec(page);
  if (deep) throw new Error(`goodhart create --demo: a page imports ${deep[1]}, not goodhart/components' entry point: import it from ./components/index.js (src/components/index.ts exports it)`);
  return page.replaceAll('from "./components/index.js"', 'from "goodhart/components"');
}

/** The docs pages (`src/docs/<page>.md`) a page links as `./docs/<page>` or, inside the docs, `./<page>`. */
export function docsLinks(page: string, inDocs = false): string[] {
  const pattern = inDocs ? /\]\(\.\/([\w-]+)(?:#[^)]*)?\)/g : /\]\(\.\/docs\/([\w-]+)(?:#[^)]*)?\)/g;
  return [...new Set([...page.matchAll(pattern)].map((m) => m[1]!))];
}

/**
 * The docs pages the demo's pages link, with the docs those link in turn: plain Markdown that ships
 * in goodhart's package (src/docs/*.md), copied so that every link of a demo page resolves in the
 * demo's own site. The generated docs pages (Specs, API) are linked from no page.
 */
async function copyLinkedDocs(packageRoot: string, target: string, pages: readonly string[]): Promise<void> {
  const queue = pages.flatMap((page) => docsLinks(page));
  const copied = new Set<string>();
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (copied.has(name)) continue;
    const from = join(packageRoot, "src", "docs", `${name}.md`);
    if (!existsSync(from)) throw new Error(`goodhart create --demo: a demo page links ./docs/${name}, which goodhart's package does not ship as src/docs/${name}.md (add it to package.json "files")`);
    const text = await readFile(from, "utf8");
    await mkdir(join(target, "src", "docs"), {recursive: true});
    await writeFile(join(target, "src", "docs", `${name}.md`), text);
    copied.add(name);
    queue.push(...docsLinks(text, true));
  }
}

/** Copies the demo report from `packageRoot` into `target`: pages with their imports rewritten, the docs pages they link, loaders, specs, logs, records and the site config titled `name`. */
export async function copyDemo(packageRoot: string, target: string, name: string): Promise<void> {
  const src = join(packageRoot, "src");
  await mkdir(join(target, "src"), {recursive: true});
  const pages: string[] = [];
  for (const page of readdirSync(src).filter((f) => f.endsWith(".md"))) {
    const text = await readFile(join(src, page), "utf8");
    pages.push(text);
    await writeFile(join(target, "src", page), componentImports(text));
  }
  await copyLinkedDocs(packageRoot, target, pages);
  for (const path of demoPaths) {
    if (!existsSync(join(packageRoot, path))) throw new Error(`goodhart create --demo: ${path} is missing from goodhart's package (${packageRoot}): reinstall goodhart`);
    await cp(join(packageRoot, path), join(target, path), {recursive: true});
  }
  const config = await readFile(join(packageRoot, "observablehq.config.ts"), "utf8");
  await writeFile(join(target, "observablehq.config.ts"), config.replace(/title: "goodhart"/, `title: ${JSON.stringify(name)}`));
}
