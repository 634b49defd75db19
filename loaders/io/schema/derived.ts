import {configId, fromRuns, interval, seedBand} from "./configs.ts";
import {table} from "./spec.ts";

/*
 * Derived tables of the overoptimization experiment (loaders/analysis/bands-and-fits.ts): seed-aggregated
 * curves with Student-t bands over seeds, and a Gao et al. fit per configuration. Sweeps that name the same
 * configuration share its runs, so these tables are keyed by configuration, never by sweep.
 */

/** The configuration columns of bands and fits: its id and the runs columns that describe it. */
export const analysisConfig = [...configId, ...fromRuns("world", "optimizer", "objective", "objective_param", "ensemble_size", "n_pairs", "label_noise")];

/** Seed means and Student-t bands of the curves, long over metric. */
export const bands = table("bands", "Curves averaged over seeds: for each configuration, metric and curve point, the mean over seeds and a 90% Student-t interval over seeds.", [
  ...analysisConfig,
  {name: "metric", type: "utf8", doc: "the curves column aggregated: gold_reward, proxy_reward or proxy_std (absent for one member)"},
  {name: "point", type: "int32", doc: "curve point (curves.point)"},
  {name: "kl", type: "float64", unit: "nats", doc: "mean over seeds of curves.kl at this point"},
  {name: "sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "mean over seeds of curves.sqrt_kl at this point (Gao et al.'s d)"},
  ...seedBand,
  {name: "sd", type: "float64", nullable: true, unit: "as the metric", doc: "standard deviation over seeds (null with one seed)"}
]);

/** One Gao et al. fit of the seed-mean gold curve per configuration. */
export const fits = table("fits", "Gao et al. 2022 scaling-law fit of each configuration's seed-mean gold curve against mean sqrt(KL), with the observed peak and the end of the curve.", [
  ...analysisConfig,
  {name: "form", type: "utf8", doc: "bon: R = d (alpha - beta d) for best_of_n; rl: R = d (alpha - beta log d) for the other optimisers"},
  {name: "alpha", type: "float64", nullable: true, doc: "fitted alpha (null when the curve has too few distinct d to fit)"},
  {name: "beta", type: "float64", nullable: true, doc: "fitted beta (null when not fitted)"},
  {name: "peak_d", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "d at the fitted curve's interior maximum (null when it has none)"},
  {name: "peak_reward", type: "float64", nullable: true, unit: "gold std under pi_0", doc: "fitted gold reward at peak_d (null with peak_d)"},
  {name: "r2", type: "float64", nullable: true, doc: "1 - SS_res / SS_tot of the fit over the seed-mean points (null when not fitted or all equal)"},
  {name: "n_points", type: "int32", doc: "curve points fitted"},
  {name: "n_seeds", type: "int32", doc: "seeds behind each point (the fewest over points)"},
  {name: "observed_peak_d", type: "float64", unit: "sqrt(nats)", doc: "mean sqrt(KL) of the point where the seed-mean gold reward is highest"},
  {name: "observed_peak_gold", type: "float64", unit: "gold std under pi_0", doc: "highest seed-mean gold reward along the curve"},
  {name: "final_d", type: "float64", unit: "sqrt(nats)", doc: "mean sqrt(KL) of the last point (largest KL)"},
  ...interval("final_gold", "gold reward at the last point (largest KL)", "gold std under pi_0"),
  {name: "final_proxy", type: "float64", nullable: true, unit: "member std under pi_0", doc: "seed-mean proxy reward (the optimised objective) at the last point"}
]);

/** Points of each fitted Gao curve, what the Overoptimization page draws dashed over the gold bands. */
export const fitCurves = table("fit_curves", "Points of each configuration's fitted Gao et al. gold curve (fits), from d = 0 to the last observed d (final_d), never extrapolated (loaders/analysis/fit-curves.ts).", [
  ...analysisConfig,
  {name: "form", type: "utf8", doc: "the fit's form (fits.form)"},
  {name: "point", type: "int32", doc: "index of the point along the curve, 0 at d = 0"},
  {name: "d", type: "float64", unit: "sqrt(nats)", doc: "d = sqrt(KL), evenly spaced from 0 to fits.final_d (81 points)"},
  {name: "gold_reward", type: "float64", unit: "gold std under pi_0", doc: "the fitted curve R(d) at d"}
]);

/** The derived tables of the overoptimization experiment, in the order the docs list them. */
export const analysisTables = {bands, fits, fit_curves: fitCurves} as const;
