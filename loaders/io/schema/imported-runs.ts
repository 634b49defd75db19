import {runId} from "./runs.ts";
import {table} from "./spec.ts";

/*
 * What `goodhart import` read for each imported run (loaders/import/): where it came from, which
 * column plays which role and why (the gold detection of loaders/import/gold.ts), the bounds
 * that W&B exports log next to a metric, and the text metrics of its per-sample logs.
 */

export const importedRuns = table("imported_runs", "Imported runs: one row per run read from a log (a file can hold several: W&B exports, Trackio), with the column of each role and how the gold column was found.", [
  ...runId,
  {name: "source", type: "utf8", doc: "the log file's name (a folder import: its path under the folder)"},
  {name: "run", type: "utf8", nullable: true, doc: "the run's name inside the file (W&B `<run> - <metric>` or `Group: <group> - <metric>` columns, Trackio's run_name); null for a file of one run"},
  {name: "format", type: "utf8", doc: "trl, json, jsonl, csv, text, tfevents (TensorBoard event file) or parquet (Trackio)"},
  {name: "step", type: "utf8", nullable: true, doc: "the step column; null when steps are the rows' order"},
  {name: "proxy", type: "utf8", doc: "the proxy reward column"},
  {name: "gold", type: "utf8", nullable: true, doc: "the gold column; null when none was named or found"},
  {name: "gold_source", type: "utf8", nullable: true, doc: "how the gold column was found: mapping (named by --gold or a mapping), alias (a gold name), judge (a judge-named column), zero_weight_reward (a TRL reward function with weight 0 in reward), win_rate, val_core (verl), eval_metric (OpenRLHF eval/*), eval_reward (eval_*reward: the proxy's model on held-out prompts); null for none"},
  {name: "gold_reason", type: "utf8", doc: "the detection's reason in one sentence (printed by goodhart import), or what was looked for when there is no gold"},
  {name: "kl", type: "utf8", nullable: true, doc: "the KL column; null when none"},
  {name: "kl_estimator", type: "utf8", doc: "k1, k2, k3 or exact: how the log's KL was estimated (--kl-estimator)"},
  {name: "downsampled", type: "bool", doc: "whether the export is downsampled: a W&B run's point with <metric>__MIN < __MAX stands for several logged steps"},
  {name: "downsampled_reason", type: "utf8", nullable: true, doc: "why the export counts as downsampled; null when it does not"},
  {name: "rows_read", type: "int32", doc: "records of the run parsed from the file"},
  {name: "steps", type: "int32", doc: "steps after cleaning (duplicates resolved, eval rows merged)"}
]);

export const importedBounds = table("imported_bounds", "Imported runs: lower and upper bounds a log gives for a metric at a step (W&B's `<metric>__MIN` / `__MAX` export columns: for a run, the range of the steps bucketed into one point; for a group, the range over its runs), long format.", [
  ...runId,
  {name: "step", type: "int32", doc: "the step"},
  {name: "name", type: "utf8", doc: "canonical name of the metric (imported_metrics.name)"},
  {name: "key", type: "utf8", doc: "the metric as logged, without __MIN/__MAX"},
  {name: "min", type: "float64", nullable: true, doc: "<key>__MIN; null when absent"},
  {name: "max", type: "float64", nullable: true, doc: "<key>__MAX; null when absent"}
]);

export const importedSamples = table("imported_samples", "Imported runs: per-step text metrics of the completions in the run's per-sample logs (goodhart import --samples: OpenRLHF's eval_samples_step_<N>.jsonl, TRL's completions table; loaders/import/samples-log.ts), one row per samples file and step, so the proxy's rise can be read as length or repetition. Tokens are those of Kim & Seo's white-box features (\\w+|[^\\w\\s]+ with any Unicode letter or digit a word character; loaders/reward/words.ts), counted after the cut at the stop strings (--stop). Empty without --samples.", [
  ...runId,
  {name: "step", type: "int32", doc: "the step the completions were written at (curves.point)"},
  {name: "source", type: "utf8", doc: "the samples file's name (a folder: its path under the folder)"},
  {name: "samples", type: "int32", doc: "completions at the step in that file"},
  {name: "cut", type: "int32", doc: "completions cut at a stop string (0 without --stop)"},
  {name: "mean_chars", type: "float64", doc: "mean length of a completion in characters (Unicode code points)"},
  {name: "mean_tokens", type: "float64", doc: "mean word/punctuation tokens per completion"},
  {name: "mean_li", type: "float64", doc: "mean of Kim & Seo's length incentive LI = tokens / 100 (loaders/reward/white-box.ts lengthIncentive): mean_tokens on the paper's scale"},
  {name: "mean_rp", type: "float64", doc: "mean of Kim & Seo's repetition penalty RP = unique token trigrams / trigrams of a completion, 1 under 3 tokens (repetitionPenalty): falls as completions repeat themselves"},
  {name: "distinct_1", type: "float64", nullable: true, doc: "distinct-1 (Li et al. 2016): distinct tokens / tokens over the step's completions together (falls as completions repeat each other); null with no token"},
  {name: "distinct_2", type: "float64", nullable: true, doc: "distinct-2: distinct token bigrams / bigrams over the step's completions (bigrams within a completion); null with no bigram"},
  {name: "reward_mean", type: "float64", nullable: true, doc: "mean of the samples' logged reward (the first of reward, score, rewards); null when the samples carry none"}
]);

export const importedRunTables = {imported_runs: importedRuns, imported_bounds: importedBounds, imported_samples: importedSamples} as const;
