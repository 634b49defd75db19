import {importedFitCurveRows} from "../analysis/gao-curves.ts";
import type {ImportedLog} from "../import/index.ts";
import {encodeRows} from "../io/arrow.ts";
import {importedFitCurves} from "../io/schema/index.ts";
import {importSpecLogs, importedArrow, loadImportSpec} from "../run/spec/import-spec.ts";
import {ENGINE_VERSION} from "../version.ts";
import {writeZip} from "./zip.ts";

/**
 * A report's import loader in one call: imports every log of the folder an import spec names
 * (`{"kind": "import", "name": ..., "logs": "data/logs/"}`) and writes runs, curves,
 * imported_metrics, imported_analysis, imported_runs, imported_bounds, imported_samples (from the
 * per-sample logs the spec's `samples` names; empty without) and the points of each run's Gao fit
 * of gold (imported_fit_curves) as one zip on stdout. The import report goes to stderr.
 *
 * ```ts
 * // src/data/imported.zip.ts
 * import {importZip} from "goodhart/loader";
 * await importZip("data/experiments/imported.json");
 * ```
 */
export async function importZip(spec: string): Promise<ImportedLog[]> {
  const imported = await importSpecLogs(loadImportSpec(spec), {engineVersion: ENGINE_VERSION});
  const fitCurves = importedFitCurveRows(imported.map((i) => i.analysis), imported.flatMap((i) => i.curves));
  await writeZip({...importedArrow(imported), imported_fit_curves: encodeRows(importedFitCurves, fitCurves)});
  return imported;
}
