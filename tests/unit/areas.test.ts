import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {dirname, join, normalize, relative, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {test} from "node:test";
import {importGraph} from "../../scripts/lib/loader-deps.ts";
import {listFiles} from "../../scripts/lib/list-files.ts";
import {cycles} from "./layers.ts";
import type {Graph} from "./layers.ts";

// The layering rule beyond loaders/ (loaders/layers.json "areas"): the engine and the build library
// it ships at the bottom, the chart components above them, then the report's loaders and docs, the
// scripts, the bench and the browser-test harness, the tests on top. A file imports its own area or a
// lower one, never a higher one, and no import cycle crosses the repository. The graph is esbuild's
// metafile over every source (goodhart's own entry points followed to their files), plus the
// `import type` lines esbuild erases.

const root = fileURLToPath(new URL("../..", import.meta.url));
const spec = JSON.parse(readFileSync(join(root, "loaders/layers.json"), "utf8")) as {areas: string[][]};
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {name: string; exports: Record<string, string | {types?: string}>};

/** The area (index, bottom first) of a path relative to the root: its longest matching prefix; undefined when none. */
export function areaOf(path: string, areas: readonly (readonly string[])[] = spec.areas): number | undefined {
  let best: {area: number; length: number} | undefined;
  areas.forEach((entries, area) => {
    for (const e of entries) {
      const hit = e.endsWith("/") ? path.startsWith(e) : path === e;
      if (hit && (!best || e.length > best.length)) best = {area, length: e.length};
    }
  });
  return best?.area;
}

/** One line per file in no area, and per import of a higher area. */
export function areaViolations(graph: Graph, areas: readonly (readonly string[])[] = spec.areas): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph) {
    const own = areaOf(from, areas);
    if (own === undefined) {
      out.push(`${from} is in no area: add it (or its folder) to loaders/layers.json "areas"`);
      continue;
    }
    for (const to of imports) {
      const theirs = areaOf(to, areas);
      if (theirs !== undefined && theirs > own) out.push(`${from} (area ${own}) imports ${to} (area ${theirs}, higher)`);
    }
  }
  return out.sort();
}

/** The file a type-only import names: a relative path, or goodhart's own entry point by its "types" file. */
function typeTarget(from: string, specifier: string): string | undefined {
  if (specifier.startsWith(".")) return relative(root, normalize(join(root, dirname(from), specifier))).split(sep).join("/");
  if (specifier !== pkg.name && !specifier.startsWith(`${pkg.name}/`)) return undefined;
  const entry = pkg.exports[`.${specifier.slice(pkg.name.length)}`];
  const file = typeof entry === "string" ? entry : entry?.types;
  return file === undefined ? undefined : normalize(file).split(sep).join("/");
}

async function repositoryGraph(): Promise<Graph> {
  const skip = [".observablehq", "node_modules", "examples"];
  const files: string[] = ["observablehq.config.ts"];
  for (const dir of ["loaders", "scripts", "bench", "src", "bin", "tests"]) {
    files.push(...(await listFiles(join(root, dir), {skip})).map((f) => relative(root, f).split(sep).join("/")).filter((f) => /\.(ts|js)$/.test(f)));
  }
  const graph: Graph = new Map(files.map((f) => [f, new Set<string>()]));
  for (const [file, {imports}] of Object.entries(await importGraph(root, files))) {
    for (const {path, external} of imports) if (!external && graph.has(file) && !path.includes("node_modules")) graph.get(file)!.add(path);
  }
  for (const file of files) {
    for (const [, specifier] of readFileSync(join(root, file), "utf8").matchAll(/^\s*(?:import|export) type\b[^;]*?from\s+"([^"]+)"/gm)) {
      const to = typeTarget(file, specifier!);
      if (to !== undefined && existsSync(join(root, to))) graph.get(file)!.add(to);
    }
  }
  return graph;
}

const graph = await repositoryGraph();

test("every source of the repository is in an area and imports none of a higher one", () => {
  const violations = areaViolations(graph);
  assert.deepEqual(violations, [], `upward imports:\n${violations.join("\n")}`);
});

test("no import cycle crosses the repository", () => {
  const found = cycles(graph, "");
  assert.deepEqual(found, [], `import cycles:\n${found.join("\n")}`);
});

test("the graph is read: a report loader reaches the engine through goodhart, a component its types, the bench the engine", () => {
  const reaches = (from: string, prefix: string) => [...(graph.get(from) ?? [])].some((to) => to.startsWith(prefix));
  assert.ok(reaches("src/data/overoptimization.zip.ts", "loaders/"), "src/data -> loaders through goodhart/loader");
  assert.ok(reaches("src/components/rows.ts", "loaders/"), "a type-only import of goodhart counts");
  assert.ok(reaches("bench/index.ts", "loaders/"));
  assert.ok(reaches("tests/unit/areas.test.ts", "scripts/lib/"));
});

test("the check names a planted upward import and a file in no area", () => {
  const areas = [["loaders/"], ["src/components/"], ["tests/"]];
  const planted: Graph = new Map([
    ["loaders/io/x.ts", new Set(["src/components/charts.ts"])],
    ["src/components/charts.ts", new Set(["loaders/io/x.ts"])],
    ["misc/y.ts", new Set<string>()]
  ]);
  assert.deepEqual(areaViolations(planted, areas), ["loaders/io/x.ts (area 0) imports src/components/charts.ts (area 1, higher)", 'misc/y.ts is in no area: add it (or its folder) to loaders/layers.json "areas"']);
  assert.equal(areaOf("tests/browser/check.ts", spec.areas), 2, "the longest prefix wins");
  assert.equal(areaOf("tests/unit/x.test.ts", spec.areas), 3);
});
