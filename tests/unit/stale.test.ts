import assert from "node:assert/strict";
import {existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, relative} from "node:path";
import {after, test} from "node:test";
import {cachedOutputs, findLoaders, loaderTarget} from "../../scripts/lib/loader-files.ts";
import {formatStaleLoader, invalidateStaleLoaders} from "../../scripts/lib/stale.ts";

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, {recursive: true, force: true})));

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), {recursive: true});
  writeFileSync(join(root, path), text);
}

function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "goodhart-stale-"));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return root;
}

const CACHE = "src/.observablehq/cache";

const project = {
  "package.json": JSON.stringify({name: "p", version: "1.0.0", dependencies: {}}),
  "src/data/curve.json.ts": `import {curve} from "../../loaders/curve.ts";\nprocess.stdout.write(JSON.stringify(curve()));\n`,
  "loaders/curve.ts": `import {readFileSync} from "node:fs";\nimport {scale} from "./util/scale.ts";\nexport function curve() { return JSON.parse(readFileSync("data/experiments/overoptimization.json", "utf8")).n * scale; }\n`,
  "loaders/util/scale.ts": `export const scale = 2;\n`,
  "loaders/unused.ts": `export const unused = 1;\n`,
  "src/data/run-[id].arrow.ts": "import {spec} from \"../../loaders/specs.ts\";\nspec(process.argv[2]);\n",
  "loaders/specs.ts": "import {readFileSync} from \"node:fs\";\nexport const spec = (id: string) => readFileSync(`data/sweeps/${id}.json`, \"utf8\");\n",
  "src/data/bundle.zip.py": `print("data/experiments/overoptimization.json")\n`,
  "src/components/chart.ts": `export const chart = 1;\n`,
  "src/index.md": "# Home\n",
  "data/experiments/overoptimization.json": `{"n": 3}`,
  "data/experiments/robust.json": `{"n": 4}`,
  "data/sweeps/a.json": `{}`,
  "data/runs/cache.json": `{}`
};

function cacheOutputs(root: string): void {
  for (const path of ["data/curve.json", "data/run-a.arrow", "data/run-b.arrow", "data/bundle.zip", "data/bundle/member.csv", "_npm/d3@7.9.0/_esm.js", "data/other.json"]) {
    write(root, join(CACHE, path), "cached");
  }
}

async function staleNames(root: string): Promise<string[]> {
  return (await invalidateStaleLoaders(root)).map((s) => s.loader);
}

test("finds loaders by Framework's naming rules", async () => {
  const root = tempProject(project);
  assert.deepEqual(await findLoaders(root), ["src/data/bundle.zip.py", "src/data/curve.json.ts", "src/data/run-[id].arrow.ts"]);
  assert.equal(loaderTarget("src/data/x.tar.gz.sh"), "src/data/x.tar.gz");
  assert.equal(loaderTarget("src/components/chart.ts"), undefined);
  assert.equal(loaderTarget("src/types.d.ts"), undefined);
});

test("maps loaders to their cached outputs: parameters, archives, error files", async () => {
  const root = tempProject(project);
  cacheOutputs(root);
  write(root, join(CACHE, "data/curve.json.1234.err"), "");
  write(root, join(CACHE, "data/curve.json.1234"), "");
  const outputs = async (loader: string) => (await cachedOutputs(root, loader)).map((p) => relative(join(root, CACHE), p));
  assert.deepEqual(await outputs("src/data/curve.json.ts"), ["data/curve.json", "data/curve.json.1234.err"]);
  assert.deepEqual(await outputs("src/data/run-[id].arrow.ts"), ["data/run-a.arrow", "data/run-b.arrow"]);
  assert.deepEqual(await outputs("src/data/bundle.zip.py"), ["data/bundle", "data/bundle.zip"]);
});

