import * as Plot from "npm:@observablehq/plot";
import {bandMarks, bandsOf, labelColors, robustDomain, xLabels} from "./charts.js";
import type {ChartOptions} from "./charts.js";
import type {BandRow, FitCurveRow, SampleBinRow, SampleRow} from "./rows.js";

export {disagreementChart} from "./charts.js";

const metricNames: Record<string, string> = {gold_reward: "gold reward", proxy_reward: "proxy reward (optimised)"};

/**
 * Gold and proxy reward against sqrt(KL), one panel each (own y scales, shared x and colours), a
 * line per objective: seed means, their t-interval bands, and (gold panel) the fitted Gao curve dashed
 * (the fit_curves table's points).
 */
export function curvesChart(data: Iterable<BandRow>, {width = 640, domain, fitCurves = []}: ChartOptions & {fitCurves?: Iterable<FitCurveRow>} = {}) {
  const rows = bandsOf(data).filter((d) => d.metric in metricNames);
  const fitted = Array.from(fitCurves, (f) => ({label: String(f.label), point: Number(f.point), d: Number(f.d), reward: Number(f.gold_reward)}));
  const color = labelColors(rows, domain);
  const xMax = Math.max(0, ...rows.map((d) => d.sqrt_kl));
  const sideBySide = width >= 600;
  const panelWidth = sideBySide ? Math.floor((width - 16) / 2) : width;
  const panel = (metric: string) => {
    const these = rows.filter((d) => d.metric === metric);
    return Plot.plot({
      width: panelWidth,
      height: Math.max(240, Math.min(360, panelWidth * 0.75)),
      x: {label: xLabels.sqrt_kl, grid: true, domain: [0, xMax], nice: true},
      y: {label: `↑ ${metricNames[metric]}, ${metric === "gold_reward" ? "gold std" : "member std"} under π₀`, grid: true},
      color: {domain: color.domain, range: color.range},
      marks: [
        Plot.ruleY([0]),
        ...bandMarks(these, {dots: true, tip: false}),
        metric === "gold_reward" ? Plot.line(fitted, {x: "d", y: "reward", stroke: "label", strokeDasharray: "4,3", strokeWidth: 1.2}) : null,
        Plot.tip(these, Plot.pointer({x: "sqrt_kl", y: "mean", title: (d) => `${d.label}\n√KL ${d.sqrt_kl.toFixed(2)}\nmean ${d.mean.toFixed(3)} [${d.lower.toFixed(3)}, ${d.upper.toFixed(3)}]`}))
      ]
    });
  };
  const figure = document.createElement("div");
  const panels = document.createElement("div");
  panels.style.cssText = `display: flex; flex-wrap: wrap; gap: 16px;`;
  panels.append(panel("gold_reward"), panel("proxy_reward"));
  figure.append(Plot.legend({color: {domain: color.domain, range: color.range}}) as Node, panels);
  return figure;
}

export type SampleColor = "sqrt_kl" | "length" | "nuisance_max_abs";

const colorLabels: Record<SampleColor, string> = {
  sqrt_kl: "√KL of the policy",
  length: "length feature l",
  nuisance_max_abs: "largest |nuisance|"
};

/** Panels of the sample charts: one per label present, wrapped into rows of 2 or 3. */
function samplePanels(present: readonly string[], {width, domain}: {width: number; domain?: readonly string[]}) {
  const labels = (domain ?? present).filter((l) => present.includes(l));
  const columns = Math.max(1, Math.min(labels.length, width >= 560 ? 3 : 2));
  const cell = new Map(labels.map((l, i) => [l, {fx: i % columns, fy: Math.floor(i / columns)}]));
  const panelWidth = (width - 60) / columns;
  return {
    facets: {fx: (d: {label: string}) => cell.get(d.label)!.fx, fy: (d: {label: string}) => cell.get(d.label)!.fy},
    height: Math.max(1, Math.ceil(labels.length / columns)) * Math.min(300, Math.max(180, panelWidth * 0.85)) + 40,
    names: Plot.text(labels, {text: (l: string) => l, fx: (l: string) => cell.get(l)!.fx, fy: (l: string) => cell.get(l)!.fy, frameAnchor: "top-left", lineAnchor: "top", dx: 6, dy: 6, fontWeight: "bold", stroke: "var(--theme-background)", strokeWidth: 3, fill: "currentColor"})
  };
}

/** The plot with a standalone legend (the plot's own would clip its first tick label at the left edge), and a note under it if given. */
function withLegend(plot: ReturnType<typeof Plot.plot>, colors: Plot.ScaleOptions, note = "") {
  const figure = document.createElement("div");
  figure.append(Plot.legend({color: {...colors, domain: plot.scale("color")?.domain}, marginLeft: 12, width: 300}) as Node, plot);
  if (note) {
    const p = document.createElement("p");
    p.className = "gh-axis-note";
    p.style.cssText = "font-size: 12px; color: var(--theme-foreground-muted); margin: 0;";
    p.textContent = note;
    figure.append(p);
  }
  return figure;
}

