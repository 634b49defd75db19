import {configId, fromRuns, seedBand} from "./configs.ts";
import {columns, table} from "./spec.ts";

/*
 * Derived tables of a language-model experiment (loaders/analysis/text-summary.ts), for the
 * White-box rewards page: per run, how monotonically held-out gold follows the optimised proxy
 * across checkpoints (monotonicity), and checkpoint metrics averaged over seeds (text_bands).
 */

/** A per-seed quantity's mean over seeds, its 90% Student-t interval and the seeds behind it. */
function seedStat<const N extends string>(name: N, what: string, unit: string) {
  return columns(
    {name: `${name}_seeds`, type: "int32", doc: `${what}: seeds averaged`},
    {name, type: "float64", nullable: true, unit, doc: `${what}: mean over seeds (null with no seed)`},
    {name: `${name}_lower`, type: "float64", nullable: true, unit, doc: `${what}: lower bound of the 90% Student-t interval over seeds`},
    {name: `${name}_upper`, type: "float64", nullable: true, unit, doc: `${what}: upper bound of the 90% Student-t interval over seeds`}
  );
}

const config = [
  ...configId,
  ...fromRuns("sweep"),
  {name: "label", type: "utf8", doc: "short name of the proxy: RER li, RER li*RP, RER li*RP*rel, RER full; learned linear (single), learned linear WCO x5, ..."},
  ...fromRuns("reward_source", "objective", "ensemble_size", "kl_coef")
] as const;

export const monotonicity = table("monotonicity", "Per language-model run: rank correlation across checkpoints between the mean proxy the run optimised and mean gold on the held-out prompts (Kim & Seo's monotonicity), with a percentile-bootstrap interval that resamples prompts (not checkpoints), and the per-prompt rank correlations.", [
  ...fromRuns("run_id", "seed"),
  ...config,
  {name: "checkpoints", type: "int32", doc: "checkpoints correlated (step 0 included)"},
  {name: "prompts", type: "int32", doc: "held-out prompts behind each checkpoint's means"},
  {name: "spearman", type: "float64", nullable: true, doc: "Spearman rho between the checkpoints' mean proxy and mean gold (null when either is constant)"},
  {name: "spearman_lower", type: "float64", nullable: true, doc: "5th percentile of rho over 1,000 resamples of the held-out prompts (with replacement; checkpoints kept)"},
  {name: "spearman_upper", type: "float64", nullable: true, doc: "95th percentile of those resamples"},
  {name: "kendall", type: "float64", nullable: true, doc: "Kendall tau-b between the same means"},
  {name: "per_prompt_spearman", type: "float64", nullable: true, doc: "mean over prompts of each prompt's own Spearman rho across checkpoints (prompts whose proxy or gold never changes are left out)"},
  {name: "per_prompt_positive", type: "float64", nullable: true, unit: "fraction", doc: "share of those prompts whose own rho is > 0"},
  {name: "proxy_change", type: "float64", unit: "member std under pi_ref", doc: "mean proxy at the last checkpoint minus at step 0"},
  {name: "gold_change", type: "float64", unit: "gold std under pi_ref", doc: "mean held-out gold at the last checkpoint minus at step 0"}
]);

export const textBands = table("text_bands", "Checkpoint metrics averaged over seeds: per configuration, metric and checkpoint, the mean and a 90% Student-t interval over seeds.", [
  ...config,
  {name: "metric", type: "utf8", doc: "a checkpoints column: proxy_reward, proxy_raw, gold_reward, length, repetition, copying, correct, ended"},
  {name: "point", type: "int32", doc: "RL step of the checkpoint"},
  ...seedBand
]);


export const monotonicitySummary = table("monotonicity_summary", "Per language-model configuration: the monotonicity table summarised over seeds, each mean with its 90% Student-t interval over seeds (loaders/analysis/text-changes.ts).", [
  ...config,
  ...seedStat("spearman", "Spearman rho across checkpoints (a run whose rho is undefined counts 0, as in the findings)", "rho"),
  {name: "spearman_positive", type: "int32", doc: "seeds with rho > 0"},
  ...seedStat("per_prompt_spearman", "per-prompt rho averaged over prompts (seeds with one)", "rho"),
  {name: "per_prompt_positive", type: "float64", nullable: true, unit: "fraction", doc: "share of prompts with rho > 0, averaged over seeds (null when no seed has one)"},
  ...seedStat("proxy_change", "proxy change from step 0 to the last checkpoint", "member std under pi_ref"),
  ...seedStat("gold_change", "held-out gold change from step 0 to the last checkpoint", "gold std under pi_ref")
]);

export const textChanges = table("text_changes", "Per language-model configuration and checkpoint metric: its change from step 0 to the last checkpoint of each run, summarised over seeds with a 90% Student-t interval, and whether it moved the way a reward hack would (loaders/analysis/text-changes.ts).", [
  ...config,
  {name: "metric", type: "utf8", doc: "a checkpoints column: length, repetition, copying, ended, correct, gold_reward or proxy_reward"},
  {name: "start", type: "float64", unit: "as the metric", doc: "mean over seeds of the metric at each run's first checkpoint"},
  {name: "final", type: "float64", unit: "as the metric", doc: "mean over seeds of the metric at each run's last checkpoint"},
  ...seedBand,
  {name: "seeds_up", type: "int32", doc: "seeds whose change is > 0"},
  {name: "seeds_down", type: "int32", doc: "seeds whose change is < 0"},
  {name: "direction", type: "utf8", nullable: true, doc: "rise when the interval lies above 0, fall when below, null when it contains 0 (not separable from seed noise)"},
  {name: "hack", type: "bool", doc: "whether it moved the way a reward hack would: length, repetition or copying rose, ended or correct fell"}
]);

export const textWorld = table("text_world", "Examples of the text world the language model learns from: prompts (open-ended and closed-ended with their reference answers) and demonstrations of the fine-tuning corpus with the flaws written into them.", [
  {name: "example", type: "int32", doc: "order of the example"},
  {name: "kind", type: "utf8", doc: "prompt or demonstration"},
  {name: "split", type: "utf8", doc: "train (the corpus's prompts, RL's prompts) or heldout (kept out of the corpus; the checkpoints answer them)"},
  {name: "prompt_id", type: "int32", doc: "prompt index in the world"},
  {name: "prompt_kind", type: "utf8", doc: "open (a topic to talk about) or closed (a question with a reference answer)"},
  {name: "prompt_text", type: "utf8", doc: "the prompt"},
  {name: "reference", type: "utf8", nullable: true, doc: "the reference answer of a closed-ended prompt (from the seeded fact table)"},
  {name: "text", type: "utf8", nullable: true, doc: "a demonstration's text (null for prompt rows)"},
  {name: "flaws", type: "utf8", nullable: true, doc: "flaws written into a demonstration: drift, repetition, wrong (comma-separated), or none; null for prompt rows"}
]);

export const textTables = {monotonicity, text_bands: textBands, text_world: textWorld, monotonicity_summary: monotonicitySummary, text_changes: textChanges} as const;
