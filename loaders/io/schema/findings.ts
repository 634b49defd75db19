import {fromRuns} from "./configs.ts";
import {table} from "./spec.ts";

/*
 * The claims an experiment supports, one row per claim (loaders/analysis/findings*.ts). Every
 * sentence the report states about results is rendered from these rows.
 */

const [world, optimizer, nPairs, labelNoise, ensembleSize, klCoef] = fromRuns("world", "optimizer", "n_pairs", "label_noise", "ensemble_size", "kl_coef");

export const findings = table("findings", "One row per claim about an experiment's results: its role (a primary claim the spec declared, or exploratory), its effect (the median over seeds) with the sign test's interval (Holm-adjusted over the primaries at a 5% family-wise error; 90% for each exploratory row, with a Benjamini-Hochberg q-value), how many seeds point its way, the smallest effect of interest and the verdict (not_tested, with its reason, when the measurement did not happen). The engine writes it next to the run tables (findings.arrow).", [
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
  {name: "role", type: "utf8", doc: "primary (a claim the spec declares in `primaries`, before any result: the questions the experiment exists to answer; the only rows that may be headlines) or exploratory (every other claim: never a headline, never a confirmed result)"},
  {name: "primary_id", type: "utf8", nullable: true, doc: "the id of the claim in the spec's primaries (null for exploratory rows)"},
  {name: "headline", type: "bool", doc: "whether the home page may lead with it: role = primary"},
  {name: "effect", type: "float64", nullable: true, unit: "gold std under pi_0 (rises_with_proxy: rank correlation)", doc: "median over seeds of the per-seed effect, signed so that > 0 supports the claim in its stated direction; language models: held-out gold in std per response under the seed's pi_ref (its samples on the RL prompts); null when no seed measured it"},
  {name: "lower", type: "float64", nullable: true, unit: "as effect", doc: "lower bound of the sign test's interval of the median at interval_level (an order statistic of the per-seed values: exact for any distribution of them, loaders/analysis/sign-test.ts); null when not_tested"},
  {name: "upper", type: "float64", nullable: true, unit: "as effect", doc: "upper bound of that interval"},
  {name: "interval_level", type: "float64", doc: "nominal coverage of the interval (it attains at least this): a primary's Holm step 1 - 0.05 / (family_size - j) for the claim with the j-th smallest p while Holm rejects, that step's level for the rest (the interval excludes 0 exactly when Holm rejects); 0.9 for an exploratory row"},
  {name: "method", type: "utf8", doc: "how the interval and p were computed, in words (\"Holm-adjusted sign test of the median over seeds\" or \"sign test of the median over seeds\")"},
  {name: "p_value", type: "float64", nullable: true, doc: "two-sided sign-test p of a median of 0 (unadjusted); null when not_tested"},
  {name: "adjusted_p", type: "float64", nullable: true, doc: "primary: Holm-adjusted p over the tested primaries (<= 0.05: the claim's direction is confirmed at a 5% family-wise error); exploratory: Benjamini-Hochberg q-value over the tested exploratory rows; null when not_tested"},
  {name: "family_size", type: "int32", doc: "tested rows of the same role in the experiment: the family the adjustment ran over (not_tested rows are outside it)"},
  {name: "seeds_supporting", type: "int32", doc: "seeds whose own effect is > 0"},
  {name: "seeds_total", type: "int32", doc: "seeds behind the effect (paired claims: seeds both configurations ran; falls_after_peak: the measured half)"},
  {name: "worlds", type: "int32", doc: "distinct worlds behind the effect: a pool world and a text world whose world.seed is \"per_seed\" are drawn from the run seed, so worlds = seeds_total; a text spec with a fixed world.seed has 1 (its seeds vary RL noise only)"},
  {name: "sesoi", type: "float64", unit: "as effect", doc: "smallest effect size of interest: a primary's as its spec declares it; an exploratory row's fixed per kind before any result (loaders/analysis/verdict.ts): 0.1 gold std (Kruschke's region of practical equivalence, half of Cohen's small d), 0.05 for rank correlations"},
  {name: "verdict", type: "utf8", doc: "negligible (interval inside -sesoi..sesoi: an equivalence test, two one-sided tests at (1 - interval_level) / 2), holds (interval above 0 and effect >= sesoi), reversed (interval below 0 and effect <= -sesoi), not_separable (anything else: the interval contains 0, or excludes it but the effect is below sesoi and the interval reaches past it) or not_tested (the measurement did not happen: see reason)"},
  {name: "reason", type: "utf8", nullable: true, doc: "why the verdict is not_tested (a fall with no interior peak on the choosing seeds, a rank correlation of a constant, every seed the same value, too few seeds for the level, a primary whose selector matches no configuration); null otherwise"}
]);
