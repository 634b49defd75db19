import * as Plot from "npm:@observablehq/plot";
import type {BandRow} from "./rows.js";

/*
 * Chart pieces the pages share: seed-mean lines with t-interval bands, the ensemble-disagreement
 * chart, and colour legends that keep each configuration's colour as the selection changes.
 */

export interface ChartOptions {
  /** chart width in pixels (default 640) */
  width?: number;
  /** every label, in a fixed order, so colours stay put as the selection changes (default: those in the data) */
  domain?: readonly string[];
}

/** What a band chart puts on x: the training step or Gao et al.'s d. */
export type BandX = "point" | "sqrt_kl";

export const xLabels: Record<BandX, string> = {point: "training step →", sqrt_kl: "√KL(π ‖ π₀) →"};

/** Band rows with plain numbers (a DuckDB row will do). */
export function bandsOf(data: Iterable<BandRow>) {
  return Array.from(data, (d) => ({
    label: String(d.label),
    metric: String(d.metric),
    point: Number(d.point),
    sqrt_kl: Number(d.sqrt_kl),
    mean: Number(d.mean),
    lower: Number(d.lower),
    upper: Number(d.upper)
  }));
}

/** A colour scale over labels: the given domain, else the labels in the data. */
export function labelColors(rows: readonly {label: string}[], domain?: readonly string[]) {
  return {domain: domain ? [...domain] : [...new Set(rows.map((d) => d.label))], legend: true};
}

export interface BandMarksOptions {
  /** x channel (default "sqrt_kl") */
  x?: BandX;
  /** opacity of the bands (default 0.15) */
  fillOpacity?: number;
  /** a dot at each mean (default false) */
  dots?: boolean;
  /** a tip on the dots, else on the lines (default true) */
  tip?: boolean;
}

/** Seed means of each label as a line over its 90% t-interval band, with dots at the means if asked. */
export function bandMarks(rows: readonly {label: string}[], {x = "sqrt_kl", fillOpacity = 0.15, dots = false, tip = true}: BandMarksOptions = {}) {
  return [
    Plot.areaY(rows, {x, y1: "lower", y2: "upper", fill: "label", fillOpacity, z: "label"}),
    Plot.lineY(rows, {x, y: "mean", stroke: "label", z: "label", strokeWidth: 1.5, tip: tip && !dots}),
    dots ? Plot.dot(rows, {x, y: "mean", fill: "label", r: 2, tip}) : null
  ];
}

/** Ensemble disagreement (expected std across members or BRME heads) with t-interval bands. */
export function disagreementChart(data: Iterable<BandRow>, {width = 640, domain, x = "sqrt_kl", dots = x === "sqrt_kl"}: ChartOptions & {x?: BandX; dots?: boolean} = {}) {
  const rows = bandsOf(data).filter((d) => d.metric === "proxy_std");
  return Plot.plot({
    width,
    height: 280,
    x: {label: xLabels[x], grid: true},
    y: {label: "↑ std across members (member std under π₀)", grid: true, zero: true},
    color: labelColors(rows, domain),
    marks: [...bandMarks(rows, {x, dots}), rows.length === 0 ? Plot.text(["No ensemble in this selection: one member has no disagreement."], {frameAnchor: "middle"}) : null]
  });
}
