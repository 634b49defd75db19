/**
 * The Arrow data contract: every table the engine or a loader writes is declared here, one module
 * per group. Writers validate every row against these declarations (io/arrow.ts), the Data contract
 * page renders their docs, and `Row<typeof spec>` types a row for the chart components.
 */
export {table, columns} from "./spec.ts";
export type {ColumnSpec, Row, TableSpec} from "./spec.ts";
export {environment} from "./environment.ts";
export {bench, importCalibration} from "./bench.ts";
export {runs, curves, rewardModels, samples, checkpoints, checkpointPrompts, runTables} from "./runs.ts";
export {analysisConfig, bands, fits, fitCurves, analysisTables} from "./derived.ts";
export {rlBands, rlSeeds, rlSummary, rlTables} from "./rl.ts";
export {findings} from "./findings.ts";
export {reseed} from "./reseed.ts";
export {monotonicity, monotonicitySummary, textBands, textChanges, textTables, textWorld} from "./text.ts";
export {importedAnalysis, importedFitCurves, importedMetrics, importedTables} from "./imported.ts";
export {importedBounds, importedRunTables, importedRuns, importedSamples} from "./imported-runs.ts";
export {sampleBins, sampleGroups, samplePoints, sampleViewTables} from "./sample-views.ts";
