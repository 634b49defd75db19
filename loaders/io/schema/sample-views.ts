import {analysisConfig} from "./derived.ts";
import {table} from "./spec.ts";

/*
 * Page-facing views of the samples table (loaders/analysis/sample-views.ts): what the scatter of
 * responses needs and nothing more, so a page stays interactive at a million samples. Responses are
 * keyed by a small integer group (a configuration) instead of a run_id string; values a chart only
 * draws are float32. The engine's samples table is unchanged.
 */

const group = {name: "group_id", type: "int32", doc: "the configuration's group (joins sample_groups); groups are numbered 0, 1, ... in runs order"} as const;

/** One row per configuration that has samples: its grid and how many responses it has. */
export const sampleGroups = table("sample_groups", "One row per configuration with samples: the configuration's runs columns, its response count and the proxy x gold grid its density bins use (one grid per world and optimizer, so the configurations a page compares share it).", [
  group,
  ...analysisConfig,
  {name: "rows", type: "int32", doc: "responses of the configuration over all its seeds (rows of sample_points)"},
  {name: "x_min", type: "float64", unit: "member std under pi_0", doc: "left edge of the grid's proxy_reward axis: min(0, smallest proxy reward of the world and optimizer)"},
  {name: "x_max", type: "float64", unit: "member std under pi_0", doc: "right edge: max(0, largest proxy reward)"},
  {name: "y_min", type: "float64", unit: "gold std under pi_0", doc: "bottom edge of the gold_reward axis: min(0, smallest gold reward)"},
  {name: "y_max", type: "float64", unit: "gold std under pi_0", doc: "top edge: max(0, largest gold reward)"},
  {name: "bins", type: "int32", doc: "bins per axis; bin i of x covers [x_min + i w, x_min + (i + 1) w) with w = (x_max - x_min) / bins, the last one closed"}
]);

/** Responses, compact: the columns the scatter draws. */
export const samplePoints = table("sample_points", "Every response of the samples table, reduced to what the scatter draws, ordered by group_id. Pages fetch it only when a selection is small enough to draw as points.", [
  group,
  {name: "sqrt_kl", type: "float32", nullable: true, unit: "sqrt(nats)", doc: "curves.sqrt_kl of the policy the response was drawn from (run_id, point)"},
  {name: "proxy_reward", type: "float32", unit: "member std under pi_0", doc: "samples.proxy_reward"},
  {name: "gold_reward", type: "float32", unit: "gold std under pi_0", doc: "samples.gold_reward"},
  {name: "length", type: "float32", doc: "samples.length"},
  {name: "nuisance_max_abs", type: "float32", nullable: true, doc: "samples.nuisance_max_abs"}
]);

/** The responses of each configuration binned on its grid: a density for large selections. */
export const sampleBins = table("sample_bins", "The responses of each configuration counted on its proxy x gold grid (sample_groups), one row per non-empty bin, with the means a chart colours by.", [
  group,
  {name: "bx", type: "int32", doc: "proxy_reward bin, 0 .. bins - 1"},
  {name: "by", type: "int32", doc: "gold_reward bin, 0 .. bins - 1"},
  {name: "count", type: "int32", doc: "responses in the bin"},
  {name: "sqrt_kl", type: "float32", nullable: true, unit: "sqrt(nats)", doc: "mean sqrt_kl of the bin's responses (over those that have one)"},
  {name: "length", type: "float32", doc: "mean length feature"},
  {name: "nuisance_max_abs", type: "float32", nullable: true, doc: "mean largest |nuisance| (over responses that have one)"}
]);

/** The sample view tables, in the order the docs list them. */
export const sampleViewTables = {sample_groups: sampleGroups, sample_points: samplePoints, sample_bins: sampleBins} as const;
