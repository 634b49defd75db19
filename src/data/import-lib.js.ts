// The log importer the CLI runs (loaders/import/), bundled by esbuild into one browser ES module that
// the "Import a log" page loads with FileAttachment("./data/import-lib.js") and a dynamic import():
// pages cannot import modules outside src/, and the parsing code must exist once. The module is pure
// (no node: imports; tests/unit/import-output.test.ts checks it bundles for a browser).
import {fileURLToPath} from "node:url";
import {build} from "esbuild";
// Imported for the build's stale check only (scripts/lib/stale.ts follows static imports): an edit
// anywhere under loaders/import/ or what it imports reruns this loader.
import "../../loaders/import/index.ts";

const entry = fileURLToPath(new URL("../../loaders/import/index.ts", import.meta.url));
const result = await build({
  entryPoints: [entry],
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "silent"
});
process.stdout.write(result.outputFiles[0].contents);
