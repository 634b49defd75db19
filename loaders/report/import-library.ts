import {fileURLToPath} from "node:url";

// Static imports, so that a build's stale check (which follows them) reruns the loader when the
// importer or the curve points change.
import "../import/index.ts";
import "../analysis/gao-curves.ts";
import {writeBytes} from "./zip.ts";

const importer = fileURLToPath(new URL("../import/index.ts", import.meta.url));
const curves = fileURLToPath(new URL("../analysis/gao-curves.ts", import.meta.url));

/**
 * A loader for the log importer as one browser ES module, so that a page parses and analyses logs
 * in the browser with the code `goodhart import` runs (pages cannot import modules outside src/):
 * everything loaders/import exports, and `importedFitCurveRows` for the Gao fit's points. Load it
 * with `await import(await FileAttachment("./data/import-lib.js").url())`.
 *
 * ```ts
 * // src/data/import-lib.js.ts
 * import {importLibrary} from "goodhart/loader";
 * await importLibrary();
 * ```
 */
export async function importLibrary(): Promise<void> {
  const {build} = await import("esbuild");
  const result = await build({
    stdin: {contents: `export * from ${JSON.stringify(importer)};\nexport {importedFitCurveRows} from ${JSON.stringify(curves)};\n`, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts"},
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent"
  });
  await writeBytes(result.outputFiles[0]!.contents);
}
