/**
 * Derived tables for the Robust objectives page, from an experiment's runs and curves rows:
 * seed-mean curves with bootstrap bands (rl_bands), one row of end-of-training facts per run
 * (rl_seeds), and one summary row per configuration with bootstrap intervals over seeds
 * (rl_summary). A configuration is a run's resolved config without its seed.
 */
import {createHash} from "node:crypto";
import {aggregateSeeds} from "../analysis/aggregate-seeds.ts";
import type {BootstrapOptions} from "../analysis/bootstrap.ts";
import {fitGao} from "../analysis/fit-gao.ts";
import type {ColumnSpec, TableSpec} from "../io/schema.ts";

type Row = Record<string, unknown>;

const configColumns: readonly ColumnSpec[] = [
  {name: "config_id", type: "utf8", doc: "first 12 hex digits of sha256 of the run config without its seed"},
  {name: "sweep", type: "utf8", doc: "the sweep that first named the configuration (runs.sweep)"},
  {name: "label", type: "utf8", doc: "short name: objective, its parameter, and what differs from the spec's base (KL coefficient, optimiser)"},
  {name: "optimizer", type: "utf8", doc: "rloo or ppo (runs.optimizer)"},
  {name: "objective", type: "utf8", doc: "the objective optimised (runs.objective)"},
  {name: "objective_param", type: "float64", nullable: true, doc: "its parameter: lambda (uwo), nominal_weight (robust), beta2 (uncertainty_penalized)"},
  {name: "reward_model", type: "utf8", doc: "reward model architecture: linear, mlp or brme"},
  {name: "ensemble_size", type: "int32", doc: "members or BRME heads (1 for single)"},
  {name: "label_noise", type: "float64", unit: "probability", doc: "label flip probability"},
  {name: "kl_coef", type: "float64", doc: "initial KL coefficient beta"},
  {name: "kl_control", type: "utf8", doc: "fixed or adaptive"}
];

const interval = (name: string, what: string, unit: string): ColumnSpec[] => [
  {name, type: "float64", unit, doc: `${what}: mean over seeds`},
  {name: `${name}_lower`, type: "float64", unit, doc: `${what}: 5th percentile of the bootstrap means over seeds`},
  {name: `${name}_upper`, type: "float64", unit, doc: `${what}: 95th percentile of the bootstrap means over seeds`}
];

