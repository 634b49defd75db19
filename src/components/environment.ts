import * as Plot from "npm:@observablehq/plot";
import type {BackendRow} from "./rows.js";

export interface GflopsChartOptions {
  /** chart width in pixels (default 640) */
  width?: number;
}

/**
 * Matmul GFLOP/s per backend as horizontal bars, in the order --backend auto tries them; auto's
 * pick is highlighted, and a backend that did not load shows the reason instead of a bar.
 */
export function gflopsChart(data: Iterable<BackendRow>, {width = 640}: GflopsChartOptions = {}) {
  const rows = Array.from(data, (d) => ({
    backend: String(d.backend),
    order: Number(d.auto_order),
    status: d.gflops == null ? "not timed" : d.auto_choice ? "auto's pick" : "loaded",
    gflops: d.gflops == null ? null : Number(d.gflops),
    note: d.gflops == null ? `${d.loaded ? "loaded, not timed" : "did not load"}: ${d.reason ?? "unknown reason"}` : null,
    size: d.matmul_size
  })).sort((a, b) => a.order - b.order);
  const timed = rows.filter((d) => d.gflops != null);
  const untimed = rows.filter((d) => d.gflops == null);
  const n = timed[0]?.size ?? 512;
  return Plot.plot({
    width,
    marginLeft: 110,
    marginRight: 60,
    x: {label: `GFLOP/s, ${n} × ${n} float32 matmul →`, grid: true, nice: true},
    y: {domain: rows.map((d) => d.backend), label: null},
    color: {domain: ["auto's pick", "loaded"], range: ["var(--theme-foreground-focus)", "var(--theme-foreground-muted)"], legend: true},
    marks: [
      Plot.barX(timed, {x: "gflops", y: "backend", fill: "status", tip: true}),
      Plot.text(timed, {x: "gflops", y: "backend", text: (d) => (d.gflops as number).toPrecision(3), textAnchor: "start", dx: 4}),
      Plot.text(untimed, {frameAnchor: "left", y: "backend", text: "note", textAnchor: "start", dx: 4, fillOpacity: 0.7, lineWidth: Math.max(20, (width - 170) / 10), textOverflow: "ellipsis"}),
      Plot.ruleX([0])
    ]
  });
}
