import type {ImportedLog} from "./import-log.ts";
import {plural} from "../plural.ts";

export interface ReportOptions {
  /** issues of one code printed in full before the rest are summarised; default 5 */
  maxPerCode?: number;
}

/**
 * What importing one log did, as lines for stderr: a header (format, rows, steps, curve points,
 * columns), then each problem and note with its file:line, in line order; a code with more than
 * `maxPerCode` issues prints the first ones and a summary line listing the other lines.
 */
export function reportLines(imported: ImportedLog, options: ReportOptions = {}): string[] {
  const {maxPerCode = 5} = options;
  const {name, format, curves, issues, rowsRead, steps} = imported;
  const problems = issues.filter((i) => i.severity === "problem").length;
  const first = curves[0]?.point, last = curves.at(-1)?.point;
  const lines = [`goodhart import: ${name} (${format}): ${plural(rowsRead, "row")} read, ${plural(steps, "step")}, ${plural(curves.length, "curve point")} (steps ${first}-${last}), ${plural(problems, "problem")}, ${plural(issues.length - problems, "note")}`];
  const byCode = new Map<string, typeof issues[number][]>();
  for (const issue of [...issues].sort((a, b) => a.line - b.line)) byCode.set(issue.code, [...(byCode.get(issue.code) ?? []), issue]);
  for (const severity of ["problem", "note"] as const) {
    for (const [code, list] of byCode) {
      if (list[0].severity !== severity) continue;
      for (const issue of list.slice(0, maxPerCode)) lines.push(`  ${name}${issue.line ? `:${issue.line}` : ""}: ${severity}: ${issue.reason}`);
      const rest = list.slice(maxPerCode);
      if (rest.length) lines.push(`  ${name}: ${severity}: ... and ${rest.length} more ${code} (lines ${rest.slice(0, 20).map((i) => i.line).join(", ")}${rest.length > 20 ? ", ..." : ""})`);
    }
  }
  const a = imported.analysis;
  const num = (x: unknown) => (typeof x === "number" ? (Number.isInteger(x) ? String(x) : x.toFixed(3)) : "n/a");
  if (a.gold !== null) {
    lines.push(`  analysis: ${num(a.paired_points)} points with proxy and gold: Spearman ${num(a.spearman)}, Kendall ${num(a.kendall)}; best gold at step ${num(a.gold_peak_step)}, ` +
      `selecting by proxy (step ${num(a.proxy_best_step)}) costs ${num(a.proxy_selection_cost)} gold`);
    lines.push(`  divergence: ` + (a.divergence_p === null ? "not tested (fewer than 10 points with proxy and gold)"
      : `${a.divergence_step === null ? "none" : `at step ${num(a.divergence_step)}`} (smoothed gold falls ${num(a.gold_fall)} [95% ${num(a.gold_fall_low)}, ${num(a.gold_fall_high)}] after step ${num(a.smooth_peak_step)}, p = ${num(a.divergence_p)}; ` +
        `proxy gains ${num(a.proxy_gain)}; noise sd ${num(a.noise_sd)}, lag-1 autocorrelation ${num(a.noise_ar1)})`));
    if (a.gao_alpha !== null) lines.push(`  Gao RL fit gold = c + d (alpha - beta log d): alpha ${num(a.gao_alpha)}, beta ${num(a.gao_beta)}, c ${num(a.gao_c)}, peak d ${num(a.gao_peak_d)} [95% ${num(a.gao_peak_d_low)}, ${a.gao_peak_d_high === null ? "no upper bound" : num(a.gao_peak_d_high)}], R2 ${num(a.gao_r2)}; best-of-n form R2 ${num(a.bon_r2)}`);
    if (a.forecast_from_step !== null) lines.push(`  forecast from step ${num(a.forecast_from_step)}: gold peaks at step ${typeof a.forecast_peak_step === "number" ? num(Math.round(a.forecast_peak_step)) : "(no peak)"} and falls ${num(a.forecast_fall)} by step ${num(a.last_step)}`);
  } else lines.push(`  analysis: no gold column, so no proxy-gold analysis (pass --gold <column>)`);
  return lines;
}
