import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {test} from "node:test";
import {checkDist} from "../../scripts/lib/dist-check.ts";

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-dist-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), {recursive: true});
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test("flags error cells and resources from other origins, not links or library strings", async () => {
  const dir = site({
    "index.html": `<a href="https://arxiv.org/abs/2210.10760">paper</a><link rel="stylesheet" href="https://fonts.googleapis.com/css2">`,
    "page.html": `<div class="observablehq--inspect observablehq--error">SyntaxError: Unexpected token (1:15)</div>`,
    "_observablehq/client.js": `import("https://cdn.jsdelivr.net/npm/d3/+esm");`,
    "_npm/@duckdb/duckdb-wasm@1.29.0/x.js": `const base = "https://cdn.jsdelivr.net/npm/";`,
    "_import/style.css": `@import url("https://example.com/a.css");`
  });
  try {
    assert.deepEqual((await checkDist(dir)).sort(), [
      `dist/_import/style.css: loads from another origin: url("https://example.com/a.css`,
      `dist/_observablehq/client.js: imports from another origin: import("https://cdn.jsdelivr.net/npm/d3/+esm`,
      "dist/_observablehq/client.js: names cdn.jsdelivr.net",
      `dist/index.html: loads from another origin: <link rel="stylesheet" href="https://fonts.googleapis.com/css2">`,
      "dist/index.html: names fonts.googleapis.com",
      "dist/page.html: cell error: SyntaxError: Unexpected token (1:15)"
    ]);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
  const clean = site({"index.html": "<p>ok</p>", "_observablehq/client.js": `import("./runtime.js");`});
  try {
    assert.deepEqual(await checkDist(clean), []);
  } finally {
    rmSync(clean, {recursive: true, force: true});
  }
});
