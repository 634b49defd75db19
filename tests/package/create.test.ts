// The package end to end, as a researcher meets it: `npm pack`, `goodhart create` in a folder outside
// the repository, `npm ci` from the tarball and npm's cache with the network cut (unshare -n, where
// permitted), `npm run build` and `npm test` as the starter's README says, every page checked in
// Chromium, then an edit to the spec (another seed) that must rerun that loader and no other.
// Costs a few minutes (the install copies ~500 MB; the starter spec computes 24 small runs).
import assert from "node:assert/strict";
import {spawn, spawnSync} from "node:child_process";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import * as esbuild from "esbuild";
import {fileURLToPath} from "node:url";
import {tableFromIPC} from "apache-arrow";
import JSZip from "jszip";
import {checkPage} from "../browser/check.ts";
import {launchChromium} from "../browser/chromium.ts";
import {discoverPages} from "../browser/pages.ts";
import {docsLinks} from "../../loaders/create/demo.ts";
import {serveStatic} from "../browser/server.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "goodhart-create-"));
const report = join(work, "my-report");
const networkCut = spawnSync("unshare", ["-n", "true"]).status === 0;

after(() => {
  if (process.env.GOODHART_KEEP_TEMP !== "1") rmSync(work, {recursive: true, force: true});
});

/** A fresh shell's environment: none of the npm_* variables of the `npm test` that runs this file. */
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_") && key !== "INIT_CWD")),
  // The tensorflow backend's native build is tested by the repository's own CI; wasm computes here.
  GOODHART_SKIP_TENSORFLOW: "1",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false"
};

