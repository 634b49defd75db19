import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {dirname, join, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {test} from "node:test";
import {listFiles} from "../../scripts/lib/list-files.ts";

// The demo report is built from goodhart's public entry points only (package.json "exports":
// goodhart, goodhart/loader, goodhart/components), so that the API a new report gets is enough:
// no file under src/ reaches into loaders/ (or anywhere outside src/) by a relative path, or names
// a goodhart subpath that is not exported. src/docs/ is exempt: the Docs section documents goodhart
// itself from its sources (TypeDoc over the entry points, the spec validators, the CLI's --help) and
// is no part of a report (goodhart create --demo copies only the plain Markdown docs its pages link).

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {name: string; exports: Record<string, unknown>};

/** Every module specifier of a source: static imports and exports, side-effect imports, import(). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(["'`])([^"'`]+)\1/g)) out.push(m[2]!);
  return out;
}

/** The specifiers of `file` (a path under src/) that are deep imports of goodhart, with why. */
export function deepImports(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const spec of specifiers(text)) {
    if (spec.startsWith(".")) {
      const target = relative(join(root, "src"), resolve(dirname(join(root, file)), spec));
      if (target.startsWith("..")) problems.push(`${file}: ${spec} reaches outside src/ (import it from goodhart, goodhart/loader or goodhart/components)`);
    } else if (spec === pkg.name || spec.startsWith(`${pkg.name}/`)) {
      const subpath = `.${spec.slice(pkg.name.length)}`;
      if (!(subpath in pkg.exports)) problems.push(`${file}: ${spec} is not one of goodhart's entry points (${Object.keys(pkg.exports).join(", ")})`);
    }
  }
  return problems;
}

test("no file under src/ imports goodhart by a deep path", async () => {
  const files = (await listFiles(join(root, "src"))).map((f) => relative(root, f).split(sep).join("/")).filter((f) => !f.startsWith("src/.observablehq/") && !f.startsWith("src/docs/") && /\.(ts|js|md)$/.test(f));
  assert.ok(files.includes("src/data/overoptimization.zip.ts") && files.includes("src/index.md"), "the scan sees loaders and pages");
  assert.deepEqual(files.flatMap((f) => deepImports(f, readFileSync(join(root, f), "utf8"))), []);
});

test("deepImports: relative paths out of src/ and unexported subpaths are deep; entry points and src/ modules are not", () => {
  const file = "src/data/x.zip.ts";
  assert.equal(deepImports(file, `import {writeZip} from "../../loaders/report/zip.ts";`).length, 1);
  assert.equal(deepImports(file, `import "../../loaders/import/index.ts";`).length, 1);
  assert.equal(deepImports(file, `const m = await import("../../loaders/cli.ts");`).length, 1);
  assert.equal(deepImports(file, `import {x} from "goodhart/loaders/run/experiment.ts";`).length, 1);
  assert.deepEqual(deepImports(file, `import {experimentZip} from "goodhart/loader";\nimport {schema} from "goodhart";\nimport type {BandRow} from "goodhart/components";`), []);
  assert.deepEqual(deepImports("src/index.md", `import {curvesChart} from "./components/overoptimization.js";`), []);
  assert.deepEqual(deepImports(file, `import {build} from "esbuild";`), []);
});
