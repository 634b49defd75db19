import * as Plot from "npm:@observablehq/plot";
import type {BenchRow} from "./rows.js";

export interface BarsOptions {
  /** chart width in pixels (default 640) */
  width?: number;
  /** x-axis label */
  label?: string;
  /** a reference line (a target from the issue tracker or a limit), drawn dashed with its label */
  target?: {value: number; label: string};
  /** the x axis reaches at least this (e.g. 2 for a speed-up from 1 to 2 workers, its ideal) */
  atLeast?: number;
}

const BACKENDS = ["tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu", "auto"];
/** Figures that depend on no backend (page timings in headless Chromium) are drawn under this name. */
const NO_BACKEND = "browser";

/** The narrowest a bar chart is drawn, whatever its container says: room for its margins and bars. */
const MIN_WIDTH = 320;

/**
 * One bar per (setting, backend) of the given bench rows, grouped by setting (or label when a
 * figure has no setting), backends side by side in one colour each; figures that could not be
 * measured are left out. The value is printed at the end of each bar.
 */
export function benchBars(data: Iterable<BenchRow>, {width: asked = 640, label, target, atLeast = 0}: BarsOptions = {}) {
  // A container measured mid-layout can be a few pixels wide: never draw narrower than the margins need.
  const width = Math.max(asked, MIN_WIDTH);
  const rows = Array.from(data, (d) => ({group: String(d.setting ?? d.label), backend: String(d.backend ?? NO_BACKEND), value: d.value == null ? null : Number(d.value), unit: String(d.unit)}))
    .filter((d): d is {group: string; backend: string; value: number; unit: string} => d.value != null && Number.isFinite(d.value));
  if (rows.length === 0) return notMeasured();
  const present = [...new Set(rows.map((d) => d.backend))];
  const backends = [...BACKENDS.filter((b) => present.includes(b)), ...present.filter((b) => !BACKENDS.includes(b))];
  const groups = [...new Set(rows.map((d) => d.group))];
  const text = (d: {value: number; unit: string}) => `${d.value >= 100 ? Math.round(d.value).toLocaleString("en") : d.value.toPrecision(3)}${d.unit === "%" ? "%" : d.unit === "x" ? "x" : ""}`;
  const max = Math.max(atLeast, target?.value ?? 0, ...rows.map((d) => d.value));
  // Group labels as wide as they need (about 7 px a character), up to 60% of the width.
  const marginLeft = Math.round(Math.min(width * 0.6, 20 + 7 * Math.max(1, ...groups.map((g) => g.length))));
  return Plot.plot({
    width,
    marginLeft,
    marginRight: 70,
    height: Math.max(80, 22 * rows.length + 40 * groups.length),
    x: {label: label ?? `${rows[0]?.unit ?? ""} →`, grid: true, domain: [0, max * 1.05], nice: true},
    y: {domain: backends, label: null, axis: null},
    fy: {label: null, domain: groups},
    color: {domain: backends, legend: true},
    marks: [
      Plot.barX(rows, {x: "value", y: "backend", fy: "group", fill: "backend", tip: true}),
      Plot.text(rows, {x: "value", y: "backend", fy: "group", text: text, textAnchor: "start", dx: 4}),
      ...(target ? [Plot.ruleX([target.value], {stroke: "currentColor", strokeDasharray: "4,3"}), Plot.text([{...target, fy: groups[0]}], {x: "value", fy: "fy", text: "label", frameAnchor: "top", dy: -2, textAnchor: "middle", fontSize: 11})] : []),
      Plot.ruleX([0])
    ]
  });
}

/** Where an SFT step's kernel time goes, per backend: one stacked bar each, shares in %. */
export function kernelShareChart(data: Iterable<BenchRow>, {width: asked = 640}: {width?: number} = {}) {
  const width = Math.max(asked, MIN_WIDTH);
  const rows = Array.from(data, (d) => ({backend: String(d.backend), kind: String(d.setting), share: Number(d.value)}));
  if (rows.length === 0) return notMeasured();
  const order = ["matmul", "transpose", "pow", "elementwise", "reduction", "data_movement", "other"];
  return Plot.plot({
    width,
    marginLeft: 110,
    height: 60 + 34 * new Set(rows.map((d) => d.backend)).size,
    x: {label: "share of the SFT step's kernel time (%) →", domain: [0, 100]},
    y: {label: null},
    color: {domain: order.filter((k) => rows.some((d) => d.kind === k)), legend: true, scheme: "tableau10"},
    marks: [
      Plot.barX(rows, Plot.stackX({x: "share", y: "backend", fill: "kind", order, tip: true})),
      Plot.text(rows, Plot.stackX({x: "share", y: "backend", z: "kind", order, text: (d: {share: number}) => (d.share >= 6 ? `${d.share.toFixed(0)}%` : ""), fill: "white"}))
    ]
  });
}

/** What a chart shows when the bench run it reads did not measure its figures. */
function notMeasured(): HTMLElement {
  const p = document.createElement("p");
  p.className = "muted";
  p.textContent = "Not measured in this bench run.";
  return p;
}