test("a module edit makes the loader stale and deletes its output; no edit, no change", async () => {
  const root = tempProject(project);
  assert.deepEqual(await staleNames(root), [], "nothing cached yet: nothing to invalidate");
  cacheOutputs(root);
  assert.deepEqual(await staleNames(root), []);
  assert.ok(existsSync(join(root, CACHE, "data/curve.json")));

  write(root, "loaders/util/scale.ts", `export const scale = 3;\n`);
  const [stale, ...rest] = await invalidateStaleLoaders(root);
  assert.deepEqual(rest, []);
  assert.equal(stale?.loader, "src/data/curve.json.ts");
  assert.deepEqual(stale?.changed, ["loaders/util/scale.ts"]);
  assert.deepEqual(stale?.deleted, [`${CACHE}/data/curve.json`]);
  assert.equal(existsSync(join(root, CACHE, "data/curve.json")), false);
  assert.ok(existsSync(join(root, CACHE, "data/run-a.arrow")), "other loaders' outputs stay");
  assert.ok(existsSync(join(root, CACHE, "_npm/d3@7.9.0/_esm.js")));
  assert.match(formatStaleLoader(stale!), /^stale src\/data\/curve\.json\.ts: loaders\/util\/scale\.ts changed; deleted 1 cached output$/);

  cacheOutputs(root);
  assert.deepEqual(await staleNames(root), []);
  write(root, "loaders/unused.ts", `export const unused = 2;\n`);
  write(root, "data/runs/cache.json", `{"x": 1}`);
  assert.deepEqual(await staleNames(root), [], "files no loader reads do not count");
});

test("a spec edit makes the loaders that name it stale", async () => {
  const root = tempProject(project);
  await invalidateStaleLoaders(root);
  cacheOutputs(root);
  write(root, "data/experiments/overoptimization.json", `{"n": 5}`);
  const stale = await invalidateStaleLoaders(root);
  assert.deepEqual(stale.map((s) => s.loader), ["src/data/bundle.zip.py", "src/data/curve.json.ts"]);
  assert.deepEqual(stale[1]?.changed, ["data/experiments/overoptimization.json"]);
  assert.equal(existsSync(join(root, CACHE, "data/bundle/member.csv")), false);

  cacheOutputs(root);
  write(root, "data/sweeps/b.json", `{}`);
  assert.deepEqual(await staleNames(root), ["src/data/run-[id].arrow.ts"], "a folder named by a template literal stands for its files");
  assert.equal(existsSync(join(root, CACHE, "data/run-a.arrow")), false);
});

test("package version, loader edits and outputs older than their loader invalidate", async () => {
  const root = tempProject(project);
  await invalidateStaleLoaders(root);
  cacheOutputs(root);
  write(root, "package.json", JSON.stringify({name: "p", version: "1.1.0", dependencies: {}}));
  assert.equal((await staleNames(root)).length, 3);

  cacheOutputs(root);
  write(root, "src/data/curve.json.ts", `process.stdout.write("{}");\n`);
  const [stale] = await invalidateStaleLoaders(root);
  const removed = ["data/experiments/overoptimization.json", "loaders/curve.ts", "loaders/util/scale.ts"].map((f) => `${f} (removed)`);
  assert.deepEqual(stale?.changed, [...removed, "src/data/curve.json.ts"]);

  cacheOutputs(root);
  await invalidateStaleLoaders(root);
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, CACHE, "data/run-a.arrow"), past, past);
  const [older, ...none] = await invalidateStaleLoaders(root);
  assert.deepEqual(none, []);
  assert.deepEqual(older?.deleted, [`${CACHE}/data/run-a.arrow`]);
  assert.ok(existsSync(join(root, CACHE, "data/run-b.arrow")));
});

test("a loader esbuild cannot parse depends on itself and is reported", async () => {
  const root = tempProject({...project, "src/data/broken.csv.ts": `import {x} from "../../loaders/missing.ts";\nconsole.log(x);\n`});
  write(root, join(CACHE, "data/broken.csv"), "cached");
  const stale = await invalidateStaleLoaders(root);
  assert.deepEqual(stale.map((s) => s.loader), ["src/data/broken.csv.ts"]);
  assert.match(stale[0]?.error ?? "", /missing\.ts/);
  assert.deepEqual(await staleNames(root), []);
});

