import * as Plot from "npm:@observablehq/plot";
import type {ChartOptions} from "./charts.js";
import type {CheckpointRow, MonotonicityRow, TextBandRow, TextSampleRow} from "./rows.js";

/*
 * The White-box rewards page: checkpoint curves of the RER lattice and the learned reward models
 * side by side, the monotonicity of gold in the proxy, and the behaviours RL changed (hacks).
 */

/** What each checkpoint metric is, in words, and its unit on an axis. */
export const textMetrics: Record<string, {name: string; unit: string}> = {
  proxy_reward: {name: "proxy (optimised)", unit: "std of π_ref's samples"},
  gold_reward: {name: "gold", unit: "std of π_ref's samples"},
  proxy_raw: {name: "white-box reward (paper scale)", unit: "RER value"},
  length: {name: "length", unit: "tokens before <eos>"},
  repetition: {name: "repetition", unit: "1 − distinct words / words"},
  copying: {name: "copying", unit: "share of trigrams found in the prompt"},
  correct: {name: "correct", unit: "share of closed-ended answers right"},
  ended: {name: "ended", unit: "share of responses ending with <eos>"}
};

const uniq = <T>(values: Iterable<T>) => [...new Set(values)];

const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697];

/** The 95th percentile of Student's t with df degrees of freedom (a table to 30, Cornish-Fisher beyond). */
export function t95(df: number): number {
  if (df <= T95.length) return T95[df - 1];
  const z = 1.6448536;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** A seed mean with its 90% Student-t interval (both bounds equal the mean with one value). */
export interface SeedMean {
  n: number;
  mean: number;
  lower: number;
  upper: number;
  /** values > 0 */
  positive: number;
  /** values < 0 */
  negative: number;
}

/** Mean of per-seed values with its 90% Student-t interval over seeds. */
export function seedMean(values: readonly number[]): SeedMean {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (t95(n - 1) * sd) / Math.sqrt(n) : 0;
  return {n, mean, lower: mean - half, upper: mean + half, positive: values.filter((v) => v > 0).length, negative: values.filter((v) => v < 0).length};
}

export interface LatticeOptions extends ChartOptions {
  /** text_bands metrics drawn in every panel (default proxy_reward and gold_reward) */
  metrics?: readonly string[];
  /** panels per row (default 3) */
  columns?: number;
  /** height of one row of panels in pixels (default 190) */
  rowHeight?: number;
}

/**
 * Checkpoint metrics along RL, one panel per configuration (all on the same axes): seed means as
 * lines over their 90% t-interval bands, one colour per metric.
 */
export function latticeChart(data: Iterable<TextBandRow>, {width = 640, domain, metrics = ["proxy_reward", "gold_reward"], columns = 3, rowHeight = 190}: LatticeOptions = {}) {
  const rows = Array.from(data, (d) => ({label: String(d.label), metric: String(d.metric), point: Number(d.point), mean: Number(d.mean), lower: Number(d.lower), upper: Number(d.upper)})).filter((d) => metrics.includes(d.metric) && Number.isFinite(d.mean));
  const labels = domain ? [...domain] : uniq(rows.map((d) => d.label));
  const cols = Math.max(1, Math.min(columns, labels.length));
  const cell = (label: string) => ({col: labels.indexOf(label) % cols, row: Math.floor(labels.indexOf(label) / cols)});
  const placed = rows.filter((d) => labels.includes(d.label)).map((d) => ({...d, ...cell(d.label), name: textMetrics[d.metric]?.name ?? d.metric}));
  const titles = labels.map((label) => ({label, ...cell(label)}));
  const standardised = metrics.every((m) => m === "proxy_reward" || m === "gold_reward");
  const units = uniq(metrics.map((m) => textMetrics[m]?.unit ?? m));
  return Plot.plot({
    width,
    height: 50 + Math.ceil(labels.length / cols) * rowHeight,
    marginTop: 26,
    marginLeft: 60,
    x: {label: "RL step →", grid: true, ticks: 4, inset: 4},
    y: {label: `↑ ${units.join(", ")}`, labelAnchor: "center", grid: true},
    fx: {axis: null, padding: 0.1},
    fy: {axis: null, padding: 0.16},
    color: {legend: true, domain: metrics.map((m) => textMetrics[m]?.name ?? m)},
    marks: [
      Plot.frame({strokeOpacity: 0.2}),
      standardised ? Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.3}) : null,
      Plot.areaY(placed, {x: "point", y1: "lower", y2: "upper", fill: "name", z: "name", fillOpacity: 0.18, fx: "col", fy: "row"}),
      Plot.lineY(placed, {x: "point", y: "mean", stroke: "name", z: "name", strokeWidth: 1.8, fx: "col", fy: "row", tip: true, channels: {configuration: "label"}}),
      Plot.text(titles, {text: "label", fx: "col", fy: "row", frameAnchor: "top-left", dy: -14, fontWeight: "bold", fontSize: 11})
    ]
  });
}