export const rlBands: TableSpec = {
  name: "rl_bands",
  doc: "Training curves averaged over seeds: per configuration, metric and logged step, the mean and a 90% percentile-bootstrap band (seeds resampled).",
  columns: [
    ...configColumns,
    {name: "metric", type: "utf8", doc: "gold_reward, proxy_reward, proxy_std, kl, kl_k1, kl_k2, kl_k3, entropy or beta (curves columns)"},
    {name: "point", type: "int32", doc: "training step"},
    {name: "sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "mean over seeds of sqrt(exact KL) at this step"},
    {name: "n_seeds", type: "int32", doc: "seeds averaged"},
    {name: "mean", type: "float64", doc: "mean of the metric over seeds"},
    {name: "lower", type: "float64", doc: "5th percentile of the bootstrap means"},
    {name: "upper", type: "float64", doc: "95th percentile of the bootstrap means"}
  ]
};

export const rlSeeds: TableSpec = {
  name: "rl_seeds",
  doc: "One row per run (configuration x seed): where its gold reward peaked, where it ended, and how much it still moved over the last quarter of training.",
  columns: [
    ...configColumns,
    {name: "seed", type: "int32", doc: "run seed"},
    {name: "final_gold", type: "float64", unit: "gold std under pi_0", doc: "gold reward at the last step"},
    {name: "peak_gold", type: "float64", unit: "gold std under pi_0", doc: "highest gold reward of this run along training"},
    {name: "peak_point", type: "int32", doc: "step of peak_gold"},
    {name: "drop", type: "float64", unit: "gold std under pi_0", doc: "peak_gold - final_gold (>= 0; 0 when the run ends at its peak)"},
    {name: "late_range", type: "float64", unit: "gold std under pi_0", doc: "max - min of gold over the logged steps of the last quarter of training"},
    {name: "late_slope", type: "float64", unit: "gold std per 100 steps", doc: "least-squares slope of gold over the last quarter of training"},
    {name: "final_sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "sqrt(exact KL) at the last step"},
    {name: "final_proxy", type: "float64", doc: "proxy reward (the optimised objective) at the last step"},
    {name: "final_proxy_std", type: "float64", nullable: true, doc: "ensemble disagreement at the last step (null for one member)"}
  ]
};

export const rlSummary: TableSpec = {
  name: "rl_summary",
  doc: "One row per configuration: final gold, fall from the seed-mean peak and late-training movement, each with a 90% bootstrap interval over seeds, plus a Gao et al. RL-form fit of the seed-mean gold curve.",
  columns: [
    ...configColumns,
    {name: "n_seeds", type: "int32", doc: "seeds"},
    ...interval("final_gold", "gold reward at the last step", "gold std under pi_0"),
    {name: "peak_point", type: "int32", doc: "step where the seed-mean gold curve peaks"},
    {name: "peak_gold", type: "float64", unit: "gold std under pi_0", doc: "the seed-mean gold curve's maximum"},
    ...interval("fall", "gold at peak_point minus gold at the last step, per seed (paired), so > 0 means the mean curve fell after its peak", "gold std under pi_0"),
    ...interval("late_range", "max - min of gold over the last quarter of training", "gold std under pi_0"),
    {name: "final_sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "mean sqrt(exact KL) at the last step"},
    {name: "gao_alpha", type: "float64", nullable: true, doc: "alpha of R(d) = d (alpha - beta log d) fitted to the seed-mean gold vs mean sqrt(KL) (null when it cannot be fitted)"},
    {name: "gao_beta", type: "float64", nullable: true, doc: "beta of that fit"},
    {name: "gao_peak_d", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "d at the fitted curve's peak (null when it has none)"}
  ]
};

export const rlTables = {rl_bands: rlBands, rl_seeds: rlSeeds, rl_summary: rlSummary} as const;

const bandMetrics = ["gold_reward", "proxy_reward", "proxy_std", "kl", "kl_k1", "kl_k2", "kl_k3", "entropy", "beta"] as const;

/** Configuration columns of a run row, with a readable label. */
export function rlConfigOf(run: Row): Row {
  const config = JSON.parse(String(run.config_json)) as {seed?: number; optimizer: Record<string, unknown>; reward_model: {architecture: string}};
  delete config.seed;
  const config_id = createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12);
  const {optimizer, reward_model} = config;
  const param = run.objective_param as number | null;
  const name = run.objective === "robust" ? `robust w=${param}` : param === null ? String(run.objective) : `${run.objective} ${param}`;
  const label = [name, reward_model.architecture === "brme" ? "brme" : null, optimizer.name !== "rloo" ? String(optimizer.name) : null, optimizer.kl_control === "adaptive" ? "adaptive KL" : `β ${optimizer.kl_coef}`]
    .filter((part) => part !== null)
    .join(", ");
  return {
    config_id,
    sweep: run.sweep,
    label,
    optimizer: run.optimizer,
    objective: run.objective,
    objective_param: param,
    reward_model: reward_model.architecture,
    ensemble_size: run.ensemble_size,
    label_noise: run.label_noise,
    kl_coef: Number(optimizer.kl_coef ?? 0),
    kl_control: String(optimizer.kl_control ?? "fixed")
  };
}

/**
 * The three derived tables from runs and curves rows of a policy-gradient experiment:
 *   1. group runs into configurations (config without seed);
 *   2. rl_bands: seed mean and bootstrap band per configuration, metric and step;
 *   3. rl_seeds: per run, peak, final, drop and late-training movement of gold;
 *   4. rl_summary: per configuration, intervals over seeds of the final gold, of the paired fall
 *      from the seed-mean peak, and of the late range, plus a Gao RL-form fit.
 */
export function rlSummaryTables(rows: {runs: readonly Row[]; curves: readonly Row[]}, options: BootstrapOptions = {}): Record<keyof typeof rlTables, Row[]> {
  // 1. Configurations, in order of first appearance.
  const configs = new Map<string, Row>();
  const runOf = new Map<string, {config: Row; seed: number}>();
  for (const run of rows.runs) {
    const config = rlConfigOf(run);
    if (!configs.has(config.config_id as string)) configs.set(config.config_id as string, config);
    runOf.set(String(run.run_id), {config: configs.get(config.config_id as string)!, seed: Number(run.seed)});
  }
  const curvesByRun = new Map<string, Row[]>();
  for (const c of rows.curves) {
    const id = String(c.run_id);
    if (!runOf.has(id)) throw new Error(`curves row for run_id ${id}: no such run in runs (pass the runs of the same experiment)`);
    const list = curvesByRun.get(id);
    if (list) list.push(c);
    else curvesByRun.set(id, [c]);
  }

  // 2. Bands.
  const long: Row[] = [];
  for (const [id, curve] of curvesByRun) {
    const {config, seed} = runOf.get(id)!;
    for (const c of curve) {
      for (const metric of bandMetrics) {
        const value = c[metric];
        if (typeof value === "number" && Number.isFinite(value)) long.push({config_id: config.config_id, metric, point: c.point, seed, value, sqrt_kl: c.sqrt_kl});
      }
    }
  }
  const order = [...configs.keys()];
  const rank = (r: Row) => order.indexOf(r.config_id as string) * 100 + bandMetrics.indexOf(r.metric as (typeof bandMetrics)[number]);
  const rl_bands: Row[] = aggregateSeeds(long, {...options, by: ["config_id", "metric", "point"], value: "value", x: ["sqrt_kl"]})
    .map(({config_id, metric, point, sqrt_kl, n_seeds, mean, lower, upper}): Row => ({...configs.get(config_id as string)!, metric, point, sqrt_kl, n_seeds, mean, lower, upper}))
    .sort((a, b) => rank(a) - rank(b) || (a.point as number) - (b.point as number));

  // 3. Per run.
  const rl_seeds: Row[] = [];
  const goldBySeed = new Map<string, Map<number, Map<number, number>>>(); // config -> seed -> point -> gold
  for (const [id, curve] of curvesByRun) {
    const {config, seed} = runOf.get(id)!;
    const sorted = [...curve].sort((a, b) => (a.point as number) - (b.point as number));
    const gold = sorted.map((c) => c.gold_reward as number);
    const points = sorted.map((c) => c.point as number);
    const last = sorted.at(-1)!;
    let peak = 0;
    for (let i = 1; i < gold.length; ++i) if (gold[i] > gold[peak]) peak = i;
    const from = points.at(-1)! * 0.75;
    const late = sorted.map((_, i) => i).filter((i) => points[i] >= from);
    const lateGold = late.map((i) => gold[i]);
    rl_seeds.push({
      ...config,
      seed,
      final_gold: gold.at(-1),
      peak_gold: gold[peak],
      peak_point: points[peak],
      drop: gold[peak] - gold.at(-1)!,
      late_range: Math.max(...lateGold) - Math.min(...lateGold),
      late_slope: slope(late.map((i) => points[i] / 100), lateGold),
      final_sqrt_kl: last.sqrt_kl,
      final_proxy: last.proxy_reward,
      final_proxy_std: last.proxy_std ?? null
    });
    const byPoint = new Map(points.map((p, i) => [p, gold[i]]));
    const cid = config.config_id as string;
    if (!goldBySeed.has(cid)) goldBySeed.set(cid, new Map());
    goldBySeed.get(cid)!.set(seed, byPoint);
  }
  rl_seeds.sort((a, b) => order.indexOf(a.config_id as string) - order.indexOf(b.config_id as string) || (a.seed as number) - (b.seed as number));

  // 4. Per configuration.
  const rl_summary: Row[] = [];
  for (const [cid, config] of configs) {
    const gold = rl_bands.filter((b) => b.config_id === cid && b.metric === "gold_reward");
    if (gold.length === 0) continue;
    let peak = 0;
    for (let i = 1; i < gold.length; ++i) if ((gold[i].mean as number) > (gold[peak].mean as number)) peak = i;
    const peakPoint = gold[peak].point as number;
    const lastPoint = gold.at(-1)!.point as number;
    const seeds = rl_seeds.filter((s) => s.config_id === cid);
    const falls = [...goldBySeed.get(cid)!].map(([seed, byPoint]) => ({seed, value: byPoint.get(peakPoint)! - byPoint.get(lastPoint)!}));
    const band = (data: Row[], value: string, name: string) => {
      const [a] = aggregateSeeds(data, {...options, value, runSeed: options.runSeed ?? 1});
      return {[name]: a.mean, [`${name}_lower`]: a.lower, [`${name}_upper`]: a.upper};
    };
    let fit: {alpha: number; beta: number; peak_d: number | null} | null = null;
    try {
      fit = fitGao(gold, {form: "rl", x: "sqrt_kl", y: "mean"});
    } catch {
      fit = null; // too few distinct d (e.g. a run that never moved)
    }
    rl_summary.push({
      ...config,
      n_seeds: seeds.length,
      ...band(seeds, "final_gold", "final_gold"),
      peak_point: peakPoint,
      peak_gold: gold[peak].mean,
      ...band(falls, "value", "fall"),
      ...band(seeds, "late_range", "late_range"),
      final_sqrt_kl: gold.at(-1)!.sqrt_kl,
      gao_alpha: fit?.alpha ?? null,
      gao_beta: fit?.beta ?? null,
      gao_peak_d: fit?.peak_d ?? null
    });
  }
  return {rl_bands, rl_seeds, rl_summary};
}

/** Least-squares slope of y on x (0 with fewer than two distinct x). */
function slope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}
