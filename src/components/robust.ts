import * as Plot from "npm:@observablehq/plot";
import {bandMarks, bandsOf, disagreementChart as bandDisagreement, labelAxis, labelColors, xLabels} from "./charts.js";
import type {BandX, ChartOptions} from "./charts.js";
import type {BandRow, SeedRow, SummaryRow} from "./rows.js";

const metricNames: Record<string, string> = {
  gold_reward: "gold reward",
  proxy_reward: "proxy reward (optimised)",
  proxy_std: "ensemble disagreement",
  kl: "exact KL",
  kl_k1: "k1 (sampled)",
  kl_k2: "k2 (sampled)",
  kl_k3: "k3 (sampled)",
  exact_gold_reward: "gold of the exact optimum at the same KL"
};

const noiseName = (x: number) => `${Math.round(Number(x) * 100)}% flipped labels`;

/**
 * One metric (gold or proxy reward) along training, one line per configuration (seed mean) with
 * its 90% t-interval band, against the step or against sqrt(KL); a dot marks each line's peak.
 * With `exact`, gold also gets a dashed line per configuration: the seed mean of the gold of the
 * exact KL-regularised optimum of the same proxy at the policy's KL (curves.exact_gold_reward).
 */
export function curvesChart(data: Iterable<BandRow>, {width = 640, domain, x = "point", metric = "gold_reward", exact = false}: ChartOptions & {x?: BandX; metric?: string; exact?: boolean} = {}) {
  const rows = bandsOf(data).filter((d) => d.metric === metric);
  const reference = exact ? bandsOf(data).filter((d) => d.metric === "exact_gold_reward") : [];
  return Plot.plot({
    width,
    height: 300,
    x: {label: xLabels[x], grid: true},
    y: {label: `↑ ${metricNames[metric] ?? metric} (std under π₀)`, grid: true},
    color: labelColors(rows, domain),
    marks: [
      Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      ...bandMarks(rows, {x, fillOpacity: 0.12}),
      reference.length ? Plot.line(reference, {x, y: "mean", stroke: "label", z: "label", strokeDasharray: "4,3", strokeWidth: 1.2}) : null,
      metric === "gold_reward" ? Plot.dot(rows, Plot.selectMaxY({x, y: "mean", stroke: "label", z: "label", r: 4, strokeWidth: 2})) : null
    ]
  });
}

/** Ensemble disagreement (std across members of the chosen responses) along training. */
export function disagreementChart(data: Iterable<BandRow>, options: ChartOptions = {}) {
  return bandDisagreement(data, {...options, x: "point"});
}

/**
 * Final gold per seed (dots) with the mean and its 90% t-interval (bar) and the seed-mean
 * peak (dotted tick), one row per configuration and label noise, coloured by label noise.
 */