test("a literal naming run outputs that do not exist yet adds no inputs (no flapping once they do)", async () => {
  const files: Record<string, string> = {...project, "loaders/util/scale.ts": `export const cacheDir = "data/runs/.cache";\nexport const scale = 2;\n`};
  delete files["data/runs/cache.json"]; // a fresh clone: no data/runs yet
  const root = tempProject(files);
  await invalidateStaleLoaders(root);
  cacheOutputs(root);
  write(root, "data/experiments/robust.json", `{"n": 6}`); // named by no loader
  assert.deepEqual(await staleNames(root), []);
  write(root, "data/runs/.cache/x.json", "{}"); // run outputs appear: still nothing stale
  assert.deepEqual(await staleNames(root), []);
});

test("a folder that a named spec names (an import spec's logs) is an input too", async () => {
  const root = tempProject({
    ...project,
    "src/data/imported.zip.ts": `import {readFileSync} from "node:fs";\nprocess.stdout.write(readFileSync("data/experiments/imported.json", "utf8"));\n`,
    "data/experiments/imported.json": `{"kind": "import", "name": "imported", "logs": "data/logs/"}`,
    "data/logs/a.jsonl": `{"step": 0, "reward": 0}\n`
  });
  await invalidateStaleLoaders(root);
  write(root, join(CACHE, "data/imported.zip"), "cached");
  cacheOutputs(root);
  write(root, "data/logs/b.csv", "step,reward\n0,0\n");
  const stale = await invalidateStaleLoaders(root);
  assert.deepEqual(stale.map((s) => s.loader), ["src/data/imported.zip.ts"]);
  assert.deepEqual(stale[0]?.changed, ["data/logs/b.csv"]);
});

test("a loader importing the project's own package by name depends on the files its exports name; other packages stay external", async () => {
  const {loaderDependencies} = await import("../../scripts/lib/loader-deps.ts");
  const root = tempProject({
    "package.json": JSON.stringify({name: "kit", version: "1.0.0", exports: {".": "./lib/index.ts", "./loader": {types: "./lib/loader.ts", default: "./lib/loader.ts"}}}),
    "lib/index.ts": `export const n = 1;\n`,
    "lib/loader.ts": `import {n} from "./engine.ts";\nexport const write = () => n;\n`,
    "lib/engine.ts": `export const n = 2;\n`,
    "src/data/x.json.ts": `import {write} from "kit/loader";\nimport {n} from "kit";\nimport {build} from "esbuild";\nconsole.log(write(), n, build);\n`
  });
  const {deps, errors} = await loaderDependencies(root, ["src/data/x.json.ts"]);
  assert.deepEqual(errors, new Map());
  assert.deepEqual([...deps.get("src/data/x.json.ts")!.keys()].filter((k) => !k.startsWith("package.json")).sort(), ["lib/engine.ts", "lib/index.ts", "lib/loader.ts", "src/data/x.json.ts"]);
});

test("a change of GOODHART_SEEDS (a report on fewer seeds) makes every loader stale; the same cap does not", async () => {
  const root = tempProject(project);
  const before = process.env.GOODHART_SEEDS;
  try {
    delete process.env.GOODHART_SEEDS;
    await staleNames(root);
    cacheOutputs(root);
    assert.deepEqual(await staleNames(root), []);
    process.env.GOODHART_SEEDS = "2";
    cacheOutputs(root);
    const stale = await invalidateStaleLoaders(root);
    assert.deepEqual(stale.map((s) => s.loader), ["src/data/bundle.zip.py", "src/data/curve.json.ts", "src/data/run-[id].arrow.ts"]);
    assert.deepEqual(stale[1]?.changed, ["env GOODHART_SEEDS"]);
    cacheOutputs(root);
    assert.deepEqual(await staleNames(root), [], "the same cap again: outputs kept");
    delete process.env.GOODHART_SEEDS;
    cacheOutputs(root);
    assert.deepEqual((await invalidateStaleLoaders(root))[1]?.changed, ["env GOODHART_SEEDS (removed)"], "back to every seed: rerun");
  } finally {
    if (before === undefined) delete process.env.GOODHART_SEEDS;
    else process.env.GOODHART_SEEDS = before;
  }
});
