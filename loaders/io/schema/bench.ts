import {machineColumns} from "./environment.ts";
import {table} from "./spec.ts";

/** `npm run bench`: every figure of one run, long format, with the machine on every row. */
export const bench = table("bench", "One row per figure of one `npm run bench` run (data/bench/bench.arrow): throughput, times, speed-ups and peak memory, per backend side by side, medians over timed repeats after an untimed warm-up, with the machine that measured them on every row. The Performance page plots it.", [
  {name: "section", type: "utf8", doc: "what was measured: matmul, reward_model, best_of_n, rl_step, kernel, language_model, lm_vs_pytorch, sweep, sweep_memory, page, build, threads, import_calibration (read from data/bench/import-calibration.arrow)"},
  {name: "metric", type: "utf8", doc: "stable id of the figure within its section, e.g. gflops, tokens_per_s_cached, speedup"},
  {name: "label", type: "utf8", doc: "the figure in words, as the bench's Markdown and the Performance page print it"},
  {name: "backend", type: "utf8", nullable: true, doc: "TensorFlow.js backend (--backend name), or pytorch for the language model's PyTorch peer (section lm_vs_pytorch); null for figures that do not depend on one (page timings in Chromium)"},
  {name: "setting", type: "utf8", nullable: true, doc: "what varies within a metric: matrix size, architecture, algorithm, workers, rows; null when nothing does"},
  {name: "value", type: "float64", nullable: true, doc: "the figure, in `unit`; null when it could not be measured here (note says why)"},
  {name: "unit", type: "utf8", doc: "unit of value, e.g. GFLOP/s, tokens/s, ms, s, MiB, x (a ratio), % (a share)"},
  {name: "repeats", type: "int32", nullable: true, doc: "timed repeats the median is over (after one untimed warm-up); null for single measurements"},
  {name: "note", type: "utf8", nullable: true, doc: "how it was measured or why it is missing"},
  {name: "started_at", type: "utf8", doc: "ISO time the bench started"},
  {name: "bench_seconds", type: "float64", unit: "s", doc: "wall time of the whole bench run"},
  {name: "load_average", type: "float64", doc: "the machine's 1-minute load average when the bench started (other processes make times noisy; above the core count they are)"},
  {name: "git_commit", type: "utf8", nullable: true, doc: "the commit measured (null outside a git checkout), with -dirty when the tree had changes"},
  ...machineColumns
]);

/** `node --import tsx bench/import-calibration.ts`: the importer's divergence test and forecast on synthetic logs. */
export const importCalibration = table("import_calibration", "The error rates of the importer's divergence test and the error of its Gao forecast, measured on seeded synthetic logs (loaders/import/calibration.ts, generator loaders/import/synthetic-log.ts), one row per figure; data/bench/import-calibration.arrow, written by `node --import tsx bench/import-calibration.ts` and shown on the Import page.", [
  {name: "section", type: "utf8", doc: "divergence (the test of loaders/import/divergence.ts), forecast (loaders/import/forecast.ts on synthetic logs) or forecast_rl (the forecast on goodhart's own policy-gradient runs, loaders/import/forecast-runs.ts; written with --rl-runs)"},
  {name: "metric", type: "utf8", doc: "fall_test_rate (share of logs with p <= 0.05: a false alarm on the null golds), divergence_rate (share reported as a divergence: p <= 0.05 and the proxy not fallen; detection on the peak gold), peak_step_error (median |forecast - true peak step| / last step), fall_error (median |forecast - true fall| in noise sds), peak_forecast_rate (share of logs with a peak forecast), fall_agreement_rate (forecast_rl: share of runs where forecast and run agree on whether gold falls by the end). In forecast_rl, fall_error is the median |forecast - true fall| as a share of the run's gold range"},
  {name: "gold", type: "utf8", doc: "the synthetic gold: flat, rising, saturating (nulls: gold never falls) or peak (Gao et al.'s RL form with an interior peak); simulated_rl for goodhart's own runs"},
  {name: "noise", type: "utf8", doc: "white, or ar1 (lag-1 autocorrelation 0.5); exact for goodhart's own runs (exact_gold_reward where the engine has it)"},
  {name: "steps", type: "int32", nullable: true, doc: "logged steps per log (forecast_rl: the median over runs); null: pooled over every length of the section"},
  {name: "optimizer", type: "utf8", nullable: true, doc: "forecast_rl only: the runs' policy-gradient optimiser (rloo or ppo); null otherwise"},
  {name: "fall_sd", type: "float64", nullable: true, doc: "peak gold only: the true fall from the peak to the last step, in noise sds"},
  {name: "cutoff", type: "float64", nullable: true, doc: "forecast only: the share of the run's steps the forecast saw"},
  {name: "value", type: "float64", nullable: true, doc: "the figure (a share, or the error in its metric's unit); null when no log gave one"},
  {name: "logs", type: "int32", doc: "synthetic logs (or runs) the figure is over"},
  {name: "mc_se", type: "float64", nullable: true, doc: "Monte Carlo standard error of a share, sqrt(v (1 - v) / logs); null for medians"},
  {name: "target", type: "utf8", nullable: true, doc: "the issue's target for this figure (<= 0.05 false alarms on every null gold, >= 0.8 detection of a 3-sd fall), null when it has none"},
  {name: "meets", type: "bool", nullable: true, doc: "whether value meets the target (null without one)"},
  {name: "resamples", type: "int32", doc: "bootstrap resamples per test (the importer's default)"},
  {name: "seed", type: "int32", doc: "the seed every synthetic log and resample derives from"}
]);
