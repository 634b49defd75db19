import type {Row, bands, fits} from "../io/schema/index.ts";
import {aggregateSeeds} from "./aggregate-seeds.ts";
import {configId, failedIds, succeeded} from "./config-id.ts";
import {type EngineRow, numberOf, numberOrNullOf, textOf} from "./engine-rows.ts";
import {fitGao} from "./fit-gao.ts";
import type {GaoForm} from "./gao.ts";
import type {TIntervalOptions} from "./t-interval.ts";

/*
 * Derived analysis tables: seed-aggregated curves with Student-t bands over seeds, and a Gao et al. fit per
 * configuration. A configuration is a run's resolved config without its seed; sweeps that name the
 * same configuration share its runs (the engine keeps each run_id once), so these tables are keyed
 * by configuration, never by sweep.
 */

/** The curves columns that bands aggregates, in output order. */
export const bandMetrics = ["gold_reward", "proxy_reward", "proxy_std"] as const;

/** A bands row, a fits row. */
export type BandRow = Row<typeof bands>;
export type FitRow = Row<typeof fits>;
/** The configuration columns of bands and fits (analysisConfig). */
export type AnalysisConfig = Pick<BandRow, "config_id" | "world" | "optimizer" | "objective" | "objective_param" | "ensemble_size" | "n_pairs" | "label_noise">;

/** The configuration columns of a run row, and its config_id. */
export function configOf(run: EngineRow): AnalysisConfig {
  return {
    config_id: configId(run),
    world: textOf(run, "world"),
    optimizer: textOf(run, "optimizer"),
    objective: textOf(run, "objective"),
    objective_param: numberOrNullOf(run, "objective_param"),
    ensemble_size: numberOf(run, "ensemble_size"),
    n_pairs: numberOrNullOf(run, "n_pairs"),
    label_noise: numberOrNullOf(run, "label_noise")
  };
}

/** The configuration columns of a bands or fits row (and nothing else). */
export function configColumns({config_id, world, optimizer, objective, objective_param, ensemble_size, n_pairs, label_noise}: AnalysisConfig): AnalysisConfig {
  return {config_id, world, optimizer, objective, objective_param, ensemble_size, n_pairs, label_noise};
}

/** Gao form for an optimiser: best-of-n has its own; KL-regularised and RL optimisers take "rl". */
export function gaoFormOf(optimizer: string): GaoForm {
  return optimizer === "best_of_n" ? "bon" : "rl";
}

/**
 * The bands table from the runs and curves rows of an experiment (as runExperiment returns them):
 * per configuration, metric and point, seed mean and 90% t-interval over seeds. Ordered by
 * configuration (first appearance in runs), then metric, then point.
 */
export function bandRows(rows: {runs: readonly EngineRow[]; curves: readonly EngineRow[]}, options: TIntervalOptions = {}): BandRow[] {
  // 1. Map each run to its configuration.
  const configs = new Map<string, {config: AnalysisConfig; order: number}>();
  const runConfig = new Map<string, {config: AnalysisConfig; seed: unknown}>();
  for (const run of rows.runs.filter(succeeded)) {
    const config = configOf(run);
    const id = config.config_id;
    if (!configs.has(id)) configs.set(id, {config, order: configs.size});
    runConfig.set(String(run.run_id), {config: configs.get(id)!.config, seed: run.seed});
  }

  // 2. Long rows: one per curve point and metric with a finite value.
  const long: {config_id: string; metric: (typeof bandMetrics)[number]; point: number; seed: unknown; value: number; kl: unknown; sqrt_kl: unknown}[] = [];
  const failed = failedIds(rows.runs);
  for (const curve of rows.curves) {
    const run = runConfig.get(String(curve.run_id));
    if (!run && failed.has(String(curve.run_id))) continue;
    if (!run) throw new Error(`curves row for run_id ${String(curve.run_id)}: no such run in runs (pass the runs of the same experiment)`);
    for (const metric of bandMetrics) {
      const value = curve[metric];
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      long.push({config_id: run.config.config_id, metric, point: numberOf(curve, "point"), seed: run.seed, value, kl: curve.kl, sqrt_kl: curve.sqrt_kl});
    }
  }

  // 3. Seed means and bands, then config columns back in and a stable order.
  const aggregates = aggregateSeeds(long, {...options, by: ["config_id", "metric", "point"], value: "value", x: ["kl", "sqrt_kl"]});
  const out = aggregates.map(({config_id, metric, point, kl, sqrt_kl, n_seeds, mean, sd, lower, upper}): BandRow => ({
    ...configs.get(config_id)!.config,
    metric, point, kl, sqrt_kl, n_seeds, mean, sd, lower, upper
  }));
  const order = (r: BandRow) => configs.get(r.config_id)!.order;
  const metricOrder = (r: BandRow) => bandMetrics.findIndex((m) => m === r.metric);
  return out.sort((a, b) => order(a) - order(b) || metricOrder(a) - metricOrder(b) || a.point - b.point);
}

/**
 * The fits table from bands rows: per configuration, a Gao fit of mean gold against mean sqrt(KL)
 * (form by optimiser), the observed peak, and the last point's gold and proxy.
 */
export function fitRows(bandRows: readonly BandRow[]): FitRow[] {
  const byConfig = new Map<string, {config: AnalysisConfig; gold: BandRow[]; proxy: BandRow[]}>();
  for (const row of bandRows) {
    const id = row.config_id;
    let entry = byConfig.get(id);
    if (!entry) {
      byConfig.set(id, (entry = {config: configColumns(row), gold: [], proxy: []}));
    }
    if (row.metric === "gold_reward") entry.gold.push(row);
    else if (row.metric === "proxy_reward") entry.proxy.push(row);
  }
  const out: FitRow[] = [];
  for (const {config, gold, proxy} of byConfig.values()) {
    if (gold.length === 0) continue;
    const form = gaoFormOf(config.optimizer);
    let fit: {alpha: number | null; beta: number | null; peak_d: number | null; peak_reward: number | null; r2: number | null};
    try {
      fit = fitGao(gold, {form, x: "sqrt_kl", y: "mean"});
    } catch {
      fit = {alpha: null, beta: null, peak_d: null, peak_reward: null, r2: null};
    }
    const d = (r: BandRow) => r.sqrt_kl;
    const peak = gold.reduce((best, r) => (r.mean > best.mean ? r : best));
    const last = gold.reduce((end, r) => (d(r) > d(end) ? r : end));
    const lastProxy = proxy.find((r) => r.point === last.point);
    out.push({
      ...config,
      form,
      alpha: fit.alpha,
      beta: fit.beta,
      peak_d: fit.peak_d,
      peak_reward: fit.peak_reward,
      r2: fit.r2,
      n_points: gold.length,
      n_seeds: Math.min(...gold.map((r) => r.n_seeds)),
      observed_peak_d: d(peak),
      observed_peak_gold: peak.mean,
      final_d: d(last),
      final_gold: last.mean,
      final_gold_lower: last.lower,
      final_gold_upper: last.upper,
      final_proxy: lastProxy ? lastProxy.mean : null
    });
  }
  return out;
}
