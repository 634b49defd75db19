import {readFileSync} from "node:fs";
import {dirname, join, normalize, relative} from "node:path";
import {importGraph} from "../../scripts/lib/loader-deps.ts";

/*
 * The layering rule of loaders/: layers bottom to top (loaders/layers.json); a module may import
 * modules of its own layer (other folders of it included) or of a lower one, never of a higher one,
 * and the imports form no cycle. The graph is esbuild's metafile over every module, plus the
 * `import type` lines esbuild erases before it resolves anything.
 */

/** Each layer's entries, bottom first: a top-level file ("cli.ts") or a folder ("io/"). */
export const layers: readonly (readonly string[])[] = JSON.parse(readFileSync(new URL("../../loaders/layers.json", import.meta.url), "utf8")).layers;

/** Layer of a path relative to loaders/ (undefined when no entry names it). */
export function layerOf(path: string): number | undefined {
  const index = layers.findIndex((entries) => entries.some((e) => (e.endsWith("/") ? path.startsWith(e) : path === e)));
  return index < 0 ? undefined : index;
}

/** Module -> the modules it imports, all relative to `dir`. */
export type Graph = Map<string, Set<string>>;

/** The import graph of every .ts module under `dir` (a folder of `root`), runtime and type-only imports. */
export async function loadersGraph(root: string, dir: string, modules: readonly string[]): Promise<Graph> {
  const inputs = await importGraph(root, modules.map((m) => join(dir, m)));
  const graph: Graph = new Map(modules.map((m) => [m, new Set<string>()]));
  const inDir = (path: string) => (path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined);
  for (const [file, {imports}] of Object.entries(inputs)) {
    const from = inDir(file);
    if (from === undefined) continue;
    for (const {path, external} of imports) {
      const to = external ? undefined : inDir(path);
      if (to !== undefined) graph.get(from)?.add(to);
    }
  }
  for (const from of modules) {
    const source = readFileSync(join(root, dir, from), "utf8");
    for (const [, spec] of source.matchAll(/^\s*(?:import|export) type\b[^;]*?from\s+"(\.[^"]+)"/gm)) {
      const to = relative(join(root, dir), normalize(join(root, dir, dirname(from), spec)));
      if (!to.startsWith("..")) graph.get(from)?.add(to);
    }
  }
  return graph;
}

/** One line per module that no layer names, and per import of a higher layer. */
export function layerViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph) {
    const own = layerOf(from);
    if (own === undefined) {
      out.push(`loaders/${from} is in no layer: add it (or its folder) to loaders/layers.json`);
      continue;
    }
    for (const to of imports) {
      const theirs = layerOf(to);
      if (theirs !== undefined && theirs > own) out.push(`loaders/${from} (layer ${own}) imports loaders/${to} (layer ${theirs}, higher)`);
    }
  }
  return out.sort();
}

/** Every import cycle, each once, as the modules along it ("a -> b -> a"), each prefixed with `prefix`. */
export function cycles(graph: Graph, prefix = "loaders/"): string[] {
  const found = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") {
        const loop = stack.slice(stack.indexOf(next));
        const start = loop.indexOf([...loop].sort()[0]);
        found.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].map((m) => `${prefix}${m}`).join(" -> "));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...found].sort();
}