/** Runs a command (with the network cut when `offline` and permitted); resolves to its stdout and stderr, rejects on failure. */
function sh(command: string, args: readonly string[], {cwd = report, offline = false} = {}): Promise<{stdout: string; stderr: string}> {
  const [bin, argv] = offline && networkCut ? ["unshare", ["-n", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, {cwd, env, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "", stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve({stdout, stderr}) : reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${code}:\n${stderr.slice(-3000)}\n${stdout.slice(-2000)}`))));
  });
}

async function timed<T>(t: {diagnostic: (message: string) => void}, what: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await step();
  t.diagnostic(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** The seeds in the runs table of the experiment loader's cached zip. */
async function seedsBuilt(): Promise<number[]> {
  const zip = await JSZip.loadAsync(readFileSync(join(report, "src/.observablehq/cache/data/experiment.zip")));
  const runs = tableFromIPC(await zip.file("runs.arrow")!.async("uint8array"));
  return [...new Set(Array.from(runs.getChild("seed")!, Number))].sort((a, b) => a - b);
}

test("npm pack + goodhart create + offline install + build + browser + a spec edit reruns only its loader", async (t) => {
  t.diagnostic(networkCut ? "network cut with unshare -n for install and builds" : "WARNING: unshare -n is not permitted here: install and builds run with the network");
  const packed = await timed(t, "npm pack", () => sh("npm", ["pack", "--silent", "--pack-destination", work], {cwd: root}));
  const tarball = join(work, packed.stdout.trim().split("\n").pop()!);
  assert.ok(existsSync(tarball), `npm pack wrote no ${tarball}`);

  // The packed goodhart, with its dependencies from this repository's install, as an installed goodhart.
  const pkg = join(work, "goodhart");
  await sh("mkdir", ["-p", pkg], {cwd: work});
  await sh("tar", ["xzf", tarball, "-C", pkg, "--strip-components=1"], {cwd: work});
  symlinkSync(join(root, "node_modules"), join(pkg, "node_modules"));
  await sh(process.execPath, [join(pkg, "bin/goodhart.js"), "create", "my-report", "--goodhart", `file:${tarball}`], {cwd: work});
  for (const file of ["package.json", "package-lock.json", "observablehq.config.ts", "src/index.md", "src/data/experiment.zip.ts", "data/experiments/starter.json", "data/logs/README.md", "README.md", ".gitignore", ".ci/run"]) {
    assert.ok(existsSync(join(report, file)), `goodhart create wrote no ${file}`);
  }
  const readme = readFileSync(join(report, "README.md"), "utf8");
  assert.match(readme, /npm ci && npm run build/);
  assert.match(readme, /npm test/);
  assert.equal(JSON.parse(readFileSync(join(report, "package.json"), "utf8")).dependencies.goodhart, `file:${tarball}`);

  await timed(t, "goodhart create --demo, its loaders and page imports resolved", () => checkDemo(pkg));

  // A second loader and page (the import-only starter's), so that "only that loader reruns" means something.
  const imports = join(pkg, "templates/import");
  for (const file of ["src/data/imported.zip.ts", "data/experiments/imported.json", "data/logs/example-ppo.json"]) cpSync(join(imports, file), join(report, file));
  writeFileSync(join(report, "src/imported.md"), readFileSync(join(imports, "src/index.md"), "utf8").replaceAll("__NAME__", "Imported logs"));

  // The starter README's two commands (npm test, the build checked, runs after the spec edit below).
  await timed(t, "npm ci --offline", () => sh("npm", ["ci", "--offline"], {offline: true}));
  await timed(t, "npm run build (cold)", () => sh("npm", ["run", "build"], {offline: true}));
  assert.deepEqual(await seedsBuilt(), [1, 2, 3, 4]);

  const server = await serveStatic(join(report, "dist"));
  const browser = await launchChromium();
  try {
    const pages = discoverPages(join(report, "dist"));
    assert.deepEqual(pages.map((p) => p.path).sort(), ["/", "/imported"]);
    for (const page of pages) {
      const screenshot = join(work, `${page.name}.png`);
      const checked = await timed(t, `browser ${page.path}`, () => checkPage(browser, server.origin + page.path, {timeout: 60_000, screenshot}));
      assert.deepEqual(checked.problems, [], `${page.path}: ${checked.problems.map((p) => `${p.kind}: ${p.message}`).join("; ")}`);
      assert.ok(checked.charts >= 1, `${page.path} shows no chart`);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  // Another seed: the experiment's loader reruns (its runs now have seed 5), the import's does not.
  const imported = join(report, "src/.observablehq/cache/data/imported.zip");
  const before = statSync(imported).mtimeMs;
  const specPath = join(report, "data/experiments/starter.json");
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  writeFileSync(specPath, `${JSON.stringify({...spec, seeds: [1, 2, 3, 5]}, null, 2)}\n`);
  const rebuilt = await timed(t, "npm test (spec edited: the build again, checked)", () => sh("npm", ["test"], {offline: true}));
  assert.match(rebuilt.stderr, /stale src\/data\/experiment\.zip\.ts: data\/experiments\/starter\.json changed/);
  assert.doesNotMatch(rebuilt.stderr, /stale src\/data\/imported\.zip\.ts/);
  assert.equal(statSync(imported).mtimeMs, before, "the import loader reran, though nothing it reads changed");
  assert.deepEqual(await seedsBuilt(), [1, 2, 3, 5]);
});

/**
 * `goodhart create --demo` from the packed goodhart: the demo's pages, loaders, specs, logs and
 * records are there, every loader bundles against the installed goodhart (its entry points export
 * what it imports), and every name a page imports from goodhart/components is exported by the
 * packed lib/components.js. Building the demo would compute every experiment: too slow here.
 */
async function checkDemo(pkg: string): Promise<void> {
  const demo = join(work, "demo");
  await sh(process.execPath, [join(pkg, "bin/goodhart.js"), "create", "demo", "--demo"], {cwd: work});
  const pages = ["data-contract", "environment", "import", "index", "overoptimization", "performance", "robust", "white-box"];
  const loaders = ["bench.arrow", "contract.json", "environment.arrow", "import-calibration.arrow", "import-lib.js", "imported.zip", "overoptimization.zip", "robust.zip", "white-box.zip"];
  const specs = ["imported", "overoptimization", "robust-rl", "white-box"];
  for (const file of [...pages.map((p) => `src/${p}.md`), ...loaders.map((l) => `src/data/${l}.ts`), ...specs.map((s) => `data/experiments/${s}.json`), "data/reseed/white-box.json", "data/logs/rloo-wandb.csv", "data/bench/bench.arrow", "src/data/examples/overopt.json", "README.md", "package-lock.json"]) {
    assert.ok(existsSync(join(demo, file)), `goodhart create --demo wrote no ${file}`);
  }
  assert.ok(!existsSync(join(demo, "src/components")), "the demo takes goodhart's components from the package, not copies");
  // Every ./docs/ link of a demo page resolves in the demo's own site; only the linked docs come along.
  const linked = pages.flatMap((p) => docsLinks(readFileSync(join(demo, `src/${p}.md`), "utf8")));
  assert.ok(linked.includes("import-formats"), "the Import page links its formats");
  for (const name of linked) assert.ok(existsSync(join(demo, `src/docs/${name}.md`)), `a demo page links ./docs/${name}, which the demo lacks`);
  assert.deepEqual(readdirSync(join(demo, "src/docs")).sort(), [...new Set(linked)].map((n) => `${n}.md`).sort(), "the demo copies only the docs its pages link");
  // goodhart as the report's install would resolve it; every other package stays external.
  const goodhartOnly: esbuild.Plugin = {
    name: "goodhart-only",
    setup: (build) => build.onResolve({filter: /^[^./]/}, (args) => (/^goodhart(\/|$)/.test(args.path) ? {path: join(pkg, resolveExport(pkg, args.path))} : {path: args.path, external: true}))
  };
  const bundle = (entry: esbuild.BuildOptions) => esbuild.build({...entry, bundle: true, write: false, format: "esm", platform: "node", logLevel: "silent", plugins: [goodhartOnly]});
  await bundle({entryPoints: loaders.map((l) => join(demo, `src/data/${l}.ts`)), outdir: join(work, "demo-bundle")});
  const imports = pages.flatMap((p) => [...readFileSync(join(demo, `src/${p}.md`), "utf8").matchAll(/^import \{([^}]+)\} from "goodhart\/components";$/gm)].map((m) => m[1]!.trim()));
  assert.ok(imports.length >= pages.length - 1, "the demo pages import goodhart/components");
  const names = [...new Set(imports.flatMap((i) => i.split(",").map((n) => n.trim().split(/\s+as\s+/)[0]!)))];
  await bundle({stdin: {contents: `import {${names.join(", ")}} from "goodhart/components";\nconsole.log(${names.join(", ")});\n`, resolveDir: demo, loader: "js"}, platform: "browser"});
}

/** The file a goodhart specifier resolves to through the packed package.json's exports (the default condition). */
function resolveExport(pkg: string, specifier: string): string {
  const exports = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {exports: Record<string, {default: string}>}).exports;
  const entry = exports[`.${specifier.slice("goodhart".length)}`];
  if (!entry) throw new Error(`${specifier} is not one of goodhart's entry points`);
  return entry.default;
}
