/**
 * Derived tables for the Robust objectives page, from an experiment's runs and curves rows:
 * seed-mean curves with Student-t bands (rl_bands), one row of end-of-training facts per run
 * (rl_seeds), and one summary row per configuration with t-intervals over seeds (rl_summary). A configuration is a run's resolved config without its seed.
 */
import type {Row, rlBands, rlSeeds, rlSummary, rlTables} from "../io/schema/index.ts";
import {aggregateSeeds} from "./aggregate-seeds.ts";
import {configId, failedIds, succeeded} from "./config-id.ts";
import {type EngineRow, numberOf, numberOrNullOf, textOf} from "./engine-rows.ts";
import {heldOutFall} from "./held-out-fall.ts";
import {fitGao} from "./fit-gao.ts";
import type {TIntervalOptions} from "./t-interval.ts";

const bandMetrics = ["gold_reward", "proxy_reward", "proxy_std", "kl", "kl_k1", "kl_k2", "kl_k3", "entropy", "beta", "exact_gold_reward"] as const;

/** The three tables' rows, by table name. */
export type RlSummaryTables = {[K in keyof typeof rlTables]: Row<(typeof rlTables)[K]>[]};
/** The configuration columns the three tables share. */
export type RlConfig = Pick<Row<typeof rlSummary>, "config_id" | "sweep" | "label" | "optimizer" | "objective" | "objective_param" | "reward_model" | "ensemble_size" | "label_noise" | "kl_coef" | "kl_control" | "kl_target">;

/** The world and policy an RL label leaves unnamed (robust-rl's reference setting). */
const referenceWorld = "heavy_tailed";
const referencePolicy = "linear";
/** The run's world when it is not the reference one, else null. */
const otherWorld = (run: EngineRow) => (run.world != null && run.world !== referenceWorld ? String(run.world) : null);
/** The run's policy when it is not the reference one, else null. */
const otherPolicy = (run: EngineRow) => (run.policy != null && run.policy !== referencePolicy ? String(run.policy) : null);
/** Whether the run has the reference world and policy (its label names neither). */
export const isReferenceWorldAndPolicy = (run: EngineRow): boolean => otherWorld(run) === null && otherPolicy(run) === null;

/**
 * A readable label of a policy-gradient run's configuration: objective, BRME, optimiser, KL
 * control, then the world when it is not the default heavy-tailed one and the policy when it is
 * not the default linear one (so that every configuration of an experiment reads differently).
 */
export function rlLabel(run: EngineRow): string {
  const param = numberOrNullOf(run, "objective_param");
  const name = run.objective === "robust" ? `robust w=${param}` : param === null ? String(run.objective) : `${run.objective} ${param}`;
  const kl = run.kl_control === "adaptive" ? "adaptive KL" : run.kl_control === "exact_target" ? `KL target ${run.kl_target} nat${run.kl_target === 1 ? "" : "s"}` : `β ${run.kl_coef}`;
  const world = otherWorld(run) === null ? null : `${otherWorld(run)!.replace(/_/g, "-")} world`;
  const policy = otherPolicy(run) === null ? null : `${otherPolicy(run)} policy`;
  return [name, run.reward_source === "brme" ? "brme" : null, run.optimizer !== "rloo" ? String(run.optimizer) : null, kl, world, policy]
    .filter((part) => part !== null)
    .join(", ");
}

