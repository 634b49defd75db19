import {analysisConfig} from "../io/schema/index.ts";
import {aggregateSeeds} from "./aggregate-seeds.ts";
import {configId, failedIds, succeeded} from "./config-id.ts";
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

type Row = Record<string, unknown>;

/** The configuration columns of a run row, and its config_id. */
export function configOf(run: Row): Row {
  return Object.fromEntries(analysisConfig.map(({name}) => [name, name === "config_id" ? configId(run) : (run[name] ?? null)]));
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
export function bandRows(rows: {runs: readonly Row[]; curves: readonly Row[]}, options: TIntervalOptions = {}): Row[] {
  // 1. Map each run to its configuration.
  const configs = new Map<string, {config: Row; order: number}>();
  const runConfig = new Map<string, {config: Row; seed: unknown}>();
  for (const run of rows.runs.filter(succeeded)) {
    const config = configOf(run);
    const id = config.config_id as string;
    if (!configs.has(id)) configs.set(id, {config, order: configs.size});
    runConfig.set(String(run.run_id), {config: configs.get(id)!.config, seed: run.seed});
  }

  // 2. Long rows: one per curve point and metric with a finite value.
  const long: Row[] = [];
  const failed = failedIds(rows.runs);
  for (const curve of rows.curves) {
    const run = runConfig.get(String(curve.run_id));
    if (!run && failed.has(String(curve.run_id))) continue;
    if (!run) throw new Error(`curves row for run_id ${String(curve.run_id)}: no such run in runs (pass the runs of the same experiment)`);
    for (const metric of bandMetrics) {
      const value = curve[metric];
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      long.push({config_id: run.config.config_id, metric, point: curve.point, seed: run.seed, value, kl: curve.kl, sqrt_kl: curve.sqrt_kl});
    }
  }

  // 3. Seed means and bands, then config columns back in and a stable order.
  const aggregates = aggregateSeeds(long, {...options, by: ["config_id", "metric", "point"], value: "value", x: ["kl", "sqrt_kl"]});
  const out = aggregates.map(({config_id, metric, point, kl, sqrt_kl, n_seeds, mean, sd, lower, upper}) => ({
    ...configs.get(config_id as string)!.config,
    metric, point, kl, sqrt_kl, n_seeds, mean, sd, lower, upper
  }));
  const order = (r: Row) => configs.get(r.config_id as string)!.order;
  const metricOrder = (r: Row) => bandMetrics.indexOf(r.metric as (typeof bandMetrics)[number]);
  return out.sort((a, b) => order(a) - order(b) || metricOrder(a) - metricOrder(b) || (a.point as number) - (b.point as number));
}

/**
 * The fits table from bands rows: per configuration, a Gao fit of mean gold against mean sqrt(KL)
 * (form by optimiser), the observed peak, and the last point's gold and proxy.
 */
export function fitRows(bandRows: readonly Row[]): Row[] {
  const byConfig = new Map<string, {config: Row; gold: Row[]; proxy: Row[]}>();
  for (const row of bandRows) {
    const id = row.config_id as string;
    let entry = byConfig.get(id);
    if (!entry) {
      const config = Object.fromEntries(analysisConfig.map((c) => [c.name, row[c.name]]));
      byConfig.set(id, (entry = {config, gold: [], proxy: []}));
    }
    if (row.metric === "gold_reward") entry.gold.push(row);
    else if (row.metric === "proxy_reward") entry.proxy.push(row);
  }
  const out: Row[] = [];
  for (const {config, gold, proxy} of byConfig.values()) {
    if (gold.length === 0) continue;
    const form = gaoFormOf(String(config.optimizer));
    let fit: {alpha: number | null; beta: number | null; peak_d: number | null; peak_reward: number | null; r2: number | null};
    try {
      fit = fitGao(gold, {form, x: "sqrt_kl", y: "mean"});
    } catch {
      fit = {alpha: null, beta: null, peak_d: null, peak_reward: null, r2: null};
    }
    const d = (r: Row) => r.sqrt_kl as number;
    const peak = gold.reduce((best, r) => ((r.mean as number) > (best.mean as number) ? r : best));
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
      n_seeds: Math.min(...gold.map((r) => r.n_seeds as number)),
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
