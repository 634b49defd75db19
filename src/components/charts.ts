import * as Plot from "npm:@observablehq/plot";
import {objectiveColors} from "./colors.js";
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

/** A colour scale over labels (the given domain, else the labels in the data), each in its objective's colour (colors.ts). */
export function labelColors(rows: readonly {label: string}[], domain?: readonly string[]) {
  return objectiveColors(domain ? [...domain] : [...new Set(rows.map((d) => d.label))]);
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

/**
 * An axis range that a few outliers cannot stretch: from the 0.5% to the 99.5% quantile of the
 * values (weighted, if weights are given), widened to include 0 and padded by 5%. `beyond` counts
 * the values (weights) outside it, `max` is the largest |value|, for the note that says so.
 */
export function robustDomain(values: readonly number[], weights?: readonly number[], {tail = 0.005} = {}) {
  const pairs = values.map((v, i) => [v, weights ? weights[i] : 1] as const).filter(([v, w]) => Number.isFinite(v) && w > 0).sort((a, b) => a[0] - b[0]);
  const total = pairs.reduce((n, [, w]) => n + w, 0);
  const quantile = (q: number) => {
    let seen = 0;
    for (const [v, w] of pairs) if ((seen += w) >= q * total) return v;
    return pairs.length ? pairs[pairs.length - 1][0] : 0;
  };
  let [lo, hi] = [Math.min(0, quantile(tail)), Math.max(0, quantile(1 - tail))];
  const pad = (hi - lo) * 0.05 || 1;
  [lo, hi] = [lo - (lo < 0 ? pad : 0), hi + pad];
  const beyond = pairs.reduce((n, [v, w]) => n + (v < lo || v > hi ? w : 0), 0);
  const max = pairs.reduce((m, [v]) => Math.max(m, Math.abs(v)), 0);
  return {domain: [lo, hi] as [number, number], beyond, max};
}

/**
 * A left margin that fits the longest of `labels` (about 6 px a character at Plot's 10 px font), at
 * most `share` of the width, and a y axis whose labels end in an ellipsis at that margin (the full
 * label in their tooltip) instead of running past the chart's edge.
 */
export function labelAxis(labels: readonly string[], {width, share = 0.5}: {width: number; share?: number}) {
  const marginLeft = Math.round(Math.min(width * share, 16 + 6 * Math.max(1, ...labels.map((l) => String(l).length))));
  // lineWidth is in ems (10 px at Plot's font size).
  return {marginLeft, axis: Plot.axisY({tickSize: 0, lineWidth: (marginLeft - 14) / 10, textOverflow: "ellipsis", marginLeft, label: null})};
}