/** Configuration columns of a policy-gradient run's row, with its label (rlLabel). */
export function rlConfigOf(run: EngineRow): RlConfig {
  return {
    config_id: configId(run),
    sweep: textOf(run, "sweep"),
    label: rlLabel(run),
    optimizer: textOf(run, "optimizer"),
    objective: textOf(run, "objective"),
    objective_param: numberOrNullOf(run, "objective_param"),
    reward_model: textOf(run, "reward_source"),
    ensemble_size: numberOf(run, "ensemble_size"),
    label_noise: numberOrNullOf(run, "label_noise"),
    kl_coef: numberOrNullOf(run, "kl_coef"),
    kl_control: textOf(run, "kl_control"),
    kl_target: numberOrNullOf(run, "kl_target")
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
export function rlSummaryTables(rows: {runs: readonly EngineRow[]; curves: readonly EngineRow[]}, options: TIntervalOptions = {}): RlSummaryTables {
  // 1. Configurations, in order of first appearance.
  const configs = new Map<string, RlConfig>();
  const runOf = new Map<string, {config: RlConfig; seed: number}>();
  for (const run of rows.runs.filter(succeeded)) {
    const config = rlConfigOf(run);
    if (!configs.has(config.config_id)) configs.set(config.config_id, config);
    runOf.set(String(run.run_id), {config: configs.get(config.config_id)!, seed: Number(run.seed)});
  }
  const curvesByRun = new Map<string, EngineRow[]>();
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
  const long: {config_id: string; metric: (typeof bandMetrics)[number]; point: number; seed: number; value: number; sqrt_kl: unknown}[] = [];
  for (const [id, curve] of curvesByRun) {
    const {config, seed} = runOf.get(id)!;
    for (const c of curve) {
      for (const metric of bandMetrics) {
        const value = c[metric];
        if (typeof value === "number" && Number.isFinite(value)) long.push({config_id: config.config_id, metric, point: numberOf(c, "point"), seed, value, sqrt_kl: c.sqrt_kl});
      }
    }
  }
  const order = [...configs.keys()];
  const rank = (r: {config_id: string; metric: string}) => order.indexOf(r.config_id) * 100 + bandMetrics.findIndex((m) => m === r.metric);
  const rl_bands = aggregateSeeds(long, {...options, by: ["config_id", "metric", "point"], value: "value", x: ["sqrt_kl"]})
    .map(({config_id, metric, point, sqrt_kl, n_seeds, mean, lower, upper}): Row<typeof rlBands> => ({...configs.get(config_id)!, metric, point, sqrt_kl, n_seeds, mean, lower, upper}))
    .sort((a, b) => rank(a) - rank(b) || a.point - b.point);

  // 3. Per run.
  const rl_seeds: Row<typeof rlSeeds>[] = [];
  const goldBySeed = new Map<string, Map<number, Map<number, number>>>(); // config -> seed -> point -> gold
  for (const [id, curve] of curvesByRun) {
    const {config, seed} = runOf.get(id)!;
    const sorted = [...curve].sort((a, b) => numberOf(a, "point") - numberOf(b, "point"));
    const gold = sorted.map((c) => numberOf(c, "gold_reward"));
    const points = sorted.map((c) => numberOf(c, "point"));
    const last = sorted.at(-1)!;
    let peak = 0;
    for (let i = 1; i < gold.length; ++i) if (gold[i] > gold[peak]) peak = i;
    const from = points.at(-1)! * 0.75;
    const late = sorted.map((_, i) => i).filter((i) => points[i] >= from);
    const lateGold = late.map((i) => gold[i]);
    rl_seeds.push({
      ...config,
      seed,
      final_gold: gold.at(-1)!,
      peak_gold: gold[peak],
      peak_point: points[peak],
      drop: gold[peak] - gold.at(-1)!,
      late_range: Math.max(...lateGold) - Math.min(...lateGold),
      late_slope: slope(late.map((i) => points[i] / 100), lateGold),
      final_sqrt_kl: numberOf(last, "sqrt_kl"),
      final_proxy: numberOf(last, "proxy_reward"),
      final_proxy_std: numberOrNullOf(last, "proxy_std")
    });
    const byPoint = new Map(points.map((p, i) => [p, gold[i]]));
    const cid = config.config_id;
    if (!goldBySeed.has(cid)) goldBySeed.set(cid, new Map());
    goldBySeed.get(cid)!.set(seed, byPoint);
  }
  rl_seeds.sort((a, b) => order.indexOf(a.config_id) - order.indexOf(b.config_id) || a.seed - b.seed);

  // 4. Per configuration.
  const rl_summary: Row<typeof rlSummary>[] = [];
  for (const [cid, config] of configs) {
    const gold = rl_bands.filter((b) => b.config_id === cid && b.metric === "gold_reward");
    if (gold.length === 0) continue;
    let peak = 0;
    for (let i = 1; i < gold.length; ++i) if (gold[i].mean > gold[peak].mean) peak = i;
    const seeds = rl_seeds.filter((s) => s.config_id === cid);
    const falls = [...heldOutFall(goldBySeed.get(cid)!).falls].map(([seed, value]) => ({seed, value}));
    const band = <T>(data: readonly T[], value: string) => aggregateSeeds(data, {...options, value})[0];
    const final = band(seeds, "final_gold");
    const fall = band(falls, "value");
    const lateRange = band(seeds, "late_range");
    let fit: {alpha: number; beta: number; peak_d: number | null} | null = null;
    try {
      fit = fitGao(gold, {form: "rl", x: "sqrt_kl", y: "mean"});
    } catch {
      fit = null; // too few distinct d (e.g. a run that never moved)
    }
    rl_summary.push({
      ...config,
      n_seeds: seeds.length,
      final_gold: final.mean,
      final_gold_lower: final.lower,
      final_gold_upper: final.upper,
      peak_point: gold[peak].point,
      peak_gold: gold[peak].mean,
      fall: fall.mean,
      fall_lower: fall.lower,
      fall_upper: fall.upper,
      late_range: lateRange.mean,
      late_range_lower: lateRange.lower,
      late_range_upper: lateRange.upper,
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
