import * as Plot from "npm:@observablehq/plot";
import type {ImportX} from "./import.js";
import type {ImportedCurveRow, ImportedFitCurveRow} from "./rows.js";

/*
 * "Runs side by side" on the Import page: several imported runs overlaid (a colour per run) and
 * their fitted gold peaks against a grouping key.
 */

/** One run to overlay: its label, its curves rows and the points of its Gao fit of gold. */
export interface OverlayRun {
  readonly label: string;
  readonly curves: Iterable<ImportedCurveRow>;
  /** imported_fit_curves rows of the run (importedFitCurveRows of the import library); default none */
  readonly fit?: Iterable<ImportedFitCurveRow>;
}

export interface RunsOverlayOptions {
  width?: number;
  /** the x axis: the step or sqrt(KL); default sqrt_kl */
  x?: ImportX;
  /** each panel's height; default 240 */
  height?: number;
}

/**
 * Proxy and gold of several runs in two panels (each reward on its own y scale, in the logs' units),
 * a colour per run; on sqrt(KL), each run's Gao RL fit of gold dashed in its colour.
 */
export function runsOverlay(runs: readonly OverlayRun[], {width = 640, x = "sqrt_kl", height = 240}: RunsOverlayOptions = {}) {
  const labels = runs.map((r) => r.label);
  const points = runs.flatMap((r) => Array.from(r.curves, (c) => ({
    run: r.label, step: Number(c.point), x: x === "point" ? Number(c.point) : c.sqrt_kl == null ? null : Number(c.sqrt_kl),
    proxy: Number(c.proxy_reward), gold: c.gold_reward == null ? null : Number(c.gold_reward)
  }))).filter((d) => d.x !== null);
  const fits = x === "sqrt_kl" ? runs.flatMap((r) => Array.from(r.fit ?? [], (f) => ({x: Number(f.sqrt_kl), value: Number(f.gold_reward), run: r.label}))) : [];
  const panel = (reward: "proxy" | "gold") => {
    const series = points.filter((d) => d[reward] !== null);
    return Plot.plot({
      width, height,
      x: {label: x === "point" ? "training step →" : "√KL(π ‖ π₀) →", grid: true},
      y: {label: `↑ ${reward} reward (the log's units)`, grid: true},
      color: {type: "categorical", domain: labels, legend: reward === "proxy"},
      marks: [
        Plot.line(series, {x: "x", y: reward, stroke: "run", z: "run", strokeOpacity: 0.5}),
        Plot.dot(series, {x: "x", y: reward, fill: "run", r: 2, tip: true, channels: {run: "run", step: "step"}}),
        reward === "gold" && fits.length ? Plot.line(fits, {x: "x", y: "value", stroke: "run", z: "run", strokeWidth: 1.5, strokeDasharray: "6,3"}) : null,
        series.length === 0 ? Plot.text([reward === "gold" ? "No run has a gold column." : "No curve point to draw (no √KL: show the step)."], {frameAnchor: "middle"}) : null
      ]
    });
  };
  const figure = document.createElement("div");
  figure.className = "import-overlay";
  figure.append(panel("proxy"), panel("gold"));
  return figure;
}

/** A run's fitted gold peak (RunSummary of loaders/import/run-summary.ts, as the page passes it). */
export interface PeakRow {
  readonly label: string;
  readonly key: number | null;
  readonly peak_d: number | null;
  readonly peak_d_low: number | null;
  readonly peak_d_high: number | null;
}

export interface PeaksChartOptions {
  width?: number;
  /** the grouping key's name (the x axis); null: one column per run label; default null */
  key?: string | null;
  /** the d range inside every run's interval, drawn as a band; default none */
  shared?: {low: number | null; high: number | null} | null;
}

/**
 * Each run's Gao RL peak d = sqrt(KL) with its 95% interval, against the grouping key (or the run),
 * an interval without an upper bound drawn to the top and marked; the band every interval shares.
 */
export function peaksChart(rows: readonly PeakRow[], {width = 640, key = null, shared = null}: PeaksChartOptions = {}) {
  const fitted = rows.filter((r) => r.peak_d !== null && (key === null || r.key !== null));
  const top = Math.max(0, ...fitted.flatMap((r) => [r.peak_d!, r.peak_d_high ?? r.peak_d!])) * 1.1 || 1;
  const data = fitted.map((r) => ({...r, x: key === null ? r.label : r.key!, low: r.peak_d_low ?? r.peak_d!, high: r.peak_d_high ?? top, open: r.peak_d_high === null}));
  return Plot.plot({
    width, height: 260, marginBottom: key === null ? 60 : 40, marginLeft: 60,
    x: key === null ? {type: "point", label: null, tickRotate: -15, padding: 0.5, tickFormat: (d: string) => (d.length > 28 ? `…${d.slice(-27)}` : d)} : {label: `${key} (parsed from the run names) →`, grid: true, insetLeft: 20, insetRight: 20},
    y: {label: "↑ fitted peak √KL (95% interval)", grid: true, domain: [0, top]},
    marks: [
      shared?.low != null ? Plot.rectY([shared], {y1: "low", y2: (d) => d.high ?? top, fill: "#3ca951", fillOpacity: 0.12}) : null,
      Plot.ruleX(data, {x: "x", y1: "low", y2: "high", stroke: "#4269d0", strokeWidth: 2}),
      Plot.dot(data, {x: "x", y: "peak_d", fill: "#4269d0", r: 4, tip: true, channels: {run: "label", low: "peak_d_low", high: "peak_d_high"}}),
      Plot.text(data.filter((d) => d.open), {x: "x", y: "high", text: () => "no upper bound", dy: -6, fill: "#666"}),
      data.length === 0 ? Plot.text(["No run has a fitted peak (a Gao fit needs KL and gold)."], {frameAnchor: "middle"}) : null
    ]
  });
}
