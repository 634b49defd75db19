/**
 * Summaries of language-model runs (checkpoints and checkpoint_prompts tables) for the White-box
 * rewards page and the findings: per run, the rank correlation across checkpoints between the
 * proxy it optimised and held-out gold, with an interval that resamples held-out prompts (the
 * checkpoints are the trajectory, not a sample); checkpoint metrics averaged over seeds.
 */
import {Rng} from "../random.ts";
import {configId, failedIds, succeeded} from "./config-id.ts";
import {kendall} from "./kendall.ts";
import {spearman} from "./spearman.ts";
import {tInterval} from "./t-interval.ts";
import type {TIntervalOptions} from "./t-interval.ts";

type Row = Record<string, unknown>;

const variantNames: Record<string, string> = {rer_li: "RER li", rer_li_rp: "RER li*RP", rer_li_rp_rel: "RER li*RP*rel", rer_full: "RER full"};

/** Short name of a text run's proxy: the lattice point, or the learned model and its objective. */
export function textLabel(run: Row): string {
  const source = String(run.reward_source);
  if (source in variantNames) return variantNames[source];
  const objective = String(run.objective);
  if (objective === "single") return `learned ${source} (single)`;
  const name = /^(wco|uwo)$/.test(objective) ? objective.toUpperCase() : objective.replace(/_/g, " ");
  return `learned ${source} ${name}${run.objective_param == null ? "" : ` ${run.objective_param}`} x${run.ensemble_size}`;
}

export const configColumns = (run: Row) => ({config_id: configId(run), sweep: run.sweep, label: textLabel(run), reward_source: run.reward_source, objective: run.objective, ensemble_size: run.ensemble_size, kl_coef: run.kl_coef});

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export interface MonotonicityOptions {
  /** bootstrap resamples of the prompts (default 1000) */
  resamples?: number;
  /** central coverage of the bootstrap interval (default 0.9) */
  level?: number;
  /** seed of the resampling (default 1) */
  seed?: number;
}

/**
 * One row per text run (io/schema/text.ts, monotonicity). `prompts` are the run's
 * checkpoint_prompts rows: proxy and gold per (point, prompt).
 */
export function runMonotonicity(run: Row, prompts: readonly Row[], {resamples = 1000, level = 0.9, seed = 1}: MonotonicityOptions = {}): Row {
  const points = [...new Set(prompts.map((r) => Number(r.point)))].sort((a, b) => a - b);
  const ids = [...new Set(prompts.map((r) => Number(r.prompt_id)))].sort((a, b) => a - b);
  const T = points.length, N = ids.length;
  const pi = new Map(points.map((p, i) => [p, i])), ni = new Map(ids.map((p, i) => [p, i]));
  const proxy = new Float64Array(T * N), gold = new Float64Array(T * N);
  for (const r of prompts) {
    const k = pi.get(Number(r.point))! * N + ni.get(Number(r.prompt_id))!;
    proxy[k] = Number(r.proxy_reward);
    gold[k] = Number(r.gold_reward);
  }
  const means = (weights: Float64Array) => {
    const x = new Float64Array(T), y = new Float64Array(T);
    let total = 0;
    for (const w of weights) total += w;
    for (let t = 0; t < T; ++t) {
      for (let j = 0; j < N; ++j) (x[t] += weights[j] * proxy[t * N + j]), (y[t] += weights[j] * gold[t * N + j]);
      x[t] /= total, y[t] /= total;
    }
    return {x, y};
  };
  const {x, y} = means(new Float64Array(N).fill(1));
  const rho = spearman(x, y);
  const rng = new Rng(seed);
  const reps: number[] = [];
  for (let b = 0; b < resamples; ++b) {
    const w = new Float64Array(N);
    for (let j = 0; j < N; ++j) w[rng.int(N)] += 1;
    const m = means(w);
    const r = spearman(m.x, m.y);
    if (!Number.isNaN(r)) reps.push(r);
  }
  const sorted = Float64Array.from(reps).sort();
  const perPrompt: number[] = [];
  for (let j = 0; j < N; ++j) {
    const r = spearman(Float64Array.from(points, (_, t) => proxy[t * N + j]), Float64Array.from(points, (_, t) => gold[t * N + j]));
    if (!Number.isNaN(r)) perPrompt.push(r);
  }
  return {
    run_id: run.run_id,
    seed: run.seed,
    ...configColumns(run),
    checkpoints: T,
    prompts: N,
    spearman: finite(rho),
    spearman_lower: sorted.length && !Number.isNaN(rho) ? quantile(sorted, (1 - level) / 2) : null,
    spearman_upper: sorted.length && !Number.isNaN(rho) ? quantile(sorted, (1 + level) / 2) : null,
    kendall: T >= 2 ? finite(kendall(x, y)) : null,
    per_prompt_spearman: perPrompt.length ? perPrompt.reduce((s, v) => s + v, 0) / perPrompt.length : null,
    per_prompt_positive: perPrompt.length ? perPrompt.filter((v) => v > 0).length / perPrompt.length : null,
    proxy_change: x[T - 1] - x[0],
    gold_change: y[T - 1] - y[0]
  };
}

/** The monotonicity table of an experiment's text runs. */
export function monotonicityRows(rows: {runs: readonly Row[]; checkpoint_prompts: readonly Row[]}, options: MonotonicityOptions = {}): Row[] {
  const byRun = new Map<string, Row[]>();
  for (const r of rows.checkpoint_prompts) {
    const list = byRun.get(String(r.run_id));
    if (list) list.push(r);
    else byRun.set(String(r.run_id), [r]);
  }
  return rows.runs.filter((run) => succeeded(run) && byRun.has(String(run.run_id))).map((run) => runMonotonicity(run, byRun.get(String(run.run_id))!, options));
}

export const bandMetrics = ["proxy_reward", "proxy_raw", "gold_reward", "length", "repetition", "copying", "correct", "ended"] as const;

/** Checkpoint metrics per configuration and point: mean over seeds with a 90% Student-t interval. */
export function textBandRows(rows: {runs: readonly Row[]; checkpoints: readonly Row[]}, options: TIntervalOptions = {}): Row[] {
  const runById = new Map(rows.runs.filter(succeeded).map((r) => [String(r.run_id), r]));
  const groups = new Map<string, {run: Row; values: Map<string, number[]>}>();
  const failed = failedIds(rows.runs);
  for (const c of rows.checkpoints) {
    const run = runById.get(String(c.run_id));
    if (!run && failed.has(String(c.run_id))) continue;
    if (!run) throw new Error(`checkpoints row for run_id ${String(c.run_id)}: no such run in runs`);
    const id = configId(run);
    for (const metric of bandMetrics) {
      const v = c[metric];
      if (v === null || v === undefined) continue;
      const key = `${id}\u0000${metric}\u0000${Number(c.point)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = {run, values: new Map()}));
      const list = g.values.get(metric) ?? [];
      list.push(Number(v));
      g.values.set(metric, list);
    }
  }
  const out: Row[] = [];
  for (const [key, {run, values}] of groups) {
    const [, metric, point] = key.split("\u0000");
    const v = values.get(metric)!;
    const {n, estimate, lower, upper} = tInterval(v, options);
    out.push({...configColumns(run), metric, point: Number(point), n_seeds: n, mean: estimate, lower, upper});
  }
  return out;
}
