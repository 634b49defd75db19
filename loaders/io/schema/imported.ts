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
  {name: "gao_alpha", type: "float64", nullable: true, doc: "Gao et al.'s RL form gold = c + d (alpha - beta log d) fitted by least squares with an offset c (see gao_c) to gold against d = sqrt(max(KL, 0)) over the paired points with KL (loaders/analysis/fit-gao-offset.ts); null without KL, with fewer than 4 such points or 3 distinct d"},
  {name: "gao_beta", type: "float64", nullable: true, doc: "fitted beta of the RL form"},
  {name: "gao_c", type: "float64", nullable: true, doc: "offset c of the RL form: gold of the initial policy (d = 0) on the log's scale; fitted, except when the first point's |KL| is at most 1% of the largest KL, when it is that point's gold"},
  {name: "gao_peak_d", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "d at the RL fit's maximum, exp(alpha / beta - 1) (null when it has none: beta <= 0)"},
  {name: "gao_peak_d_low", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "2.5th percentile of the RL peak's d over 199 residual moving-block bootstrap refits (blocks of round(n^(1/3)) steps; a refit with no peak counts as d = infinity)"},
  {name: "gao_peak_d_high", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "97.5th percentile of the same; null when it is infinite (the data do not rule out a curve that never turns down)"},
  {name: "gao_r2", type: "float64", nullable: true, doc: "1 - SS_res / SS_tot of the RL fit"},
  {name: "bon_alpha", type: "float64", nullable: true, doc: "Gao et al.'s best-of-n form gold = c + d (alpha - beta d), fitted as the RL form"},
  {name: "bon_beta", type: "float64", nullable: true, doc: "fitted beta of the best-of-n form"},
  {name: "bon_c", type: "float64", nullable: true, doc: "fitted offset c of the best-of-n form"},
  {name: "bon_peak_d", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "d at the best-of-n fit's maximum, alpha / (2 beta) (null when it has none)"},
  {name: "bon_peak_d_low", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "2.5th percentile of the best-of-n peak's d (bootstrap as gao_peak_d_low)"},
  {name: "bon_peak_d_high", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "97.5th percentile of the same; null when infinite"},
  {name: "bon_r2", type: "float64", nullable: true, doc: "1 - SS_res / SS_tot of the best-of-n fit"},
  {name: "gold_peak_step", type: "int32", nullable: true, doc: "the best checkpoint by gold: step of the highest logged gold (loaders/import/checkpoint.ts)"},
  {name: "best_gold", type: "float64", nullable: true, doc: "gold at gold_peak_step"},
  {name: "proxy_best_step", type: "int32", nullable: true, doc: "step of the highest logged proxy: the checkpoint selecting by proxy picks"},
  {name: "gold_at_proxy_best", type: "float64", nullable: true, doc: "gold at proxy_best_step"},
  {name: "proxy_selection_cost", type: "float64", nullable: true, doc: "gold_at_proxy_best - best_gold (<= 0): the gold lost by picking the checkpoint by proxy"},
  {name: "smooth_peak_step", type: "int32", nullable: true, doc: "step of the maximum of gold smoothed by the divergence test's cubic regression spline (loaders/import/divergence.ts); null with fewer than 10 paired points"},
  {name: "gold_fall", type: "float64", nullable: true, doc: "smoothed gold at smooth_peak_step minus at the last paired point (>= 0)"},
  {name: "gold_fall_low", type: "float64", nullable: true, doc: "lower end of the 95% basic bootstrap interval of gold_fall (smooth fit + simulated AR(1) noise, 199 resamples)"},
  {name: "gold_fall_high", type: "float64", nullable: true, doc: "upper end of the same interval"},
  {name: "proxy_gain", type: "float64", nullable: true, doc: "the divergence test's proxy fit (a cubic spline with one interior knot) at the last paired point minus at that test's gold peak"},
  {name: "divergence_p", type: "float64", nullable: true, doc: "p-value of the divergence test against 'gold never falls' (gold non-decreasing), with the log's own noise and autocorrelation; its false-alarm rate and power are measured by bench/import-calibration.ts (table import_calibration)"},
  {name: "divergence_step", type: "int32", nullable: true, doc: "smooth_peak_step when divergence_p <= 0.05 and the proxy has not fallen (the one-sided 95% upper bound of proxy_gain is above 0: gold falls while the proxy holds or rises); null otherwise: no evidence of a divergence"},
  {name: "noise_sd", type: "float64", nullable: true, doc: "the gold noise's marginal sd around the smooth fit, the smoother's shrinkage removed (loaders/analysis/ar1-noise.ts)"},
  {name: "noise_ar1", type: "float64", nullable: true, doc: "the gold noise's lag-1 autocorrelation (AR(1), in [0, 0.95])"},
  {name: "forecast_from_step", type: "int32", nullable: true, doc: "the last step the forecast saw: the middle paired point with KL (loaders/import/forecast.ts); null with fewer than 10 such points"},
  {name: "forecast_peak_step", type: "float64", nullable: true, doc: "the step where gold was forecast to peak, from the RL fit on the first half and KL growing as a power of the step; null when no peak is forecast"},
  {name: "forecast_fall", type: "float64", nullable: true, doc: "forecast gold at the peak minus at the last step (0 when the peak is forecast after it); compare gold_fall"}
]);

export const importedTables = {imported_metrics: importedMetrics, imported_analysis: importedAnalysis} as const;

/** Points of each imported run's Gao RL fit, what the Import page draws dashed over gold (written by goodhart/loader's importZip). */
export const importedFitCurves = table("imported_fit_curves", "Imported runs: points of each run's Gao RL fit of gold, c + d (alpha - beta log d) from imported_analysis, from d = 0 to the run's largest sqrt(KL) in curves (loaders/analysis/gao-curves.ts); none for a run without a fit.", [
  ...runId,
  {name: "point", type: "int32", doc: "index of the point along the curve, 0 at d = 0"},
  {name: "sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "d = sqrt(KL), evenly spaced from 0 to the run's largest sqrt_kl (101 points)"},
  {name: "gold_reward", type: "float64", doc: "the fitted gold at d, in the log's units"}
]);
