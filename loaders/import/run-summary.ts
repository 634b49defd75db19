import {kendall} from "../analysis/kendall.ts";
import type {ImportedLog} from "./import-log.ts";
import {groupValue} from "./run-group.ts";
import type {RunGrouping} from "./run-group.ts";

/** One imported run in a table of several: its label, group key value, gold, test and Gao RL peak. */
export interface RunSummary {
  /** the run's name in its file, else the file's name */
  readonly label: string;
  /** the run's value under the grouping: a setting parsed from the label (./run-keys.ts) or the user's; null without one */
  readonly key: number | null;
  readonly gold: string | null;
  readonly gold_source: string | null;
  readonly paired_points: number;
  readonly divergence_p: number | null;
  readonly divergence_step: number | null;
  readonly gold_fall: number | null;
  readonly peak_d: number | null;
  readonly peak_d_low: number | null;
  /** null: the bootstrap found no upper bound */
  readonly peak_d_high: number | null;
  readonly gao_r2: number | null;
  readonly best_step: number | null;
  readonly proxy_selection_cost: number | null;
}

const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** A run's label: its name in a file of several, else the file's name. */
export const runLabel = (imported: Pick<ImportedLog, "run" | "name">) => imported.run ?? imported.name;

/** One RunSummary per imported run, in the order given; `key` groups them (./run-group.ts; default none). */
export function runSummaries(imported: readonly ImportedLog[], {key = null}: {key?: RunGrouping | null} = {}): RunSummary[] {
  return imported.map((one) => {
    const a = one.analysis;
    const label = runLabel(one);
    return {
      label, key: groupValue(key, label), gold: one.gold.column, gold_source: one.gold.source,
      paired_points: num(a.paired_points) ?? 0, divergence_p: num(a.divergence_p), divergence_step: num(a.divergence_step), gold_fall: num(a.gold_fall),
      peak_d: num(a.gao_peak_d), peak_d_low: num(a.gao_peak_d_low), peak_d_high: num(a.gao_peak_d_high), gao_r2: num(a.gao_r2),
      best_step: num(a.gold_peak_step), proxy_selection_cost: num(a.proxy_selection_cost)
    };
  });
}

/** How the fitted gold peaks of a group of runs compare (comparePeaks). */
export interface PeakComparison {
  /** runs with a fitted peak and, when keyed, a key value */
  readonly runs: number;
  /** Kendall tau-b of the peak's d against the key: > 0 when peaks move out as the key grows; null with fewer than 3 runs or no key */
  readonly kendall: number | null;
  /** the d range inside every run's 95% peak interval (null: the intervals share no point, or a run has none) */
  readonly shared_low: number | null;
  readonly shared_high: number | null;
  /** true when one peak d lies in every run's interval, false when none does, null when a run has no interval */
  readonly common_peak: boolean | null;
}

/**
 * The group comparison of Gao et al. (2022, section 3.6): with the KL penalty acting like early
 * stopping, gold against d = sqrt(KL) follows one curve whatever beta, so the fitted peak's d should
 * not move with beta. Reported: the rank trend of peak d with the key (descriptive: a handful of runs
 * gives a rank test little power) and whether the runs' 95% peak intervals share a point.
 */
export function comparePeaks(rows: readonly RunSummary[]): PeakComparison {
  const fitted = rows.filter((r) => r.peak_d !== null);
  const keyed = fitted.filter((r) => r.key !== null);
  const tau = keyed.length >= 3 ? kendall(keyed.map((r) => r.key!), keyed.map((r) => r.peak_d!)) : NaN;
  const complete = fitted.length > 0 && fitted.every((r) => r.peak_d_low !== null);
  const low = complete ? Math.max(...fitted.map((r) => r.peak_d_low!)) : null;
  const high = complete ? Math.min(...fitted.map((r) => r.peak_d_high ?? Infinity)) : null;
  const common = low === null || high === null ? null : low <= high;
  return {
    runs: rows.some((r) => r.key !== null) ? keyed.length : fitted.length,
    kendall: Number.isFinite(tau) ? tau : null,
    shared_low: common ? low : null, shared_high: common && Number.isFinite(high) ? high : null, common_peak: fitted.length < 2 ? null : common
  };
}

/**
 * A per-run table for stderr when several runs are imported: run, (the group's value,) gold,
 * divergence p and step, peak d with its interval; with a grouping, how the peaks compare (comparePeaks).
 */
export function summaryLines(imported: readonly ImportedLog[], {group = null}: {group?: RunGrouping | null} = {}): string[] {
  const f = (x: number | null) => (x === null ? "-" : x.toFixed(3));
  const summaries = runSummaries(imported, {key: group});
  const name = group === null ? null : typeof group === "string" ? group : "group";
  const rows = summaries.map((r) => [
    r.label, ...(name === null ? [] : [r.key === null ? "-" : String(r.key)]), r.gold ?? "none", f(r.divergence_p), r.divergence_step === null ? "-" : String(r.divergence_step),
    r.peak_d === null ? "-" : `${f(r.peak_d)} [${f(r.peak_d_low)}, ${r.peak_d_high === null ? "inf" : f(r.peak_d_high)}]`
  ]);
  const table = [["run", ...(name === null ? [] : [name]), "gold", "divergence p", "divergence step", "peak d [95%]"], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = [`goodhart import: ${imported.length} runs`, ...table.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()}`)];
  if (name === null) return lines;
  const c = comparePeaks(summaries);
  const trend = c.kendall === null ? `fewer than 3 runs with a fitted peak and a ${name}: no trend` : `Kendall tau of peak d against ${name} ${f(c.kendall)} over ${c.runs} runs`;
  const shared = c.common_peak === null ? "not every run has a peak interval" : c.common_peak ? `one peak fits every run (d ${f(c.shared_low)} to ${c.shared_high === null ? "inf" : f(c.shared_high)})` : "no single peak fits every run";
  return [...lines, `  peaks by ${name}: ${trend}; ${shared}`];
}