export function finalGoldChart(seeds: Iterable<SeedRow>, summary: Iterable<SummaryRow>, {width = 640, domain}: ChartOptions = {}) {
  const row = (label: string, noise: number) => `${label} · ${Math.round(noise * 100)}% flipped`;
  const dots = Array.from(seeds, (d) => ({row: row(String(d.label), Number(d.label_noise)), noise: noiseName(Number(d.label_noise)), seed: Number(d.seed), gold: Number(d.final_gold)}));
  const bars = Array.from(summary, (d) => ({label: String(d.label), noiseValue: Number(d.label_noise), row: row(String(d.label), Number(d.label_noise)), noise: noiseName(Number(d.label_noise)), mean: Number(d.final_gold), lower: Number(d.final_gold_lower), upper: Number(d.final_gold_upper), peak: Number(d.peak_gold)}));
  const order = domain ?? [...new Set(bars.map((b) => b.label))];
  bars.sort((a, b) => a.noiseValue - b.noiseValue || order.indexOf(a.label) - order.indexOf(b.label));
  const rows = labelAxis(bars.map((b) => b.row), {width, share: 0.45});
  return Plot.plot({
    width,
    height: 60 + 24 * bars.length,
    marginLeft: rows.marginLeft,
    x: {label: "gold reward at the end of training (std under π₀) →", grid: true},
    y: {label: null, domain: bars.map((b) => b.row)},
    color: {legend: true},
    marks: [
      rows.axis,
      Plot.ruleX([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.ruleY(bars, {y: "row", x1: "lower", x2: "upper", stroke: "noise", strokeWidth: 7, strokeOpacity: 0.3}),
      Plot.tickX(bars, {y: "row", x: "mean", stroke: "noise", strokeWidth: 2.5}),
      Plot.tickX(bars, {y: "row", x: "peak", stroke: "currentColor", strokeDasharray: "2,2", title: (d: {peak: number}) => `seed-mean peak ${d.peak.toFixed(2)}`}),
      Plot.dot(dots, {y: "row", x: "gold", stroke: "noise", r: 3, tip: true, title: (d: {seed: number; gold: number}) => `seed ${d.seed}: ${d.gold.toFixed(3)}`})
    ]
  });
}

/**
 * Stability per seed: how far gold fell from the run's own peak by the end, and how much it moved
 * (max - min) over the last quarter of training; one dot per seed.
 */
export function stabilityChart(seeds: Iterable<SeedRow>, {width = 640, domain}: ChartOptions = {}) {
  const rows = Array.from(seeds, (d) => [
    {label: String(d.label), measure: "fall from the run's own peak", value: Number(d.drop), seed: Number(d.seed)},
    {label: String(d.label), measure: "range over the last quarter", value: Number(d.late_range), seed: Number(d.seed)}
  ]).flat();
  const labels = domain ? domain.filter((l) => rows.some((r) => r.label === l)) : [...new Set(rows.map((r) => r.label))];
  const axis = labelAxis(labels, {width, share: 0.4});
  return Plot.plot({
    width,
    height: 60 + 26 * labels.length,
    marginLeft: axis.marginLeft,
    x: {label: "gold movement (std under π₀) →", grid: true, zero: true},
    y: {label: null, domain: labels},
    fx: {label: null},
    marks: [
      axis.axis,
      Plot.ruleX([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.dot(rows, {x: "value", y: "label", fx: "measure", stroke: "var(--theme-foreground-muted)", r: 3, tip: true, title: (d: {seed: number; value: number}) => `seed ${d.seed}: ${d.value.toFixed(3)}`}),
      Plot.tickX(rows, Plot.groupY({x: "mean"}, {x: "value", y: "label", fx: "measure", stroke: "var(--theme-foreground-focus)", strokeWidth: 2.5}))
    ]
  });
}

/**
 * The nominal-weight sweep: final gold (mean and 90% t-interval over seeds, seeds as dots)
 * and the seed-mean peak, against the weight on the nominal reward.
 */
export function nominalWeightChart(seeds: Iterable<SeedRow>, summary: Iterable<SummaryRow>, {width = 640}: ChartOptions = {}) {
  const dots = Array.from(seeds, (d) => ({w: Number(d.objective_param), gold: Number(d.final_gold), seed: Number(d.seed)}));
  const rows = Array.from(summary, (d) => ({w: Number(d.objective_param), mean: Number(d.final_gold), lower: Number(d.final_gold_lower), upper: Number(d.final_gold_upper), peak: Number(d.peak_gold)})).sort((a, b) => a.w - b.w);
  return Plot.plot({
    width,
    height: 300,
    x: {label: "nominal_weight: weight on the nominal reward (0 = worst head only, 1 = nominal only) →", domain: [-0.05, 1.05], ticks: rows.map((d) => d.w)},
    y: {label: "↑ gold reward (std under π₀)", grid: true},
    color: {legend: true, domain: ["final gold (mean, 90% CI)", "seed-mean peak along training"], range: ["var(--theme-foreground-focus)", "var(--theme-foreground-muted)"]},
    marks: [
      Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.areaY(rows, {x: "w", y1: "lower", y2: "upper", fill: "var(--theme-foreground-focus)", fillOpacity: 0.15}),
      Plot.lineY(rows, {x: "w", y: "mean", stroke: () => "final gold (mean, 90% CI)", marker: "circle"}),
      Plot.lineY(rows, {x: "w", y: "peak", stroke: () => "seed-mean peak along training", strokeDasharray: "4,3", marker: "circle"}),
      Plot.dot(dots, {x: "w", y: "gold", r: 2, fill: "currentColor", fillOpacity: 0.4, dx: 6, tip: true, title: (d: {seed: number; gold: number}) => `seed ${d.seed}: ${d.gold.toFixed(3)}`})
    ]
  });
}

/** Sampled KL estimators k1, k2, k3 next to the exact KL along training, seed means with bands. */
export function klEstimatorsChart(data: Iterable<BandRow>, {width = 640}: ChartOptions = {}) {
  const order = ["kl", "kl_k1", "kl_k2", "kl_k3"];
  const rows = bandsOf(data).filter((d) => order.includes(d.metric)).map((d) => ({...d, name: metricNames[d.metric]}));
  return Plot.plot({
    width,
    height: 280,
    x: {label: "training step →", grid: true},
    y: {label: "↑ KL(π ‖ π₀) (nats)", grid: true},
    color: {legend: true, domain: order.map((m) => metricNames[m])},
    marks: [
      Plot.areaY(rows, {x: "point", y1: "lower", y2: "upper", fill: "name", fillOpacity: 0.12, z: "name"}),
      Plot.lineY(rows.filter((d) => d.metric === "kl"), {x: "point", y: "mean", stroke: "name", strokeWidth: 2.5, tip: true}),
      Plot.lineY(rows.filter((d) => d.metric !== "kl"), {x: "point", y: "mean", stroke: "name", z: "name", strokeDasharray: "4,2", tip: true})
    ]
  });
}
