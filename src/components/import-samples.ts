import * as Plot from "npm:@observablehq/plot";
import type {ImportedCurveRow, ImportedSampleRow} from "./rows.js";

/*
 * The "Import a log" page's per-sample chart: the text metrics of a run's per-sample logs
 * (imported_samples) under its proxy and gold, against the step, so a reader sees whether the
 * proxy's rise is length (LI, characters) or repetition (RP, distinct n-grams).
 */

/**
 * The panels, top to bottom: [name, title]; proxy and gold come from curves, the rest from
 * imported_samples. Titles fit one line of a 150-px panel; the page says what each series is.
 */
export const samplePanels = [
  ["proxy", "proxy"],
  ["gold", "gold"],
  ["mean_chars", "characters"],
  ["mean_li", "LI (length)"],
  ["mean_rp", "RP (repetition)"],
  ["distinct_1", "distinct-1"],
  ["distinct_2", "distinct-2"]
] as const;

export interface SamplesChartOptions {
  width?: number;
  /** the run's curve points: proxy and gold panels (default none) */
  curves?: Iterable<ImportedCurveRow>;
  /** panels per row (default: width / 160, at least 1) */
  columns?: number;
}

/** One small chart per text metric of the samples (and proxy, gold of the curves), each on its own y scale, all on the same steps. */
export function samplesChart(data: Iterable<ImportedSampleRow>, {width = 640, curves = [], columns = Math.max(1, Math.floor(width / 160))}: SamplesChartOptions = {}) {
  const samples = Array.from(data);
  const points = Array.from(curves);
  const series = (name: (typeof samplePanels)[number][0]) => name === "proxy" || name === "gold"
    ? points.map((d) => ({step: Number(d.point), value: name === "proxy" ? d.proxy_reward : d.gold_reward}))
    : samples.map((d) => ({step: Number(d.step), value: d[name]}));
  const steps = [...points.map((d) => Number(d.point)), ...samples.map((d) => Number(d.step))];
  const domain: [number, number] = [Math.min(...steps), Math.max(...steps)];
  const grid = document.createElement("div");
  grid.className = "import-samples-chart";
  grid.style.cssText = `display: grid; grid-template-columns: repeat(${columns}, 1fr); gap: 8px 16px;`;
  const cell = Math.floor((width - 16 * (columns - 1)) / columns);
  for (const [name, title] of samplePanels) {
    const values = series(name).filter((d): d is {step: number; value: number} => d.value != null && Number.isFinite(Number(d.value)));
    if (values.length === 0) continue;
    const color = name === "proxy" ? "#4269d0" : name === "gold" ? "#efb118" : "#6b6b6b";
    grid.append(Plot.plot({
      width: cell,
      height: 140,
      marginLeft: 48,
      title,
      x: {label: null, ticks: Math.max(2, Math.floor((cell - 48) / 50)), domain},
      y: {label: null, ticks: 4, grid: true, nice: true},
      marks: [
        Plot.line(values, {x: "step", y: "value", stroke: color}),
        Plot.dot(values, {x: "step", y: "value", fill: color, r: 2.5, tip: true})
      ]
    }));
  }
  return grid;
}
