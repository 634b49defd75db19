import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {relative} from "node:path";
import {fileURLToPath} from "node:url";
import {test} from "node:test";
import {transformSync} from "esbuild";
import {listFiles} from "../../scripts/lib/list-files.ts";

// Components take their row types from the engine's schema (goodhart's public `schema`) through
// src/components/rows.ts, with `import type` only: Framework compiles components with esbuild
// (verbatimModuleSyntax), which erases those lines, so the browser never asks for a module outside src/.

const root = fileURLToPath(new URL("../..", import.meta.url));
const components = (await listFiles(`${root}/src/components`)).filter((f) => f.endsWith(".ts"));

test("only src/components/rows.ts names goodhart, only in `import type` lines, and no component names loaders/", () => {
  for (const file of components) {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => /^\s*(import|export)\b.*("goodhart"|loaders\/)/.test(l));
    const name = relative(root, file);
    if (name === "src/components/rows.ts") assert.ok(lines.length > 0 && lines.every((l) => /^import type \{.*\} from "goodhart";$/.test(l)), `${name}: ${lines.join("; ")}`);
    else assert.deepEqual(lines, [], `${name} imports the engine: take row types from ./rows.js`);
  }
});

test("compiled as Framework compiles them, no component refers to loaders/ or to rows.js", () => {
  for (const file of components) {
    const {code} = transformSync(readFileSync(file, "utf8"), {loader: "ts", tsconfigRaw: '{"compilerOptions": {"verbatimModuleSyntax": true}}'});
    assert.doesNotMatch(code, /loaders\/|rows\.js|"goodhart"/, relative(root, file));
  }
});
