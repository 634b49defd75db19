import type {CalibrationRow} from "../loaders/import/calibration.ts";

/** The calibration as Markdown: false alarms per null gold, detection per fall, forecast error. */
export function calibrationMarkdown(rows: readonly CalibrationRow[]): string[] {
  const pct = (v: number | null | undefined) => (v == null ? "—" : `${(100 * v).toFixed(1)}%`);
  const lengths = [...new Set(rows.filter((r) => r.section === "divergence" && r.steps !== null).map((r) => r.steps!))];
  const find = (filter: Partial<CalibrationRow>) => rows.find((r) => Object.entries(filter).every(([k, v]) => r[k as keyof CalibrationRow] === v));
  const lines = ["## Divergence test: false alarms (p <= 0.05 when gold never falls; target <= 5%)", "",
    `| gold | noise | ${lengths.map((n) => `${n} steps`).join(" | ")} | all (± MC se) | meets |`, `|---|---|${lengths.map(() => "---:|").join("")}---:|---|`];
  for (const gold of ["flat", "rising", "saturating"] as const) for (const noise of ["white", "ar1"] as const) {
    const all = find({section: "divergence", metric: "fall_test_rate", gold, noise, steps: null});
    lines.push(`| ${gold} | ${noise} | ${lengths.map((steps) => pct(find({section: "divergence", metric: "fall_test_rate", gold, noise, steps})?.value)).join(" | ")} | ${pct(all?.value)} ± ${pct(all?.mc_se)} | ${all?.meets ? "yes" : "no"} |`);
  }
  lines.push("", "## Divergence test: detection of a Gao peak (reported divergences; target >= 80% at 3 sds)", "",
    `| fall | noise | ${lengths.map((n) => `${n} steps`).join(" | ")} | all (± MC se) | p <= 0.05, all |`, `|---|---|${lengths.map(() => "---:|").join("")}---:|---:|`);
  for (const fall of [1, 2, 3, 5]) for (const noise of ["white", "ar1"] as const) {
    const all = find({section: "divergence", metric: "divergence_rate", gold: "peak", noise, steps: null, fall_sd: fall});
    const test = find({section: "divergence", metric: "fall_test_rate", gold: "peak", noise, steps: null, fall_sd: fall});
    lines.push(`| ${fall} sd | ${noise} | ${lengths.map((steps) => pct(find({section: "divergence", metric: "divergence_rate", gold: "peak", noise, steps, fall_sd: fall})?.value)).join(" | ")} | ${pct(all?.value)} ± ${pct(all?.mc_se)} | ${pct(test?.value)} |`);
  }
  lines.push("", "## Forecast from the first part of a run (median |error|; peak step as a share of the run, fall in noise sds)", "",
    "| fall | noise | steps | seen | peak step error | fall error | peak forecast |", "|---|---|---:|---:|---:|---:|---:|");
  for (const r of rows.filter((r) => r.section === "forecast" && r.metric === "peak_step_error")) {
    const other = (metric: CalibrationRow["metric"]) => find({section: "forecast", metric, noise: r.noise, steps: r.steps, fall_sd: r.fall_sd, cutoff: r.cutoff});
    lines.push(`| ${r.fall_sd} sd | ${r.noise} | ${r.steps} | ${pct(r.cutoff)} | ${r.value == null ? "—" : r.value.toFixed(3)} | ${other("fall_error")?.value?.toFixed(2) ?? "—"} | ${pct(other("peak_forecast_rate")?.value)} |`);
  }
  const rl = rows.filter((r) => r.section === "forecast_rl");
  if (rl.length) {
    lines.push("", "## Forecast on goodhart's own policy-gradient runs (from the middle point; gold known exactly)", "",
      "| optimizer | points per run | runs | peak step error | fall error (share of gold's range) | peak forecast | agrees on a fall |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const r of rl.filter((r) => r.metric === "peak_forecast_rate")) {
      const other = (metric: CalibrationRow["metric"]) => find({section: "forecast_rl", metric, optimizer: r.optimizer});
      lines.push(`| ${r.optimizer} | ${r.steps} | ${r.logs} | ${other("peak_step_error")?.value?.toFixed(3) ?? "—"} | ${other("fall_error")?.value?.toFixed(3) ?? "—"} | ${pct(r.value)} | ${pct(other("fall_agreement_rate")?.value)} |`);
    }
  }
  return lines;
}
