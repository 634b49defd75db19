import {fromRuns} from "./configs.ts";
import {table} from "./spec.ts";

/*
 * The claims an experiment supports, one row per claim (loaders/analysis/findings*.ts). Every
 * sentence the report states about results is rendered from these rows.
 */

const [world, optimizer, nPairs, labelNoise, ensembleSize, klCoef] = fromRuns("world", "optimizer", "n_pairs", "label_noise", "ensemble_size", "kl_coef");

export const findings = table("findings", "One row per claim about an experiment's results: the claim, its effect over seeds with a Student-t interval simultaneous over the experiment's findings (all cover together with 90% probability), how many seeds point its way, the smallest effect of interest and the verdict. The engine writes it next to the run tables (findings.arrow).", [
  {name: "finding_id", type: "utf8", doc: "first 12 hex digits of sha256 of experiment, kind, setting, subject and baseline: the same claim keeps its id whatever the seeds"},
  {name: "experiment", type: "utf8", doc: "name of the experiment spec"},
  {name: "kind", type: "utf8", doc: "falls_after_peak (gold at the peak chosen on half of the seeds minus gold at the end, measured on the other half), beats (paired final-gold difference subject - baseline), ends_below_start (- final gold; language models: held-out gold at step 0 minus at the end), ends_above_start (final gold) or rises_with_proxy (a language model's per-seed Spearman rho across checkpoints between the proxy it optimised and held-out gold)"},
  {...world, doc: "world preset of the runs compared"},
  {...optimizer, doc: "optimiser of the runs compared"},
  {...nPairs, doc: "training pairs of the subject's runs"},
  {...labelNoise, doc: "label noise of the subject's runs"},
  {...ensembleSize, doc: "members of the subject's ensemble (1 for single)"},
  {...klCoef, doc: "KL coefficient of the subject's runs (null for best_of_n and kl_tilt)"},
  {name: "subject", type: "utf8", doc: "the configuration the claim is about (objective, or the Robust page's configuration label)"},
  {name: "baseline", type: "utf8", nullable: true, doc: "the configuration it is compared with, same seeds (null when the claim is about the subject alone)"},
  {name: "claim", type: "utf8", doc: "the claim as a sentence, without numbers (the same across reruns)"},
  {name: "headline", type: "bool", doc: "whether the home page leads with it"},
  {name: "effect", type: "float64", unit: "gold std under pi_0 (rises_with_proxy: rank correlation)", doc: "mean over seeds of the per-seed effect, signed so that > 0 supports the claim; language models: gold changes divided by the seed's std across held-out prompts of pi_ref's mean gold per prompt"},
  {name: "lower", type: "float64", unit: "as effect", doc: "lower bound of the Student-t interval of effect over seeds at interval_level (a one-sided (1 - interval_level) / 2 test)"},
  {name: "upper", type: "float64", unit: "as effect", doc: "upper bound of that interval"},
  {name: "interval_level", type: "float64", doc: "coverage of this finding's interval: 1 - 0.1 / family_size, so that the intervals of all the experiment's findings cover their effects together with probability >= 90% (Bonferroni; loaders/analysis/findings.ts)"},
  {name: "family_size", type: "int32", doc: "findings the experiment states (rows of this table for it): the family its intervals are simultaneous over"},
  {name: "seeds_supporting", type: "int32", doc: "seeds whose own effect is > 0"},
  {name: "seeds_total", type: "int32", doc: "seeds behind the effect (paired claims: seeds both configurations ran; falls_after_peak: the measured half)"},
  {name: "sesoi", type: "float64", unit: "as effect", doc: "smallest effect size of interest, fixed per kind before any result (loaders/analysis/verdict.ts): 0.1 gold std (Kruschke's region of practical equivalence, half of Cohen's small d), 0.05 for rank correlations"},
  {name: "verdict", type: "utf8", doc: "negligible (interval inside -sesoi..sesoi: an equivalence test, two one-sided tests at (1 - interval_level) / 2), holds (interval above 0 and effect >= sesoi), reversed (interval below 0 and effect <= -sesoi) or not_separable (anything else: the interval contains 0, or excludes it but the effect is below sesoi and the interval reaches past it; or one seed)"}
]);
