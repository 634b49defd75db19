import {createHash} from "node:crypto";
import type {ColumnSpec, TableSpec} from "../io/schema.ts";
import {aggregateSeeds} from "./aggregate-seeds.ts";
import type {BootstrapOptions} from "./bootstrap.ts";
import {fitGao} from "./fit-gao.ts";
import type {GaoForm} from "./gao.ts";

/*
 * Derived analysis tables: seed-aggregated curves with bootstrap bands, and a Gao et al. fit per
 * configuration. A configuration is a run's resolved config without its seed; sweeps that name the
 * same configuration share its runs (the engine keeps each run_id once), so these tables are keyed
 * by configuration, never by sweep.
 */

const configColumns: readonly ColumnSpec[] = [
  {name: "config_id", type: "utf8", doc: "first 12 hex digits of sha256 of the run config without its seed: the runs that differ only by seed"},
  {name: "world", type: "utf8", doc: "world preset (runs.world)"},
  {name: "optimizer", type: "utf8", doc: "optimiser (runs.optimizer)"},
  {name: "objective", type: "utf8", doc: "ensemble aggregation optimised (runs.objective)"},
  {name: "objective_param", type: "float64", nullable: true, doc: "the objective's parameter (runs.objective_param)"},
  {name: "ensemble_size", type: "int32", doc: "reward-model members (runs.ensemble_size)"},
  {name: "n_pairs", type: "int32", doc: "training preference pairs per member (runs.n_pairs)"},
  {name: "label_noise", type: "float64", unit: "probability", doc: "label flip probability (runs.label_noise)"}
];

/** Seed means and bootstrap bands of the curves, long over metric. */
export const bands: TableSpec = {
  name: "bands",
  doc: "Curves averaged over seeds: for each configuration, metric and curve point, the mean over seeds and a 90% percentile-bootstrap band (seeds resampled).",
  columns: [
    ...configColumns,
    {name: "metric", type: "utf8", doc: "the curves column aggregated: gold_reward, proxy_reward or proxy_std (absent for one member)"},
    {name: "point", type: "int32", doc: "curve point (curves.point)"},
    {name: "kl", type: "float64", unit: "nats", doc: "mean over seeds of curves.kl at this point"},
    {name: "sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "mean over seeds of curves.sqrt_kl at this point (Gao et al.'s d)"},
    {name: "n_seeds", type: "int32", doc: "seeds averaged"},
    {name: "mean", type: "float64", unit: "as the metric", doc: "mean of the metric over seeds"},
    {name: "sd", type: "float64", nullable: true, unit: "as the metric", doc: "standard deviation over seeds (null with one seed)"},
    {name: "lower", type: "float64", unit: "as the metric", doc: "5th percentile of the bootstrap means (equals mean with one seed)"},
    {name: "upper", type: "float64", unit: "as the metric", doc: "95th percentile of the bootstrap means (equals mean with one seed)"}
  ]
};

/** One Gao et al. fit of the seed-mean gold curve per configuration. */
export const fits: TableSpec = {
  name: "fits",
  doc: "Gao et al. 2022 scaling-law fit of each configuration's seed-mean gold curve against mean sqrt(KL), with the observed peak and the end of the curve.",
  columns: [
    ...configColumns,
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
    {name: "final_gold", type: "float64", unit: "gold std under pi_0", doc: "seed-mean gold reward at the last point"},
    {name: "final_gold_lower", type: "float64", unit: "gold std under pi_0", doc: "lower bound of final_gold's bootstrap band (bands.lower)"},
    {name: "final_gold_upper", type: "float64", unit: "gold std under pi_0", doc: "upper bound of final_gold's bootstrap band (bands.upper)"},
    {name: "final_proxy", type: "float64", nullable: true, unit: "member std under pi_0", doc: "seed-mean proxy reward (the optimised objective) at the last point"}
  ]
};

/** The derived tables, in the order the docs list them. */
export const analysisTables = {bands, fits} as const;

/** The curves columns that bands aggregates, in output order. */
export const bandMetrics = ["gold_reward", "proxy_reward", "proxy_std"] as const;

type Row = Record<string, unknown>;

/** The configuration columns of a run row, and its config_id. */
export function configOf(run: Row): Row {
  const config = JSON.parse(String(run.config_json)) as Record<string, unknown>;
  delete config.seed;
  const config_id = createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12);
  const {world, optimizer, objective, objective_param = null, ensemble_size, n_pairs, label_noise} = run;
  return {config_id, world, optimizer, objective, objective_param, ensemble_size, n_pairs, label_noise};
}

/** Gao form for an optimiser: best-of-n has its own; KL-regularised and RL optimisers take "rl". */
export function gaoFormOf(optimizer: string): GaoForm {
  return optimizer === "best_of_n" ? "bon" : "rl";
}

/**
 * The bands table from the runs and curves rows of an experiment (as runExperiment returns them):
 * per configuration, metric and point, seed mean and percentile-bootstrap band. Ordered by
 * configuration (first appearance in runs), then metric, then point.
 */
export function bandRows(rows: {runs: readonly Row[]; curves: readonly Row[]}, options: BootstrapOptions = {}): Row[] {
  // 1. Map each run to its configuration.
  const configs = new Map<string, {config: Row; order: number}>();
  const runConfig = new Map<string, {config: Row; seed: unknown}>();
  for (const run of rows.runs) {
    const config = configOf(run);
    const id = config.config_id as string;
    if (!configs.has(id)) configs.set(id, {config, order: configs.size});
    runConfig.set(String(run.run_id), {config: configs.get(id)!.config, seed: run.seed});
  }

  // 2. Long rows: one per curve point and metric with a finite value.
  const long: Row[] = [];
  for (const curve of rows.curves) {
    const run = runConfig.get(String(curve.run_id));
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
      const config = Object.fromEntries(configColumns.map((c) => [c.name, row[c.name]]));
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
