import {configId, fromRuns, interval, seedBand} from "./configs.ts";
import {table} from "./spec.ts";

/*
 * Derived tables of the policy-gradient experiment (loaders/analysis/rl-summary.ts), for the Robust
 * objectives page: seed-mean curves with Student-t bands (rl_bands), one row of end-of-training
 * facts per run (rl_seeds), and one summary row per configuration (rl_summary).
 */

const [klCoef, klControl, klTarget] = fromRuns("kl_coef", "kl_control", "kl_target");
const config = [
  ...configId,
  ...fromRuns("sweep"),
  {name: "label", type: "utf8", doc: "short name: objective, its parameter, and what differs from the spec's base (KL coefficient, optimiser)"},
  ...fromRuns("optimizer", "objective", "objective_param"),
  {name: "reward_model", type: "utf8", doc: "reward model architecture: linear, mlp or brme (runs.reward_source)"},
  ...fromRuns("ensemble_size", "label_noise"),
  // Every run here is a policy-gradient run: kl_control is never null, kl_coef only for exact_target.
  {...klCoef, doc: "initial KL coefficient beta (optimizer.kl_coef); null for exact_target, whose runs each solve their own (the beta metric)"},
  {...klControl, nullable: false},
  klTarget
] as const;

export const rlBands = table("rl_bands", "Training curves averaged over seeds: per configuration, metric and logged step, the mean and a 90% Student-t interval over seeds.", [
  ...config,
  {name: "metric", type: "utf8", doc: "gold_reward, proxy_reward, proxy_std, kl, kl_k1, kl_k2, kl_k3, entropy, beta or exact_gold_reward (curves columns)"},
  {name: "point", type: "int32", doc: "training step"},
  {name: "sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "mean over seeds of sqrt(exact KL) at this step"},
  ...seedBand
]);

export const rlSeeds = table("rl_seeds", "One row per run (configuration x seed): where its gold reward peaked, where it ended, and how much it still moved over the last quarter of training.", [
  ...config,
  ...fromRuns("seed"),
  {name: "final_gold", type: "float64", unit: "gold std under pi_0", doc: "gold reward at the last step"},
  {name: "peak_gold", type: "float64", unit: "gold std under pi_0", doc: "highest gold reward of this run along training"},
  {name: "peak_point", type: "int32", doc: "step of peak_gold"},
  {name: "drop", type: "float64", unit: "gold std under pi_0", doc: "peak_gold - final_gold (>= 0; 0 when the run ends at its peak)"},
  {name: "late_range", type: "float64", unit: "gold std under pi_0", doc: "max - min of gold over the logged steps of the last quarter of training"},
  {name: "late_slope", type: "float64", unit: "gold std per 100 steps", doc: "least-squares slope of gold over the last quarter of training"},
  {name: "final_sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "sqrt(exact KL) at the last step"},
  {name: "final_proxy", type: "float64", doc: "proxy reward (the optimised objective) at the last step"},
  {name: "final_proxy_std", type: "float64", nullable: true, doc: "ensemble disagreement at the last step (null for one member)"}
]);

export const rlSummary = table("rl_summary", "One row per configuration: final gold, fall after the peak (chosen on half of the seeds, measured on the other half) and late-training movement, each with a 90% Student-t interval over seeds, plus a Gao et al. RL-form fit of the seed-mean gold curve.", [
  ...config,
  {name: "n_seeds", type: "int32", doc: "seeds"},
  ...interval("final_gold", "gold reward at the last step", "gold std under pi_0"),
  {name: "peak_point", type: "int32", doc: "step where the seed-mean gold curve peaks"},
  {name: "peak_gold", type: "float64", unit: "gold std under pi_0", doc: "the seed-mean gold curve's maximum"},
  ...interval("fall", "per measured seed (every other seed, first included), gold at the step where the mean curve of the other seeds peaks minus gold at the last step, so the peak is never chosen on the seeds it is measured on; > 0 means gold fell after its peak", "gold std under pi_0"),
  ...interval("late_range", "max - min of gold over the last quarter of training", "gold std under pi_0"),
  {name: "final_sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "mean sqrt(exact KL) at the last step"},
  {name: "gao_alpha", type: "float64", nullable: true, doc: "alpha of R(d) = d (alpha - beta log d) fitted to the seed-mean gold vs mean sqrt(KL) (null when it cannot be fitted)"},
  {name: "gao_beta", type: "float64", nullable: true, doc: "beta of that fit"},
  {name: "gao_peak_d", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "d at the fitted curve's peak (null when it has none)"}
]);

/** The derived tables of the policy-gradient experiment, in the order the docs list them. */
export const rlTables = {rl_bands: rlBands, rl_seeds: rlSeeds, rl_summary: rlSummary} as const;