/** One configuration's monotonicity over seeds. */
export interface MonotonicitySummary {
  label: string;
  /** Spearman rho over seeds (a run whose rho is undefined counts 0, as in the findings) */
  rho: SeedMean;
  /** per-prompt rho averaged over prompts, then over seeds */
  perPrompt: SeedMean;
  /** share of prompts with rho > 0, averaged over seeds */
  perPromptPositive: number;
  /** proxy and gold change from step 0 to the last checkpoint */
  proxyChange: SeedMean;
  goldChange: SeedMean;
}

/** Per configuration: mean rho across seeds with a 90% t-interval, seeds with rho > 0, per-prompt rho. */
export function monotonicitySummary(data: Iterable<MonotonicityRow>, {domain}: {domain?: readonly string[]} = {}): MonotonicitySummary[] {
  const rows = Array.from(data);
  const labels = domain ? domain.filter((l) => rows.some((r) => String(r.label) === l)) : uniq(rows.map((r) => String(r.label)));
  return labels.map((label) => {
    const of = rows.filter((r) => String(r.label) === label);
    const num = (v: unknown) => (v == null ? 0 : Number(v));
    const pp = of.filter((r) => r.per_prompt_spearman != null);
    return {
      label,
      rho: seedMean(of.map((r) => num(r.spearman))),
      perPrompt: seedMean(pp.map((r) => Number(r.per_prompt_spearman))),
      perPromptPositive: pp.reduce((a, r) => a + num(r.per_prompt_positive), 0) / Math.max(1, pp.length),
      proxyChange: seedMean(of.map((r) => Number(r.proxy_change))),
      goldChange: seedMean(of.map((r) => Number(r.gold_change)))
    };
  });
}

/**
 * Spearman rho between mean proxy and mean gold across checkpoints: each seed (dot) with its
 * prompt-resampled 90% interval (thin bar), and per configuration the mean over seeds (tick) with
 * its 90% Student-t interval (thick bar).
 */
