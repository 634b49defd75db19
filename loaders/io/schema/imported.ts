import {runId} from "./runs.ts";
import {table} from "./spec.ts";

/*
 * The tables `goodhart import` writes next to runs and curves (loaders/import/): every metric of
 * the log that is not a curves column, and the overoptimization analysis of each imported run.
 */

export const importedMetrics = table("imported_metrics", "Imported runs: every other finite metric the log holds per step (loss, learning rate, lengths, eval metrics, reward functions, ...), long format. The step, proxy, gold and KL columns are in curves.", [
  ...runId,
  {name: "step", type: "int32", doc: "the step (curves.point)"},
  {name: "name", type: "utf8", doc: "canonical name of a known alias (learning_rate for lr; loaders/import/aliases.ts), else the key as logged"},
  {name: "key", type: "utf8", doc: "the key as logged"},
  {name: "value", type: "float64", doc: "the value (NaN and infinities are skipped and reported)"}
]);

export const importedAnalysis = table("imported_analysis", "Imported runs: the overoptimization analysis of each log (loaders/import/analyse.ts), in the log's own units. Gao fit, rank correlations and divergence point need a gold column and are null without one.", [
  ...runId,
  {name: "source", type: "utf8", doc: "the log file's name"},
  {name: "format", type: "utf8", doc: "trl, json, jsonl, csv or text"},
  {name: "proxy", type: "utf8", doc: "the proxy column"},
  {name: "gold", type: "utf8", nullable: true, doc: "the gold (judge) column; null when the log has none"},
  {name: "kl", type: "utf8", nullable: true, doc: "the KL column; null when the log has none"},
  {name: "points", type: "int32", doc: "curve points (steps with a proxy value)"},
  {name: "paired_points", type: "int32", doc: "curve points with both proxy and gold"},
  {name: "first_step", type: "int32", doc: "first curve point's step"},
  {name: "last_step", type: "int32", doc: "last curve point's step"},
  {name: "spearman", type: "float64", nullable: true, doc: "Spearman rho between proxy and gold over paired points (null with fewer than 3 or a constant side)"},
  {name: "kendall", type: "float64", nullable: true, doc: "Kendall tau-b between proxy and gold over paired points"},
  {name: "gao_alpha", type: "float64", nullable: true, doc: "Gao et al.'s RL form R = d (alpha - beta log d) fitted to gold - gold at the first paired point against d = sqrt(max(KL, 0)); null without KL or when it cannot be fitted"},
  {name: "gao_beta", type: "float64", nullable: true, doc: "fitted beta"},
  {name: "gao_peak_d", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "d at the fitted curve's maximum (null when it has none)"},
  {name: "gao_r2", type: "float64", nullable: true, doc: "1 - SS_res / SS_tot of the fit"},
  {name: "gold_peak_step", type: "int32", nullable: true, doc: "step of the highest gold value"},
  {name: "divergence_step", type: "int32", nullable: true, doc: "the step after which gold falls while proxy rises (loaders/import/divergence.ts: the peak of gold smoothed over 5 points, when from it to the end gold trends down and proxy up); null when there is none"},
  {name: "gold_fall", type: "float64", nullable: true, doc: "smoothed gold at the divergence step minus at the last point"},
  {name: "proxy_gain", type: "float64", nullable: true, doc: "smoothed proxy at the last point minus at the divergence step"}
]);

export const importedTables = {imported_metrics: importedMetrics, imported_analysis: importedAnalysis} as const;
