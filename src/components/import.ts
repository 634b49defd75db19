import * as Plot from "npm:@observablehq/plot";
import {Float64, Table, Utf8, vectorFromArray} from "npm:apache-arrow";
import type {Vector} from "npm:apache-arrow";
import type {ImportedAnalysisRow, ImportedCurveRow, ImportedFitCurveRow, ImportedMetricRow} from "./rows.js";

/*
 * The "Import a log" page: rows the shared importer returns (loaders/import/, bundled into the page by
 * src/data/import-lib.js.ts) as Arrow tables for DuckDB-wasm, and the page's charts.
 */

/**
 * Rows of plain objects as an Arrow table with a type per column that DuckDB keeps: a column with a
 * number anywhere (or only nulls) is float64, any other is utf8. Nulls stay null. (DuckDBClient.of
 * with an array infers types from values, and a column of nulls alone would get Arrow's Null type.)
 */
export function arrowOf(rows: readonly Record<string, unknown>[], columns: readonly string[] = [...new Set(rows.flatMap((r) => Object.keys(r)))]) {
  const vectors: Record<string, Vector<Float64 | Utf8>> = {};
  for (const name of columns) {
    const values = rows.map((r) => r[name] ?? null);
    const text = values.some((v) => v !== null && typeof v !== "number");
    vectors[name] = text
      ? vectorFromArray(values.map((v) => (v === null ? null : String(v))), new Utf8())
      : vectorFromArray(values as (number | null)[], new Float64());
  }
  return new Table(vectors);
}

/** What the reward chart puts on x: the step or Gao et al.'s d = sqrt(KL). */
export type ImportX = "point" | "sqrt_kl";

export interface RewardChartOptions {
  width?: number;
  x?: ImportX;
  /** the analysis row: its divergence step is marked, on the step its forecast peak */
  analysis?: ImportedAnalysisRow | null;
  /** points of the log's Gao RL fit of gold (imported_fit_curves, or importedFitCurveRows of the import library), drawn on sqrt_kl */
  fit?: Iterable<ImportedFitCurveRow>;
}

/** Proxy and gold of one imported log against the step or sqrt(KL), with the divergence point, the Gao fit and the forecast. */
export function rewardChart(data: Iterable<ImportedCurveRow>, {width = 640, x = "sqrt_kl", analysis = null, fit: fitRows = []}: RewardChartOptions = {}) {
  const points = Array.from(data, (d) => ({step: Number(d.point), sqrt_kl: d.sqrt_kl == null ? null : Number(d.sqrt_kl), proxy: Number(d.proxy_reward), gold: d.gold_reward == null ? null : Number(d.gold_reward)}));
  const xOf = (d: (typeof points)[number]) => (x === "point" ? d.step : d.sqrt_kl);
  const long = points.flatMap((d) => [
    {x: xOf(d), step: d.step, reward: "proxy", value: d.proxy},
    ...(d.gold === null ? [] : [{x: xOf(d), step: d.step, reward: "gold", value: d.gold}])
  ]).filter((d) => d.x !== null);
  const divergence = analysis?.divergence_step == null ? null : points.find((d) => d.step === Number(analysis.divergence_step)) ?? null;
  const fit = x === "sqrt_kl" ? Array.from(fitRows, (f) => ({x: Number(f.sqrt_kl), value: Number(f.gold_reward)})) : [];
  const divergenceX = divergence === null ? null : xOf(divergence);
  const forecast = x === "point" && analysis?.forecast_from_step != null ? [
    {x: Number(analysis.forecast_from_step), text: "forecast made here"},
    ...(analysis.forecast_peak_step == null ? [] : [{x: Number(analysis.forecast_peak_step), text: "forecast peak"}])
  ].filter((d) => d.x <= Math.max(...points.map((p) => p.step))) : [];
  const xScale = {label: x === "point" ? "training step →" : "√KL(π ‖ π₀) →", grid: true, domain: extentOf([...long.map((d) => d.x as number), ...fit.map((d) => d.x)])};
  const divergenceMarks = divergenceX === null ? [] : [Plot.ruleX([divergenceX], {stroke: "#888", strokeDasharray: "4,3"})];
  // Proxy and gold come in different units: a panel each, on its own y axis, the same x.
  const panel = (reward: "proxy" | "gold", {top}: {top: boolean}) => {
    const these = long.filter((d) => d.reward === reward);
    return Plot.plot({
      width,
      height: top ? 200 : 220,
      // Room for the y label above the top tick.
      marginTop: 20,
      x: {...xScale, axis: top ? null : "bottom"},
      y: {label: `↑ ${reward} (the log's units)`, grid: true, nice: true},
      color: {domain: ["proxy", "gold", "Gao fit of gold"], range: ["#4269d0", "#efb118", "#3ca951"]},
      marks: [
        ...divergenceMarks,
        Plot.ruleX(forecast, {x: "x", stroke: "#a463f2", strokeDasharray: "1,3"}),
        reward === "gold" ? Plot.text(forecast, {x: "x", text: "text", frameAnchor: "bottom", dy: -4, dx: 4, textAnchor: "start", fill: "#a463f2"}) : null,
        Plot.line(these, {x: "x", y: "value", stroke: "reward", z: "reward", strokeOpacity: x === "point" ? 1 : 0.35}),
        Plot.dot(these, {x: "x", y: "value", fill: "reward", r: 2, tip: true, channels: {step: "step"}}),
        reward === "gold" && fit.length ? Plot.line(fit, {x: "x", y: "value", stroke: () => "Gao fit of gold", strokeWidth: 2, strokeDasharray: "6,3"}) : null,
        these.length === 0 ? Plot.text([long.length === 0 ? "No curve point has a √KL: no KL column was found or picked (pick one above, or show the step)." : `No ${reward} column in this log.`], {frameAnchor: "middle"}) : null
      ]
    });
  };
  const figure = document.createElement("div");
  figure.className = "import-reward";
  // The divergence step is named under the legend, not on the chart, where it would cover a point or the y label.
  const note = document.createElement("div");
  note.className = "import-divergence-note";
  note.style.cssText = "font: 12px var(--sans-serif); color: #666;";
  note.textContent = divergence === null ? "" : `dashed rule: divergence at step ${analysis!.divergence_step}`;
  figure.append(Plot.legend({color: {domain: fit.length ? ["proxy", "gold", "Gao fit of gold"] : ["proxy", "gold"], range: ["#4269d0", "#efb118", "#3ca951"]}}) as Node, note, panel("proxy", {top: true}), panel("gold", {top: false}));
  return figure;
}

