import {kendall} from "../analysis/kendall.ts";
import type {ImportedLog} from "./import-log.ts";
import {runKeys} from "./run-keys.ts";

/** One imported run in a table of several: its label, group key value, gold, test and Gao RL peak. */
export interface RunSummary {
  /** the run's name in its file, else the file's name */
  readonly label: string;
  /** the value of the grouping key parsed from the label (./run-keys.ts); null without a key or when absent */
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

/** One RunSummary per imported run, in the order given; `key` names the setting to group by (default none). */
export function runSummaries(imported: readonly ImportedLog[], {key = null}: {key?: string | null} = {}): RunSummary[] {
  return imported.map((one) => {
    const a = one.analysis;
    const label = runLabel(one);
    return {
      label, key: key === null ? null : runKeys(label)[key] ?? null, gold: one.gold.column, gold_source: one.gold.source,
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

/** A per-run table for stderr when several runs are imported: run, gold, divergence p and step, peak d with its interval. */
export function summaryLines(imported: readonly ImportedLog[]): string[] {
  const f = (x: number | null) => (x === null ? "-" : x.toFixed(3));
  const rows = runSummaries(imported).map((r) => [
    r.label, r.gold ?? "none", f(r.divergence_p), r.divergence_step === null ? "-" : String(r.divergence_step),
    r.peak_d === null ? "-" : `${f(r.peak_d)} [${f(r.peak_d_low)}, ${r.peak_d_high === null ? "inf" : f(r.peak_d_high)}]`
  ]);
  const table = [["run", "gold", "divergence p", "divergence step", "peak d [95%]"], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return [`goodhart import: ${imported.length} runs`, ...table.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()}`)];
}