export function monotonicityChart(data: Iterable<MonotonicityRow>, {width = 640, domain}: ChartOptions = {}) {
  const input = Array.from(data);
  const summary = monotonicitySummary(input, {domain});
  const rows = input.map((d) => ({label: String(d.label), seed: Number(d.seed), rho: d.spearman == null ? NaN : Number(d.spearman), lower: Number(d.spearman_lower ?? NaN), upper: Number(d.spearman_upper ?? NaN)}));
  const labels = summary.map((s) => s.label);
  const seeds = uniq(rows.map((r) => r.seed)).sort((a, b) => a - b);
  const key = (label: string, seed: number | null) => `${label}\u0000${seed ?? "mean"}`;
  const yDomain = labels.flatMap((l) => [key(l, null), ...seeds.map((s) => key(l, s))]);
  const means = summary.map((s) => ({y: key(s.label, null), label: s.label, ...s.rho}));
  const seedRows = rows.filter((r) => labels.includes(r.label)).map((r) => ({...r, y: key(r.label, r.seed)}));
  return Plot.plot({
    width,
    height: 40 + 13 * yDomain.length,
    marginLeft: 190,
    x: {label: "Spearman rho between mean proxy and mean held-out gold across checkpoints →", domain: [-1, 1], grid: true},
    y: {label: null, domain: yDomain, tickSize: 0, tickFormat: (k: string) => (k.endsWith("\u0000mean") ? k.split("\u0000")[0] : `seed ${k.split("\u0000")[1]}`)},
    color: {domain: labels, legend: false},
    marks: [
      Plot.ruleX([0], {stroke: "currentColor", strokeOpacity: 0.4}),
      Plot.ruleY(means, {y: "y", x1: "lower", x2: "upper", stroke: "label", strokeWidth: 7, strokeOpacity: 0.35}),
      Plot.tickX(means, {y: "y", x: "mean", stroke: "label", strokeWidth: 2.5, tip: true, title: (d: SeedMean & {label: string}) => `${d.label}: mean rho ${d.mean.toFixed(2)} (90% t-interval over seeds ${d.lower.toFixed(2)} to ${d.upper.toFixed(2)}), ${d.positive} of ${d.n} seeds > 0`}),
      Plot.ruleY(seedRows.filter((r) => Number.isFinite(r.lower)), {y: "y", x1: "lower", x2: "upper", stroke: "label", strokeOpacity: 0.6}),
      Plot.dot(seedRows.filter((r) => Number.isFinite(r.rho)), {y: "y", x: "rho", fill: "label", r: 2.5, tip: true, title: (r: {seed: number; rho: number; lower: number; upper: number}) => `seed ${r.seed}: rho ${r.rho.toFixed(2)} (prompt-resampled 90% interval ${r.lower.toFixed(2)} to ${r.upper.toFixed(2)})`})
    ]
  });
}

/** The behaviours a hack would move, and which way counts as the hack. */
export const hackMetrics = [
  {metric: "length", up: true, rise: "Responses got longer", fall: "Responses got shorter", example: "the longest response"},
  {metric: "repetition", up: true, rise: "Responses repeated their words more", fall: "Responses repeated their words less", example: "the most repetitive response"},
  {metric: "copying", up: true, rise: "Responses copied more of the prompt", fall: "Responses copied less of the prompt", example: "the response copying most of its prompt"},
  {metric: "ended", up: false, rise: "More responses ended with <eos>", fall: "Fewer responses ended with <eos> inside the window (they ran on)", example: "a response that never ended"},
  {metric: "correct", up: false, rise: "More closed-ended answers were right", fall: "Fewer closed-ended answers were right", example: "a wrong closed-ended answer"}
] as const;

export type HackMetric = (typeof hackMetrics)[number]["metric"];

/** Change of one checkpoint metric from step 0 to the last checkpoint, over the seeds of a configuration. */
export interface MetricChange {
  label: string;
  metric: HackMetric | "gold_reward" | "proxy_reward";
  start: number;
  final: number;
  /** per-seed change (final - start): mean, 90% t-interval, seeds up (positive) and down (negative) */
  change: SeedMean;
  /** "rise" or "fall" when the interval excludes 0, else null */
  direction: "rise" | "fall" | null;
  /** whether the direction is the hack's */
  hack: boolean;
}