/** What robust axes left out: "Axes from the 0.5% to the 99.5% quantile: 12 responses lie beyond them (|proxy| up to 201.3)." */
function clippedNote(x: ReturnType<typeof robustDomain>, y: ReturnType<typeof robustDomain>, what: string): string {
  const parts = [x.beyond ? `${x.beyond} beyond the proxy axis (|proxy| up to ${x.max.toFixed(1)})` : "", y.beyond ? `${y.beyond} beyond the gold axis (|gold| up to ${y.max.toFixed(1)})` : ""].filter(Boolean);
  return parts.length ? `Axes span the 0.5% to 99.5% quantiles, so a few outliers do not squeeze the rest: ${what} not drawn: ${parts.join("; ")}.` : "";
}

const axes = (x: [number, number], y: [number, number]) => ({
  x: {label: "proxy reward (member std under π₀) →", grid: true, domain: x, nice: true},
  y: {label: "↑ gold reward (gold std under π₀)", grid: true, domain: y, nice: true},
  fx: {axis: null},
  fy: {axis: null}
});

const diagonal = (lo: number, hi: number) => Plot.line([[lo, lo], [hi, hi]], {strokeDasharray: "3,3", strokeOpacity: 0.5, clip: true});

/**
 * Proxy against gold reward of individual responses drawn from the optimised policies, a panel per
 * objective (wrapped), coloured by KL of the policy or by a feature of the response.
 */
export function samplesChart(data: Iterable<SampleRow>, {width = 640, domain, color = "sqrt_kl"}: ChartOptions & {color?: SampleColor} = {}) {
  const rows = Array.from(data, (d) => ({
    label: String(d.label),
    proxy_reward: Number(d.proxy_reward),
    gold_reward: Number(d.gold_reward),
    sqrt_kl: Number(d.sqrt_kl),
    length: Number(d.length),
    nuisance_max_abs: Number(d.nuisance_max_abs)
  }));
  const panels = samplePanels([...new Set(rows.map((d) => d.label))], {width, domain});
  const [rx, ry] = [robustDomain(rows.map((d) => d.proxy_reward)), robustDomain(rows.map((d) => d.gold_reward))];
  const [x, y] = [rx.domain, ry.domain];
  const colors = {label: colorLabels[color], scheme: "viridis", type: color === "nuisance_max_abs" ? "log" : "linear"} as const;
  const plot = Plot.plot({
    width,
    height: panels.height,
    ...axes(x, y),
    color: colors,
    marks: [
      Plot.frame({strokeOpacity: 0.2}),
      diagonal(Math.min(x[0], y[0]), Math.max(x[1], y[1])),
      Plot.dot(rows, {x: "proxy_reward", y: "gold_reward", ...panels.facets, fill: color, r: 2.5, fillOpacity: 0.8, tip: true, clip: true}),
      panels.names
    ]
  });
  return withLegend(plot, colors, clippedNote(rx, ry, "responses"));
}

/**
 * The same chart for selections too large to draw point by point: each configuration's responses
 * binned on a proxy x gold grid (sample_bins), a rectangle per non-empty bin, filled by the bin's mean
 * of the colour column and more opaque the more responses it holds (log scale).
 */
export function sampleDensityChart(data: Iterable<SampleBinRow>, {width = 640, domain, color = "sqrt_kl"}: ChartOptions & {color?: SampleColor} = {}) {
  const bins = Array.from(data, (d) => ({
    label: String(d.label),
    x1: Number(d.x1),
    x2: Number(d.x2),
    y1: Number(d.y1),
    y2: Number(d.y2),
    count: Number(d.count),
    sqrt_kl: d.sqrt_kl == null ? NaN : Number(d.sqrt_kl),
    length: Number(d.length),
    nuisance_max_abs: d.nuisance_max_abs == null ? NaN : Number(d.nuisance_max_abs)
  }));
  const panels = samplePanels([...new Set(bins.map((d) => d.label))], {width, domain});
  const weights = bins.map((d) => d.count);
  const rx = robustDomain(bins.map((d) => (d.x1 + d.x2) / 2), weights), ry = robustDomain(bins.map((d) => (d.y1 + d.y2) / 2), weights);
  const [x, y] = [rx.domain, ry.domain];
  const colors = {label: `${colorLabels[color]} (mean in bin)`, scheme: "viridis", type: color === "nuisance_max_abs" ? "log" : "linear"} as const;
  const plot = Plot.plot({
    width,
    height: panels.height,
    ...axes(x, y),
    color: colors,
    opacity: {type: "log", domain: [1, Math.max(2, ...bins.map((d) => d.count))], range: [0.25, 1]},
    marks: [
      Plot.frame({strokeOpacity: 0.2}),
      Plot.rect(bins, {x1: "x1", x2: "x2", y1: "y1", y2: "y2", ...panels.facets, fill: color, fillOpacity: "count", inset: 0, tip: true, clip: true, channels: {responses: "count"}}),
      diagonal(Math.min(x[0], y[0]), Math.max(x[1], y[1])),
      panels.names
    ]
  });
  return withLegend(plot, colors, clippedNote(rx, ry, "responses"));
}
