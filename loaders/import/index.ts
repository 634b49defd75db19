/**
 * Importing step logs of other RLHF tools (TRL, verl, OpenRLHF, W&B exports, TensorBoard event
 * files, Trackio's Parquet, custom callbacks, launcher logs) as goodhart runs. Pure: no file or process access, so a browser page can reuse it.
 */
export {importLog, importLogs, logColumns, readLogColumns} from "./import-log.ts";
export type {ImportLogOptions, ImportedLog} from "./import-log.ts";
export {decodeText, detectFormat, detectFormatOf, logFormats, parseLog} from "./formats.ts";
export type {LogFormat, LogInput} from "./formats.ts";
export {detectGold, goldSources} from "./gold.ts";
export type {GoldChoice, GoldSource} from "./gold.ts";
export {canonicalName, metricAliases, roleAliases} from "./aliases.ts";
export {klEstimators, normalizeMapping, resolveColumns, resolveMapping} from "./mapping.ts";
export type {KlEstimator, Mapping, ResolvedMapping} from "./mapping.ts";
export {ImportError} from "./issues.ts";
export type {Issue} from "./issues.ts";
export {cleanRows} from "./clean.ts";
export {divergenceTest} from "./divergence.ts";
export type {DivergenceTest} from "./divergence.ts";
export {forecastGold} from "./forecast.ts";
export {bestCheckpoint} from "./checkpoint.ts";
export {syntheticLog} from "./synthetic-log.ts";
export {analyseCurve} from "./analyse.ts";
export {reportLines} from "./report.ts";
export {runKeys, groupKeys} from "./run-keys.ts";
export {groupValue, normalizeGrouping} from "./run-group.ts";
export type {RunGrouping} from "./run-group.ts";
export {comparePeaks, runLabel, runSummaries, summaryLines} from "./run-summary.ts";
export type {PeakComparison, RunSummary} from "./run-summary.ts";
export {isLogName, logExtensions} from "./log-names.ts";
