import assert from "node:assert/strict";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, relative} from "node:path";
import {after, test} from "node:test";
import {fileURLToPath, pathToFileURL} from "node:url";
import {fillNpmCache} from "../../scripts/lib/npm-cache.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, {recursive: true, force: true})));

function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "goodhart-npm-cache-"));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), {recursive: true});
    writeFileSync(join(root, path), text);
  }
  return root;
}

function pkg(name: string, version: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({name, version, type: "module", module: "index.js", ...extra});
}

const fakes = {
  "package.json": JSON.stringify({name: "p", version: "0.0.0", dependencies: {"fake-a": "1.0.0", "fake-b": "2.0.0"}}),
  "node_modules/fake-a/package.json": pkg("fake-a", "1.0.0"),
  "node_modules/fake-a/index.js": `import {b} from "fake-b";\nimport {old} from "fake-old";\nexport const a = () => b + old + "A_BODY";\n`,
  "node_modules/fake-a/node_modules/fake-old/package.json": pkg("fake-old", "0.1.0"),
  "node_modules/fake-a/node_modules/fake-old/index.js": `export const old = "OLD_BODY";\n`,
  "node_modules/fake-b/package.json": pkg("fake-b", "2.0.0"),
  "node_modules/fake-b/index.js": `export const b = "B_BODY";\n`,
  "node_modules/fake-old/package.json": pkg("fake-old", "9.9.9"),
  "node_modules/fake-old/index.js": `export const old = "NEW_BODY";\n`,
  "node_modules/@scope/c/package.json": pkg("@scope/c", "3.0.0"),
  "node_modules/@scope/c/index.js": `export * from "fake-b";\n`,
  "node_modules/@scope/c/dist/engine.wasm": "\0asm"
};
const options = {
  packages: ["fake-a", "fake-b", "fake-old", "@scope/c", "fake-absent"],
  copies: {"@scope/c": ["dist/engine.wasm"]},
  placeholders: {"lib-unused": "1.2.3", "fake-b": "0.0.1", "@other/unused": "4.5.6"},
  minify: false
};

test("bundles each package once, sharing the others through relative imports", async () => {
  const root = tempProject(fakes);
  const npm = join(root, "src/.observablehq/cache/_npm");
  const written = (await fillNpmCache(root, options)).map((p) => relative(npm, p));
  assert.deepEqual(written, [
    "@other/unused@4.5.6",
    "@scope/c@3.0.0/_esm.js",
    "@scope/c@3.0.0/dist/engine.wasm",
    "fake-a@1.0.0/_esm.js",
    "fake-b@2.0.0/_esm.js",
    "fake-old@9.9.9/_esm.js",
    "lib-unused@1.2.3"
  ]);
  const a = readFileSync(join(npm, "fake-a@1.0.0/_esm.js"), "utf8");
  assert.match(a, /from "\.\.\/fake-b@2\.0\.0\/_esm\.js"/);
  assert.doesNotMatch(a, /B_BODY/);
  // fake-a's own nested fake-old@0.1.0 is not the cached fake-old@9.9.9: bundled inline.
  assert.match(a, /OLD_BODY/);
  assert.doesNotMatch(a, /fake-old@9\.9\.9/);
  assert.match(readFileSync(join(npm, "@scope/c@3.0.0/_esm.js"), "utf8"), /from "\.\.\/\.\.\/fake-b@2\.0\.0\/_esm\.js"/);
  assert.equal(readFileSync(join(npm, "@scope/c@3.0.0/dist/engine.wasm"), "utf8"), "\0asm");
  assert.equal(existsSync(join(npm, "fake-b@0.0.1")), false);
});

test("is idempotent, and rebuilds when a version changes", async () => {
  const root = tempProject(fakes);
  const npm = join(root, "src/.observablehq/cache/_npm");
  assert.ok((await fillNpmCache(root, options)).length > 0);
  assert.deepEqual(await fillNpmCache(root, options), []);
  writeFileSync(join(root, "node_modules/fake-b/package.json"), pkg("fake-b", "2.1.0"));
  const written = (await fillNpmCache(root, options)).map((p) => relative(npm, p));
  assert.ok(written.includes("fake-b@2.1.0/_esm.js"));
  assert.equal(existsSync(join(npm, "fake-b@2.0.0")), false, "an old version would shadow nothing but confuse: removed");
  assert.match(readFileSync(join(npm, "fake-a@1.0.0/_esm.js"), "utf8"), /fake-b@2\.1\.0/);
  rmSync(join(npm, "fake-a@1.0.0/_esm.js"));
  assert.deepEqual((await fillNpmCache(root, options)).filter((p) => p.endsWith("fake-a@1.0.0/_esm.js")).length, 1);
});

test("a dependency missing from node_modules is an error naming it and the fix", async () => {
  const root = tempProject({...fakes, "package.json": JSON.stringify({dependencies: {"fake-absent": "1.0.0"}})});
  await assert.rejects(fillNpmCache(root, options), /fake-absent.*npm install/);
});

test("Framework resolves the real cache offline: Plot shares d3, duckdb-wasm shares apache-arrow", async () => {
  const root = tempProject({"package.json": readFileSync(join(repo, "package.json"), "utf8")});
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));
  const packages = ["d3", "d3-dsv", "isoformat", "@observablehq/plot", "apache-arrow", "@duckdb/duckdb-wasm"];
  await fillNpmCache(root, {packages});
  const version = (name: string) => (JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8")) as {version: string}).version;
  const framework = pathToFileURL(join(repo, "node_modules/@observablehq/framework/dist/npm.js")).href;
  const npm = (await import(framework)) as {
    resolveNpmImport(root: string, specifier: string): Promise<string>;
    resolveNpmImports(root: string, path: string): Promise<{name: string; type: string}[]>;
  };
  const src = join(root, "src");
  const fetch = globalThis.fetch;
  globalThis.fetch = () => Promise.reject(new Error("network used"));
  try {
    const plot = await npm.resolveNpmImport(src, "@observablehq/plot");
    assert.equal(plot, `/_npm/@observablehq/plot@${version("@observablehq/plot")}/_esm.js`);
    const plotImports = (await npm.resolveNpmImports(src, plot)).map((i) => `${i.type} ${i.name}`);
    assert.ok(plotImports.includes(`local ../../d3@${version("d3")}/_esm.js`), plotImports.join("\n"));
    const duckdb = await npm.resolveNpmImport(src, "@duckdb/duckdb-wasm");
    const duckdbImports = (await npm.resolveNpmImports(src, duckdb)).map((i) => `${i.type} ${i.name}`);
    assert.deepEqual(duckdbImports, [`local ../../apache-arrow@${version("apache-arrow")}/_esm.js`]);
    assert.equal(await npm.resolveNpmImport(src, "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"), "/_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm");
    assert.ok(existsSync(join(src, ".observablehq/cache/_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm")));
    assert.match(await npm.resolveNpmImport(src, "lodash"), /^\/_npm\/lodash@[\d.]+\/_esm\.js$/);
    assert.match(await npm.resolveNpmImport(src, "react-dom"), /^\/_npm\/react-dom@[\d.]+\/client\._esm\.js$/);
  } finally {
    globalThis.fetch = fetch;
  }
});
