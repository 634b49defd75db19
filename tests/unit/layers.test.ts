import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {relative} from "node:path";
import {fileURLToPath} from "node:url";
import {test} from "node:test";
import {listFiles} from "../../scripts/lib/list-files.ts";
import {cycles, layerViolations, layers, loadersGraph} from "./layers.ts";
import type {Graph} from "./layers.ts";

// The rule (loaders/layers.json, README "Layout"): layers bottom to top
//   0 random.ts tf.ts spec-validators.ts version.ts io/ backend/; 1 worlds/; 2 policy/ reward/; 3 optimize/;
//   4 analysis/; 5 run/ measure/ import/; 6 cli.ts index.ts.
// A module imports its own layer (other folders of it too) or lower ones, never a higher one; no cycles.

const root = fileURLToPath(new URL("../..", import.meta.url));
const modules = (await listFiles(`${root}/loaders`)).filter((f) => f.endsWith(".ts")).map((f) => relative(`${root}/loaders`, f)).sort();
const graph = await loadersGraph(root, "loaders", modules);

test("every module of loaders/ is in a layer and imports none of a higher layer", () => {
  const violations = layerViolations(graph);
  assert.deepEqual(violations, [], `upward imports:\n${violations.join("\n")}`);
});

test("loaders/ has no import cycle", () => {
  const found = cycles(graph);
  assert.deepEqual(found, [], `import cycles:\n${found.join("\n")}`);
});

test("the graph is read: run/ reaches io/, cli.ts reaches run/", () => {
  assert.ok(graph.get("run/experiment.ts")?.has("io/schema/index.ts"));
  assert.ok(graph.get("cli.ts")?.has("run/experiment.ts"));
  assert.ok(graph.get("analysis/rl-summary.ts")?.has("io/schema/index.ts"), "type-only imports count");
});

test("the checks name both files of a planted upward import and of a cycle", () => {
  const planted: Graph = new Map([
    ["worlds/feature-world.ts", new Set(["run/config.ts", "random.ts"])],
    ["run/config.ts", new Set(["worlds/feature-world.ts"])],
    ["random.ts", new Set()]
  ]);
  assert.deepEqual(layerViolations(planted), ["loaders/worlds/feature-world.ts (layer 1) imports loaders/run/config.ts (layer 5, higher)"]);
  assert.deepEqual(cycles(planted), ["loaders/run/config.ts -> loaders/worlds/feature-world.ts -> loaders/run/config.ts"]);
  assert.deepEqual(layerViolations(new Map([["misc/x.ts", new Set<string>()]])), ["loaders/misc/x.ts is in no layer: add it (or its folder) to loaders/layers.json"]);
});

test("README's Layout lists the same layers as loaders/layers.json", () => {
  const readme = readFileSync(`${root}/README.md`, "utf8");
  const section = readme.slice(readme.indexOf("## Layout"), readme.indexOf("\n## ", readme.indexOf("## Layout") + 1));
  const listed = [...section.matchAll(/^(\d+)\. (.+)$/gm)].map(([, n, line]) => ({n: Number(n), entries: [...line.matchAll(/`([^`]+)`/g)].map(([, e]) => e)}));
  assert.deepEqual(listed.map((l) => l.n), layers.map((_, i) => i));
  assert.deepEqual(listed.map((l) => l.entries), layers);
});