/** Per configuration and metric: the change from step 0 to the last checkpoint (seed runs' own first and last). */
export function metricChanges(data: Iterable<CheckpointRow>, {domain}: {domain?: readonly string[]} = {}): MetricChange[] {
  const rows = Array.from(data);
  const labels = domain ? domain.filter((l) => rows.some((r) => String(r.label) === l)) : uniq(rows.map((r) => String(r.label)));
  const metrics = [...hackMetrics.map((h) => h.metric), "gold_reward", "proxy_reward"] as const;
  const out: MetricChange[] = [];
  for (const label of labels) {
    const runs = new Map<number, CheckpointRow[]>();
    for (const r of rows) if (String(r.label) === label) runs.set(Number(r.seed), [...(runs.get(Number(r.seed)) ?? []), r]);
    for (const metric of metrics) {
      const ends = [...runs.values()].map((rs) => {
        const sorted = rs.filter((r) => r[metric] != null).sort((a, b) => Number(a.point) - Number(b.point));
        return sorted.length < 2 ? null : [Number(sorted[0][metric]), Number(sorted[sorted.length - 1][metric])];
      }).filter((e): e is number[] => e !== null);
      if (ends.length === 0) continue;
      const change = seedMean(ends.map(([a, b]) => b - a));
      const direction = change.lower > 0 ? "rise" : change.upper < 0 ? "fall" : null;
      const up = hackMetrics.find((h) => h.metric === metric)?.up;
      out.push({label, metric, start: ends.reduce((a, e) => a + e[0], 0) / ends.length, final: ends.reduce((a, e) => a + e[1], 0) / ends.length, change, direction, hack: up !== undefined && direction !== null && (direction === "rise") === up});
    }
  }
  return out;
}

const percent = (metric: string) => metric !== "length" && !metric.endsWith("_reward");
const magnitude = (metric: string, x: number) => (metric === "length" ? x.toFixed(1) : percent(metric) ? (100 * x).toFixed(1) : x.toFixed(2));
const fmt = (metric: string, x: number) => `${x < 0 ? "−" : ""}${magnitude(metric, Math.abs(x))}${percent(metric) ? "%" : ""}`;
const signedFmt = (metric: string, x: number) => `${x >= 0 ? "+" : "−"}${magnitude(metric, Math.abs(x))}${percent(metric) ? " points" : ""}`;

/** One metric change as a sentence: from, to, the change with its interval, and seeds that moved its way. */
export function changeSentence(c: MetricChange): string {
  const h = hackMetrics.find((m) => m.metric === c.metric);
  const name = c.metric === "gold_reward" ? "Held-out gold" : c.metric === "proxy_reward" ? "The optimised proxy" : textMetrics[c.metric]?.name ?? c.metric;
  const what = c.direction === null ? `${name} did not move separably from seed noise` : h ? (c.direction === "rise" ? h.rise : h.fall) : `${name} ${c.direction === "rise" ? "rose" : "fell"}`;
  const moved = c.direction === "fall" ? c.change.negative : c.change.positive;
  const way = c.direction === "fall" ? "down" : "up";
  return `${what}: ${fmt(c.metric, c.start)} at step 0 → ${fmt(c.metric, c.final)} at the last checkpoint (${signedFmt(c.metric, c.change.mean)}, 90% t-interval over seeds ${signedFmt(c.metric, c.change.lower)} to ${signedFmt(c.metric, c.change.upper)}; ${way} in ${moved} of ${c.change.n} seeds).`;
}

/** A last-checkpoint sample that shows a hack: the one with the most of the metric (or a failure for ended/correct), lowest gold first. */
export function hackExample(samples: readonly TextSampleRow[], metric: HackMetric): TextSampleRow | undefined {
  const last = Math.max(...samples.map((s) => Number(s.point)));
  const pool = samples.filter((s) => Number(s.point) === last);
  const byGold = (a: TextSampleRow, b: TextSampleRow) => Number(a.gold_reward) - Number(b.gold_reward);
  if (metric === "ended") return pool.filter((s) => s.ended === false).sort(byGold)[0];
  if (metric === "correct") return pool.filter((s) => s.correct != null && Number(s.correct) === 0).sort(byGold)[0];
  return [...pool].sort((a, b) => Number(b[metric]) - Number(a[metric]) || byGold(a, b))[0];
}
