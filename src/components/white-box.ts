import * as Plot from "npm:@observablehq/plot";
import type {ChartOptions} from "./charts.js";
import type {MonotonicityRow, MonotonicitySummaryRow, TextBandRow, TextChangeRow, TextSampleRow} from "./rows.js";

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
  const standardized = metrics.every((m) => m === "proxy_reward" || m === "gold_reward");
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
      standardized ? Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.3}) : null,
      Plot.areaY(placed, {x: "point", y1: "lower", y2: "upper", fill: "name", z: "name", fillOpacity: 0.18, fx: "col", fy: "row"}),
      Plot.lineY(placed, {x: "point", y: "mean", stroke: "name", z: "name", strokeWidth: 1.8, fx: "col", fy: "row", tip: true, channels: {configuration: "label"}}),
      Plot.text(titles, {text: "label", fx: "col", fy: "row", frameAnchor: "top-left", dy: -14, fontWeight: "bold", fontSize: 11})
    ]
  });
}

/**
 * Spearman rho between mean proxy and mean gold across checkpoints: per configuration the mean over
 * seeds (tick) with its 90% Student-t interval (thick bar), from the monotonicity_summary table, and
 * under it each seed (dot) with its prompt-resampled 90% interval (thin bar), one thin line per seed
 * so that ten seeds take about the height of three labelled rows.
 */
export function monotonicityChart(data: Iterable<MonotonicityRow>, {width = 640, domain, summary = []}: ChartOptions & {summary?: Iterable<MonotonicitySummaryRow>} = {}) {
  const rows = Array.from(data, (d) => ({label: String(d.label), seed: Number(d.seed), rho: d.spearman == null ? NaN : Number(d.spearman), lower: Number(d.spearman_lower ?? NaN), upper: Number(d.spearman_upper ?? NaN)}));
  const summaries = Array.from(summary, (s) => ({label: String(s.label), n: Number(s.spearman_seeds), mean: Number(s.spearman), lower: Number(s.spearman_lower), upper: Number(s.spearman_upper), positive: Number(s.spearman_positive)}));
  const labels = (domain ?? summaries.map((s) => s.label)).filter((l) => summaries.some((s) => s.label === l));
  const seeds = uniq(rows.map((r) => r.seed)).sort((a, b) => a - b);
  // Pixel rows: a configuration's mean, then its seeds a few pixels apart, then a gap.
  const step = seeds.length > 4 ? 4 : 9, meanGap = 12, groupGap = 12;
  const group = meanGap + step * seeds.length + groupGap;
  const meanY = (label: string) => labels.indexOf(label) * group + 6;
  const seedY = (label: string, seed: number) => meanY(label) + meanGap + step * seeds.indexOf(seed);
  const means = summaries.filter((s) => labels.includes(s.label)).map((s) => ({y: meanY(s.label), ...s}));
  const seedRows = rows.filter((r) => labels.includes(r.label)).map((r) => ({...r, y: seedY(r.label, r.seed)}));
  const marginTop = 8, marginBottom = 36, inner = Math.max(group * labels.length, 1);
  return Plot.plot({
    width,
    height: marginTop + inner + marginBottom,
    marginTop,
    marginBottom,
    marginLeft: 190,
    x: {label: "Spearman rho between mean proxy and mean held-out gold across checkpoints →", domain: [-1, 1], grid: true},
    y: {type: "linear", domain: [0, inner], range: [marginTop, marginTop + inner], axis: null},
    color: {domain: labels, legend: false},
    marks: [
      Plot.ruleX([0], {stroke: "currentColor", strokeOpacity: 0.4}),
      Plot.text(means, {y: "y", text: "label", frameAnchor: "left", textAnchor: "end", dx: -8, fontSize: 11}),
      Plot.text(labels.filter(() => seeds.length > 0), {y: (l: string) => seedY(l, seeds[0]!) + (step * (seeds.length - 1)) / 2, text: () => `${seeds.length} ${seeds.length === 1 ? "seed" : "seeds"}`, frameAnchor: "left", textAnchor: "end", dx: -8, fontSize: 9, fillOpacity: 0.6}),
      Plot.ruleY(means, {y: "y", x1: "lower", x2: "upper", stroke: "label", strokeWidth: 7, strokeOpacity: 0.35, clip: true}),
      Plot.ruleX(means, {x: "mean", y1: (d: {y: number}) => d.y - 6, y2: (d: {y: number}) => d.y + 6, stroke: "label", strokeWidth: 2.5, className: "seed-mean", tip: true, title: (d: (typeof means)[number]) => `${d.label}: mean rho ${d.mean.toFixed(2)} (90% t-interval over seeds ${d.lower.toFixed(2)} to ${d.upper.toFixed(2)}), ${d.positive} of ${d.n} seeds > 0`}),
      Plot.ruleY(seedRows.filter((r) => Number.isFinite(r.lower)), {y: "y", x1: "lower", x2: "upper", stroke: "label", strokeOpacity: 0.6, clip: true}),
      Plot.dot(seedRows.filter((r) => Number.isFinite(r.rho)), {y: "y", x: "rho", fill: "label", r: step > 4 ? 2.5 : 1.8, tip: true, title: (r: {seed: number; rho: number; lower: number; upper: number}) => `seed ${r.seed}: rho ${r.rho.toFixed(2)} (prompt-resampled 90% interval ${r.lower.toFixed(2)} to ${r.upper.toFixed(2)})`})
    ]
  });
}