/** [min, max] of finite values, or undefined (Plot's default) when there are none. */
function extentOf(values: readonly number[]): [number, number] | undefined {
  const finite = values.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : undefined;
}

/** Counters a log carries beside its metrics: they count, they measure nothing, and are not drawn. */
export const counterNames = /^(train\/|eval\/)?(_?step|global_step|episode|epoch|iter|iteration|_runtime|_timestamp|timestamp)$/i;

/** Tick labels that fit: scientific notation for very small or very large values (a learning rate of 1e-6 is 1E-6, not 0.0000010), else plain, up to 4 significant digits. */
const tickFormat = (values: readonly number[]) => {
  const max = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const format = new Intl.NumberFormat("en-US", {notation: max !== 0 && (max < 0.01 || max >= 1e5) ? "scientific" : "standard", maximumSignificantDigits: 4});
  return (v: number) => format.format(v);
};

/** One small line chart per imported metric (each with its own y scale), laid out in a wrapping grid. */
export function metricsGrid(data: Iterable<ImportedMetricRow>, {width = 640, columns = Math.max(1, Math.floor(width / 220))}: {width?: number; columns?: number} = {}) {
  const all = Array.from(data, (d) => ({name: String(d.name), step: Number(d.step), value: Number(d.value)}));
  const counters = [...new Set(all.map((d) => d.name).filter((n) => counterNames.test(n)))];
  const rows = all.filter((d) => !counterNames.test(d.name));
  const names = [...new Set(rows.map((d) => d.name))];
  const grid = document.createElement("div");
  grid.className = "import-metrics";
  grid.style.cssText = `display: grid; grid-template-columns: repeat(${columns}, 1fr); gap: 8px 16px;`;
  const cell = Math.floor((width - 16 * (columns - 1)) / columns);
  for (const name of names) {
    const series = rows.filter((d) => d.name === name);
    grid.append(Plot.plot({
      width: cell,
      height: 140,
      marginLeft: 56,
      title: name,
      x: {label: null, ticks: 4},
      y: {label: null, ticks: 4, grid: true, tickFormat: tickFormat(series.map((d) => d.value))},
      marks: [series.length > 1 ? Plot.lineY(series, {x: "step", y: "value", stroke: "#4269d0", tip: true}) : Plot.dot(series, {x: "step", y: "value", fill: "#4269d0", tip: true})]
    }));
  }
  if (names.length === 0) grid.append(Plot.plot({width, height: 60, marks: [Plot.text(["The log holds no metric besides the step, proxy, gold and KL columns."], {frameAnchor: "middle"})]}));
  if (counters.length === 0) return grid;
  const figure = document.createElement("div");
  const note = document.createElement("p");
  note.style.cssText = "font-size: 12px; color: var(--theme-foreground-muted);";
  note.textContent = `Counters, not drawn: ${counters.join(", ")}.`;
  figure.append(grid, note);
  return figure;
}

/** A curves row of a run imported at build time, with the run it belongs to. */
export type BuildCurveRow = ImportedCurveRow & {run_id: string};

/**
 * Runs imported at build time (src/data/imported.zip.ts), side by side: for each run, its
 * rewardChart against sqrt(KL) (each in its own log's units, its Gao fit from imported_fit_curves),
 * titled with the log's name and tool.
 */
export function importedRunsCharts(curves: Iterable<BuildCurveRow>, analyses: Iterable<ImportedAnalysisRow & {tool?: string}>, {width = 640, fitCurves = []}: {width?: number; fitCurves?: Iterable<ImportedFitCurveRow & {run_id: string}>} = {}) {
  const byRun = groupByRun(curves);
  const fits = groupByRun(fitCurves);
  const runs = Array.from(analyses);
  const columns = Math.max(1, Math.min(runs.length, Math.floor(width / 240)));
  const cell = Math.floor((width - 16 * (columns - 1)) / columns);
  const grid = document.createElement("div");
  grid.className = "imported-runs";
  grid.style.cssText = `display: grid; grid-template-columns: repeat(${columns}, 1fr); gap: 16px;`;
  for (const a of runs) {
    const figure = document.createElement("figure");
    figure.style.margin = "0";
    const caption = document.createElement("figcaption");
    caption.textContent = `${a.source} (imported, ${a.tool ?? a.format}): proxy ${a.proxy}, gold ${a.gold ?? "none"}`;
    figure.append(caption, rewardChart(byRun.get(String(a.run_id)) ?? [], {width: cell, x: "sqrt_kl", analysis: a, fit: fits.get(String(a.run_id)) ?? []}));
    grid.append(figure);
  }
  return grid;
}

/** Rows by their run_id, in order. */
function groupByRun<T extends {run_id: string}>(rows: Iterable<T>): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(String(r.run_id));
    if (list) list.push(r);
    else out.set(String(r.run_id), [r]);
  }
  return out;
}
