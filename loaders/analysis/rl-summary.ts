/**
 * Derived tables for the Robust objectives page, from an experiment's runs and curves rows:
 * seed-mean curves with Student-t bands (rl_bands), one row of end-of-training facts per run
 * (rl_seeds), and one summary row per configuration with t-intervals over seeds (rl_summary). A configuration is a run's resolved config without its seed.
 */
import type {rlTables} from "../io/schema/index.ts";
import {aggregateSeeds} from "./aggregate-seeds.ts";
import {configId, failedIds, succeeded} from "./config-id.ts";
import {heldOutFall} from "./held-out-fall.ts";
import {fitGao} from "./fit-gao.ts";
import type {TIntervalOptions} from "./t-interval.ts";

type Row = Record<string, unknown>;

const bandMetrics = ["gold_reward", "proxy_reward", "proxy_std", "kl", "kl_k1", "kl_k2", "kl_k3", "entropy", "beta", "exact_gold_reward"] as const;

/** The world and policy an RL label leaves unnamed (robust-rl's reference setting). */
const referenceWorld = "heavy_tailed";
const referencePolicy = "linear";
/** The run's world when it is not the reference one, else null. */
const otherWorld = (run: Row) => (run.world != null && run.world !== referenceWorld ? String(run.world) : null);
/** The run's policy when it is not the reference one, else null. */
const otherPolicy = (run: Row) => (run.policy != null && run.policy !== referencePolicy ? String(run.policy) : null);
/** Whether the run has the reference world and policy (its label names neither). */
export const isReferenceWorldAndPolicy = (run: Row): boolean => otherWorld(run) === null && otherPolicy(run) === null;

/**
 * Configuration columns of a run row, with a readable label: objective, BRME, optimiser, KL
 * control, then the world when it is not the default heavy-tailed one and the policy when it is
 * not the default linear one (so that every configuration of an experiment reads differently).
 */
export function rlConfigOf(run: Row): Row {
  const param = run.objective_param as number | null;
  const name = run.objective === "robust" ? `robust w=${param}` : param === null ? String(run.objective) : `${run.objective} ${param}`;
  const kl = run.kl_control === "adaptive" ? "adaptive KL" : run.kl_control === "exact_target" ? `KL target ${run.kl_target} nat${run.kl_target === 1 ? "" : "s"}` : `β ${run.kl_coef}`;
  const world = otherWorld(run) === null ? null : `${otherWorld(run)!.replace(/_/g, "-")} world`;
  const policy = otherPolicy(run) === null ? null : `${otherPolicy(run)} policy`;
  const label = [name, run.reward_source === "brme" ? "brme" : null, run.optimizer !== "rloo" ? String(run.optimizer) : null, kl, world, policy]
    .filter((part) => part !== null)
    .join(", ");
  return {
    config_id: configId(run),
    sweep: run.sweep,
    label,
    optimizer: run.optimizer,
    objective: run.objective,
    objective_param: param,
    reward_model: run.reward_source,
    ensemble_size: run.ensemble_size,
    label_noise: run.label_noise,
    kl_coef: run.kl_coef,
    kl_control: run.kl_control,
    kl_target: run.kl_target ?? null
  };
}

/**
 * The three derived tables from runs and curves rows of a policy-gradient experiment:
 *   1. group runs into configurations (config without seed);
 *   2. rl_bands: seed mean and t-interval per configuration, metric and step;
 *   3. rl_seeds: per run, peak, final, drop and late-training movement of gold;
 *   4. rl_summary: per configuration, t-intervals over seeds of the final gold, of the fall from
 *      the peak (chosen on half of the seeds, measured on the other: heldOutFall), and of the late range,
 *      plus a Gao RL-form fit.
 */
export function rlSummaryTables(rows: {runs: readonly Row[]; curves: readonly Row[]}, options: TIntervalOptions = {}): Record<keyof typeof rlTables, Row[]> {
  // 1. Configurations, in order of first appearance.
  const configs = new Map<string, Row>();
  const runOf = new Map<string, {config: Row; seed: number}>();
  for (const run of rows.runs.filter(succeeded)) {
    const config = rlConfigOf(run);
    if (!configs.has(config.config_id as string)) configs.set(config.config_id as string, config);
    runOf.set(String(run.run_id), {config: configs.get(config.config_id as string)!, seed: Number(run.seed)});
  }
  const curvesByRun = new Map<string, Row[]>();
  const failed = failedIds(rows.runs);
  for (const c of rows.curves) {
    const id = String(c.run_id);
    if (failed.has(id)) continue;
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
    const seeds = rl_seeds.filter((s) => s.config_id === cid);
    const falls = [...heldOutFall(goldBySeed.get(cid)!).falls].map(([seed, value]) => ({seed, value}));
    const band = (data: Row[], value: string, name: string) => {
      const [a] = aggregateSeeds(data, {...options, value});
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