/** The behaviours a hack would move, in words (which way counts as the hack: text_changes.hack). */
export const hackMetrics = [
  {metric: "length", rise: "Responses got longer", fall: "Responses got shorter", short: {rise: "longer", fall: "shorter"}, example: "the longest response"},
  {metric: "repetition", rise: "Responses repeated their words more", fall: "Responses repeated their words less", short: {rise: "more repetitive", fall: "less repetitive"}, example: "the most repetitive response"},
  {metric: "copying", rise: "Responses copied more of the prompt", fall: "Responses copied less of the prompt", short: {rise: "more copying", fall: "less copying"}, example: "the response copying most of its prompt"},
  {metric: "ended", rise: "More responses ended with <eos>", fall: "Fewer responses ended with <eos> inside the window (they ran on)", short: {rise: "more ended", fall: "fewer ended"}, example: "a response that never ended"},
  {metric: "correct", rise: "More closed-ended answers were right", fall: "Fewer closed-ended answers were right", short: {rise: "more right", fall: "fewer right"}, example: "a wrong closed-ended answer"}
] as const;

export type HackMetric = (typeof hackMetrics)[number]["metric"];

const percent = (metric: string) => metric !== "length" && !metric.endsWith("_reward");
const magnitude = (metric: string, x: number) => (metric === "length" ? x.toFixed(1) : percent(metric) ? (100 * x).toFixed(1) : x.toFixed(2));
const fmt = (metric: string, x: number) => `${x < 0 ? "−" : ""}${magnitude(metric, Math.abs(x))}${percent(metric) ? "%" : ""}`;
const signedFmt = (metric: string, x: number) => `${x >= 0 ? "+" : "−"}${magnitude(metric, Math.abs(x))}${percent(metric) ? " points" : ""}`;

/** One text_changes row as a sentence: from, to, the change with its interval, and seeds that moved its way. */
export function changeSentence(c: TextChangeRow): string {
  const h = hackMetrics.find((m) => m.metric === c.metric);
  const name = c.metric === "gold_reward" ? "Held-out gold" : c.metric === "proxy_reward" ? "The optimised proxy" : textMetrics[c.metric]?.name ?? c.metric;
  const what = c.direction === null ? `${name} did not move separably from seed noise` : h ? (c.direction === "rise" ? h.rise : h.fall) : `${name} ${c.direction === "rise" ? "rose" : "fell"}`;
  return `${what}: ${fmt(c.metric, c.start)} at step 0 → ${fmt(c.metric, c.final)} at the last checkpoint (${signedFmt(c.metric, c.mean)}, ${interval(c)}; ${seedsMoved(c)}).`;
}

/** A change's 90% t-interval over seeds, in words. */
const interval = (c: TextChangeRow) => `90% t-interval over seeds ${signedFmt(c.metric, c.lower)} to ${signedFmt(c.metric, c.upper)}`;

/** "down in k of n seeds" (up for a rise or no direction): the seeds that moved the change's way. */
const seedsMoved = (c: TextChangeRow) => (c.direction === "fall" ? `down in ${c.seeds_down} of ${c.n_seeds} seeds` : `up in ${c.seeds_up} of ${c.n_seeds} seeds`);

/**
 * One configuration's changes in a line, for a summary above the full sentences: held-out gold's
 * change and the seeds that moved its way, then the behaviours that moved as a hack would.
 */
export function changeSummary(gold: TextChangeRow | undefined, hacks: readonly TextChangeRow[]): string {
  const goldPart = gold
    ? gold.direction === null
      ? `held-out gold not separable from seed noise (${signedFmt(gold.metric, gold.mean)}, ${interval(gold)})`
      : `held-out gold ${gold.direction === "rise" ? "rose" : "fell"} ${signedFmt(gold.metric, gold.mean)} (${interval(gold)}; ${seedsMoved(gold)})`
    : "no held-out gold change recorded";
  const names = hacks.flatMap((c) => {
    const h = hackMetrics.find((m) => m.metric === c.metric);
    return h && c.direction !== null ? [c.direction === "rise" ? h.short.rise : h.short.fall] : [];
  });
  return `${goldPart}; ${names.length ? `hacks: ${names.join(", ")}` : "no hack beyond seed noise"}`;
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
